package ratelimit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// Rules with backend "global" are decided by Envoy's global rate limit service
// (github.com/envoyproxy/ratelimit, counters in Redis shared by every Envoy), asked through its
// HTTP JSON API with one call-out per phase for all the phase's matching global rules:
//
//	POST /json  {"domain":D,"descriptors":[{"entries":[{"key":"rule","value":ID},{"key":"key","value":K}]}, ...],"hits_addend":1}
//
// K is GlobalKeyValue: 32 hex digits of SHA-256 over the rule's resolved key (the same material
// the local limiter hashes; keyed by rate_limit.hash_seed when set), so that client-controlled
// values (headers, e-mail addresses) never reach the service or Redis, cannot play with the
// service's key syntax, and are bounded in size. Local rules of the phase are decided first;
// the call is made only when they let the request through. When the service cannot answer, the
// rule falls back per rate_limit.global.on_failure.

// globalLimiter holds the service settings and this VM's throttled-log state.
type globalLimiter struct {
	cfg  GlobalRateLimitConfig
	seed []byte

	mu   sync.Mutex
	logs map[string]*policies.ThrottledLog
}

// maxGlobalAnswerBytes bounds the service's answer: the most the glue passes to CallOutResponse.
const maxGlobalAnswerBytes = policies.MaxCallOutAnswerBytes

func newGlobalLimiter(c *policies.Config) *globalLimiter {
	rc := ConfigOf(c)
	return &globalLimiter{cfg: rc.Global, seed: []byte(rc.HashSeed), logs: map[string]*policies.ThrottledLog{}}
}

// splitGlobal returns the local rules of rules and keeps the global ones in the Tx for
// globalCall.
func (l *limiter) splitGlobal(tx *policies.Tx, rules []*rlRule, body []byte) []*rlRule {
	if l.global == nil {
		return rules
	}
	local := rules[:0:0]
	l.state(tx).globalRules = nil
	for _, r := range rules {
		if r.global {
			l.state(tx).globalRules = append(l.state(tx).globalRules, r)
			continue
		}
		local = append(local, r)
	}
	l.state(tx).globalBody = body
	return local
}

// globalCall returns the call asking the service about the phase's global rules, or nil when
// there are none.
func (l *limiter) globalCall(tx *policies.Tx, body []byte) *policies.HTTPCall {
	st := l.state(tx)
	if l == nil || l.global == nil || len(st.globalRules) == 0 {
		return nil
	}
	g := l.global
	req := globalRequest{Domain: g.cfg.Domain, HitsAddend: 1}
	var buf []byte
	for _, r := range st.globalRules {
		buf = appendKey(buf[:0], r.Key, tx, body)
		req.Descriptors = append(req.Descriptors, globalDescriptor{Entries: GlobalDescriptor(r.ID, GlobalKeyValue(g.seed, buf))})
	}
	b, _ := json.Marshal(req)
	return &policies.HTTPCall{
		Cluster: g.cfg.Cluster,
		Headers: policies.Headers{
			{Name: ":method", Value: "POST"},
			{Name: ":path", Value: "/json"},
			{Name: ":authority", Value: g.cfg.Authority},
			{Name: "content-type", Value: "application/json"},
		},
		Body:    b,
		Timeout: g.cfg.Timeout,
	}
}

type globalRequest struct {
	Domain      string             `json:"domain"`
	Descriptors []globalDescriptor `json:"descriptors"`
	HitsAddend  int                `json:"hits_addend"`
}

type globalDescriptor struct {
	Entries []DescriptorEntry `json:"entries"`
}

// DescriptorEntry is one entry of a rate limit descriptor.
type DescriptorEntry struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// GlobalDescriptor is the descriptor Edgeward sends for a rule: [rule=ID, key=keyValue].
func GlobalDescriptor(ruleID, keyValue string) []DescriptorEntry {
	return []DescriptorEntry{{Key: "rule", Value: ruleID}, {Key: "key", Value: keyValue}}
}

// GlobalKeyValue is the descriptor value for a rule's resolved key material: the first 16 bytes
// of SHA-256(seed || material) in hex.
func GlobalKeyValue(seed, material []byte) string {
	h := sha256.New()
	h.Write(seed)
	h.Write(material)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// applyGlobalAnswer denies when an enforced global rule is over its limit (the one with the
// longest reset), logs detect-mode ones, records the allowed ones for the RateLimit headers and
// otherwise lets the phase resume (nil).
func (l *limiter) applyGlobalAnswer(tx *policies.Tx, a globalAnswer) *policies.Decision {
	st := l.state(tx)
	rules := st.globalRules
	worst, worstV := (*rlRule)(nil), verdict{}
	var allowed []applied
	for i, r := range rules {
		var s globalStatus
		if i < len(a.statuses) {
			s = a.statuses[i]
		} else {
			// No status for this descriptor: it shares the overall verdict.
			s = globalStatus{over: a.over}
		}
		rr := r
		if s.hasLimit && (s.limit != int64(r.Limit) || s.unitSeconds != windowSeconds(r)) {
			c := *r // the service's own limit (its config differs from the plugin's), for the headers
			c.Limit, c.Window = int(s.limit), time.Duration(s.unitSeconds)*time.Second
			rr = &c
		}
		if !s.over {
			if !s.hasLimit {
				l.global.logThrottled(tx, "rate_limit.global_unknown_rule", policies.LogWarn, map[string]any{"rule": r.ID,
					"domain": l.global.cfg.Domain, "hint": "the rate limit service has no limit for this rule: regenerate its config (edgeward ratelimit-config)"})
				continue
			}
			v := verdict{allowed: true, remaining: s.remaining, reset: int64(s.reset)}
			allowed = append(allowed, applied{r: rr, v: v})
			continue
		}
		retry := int64(r.Window)
		if s.hasReset && s.reset > 0 {
			retry = int64(s.reset)
		}
		v := verdict{retry: retry, reset: retry}
		if r.mode == policies.Detect {
			tx.Event(policies.LogWarn, "rate_limit."+r.ID+".detect", map[string]any{"rule": r.ID, "limit": r.Limit,
				"window_s": windowSeconds(r), "retry_after": retryAfter(v), "backend": "global"})
			continue
		}
		if worst == nil || v.retry > worstV.retry {
			worst, worstV = rr, v
		}
	}
	if worst != nil {
		tx.Event(policies.LogWarn, "rate_limit."+worst.ID+".block", map[string]any{"rule": worst.ID, "limit": worst.Limit,
			"window_s": windowSeconds(worst), "retry_after": retryAfter(worstV), "backend": "global"})
		st.globalRules, st.globalBody = nil, nil
		return policies.Ptr(limitedDecision(worst, worstV, tx.Req.ID, tx.Now.UnixNano()))
	}
	st.applied = append(st.applied, allowed...)
	st.globalRules, st.globalBody = nil, nil
	return nil
}

// globalFailure applies rate_limit.global.on_failure when the service did not answer usably.
func (l *limiter) globalFailure(tx *policies.Tx, reason string) *policies.Decision {
	g := l.global
	st := l.state(tx)
	ids := make([]string, 0, len(st.globalRules))
	for _, r := range st.globalRules {
		ids = append(ids, r.ID)
	}
	g.logThrottled(tx, "rate_limit.global_fallback", policies.LogWarn, map[string]any{"reason": policies.Truncate(reason, 256),
		"on_failure": g.cfg.OnFailure, "cluster": g.cfg.Cluster, "rules": ids})
	switch g.cfg.OnFailure {
	case "allow":
		st.globalRules, st.globalBody = nil, nil
		return nil
	case "deny":
		st.globalRules, st.globalBody = nil, nil
		d := policies.FailureDecision(tx.Req.ID)
		d.Rule = "rate_limit.global"
		return &d
	}
	d := l.decide(tx, st.globalRules, st.globalBody)
	st.globalRules, st.globalBody = nil, nil
	return d
}

// logThrottled counts metric for every occurrence and logs it at most once per
// globalLogInterval (per VM), with the number of occurrences not logged since the last line.
func (g *globalLimiter) logThrottled(tx *policies.Tx, metric string, level policies.LogLevel, fields map[string]any) {
	now := tx.Now.UnixNano()
	g.mu.Lock()
	t := g.logs[metric]
	if t == nil {
		t = &policies.ThrottledLog{Last: now - int64(policies.GlobalLogInterval)}
		g.logs[metric] = t
	}
	due := now-t.Last >= int64(policies.GlobalLogInterval) || now < t.Last
	suppressed := t.Suppressed
	if due {
		t.Last, t.Suppressed = now, 0
	} else {
		t.Suppressed++
	}
	g.mu.Unlock()
	if !due {
		tx.Count(metric) // counted, not logged
		return
	}
	fields["suppressed_since_last_log"] = suppressed
	fields["log_interval_s"] = int(policies.GlobalLogInterval / time.Second)
	tx.Event(level, metric, fields)
}
