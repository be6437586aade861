package harden

import (
	"github.com/edgeward/edgeward/policies"
)

// ResponseConfig is response hardening: "response". Every part is on by default; "enabled": false
// turns all of it off.
type ResponseConfig struct {
	// Enabled: "enabled", default true: the master switch for everything below.
	Enabled bool
	// SecurityHeaders: "security_headers", default true: set the security headers (Headers and
	// CSP) at all.
	SecurityHeaders bool
	// Headers: "headers" merged over the Helmet 8 defaults and Permissions-Policy; each header a
	// string (its value), false (leave it alone) or {"value", "action": set|set_if_absent|remove|off}.
	// Compiled with CSP into rules.
	Headers []headerRule
	// HeaderAction: "header_action", default "set_if_absent": the action of every header rule
	// (and the CSP) that names none of its own. set_if_absent keeps a value the application
	// sent, as Helmet does (it sets its headers before the route runs); "set" replaces it.
	HeaderAction headerAction
	// CSP: "csp", Helmet 8's default policy unless changed; false turns it off.
	CSP cspPolicy
	// RemoveHeaders: "remove_headers", default ["x-powered-by", "server", "x-aspnet-version",
	// "x-aspnetmvc-version"]: removed from every response (a given list replaces the default; a
	// trailing * matches a prefix).
	RemoveHeaders []string
	// Routes: "routes", per-route overrides (first match wins).
	Routes []ResponseRoute
	// Cookies: "cookies".
	Cookies CookieConfig
	// Errors: "errors".
	Errors ErrorPageConfig

	rules []headerRule // Headers plus the CSP header, ready to apply
}

// ResponseRoute overrides the security headers for matching requests: a Route plus
// "security_headers" (bool), "header_action" (default the top-level one), "headers" (merged over
// the top-level headers) and "csp" (merged over the top-level policy; false turns it off on the
// route).
type ResponseRoute struct {
	Route           policies.Route
	SecurityHeaders bool
	HeaderAction    headerAction
	rules           []headerRule
}

// parseHeaderActionDefault reads a "header_action": set_if_absent or set.
func parseHeaderActionDefault(n policies.Node, def headerAction) headerAction {
	if n.Enum(headerActionNames[def], "set_if_absent", "set") == "set" {
		return actionSet
	}
	return actionSetIfAbsent
}

func parseResponse(n policies.Node) ResponseConfig {
	o, _ := n.Section("response")
	defAction := actionSetIfAbsent
	if o.Decl("header_action").DefaultString() == "set" {
		defAction = actionSet
	}
	c := ResponseConfig{
		Enabled:         o.Bool("enabled"),
		SecurityHeaders: o.Bool("security_headers"),
		HeaderAction:    parseHeaderActionDefault(o.Get("header_action"), defAction),
		Headers:         parseHeaderRules(o.Get("headers"), helmetHeaders()),
		CSP:             parseCSP(o.Get("csp"), helmetCSP()),
		RemoveHeaders:   parseHeaderNames(o.Get("remove_headers"), o.Decl("remove_headers").DefaultStrings()),
		Cookies:         parseCookies(o.Get("cookies")),
		Errors:          parseErrorPages(o.Get("errors")),
	}
	c.rules = compileRules(c.Headers, c.CSP, c.HeaderAction)
	for _, rn := range o.Get("routes").Array() {
		ro, ok := rn.Section("response.routes[]")
		if !ok {
			continue
		}
		hs := parseHeaderRules(ro.Get("headers"), c.Headers)
		csp := parseCSP(ro.Get("csp"), c.CSP)
		act := parseHeaderActionDefault(ro.Get("header_action"), c.HeaderAction)
		c.Routes = append(c.Routes, ResponseRoute{
			Route:           policies.ParseRoute(ro),
			SecurityHeaders: ro.BoolOr("security_headers", c.SecurityHeaders),
			HeaderAction:    act,
			rules:           compileRules(hs, csp, act),
		})
	}
	return c
}

// compileRules appends the CSP header rule to the header rules and gives every rule without an
// action of its own the header_action def.
func compileRules(hs []headerRule, csp cspPolicy, def headerAction) []headerRule {
	out := append([]headerRule(nil), hs...)
	if v := csp.String(); csp.Enabled && v != "" {
		// CSP first, as Helmet sends it.
		out = append([]headerRule{{Name: csp.HeaderName(), Value: v, Action: csp.Action}}, out...)
	}
	for i := range out {
		if out[i].Action == actionInherit {
			out[i].Action = def
		}
	}
	return out
}

// hardening is the compiled response-hardening, CSRF and HTTPS-redirect policy.
type hardening struct {
	cfg       *Config
	csrfCheck *csrfCheck
	slot      int // the Tx slot of hardeningTxState
}

// hardeningTxState is the per-request state: whether the response body is being replaced.
type hardeningTxState struct {
	scrubbed bool
	logged   bool
}

func newHardening(c *policies.Config) *hardening {
	return &hardening{cfg: ConfigOf(c), csrfCheck: newCSRFCheck(c)}
}

// responseHeaders returns the header changes for a response (server headers removed, security
// headers, hardened cookies, error scrubbing) and, for a scrubbed error, the replacement body.
// Ops apply in order: removals, then security headers (so a configured header may reintroduce a
// removed name), cookies, error fix-ups.
func (h *hardening) responseHeaders(tx *policies.Tx, status int, headers policies.Headers) ([]policies.HeaderOp, []byte) {
	if h == nil {
		return nil, nil
	}
	rc := &h.cfg.Response
	if !rc.Enabled || status >= 100 && status < 200 {
		return nil, nil
	}
	ops := removeOps(rc.RemoveHeaders, headers)
	rules, on := rc.rules, rc.SecurityHeaders
	for i := range rc.Routes {
		if rc.Routes[i].Route.Matches(tx.Req.Method, tx.Path) {
			rules, on = rc.Routes[i].rules, rc.Routes[i].SecurityHeaders
			break
		}
	}
	if on {
		ops = append(ops, ruleOps(rules, headers, ops)...)
	}
	ops = append(ops, rc.Cookies.cookieOps(headers)...)
	eops, body := rc.Errors.errorOps(tx, status, headers)
	ops = append(ops, eops...)
	if body != nil {
		h.state(tx).scrubbed = true
	}
	return ops, body
}
