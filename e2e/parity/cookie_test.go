package parity

import (
	"sort"
	"strings"
	"testing"
)

// cookieAttrs reads a Set-Cookie value as browsers do: name=value, then attributes (names
// lower-cased; the SameSite value lower-cased; Expires only as present, its instant depends on
// when the response was made).
func cookieAttrs(v string) (string, []string) {
	parts := strings.Split(v, ";")
	var attrs []string
	for _, p := range parts[1:] {
		k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		k = strings.ToLower(k)
		switch k {
		case "expires":
			val = "(present)"
		case "samesite":
			val = strings.ToLower(val)
		}
		attrs = append(attrs, k+"="+val)
	}
	sort.Strings(attrs)
	return strings.TrimSpace(parts[0]), attrs
}

// TestParityCookie: res.cookie with a refresh token's usual options (httpOnly, secure, sameSite
// strict, maxAge 7 days, path /api/auth/refresh) against Edgeward's Set-Cookie hardening of the
// same cookie sent with only its path and lifetime (what the edge cannot know), and of the cookie
// sent with every option (nothing is added twice).
func TestParityCookie(t *testing.T) {
	apps := nodeApps(t)
	want := do(t, "POST", apps["cookie"]+"/api/auth/token", "", "", nil).header.Values("Set-Cookie")
	if len(want) != 1 {
		t.Fatalf("res.cookie sent %q", want)
	}
	wantName, wantAttrs := cookieAttrs(want[0])
	strict := edgeward(t, `{"injection":{"enabled":false},"response":{"cookies":{"same_site_by_name":{"refreshToken":"Strict"}}}}`, apps["plain"], nil, 2)
	defaults := edgeward(t, `{"injection":{"enabled":false}}`, apps["plain"], nil, 2)
	for _, c := range []struct {
		name, base, path, diff string
	}{
		{"path and maxAge from the app, flags from the edge", strict, "/api/auth/token", ""},
		{"every option from the app", strict, "/api/auth/token-full", ""},
		{"every option from the app, Edgeward defaults", defaults, "/api/auth/token-full", ""},
		{"path and maxAge from the app, Edgeward defaults", defaults, "/api/auth/token", "cookie-default-samesite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := do(t, "POST", c.base+c.path, "", "", nil).header.Values("Set-Cookie")
			if len(got) != 1 {
				t.Fatalf("Edgeward sent Set-Cookie %q", got)
			}
			name, attrs := cookieAttrs(got[0])
			same := name == wantName && strings.Join(attrs, "; ") == strings.Join(wantAttrs, "; ")
			if c.diff != "" {
				d := diff(t, c.diff)
				if same || !strings.Contains(got[0], "SameSite=Lax") {
					t.Errorf("listed as difference %s: got %q (res.cookie %q)", d.id, got[0], want[0])
				}
				return
			}
			if !same {
				t.Errorf("res.cookie: %q\nEdgeward:   %q", want[0], got[0])
			}
		})
	}
}
