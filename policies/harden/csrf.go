package harden

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// CSRFConfig refuses cross-site state-changing requests: "csrf". It is active only when Routes
// is non-empty (and Enabled).
type CSRFConfig struct {
	// Enabled: "enabled", default true (nothing is checked until routes are configured).
	Enabled bool
	// ModeName: "mode", "enforce" or "detect"; "" (default) inherits the top-level mode.
	ModeName string
	// Routes: "routes", where requests are checked; [{}] means every path. Default none.
	Routes []policies.Route
	// Methods: "methods", default ["POST", "PUT", "PATCH", "DELETE"]: the methods checked.
	Methods []string
	// AllowedOrigins: "allowed_origins", default none: other origins (exact scheme://host[:port])
	// trusted to send state-changing requests, cross-site ones included.
	AllowedOrigins []string
	// AllowSameOrigin: "allow_same_origin", default true: the request's own origin (scheme and
	// :authority as Envoy sees them) is allowed.
	AllowSameOrigin bool
	// AllowSameSite: "allow_same_site", default false: accept Sec-Fetch-Site: same-site (sibling
	// subdomains) without listing the origin.
	AllowSameSite bool
	// ExemptWithoutCookies: "exempt_without_cookies", default true: requests with no Cookie header
	// are not checked (a bearer-token API carries no ambient credential to abuse). Turn it off when
	// browsers authenticate with HTTP auth or client certificates.
	ExemptWithoutCookies bool
	// AllowMissingOrigin: "allow_missing_origin", default false: accept requests that carry none of
	// Sec-Fetch-Site, Origin and Referer (old browsers, non-browser clients sending cookies).
	AllowMissingOrigin bool
}

func parseCSRF(n policies.Node) CSRFConfig {
	o, _ := n.Section("csrf")
	c := CSRFConfig{
		Enabled:              o.Bool("enabled"),
		AllowSameOrigin:      o.Bool("allow_same_origin"),
		AllowSameSite:        o.Bool("allow_same_site"),
		ExemptWithoutCookies: o.Bool("exempt_without_cookies"),
		AllowMissingOrigin:   o.Bool("allow_missing_origin"),
	}
	if m := o.Get("mode"); m.Exists() {
		c.ModeName = m.Enum("enforce", "enforce", "detect")
	}
	for _, r := range o.Get("routes").Array() {
		ro, ok := r.Section("csrf.routes[]")
		if !ok {
			continue
		}
		c.Routes = append(c.Routes, policies.ParseRoute(ro))
	}
	for _, e := range hdList(o.Get("methods"), o.Decl("methods").DefaultStrings()) {
		if e.s != strings.ToUpper(e.s) || checkCookieName(e.s) != "" {
			e.n.Errorf("must be an upper-case method, got %s", hdQuote(e.s))
			continue
		}
		c.Methods = append(c.Methods, e.s)
	}
	for _, e := range hdList(o.Get("allowed_origins"), nil) {
		orig, ok := webOrigin(e.s, false)
		if !ok {
			e.n.Errorf("must be an origin such as \"https://app.example.com\" or \"http://localhost:3000\" (scheme://host[:port], no path), got %s", hdQuote(e.s))
			continue
		}
		c.AllowedOrigins = append(c.AllowedOrigins, orig)
	}
	return c
}

// csrfCheck is the compiled CSRF policy.
type csrfCheck struct {
	cfg     CSRFConfig
	mode    policies.Mode
	allowed map[string]bool
	methods map[string]bool
}

func newCSRFCheck(c *policies.Config) *csrfCheck {
	cc := ConfigOf(c).CSRF
	if !cc.Enabled || len(cc.Routes) == 0 {
		return nil
	}
	k := &csrfCheck{cfg: cc, mode: c.Mode, allowed: map[string]bool{}, methods: map[string]bool{}}
	switch cc.ModeName {
	case "enforce":
		k.mode = policies.Enforce
	case "detect":
		k.mode = policies.Detect
	}
	for _, o := range cc.AllowedOrigins {
		k.allowed[o] = true
	}
	for _, m := range cc.Methods {
		k.methods[m] = true
	}
	return k
}

// check returns "" when the request may pass, else why it is refused.
func (k *csrfCheck) check(tx *policies.Tx) string {
	req := tx.Req
	if !k.methods[req.Method] {
		return ""
	}
	matched := false
	for i := range k.cfg.Routes {
		if k.cfg.Routes[i].Matches(req.Method, tx.Path) {
			matched = true
			break
		}
	}
	if !matched {
		return ""
	}
	if k.cfg.ExemptWithoutCookies && !req.Headers.Has("cookie") {
		return ""
	}

	origins := req.Headers.Values("origin")
	if len(origins) > 1 {
		return "several Origin headers"
	}
	origin, hasOrigin := "", len(origins) == 1
	if hasOrigin {
		origin = strings.Trim(origins[0], " \t")
	}
	// An origin listed explicitly is trusted whatever Sec-Fetch-Site says (a partner site is
	// cross-site by definition).
	if hasOrigin {
		if o, ok := webOrigin(origin, false); ok && k.allowed[o] {
			return ""
		}
	}

	fetchSites := req.Headers.Values("sec-fetch-site")
	if len(fetchSites) > 1 {
		return "several Sec-Fetch-Site headers"
	}
	if len(fetchSites) == 1 {
		// Browsers set Sec-Fetch-Site themselves (pages cannot), and it stays right when the
		// page's Referrer-Policy turns Origin into "null" (Helmet's no-referrer does, for
		// same-origin form posts).
		switch policies.LowerASCII(strings.Trim(fetchSites[0], " \t")) {
		case "same-origin":
			if k.cfg.AllowSameOrigin {
				return ""
			}
		case "same-site":
			if k.cfg.AllowSameSite {
				return ""
			}
			return "Sec-Fetch-Site: same-site"
		case "cross-site":
			return "Sec-Fetch-Site: cross-site"
		}
	}

	var src string
	switch {
	case hasOrigin:
		if origin == "null" {
			return "Origin: null"
		}
		o, ok := webOrigin(origin, false)
		if !ok {
			return "malformed Origin"
		}
		src = o
	default:
		refs := req.Headers.Values("referer")
		if len(refs) > 1 {
			return "several Referer headers"
		}
		if len(refs) == 0 || strings.Trim(refs[0], " \t") == "" {
			if k.cfg.AllowMissingOrigin {
				return ""
			}
			return "no Origin, Referer or Sec-Fetch-Site"
		}
		o, ok := webOrigin(strings.Trim(refs[0], " \t"), true)
		if !ok {
			return "malformed Referer"
		}
		src = o
	}
	if k.allowed[src] {
		return ""
	}
	if k.cfg.AllowSameOrigin {
		if own, ok := requestOrigin(tx); ok && own == src {
			return ""
		}
	}
	if hasOrigin {
		return "Origin not allowed"
	}
	return "Referer not allowed"
}

// requestOrigin is the origin the request was sent to: its scheme (x-forwarded-proto from a
// trusted proxy, else :scheme) and :authority.
func requestOrigin(tx *policies.Tx) (string, bool) {
	scheme := requestScheme(tx)
	if scheme == "" {
		return "", false
	}
	return webOrigin(scheme+"://"+tx.Req.Authority, false)
}

// requestScheme returns "http" or "https" as the client used it, "" when unknown. With
// client.trusted_hops > 0, the last x-forwarded-proto entry (the nearest trusted proxy's) wins.
func requestScheme(tx *policies.Tx) string {
	s := tx.Req.Scheme
	if c := tx.Config(); c != nil && c.Client.TrustedHops > 0 {
		if vals := tx.Req.Headers.Values("x-forwarded-proto"); len(vals) > 0 {
			last := vals[len(vals)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			s = strings.Trim(last, " \t")
		}
	}
	switch policies.LowerASCII(s) {
	case "http":
		return "http"
	case "https":
		return "https"
	}
	return ""
}

// csrf implements the CSRF phase: 403 for a cross-site state-changing request.
func (h *hardening) csrf(tx *policies.Tx) *policies.Decision {
	if h == nil || h.csrfCheck == nil {
		return nil
	}
	reason := h.csrfCheck.check(tx)
	if reason == "" {
		return nil
	}
	fields := map[string]any{"rule": "csrf", "reason": reason,
		"origin": policies.Truncate(tx.Req.Headers.Get("origin"), 128), "mode": h.csrfCheck.mode.String()}
	if h.csrfCheck.mode == policies.Detect {
		tx.Event(policies.LogWarn, "csrf.detect", fields)
		return nil
	}
	tx.Event(policies.LogWarn, "csrf.block", fields)
	d := policies.JSONDeny(403, "csrf", map[string]string{"error": "cross-site request refused", "rule": "csrf", "request_id": tx.Req.ID})
	return &d
}
