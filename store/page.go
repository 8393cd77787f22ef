package store

// defaultFirst is the page size of a connection asked without `first`.
const defaultFirst = 20

// Page is where one page of a connection lies. The store reads one edge
// more than `first` asks for, which tells whether a next page exists, and
// numbers cursors from the offset `after` points past. This is the one place
// that finishes a page: the direct path (package respond) writes a page
// from it, and the executor (package resolvers: mutation payloads) fills the
// model's edges and pageInfo from it.
type Page struct {
	Offset  int  // of the page's first edge
	Len     int  // edges in the page (read, less the one beyond it)
	HasNext bool // the store read an edge beyond the page
}

// PageOf is the page of a connection whose arguments are args (first,
// after, as the selection carries them) and of which the store read `read`
// edges. The arguments were checked when the query was compiled.
func PageOf(args map[string]any, read int) (Page, error) {
	first, offset, err := page(args, defaultFirst)
	if err != nil {
		return Page{}, err
	}
	p := Page{Offset: offset, Len: read}
	if read > first {
		p.HasNext, p.Len = true, first
	}
	return p, nil
}

// HasPrevious reports whether the page starts after the first edge.
func (p Page) HasPrevious() bool { return p.Offset > 0 }

// Cursor is the cursor of the page's i-th edge.
func (p Page) Cursor(i int) string { return EncodeCursor(p.Offset + i) }

// StartCursor and EndCursor are pageInfo's: the first and last edge's
// cursors, nil for an empty page.
func (p Page) StartCursor() *string { return p.cursorAt(0) }

// EndCursor is the cursor of the page's last edge, nil for an empty page.
func (p Page) EndCursor() *string { return p.cursorAt(p.Len - 1) }

func (p Page) cursorAt(i int) *string {
	if p.Len == 0 {
		return nil
	}
	c := p.Cursor(i)
	return &c
}
