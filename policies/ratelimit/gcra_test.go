package ratelimit

import (
	"testing"
	"time"
)

// gcraStep is one request at a fixed time, as in x/time/rate's rate_test.go.
type gcraStep struct {
	at        time.Duration // since t0
	op        slotOp
	allowed   bool
	remaining int64
	reset     time.Duration // for allowed verdicts: until more allowance; for denials: retry
}

func runGCRASteps(t *testing.T, g gcra, steps []gcraStep) {
	t.Helper()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	var tat int64
	for i, s := range steps {
		now := t0 + int64(s.at)
		var v verdict
		switch s.op {
		case opTake:
			var write bool
			var next int64
			next, v, write = g.take(tat, now)
			if write != v.allowed {
				t.Fatalf("step %d: write=%v but allowed=%v", i, write, v.allowed)
			}
			tat = next
		case opPeek:
			v = g.peek(tat, now)
		case opRefund:
			tat, v, _ = g.refund(tat, now)
		}
		got := v.reset
		if !v.allowed {
			got = v.retry
		}
		if v.allowed != s.allowed || v.remaining != s.remaining || time.Duration(got) != s.reset {
			t.Errorf("step %d at %v op %d: got allowed=%v remaining=%d reset/retry=%v, want %v %d %v",
				i, s.at, s.op, v.allowed, v.remaining, time.Duration(got), s.allowed, s.remaining, s.reset)
		}
	}
}

func TestGCRASteps(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name   string
		limit  int
		window time.Duration
		steps  []gcraStep
	}{
		{"3 per minute: burst, refill one every 20s", 3, time.Minute, []gcraStep{
			{0, opTake, true, 2, 20 * s},
			{0, opTake, true, 1, 20 * s},
			{0, opTake, true, 0, 20 * s},
			{0, opTake, false, 0, 20 * s},
			{19 * s, opTake, false, 0, 1 * s},
			{20*s - 1, opTake, false, 0, 1},
			{20 * s, opTake, true, 0, 20 * s},
			{21 * s, opTake, false, 0, 19 * s},
			{40 * s, opTake, true, 0, 20 * s},
			{100 * s, opTake, true, 2, 20 * s}, // full again after a whole window idle
			{100 * s, opPeek, true, 2, 20 * s},
			{100 * s, opTake, true, 1, 20 * s},
		}},
		{"20 per minute: the 21st in a burst is denied", 20, time.Minute, append(
			repeatSteps(20, 0, 3*s), gcraStep{0, opTake, false, 0, 3 * s}, gcraStep{59 * s, opTake, true, 18, 1 * s})},
		{"partial refill reports the next unit", 4, 40 * time.Second, []gcraStep{
			{0, opTake, true, 3, 10 * s},
			{0, opTake, true, 2, 10 * s},
			{5 * s, opTake, true, 1, 5 * s}, // used 25s: next unit frees in 5s
			{15 * s, opPeek, true, 2, 5 * s},
		}},
		{"refund gives a taken unit back, never beyond a full allowance", 2, 10 * time.Second, []gcraStep{
			{0, opTake, true, 1, 5 * s},
			{0, opTake, true, 0, 5 * s},
			{0, opTake, false, 0, 5 * s},
			{0, opRefund, true, 1, 5 * s}, // a success: its unit is back
			{0, opTake, true, 0, 5 * s},
			{0, opRefund, true, 1, 5 * s},
			{0, opRefund, true, 2, 0},
			{0, opRefund, true, 2, 0}, // nothing left to give back: still a full allowance
			{0, opTake, true, 1, 5 * s},
			{20 * s, opRefund, true, 2, 0}, // refilled meanwhile
		}},
		{"limit 1", 1, time.Second, []gcraStep{
			{0, opTake, true, 0, s},
			{500 * time.Millisecond, opTake, false, 0, 500 * time.Millisecond},
			{s, opTake, true, 0, s},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runGCRASteps(t, newGCRA(tt.limit, tt.window), tt.steps)
		})
	}
}

func repeatSteps(n int, at time.Duration, reset time.Duration) []gcraStep {
	var out []gcraStep
	for i := n - 1; i >= 0; i-- {
		out = append(out, gcraStep{at, opTake, true, int64(i), reset})
	}
	return out
}

func TestGCRAClampsFutureState(t *testing.T) {
	g := newGCRA(3, time.Minute)
	now := int64(1_000_000) * int64(time.Second)
	// A TAT far in the future (a corrupt value, or the host clock stepped back a day) locks the
	// client out for at most maxDebt.
	_, v, _ := g.take(now+int64(24*time.Hour), now)
	if v.allowed || time.Duration(v.retry) > 2*time.Minute {
		t.Fatalf("got allowed=%v retry=%v, want denied with retry <= 2m", v.allowed, time.Duration(v.retry))
	}
}

func TestGCRAExactPerWindow(t *testing.T) {
	// Over any number of whole windows at a steady arrival rate far above the limit, exactly
	// limit per window (plus the initial burst) pass.
	for _, tc := range []struct {
		limit  int
		window time.Duration
	}{{3, time.Minute}, {20, time.Minute}, {7, 10 * time.Second}, {1000, time.Hour}} {
		g := newGCRA(tc.limit, tc.window)
		var tat int64
		passed := 0
		step := tc.window / time.Duration(tc.limit*10)
		windows := 5
		for now := int64(0); now < int64(windows)*int64(tc.window); now += int64(step) {
			next, v, ok := g.take(tat, now)
			if ok {
				tat = next
			}
			if v.allowed {
				passed++
			}
		}
		if want := tc.limit * (windows + 1); passed > want || passed < want-1 {
			t.Errorf("limit %d/%v: %d passed in %d windows, want about %d", tc.limit, tc.window, passed, windows, want)
		}
	}
}
