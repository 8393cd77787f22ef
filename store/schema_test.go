package store

import "testing"

// The mapping table names each relationship field's relationship and
// direction once; the graph's relationships (what ingest writes, checked
// against the database by TestRelationshipEnds) must have that type between
// those labels, so that a field can never follow a relationship that does
// not exist or look for it the wrong way round.
func TestMappingFollowsTheGraphsRelationships(t *testing.T) {
	joins := func(typ, from, to string) bool {
		for _, r := range relationships {
			if r.typ == typ && (r.from == "" || r.from == from) && (r.to == "" || r.to == to) {
				return true
			}
		}
		return false
	}
	n := 0
	for typ, spec := range types {
		for field, rs := range spec.rels {
			if rs.rel == "" {
				if rs.match == "" {
					t.Errorf("%s.%s: neither a relationship nor a pattern", typ, field)
				}
				continue
			}
			if rs.match != "" {
				t.Errorf("%s.%s: both a relationship and a pattern", typ, field)
			}
			if rs.target == "" {
				t.Errorf("%s.%s: a relationship field needs its target type", typ, field)
				continue
			}
			from, to := typ.Label(), rs.target.Label()
			if rs.in {
				from, to = to, from
			}
			if !joins(rs.rel, from, to) {
				t.Errorf("%s.%s: (%s)-[:%s]->(%s) is not one of the graph's relationships", typ, field, from, rs.rel, to)
			}
			n++
		}
	}
	if n < 25 {
		t.Errorf("only %d relationship fields checked", n)
	}
}
