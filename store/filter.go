package store

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eventgraph/eventgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Filters turn `where` arguments into Cypher conditions over the node
// variable n (and relationship variable r where there is one). Every value
// becomes a parameter.

func whereArg(args map[string]any) map[string]any {
	w, _ := args["where"].(map[string]any)
	return w
}

func present(w map[string]any, key string) bool {
	v, ok := w[key]
	if !ok || v == nil {
		return false
	}
	if l, ok := v.([]any); ok && len(l) == 0 {
		return false
	}
	return true
}

// dateParam reads a Date argument ("2025-05-16") as a Neo4j date.
func (c *compiler) dateParam(field string, v any) (string, error) {
	s, _ := v.(string)
	d, err := eventgraph.ParseDate(s)
	if err != nil {
		return "", eventgraph.Errorf(eventgraph.CodeBadUserInput, "%s: %v", field, err)
	}
	return c.param(neo4j.DateOf(d.Time())), nil
}

// longestSpan binds the longest event's length in days (index-backed: one
// entry read), which turns "ends on or after from" into a bounded seek of
// the start-date index: an event that ends on or after from started at most
// that many days before it.
const longestSpan = `CALL () { OPTIONAL MATCH (s:Event) WHERE s.spanDays IS NOT NULL
  WITH s.spanDays AS d ORDER BY d DESC LIMIT 1 RETURN coalesce(d, 0) AS longestSpan }`

// eventDates keeps events that overlap [from, to], with their precision
// as dateMatch asks (validtime.go). Where the query can run a prelude (a
// root list), it also bounds the start date from both sides, so the index
// seek starts near from rather than at the beginning of time (at 1M events
// a timeline page read 200 ms of index entries for 50 rows).
func (c *compiler) eventDates(w map[string]any, n string, bounded bool) ([]string, error) {
	var conds []string
	prec, last := precisionOf(n), "coalesce("+n+".endDate, "+n+".startDate)"
	if present(w, "from") {
		p, err := c.dateParam("where.from", w["from"])
		if err != nil {
			return nil, err
		}
		if surely(w) {
			// Surely ends on or after from: its end's period starts then.
			conds = append(conds, fmt.Sprintf("%s >= %s", periodStart(last, prec), p))
		} else {
			conds = append(conds, fmt.Sprintf("%s >= %s", periodEnd(last, prec), p))
		}
		if bounded {
			c.prelude = append(c.prelude, prelude{longestSpan, "longestSpan"})
			conds = append(conds, fmt.Sprintf("%s.startDate >= %s - duration({days: longestSpan})", n, p))
		}
	}
	if present(w, "to") {
		p, err := c.dateParam("where.to", w["to"])
		if err != nil {
			return nil, err
		}
		if surely(w) {
			// Surely started on or before to: its start's period ends then.
			conds = append(conds, fmt.Sprintf("%s.startDate <= %s", n, p), fmt.Sprintf("%s <= %s", periodEnd(n+".startDate", prec), p))
		} else {
			if bounded {
				c.prelude = append(c.prelude, prelude{toBound(p), "toBound"})
				conds = append(conds, fmt.Sprintf("%s.startDate <= toBound", n))
			}
			conds = append(conds, fmt.Sprintf("%s <= %s", periodStart(n+".startDate", prec), p))
		}
	}
	return conds, nil
}

func (c *compiler) in(w map[string]any, key, expr string, conds []string) []string {
	if present(w, key) {
		conds = append(conds, fmt.Sprintf("%s IN %s", expr, c.param(w[key])))
	}
	return conds
}

// one adds the condition that expr is one of the list w[key], as an
// equality when the list has one value (an IN over a parameter list
// cannot tell the planner that an index's order holds); it says whether
// it was one.
func (c *compiler) one(w map[string]any, key, expr string, conds *[]string) bool {
	if l, _ := w[key].([]any); len(l) == 1 {
		*conds = append(*conds, fmt.Sprintf("%s = %s", expr, c.param(l[0])))
		return true
	}
	*conds = c.in(w, key, expr, *conds)
	return false
}

func (c *compiler) eq(w map[string]any, key, expr string, conds []string) []string {
	if present(w, key) {
		conds = append(conds, fmt.Sprintf("%s = %s", expr, c.param(w[key])))
	}
	return conds
}

func actorEventsFilter(c *compiler, args map[string]any, n, r string) ([]string, error) {
	return c.composed(actorEventsWhere, whereArg(args), n, r)
}

// actorEventsWhere is an ActorEventsWhere over event n and participation r.
func actorEventsWhere(c *compiler, w map[string]any, n, r string) ([]string, error) {
	conds := c.in(w, "kinds", n+".kind", nil)
	conds = c.in(w, "participationKinds", r+".kind", conds)
	dates, err := c.eventDates(w, n, false)
	if err != nil {
		return nil, err
	}
	conds, err = c.validAt(w, "where", participation(r, n), append(conds, dates...))
	if err != nil {
		return nil, err
	}
	conds = c.eq(w, "role", r+".role", conds)
	return c.nodeWhere(eventgraph.NodeTypeEvent, w, "event", n, conds)
}

func participantFilter(c *compiler, args map[string]any, n, r string) ([]string, error) {
	return c.composed(participantWhere, whereArg(args), n, r)
}

// participantWhere is a ParticipantWhere over actor n and participation r;
// {x} is the event the participants hang from (relSpec.filter).
func participantWhere(c *compiler, w map[string]any, n, r string) ([]string, error) {
	conds := c.in(w, "kinds", r+".kind", nil)
	conds = c.in(w, "actorKinds", n+".kind", conds)
	conds, err := c.validAt(w, "where", participation(r, "{x}"), conds)
	if err != nil {
		return nil, err
	}
	conds = c.eq(w, "role", r+".role", conds)
	return c.nodeWhere(eventgraph.NodeTypeActor, w, "actor", n, conds)
}

func affiliationFilter(c *compiler, args map[string]any, n, r string) ([]string, error) {
	return c.composed(affiliationWhere, whereArg(args), n, r)
}

// affiliationWhere is an AffiliationWhere over the actor n at the other
// end and affiliation r.
func affiliationWhere(c *compiler, w map[string]any, n, r string) ([]string, error) {
	conds, err := c.validAt(w, "where", datedFact(r), nil)
	if err != nil {
		return nil, err
	}
	conds = c.eq(w, "role", r+".role", conds)
	return c.nodeWhere(eventgraph.NodeTypeActor, w, "actor", n, conds)
}

func citationFilter(c *compiler, args map[string]any, n, r string) ([]string, error) {
	if !present(args, "types") {
		return nil, nil
	}
	var labels []string
	for _, t := range args["types"].([]any) {
		labels = append(labels, eventgraph.NodeType(fmt.Sprint(t)).Label())
	}
	return []string{fmt.Sprintf("any(l IN labels(%s) WHERE l IN %s)", n, c.param(labels))}, nil
}

func positionFilter(c *compiler, args map[string]any, n, r string) ([]string, error) {
	return c.composed(positionOwn, whereArg(args), n, r)
}

// positionOwn is a PositionWhere over position n.
func positionOwn(c *compiler, w map[string]any, n, _ string) ([]string, error) {
	var conds []string
	if present(w, "actorIds") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (a:Actor)-[:HOLDS]->(%s) WHERE a.id IN %s }", n, c.param(w["actorIds"])))
	}
	if present(w, "topicIds") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:ON]->(t:Topic) WHERE t.id IN %s }", n, c.param(w["topicIds"])))
	}
	conds = c.in(w, "stances", n+".stance", conds)
	conds, err := c.validAt(w, "where", datedFact(n), conds)
	if err != nil {
		return nil, err
	}
	if present(w, "text") {
		conds = append(conds, c.textCond(lPosition, n, w["text"]))
	}
	conds, err = c.relatedWhere(eventgraph.NodeTypePosition, "actor", w, n, conds)
	if err != nil {
		return nil, err
	}
	return c.relatedWhere(eventgraph.NodeTypePosition, "topic", w, n, conds)
}

// textCond keeps nodes the full-text index matches for text. Used inside
// other filters; a root list with only a text filter starts from the index
// instead (rootStart).
func (c *compiler) textCond(label, n string, text any) string {
	return fmt.Sprintf("%s IN [x IN COLLECT { CALL db.index.fulltext.queryNodes('%s', %s) YIELD node RETURN node } | x]",
		n, FulltextIndex(label), c.param(LuceneQuery(fmt.Sprint(text))))
}

// redirected binds, in the root list's prelude, the ids of w[key] with
// every id a merge left as a redirect of one of labels replaced by the id
// of the node it was merged into, and returns the variable: a client that
// kept an old id finds the kept node, in the same query (one index lookup
// for the list). A single id (w[key] not a list) becomes a list of one.
//
// Where no prelude runs (a filter nested in a relationship filter or in a
// nested connection, compiled as a subquery's condition), the same lookup
// is an expression in place.
func (c *compiler) redirected(w map[string]any, key string, labels ...string) string {
	ids := w[key]
	if _, ok := ids.([]any); !ok {
		ids = []any{ids}
	}
	of := "r.of = '" + strings.Join(labels, "' OR r.of = '") + "'" // the store's labels, never client text
	if c.nested > 0 {
		// Variables of its own: the subquery sees the enclosing query's.
		id, r := c.newVar("rid"), c.newVar("rd")
		return fmt.Sprintf("COLLECT { UNWIND %s AS %s OPTIONAL MATCH (%s:Redirect {id: %s}) WHERE %s RETURN coalesce(%s.to, %s) }",
			c.param(ids), id, r, id, strings.ReplaceAll(of, "r.of", r+".of"), r, id)
	}
	v := "redirected" + strconv.Itoa(len(c.prelude))
	c.prelude = append(c.prelude, prelude{fmt.Sprintf(
		"CALL () { UNWIND %s AS id OPTIONAL MATCH (r:Redirect {id: id}) WHERE %s RETURN collect(coalesce(r.to, id)) AS %s }",
		c.param(ids), of, v), v})
	return v
}

// rootFilter is the `where` of a root list field of type typ: its type's
// where function in the mapping table (schema.go), composed (where.go).
func rootFilter(c *compiler, typ eventgraph.NodeType, w map[string]any, n string) ([]string, error) {
	return c.whereOf(typ, w, n)
}

// actorWhere is the `where` of the root list actors.
func actorWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	if present(w, "ids") {
		conds = append(conds, fmt.Sprintf("%s.id IN %s", n, c.redirected(w, "ids", lActor)))
	}
	conds = c.in(w, "kinds", n+".kind", conds)
	conds = c.eq(w, "countryCode", n+".countryCode", conds)
	if present(w, "code") {
		conds = append(conds, fmt.Sprintf("%s IN %s.codes", c.param(w["code"]), n))
	}
	conds = c.nestedText(lActor, w, n, externalIDFilter(c, w, n, conds))
	conds, err := c.quantified(eventgraph.NodeTypeActor, "events", w, n, actorEventsWhere, conds)
	if err != nil {
		return nil, err
	}
	conds, err = c.quantified(eventgraph.NodeTypeActor, "affiliations", w, n, affiliationWhere, conds)
	if err != nil {
		return nil, err
	}
	return c.quantified(eventgraph.NodeTypeActor, "members", w, n, affiliationWhere, conds)
}

// externalIDFilter keeps the nodes that hold where.externalId (SYSTEM:ID,
// as stored; the externalIds index answers it).
func externalIDFilter(c *compiler, w map[string]any, n string, conds []string) []string {
	if present(w, "externalId") {
		conds = append(conds, fmt.Sprintf("%s IN %s.externalIds", c.param(w["externalId"]), n))
	}
	return conds
}

// eventWhere is the `where` of the root list events.
func eventWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	conds = c.in(w, "ids", n+".id", conds)
	// One kind: the page can be read in (kind, startDate) index order.
	if c.one(w, "kinds", n+".kind", &conds) && c.nested == 0 {
		c.sortPrefix = []string{n + ".kind"}
	}
	dates, err := c.eventDates(w, n, c.nested == 0)
	if err != nil {
		return nil, err
	}
	conds = append(conds, dates...)
	if present(w, "participantsAny") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (a:Actor)-[pr:PARTICIPATED_IN]->(%s) WHERE a.id IN %s AND pr.kind <> 'DECLINED' }",
			n, c.redirected(w, "participantsAny", lActor)))
	}
	if present(w, "participantsAll") {
		conds = append(conds, fmt.Sprintf("all(pid IN %s WHERE EXISTS { MATCH (a:Actor {id: pid})-[pr:PARTICIPATED_IN]->(%s) WHERE pr.kind <> 'DECLINED' })",
			c.redirected(w, "participantsAll", lActor), n))
	}
	if present(w, "locationId") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:OCCURRED_AT]->(:Location)-[:LOCATED_IN*0..6]->(l:Location) WHERE l.id IN %s }",
			n, c.redirected(w, "locationId", lLocation)))
	}
	if present(w, "topicId") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:CONCERNS]->(t:Topic) WHERE t.id = %s }", n, c.param(w["topicId"])))
	}
	conds = externalIDFilter(c, w, n, conds)
	conds = c.in(w, "modes", n+".mode", conds)
	if present(w, "contexts") {
		conds = append(conds, fmt.Sprintf("any(x IN coalesce(%s.contexts, []) WHERE x IN %s)", n, c.param(w["contexts"])))
	}
	conds = c.nestedText(lEvent, w, n, conds)
	return c.quantified(eventgraph.NodeTypeEvent, "participants", w, n, participantWhere, conds)
}

// positionWhere is the `where` of the root list positions: positionFilter,
// with actorIds following redirects (a nested list has no prelude to bind
// them in).
func positionWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	if !present(w, "actorIds") {
		return positionOwn(c, w, n, "")
	}
	rest := maps.Clone(w)
	delete(rest, "actorIds")
	conds, err := positionOwn(c, rest, n, "")
	return append([]string{fmt.Sprintf("EXISTS { MATCH (a:Actor)-[:HOLDS]->(%s) WHERE a.id IN %s }", n, c.redirected(w, "actorIds", lActor))}, conds...), err
}

// forecastWhere is the `where` of the root list forecasts.
func forecastWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	if present(w, "aboutIds") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:ABOUT]->(s) WHERE s.id IN %s }", n, c.redirected(w, "aboutIds", lActor, lLocation)))
	}
	// Every forecast has a windowSort (see derived in ingest.go); saying
	// so lets Neo4j read the list from an index in window order. With
	// one status and one horizon the (status, horizon, windowSort)
	// index gives exactly the page.
	if c.nested == 0 {
		conds = append(conds, n+".windowSort IS NOT NULL")
	}
	status := c.forecastStatusWhere(w, n, &conds)
	horizon := c.one(w, "horizons", n+".horizon", &conds)
	if status && horizon && c.nested == 0 {
		c.sortPrefix = []string{n + ".status", n + ".horizon"}
	}
	conds = c.in(w, "likelihoods", n+".likelihood", conds)
	if present(w, "sourceId") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:ISSUED_IN]->(s:Source) WHERE s.id = %s }", n, c.param(w["sourceId"])))
	}
	return conds, nil
}

// locationWhere is the `where` of the root list locations.
func locationWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	conds = c.in(w, "kinds", n+".kind", conds)
	conds = c.eq(w, "countryCode", n+".countryCode", conds)
	if present(w, "withinId") {
		conds = append(conds, fmt.Sprintf("EXISTS { MATCH (%s)-[:LOCATED_IN*1..6]->(l:Location) WHERE l.id IN %s }", n, c.redirected(w, "withinId", lLocation)))
	}
	return c.nestedText(lLocation, w, n, externalIDFilter(c, w, n, conds)), nil
}

// topicWhere is the `where` of the root list topics.
func topicWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	conds = c.in(w, "ids", n+".id", conds)
	return c.nestedText(lTopic, w, n, conds), nil
}

// sourceWhere is the `where` of the root list sources.
func sourceWhere(c *compiler, w map[string]any, n string) ([]string, error) {
	var conds []string
	conds = c.in(w, "kinds", n+".kind", conds)
	if present(w, "publishedFrom") {
		p, err := c.dateParam("where.publishedFrom", w["publishedFrom"])
		if err != nil {
			return nil, err
		}
		conds = append(conds, fmt.Sprintf("%s.publishedAt >= %s", n, p))
	}
	if present(w, "publishedTo") {
		p, err := c.dateParam("where.publishedTo", w["publishedTo"])
		if err != nil {
			return nil, err
		}
		conds = append(conds, fmt.Sprintf("%s.publishedAt <= %s", n, p))
	}
	return c.nestedText(lSource, w, n, conds), nil
}

// orderBy is the ORDER BY of a root list of type typ: the orderBy
// argument mapped onto properties by the type's orders in the mapping table
// (schema.go). Property names come from that table, never from the
// client's text.
func orderBy(typ eventgraph.NodeType, o map[string]any, n string) (string, error) {
	spec := types[typ]
	field, dir := spec.defaultOrder[0], spec.defaultOrder[1]
	if o != nil {
		if v, ok := o["field"].(string); ok {
			field = v
		}
		if v, ok := o["direction"].(string); ok {
			dir = v
		}
	}
	prop, ok := spec.orders[field]
	if !ok {
		return "", eventgraph.Errorf(eventgraph.CodeBadUserInput, "orderBy.field: %s cannot order %s", field, typ.Label())
	}
	if dir != "ASC" && dir != "DESC" {
		return "", eventgraph.Errorf(eventgraph.CodeBadUserInput, "orderBy.direction: %q is not ASC or DESC", dir)
	}
	if e, ok := spec.exprs[prop]; ok {
		// A derived value (a forecast's status): its expression, then
		// the type's default order to break ties.
		tie := spec.orders[spec.defaultOrder[0]]
		return fmt.Sprintf("%s %s, %s.%s %s, %s.id", subst(e, n, "", ""), dir, n, tie, dir, n), nil
	}
	return fmt.Sprintf("%s.%s %s, %s.id", n, prop, dir, n), nil
}

func eventOrderBy(o map[string]any, n string) (string, error) {
	return orderBy(eventgraph.NodeTypeEvent, o, n)
}

// LuceneQuery turns what a person typed into a full-text query: each word
// matches exactly, as a prefix or with one typo, so "Zelensky" finds
// Zelenskyy and "negot" finds negotiations. The words are those
// eventgraph.SearchWords keeps (a long text is cut, never refused), and
// Lucene's operators in them are escaped: the text is never interpreted as
// query syntax.
func LuceneQuery(text string) string { return lucene(text, true) }

// literalQuery is LuceneQuery without the typos: the words exactly or as
// prefixes. Search tries it first, because the typo terms cost Lucene a
// walk over its term dictionary (a third of a search's time).
func literalQuery(text string) string { return lucene(text, false) }

// Lucene refuses a query of more than luceneMaxClauses clauses once it has
// expanded it, and each term of the text becomes one per field of the index
// (fulltextProps). An exact word and a prefix expand to one clause each; a
// word with one typo to one per indexed term within one edit of it, up to
// luceneFuzzyExpansions. So the words a text keeps (at most
// eventgraph.LimitSearchWords) always fit exactly and as prefixes, and typos
// are allowed on the first words only, while the worst expansion still fits:
// two of 32 words, the first three of a shorter text. (Before, 150 words of
// a pasted paragraph, or 13 words each one edit from 50 names, made Lucene
// refuse the query.)
const (
	luceneMaxClauses      = 1024
	luceneFuzzyExpansions = 50
)

var fulltextFields = strings.Count(fulltextProps, "n.")

func lucene(text string, typos bool) string {
	words := eventgraph.SearchWords(text).Words
	if len(words) == 0 {
		return `""`
	}
	// Clauses left per field once every word is there exactly and as a prefix.
	room := luceneMaxClauses / fulltextFields
	for _, w := range words {
		room--
		if utf8.RuneCountInString(w) >= 3 {
			room--
		}
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		e := luceneEscape(w)
		n := utf8.RuneCountInString(w)
		b.WriteString("(" + e + "^3")
		if n >= 3 {
			b.WriteString(" " + e + "*")
		}
		if typos && n >= 4 && room >= luceneFuzzyExpansions {
			b.WriteString(" " + e + "~1")
			room -= luceneFuzzyExpansions
		}
		b.WriteByte(')')
	}
	return b.String()
}

func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
