package harden

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// HardenConfig is what the harden feature parses: "response", "csrf" and "https_redirect".
type Config struct {
	// Response: "response", security headers, cookies, error pages.
	Response ResponseConfig
	// CSRF: "csrf", cross-site request checks.
	CSRF CSRFConfig
	// HTTPSRedirect: "https_redirect".
	HTTPSRedirect HTTPSRedirectConfig
}

// HardenSpec declares the harden feature.
var Spec = &policies.Spec{
	Name:  "harden",
	Keys:  []string{"response", "csrf", "https_redirect"},
	Parse: func(root policies.Obj, c *policies.Config) any { return parseHarden(root) },
	New: func(c *policies.Config, env policies.Env) (policies.Feature, error) {
		h := newHardening(c)
		h.slot = env.Slot
		return h, nil
	},
}

func parseHarden(root policies.Obj) *Config {
	return &Config{
		Response:      parseResponse(root.Get("response")),
		CSRF:          parseCSRF(root.Get("csrf")),
		HTTPSRedirect: parseHTTPSRedirect(root.Get("https_redirect")),
	}
}

// hardenConfigOf is the harden part of c (the defaults when harden is not in use).
func ConfigOf(c *policies.Config) *Config {
	if hc, ok := c.Part("harden").(*Config); ok {
		return hc
	}
	return parseHarden(policies.MissingObj())
}

// state is the request's response-hardening state.
func (h *hardening) state(tx *policies.Tx) *hardeningTxState {
	p := tx.Slot(h.slot)
	if *p == nil {
		*p = &hardeningTxState{}
	}
	return (*p).(*hardeningTxState)
}

// Run redirects plain HTTP (Arrive), checks CSRF (Admit) and hardens the response (Respond).
func (h *hardening) Run(p policies.Phase, tx *policies.Tx) *policies.Decision {
	switch p {
	case policies.Arrive:
		return h.redirect(tx)
	case policies.Admit:
		return h.csrf(tx)
	case policies.Respond:
		ops, body := h.responseHeaders(tx, tx.Status, tx.RespHeaders)
		tx.AddResponseOps(ops...)
		if body != nil {
			tx.ReplaceResponseBody(body)
		}
	}
	return nil
}

// ErrorBodyLogLimit returns how many bytes of the original response body to log: 0 unless this
// response's body is being replaced and response.errors.debug_log_bytes is set.
func (h *hardening) ErrorBodyLogLimit(tx *policies.Tx) int {
	st, ok := (*tx.Slot(h.slot)).(*hardeningTxState)
	if !ok || !st.scrubbed || st.logged {
		return 0
	}
	return h.cfg.Response.Errors.DebugLogBytes
}

// LogOriginalErrorBody logs (at debug level, once) the first limit bytes of the body that was
// replaced.
func (h *hardening) LogOriginalErrorBody(tx *policies.Tx, prefix []byte, limit int) {
	h.state(tx).logged = true
	truncated := len(prefix) > limit
	if truncated {
		prefix = prefix[:limit]
	}
	tx.Event(policies.LogDebug, "response.error_original", map[string]any{
		"body": strings.ToValidUTF8(string(prefix), "\uFFFD"), "truncated": truncated})
}
