package resolvers_test

import (
	"strings"
	"testing"

	"github.com/eventgraph/eventgraph/apitest"
)

// The merge mutations and duplicateCandidates over HTTP: a merged id read
// by actor(id) and node(id) reaches the kept actor, unmerge gives it back,
// and refusals are BAD_USER_INPUT naming the argument.
func TestMergeOverTheAPI(t *testing.T) {
	srv := apitest.Start(t)
	ids := []string{"t-merge-keep", "t-merge-dup", "t-merge-ev"}
	cleanup := func() {
		srv.MustMutate(t, `mutation($a: ID!, $b: ID!, $e: ID!) { a: deleteActor(id: $a) { deleted } b: deleteActor(id: $b) { deleted }
		  e: deleteEvent(id: $e) { deleted } }`, map[string]any{"a": ids[0], "b": ids[1], "e": ids[2]}, nil)
	}
	cleanup()
	t.Cleanup(cleanup)
	srv.MustMutate(t, `mutation($in: IngestInput!) { ingest(input: $in) { created } }`, map[string]any{"in": map[string]any{
		"actors": []map[string]any{
			{"id": ids[0], "name": "Merge Keep Land", "kind": "STATE", "countryCode": "TUR"},
			{"id": ids[1], "name": "MERGE KEEP LAND", "kind": "ORGANIZATION", "countryCode": "TUR", "codes": []string{"TMKL"}},
		},
		"events": []map[string]any{{"id": ids[2], "title": "Merge test event", "kind": "AGREE",
			"participants": []map[string]any{{"actorId": ids[1]}}}},
	}}, nil)

	var cands struct {
		DuplicateCandidates []struct {
			AID, BID string
			Score    float64
			Reasons  []struct{ Kind, Detail string }
		}
	}
	srv.MustQuery(t, `query($id: ID) { duplicateCandidates(type: ACTOR, id: $id, first: 5) { aId bId score reasons { kind detail } } }`,
		map[string]any{"id": ids[1]}, &cands)
	if len(cands.DuplicateCandidates) != 1 || cands.DuplicateCandidates[0].AID != ids[1] || cands.DuplicateCandidates[0].BID != ids[0] ||
		cands.DuplicateCandidates[0].Reasons[0].Kind != "SIMILAR_NAME" {
		t.Fatalf("candidates %+v", cands)
	}

	var merged struct {
		MergeActors struct {
			RevisionID string
			Kept       struct{ ID, Name string }
			MergedIds  []string
			Moved      int
		}
	}
	srv.MustMutate(t, `mutation($k: ID!, $m: [ID!]!) { mergeActors(keepId: $k, mergeIds: $m) {
	  revisionId kept { id ... on Actor { name } } mergedIds moved } }`, map[string]any{"k": ids[0], "m": []string{ids[1]}}, &merged)
	if merged.MergeActors.Kept.ID != ids[0] || merged.MergeActors.Moved != 1 || merged.MergeActors.RevisionID == "" {
		t.Fatalf("merge %+v", merged)
	}
	for _, q := range []string{
		`query($id: ID!) { actor(id: $id) { id aliases codes events { totalCount } } }`,
		`query($id: ID!) { node(id: $id) { id ... on Actor { aliases codes events { totalCount } } } }`,
		`query($id: ID!) { nodes(ids: [$id]) { id ... on Actor { aliases codes events { totalCount } } } }`,
	} {
		r := srv.Query(t, q, map[string]any{"id": ids[1]})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"id":"`+ids[0]+`","aliases":["MERGE KEEP LAND"],"codes":["TMKL"],"events":{"totalCount":1}`) {
			t.Errorf("%s by the merged id: %s %+v", q, r.Data, r.Errors)
		}
	}
	r := srv.Mutate(t, `mutation($k: ID!, $m: [ID!]!) { mergeLocations(keepId: $k, mergeIds: $m) { revisionId } }`,
		map[string]any{"k": "istanbul", "m": []string{ids[0]}})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "mergeIds[0]") {
		t.Errorf("merging an actor into a location: %+v", r.Errors)
	}

	var un struct {
		Unmerge struct {
			Kept     struct{ ID string }
			Restored []struct{ ID string }
		}
	}
	srv.MustMutate(t, `mutation($r: ID!) { unmerge(revisionId: $r) { kept { id } restored { id } } }`,
		map[string]any{"r": merged.MergeActors.RevisionID}, &un)
	if un.Unmerge.Kept.ID != ids[0] || len(un.Unmerge.Restored) != 1 || un.Unmerge.Restored[0].ID != ids[1] {
		t.Errorf("unmerge %+v", un)
	}
	r = srv.Query(t, `query($id: ID!) { actor(id: $id) { id events { totalCount } } }`, map[string]any{"id": ids[1]})
	if !strings.Contains(string(r.Data), `{"id":"`+ids[1]+`","events":{"totalCount":1}}`) {
		t.Errorf("after unmerge: %s", r.Data)
	}
	r = srv.Mutate(t, `mutation($r: ID!) { unmerge(revisionId: $r) { kept { id } } }`, map[string]any{"r": merged.MergeActors.RevisionID})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "undone already") {
		t.Errorf("second unmerge: %+v", r.Errors)
	}
}
