package importer

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Input is an opened input file: its decompressed content, how far reading
// has got (for progress) and how much there is.
type Input struct {
	io.Reader
	Path string
	// Total is the size progress counts against; Pos is how much of it has
	// been used.
	Total   int64
	counter *countingReader
	// buffered is the read-ahead buffer right above counter, whose unused
	// bytes Pos does not count.
	buffered *bufio.Reader
	closers  []io.Closer
}

// Pos is how far into Total reading has got: the bytes read less those
// read ahead into the buffer and not yet used (for .gz, compressed bytes).
func (in *Input) Pos() int64 {
	n := in.counter.n
	if in.buffered != nil {
		n -= int64(in.buffered.Buffered())
	}
	return max(0, n)
}

// Close closes the file.
func (in *Input) Close() error {
	var errs []error
	for i := len(in.closers) - 1; i >= 0; i-- {
		errs = append(errs, in.closers[i].Close())
	}
	return errors.Join(errs...)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Open opens a file for reading, decompressing .gz and .zip (GDELT publishes
// its exports as zip files holding one CSV).
func Open(path string) (*Input, error) {
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		var files []*zip.File
		for _, f := range zr.File {
			if !f.FileInfo().IsDir() {
				files = append(files, f)
			}
		}
		if len(files) != 1 {
			zr.Close()
			return nil, fmt.Errorf("%s: a zip input must hold exactly one file, it holds %d", path, len(files))
		}
		rc, err := files[0].Open()
		if err != nil {
			zr.Close()
			return nil, fmt.Errorf("open %s in %s: %w", files[0].Name, path, err)
		}
		c := &countingReader{r: rc}
		br := bufio.NewReaderSize(c, 1<<16)
		return &Input{Reader: br, Path: path, Total: int64(files[0].UncompressedSize64), counter: c, buffered: br, closers: []io.Closer{zr, rc}}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	c := &countingReader{r: f}
	in := &Input{Path: path, Total: st.Size(), counter: c, closers: []io.Closer{f}}
	if strings.EqualFold(filepath.Ext(path), ".gz") {
		// progress counts compressed bytes against the compressed size
		in.buffered = bufio.NewReaderSize(c, 1<<16)
		gz, err := gzip.NewReader(in.buffered)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s is not gzip: %w", path, err)
		}
		in.Reader = bufio.NewReaderSize(gz, 1<<16)
		in.closers = append(in.closers, gz)
		return in, nil
	}
	in.buffered = bufio.NewReaderSize(c, 1<<16)
	in.Reader = in.buffered
	return in, nil
}

// headSize is how much of a file Detect sees: enough for several GDELT
// rows, so that one malformed row does not hide the format.
const headSize = 32 << 10

// Head returns the first bytes of the (decompressed) input without
// consuming them, for Detect.
func (in *Input) Head() []byte {
	br, ok := in.Reader.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(in.Reader, 1<<16)
		in.Reader = br
	}
	b, _ := br.Peek(headSize)
	return b
}
