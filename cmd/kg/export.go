package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
)

const exportUsage = `kg export: download the graph, or a part of it, from the service's /export

Usage:
  kg export [flags]

  --format graphml|csv|jsonl   GraphML (Gephi, yEd, Cytoscape, networkx), a zip of
                               nodes.csv and edges.csv, or JSON Lines of ingest items
                               (the whole graph only; kg ingest reads them back)
  --root ID [--depth N] [--limit N]   the neighbourhood of one node
  --ids ID,ID,...                     chosen nodes and the relationships among them
                                      (neither: the whole graph)
  -o FILE                              write to FILE (default: standard output)

Exit status: 0 when the file is complete; 1 when the service refused or the
download broke off (FILE is then removed); 2 for a usage error.

Flags:
`

// runExport is kg export: one GET of /export, streamed to the output.
func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kg export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, exportUsage); fs.PrintDefaults() }
	defURL := os.Getenv("EVENTGRAPH_URL")
	if defURL == "" {
		defURL = "http://127.0.0.1:8080"
	}
	service := fs.String("url", defURL, "the service's address, or its GraphQL endpoint (/graphql is replaced by /export) (default $EVENTGRAPH_URL)")
	key := fs.String("key", os.Getenv("EVENTGRAPH_KEY"), "reader or writer key, sent as Authorization: Bearer (default $EVENTGRAPH_KEY)")
	format := fs.String("format", "graphml", "graphml, csv or jsonl")
	root := fs.String("root", "", "export the neighbourhood of this node")
	depth := fs.Int("depth", 0, "hops from --root (1 to 3; default the service's, 1)")
	limit := fs.Int("limit", 0, "at most this many nodes around --root (1 to 500; default the service's, 100)")
	ids := fs.String("ids", "", "export these nodes (comma-separated) and the relationships among them")
	out := fs.String("o", "", "output file (default standard output)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "kg export: unexpected argument %q (kg export takes flags only)\n", fs.Arg(0))
		return exitUsage
	}
	u, err := exportURL(*service)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: --url: %v\n", err)
		return exitUsage
	}
	q := url.Values{"format": {*format}}
	if *root != "" {
		q.Set("root", *root)
	}
	if *depth != 0 {
		q.Set("depth", strconv.Itoa(*depth))
	}
	if *limit != 0 {
		q.Set("limit", strconv.Itoa(*limit))
	}
	if *ids != "" {
		q.Set("ids", *ids)
	}
	u.RawQuery = q.Encode()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: %v\n", err)
		return exitUsage
	}
	if *key != "" {
		req.Header.Set("Authorization", "Bearer "+*key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: %v\n", err)
		return exitFailed
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "kg export: the service answered %s: %s\n", res.Status, serviceMessage(res.Body))
		return exitFailed
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintf(stderr, "kg export: %v\n", err)
			return exitFailed
		}
		defer f.Close()
		w = f
	}
	n, err := io.Copy(w, res.Body)
	if err != nil {
		// The service aborts a transfer that fails once begun: what came is not the whole file.
		fmt.Fprintf(stderr, "kg export: the download broke off after %d bytes: %v\n", n, err)
		if *out != "" {
			os.Remove(*out)
		}
		return exitFailed
	}
	if *out != "" {
		fmt.Fprintf(stderr, "kg export: %d bytes written to %s\n", n, *out)
	}
	return exitOK
}

// exportURL is the /export address of a service given as kg ingest takes
// it: its address or its GraphQL endpoint.
func exportURL(service string) (*url.URL, error) {
	u, err := url.Parse(service)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not a service address such as http://127.0.0.1:8080", service)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/graphql") + "/export"
	return u, nil
}

// serviceMessage is the first error message of an error body, or the body.
func serviceMessage(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	var doc struct {
		Errors []struct{ Message string } `json:"errors"`
	}
	if json.Unmarshal(b, &doc) == nil && len(doc.Errors) > 0 {
		return doc.Errors[0].Message
	}
	return strings.TrimSpace(string(b))
}
