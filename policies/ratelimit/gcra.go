package ratelimit

import "time"

// gcra is the Generic Cell Rate Algorithm for one rule: limit requests per window, as a burst
// of up to limit requests, with the allowance refilling continuously at one request every
// window/limit. Its whole state per client is one timestamp, the theoretical arrival time
// (TAT): the moment at which the client's allowance will be full again. That makes it exact
// under compare-and-swap (one value to swap) and cheap to store in a fixed slot.
//
// Times are Unix nanoseconds. A zero TAT (or any TAT not after now) is a full allowance.
type gcra struct {
	limit    int64 // requests per window
	interval int64 // emission interval T: window/limit, in ns (>= 1)
	window   int64 // limit*interval: the allowance, in ns (<= the configured window)
	maxDebt  int64 // how far ahead of now a TAT may run (counted failures, clock steps back)
}

func newGCRA(limit int, window time.Duration) gcra {
	l := int64(max(limit, 1))
	t := max(int64(window)/l, 1)
	return gcra{limit: l, interval: t, window: l * t, maxDebt: 2 * l * t}
}

// verdict is the outcome of one evaluation, with what the RateLimit header reports.
type verdict struct {
	allowed   bool
	remaining int64 // requests still allowed now (after this one, when it was counted)
	reset     int64 // ns until more allowance is available (0 when the allowance is full)
	retry     int64 // ns until a request would be allowed (denied verdicts only)
}

// clamp bounds a stored TAT so that a corrupt value or a host clock stepping backwards can
// never lock a client out for longer than maxDebt.
func (g gcra) clamp(tat, now int64) int64 {
	if tat-now > g.maxDebt {
		return now + g.maxDebt
	}
	return tat
}

// take counts one request if the allowance permits it: it returns the new TAT and true when
// the state must be written, or the unchanged TAT and false for a denial.
func (g gcra) take(tat, now int64) (int64, verdict, bool) {
	tat = g.clamp(tat, now)
	next := max(tat, now) + g.interval
	if next-now > g.window {
		retry := next - g.window - now
		return tat, verdict{retry: retry, reset: retry}, false
	}
	v := g.status(next, now)
	v.allowed = true
	return next, v, true
}

// peek says whether a request would be allowed now, without counting it (the check pass when
// several rules apply).
func (g gcra) peek(tat, now int64) verdict {
	tat = g.clamp(tat, now)
	if next := max(tat, now) + g.interval; next-now > g.window {
		retry := next - g.window - now
		return verdict{retry: retry, reset: retry}
	}
	v := g.status(tat, now)
	v.allowed = true
	return v
}

// refund gives back one request counted by take (a successful response under
// skip_successful_requests). Nothing is written when the allowance is already full (the unit
// has refilled meanwhile).
func (g gcra) refund(tat, now int64) (int64, verdict, bool) {
	tat = g.clamp(tat, now)
	if tat <= now {
		v := g.status(tat, now)
		v.allowed = true
		return tat, v, false
	}
	next := max(tat-g.interval, now)
	v := g.status(next, now)
	v.allowed = true
	return next, v, true
}

// status reports the remaining allowance and the time until it grows, for a given TAT.
func (g gcra) status(tat, now int64) verdict {
	used := max(tat-now, 0)
	if used >= g.window {
		return verdict{remaining: 0, reset: used - g.window + g.interval}
	}
	rem := (g.window - used) / g.interval
	if rem >= g.limit {
		return verdict{remaining: g.limit}
	}
	// One more request fits once used drops to window-(rem+1)*interval.
	return verdict{remaining: rem, reset: used - (g.window - (rem+1)*g.interval)}
}

// expired reports whether a TAT is a full allowance at now (the state carries no information
// and the slot may be taken over by another client).
func expired(tat, now int64) bool { return tat <= now }
