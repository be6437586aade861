package harden

import (
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// cspDirective is one Content-Security-Policy directive with its (validated) values.
type cspDirective struct {
	Name   string
	Values []string
}

// cspPolicy is a compiled Content-Security-Policy: the directives in output order and where the
// header goes.
type cspPolicy struct {
	// Enabled: "enabled", default true.
	Enabled bool
	// ReportOnly: "report_only", default false: the policy is sent as
	// Content-Security-Policy-Report-Only (violations reported, nothing blocked).
	ReportOnly bool
	// Action: "action", default the header_action (set_if_absent unless changed): what to do
	// with the header (see headerAction).
	Action headerAction
	// Directives in output order.
	Directives []cspDirective
}

// helmetCSP is Helmet 8's default policy, in Helmet's order.
func helmetCSP() cspPolicy {
	return cspPolicy{Enabled: true, Action: actionInherit, Directives: []cspDirective{
		{"default-src", []string{"'self'"}},
		{"base-uri", []string{"'self'"}},
		{"font-src", []string{"'self'", "https:", "data:"}},
		{"form-action", []string{"'self'"}},
		{"frame-ancestors", []string{"'self'"}},
		{"img-src", []string{"'self'", "data:"}},
		{"object-src", []string{"'none'"}},
		{"script-src", []string{"'self'"}},
		{"script-src-attr", []string{"'none'"}},
		{"style-src", []string{"'self'", "https:", "'unsafe-inline'"}},
		{"upgrade-insecure-requests", []string{}},
	}}
}

// cspDirectiveKinds lists the directives Edgeward accepts and how their values are checked.
var cspDirectiveKinds = map[string]cspKind{
	"default-src": cspSources, "script-src": cspSources, "script-src-elem": cspSources,
	"script-src-attr": cspSources, "style-src": cspSources, "style-src-elem": cspSources,
	"style-src-attr": cspSources, "img-src": cspSources, "font-src": cspSources,
	"connect-src": cspSources, "media-src": cspSources, "object-src": cspSources,
	"frame-src": cspSources, "child-src": cspSources, "worker-src": cspSources,
	"manifest-src": cspSources, "prefetch-src": cspSources, "fenced-frame-src": cspSources,
	"base-uri": cspSources, "form-action": cspSources, "frame-ancestors": cspSources, "navigate-to": cspSources,
	"upgrade-insecure-requests": cspNoValue, "block-all-mixed-content": cspNoValue,
	"sandbox": cspTokens, "report-uri": cspTokens, "report-to": cspTokens,
	"require-trusted-types-for": cspTokens, "trusted-types": cspTokens, "plugin-types": cspTokens,
	"webrtc": cspTokens, "require-sri-for": cspTokens,
}

type cspKind int

const (
	cspSources cspKind = iota // a source list: 'self', https:, *.example.com, 'sha256-...'
	cspNoValue                // a flag directive: must have no values
	cspTokens                 // other values (sandbox flags, report URIs, group names)
)

// cspKeywords are the quoted keywords allowed in source lists (without their quotes).
var cspKeywords = map[string]bool{
	"self": true, "none": true, "unsafe-inline": true, "unsafe-eval": true, "strict-dynamic": true,
	"unsafe-hashes": true, "report-sample": true, "wasm-unsafe-eval": true,
	"unsafe-allow-redirects": true, "inline-speculation-rules": true, "script": true,
}

// parseCSP reads a "csp" node over base: absent keeps base, false/true switch it off/on, an object
// overrides base's settings and (with use_defaults, the default) merges its directives over base's;
// a directive set to null is removed.
func parseCSP(n policies.Node, base cspPolicy) cspPolicy {
	out := base
	out.Directives = cloneDirectives(base.Directives)
	if !n.Exists() {
		return out
	}
	if t := n.Value().Type; t == gjson.True || t == gjson.False {
		out.Enabled = t == gjson.True
		return out
	}
	o, ok := n.Section("response.csp")
	if !ok {
		return out
	}
	out.Enabled = o.Bool("enabled")
	if !o.Bool("use_defaults") {
		out.Directives = nil
	}
	out.ReportOnly = o.Get("report_only").Bool(base.ReportOnly)
	out.Action = parseHeaderAction(o.Get("action"), base.Action)
	for _, kv := range o.Get("directives").Map() {
		name := kv.Key
		kind, known := cspDirectiveKinds[name]
		if !known {
			kv.Errorf("unknown CSP directive%s", suggestDirective(name))
			continue
		}
		if kv.Value().Type == gjson.Null {
			out.Directives = removeDirective(out.Directives, name)
			continue
		}
		vals, ok := parseCSPValues(kv.Node, name, kind)
		if ok {
			out.Directives = setDirective(out.Directives, name, vals)
		}
	}
	if r := o.Get("report_uri"); r.Exists() {
		var uris []string
		for _, e := range r.Array() {
			u := e.NonEmptyString("")
			if err := checkCSPToken(u); err != "" {
				e.Errorf("%s", err)
				continue
			}
			uris = append(uris, u)
		}
		if len(uris) > 0 {
			out.Directives = setDirective(out.Directives, "report-uri", uris)
		}
	}
	if r := o.Get("report_to"); r.Exists() {
		g := r.NonEmptyString("")
		if err := checkCSPToken(g); err != "" && g != "" {
			r.Errorf("%s", err)
		} else if g != "" {
			out.Directives = setDirective(out.Directives, "report-to", []string{g})
		}
	}
	if out.ReportOnly {
		// Browsers ignore upgrade-insecure-requests (and warn) in a report-only policy.
		out.Directives = removeDirective(out.Directives, "upgrade-insecure-requests")
		out.Directives = removeDirective(out.Directives, "block-all-mixed-content")
	}
	return out
}

// parseCSPValues validates one directive's value list.
func parseCSPValues(n policies.Node, name string, kind cspKind) ([]string, bool) {
	if !n.Value().IsArray() {
		n.Errorf("must be an array of strings (or null to remove the directive), got %s", hdKind(n))
		return nil, false
	}
	vals := n.StringList(nil)
	ok := true
	seen := make(map[string]bool, len(vals))
	out := make([]string, 0, len(vals))
	for i, v := range vals {
		var msg string
		switch kind {
		case cspSources:
			msg = checkCSPSource(v)
		default:
			msg = checkCSPToken(v)
		}
		if msg != "" {
			n.Errorf("[%d] %q: %s", i, v, msg)
			ok = false
			continue
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	switch kind {
	case cspNoValue:
		if len(vals) > 0 {
			n.Errorf("%s takes no values: use []", name)
			ok = false
		}
	case cspSources:
		if len(vals) == 0 {
			n.Errorf("%s needs at least one source (use [\"'none'\"] to allow nothing)", name)
			ok = false
		}
		if seen["'none'"] && len(out) > 1 {
			n.Errorf("'none' must be the only source of %s", name)
			ok = false
		}
	}
	return out, ok
}

func hdKind(n policies.Node) string { return policies.Kind(n.Value()) }

// checkCSPToken refuses what would break out of a directive value: whitespace, control
// characters, non-ASCII, ';' and ','. It returns "" when v is acceptable.
func checkCSPToken(v string) string {
	if v == "" {
		return "must not be empty"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return "must not contain whitespace, control or non-ASCII characters"
		case c == ';' || c == ',':
			return "must not contain ';' or ','"
		}
	}
	return ""
}

// checkCSPSource validates one source expression: a quoted keyword or hash, a scheme (https:),
// or a host source (*.example.com, https://cdn.example.com:443/path). Bare keywords ("self")
// are refused: unquoted they name a host. Fixed nonces are refused: a nonce known in advance
// protects nothing.
func checkCSPSource(v string) string {
	if msg := checkCSPToken(v); msg != "" {
		return msg
	}
	if v[0] == '\'' {
		if len(v) < 3 || v[len(v)-1] != '\'' {
			return "a quoted source must be a keyword in single quotes, e.g. 'self'"
		}
		inner := strings.ToLower(v[1 : len(v)-1])
		switch {
		case cspKeywords[inner]:
			return ""
		case strings.HasPrefix(inner, "nonce-"):
			return "a fixed nonce defeats CSP: nonces must be generated per response by the application"
		case strings.HasPrefix(inner, "sha256-") || strings.HasPrefix(inner, "sha384-") || strings.HasPrefix(inner, "sha512-"):
			h := v[1+7 : len(v)-1]
			if h == "" || !cspIsBase64(h) {
				return "a hash source must be base64, e.g. 'sha256-abc...='"
			}
			return ""
		}
		return "unknown quoted keyword"
	}
	if cspKeywords[strings.ToLower(v)] {
		return "keywords must be single-quoted, e.g. \"'" + strings.ToLower(v) + "'\""
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\'', '"', '\\', '<', '>', '`', '{', '}', '|', '^':
			return "invalid character in a source expression"
		}
	}
	return ""
}

func cspIsBase64(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// String serialises the policy ("" when it has no directives).
func (p cspPolicy) String() string {
	var b strings.Builder
	for i, d := range p.Directives {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.Name)
		for _, v := range d.Values {
			b.WriteByte(' ')
			b.WriteString(v)
		}
	}
	return b.String()
}

// HeaderName is the header the policy is sent in.
func (p cspPolicy) HeaderName() string {
	if p.ReportOnly {
		return "content-security-policy-report-only"
	}
	return "content-security-policy"
}

func cloneDirectives(ds []cspDirective) []cspDirective {
	out := make([]cspDirective, len(ds))
	for i, d := range ds {
		out[i] = cspDirective{Name: d.Name, Values: append([]string(nil), d.Values...)}
	}
	return out
}

func setDirective(ds []cspDirective, name string, vals []string) []cspDirective {
	for i := range ds {
		if ds[i].Name == name {
			ds[i].Values = vals
			return ds
		}
	}
	return append(ds, cspDirective{Name: name, Values: vals})
}

func removeDirective(ds []cspDirective, name string) []cspDirective {
	out := ds[:0]
	for _, d := range ds {
		if d.Name != name {
			out = append(out, d)
		}
	}
	return out
}

func suggestDirective(name string) string {
	names := make([]string, 0, len(cspDirectiveKinds))
	for k := range cspDirectiveKinds {
		names = append(names, k)
	}
	best, bestD := "", 4
	l := strings.ToLower(name)
	// camelCase (Helmet's spelling) to kebab-case.
	var kebab strings.Builder
	for i := 0; i < len(name) && i < 64; i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			kebab.WriteByte('-')
			c += 'a' - 'A'
		}
		kebab.WriteByte(c)
	}
	if _, ok := cspDirectiveKinds[kebab.String()]; ok {
		return " (did you mean \"" + kebab.String() + "\"?)"
	}
	for _, k := range names {
		if d := policies.EditDistance(l, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best != "" {
		return " (did you mean \"" + best + "\"?)"
	}
	return ""
}
