package harden

import (
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// headerAction is what a security header rule does to the response.
type headerAction int

const (
	// actionSet replaces any upstream value.
	actionSet headerAction = iota
	// actionSetIfAbsent keeps the upstream's value when it sent one.
	actionSetIfAbsent
	// actionRemove removes the header from the response.
	actionRemove
	// actionOff leaves the header alone (turns a default off).
	actionOff
	// actionInherit is a rule that names no action of its own (a default header, a string value,
	// an object without "action"): it takes the section's or route's header_action, set_if_absent
	// unless changed, so that an application's own value is kept (as with Helmet, which sets its
	// headers before the route runs).
	actionInherit
)

var headerActionNames = []string{"set", "set_if_absent", "remove", "off"}

// parseHeaderAction reads an "action" member; absent gives def.
func parseHeaderAction(n policies.Node, def headerAction) headerAction {
	if !n.Exists() {
		return def
	}
	switch n.Enum("set", headerActionNames...) {
	case "set_if_absent":
		return actionSetIfAbsent
	case "remove":
		return actionRemove
	case "off":
		return actionOff
	case "set":
		return actionSet
	}
	return def
}

// headerRule is one security header and what to do with it.
type headerRule struct {
	Name   string // lower-case
	Value  string
	Action headerAction
}

// defaultPermissionsPolicy turns off the powerful features most services never use.
const defaultPermissionsPolicy = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), " +
	"geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), " +
	"xr-spatial-tracking=()"

// helmetHeaders are Helmet 8's default headers (Content-Security-Policy apart), in Helmet's order,
// plus Permissions-Policy. They take the header_action (set_if_absent by default).
func helmetHeaders() []headerRule {
	return []headerRule{
		{"cross-origin-opener-policy", "same-origin", actionInherit},
		{"cross-origin-resource-policy", "same-origin", actionInherit},
		{"origin-agent-cluster", "?1", actionInherit},
		{"referrer-policy", "no-referrer", actionInherit},
		{"strict-transport-security", "max-age=31536000; includeSubDomains", actionInherit},
		{"x-content-type-options", "nosniff", actionInherit},
		{"x-dns-prefetch-control", "off", actionInherit},
		{"x-download-options", "noopen", actionInherit},
		{"x-frame-options", "SAMEORIGIN", actionInherit},
		{"x-permitted-cross-domain-policies", "none", actionInherit},
		{"x-xss-protection", "0", actionInherit},
		{"permissions-policy", defaultPermissionsPolicy, actionInherit},
	}
}

// unmanagedHeaders are headers a header rule may not touch: framing, hop-by-hop and cookies
// (cookies have their own section).
var unmanagedHeaders = map[string]bool{
	"content-length": true, "transfer-encoding": true, "connection": true, "keep-alive": true,
	"upgrade": true, "te": true, "trailer": true, "host": true, "set-cookie": true,
	"content-encoding": true, "proxy-connection": true,
}

// parseHeaderRules reads a "headers" map over base: each member is a string (that value, with the
// header_action), false (leave the header alone), or {"value": ..., "action":
// "set|set_if_absent|remove|off"} (no action: the header_action). Names are case-insensitive.
func parseHeaderRules(n policies.Node, base []headerRule) []headerRule {
	out := append([]headerRule(nil), base...)
	seen := map[string]bool{}
	for _, kv := range n.Map() {
		name := policies.LowerASCII(kv.Key)
		if msg := checkHeaderName(name); msg != "" {
			kv.Errorf("%s", msg)
			continue
		}
		if unmanagedHeaders[name] {
			kv.Errorf("%q cannot be managed here", name)
			continue
		}
		if seen[name] {
			kv.Errorf("duplicate header (names are case-insensitive)")
			continue
		}
		seen[name] = true
		r := headerRule{Name: name, Action: actionInherit}
		if i := findRule(out, name); i >= 0 {
			r.Value = out[i].Value
		}
		switch kv.Value().Type {
		case gjson.False:
			r.Action = actionOff
		case gjson.String:
			r.Value = kv.String("")
		default:
			o, ok := kv.Section("response.headers.*")
			if !ok {
				continue
			}
			r.Action = parseHeaderAction(o.Get("action"), actionInherit)
			if v := o.Get("value"); v.Exists() {
				r.Value = v.String("")
			}
			if r.Value == "" && (r.Action == actionSet || r.Action == actionSetIfAbsent || r.Action == actionInherit) {
				kv.Errorf("a value is required to set %q", name)
				continue
			}
		}
		if msg := checkHeaderValue(r.Value); msg != "" {
			kv.Errorf("%s", msg)
			continue
		}
		if kv.Value().Type == gjson.String && r.Value == "" {
			kv.Errorf("must not be empty (use false to leave the header alone, or {\"action\": \"remove\"})")
			continue
		}
		if i := findRule(out, name); i >= 0 {
			out[i] = r
		} else {
			out = append(out, r)
		}
	}
	return out
}

func findRule(rs []headerRule, name string) int {
	for i, r := range rs {
		if r.Name == name {
			return i
		}
	}
	return -1
}

// checkHeaderName accepts an RFC 9110 token; "" means valid.
func checkHeaderName(name string) string {
	if name == "" {
		return "header name must not be empty"
	}
	if len(name) > 256 {
		return "header name too long"
	}
	for i := 0; i < len(name); i++ {
		if !hdTokenChar(name[i]) {
			return "invalid header name " + hdQuote(name)
		}
	}
	return ""
}

// checkHeaderValue refuses CR, LF, NUL and other control characters (tab allowed).
func checkHeaderValue(v string) string {
	if len(v) > 8192 {
		return "header value longer than 8192 bytes"
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return "header value must not contain control characters (CR, LF, NUL)"
		}
	}
	return ""
}

func hdTokenChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func hdQuote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return "\"" + strings.ToValidUTF8(s, "?") + "\""
}

// parseHeaderNames reads a list of header names; a trailing "*" makes a name a prefix
// ("x-debug*" matches x-debug-info).
func parseHeaderNames(n policies.Node, def []string) []string {
	if !n.Exists() {
		return append([]string(nil), def...)
	}
	var out []string
	for _, e := range n.Array() {
		s := policies.LowerASCII(e.NonEmptyString(""))
		if s == "" {
			continue
		}
		if msg := checkHeaderName(strings.TrimSuffix(s, "*")); msg != "" || s == "*" {
			e.Errorf("must be a header name, optionally ending in *, got %s", hdQuote(s))
			continue
		}
		if u := matchesUnmanaged(s); u != "" {
			e.Errorf("%q would remove %q, which cannot be removed here", s, u)
			continue
		}
		out = append(out, s)
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// matchesUnmanaged returns the first unmanaged header (in sorted order) that pattern matches.
func matchesUnmanaged(pattern string) string {
	best := ""
	for u := range unmanagedHeaders {
		if headerNameMatches(pattern, u) && (best == "" || u < best) {
			best = u
		}
	}
	return best
}

// headerNameMatches reports whether name matches pattern (exact, or prefix when pattern ends in *).
func headerNameMatches(pattern, name string) bool {
	if p, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(name, p)
	}
	return pattern == name
}

// removeOps returns a RemoveHeader op for every header present that matches one of patterns.
func removeOps(patterns []string, headers policies.Headers) []policies.HeaderOp {
	var ops []policies.HeaderOp
	done := map[string]bool{}
	for _, h := range headers {
		if done[h.Name] {
			continue
		}
		for _, p := range patterns {
			if headerNameMatches(p, h.Name) {
				ops = append(ops, policies.HeaderOp{Kind: policies.RemoveHeader, Name: h.Name})
				done[h.Name] = true
				break
			}
		}
	}
	return ops
}

// ruleOps turns compiled header rules (no actionInherit left) into ops against the upstream's
// headers. A header that removed (the ops already queued) takes away counts as absent.
func ruleOps(rules []headerRule, headers policies.Headers, removed []policies.HeaderOp) []policies.HeaderOp {
	present := func(name string) bool {
		for _, op := range removed {
			if op.Kind == policies.RemoveHeader && op.Name == name {
				return false
			}
		}
		return headers.Has(name)
	}
	ops := make([]policies.HeaderOp, 0, len(rules))
	for _, r := range rules {
		switch r.Action {
		case actionSet:
			ops = append(ops, policies.HeaderOp{Kind: policies.SetHeader, Name: r.Name, Value: r.Value})
		case actionSetIfAbsent, actionInherit:
			if !present(r.Name) {
				ops = append(ops, policies.HeaderOp{Kind: policies.SetHeader, Name: r.Name, Value: r.Value})
			}
		case actionRemove:
			if present(r.Name) {
				ops = append(ops, policies.HeaderOp{Kind: policies.RemoveHeader, Name: r.Name})
			}
		}
	}
	return ops
}
