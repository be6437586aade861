package ratelimit

import (
	"encoding/json"
	"time"
	"unicode/utf8"

	"github.com/edgeward/edgeward/policies/internal/rx"
	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// RateLimitConfig is the "rate_limit" section: rules applied by the local (per Envoy instance)
// limiter. Every rule whose route matches a request applies to it.
type RateLimitConfig struct {
	// Rules: "rules", default none (rate limiting off).
	Rules []RateLimitRule
	// HeadersOnAllowed: "headers_on_allowed", default true: also add RateLimit-Policy and
	// RateLimit to responses the limiter let through (429s always carry them). Each rule may
	// override it.
	HeadersOnAllowed bool
	// HeaderStyle: "header_style", default "draft-10": which rate-limit header fields the
	// rules send (see HeaderStyle); each rule may override it.
	HeaderStyle HeaderStyle
	// Slots: "slots", default 4096 (1..1048576): hashed state slots per rule, the default for
	// rules that do not set their own. The store holds exactly one key per slot, whatever the
	// number of clients.
	Slots int
	// HashSeed: "hash_seed", default "" (a random seed generated at the first VM start and
	// shared through the store): the secret that keys the slot hash, so that clients cannot
	// aim collisions at someone else's slot. Set it (16+ bytes) to keep slot assignment stable
	// across Envoy restarts; the state itself does not survive a restart either way.
	HashSeed string
	// Global: "global", the rate limit service used by rules with backend "global" (see
	// GlobalRateLimitConfig).
	Global GlobalRateLimitConfig
}

// RateLimitRule is one limit.
type RateLimitRule struct {
	// ID: "id", required, unique, [a-z0-9][a-z0-9_.-]* up to 64 bytes: names the rule in
	// metrics, logs, the 429's rule, the RateLimit policy name and the store keys.
	ID string
	// Route: "methods", "path_prefix", "path", "except": which requests the rule applies to
	// (default every request).
	Route policies.Route
	// Key: "key", a string or an array of strings combined, default "client_ip". Parts:
	// "client_ip", "header:NAME", "claim:NAME", "body:PATH", "path", "method".
	Key []KeyPart
	// Limit: "limit", required (1..1000000): requests allowed per window, all at once or spread.
	Limit int
	// Window: "window", required, a duration from "1s" to "720h".
	Window time.Duration
	// SkipSuccessfulRequests: "skip_successful_requests", default false: count only requests
	// whose response status is >= 400 (counted on arrival like every request, given back when
	// the response turns out successful, so that concurrent failures stay bounded).
	SkipSuccessfulRequests bool
	// Status: "status", default 429 (400..599): the status of a limited request's response.
	Status int
	// Message: "message", default {"error":"rate limited","retry_after":N}: a string (sent as
	// {"error":MESSAGE,"retry_after":N}) or a JSON object sent verbatim.
	Message json.RawMessage
	// MessageText is Message when it was given as a string.
	MessageText string
	// MessageFormat: "message_format", "json" (default: a string message is sent as
	// {"error":MESSAGE,"retry_after":N}, an object as it is) or "text" (the string message as it
	// is, text/plain; default "Too many requests, please try again later.", express-rate-limit's).
	MessageFormat string
	// HeadersOnAllowed: "headers_on_allowed", default rate_limit.headers_on_allowed.
	HeadersOnAllowed bool
	// HeaderStyle: "header_style", default rate_limit.header_style.
	HeaderStyle HeaderStyle
	// Slots: "slots", default rate_limit.slots.
	Slots int
	// Mode: "mode", "enforce" or "detect", default the top-level mode. In detect mode a
	// request over the limit is logged and counted (rate_limit.<id>.detect) and let through.
	Mode    policies.Mode
	modeSet bool
	// Backend: "backend", default "local" (shared data of this Envoy instance) or "global"
	// (Envoy's global rate limit service, shared by the fleet; see rate_limit.global).
	Backend string
}

const (
	maxKeyParts = 4
	maxRules    = 64
	// maxTotalSlots bounds the shared data of all rules together (about 200 MB of keys and
	// values) and the start-up work of each VM, which reads every slot key once.
	maxTotalSlots = 1 << 22
)

// ruleIDSyntax is what a rule id must match. ruleIDPattern checks it with the length left to
// code: the bounded repetition would make a syntax tree 127 deep (package rx says why not).
const ruleIDSyntax = `^[a-z0-9][a-z0-9_.-]{0,63}$`

var ruleIDPattern = rx.Lazy(`^[a-z0-9][a-z0-9_.-]*$`)

// HeaderStyle is a set of rate-limit header styles: at most one IETF draft (they share field
// names) and, optionally, the legacy X-RateLimit-* fields.
type HeaderStyle uint8

// The styles, as express-rate-limit 8 names them (standardHeaders: "draft-6" | "draft-7" |
// "draft-8"; legacyHeaders), plus the current draft.
const (
	// StyleDraft10: RateLimit-Policy: "id";q=Q;w=W and RateLimit: "id";r=R;t=T (Structured Field
	// lists, one item per rule; draft-ietf-httpapi-ratelimit-headers-10).
	StyleDraft10 HeaderStyle = 1 << iota
	// StyleDraft8: the same lists as express-rate-limit writes them: "id"; q=Q; w=W.
	StyleDraft8
	// StyleDraft7: RateLimit-Policy: Q;w=W and RateLimit: limit=Q, remaining=R, reset=T.
	StyleDraft7
	// StyleDraft6: RateLimit-Policy: Q;w=W, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset.
	StyleDraft6
	// StyleLegacy: X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset (Unix seconds).
	StyleLegacy
)

const styleDrafts = StyleDraft10 | StyleDraft8 | StyleDraft7 | StyleDraft6

var headerStyleNames = []string{"draft-10", "draft-8", "draft-7", "draft-6", "legacy"}

// styleNamed is the style of one name of headerStyleNames (0 for another).
func styleNamed(name string) HeaderStyle {
	for i, s := range headerStyleNames {
		if s == name {
			return 1 << i
		}
	}
	return 0
}

// parseHeaderStyle reads a "header_style": one style name, or an array of one or two (at most
// one draft).
func parseHeaderStyle(n policies.Node, def HeaderStyle) HeaderStyle {
	if !n.Exists() {
		return def
	}
	var items []policies.Node
	switch {
	case n.Value().Type == gjson.String:
		items = []policies.Node{n}
	case n.Value().IsArray():
		items = n.Array()
		if len(items) == 0 || len(items) > 2 {
			n.Errorf("must list 1 or 2 styles (one draft and/or \"legacy\")")
			return def
		}
	default:
		n.Errorf("must be a string or an array of strings, got %s", policies.Kind(n.Value()))
		return def
	}
	var st HeaderStyle
	for _, it := range items {
		name := it.Enum("", headerStyleNames...)
		if it.Value().Type != gjson.String || name == "" {
			return def // Enum recorded the error
		}
		var bit HeaderStyle
		for i, s := range headerStyleNames {
			if s == name {
				bit = 1 << i
			}
		}
		if st&bit != 0 {
			it.Errorf("duplicate style %q", name)
			return def
		}
		st |= bit
	}
	if d := st & styleDrafts; d&(d-1) != 0 {
		n.Errorf("at most one draft style (draft-10, draft-8, draft-7 and draft-6 share field names); \"legacy\" may be added")
		return def
	}
	return st
}

// parseRateLimit reads the "rate_limit" section.
func parseRateLimit(n policies.Node) RateLimitConfig {
	o, _ := n.Section("rate_limit")
	c := RateLimitConfig{
		HeadersOnAllowed: o.Bool("headers_on_allowed"),
		HeaderStyle:      parseHeaderStyle(o.Get("header_style"), styleNamed(o.Decl("header_style").DefaultString())),
		Slots:            int(o.Int("slots")),
		HashSeed:         o.String("hash_seed"),
	}
	if c.HashSeed != "" && len(c.HashSeed) < 16 {
		o.Get("hash_seed").Errorf("must be at least 16 bytes long (or absent for a random seed)")
	}
	seen := map[string]bool{}
	rules := o.Get("rules")
	items := rules.Array()
	if len(items) > maxRules {
		rules.Errorf("at most %d rules", maxRules)
	}
	total := 0
	for _, rn := range items {
		r := parseRule(rn, c)
		if r.ID != "" {
			if seen[r.ID] {
				rn.Errorf("duplicate rule id %q", r.ID)
			}
			seen[r.ID] = true
		}
		c.Rules = append(c.Rules, r)
		total += r.Slots
	}
	c.Global = parseGlobal(o.Get("global"), c.Rules, items)
	if total > maxTotalSlots {
		rules.Errorf("the rules' slots add up to %d, more than %d", total, maxTotalSlots)
	}
	return c
}

func parseRule(n policies.Node, c RateLimitConfig) RateLimitRule {
	o, ok := n.Section("rate_limit.rules[]")
	if !ok && n.Exists() {
		return RateLimitRule{}
	}
	r := RateLimitRule{
		ID:                     o.String("id"),
		Route:                  policies.ParseRoute(o),
		SkipSuccessfulRequests: o.Bool("skip_successful_requests"),
		Status:                 int(o.Int("status")),
		HeadersOnAllowed:       o.BoolOr("headers_on_allowed", c.HeadersOnAllowed),
		HeaderStyle:            parseHeaderStyle(o.Get("header_style"), c.HeaderStyle),
		MessageFormat:          o.Enum("message_format", ""),
		Slots:                  int(o.IntOr("slots", int64(c.Slots))),
		Backend:                o.Enum("backend", ""),
	}
	if id := o.Get("id"); !id.Exists() {
		n.Errorf("missing required key \"id\"")
	} else if len(r.ID) > 64 || !ruleIDPattern.MatchString(r.ID) {
		id.Errorf("must match %s, got %q", ruleIDSyntax, r.ID)
		r.ID = ""
	}
	if m := o.Get("mode"); m.Exists() {
		r.Mode, r.modeSet = policies.ParseMode(m, policies.Enforce), true
	}
	if l := o.Get("limit"); !l.Exists() {
		n.Errorf("missing required key \"limit\"")
	} else {
		r.Limit = int(o.Int("limit"))
	}
	if w := o.Get("window"); !w.Exists() {
		n.Errorf("missing required key \"window\"")
	} else {
		r.Window = o.Duration("window")
	}
	r.Key = parseKey(o.Get("key"))
	parseMessage(o.Get("message"), &r)
	return r
}

func parseMessage(n policies.Node, r *RateLimitRule) {
	if !n.Exists() {
		return
	}
	switch {
	case n.Value().IsObject():
		if r.MessageFormat == "text" {
			n.Errorf("must be a string with message_format \"text\" (an object is sent as JSON)")
			return
		}
		if len(n.Raw()) > 4096 {
			n.Errorf("must be at most 4096 bytes")
			return
		}
		r.Message = json.RawMessage(n.Raw())
	default:
		s := n.NonEmptyString("")
		if len(s) > 1024 {
			n.Errorf("must be at most 1024 bytes")
			return
		}
		if r.MessageFormat == "text" && !utf8.ValidString(s) {
			n.Errorf("must be valid UTF-8")
			return
		}
		r.MessageText = s
	}
}

// parseKey reads "key": one part or an array of parts (default client_ip).
func parseKey(n policies.Node) []KeyPart {
	if !n.Exists() {
		return []KeyPart{{Kind: KeyClientIP}}
	}
	var items []policies.Node
	if n.Value().IsArray() {
		items = n.Array()
		if len(items) == 0 || len(items) > maxKeyParts {
			n.Errorf("must list 1 to %d key parts", maxKeyParts)
			return []KeyPart{{Kind: KeyClientIP}}
		}
	} else {
		items = []policies.Node{n}
	}
	var parts []KeyPart
	seen := map[string]bool{}
	for _, it := range items {
		s := it.String("")
		if it.Value().Type != gjson.String {
			continue // String recorded the type error
		}
		p, err := ParseKeyPart(s)
		if err != nil {
			it.Errorf("%v", err)
			continue
		}
		if seen[p.String()] {
			it.Errorf("duplicate key part %q", s)
			continue
		}
		seen[p.String()] = true
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return []KeyPart{{Kind: KeyClientIP}}
	}
	return parts
}
