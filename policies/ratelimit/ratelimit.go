package ratelimit

import (
	"encoding/hex"
	"errors"

	"github.com/edgeward/edgeward/policies"
)

// limiter applies the rate_limit rules over a Store shared by the VMs of one Envoy instance.
//
// Phases: rules whose key needs the body are decided in requestBody, the others in
// requestHeaders. Within a phase every matching rule is first checked without counting; if any
// would deny, the request is answered by the strictest one (the longest Retry-After) and no
// rule of that phase counts it. Otherwise each rule counts it (compare-and-swap); a rule that
// lost a race to the last unit then denies. Rules with skip_successful_requests count at arrival
// too, like every rule, and give the unit back in responseHeaders when the response turns out
// successful (status < 400), as express-rate-limit does: so at most `limit` failures can be in
// flight or done within a window, however many guesses arrive at once, on every worker and VM.
type limiter struct {
	rules  []*rlRule
	slots  *slotStore
	fail   policies.FailMode
	global *globalLimiter // rules with backend "global"; nil when none
	slot   int            // the Tx slot of rateLimitTxState
}

type rlRule struct {
	RateLimitRule
	g         gcra
	needsBody bool
	mode      policies.Mode
	global    bool // backend "global": asked of the rate limit service
}

// rateLimitTxState is one request's rate-limit bookkeeping.
type rateLimitTxState struct {
	bodyRules []*rlRule // matched rules keyed on the body, decided in requestBody
	applied   []applied // rules that let the request through, for response headers and counting
	responded bool

	globalRules []*rlRule // matched global rules of the current phase, asked in one call
	globalBody  []byte    // the body they are keyed on (nil in the header phase)
}

type applied struct {
	r      *rlRule
	k      keyHash
	v      verdict
	refund bool // skip_successful_requests: give the unit back if the response is a success
}

func newLimiter(c *policies.Config, s policies.Store) *limiter {
	l := &limiter{slots: &slotStore{store: s}, fail: c.FailMode}
	rl := ConfigOf(c)
	if rl.HashSeed != "" {
		l.slots.fixed = []byte(rl.HashSeed)
	}
	if len(rl.Rules) > 0 {
		// Create or adopt the shared seed now, at VM start, rather than at the first request, so
		// that VMs started one after another agree on it before any traffic arrives.
		_, _ = l.slots.currentSeed(0)
	}
	for i := range rl.Rules {
		rc := rl.Rules[i]
		if rc.ID == "" || rc.Limit < 1 {
			continue // ParseConfig rejected it already
		}
		r := &rlRule{RateLimitRule: rc, g: newGCRA(rc.Limit, rc.Window), mode: c.Mode}
		if rc.modeSet {
			r.mode = rc.Mode
		}
		for _, p := range rc.Key {
			if p.Kind == KeyBody {
				r.needsBody = true
			}
		}
		l.rules = append(l.rules, r)
		if r.Backend == "global" {
			r.global = true
			if l.global == nil {
				l.global = newGlobalLimiter(c)
			}
			if rl.Global.OnFailure != "local" {
				continue // no local fallback: no shared-data slots
			}
		}
		l.slots.ensureSlots(r.ID, r.Slots)
	}
	return l
}

// requestHeaders decides the rules that do not need the body and reports whether some rule
// needs it.
func (l *limiter) requestHeaders(tx *policies.Tx) (*policies.Decision, bool) {
	if l == nil || len(l.rules) == 0 {
		return nil, false
	}
	st := l.state(tx)
	var headerRules []*rlRule
	for _, r := range l.rules {
		if !r.Route.Matches(tx.Req.Method, tx.Path) {
			continue
		}
		if r.needsBody {
			st.bodyRules = append(st.bodyRules, r)
			continue
		}
		headerRules = append(headerRules, r)
	}
	headerRules = l.splitGlobal(tx, headerRules, nil)
	return l.decide(tx, headerRules, nil), len(st.bodyRules) > 0
}

// requestBody decides the rules keyed on the body (client IP when the field is absent or the
// body is not JSON).
func (l *limiter) requestBody(tx *policies.Tx, body []byte) *policies.Decision {
	if l == nil || len(l.state(tx).bodyRules) == 0 {
		return nil
	}
	rules := l.state(tx).bodyRules
	l.state(tx).bodyRules = nil
	if body == nil {
		body = []byte{}
	}
	rules = l.splitGlobal(tx, rules, body)
	return l.decide(tx, rules, body)
}

// decide checks every rule, then counts the request against each unless one denies.
func (l *limiter) decide(tx *policies.Tx, rules []*rlRule, body []byte) *policies.Decision {
	if len(rules) == 0 {
		return nil
	}
	now := tx.Now.UnixNano()
	seed, err := l.slots.currentSeed(now)
	if err != nil {
		return l.storeFailure(tx, rules[0], err)
	}
	keys := make([]keyHash, len(rules))
	var buf []byte
	for i, r := range rules {
		buf = appendKey(buf[:0], r.Key, tx, body)
		keys[i] = hashKey(seed, r.ID, buf, r.Slots)
	}
	// Check pass: nothing is counted if any rule denies. A lone counting rule needs none: its
	// take checks and counts in one compare-and-swap.
	checked := make([]verdict, len(rules))
	skip := make([]bool, len(rules))
	worst := -1
	lone := len(rules) == 1
	for i, r := range rules {
		if lone {
			break
		}
		v, guest, err := l.slots.apply(r.g, r.ID, keys[i], now, opPeek)
		if err != nil {
			if d := l.storeFailure(tx, r, err); d != nil {
				return d
			}
			skip[i] = true // fail open: this rule does not apply to this request
			continue
		}
		checked[i] = v
		l.noteCollision(tx, r, guest)
		if v.allowed {
			continue
		}
		skip[i] = true // a denied request is not counted by the rule that denies it
		if r.mode == policies.Detect {
			l.limited(tx, r, keys[i], v)
			continue
		}
		if worst < 0 || v.retry > checked[worst].retry {
			worst = i
		}
	}
	if worst >= 0 {
		return l.limited(tx, rules[worst], keys[worst], checked[worst])
	}
	// Count pass.
	for i, r := range rules {
		if skip[i] {
			continue
		}
		v, guest, err := l.slots.apply(r.g, r.ID, keys[i], now, opTake)
		if err != nil {
			if d := l.storeFailure(tx, r, err); d != nil {
				return d
			}
			continue
		}
		if lone {
			l.noteCollision(tx, r, guest)
		}
		if !v.allowed { // over the limit (or, after a check pass, lost the race for the last unit)
			if d := l.limited(tx, r, keys[i], v); d != nil {
				return d
			}
			continue
		}
		l.state(tx).applied = append(l.state(tx).applied, applied{r: r, k: keys[i], v: v, refund: r.SkipSuccessfulRequests})
	}
	return nil
}

// limited records a denial by r and returns its response, or nil in detect mode.
func (l *limiter) limited(tx *policies.Tx, r *rlRule, k keyHash, v verdict) *policies.Decision {
	fields := map[string]any{"rule": r.ID, "limit": r.Limit, "window_s": windowSeconds(r),
		"retry_after": retryAfter(v), "key_fp": fingerprintHex(k.fp)}
	if r.mode == policies.Detect {
		tx.Event(policies.LogWarn, "rate_limit."+r.ID+".detect", fields)
		return nil
	}
	tx.Event(policies.LogWarn, "rate_limit."+r.ID+".block", fields)
	d := limitedDecision(r, v, tx.Req.ID, tx.Now.UnixNano())
	return &d
}

func (l *limiter) noteCollision(tx *policies.Tx, r *rlRule, guest bool) {
	if guest {
		tx.Event(policies.LogDebug, "rate_limit.slot_collision", map[string]any{"rule": r.ID})
	}
}

// storeFailure applies the fail mode to a store failure: a 503 under fail_mode closed, nil
// (the rule is skipped for this request) under open. Either way it is logged and counted.
func (l *limiter) storeFailure(tx *policies.Tx, r *rlRule, err error) *policies.Decision {
	metric := "rate_limit.store_error"
	if errors.Is(err, errCASExhausted) {
		metric = "rate_limit.cas_exhausted"
	}
	tx.Event(policies.LogError, metric, map[string]any{"rule": r.ID, "error": err.Error(), "fail_mode": l.fail.String()})
	if l.fail == policies.FailOpen {
		return nil
	}
	d := policies.FailureDecision(tx.Req.ID)
	d.Rule = "rate_limit." + r.ID
	return &d
}

// responseHeaders gives back the units of skip_successful_requests rules when the response is
// a success and returns the RateLimit headers for an allowed response. A request whose response
// never comes (the client went away, the stream was reset) keeps its unit: the safe side.
func (l *limiter) responseHeaders(tx *policies.Tx, status int) []policies.HeaderOp {
	st := l.state(tx)
	if l == nil || st.responded || len(st.applied) == 0 {
		return nil
	}
	st.responded = true
	now := tx.Now.UnixNano()
	for i := range st.applied {
		a := &st.applied[i]
		if !a.refund || status >= 400 {
			continue
		}
		v, _, err := l.slots.apply(a.r.g, a.r.ID, a.k, now, opRefund)
		if err != nil {
			l.storeFailure(tx, a.r, err) // the response is on its way: only log and count
			continue
		}
		a.v = v
	}
	if tx.Denied() { // the engine answered locally; its response carries what it needs
		return nil
	}
	var on []applied
	for _, a := range st.applied {
		if a.r.HeadersOnAllowed {
			on = append(on, a)
		}
	}
	if len(on) == 0 {
		return nil
	}
	return rateLimitHeaders(on, now)
}

func fingerprintHex(fp uint64) string {
	var b [8]byte
	for i := 0; i < 8; i++ {
		b[i] = byte(fp >> (56 - 8*i))
	}
	return hex.EncodeToString(b[:4])
}
