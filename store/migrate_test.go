package store

import (
	"context"
	"sync"
	"testing"
)

// Replicas started together migrate together: each CREATE ... IF NOT EXISTS
// may find the index absent and then lose the race to create it; Migrate
// must take that as done, not fail the start.
func TestMigrateConcurrently(t *testing.T) {
	ctx := context.Background()
	admin := writeTestClient(t)
	const replicas = 4
	clients := make([]*Client, replicas)
	for i := range clients {
		clients[i] = writeTestClient(t)
	}
	for round := 0; round < 5; round++ {
		// Indexes only (no constraint: dropping one would let duplicates in
		// while other packages' tests write), so the database stays correct
		// while they are briefly missing.
		for _, q := range []string{"DROP INDEX location_country IF EXISTS", "DROP INDEX redirect_id IF EXISTS", "DROP INDEX merged_rel_rev IF EXISTS"} {
			if err := admin.migrateAutoCommit(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		errs := make([]error, replicas)
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = c.Migrate(ctx)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, replica %d: %v", round, i, err)
			}
		}
	}
}
