package harden

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// CookieConfig hardens every Set-Cookie the upstream sends: "response.cookies".
type CookieConfig struct {
	// Enabled: "enabled", default true.
	Enabled bool
	// Secure: "secure", default true: add Secure. Cookies with SameSite=None, Partitioned, or a
	// __Secure-/__Host- name always get it (browsers drop them otherwise).
	Secure bool
	// HTTPOnly: "http_only", default true: add HttpOnly, except to ScriptReadable names.
	HTTPOnly bool
	// SameSite: "same_site", "Strict", "Lax" (default) or "None": added when the cookie has no
	// valid SameSite of its own.
	SameSite string
	// OverrideSameSite: "override_same_site", default false: replace the upstream's own SameSite
	// with SameSite too (by default a valid upstream SameSite is kept).
	OverrideSameSite bool
	// SameSiteByName: "same_site_by_name", cookie name (case-sensitive) to "Strict"/"Lax"/"None";
	// always wins over the upstream's SameSite.
	SameSiteByName map[string]string
	// ScriptReadable: "script_readable", default ["XSRF-TOKEN", "csrftoken"] (the double-submit
	// tokens Angular and Django read from JavaScript): cookie names that get no HttpOnly.
	ScriptReadable map[string]bool
}

func parseCookies(n policies.Node) CookieConfig {
	o, _ := n.Section("response.cookies")
	c := CookieConfig{
		Enabled:          o.Bool("enabled"),
		Secure:           o.Bool("secure"),
		HTTPOnly:         o.Bool("http_only"),
		SameSite:         parseSameSite(o.Get("same_site"), o.Decl("same_site").DefaultString()),
		OverrideSameSite: o.Bool("override_same_site"),
		SameSiteByName:   map[string]string{},
		ScriptReadable:   map[string]bool{},
	}
	for _, kv := range o.Get("same_site_by_name").Map() {
		if msg := checkCookieName(kv.Key); msg != "" {
			kv.Errorf("%s", msg)
			continue
		}
		c.SameSiteByName[kv.Key] = parseSameSite(kv.Node, o.Decl("same_site").DefaultString())
	}
	for _, e := range hdList(o.Get("script_readable"), o.Decl("script_readable").DefaultStrings()) {
		if msg := checkCookieName(e.s); msg != "" {
			e.n.Errorf("%s", msg)
			continue
		}
		c.ScriptReadable[e.s] = true
	}
	return c
}

type hdItem struct {
	s string
	n policies.Node
}

// hdList reads a string array, or def when absent, keeping each element's node for errors.
func hdList(n policies.Node, def []string) []hdItem {
	if !n.Exists() {
		out := make([]hdItem, len(def))
		for i, s := range def {
			out[i] = hdItem{s: s, n: n}
		}
		return out
	}
	var out []hdItem
	for _, e := range n.Array() {
		out = append(out, hdItem{s: e.NonEmptyString(""), n: e})
	}
	return out
}

func parseSameSite(n policies.Node, def string) string {
	s := n.NonEmptyString(def)
	if v, ok := canonicalSameSite(s); ok {
		return v
	}
	n.Errorf("must be \"Strict\", \"Lax\" or \"None\", got %s", hdQuote(s))
	return def
}

func canonicalSameSite(s string) (string, bool) {
	switch strings.ToLower(strings.Trim(s, " \t")) {
	case "strict":
		return "Strict", true
	case "lax":
		return "Lax", true
	case "none":
		return "None", true
	}
	return "", false
}

func checkCookieName(s string) string {
	if s == "" {
		return "cookie name must not be empty"
	}
	for i := 0; i < len(s); i++ {
		if !hdTokenChar(s[i]) {
			return "invalid cookie name " + hdQuote(s)
		}
	}
	return ""
}

// rewrite hardens one Set-Cookie value, changing nothing but the attributes it adds or (for
// SameSite) replaces: the name, value and every other attribute stay byte for byte. Attributes are
// found as browsers find them (RFC 6265 section 5.2: split on ';', names case-insensitive, no
// quoting), so a ';' inside a quoted value counts as a separator here exactly as it does in the
// browser. It reports whether the value changed.
func (c *CookieConfig) rewrite(v string) (string, bool) {
	if strings.TrimSpace(v) == "" || strings.ContainsAny(v, "\r\n\x00") {
		return v, false
	}
	segs := strings.Split(v, ";")
	name := ""
	if i := strings.IndexByte(segs[0], '='); i >= 0 {
		name = strings.Trim(segs[0][:i], " \t")
	}
	var hasSecure, hasHTTPOnly, partitioned bool
	var sameSites []int
	lastSameSite := ""
	for i := 1; i < len(segs); i++ {
		an, av, _ := strings.Cut(segs[i], "=")
		switch strings.ToLower(strings.Trim(an, " \t")) {
		case "secure":
			hasSecure = true
		case "httponly":
			hasHTTPOnly = true
		case "partitioned":
			partitioned = true
		case "samesite":
			sameSites = append(sameSites, i)
			lastSameSite = av
		}
	}

	// SameSite: a per-name setting always wins; otherwise the upstream's own valid value is kept
	// (browsers use the last one) unless override_same_site.
	want, forced := c.SameSiteByName[name]
	if !forced && c.OverrideSameSite {
		want, forced = c.SameSite, true
	}
	cur, curOK := canonicalSameSite(lastSameSite)
	effective := cur
	replaceSameSite := false
	switch {
	case forced:
		effective = want
		replaceSameSite = !(len(sameSites) == 1 && curOK && cur == want)
	case len(sameSites) == 0 || !curOK:
		effective = c.SameSite
		replaceSameSite = true
	case len(sameSites) > 1:
		// Keep the browser's reading (the last) but leave only one.
		replaceSameSite = true
	}

	needSecure := !hasSecure && (c.Secure || effective == "None" || partitioned ||
		strings.HasPrefix(name, "__Secure-") || strings.HasPrefix(name, "__Host-"))
	needHTTPOnly := !hasHTTPOnly && c.HTTPOnly && !c.ScriptReadable[name]
	if !needSecure && !needHTTPOnly && !replaceSameSite {
		return v, false
	}
	if replaceSameSite && len(sameSites) > 0 {
		kept := segs[:0:0]
		j := 0
		for i, s := range segs {
			if j < len(sameSites) && sameSites[j] == i {
				j++
				continue
			}
			kept = append(kept, s)
		}
		segs = kept
	}
	// Drop trailing empty attributes ("a=b; Path=/;") so that appending adds no "; ;".
	for len(segs) > 1 && strings.Trim(segs[len(segs)-1], " \t") == "" {
		segs = segs[:len(segs)-1]
	}
	var b strings.Builder
	b.Grow(len(v) + 40)
	b.WriteString(strings.Join(segs, ";"))
	if needSecure {
		b.WriteString("; Secure")
	}
	if needHTTPOnly {
		b.WriteString("; HttpOnly")
	}
	if replaceSameSite {
		b.WriteString("; SameSite=")
		b.WriteString(effective)
	}
	return b.String(), true
}

// cookieOps rewrites every Set-Cookie; when any changed it returns ops that remove them all and
// add the rewritten ones back in order.
func (c *CookieConfig) cookieOps(headers policies.Headers) []policies.HeaderOp {
	if !c.Enabled {
		return nil
	}
	vals := headers.Values("set-cookie")
	if len(vals) == 0 {
		return nil
	}
	changed := false
	out := make([]string, len(vals))
	for i, v := range vals {
		var ch bool
		out[i], ch = c.rewrite(v)
		changed = changed || ch
	}
	if !changed {
		return nil
	}
	ops := make([]policies.HeaderOp, 0, len(out)+1)
	ops = append(ops, policies.HeaderOp{Kind: policies.RemoveHeader, Name: "set-cookie"})
	for _, v := range out {
		ops = append(ops, policies.HeaderOp{Kind: policies.AddHeader, Name: "set-cookie", Value: v})
	}
	return ops
}
