// Package export writes the graph, or a part of it, as files other tools
// read: GraphML (Gephi, yEd, Cytoscape, networkx: typed attributes declared
// with <key>, the relationship type on every edge), CSV (a zip of nodes.csv
// and edges.csv) and JSON Lines of ingest items (the importer's own format:
// ingested into an empty graph they give back the same graph). Everything
// is written as the store streams it (store.Client.Export, ExportItems), one
// node or edge at a time, so an export of the whole graph takes the same
// memory as one of ten nodes. Handler serves it at GET /export; kg export
// and the Python client download it from there.
package export

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/eventgraph/eventgraph/store"
)

// Formats are the formats Handler serves, by the name of its format
// parameter, with their media types and file extensions.
var Formats = map[string]struct{ MediaType, Ext string }{
	"graphml": {"application/graphml+xml", "graphml"},
	"csv":     {"application/zip", "zip"},
	"jsonl":   {"application/jsonl", "jsonl"},
}

// writer is one format's writer: node and edge are called as the store
// streams them (every node before any edge), close once after the last.
type writer interface {
	node(store.ExportNode) error
	edge(store.ExportEdge) error
	close() error
}

// graphMLWriter writes GraphML. The keys are declared before the graph
// from the export's property tables (store.ExportNodeProps and
// ExportEdgeProps): lists and objects as JSON text, numbers as doubles.
type graphMLWriter struct {
	w     *bufio.Writer
	begun bool
	edges int
}

func graphMLType(t string) string {
	switch t {
	case "double", "long":
		return t
	}
	return "string"
}

func (g *graphMLWriter) begin() {
	if g.begun {
		return
	}
	g.begun = true
	g.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
		`xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	key := func(id, on, name, typ string) {
		fmt.Fprintf(g.w, `  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", id, on, name, typ)
	}
	key("type", "node", "type", "string")
	key("label", "node", "label", "string")
	for _, p := range store.ExportNodeProps {
		key("n_"+p.Name, "node", p.Name, graphMLType(p.Type))
	}
	key("e_type", "edge", "type", "string")
	key("e_label", "edge", "label", "string")
	for _, p := range store.ExportEdgeProps {
		key("e_"+p.Name, "edge", p.Name, graphMLType(p.Type))
	}
	g.w.WriteString(`  <graph id="eventgraph" edgedefault="directed">` + "\n")
}

func (g *graphMLWriter) text(s string) {
	_ = xml.EscapeText(g.w, []byte(s)) // escapes quotes, < > &, and replaces what XML cannot hold
}

func (g *graphMLWriter) data(key, value string) {
	g.w.WriteString(`<data key="`)
	g.text(key)
	g.w.WriteString(`">`)
	g.text(value)
	g.w.WriteString(`</data>`)
}

func (g *graphMLWriter) props(prefix string, props map[string]any, table []store.ExportProp) error {
	for _, p := range table {
		v, ok := props[p.Name]
		if !ok {
			continue
		}
		s, err := textOf(v)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		g.data(prefix+p.Name, s)
	}
	return nil
}

func (g *graphMLWriter) node(n store.ExportNode) error {
	g.begin()
	g.w.WriteString(`    <node id="`)
	g.text(n.ID)
	g.w.WriteString(`">`)
	g.data("type", n.Type)
	g.data("label", n.Label)
	if err := g.props("n_", n.Props, store.ExportNodeProps); err != nil {
		return err
	}
	g.w.WriteString("</node>\n")
	return nil
}

func (g *graphMLWriter) edge(e store.ExportEdge) error {
	g.begin()
	fmt.Fprintf(g.w, `    <edge id="e%d" source="`, g.edges)
	g.edges++
	g.text(e.Source)
	g.w.WriteString(`" target="`)
	g.text(e.Target)
	g.w.WriteString(`">`)
	g.data("e_type", e.Type)
	g.data("e_label", e.Type)
	if err := g.props("e_", e.Props, store.ExportEdgeProps); err != nil {
		return err
	}
	g.w.WriteString("</edge>\n")
	return nil
}

func (g *graphMLWriter) close() error {
	g.begin()
	g.w.WriteString("  </graph>\n</graphml>\n")
	return g.w.Flush()
}

// textOf is a property as text: strings as they are, numbers in Go's
// shortest form, lists and objects as JSON.
func textOf(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// csvWriter writes a zip of nodes.csv (id, type, label, then a column per
// node property) and edges.csv (source, target, type, then a column per
// relationship property).
type csvWriter struct {
	out   io.Writer
	zip   *zip.Writer
	csv   *csv.Writer
	edges bool
	row   []string
}

func (c *csvWriter) open(name string, header []string) error {
	if c.zip == nil {
		c.zip = zip.NewWriter(c.out)
	}
	if c.csv != nil {
		c.csv.Flush()
		if err := c.csv.Error(); err != nil {
			return err
		}
	}
	f, err := c.zip.Create(name)
	if err != nil {
		return err
	}
	c.csv = csv.NewWriter(f)
	return c.csv.Write(header)
}

func header(first []string, table []store.ExportProp) []string {
	out := append([]string{}, first...)
	for _, p := range table {
		out = append(out, p.Name)
	}
	return out
}

func (c *csvWriter) line(first []string, props map[string]any, table []store.ExportProp) error {
	c.row = append(c.row[:0], first...)
	for _, p := range table {
		s := ""
		if v, ok := props[p.Name]; ok {
			var err error
			if s, err = textOf(v); err != nil {
				return fmt.Errorf("%s: %w", p.Name, err)
			}
		}
		c.row = append(c.row, s)
	}
	return c.csv.Write(c.row)
}

func (c *csvWriter) node(n store.ExportNode) error {
	if c.zip == nil {
		if err := c.open("nodes.csv", header([]string{"id", "type", "label"}, store.ExportNodeProps)); err != nil {
			return err
		}
	}
	return c.line([]string{n.ID, n.Type, n.Label}, n.Props, store.ExportNodeProps)
}

func (c *csvWriter) startEdges() error {
	if c.zip == nil {
		if err := c.open("nodes.csv", header([]string{"id", "type", "label"}, store.ExportNodeProps)); err != nil {
			return err
		}
	}
	c.edges = true
	return c.open("edges.csv", header([]string{"source", "target", "type"}, store.ExportEdgeProps))
}

func (c *csvWriter) edge(e store.ExportEdge) error {
	if !c.edges {
		if err := c.startEdges(); err != nil {
			return err
		}
	}
	return c.line([]string{e.Source, e.Target, e.Type}, e.Props, store.ExportEdgeProps)
}

func (c *csvWriter) close() error {
	if !c.edges {
		if err := c.startEdges(); err != nil {
			return err
		}
	}
	c.csv.Flush()
	if err := c.csv.Error(); err != nil {
		return err
	}
	return c.zip.Close()
}

// itemLine writes one ingest item as a line of JSON Lines: its type and
// its fields.
func itemLine(w *bufio.Writer, typ string, fields map[string]any) error {
	fields["type"] = typ
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Errorf("%s item: %w", typ, err)
	}
	w.Write(b)
	return w.WriteByte('\n')
}
