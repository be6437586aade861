package ratelimit

import (
	"time"

	"github.com/edgeward/edgeward/policies/internal/rx"

	"github.com/edgeward/edgeward/policies"
)

// GlobalRateLimitConfig is "rate_limit.global": how rules with backend "global" reach Envoy's
// global rate limit service (github.com/envoyproxy/ratelimit) through its HTTP JSON API.
type GlobalRateLimitConfig struct {
	// Cluster: "cluster", the Envoy cluster of the rate limit service's HTTP port; required
	// when a rule has backend "global".
	Cluster string
	// Domain: "domain", the service's domain for Edgeward's descriptors ([A-Za-z0-9_.-], 1-64
	// bytes); required when a rule has backend "global".
	Domain string
	// Authority: "authority", the :authority of the call, default the cluster name.
	Authority string
	// Timeout: "timeout", default "100ms" (1ms..5s): how long a request waits for the answer
	// before the on_failure fallback applies.
	Timeout time.Duration
	// OnFailure: "on_failure", what applies when the service cannot answer (time-out, connect
	// failure, an error status, a malformed answer): "local" (default) the rule's own local
	// limiter on this Envoy's shared data, "allow" let the request through, "deny" answer 503.
	OnFailure string
}

// Global rule windows: the service counts in fixed calendar units, without multipliers.
var globalUnits = []struct {
	d    time.Duration
	unit string
}{{time.Second, "second"}, {time.Minute, "minute"}, {time.Hour, "hour"}, {24 * time.Hour, "day"}}

// globalUnit is the service's unit for a window, or "" when it has none.
func globalUnit(w time.Duration) string {
	for _, u := range globalUnits {
		if u.d == w {
			return u.unit
		}
	}
	return ""
}

// globalDomainSyntax is what a domain must match. globalDomainPattern checks it with the length
// left to code: the bounded repetition would make a syntax tree 128 deep (package rx says why not).
const globalDomainSyntax = `^[A-Za-z0-9_.-]{1,64}$`

var globalDomainPattern = rx.Lazy(`^[A-Za-z0-9_.-]+$`)

// parseGlobal reads "rate_limit.global" and checks the global rules against it.
func parseGlobal(n policies.Node, rules []RateLimitRule, ruleNodes []policies.Node) GlobalRateLimitConfig {
	o, _ := n.Section("rate_limit.global")
	g := GlobalRateLimitConfig{
		Cluster:   o.String("cluster"),
		Domain:    o.String("domain"),
		Authority: o.String("authority"),
		Timeout:   o.Duration("timeout"),
		OnFailure: o.Enum("on_failure", ""),
	}
	if g.Domain != "" && (len(g.Domain) > 64 || !globalDomainPattern.MatchString(g.Domain)) {
		o.Get("domain").Errorf("must match %s, got %q", globalDomainSyntax, g.Domain)
	}
	if g.Authority == "" {
		g.Authority = g.Cluster
	}
	anyGlobal := false
	for i, r := range rules {
		if r.Backend != "global" {
			continue
		}
		anyGlobal = true
		if r.Window != 0 && globalUnit(r.Window) == "" {
			ruleNodes[i].Child("window").Errorf("with backend \"global\" must be \"1s\", \"1m\", \"1h\" or \"24h\" (the rate limit service counts per fixed second, minute, hour or day), got %s", r.Window)
		}
		if r.SkipSuccessfulRequests {
			ruleNodes[i].Child("skip_successful_requests").Errorf("is not supported with backend \"global\"")
		}
	}
	if anyGlobal {
		if g.Cluster == "" {
			o.Get("cluster").Errorf("required when a rule has backend \"global\"")
		}
		if g.Domain == "" {
			o.Get("domain").Errorf("required when a rule has backend \"global\"")
		}
	}
	return g
}
