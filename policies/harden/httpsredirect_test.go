package harden

import (
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

func TestHTTPSRedirect(t *testing.T) {
	const on = `{"https_redirect":{"enabled":true}}`
	for _, tc := range []struct {
		name       string
		cfg        string
		req        *policies.Request
		wantStatus int    // 0: no redirect
		wantLoc    string // Location
	}{
		{"off by default", `{}`, hdReq("GET", "http", "app.example.com", "/a"), 0, ""},
		{"https passes", on, hdReq("GET", "https", "app.example.com", "/a"), 0, ""},
		{"plain http", on, hdReq("GET", "http", "app.example.com", "/a/b?c=d&e=f"), 308, "https://app.example.com/a/b?c=d&e=f"},
		{"upper-case scheme and host", on, hdReq("GET", "HTTP", "App.Example.com", "/"), 308, "https://app.example.com/"},
		{"port dropped", on, hdReq("GET", "http", "app.example.com:8080", "/"), 308, "https://app.example.com/"},
		{"configured port", `{"https_redirect":{"enabled":true,"port":8443}}`, hdReq("GET", "http", "app.example.com:8080", "/"), 308, "https://app.example.com:8443/"},
		{"301", `{"https_redirect":{"enabled":true,"status":301}}`, hdReq("GET", "http", "app.example.com", "/"), 301, "https://app.example.com/"},
		{"canonical host", `{"https_redirect":{"enabled":true,"host":"www.example.com"}}`, hdReq("GET", "http", "evil.example", "/x"), 308, "https://www.example.com/x"},
		{"canonical host with port", `{"https_redirect":{"enabled":true,"host":"WWW.example.com:8443"}}`, hdReq("GET", "http", "a", "/x"), 308, "https://www.example.com:8443/x"},
		{"IPv6 authority", on, hdReq("GET", "http", "[2001:db8::1]:80", "/"), 308, "https://[2001:db8::1]/"},
		{"userinfo authority refused", on, hdReq("GET", "http", "evil.example@app.example.com", "/"), 400, ""},
		{"authority with path refused", on, hdReq("GET", "http", "evil.example/x", "/"), 400, ""},
		{"authority with backslash refused", on, hdReq("GET", "http", "evil.example\\", "/"), 400, ""},
		{"empty authority refused", on, hdReq("GET", "http", "", "/"), 400, ""},
		{"absolute-form path cannot change the host", on, hdReq("GET", "http", "app.example.com", "http://evil.example/"), 308, "https://app.example.com/"},
		{"at-sign path cannot change the host", on, hdReq("GET", "http", "app.example.com", "@evil.example/"), 308, "https://app.example.com/"},
		{"scheme-relative path stays on host", on, hdReq("GET", "http", "app.example.com", "//evil.example/"), 308, "https://app.example.com//evil.example/"},
		{"backslash path encoded", on, hdReq("GET", "http", "app.example.com", "/\\evil.example"), 308, "https://app.example.com/%5Cevil.example"},
		{"control characters encoded", on, hdReq("GET", "http", "app.example.com", "/a\r\nSet-Cookie: x=1"), 308, "https://app.example.com/a%0D%0ASet-Cookie:%20x=1"},
		{"acme challenge exempt", on, hdReq("GET", "http", "app.example.com", "/.well-known/acme-challenge/tok"), 0, ""},
		{"x-forwarded-proto ignored without trusted hops", on, hdReq("GET", "https", "app.example.com", "/", "x-forwarded-proto: http"), 0, ""},
		{"x-forwarded-proto trusted", `{"client":{"trusted_hops":1},"https_redirect":{"enabled":true}}`, hdReq("GET", "https", "app.example.com", "/", "x-forwarded-proto: http"), 308, "https://app.example.com/"},
		{"x-forwarded-proto trusted says https", `{"client":{"trusted_hops":1},"https_redirect":{"enabled":true}}`, hdReq("GET", "http", "app.example.com", "/", "x-forwarded-proto: https"), 0, ""},
		{"x-forwarded-proto last entry wins", `{"client":{"trusted_hops":1},"https_redirect":{"enabled":true}}`, hdReq("GET", "http", "app.example.com", "/", "x-forwarded-proto: https, http"), 308, "https://app.example.com/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := hdEngine(t, tc.cfg).NewTx(tc.req, hdNow)
			d := hardOf(tx.Engine()).redirect(tx)
			if tc.wantStatus == 0 {
				if d != nil {
					t.Fatalf("got %d redirect, want none", d.Status)
				}
				return
			}
			if d == nil {
				t.Fatalf("no decision, want %d", tc.wantStatus)
			}
			if d.Status != tc.wantStatus || d.Action != policies.Deny {
				t.Fatalf("status = %d (%v), want %d", d.Status, d.Action, tc.wantStatus)
			}
			if got := d.Headers.Get("location"); got != tc.wantLoc {
				t.Errorf("location = %q, want %q", got, tc.wantLoc)
			}
			if loc := d.Headers.Get("location"); loc != "" && !strings.HasPrefix(loc, "https://") {
				t.Errorf("location %q is not https", loc)
			}
		})
	}
}

func TestHTTPSRedirectConfigErrors(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"status":302}`, `https_redirect.status: must be 301 or 308`},
		{`{"host":"https://www.example.com"}`, `https_redirect.host: must be a host name`},
		{`{"host":"a@b"}`, `https_redirect.host`},
		{`{"port":0}`, `https_redirect.port: must be between 1 and 65535`},
		{`{"except":["well-known"]}`, `https_redirect.except: [0] paths must start with "/"`},
		{`{"enable":true}`, `https_redirect.enable: unknown key (did you mean "enabled"?)`},
	} {
		t.Run(tc.cfg, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"https_redirect":` + tc.cfg + `}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzRedirectLocation(f *testing.F) {
	f.Add("app.example.com", "/a?b=c")
	f.Add("evil.example@app.example.com", "http://evil.example/")
	f.Add("[::1]:80", "//x")
	e := hdEngine(f, `{"https_redirect":{"enabled":true}}`)
	f.Fuzz(func(t *testing.T, authority, path string) {
		tx := e.NewTx(hdReq("GET", "http", authority, path), hdNow)
		d := hardOf(tx.Engine()).redirect(tx)
		if d == nil {
			t.Fatal("plain http not redirected")
		}
		if d.Status == 400 {
			return
		}
		loc := d.Headers.Get("location")
		host, _, ok := splitAuthority(authority)
		if !ok || !strings.HasPrefix(loc, "https://"+host+"/") {
			t.Fatalf("authority %q path %q: location %q leaves the host", authority, path, loc)
		}
		if strings.ContainsAny(loc, " \r\n\t\\\x00") {
			t.Fatalf("location %q has raw control characters", loc)
		}
	})
}
