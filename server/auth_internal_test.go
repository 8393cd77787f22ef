package server

import "testing"

// Every key has a name for the history: its own (name:secret) or its
// place in its list; the secret alone is what authenticates.
func TestKeysAreNamed(t *testing.T) {
	k := newKeyring([]string{"ingest-job:s3cret", "plain-writer-key", ":not-a-name"}, []string{"analyst.1:r34d"})
	for _, tc := range []struct {
		header string
		role   role
		name   string
	}{
		{"Bearer s3cret", roleWriter, "ingest-job"},
		{"Bearer ingest-job:s3cret", roleInvalid, ""},
		{"Bearer plain-writer-key", roleWriter, "writer-2"},
		{"Bearer :not-a-name", roleWriter, "writer-3"},
		{"Bearer r34d", roleReader, "analyst.1"},
		{"Bearer nope", roleInvalid, ""},
		{"", roleAnonymous, ""},
	} {
		r, name := k.identify(tc.header)
		if r != tc.role || name != tc.name {
			t.Errorf("%q: role %d name %q, want %d %q", tc.header, r, name, tc.role, tc.name)
		}
	}
}
