package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// checkpoint records how far the import of one file has committed, and what
// it counted so far, so that a rerun after an interruption resumes after the
// last committed record and still ends with the whole file's summary.
type checkpoint struct {
	Version     int    `json:"version"`
	Input       string `json:"input"`
	Fingerprint string `json:"fingerprint"`
	Format      Format `json:"format"`
	// Records is how many of the reader's records are settled: a rerun
	// skips that many. (A reader yields the same records in the same order
	// for the same content; ACLED's may come out of line order, so a line
	// alone could not say what is done.)
	Records int `json:"records"`
	// LastLine is the line up to which every row is settled.
	LastLine  int       `json:"lastLine"`
	Tally     Tally     `json:"tally"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// checkpointVersion is the version this kg writes; it reads no other.
const checkpointVersion = 2

// DefaultCheckpointPath is <input>.kg-checkpoint next to the input when that
// directory is writable, else under $XDG_STATE_HOME/kg (~/.local/state/kg),
// named after the input and a hash of its absolute path.
func DefaultCheckpointPath(input string) string {
	abs, err := filepath.Abs(input)
	if err != nil {
		abs = input
	}
	dir := filepath.Dir(abs)
	if f, err := os.CreateTemp(dir, ".kg-probe-*"); err == nil {
		name := f.Name()
		f.Close()
		os.Remove(name)
		return abs + ".kg-checkpoint"
	}
	state := os.Getenv("XDG_STATE_HOME")
	if state == "" {
		home, _ := os.UserHomeDir()
		state = filepath.Join(home, ".local", "state")
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(state, "kg", filepath.Base(abs)+"-"+hex.EncodeToString(sum[:6])+".kg-checkpoint")
}

// fingerprint identifies a file's content by its first 64 KiB, enough to
// tell a different export from the one a checkpoint was written for without
// reading a large file twice.
func fingerprint(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyN(h, f, 64<<10); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("fingerprint %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// loadCheckpoint reads a checkpoint; a missing file is no checkpoint.
func loadCheckpoint(path string) (*checkpoint, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return nil, fmt.Errorf("checkpoint %s is not a kg checkpoint (%v); remove it or pass --restart", path, err)
	}
	if cp.Version != checkpointVersion {
		return nil, fmt.Errorf("checkpoint %s was written by another version of kg; pass --restart to import the file from the start (a re-import changes nothing that is already there)", path)
	}
	return &cp, nil
}

// save writes the checkpoint atomically: a crash leaves the old one or the
// new one, never half of one.
func (cp *checkpoint) save(path string) error {
	cp.UpdatedAt = time.Now().UTC()
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding checkpoint: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("checkpoint directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	return nil
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing checkpoint: %w", err)
	}
	return nil
}
