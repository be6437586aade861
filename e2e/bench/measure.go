package bench

import (
	"runtime"
	"slices"
	"time"
)

// Subject is one thing to time: Op runs one request.
type Subject struct {
	Name string
	Op   func()
}

// Result is a subject's cost per operation.
type Result struct {
	NsPerOp     float64 // median over rounds
	MinNsPerOp  float64 // fastest round
	AllocsPerOp float64 // heap allocations per op in this process (native subjects only)
	BytesPerOp  float64
	Ops         int // operations timed in all
}

// Interleave times subjects in alternating rounds, so that noise from a shared machine (other
// processes, frequency changes, GC of earlier work) lands on every subject alike: each round
// runs a batch of every subject, in an order rotated per round, and the result is the median
// of the per-round ns/op. batch is the target duration of one batch. When a round would take
// so long that rounds of them pass budget (slow subjects: a 1 MiB body through an engine that
// is slow on it), fewer rounds run, at least one; Result.Ops says how many operations were timed.
func Interleave(subjects []Subject, rounds int, batch, budget time.Duration) []Result {
	n := make([]int, len(subjects))
	var round time.Duration
	for i, s := range subjects {
		s.Op() // warm-up: first-call costs (lazy init, page faults) stay out of the rounds
		var per time.Duration
		n[i], per = calibrate(s.Op, batch)
		round += time.Duration(n[i]) * per
	}
	if budget > 0 && round > 0 && time.Duration(rounds)*round > budget {
		rounds = max(1, int(budget/round))
	}
	per := make([][]float64, len(subjects))
	res := make([]Result, len(subjects))
	for r := 0; r < rounds; r++ {
		for k := range subjects {
			i := (k + r) % len(subjects)
			if r%2 == 1 {
				i = len(subjects) - 1 - i
			}
			start := time.Now()
			for j := 0; j < n[i]; j++ {
				subjects[i].Op()
			}
			per[i] = append(per[i], float64(time.Since(start).Nanoseconds())/float64(n[i]))
			res[i].Ops += n[i]
		}
	}
	for i := range subjects {
		slices.Sort(per[i])
		res[i].NsPerOp = median(per[i])
		res[i].MinNsPerOp = per[i][0]
	}
	return res
}

// Allocs measures heap allocations and bytes per op of fn in this process (n runs).
func Allocs(fn func(), n int) (allocs, bytes float64) {
	fn()
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	for i := 0; i < n; i++ {
		fn()
	}
	runtime.ReadMemStats(&b)
	return float64(b.Mallocs-a.Mallocs) / float64(n), float64(b.TotalAlloc-a.TotalAlloc) / float64(n)
}

// calibrate returns how many runs of fn take about d (at least 1) and the time of one run.
func calibrate(fn func(), d time.Duration) (int, time.Duration) {
	n := 1
	for {
		start := time.Now()
		for i := 0; i < n; i++ {
			fn()
		}
		el := time.Since(start)
		if el >= d/4 || n >= 1<<24 {
			per := max(1, el/time.Duration(n))
			return max(1, int(d/per)), per
		}
		n *= 4
	}
}

func median(sorted []float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	m := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[m]
	}
	return (sorted[m-1] + sorted[m]) / 2
}
