package parity

import (
	"net/http"
	"strings"
	"testing"
)

// helmetHeaders are the headers helmet 8 manages, plus the two Edgeward removes or adds.
var helmetHeaders = []string{
	"Content-Security-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
	"Origin-Agent-Cluster", "Referrer-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
	"X-Dns-Prefetch-Control", "X-Download-Options", "X-Frame-Options", "X-Permitted-Cross-Domain-Policies",
	"X-Xss-Protection", "X-Powered-By", "Permissions-Policy",
}

// hardenedConfig is testdata/js/server.js's hardenedHelmet written as an Edgeward config (and
// shown in docs/migrating-from-express.md).
const hardenedConfig = `{
  "injection": {"enabled": false},
  "response": {
    "csp": {"directives": {
      "default-src": ["'self'"],
      "script-src": ["'self'", "'strict-dynamic'"],
      "style-src": ["'self'", "https:", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "https:"],
      "connect-src": ["'self'"],
      "font-src": ["'self'", "https:", "data:"],
      "object-src": ["'none'"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": []
    }},
    "headers": {
      "strict-transport-security": "max-age=31536000; includeSubDomains; preload",
      "referrer-policy": "strict-origin-when-cross-origin"
    }
  }
}`

// cspDirectives splits a policy into trimmed directives (so that "a;b" and "a; b" compare equal).
func cspDirectives(v string) string {
	var out []string
	for _, d := range strings.Split(v, ";") {
		if d = strings.Join(strings.Fields(d), " "); d != "" {
			out = append(out, d)
		}
	}
	return strings.Join(out, "; ")
}

// TestParityHelmet: helmet's defaults and the hardened configuration of issue 16, against
// Edgeward's defaults and the same configuration, header by header, on 200, 404 (Express's own
// page, which sets its own CSP), 500, HEAD and a route that sets its own stricter headers.
func TestParityHelmet(t *testing.T) {
	apps := nodeApps(t)
	for _, set := range []struct {
		name, helmetApp, config string
	}{
		{"defaults", "helmet", `{}`},
		{"hardened", "hardened", hardenedConfig},
	} {
		t.Run(set.name, func(t *testing.T) {
			edge := edgeward(t, set.config, apps["plain"], nil, 2)
			for _, rq := range []struct{ method, path string }{
				{"GET", "/ok"}, {"GET", "/missing"}, {"GET", "/boom"}, {"HEAD", "/ok"}, {"GET", "/own-headers"},
			} {
				t.Run(rq.method+" "+rq.path, func(t *testing.T) {
					h := do(t, rq.method, apps[set.helmetApp]+rq.path, "", "", nil)
					e := do(t, rq.method, edge+rq.path, "", "", nil)
					if h.status != e.status {
						t.Errorf("status: helmet %d, Edgeward %d", h.status, e.status)
					}
					compareHelmet(t, h.header, e.header)
				})
			}
		})
	}
}

func compareHelmet(t *testing.T, h, e http.Header) {
	t.Helper()
	for _, name := range helmetHeaders {
		hv, ev := h.Values(name), e.Values(name)
		switch {
		case name == "Permissions-Policy" && len(hv) == 0 && len(ev) == 1:
			t.Logf("%s: Edgeward only (%s)", name, diff(t, "helmet-permissions-policy").id)
			continue
		case name == "Content-Security-Policy" && len(hv) == 1 && len(ev) == 1:
			if hv[0] != ev[0] {
				_ = diff(t, "helmet-csp-spacing")
				hv, ev = []string{cspDirectives(hv[0])}, []string{cspDirectives(ev[0])}
			}
		}
		if strings.Join(hv, "\n") != strings.Join(ev, "\n") {
			t.Errorf("%s: helmet %q, Edgeward %q", name, hv, ev)
		}
	}
}
