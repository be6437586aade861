package ratelimit

import (
	"github.com/edgeward/edgeward/policies"
)

// RateLimitSpec declares the ratelimit feature: "rate_limit".
var Spec = &policies.Spec{
	Name: "ratelimit",
	Keys: []string{"rate_limit"},
	Parse: func(root policies.Obj, c *policies.Config) any {
		rc := parseRateLimit(root.Get("rate_limit"))
		return &rc
	},
	New: func(c *policies.Config, env policies.Env) (policies.Feature, error) {
		l := newLimiter(c, env.Store)
		l.slot = env.Slot
		return l, nil
	},
}

// rateLimitConfigOf is the "rate_limit" section of c (the defaults when ratelimit is not in use).
func ConfigOf(c *policies.Config) *RateLimitConfig {
	if rc, ok := c.Part("ratelimit").(*RateLimitConfig); ok {
		return rc
	}
	rc := parseRateLimit(policies.MissingNode())
	return &rc
}

// state is the request's rate-limit bookkeeping.
func (l *limiter) state(tx *policies.Tx) *rateLimitTxState {
	p := tx.Slot(l.slot)
	if *p == nil {
		*p = &rateLimitTxState{}
	}
	return (*p).(*rateLimitTxState)
}

// Run decides the rules that do not need the body (Identify) and those keyed on a body field
// (Body), asking the global rate limit service for the global ones (CallOut), and counts the
// response and adds the RateLimit headers (Respond).
func (l *limiter) Run(p policies.Phase, tx *policies.Tx) *policies.Decision {
	if len(l.rules) == 0 {
		return nil
	}
	switch p {
	case policies.Identify:
		rl, rlBody := l.requestHeaders(tx)
		if rl != nil {
			return rl
		}
		if rlBody && tx.BodyMode() != policies.BodyBuffer {
			// The body is not buffered: rules keyed on a body field use their fallback key
			// (the client address) now, so that a streamed or passed body is counted all the
			// same.
			if r := l.requestBody(tx, nil); r != nil {
				return r
			}
			rlBody = false
		}
		if rlBody {
			tx.NeedBody()
		}
		if call := l.globalCall(tx, nil); call != nil {
			return &policies.Decision{Action: policies.CallOut, Call: call}
		}
	case policies.Body:
		if r := l.requestBody(tx, tx.Body); r != nil {
			return r
		}
		if call := l.globalCall(tx, tx.Body); call != nil {
			return &policies.Decision{Action: policies.CallOut, Call: call}
		}
	case policies.Respond:
		tx.AddResponseOps(l.responseHeaders(tx, tx.Status)...)
	}
	return nil
}

// Answer applies the global rate limit service's answer (or failure).
func (l *limiter) Answer(tx *policies.Tx, status int, body []byte, failure string) *policies.Decision {
	if failure != "" {
		return l.globalFailure(tx, failure)
	}
	a, err := parseGlobalAnswer(status, body)
	if err != nil {
		return l.globalFailure(tx, err.Error())
	}
	return l.applyGlobalAnswer(tx, a)
}
