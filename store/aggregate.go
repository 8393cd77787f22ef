package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/eventgraph/eventgraph"
)

// Aggregations compiled: a connection's `aggregate` (the count and the
// earliest and latest of its type's dates over the whole filtered set), and
// the bucket counts eventCounts, positionCounts and forecastCounts and the
// pairs of coParticipation. Each root field is one statement over the same
// filtered set its list would page through (rootMatch, shared with
// CompileList), so a bucket counts exactly what the list would find; every
// value is a parameter, every key and property name comes from the tables
// below, never from the client's text.

// aggregateDates are the dates an aggregate gives min and max of, per node
// type; types without dates of their own (and polymorphic connections,
// under "") have their write instants.
var aggregateDates = map[eventgraph.NodeType][]string{
	eventgraph.NodeTypeEvent:    {"startDate", "endDate"},
	eventgraph.NodeTypePosition: {"validFrom", "validTo"},
	eventgraph.NodeTypeForecast: {"windowStart", "windowEnd", "resolvedAt"},
	eventgraph.NodeTypeSource:   {"publishedAt"},
	eventgraph.NodeTypeActor:    {"createdAt", "updatedAt"},
	eventgraph.NodeTypeLocation: {"createdAt", "updatedAt"},
	eventgraph.NodeTypeTopic:    {"createdAt", "updatedAt"},
	"":                          {"createdAt", "updatedAt"},
}

// indexedDates are the aggregate dates an index orders (migrate.go): a
// bound of one of them is one index entry.
var indexedDates = map[eventgraph.NodeType]map[string]bool{
	eventgraph.NodeTypeEvent: {"startDate": true},
}

// rootAggregate is the aggregate of a root list, over its set's match
// (over n), that the aggregate field f selects: the count and, for each
// selected date, {min, max}, as the body of a subquery. The count is a
// COUNT {} (a label's count store answers it when nothing filters) and the
// bounds of an indexed date each the first entry of its index in order;
// the other dates take min() and max() over the set in one pass, which
// then counts as well. At
// 100 000 events the count and startDate's bounds took 0.7 ms where min()
// and max() over every node took 139 ms.
func rootAggregate(typ eventgraph.NodeType, match string, f Field) string {
	parts := []string{fmt.Sprintf("count: COUNT { %s RETURN n }", match)}
	var scan []string
	for _, d := range selectedDates(typ, f) {
		if !indexedDates[typ][d] {
			lo, hi := fmt.Sprintf("agg%d", len(scan)), fmt.Sprintf("agg%d", len(scan)+1)
			scan = append(scan, fmt.Sprintf("min(n.%s) AS %s", d, lo), fmt.Sprintf("max(n.%s) AS %s", d, hi))
			parts = append(parts, fmt.Sprintf("%s: {min: %s, max: %s}", d, lo, hi))
			continue
		}
		bound := func(dir string) string {
			return fmt.Sprintf("COLLECT { %s WITH n WHERE n.%s IS NOT NULL RETURN n.%s AS d ORDER BY d%s LIMIT 1 }[0]", match, d, d, dir)
		}
		parts = append(parts, fmt.Sprintf("%s: {min: %s, max: %s}", d, bound(""), bound(" DESC")))
	}
	if len(scan) == 0 {
		return "RETURN {" + strings.Join(parts, ", ") + "} AS aggregate"
	}
	// The pass counts too.
	parts[0] = "count: aggCount"
	return fmt.Sprintf("%s WITH count(n) AS aggCount, %s RETURN {%s} AS aggregate", match, strings.Join(scan, ", "), strings.Join(parts, ", "))
}

// selectedDates are the dates of typ that the aggregate field f selects,
// each once, in the order selected.
func selectedDates(typ eventgraph.NodeType, f Field) []string {
	dates := map[string]bool{}
	for _, d := range aggregateDates[typ] {
		dates[d] = true
	}
	var out []string
	for _, sf := range f.Fields {
		if dates[sf.Name] {
			out = append(out, sf.Name)
			dates[sf.Name] = false
		}
	}
	return out
}

// rootSet is the filtered set of a root field over typ: the subqueries to
// run first (each binding one variable, imports), and the MATCH of the set's
// nodes as n with its WHERE.
type rootSet struct {
	prelude, imports []string
	match            string
}

// rootMatch compiles where w of a root field over typ into its set.
func rootMatch(cp *compiler, typ eventgraph.NodeType, w map[string]any) (rootSet, error) {
	conds, err := rootFilter(cp, typ, w, "n")
	if err != nil {
		return rootSet{}, err
	}
	start := fmt.Sprintf("MATCH (n:%s)", typ.Label())
	if present(w, "text") {
		// Start from the full-text index: it is far more selective than a label scan.
		start = fmt.Sprintf("CALL db.index.fulltext.queryNodes('%s', %s) YIELD node AS n",
			FulltextIndex(typ.Label()), cp.param(LuceneQuery(fmt.Sprint(w["text"]))))
		if len(conds) > 0 {
			start += " WITH n WHERE " + strings.Join(conds, " AND ")
			conds = nil
		}
	}
	if len(conds) > 0 {
		start += " WHERE " + strings.Join(conds, " AND ")
	}
	var set rootSet
	for _, p := range cp.prelude {
		set.prelude = append(set.prelude, p.cypher)
		set.imports = append(set.imports, p.binds)
	}
	set.match = start
	return set, nil
}

// bucketKey is one value of a counts field's `by`: the bucket field it
// fills and how its value is read from the set's node {n}. A key that
// reads a list or a related node names the clause that binds each item as
// {u} (one row per item, one row of null when there is none), shared by
// the keys that read the same thing (COUNTRY and LOCATION one location).
type bucketKey struct {
	field string
	// expr is the value over {n} and {u}; {truncate}date is the node's
	// date truncated to the interval.
	expr string
	// bind names the clause in bucketBinds that binds {u}, "" when none.
	bind string
	// node is the value's type when it is a node, projected with the
	// bucket field's selection and ordered by id.
	node eventgraph.NodeType
}

// bucketBinds are the clauses binding {u}, by name. {declined} is the
// condition on a participation p: "p.kind <> 'DECLINED'" unless
// PARTICIPATION_KIND is a key (then each kind is its own bucket).
var bucketBinds = map[string]string{
	"context":       "UNWIND CASE WHEN size(coalesce({n}.contexts, [])) = 0 THEN [null] ELSE {n}.contexts END AS {u}",
	"location":      "OPTIONAL MATCH ({n})-[:OCCURRED_AT]->({u}:Location)",
	"participation": "OPTIONAL MATCH (a{u}:Actor)-[p{u}:PARTICIPATED_IN]->({n}){declined} WITH *, CASE WHEN a{u} IS NULL THEN null ELSE {a: a{u}, kind: p{u}.kind} END AS {u}",
	"topic":         "OPTIONAL MATCH ({n})-[:ON]->({u}:Topic)",
	"holder":        "OPTIONAL MATCH ({u}:Actor)-[:HOLDS]->({n})",
	"issuer":        "OPTIONAL MATCH ({n})-[:ISSUED_IN]->({u}:Source)",
}

// countsSpec is one counts root field: the type it counts, its keys by
// enum value, and the date PERIOD truncates.
type countsSpec struct {
	typ    eventgraph.NodeType
	bucket string // the bucket's GraphQL type
	keys   map[string]bucketKey
}

var countsFields = map[string]countsSpec{
	"eventCounts": {typ: eventgraph.NodeTypeEvent, bucket: "EventBucket", keys: map[string]bucketKey{
		"KIND":               {field: "kind", expr: "{n}.kind"},
		"MODE":               {field: "mode", expr: "{n}.mode"},
		"CONTEXT":            {field: "context", expr: "{u}", bind: "context"},
		"PERIOD":             {field: "period", expr: "{truncate}startDate"},
		"COUNTRY":            {field: "country", expr: "{u}.countryCode", bind: "location"},
		"LOCATION":           {field: "location", expr: "{u}", bind: "location", node: eventgraph.NodeTypeLocation},
		"ACTOR":              {field: "actor", expr: "{u}.a", bind: "participation", node: eventgraph.NodeTypeActor},
		"PARTICIPATION_KIND": {field: "participationKind", expr: "{u}.kind", bind: "participation"},
	}},
	"positionCounts": {typ: eventgraph.NodeTypePosition, bucket: "PositionBucket", keys: map[string]bucketKey{
		"STANCE": {field: "stance", expr: "{n}.stance"},
		"TOPIC":  {field: "topic", expr: "{u}", bind: "topic", node: eventgraph.NodeTypeTopic},
		"ACTOR":  {field: "actor", expr: "{u}", bind: "holder", node: eventgraph.NodeTypeActor},
		"PERIOD": {field: "period", expr: "{truncate}validFrom"},
	}},
	"forecastCounts": {typ: eventgraph.NodeTypeForecast, bucket: "ForecastBucket", keys: map[string]bucketKey{
		"STATUS":     {field: "status", expr: strings.ReplaceAll(forecastStatus, "{x}", "{n}")},
		"HORIZON":    {field: "horizon", expr: "{n}.horizon"},
		"LIKELIHOOD": {field: "likelihood", expr: "{n}.likelihood"},
		"SOURCE":     {field: "source", expr: "{u}", bind: "issuer", node: eventgraph.NodeTypeSource},
		"PERIOD":     {field: "period", expr: "{truncate}windowStart"},
	}},
}

// intervals are the units date.truncate takes for each Interval.
var intervals = map[string]string{"DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}

// bucketOrders are the ORDER BY of each BucketOrder over the count and the
// keys' sort expressions.
var bucketOrders = map[string]func(keys []string) string{
	"COUNT_DESC": func(keys []string) string { return strings.Join(append([]string{"cnt DESC"}, keys...), ", ") },
	"COUNT_ASC":  func(keys []string) string { return strings.Join(append([]string{"cnt ASC"}, keys...), ", ") },
	"KEY_ASC":    func(keys []string) string { return strings.Join(append(keys, "cnt DESC"), ", ") },
	"KEY_DESC": func(keys []string) string {
		desc := make([]string, len(keys))
		for i, k := range keys {
			desc[i] = k + " DESC"
		}
		return strings.Join(append(desc, "cnt DESC"), ", ")
	},
}

// IsAggregation tells whether root is a root field CompileAggregation
// compiles.
func IsAggregation(root string) bool {
	_, ok := countsFields[root]
	return ok || root == "coParticipation" || root == "forecastScores"
}

// CompileAggregation is the read of an aggregation root field
// (eventCounts, positionCounts, forecastCounts, coParticipation,
// forecastScores) with its arguments and selection f.
func CompileAggregation(f Field) (Statement, error) {
	first, err := bucketFirst(f.Args)
	if err != nil {
		return Statement{}, err
	}
	switch f.Name {
	case "coParticipation":
		return compileCoParticipation(f, first)
	case "forecastScores":
		return compileForecastScores(f, first)
	}
	spec, ok := countsFields[f.Name]
	if !ok {
		return Statement{}, fmt.Errorf("aggregation: %s is not one", f.Name)
	}
	cp := newCompiler()
	set, err := rootMatch(cp, spec.typ, whereArg(f.Args))
	if err != nil {
		return Statement{}, err
	}
	by, err := enumList(f.Args, "by")
	if err != nil {
		return Statement{}, err
	}
	interval := "MONTH"
	if v, ok := f.Args["interval"].(string); ok {
		interval = v
	}
	unit, ok := intervals[interval]
	if !ok {
		return Statement{}, eventgraph.InputError("interval", "%q is not DAY, WEEK, MONTH or YEAR", interval)
	}
	order := "COUNT_DESC"
	if v, ok := f.Args["orderBy"].(string); ok {
		order = v
	}
	orderOf, ok := bucketOrders[order]
	if !ok {
		return Statement{}, eventgraph.InputError("orderBy", "%q is not COUNT_DESC, COUNT_ASC, KEY_ASC or KEY_DESC", order)
	}
	declined := " WHERE p{u}.kind <> 'DECLINED'"
	for _, k := range by {
		if k == "PARTICIPATION_KIND" {
			declined = ""
		}
	}
	var intervalParam string
	bound := map[string]string{} // bind name -> its variable
	var clauses, groups, sorts, vars []string
	seen := map[string]bool{}
	for i, k := range by {
		key, ok := spec.keys[k]
		if !ok {
			return Statement{}, eventgraph.InputError("by", "%s is not a key of %s", k, f.Name)
		}
		if seen[k] {
			return Statement{}, eventgraph.InputError("by", "%s is given twice", k)
		}
		seen[k] = true
		u := ""
		if key.bind != "" {
			if u = bound[key.bind]; u == "" {
				u = "u" + strconv.Itoa(len(bound))
				bound[key.bind] = u
				clause := strings.ReplaceAll(bucketBinds[key.bind], "{declined}", declined)
				clauses = append(clauses, strings.NewReplacer("{n}", "n", "{u}", u).Replace(clause))
			}
		}
		if strings.HasPrefix(key.expr, "{truncate}") && intervalParam == "" {
			intervalParam = cp.param(unit)
		}
		v := "k" + strconv.Itoa(i)
		// date.truncate refuses a null date: an undated node is in the null period.
		truncate := fmt.Sprintf("CASE WHEN n.%[1]s IS NULL THEN null ELSE date.truncate(%[2]s, n.%[1]s) END", strings.TrimPrefix(key.expr, "{truncate}"), intervalParam)
		expr := strings.NewReplacer("{n}", "n", "{u}", u).Replace(key.expr)
		if strings.HasPrefix(key.expr, "{truncate}") {
			expr = truncate
		}
		groups = append(groups, expr+" AS "+v)
		vars = append(vars, v)
		if key.node != "" {
			sorts = append(sorts, v+".id")
		} else {
			sorts = append(sorts, v)
		}
	}
	// The bucket: each key's value under its field, nodes projected with
	// the bucket field's selection.
	buckets := mergeByName(mergeByName(f.Fields)["buckets"].Fields)
	items := []string{"count: b.count"}
	var unpack []string
	for i, k := range by {
		key := spec.keys[k]
		v := vars[i]
		if key.node == "" {
			items = append(items, fmt.Sprintf("%s: b.%s", key.field, v))
			continue
		}
		unpack = append(unpack, fmt.Sprintf("b.%s AS %s", v, v))
		proj, err := cp.project(key.node, v, buckets[key.field].Fields)
		if err != nil {
			return Statement{}, err
		}
		items = append(items, fmt.Sprintf("%s: %s", key.field, proj))
	}
	row := []string{"count: cnt"}
	for _, v := range vars {
		row = append(row, v+": "+v)
	}
	var b strings.Builder
	for _, p := range set.prelude {
		b.WriteString(p + " ")
	}
	b.WriteString(set.match)
	for _, c := range clauses {
		b.WriteString(" " + c)
	}
	fmt.Fprintf(&b, " WITH %scount(DISTINCT n) AS cnt", joinWith(groups))
	fmt.Fprintf(&b, " ORDER BY %s", orderOf(sorts))
	fmt.Fprintf(&b, " WITH collect({%s}) AS rows", strings.Join(row, ", "))
	with := "b"
	if len(unpack) > 0 {
		with += ", " + strings.Join(unpack, ", ")
	}
	fmt.Fprintf(&b, " CALL (rows) { UNWIND rows[0..%s] AS b WITH %s RETURN collect({%s}) AS buckets }",
		cp.param(first), with, strings.Join(items, ", "))
	b.WriteString(" RETURN {bucketCount: size(rows), buckets: buckets}")
	return Statement{Name: f.Name, Cypher: b.String(), Params: cp.params}, nil
}

// compileCoParticipation is coParticipation: pairs of actors (a's id
// before b's) over the events of where, by the number of events they both
// took part in, DECLINED not counted.
func compileCoParticipation(f Field, first int) (Statement, error) {
	cp := newCompiler()
	set, err := rootMatch(cp, eventgraph.NodeTypeEvent, whereArg(f.Args))
	if err != nil {
		return Statement{}, err
	}
	pairs := mergeByName(mergeByName(f.Fields)["pairs"].Fields)
	pa, err := cp.project(eventgraph.NodeTypeActor, "pa", pairs["a"].Fields)
	if err != nil {
		return Statement{}, err
	}
	pb, err := cp.project(eventgraph.NodeTypeActor, "pb", pairs["b"].Fields)
	if err != nil {
		return Statement{}, err
	}
	var b strings.Builder
	for _, p := range set.prelude {
		b.WriteString(p + " ")
	}
	b.WriteString(set.match)
	b.WriteString(" MATCH (pa:Actor)-[p:PARTICIPATED_IN]->(n)<-[q:PARTICIPATED_IN]-(pb:Actor)" +
		" WHERE pa.id < pb.id AND p.kind <> 'DECLINED' AND q.kind <> 'DECLINED'" +
		" WITH pa, pb, count(DISTINCT n) AS cnt, min(n.startDate) AS firstDate, max(coalesce(n.endDate, n.startDate)) AS lastDate" +
		" ORDER BY cnt DESC, pa.id, pb.id" +
		" WITH collect({a: pa, b: pb, count: cnt, firstDate: firstDate, lastDate: lastDate}) AS rows")
	fmt.Fprintf(&b, " CALL (rows) { UNWIND rows[0..%s] AS pr WITH pr, pr.a AS pa, pr.b AS pb"+
		" RETURN collect({a: %s, b: %s, count: pr.count, firstDate: pr.firstDate, lastDate: pr.lastDate}) AS pairs }",
		cp.param(first), pa, pb)
	b.WriteString(" RETURN {pairCount: size(rows), pairs: pairs}")
	return Statement{Name: f.Name, Cypher: b.String(), Params: cp.params}, nil
}

func joinWith(groups []string) string {
	if len(groups) == 0 {
		return ""
	}
	return strings.Join(groups, ", ") + ", "
}

// bucketFirst is the `first` of an aggregation: at most LimitBuckets.
func bucketFirst(args map[string]any) (int, error) {
	first := 100
	if v, ok := args["first"]; ok && v != nil {
		n, err := toInt(v)
		if err != nil {
			return 0, eventgraph.InputError("first", "%v", err)
		}
		first = n
	}
	if first < 0 || first > eventgraph.LimitBuckets.Max {
		return 0, eventgraph.InputError("first", "first must be between 0 and %d, not %d", eventgraph.LimitBuckets.Max, first)
	}
	return first, nil
}

// enumList is a list of enum values argument; one value is a list of one.
func enumList(args map[string]any, name string) ([]string, error) {
	v := args[name]
	if v == nil {
		return nil, nil
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	out := make([]string, len(items))
	for i, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, eventgraph.InputError(name, "%v is not a key", it)
		}
		out[i] = s
	}
	return out, nil
}

// AggregationValue runs an aggregation root field (see CompileAggregation).
func (c *Client) AggregationValue(ctx context.Context, f Field) (any, error) {
	st, err := CompileAggregation(f)
	if err != nil {
		return nil, err
	}
	if f.Name == "forecastScores" {
		return c.forecastScores(ctx, f, st)
	}
	vals, err := c.readQuery(ctx, st)
	if err != nil {
		return nil, err
	}
	return vals[0], nil
}

// nestedAggregate is the aggregate of a relationship connection: over the
// nodes its totalCount counts (distinct ones where the field removes
// duplicates). Inside a node's projection Neo4j refuses aggregating
// functions, even in a subquery, so the count is a COUNT subquery and each
// bound the first value of an ordered COLLECT.
func (c *compiler) nestedAggregate(rs relSpec, match, where, n string, f Field) string {
	count := fmt.Sprintf("COUNT { MATCH %s%s }", match, where)
	if rs.distinct {
		count = fmt.Sprintf("COUNT { MATCH %s%s WITH DISTINCT %s RETURN %s }", match, where, n, n)
	}
	parts := []string{"count: " + count}
	for _, d := range selectedDates(rs.target, f) {
		cond := " WHERE "
		if where != "" {
			cond = where + " AND "
		}
		cond += fmt.Sprintf("%s.%s IS NOT NULL", n, d)
		bound := func(dir string) string {
			return fmt.Sprintf("COLLECT { MATCH %s%s RETURN %s.%s AS d ORDER BY d%s LIMIT 1 }[0]", match, cond, n, d, dir)
		}
		parts = append(parts, fmt.Sprintf("%s: {min: %s, max: %s}", d, bound(""), bound(" DESC")))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
