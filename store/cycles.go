package store

import (
	"fmt"
	"sort"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// Loops refused. An event's PART_OF parent and a location's LOCATED_IN
// parent make trees, and LED_TO (an event's consequences) a DAG: an event
// may lead to several and be led to by several, but never, through any
// chain, back to itself. A batch is checked as a whole, against what the
// graph holds, before anything is written: the graph answers one query for
// all of the batch's hops (lookupHierarchy), and the rest is worked out here.
//
// What counts is the graph as it will be once the batch is written. A tree
// hop replaces its node's stored parent (see singleLink), so a batch may
// move a subtree under what was its own descendant as long as it also moves
// that descendant away; LED_TO hops are only ever added to the stored ones.
// A loop is reported at the hop of the batch that closes it: of the hops it
// is made of, the last in input order.

// hierarchy is a relationship that must not loop.
type hierarchy struct {
	rel   string // relationship type, also the key of batch.hops
	label string // of the nodes at both ends
	// tree: a node has at most one, and a batch's replaces the stored one.
	tree bool
	// loop says what the closing hop would do, given its node's id.
	loop string
}

var (
	hPartOf    = hierarchy{rel: "PART_OF", label: lEvent, tree: true, loop: "this parent would make event %q part of itself"}
	hLocatedIn = hierarchy{rel: "LOCATED_IN", label: lLocation, tree: true, loop: "this parent would make location %q lie within itself"}
	hLedTo     = hierarchy{rel: "LED_TO", label: lEvent, loop: "this consequence would make event %q lead to itself"}
	// hierarchies are checked in this order, which is also lookupHierarchy's.
	hierarchies = []hierarchy{hLocatedIn, hPartOf, hLedTo}
)

// hop is one relationship of a hierarchy that a batch item asks for, with
// the path of the item's field.
type hop struct{ from, to, path string }

// stored is an edge the graph holds (for a tree, a node's parent) or, for
// LED_TO, a chain of them: direct is false when events lie in between.
type stored struct {
	to     string
	direct bool
}

// lookupHierarchy asks the graph, for every hierarchy at once, what the
// batch's hops could close a loop with. Each walk starts at a hop's target
// and stops at the nodes whose own walk (or the batch) tells the rest, so
// that a chain the batch replays is walked once, not once per hop on it
// (replaying a stored chain of 3,000 events took 22 s walking it whole from
// every hop, 0.24 s so). Walks from several targets that meet above them
// still each go on to the top.
//
// For a tree the answer is the stored parent of each node walked over (the
// target included): a loop must come back up that chain. The walk stops at
// the other targets and at the nodes whose parent the batch replaces.
//
// For LED_TO it is which of the batch's nodes ($<rel>Ends: the hops'
// sources and targets) each target already leads to, through events that
// are none of the targets; a loop must come back through them.
//
// The variable-length patterns end in DISTINCT nodes, with a condition on
// every node on the way, which Neo4j plans as a breadth-first search that
// visits each node once per walk, not as an enumeration of paths (of which
// a DAG may have exponentially many).
var lookupHierarchy = func() query {
	parts := make([]string, 0, len(hierarchies))
	for _, h := range hierarchies {
		if h.tree {
			parts = append(parts, `UNWIND $`+h.rel+` AS id
MATCH walk = (t:`+h.label+` {id: id})-[:`+h.rel+`*0..]->(x:`+h.label+`)
WHERE all(n IN nodes(walk) WHERE n = t OR NOT n.id IN $`+h.rel+`Stop)
MATCH (x)-[:`+h.rel+`]->(p:`+h.label+`)
RETURN DISTINCT '`+h.rel+`' AS rel, x.id AS src, p.id AS dst, true AS direct`)
			continue
		}
		parts = append(parts, `UNWIND $`+h.rel+` AS id
MATCH walk = (t:`+h.label+` {id: id})-[:`+h.rel+`*0..]->(m:`+h.label+`)
WHERE all(n IN nodes(walk) WHERE n = t OR NOT n.id IN $`+h.rel+`)
WITH DISTINCT t, m
MATCH (m)-[:`+h.rel+`]->(x:`+h.label+`)
WHERE x.id IN $`+h.rel+`Ends
WITH DISTINCT t, x
RETURN '`+h.rel+`' AS rel, t.id AS src, x.id AS dst, EXISTS { (t)-[:`+h.rel+`]->(x) } AS direct`)
	}
	return query{"look up hierarchies", batchPlan + strings.Join(parts, "\nUNION ALL\n")}
}()

// hierarchyParams are lookupHierarchy's parameters for b; ok is false when
// b has no hops, and the query need not be sent.
func (b *batch) hierarchyParams() (map[string]any, bool) {
	// The hops of a hierarchy are walked only when some of them start at a
	// node the graph holds (see below).
	params := map[string]any{}
	some := false
	for _, h := range hierarchies {
		to, from := map[string]bool{}, map[string]bool{}
		allFresh := true
		for _, hp := range b.hops[h.rel] {
			to[hp.to], from[hp.from] = true, true
			allFresh = allFresh && b.fresh[h.label][hp.from]
		}
		if allFresh {
			// Every hop starts at a node the graph lacks (a dataset's new
			// towns): no stored edge leads into one, so a loop would be
			// made of the batch's hops alone, and the graph has nothing
			// to tell.
			to = map[string]bool{}
		}
		params[h.rel] = sortedKeys(to)
		for id := range to {
			from[id] = true
		}
		if h.tree {
			params[h.rel+"Stop"] = sortedKeys(from)
		} else {
			params[h.rel+"Ends"] = sortedKeys(from)
		}
		some = some || len(to) > 0
	}
	return params, some
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// loops reports, for each loop that the hops of h would make with the
// graph's edges g (what lookupHierarchy answered for h, by source), the hop
// that closes it, with the loop in the message. Every loop is reported: once
// one is found, its closing hop is set aside and the search runs again.
func loops(h hierarchy, hops []hop, g map[string][]stored) eventgraph.InputErrors {
	if len(hops) == 0 {
		return nil
	}
	// The graph after the batch: its hops (index >= 0) and the stored edges
	// they keep (-1). A tree hop replaces its node's stored parent.
	var edges []edge
	replaced := map[string]bool{}
	for i, hp := range hops {
		edges = append(edges, edge{from: hp.from, to: hp.to, hop: i, direct: true})
		if h.tree {
			replaced[hp.from] = true
		}
	}
	srcs := make([]string, 0, len(g))
	for src := range g {
		srcs = append(srcs, src)
	}
	sort.Strings(srcs)
	for _, src := range srcs {
		if replaced[src] {
			continue
		}
		for _, s := range g[src] {
			edges = append(edges, edge{from: src, to: s.to, hop: -1, direct: s.direct})
		}
	}

	found := map[int]*eventgraph.Error{} // by hop
	setAside := map[int]bool{}
	for {
		closing := closingHops(edges, setAside)
		if len(closing) == 0 {
			break
		}
		for _, i := range closing {
			hp := hops[i]
			back := pathBack(edges, setAside, hp.to, hp.from)
			found[i] = eventgraph.InputError(hp.path, h.loop+" (%s)", hp.from, drawLoop(hp, back))
		}
		for _, i := range closing {
			setAside[i] = true
		}
	}
	var errs eventgraph.InputErrors
	for i := range hops { // in input order
		if e, ok := found[i]; ok {
			errs = append(errs, e)
		}
	}
	return errs
}

// edge is one relationship of the graph after the batch: a hop of the batch
// (its index) or a stored one (-1).
type edge struct {
	from, to string
	hop      int
	direct   bool
}

// closingHops finds the loops among edges (less those set aside) as the
// strongly connected components that hold more than one node, and returns,
// for each, the last hop of the batch in it.
func closingHops(edges []edge, setAside map[int]bool) []int {
	out := map[string][]int{}
	var order []string
	seen := map[string]bool{}
	node := func(id string) {
		if !seen[id] {
			seen[id] = true
			order = append(order, id)
		}
	}
	for i, e := range edges {
		if e.hop >= 0 && setAside[e.hop] {
			continue
		}
		node(e.from)
		node(e.to)
		out[e.from] = append(out[e.from], i)
	}
	comp := components(order, func(id string) []string {
		var next []string
		for _, i := range out[id] {
			next = append(next, edges[i].to)
		}
		return next
	})
	last := map[int]int{} // component -> last hop in it
	for id, c := range comp {
		for _, i := range out[id] {
			e := edges[i]
			if e.hop < 0 || comp[e.to] != c || e.from == e.to {
				continue
			}
			if prev, ok := last[c]; !ok || e.hop > prev {
				last[c] = e.hop
			}
		}
	}
	hops := make([]int, 0, len(last))
	for _, i := range last {
		hops = append(hops, i)
	}
	sort.Ints(hops)
	return hops
}

// components numbers the strongly connected components of the graph over
// nodes (Tarjan's algorithm, without recursion: a chain may be thousands of
// nodes long).
func components(nodes []string, next func(string) []string) map[string]int {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	comp := map[string]int{}
	var stack []string
	type frame struct {
		id   string
		next []string
		i    int
	}
	counter, comps := 0, 0
	for _, root := range nodes {
		if _, done := index[root]; done {
			continue
		}
		visit := func(id string) frame {
			index[id], low[id] = counter, counter
			counter++
			stack = append(stack, id)
			onStack[id] = true
			return frame{id: id, next: next(id)}
		}
		frames := []frame{visit(root)}
		for len(frames) > 0 {
			f := &frames[len(frames)-1]
			if f.i < len(f.next) {
				w := f.next[f.i]
				f.i++
				if _, visited := index[w]; !visited {
					frames = append(frames, visit(w))
				} else if onStack[w] {
					low[f.id] = min(low[f.id], index[w])
				}
				continue
			}
			id := f.id
			frames = frames[:len(frames)-1]
			if len(frames) > 0 {
				parent := frames[len(frames)-1].id
				low[parent] = min(low[parent], low[id])
			}
			if low[id] == index[id] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = comps
					if w == id {
						break
					}
				}
				comps++
			}
		}
	}
	return comp
}

// pathBack is a shortest chain of edges from start to goal (breadth-first),
// less the hops set aside.
func pathBack(edges []edge, setAside map[int]bool, start, goal string) []edge {
	out := map[string][]int{}
	for i, e := range edges {
		if e.hop < 0 || !setAside[e.hop] {
			out[e.from] = append(out[e.from], i)
		}
	}
	via := map[string]int{start: -1}
	queue := []string{start}
	for len(queue) > 0 && !hasKey(via, goal) {
		id := queue[0]
		queue = queue[1:]
		for _, i := range out[id] {
			if to := edges[i].to; !hasKey(via, to) {
				via[to] = i
				queue = append(queue, to)
			}
		}
	}
	var path []edge
	for id := goal; via[id] >= 0; id = edges[via[id]].from {
		path = append(path, edges[via[id]])
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// maxLoopShown bounds the ids a loop's message lists.
const maxLoopShown = 10

// drawLoop writes the loop that the closing hop makes with the way back:
// a → b → … → a, where … stands for nodes the graph already links in
// between. A long loop shows its first and last ids.
func drawLoop(closing hop, back []edge) string {
	steps := []string{closing.from, closing.to}
	for _, e := range back {
		if !e.direct {
			steps = append(steps, "…")
		}
		steps = append(steps, e.to)
	}
	if len(steps) > maxLoopShown+1 {
		hidden := len(steps) - maxLoopShown
		steps = append(append(steps[:maxLoopShown/2:maxLoopShown/2], fmt.Sprintf("(%d more)", hidden)), steps[len(steps)-maxLoopShown/2:]...)
	}
	s := strings.Join(steps, " → ")
	if strings.Contains(s, "…") {
		s += "; … stands for events the graph already links in between"
	}
	return s
}
