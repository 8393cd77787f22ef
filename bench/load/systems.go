package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/eventgraph/eventgraph/bench/dataset"
	"github.com/eventgraph/eventgraph/bench/floor"
	"github.com/eventgraph/eventgraph/bench/gql"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// System is one of the compared implementations.
type System interface {
	Name() string
	// Read runs query q with variable set i (of sets) and returns the
	// response size in bytes (records for the floor).
	Read(ctx context.Context, q Query, i int, vars map[string]any) (int, error)
	// CanRead says whether the system has q: the peer has no equivalent
	// of some queries, the floor neither a hand-written statement nor a
	// recording of others.
	CanRead(q Query) bool
	// Ingest writes events (one batch, one transaction).
	Ingest(ctx context.Context, events []dataset.EventInput) error
}

// ours is our service; name is "ours", or "base" for another build of it
// compared side by side (load run -base).
type ours struct {
	c    *gql.Client
	name string
}

func (s *ours) Name() string         { return s.name }
func (s *ours) CanRead(q Query) bool { return q.Ours != "" }
func (s *ours) Read(ctx context.Context, q Query, _ int, vars map[string]any) (int, error) {
	_, n, err := s.c.Do(ctx, q.Ours, vars)
	return n, err
}
func (s *ours) Ingest(ctx context.Context, events []dataset.EventInput) error {
	_, _, err := s.c.Do(ctx, `mutation Ingest($input: IngestInput!) { ingest(input: $input) { created relationshipsCreated } }`,
		map[string]any{"input": dataset.IngestInput{Events: events}})
	return err
}

type peer struct{ c *gql.Client }

func (s *peer) Name() string         { return "peer" }
func (s *peer) CanRead(q Query) bool { return q.Peer != "" }
func (s *peer) Read(ctx context.Context, q Query, _ int, vars map[string]any) (int, error) {
	_, n, err := s.c.Do(ctx, q.Peer, vars)
	return n, err
}

// Ingest uses the library's nested create: one createEvents mutation
// creating the events and connecting participants (with the edge
// properties), location, topics and cited sources.
func (s *peer) Ingest(ctx context.Context, events []dataset.EventInput) error {
	input := make([]map[string]any, 0, len(events))
	for _, e := range events {
		m := map[string]any{"id": e.ID, "title": e.Title, "kind": e.Kind, "mode": e.Mode, "contexts": e.Contexts,
			"startDate": e.StartDate, "endDate": e.EndDate, "datePrecision": e.DatePrecision, "summary": e.Summary}
		if e.Outcome != "" {
			m["outcome"] = e.Outcome
		}
		var parts []map[string]any
		for _, p := range e.Participants {
			edge := map[string]any{"kind": p.Kind}
			if p.Role != "" {
				edge["role"] = p.Role
			}
			if p.Quote != "" {
				edge["quote"] = p.Quote
				edge["sourceIds"] = p.SourceIDs
			}
			parts = append(parts, map[string]any{"where": whereID(p.ActorID), "edge": edge})
		}
		m["participants"] = map[string]any{"connect": parts}
		if e.LocationID != "" {
			m["location"] = map[string]any{"connect": []map[string]any{{"where": whereID(e.LocationID)}}}
		}
		var topics []map[string]any
		for _, t := range e.TopicIDs {
			topics = append(topics, map[string]any{"where": whereID(t)})
		}
		m["topics"] = map[string]any{"connect": topics}
		var cites []map[string]any
		for _, c := range e.Citations {
			cites = append(cites, map[string]any{"where": whereID(c.SourceID), "edge": map[string]any{"quote": c.Quote}})
		}
		m["sources"] = map[string]any{"connect": cites}
		input = append(input, m)
	}
	_, _, err := s.c.Do(ctx, `mutation Create($input: [EventCreateInput!]!) {
  createEvents(input: $input) { info { nodesCreated relationshipsCreated } }
}`, map[string]any{"input": input})
	return err
}

func whereID(id string) map[string]any {
	return map[string]any{"node": map[string]any{"id": map[string]any{"eq": id}}}
}

type floorSys struct {
	driver   neo4j.DriverWithContext
	database string
	replay   *floor.Replayer
}

func (s *floorSys) Name() string { return "floor" }
func (s *floorSys) CanRead(q Query) bool {
	return q.Floor != nil || s.replay != nil && s.replay.Has(q.Name)
}
func (s *floorSys) Read(ctx context.Context, q Query, i int, vars map[string]any) (int, error) {
	if q.Floor != nil {
		return s.hand(ctx, q, vars)
	}
	if s.replay == nil {
		return 0, fmt.Errorf("floor: no recording of the store's Cypher (CYPHER_LOG)")
	}
	return s.replay.Do(ctx, q.Name, i)
}

// hand runs q's hand-written statement as the replay runs a recorded one:
// an auto-commit read transaction, every record collected.
func (s *floorSys) hand(ctx context.Context, q Query, vars map[string]any) (int, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, q.Floor.Cypher, q.Floor.Params(vars), neo4j.WithTxTimeout(30*time.Second))
	if err != nil {
		return 0, fmt.Errorf("floor %s: %w", q.Name, err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return 0, fmt.Errorf("floor %s: %w", q.Name, err)
	}
	return len(recs), nil
}

func (s *floorSys) Ingest(ctx context.Context, events []dataset.EventInput) error {
	return floor.Ingest(ctx, s.driver, s.database, &dataset.IngestInput{Events: events})
}

// Memory reads a process's peak and current resident set (kB) from
// /proc/<pid>/status.
func Memory(pid int) (peakKB, rssKB int64, err error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("memory of pid %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmHWM:":
			peakKB, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmRSS:":
			rssKB, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return peakKB, rssKB, nil
}

// ResetPeak resets VmHWM to the current RSS (Linux clear_refs 5), so the
// peak measured covers the benchmark and not the data loading before it.
func ResetPeak(pid int) error {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the peak RSS of pid %d: %w", pid, err)
	}
	return nil
}
