package store

import "sync/atomic"

// RoundTripCounter counts queries sent to the database.
type RoundTripCounter struct{ n atomic.Int64 }

func (r *RoundTripCounter) Add(n int64) { r.n.Add(n) }
func (r *RoundTripCounter) Load() int64 { return r.n.Load() }
