package store

// Many sources per node fact: an event's dates and figures. Each citation
// of an event (its CITED_IN relationship) keeps what the item that brought
// it stated of them (startDate, endDate, datePrecision, figureLabels,
// figureValues, figureUnits), so two sources that give different figures or
// dates both keep theirs, each with its source (Event.sources: SourceRef's
// startDate, endDate, datePrecision, figures). The event's own values are
// the preferred ones: those of the latest item that brought a citation the
// event did not have, or that cited nothing (the writer's own correction).
// An item whose citations the event holds already (a replay of an older
// batch) leaves the preferred values as they are, so replaying any batch
// changes nothing; as for relationships (claims.go), an item citing one
// source it holds corrects what that citation states, and the preferred
// values too when that citation is the latest (claimedAt) or the event's
// citations predate claims (a dataset republishing a corrected event).

// claimedKeys are the event properties a citation states.
var claimedKeys = []string{"startDate", "endDate", "datePrecision", "figureLabels", "figureValues", "figureUnits"}

// claimRows gives each event row with citations what they state (claims,
// set on the citations it adds) and its properties without them (q, set
// instead of p when the event holds every citation already). datePrecision
// counts as stated only with a date.
func claimRows(rows []any) {
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if _, cited := row["cites"]; !cited {
			continue
		}
		p, _ := row["p"].(map[string]any)
		claims, q := map[string]any{}, make(map[string]any, len(p))
		_, start := p["startDate"]
		_, end := p["endDate"]
		for k, v := range p {
			q[k] = v
		}
		for _, k := range claimedKeys {
			v, ok := p[k]
			if !ok || k == "datePrecision" && !start && !end {
				continue
			}
			claims[k] = v
			delete(q, k)
		}
		row["claims"], row["q"] = claims, q
	}
}

// restatedRow rebinds row, for an event that holds every citation the row
// brings, to the row without the stated facts.
const restatedRow = `WITH n, created, row, row.q IS NOT NULL AND all(ct IN row.cites WHERE
    CASE WHEN ct.quote IS NULL THEN EXISTS { (n)-[:CITED_IN]->(:Source {id: ct.sourceId}) }
    ELSE EXISTS { (n)-[c:CITED_IN]->(:Source {id: ct.sourceId}) WHERE c.quote = ct.quote } END) AS held
WITH n, created, row, held AND NOT (size(row.cites) = 1 AND coalesce(
    COLLECT { MATCH (n)-[c:CITED_IN]->(:Source {id: row.cites[0].sourceId}) WHERE row.cites[0].quote IS NULL OR c.quote = row.cites[0].quote
      RETURN c.claimedAt ORDER BY c.claimedAt DESC LIMIT 1 }[0] >=
    COLLECT { MATCH (n)-[c:CITED_IN]->() WHERE c.claimedAt IS NOT NULL RETURN c.claimedAt ORDER BY c.claimedAt DESC LIMIT 1 }[0], true)) AS keep
WITH n, created, CASE WHEN keep THEN row {.*, p: row.q} ELSE row END AS row
`

// restateClaims is the end of citesLink for an event row citing one
// source it holds already: that citation's claims are corrected.
const restateClaims = `
  WITH n, s, ct, row, existed
  CALL (n, s, ct, row, existed) {
    WITH * WHERE existed AND size(row.cites) = 1 AND row.claims IS NOT NULL
    MATCH (n)-[c:CITED_IN]->(s) WHERE ct.quote IS NULL OR c.quote = ct.quote
    SET c += row.claims }`

// sourceRefClaims are the SourceRef fields read from the citation r.
func sourceRefClaims(r string) map[string]string {
	return map[string]string{
		"startDate":     r + ".startDate",
		"endDate":       r + ".endDate",
		"datePrecision": r + ".datePrecision",
		"figures": "CASE WHEN " + r + ".figureLabels IS NULL THEN null ELSE [i IN range(0, size(" + r + ".figureLabels) - 1) | " +
			"{label: " + r + ".figureLabels[i], value: " + r + ".figureValues[i], unit: nullif(" + r + ".figureUnits[i], '')}] END",
	}
}
