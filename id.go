package eventgraph

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxIDLength bounds ids so that they stay readable in URLs and logs: the
// input limits' bound on ids, so that an id a client may send is an id the
// graph may hold.
var MaxIDLength = LimitID.Max

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether id is a readable slug: lower-case ASCII words of
// letters and digits joined by single hyphens (vladimir-putin).
func ValidID(id string) bool {
	return len(id) <= MaxIDLength && idPattern.MatchString(id)
}

// maxSlug is the longest slug Slug returns.
const maxSlug = 64

// Slug turns a name or title into an id: Türkiye -> turkiye, "Istanbul talks
// (16 May)" -> istanbul-talks-16-may. Letters lose their accents; anything
// else separates words. Long text is cut at a word boundary.
func Slug(s string) string {
	out := wholeSlug(s)
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > 16 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// NameID is the id of something known only by its name (an actor or a
// place a dataset names): the name's slug when the whole of it fits; a
// longer one keeps its first words and ends with a hash of the whole slug,
// so that two long names that begin alike (a mission and its national
// contingents) never share an id, while two spellings with one slug still
// do. A name without a letter or digit of the Latin alphabet gets a hash of
// the name itself.
func NameID(name string) string {
	full := wholeSlug(name)
	switch {
	case full == "" && strings.TrimSpace(name) == "":
		return ""
	case full == "":
		return ContentID("", name)
	case len(full) <= maxSlug:
		return full
	}
	return ContentID(full, full)
}

// wholeSlug is the slug of all of s, however long.
func wholeSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: dropped, the base letter stays
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == 'ı':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte('i')
		default:
			dash = true
		}
	}
	return b.String()
}

// ContentID is a generated id for an entity without a natural name (a
// position, a forecast): a readable prefix plus a short hash of the content,
// so that the same content always gets the same id and replays stay idempotent.
func ContentID(prefix string, content ...string) string {
	h := sha256.New()
	for _, c := range content {
		h.Write([]byte(c))
		h.Write([]byte{0})
	}
	sum := hex.EncodeToString(h.Sum(nil))[:10]
	p := Slug(prefix)
	if len(p) > 48 {
		p = strings.TrimRight(p[:48], "-")
	}
	if p == "" {
		return sum
	}
	return p + "-" + sum
}

// DatedSlug is the id of something that happens on a date: the text's slug,
// shortened if need be so that the date always survives (two events with the
// same long title on different days must not share an id).
func DatedSlug(text string, d Date) string {
	s := Slug(text)
	const room = 64 - len("-2006-01-02")
	if len(s) > room {
		s = s[:room]
		if i := strings.LastIndexByte(s, '-'); i > 16 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	if s == "" {
		return d.String()
	}
	return s + "-" + d.String()
}
