package harden

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// hdEngine compiles a config for the hardening tests.
func hdEngine(t testing.TB, js string) *policies.Engine {
	t.Helper()
	e, err := policies.NewEngine(hdParse(t, js), policies.Options{})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// hdReq builds a request; headers are given as "name: value" strings.
func hdReq(method, scheme, authority, path string, headers ...string) *policies.Request {
	r := &policies.Request{Method: method, Scheme: scheme, Authority: authority, Path: path, SourceAddress: "192.0.2.1:5000", ID: "req-1"}
	for _, h := range headers {
		n, v, _ := strings.Cut(h, ":")
		r.Headers = append(r.Headers, policies.Header{Name: strings.ToLower(n), Value: strings.TrimSpace(v)})
	}
	return r
}

var hdNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func TestWebOrigin(t *testing.T) {
	for _, tc := range []struct {
		in    string
		urlOK bool
		want  string
		ok    bool
	}{
		{"https://app.example.com", false, "https://app.example.com", true},
		{"HTTPS://App.Example.COM", false, "https://app.example.com", true},
		{"https://app.example.com:443", false, "https://app.example.com", true},
		{"http://app.example.com:80", false, "http://app.example.com", true},
		{"https://app.example.com:80", false, "https://app.example.com:80", true},
		{"http://localhost:3000", false, "http://localhost:3000", true},
		{"http://localhost:03000", false, "http://localhost:3000", true},
		{"http://localhost:", false, "http://localhost", true},
		{"http://127.0.0.1:8080", false, "http://127.0.0.1:8080", true},
		{"http://[::1]:8080", false, "http://[::1]:8080", true},
		{"http://[0:0::1]", false, "http://[::1]", true},
		{"https://app.example.com/", false, "", false},
		{"https://app.example.com/", true, "https://app.example.com", true},
		{"https://app.example.com:8443/a/b?c=d#e", true, "https://app.example.com:8443", true},
		{"https://app.example.com\\@evil.com/", true, "https://app.example.com", true},
		{"https://user:pw@app.example.com/", true, "", false},
		{"https://evil.com@app.example.com", false, "", false},
		{"null", false, "", false},
		{"", false, "", false},
		{"file:///etc/passwd", true, "", false},
		{"chrome-extension://abcdef", false, "", false},
		{"https://", false, "", false},
		{"https://app.example.com:99999", false, "", false},
		{"https://app.example.com:0", false, "", false},
		{"https://app.example.com:-1", false, "", false},
		{"https://app..example.com", false, "", false},
		{"https://app example.com", false, "", false},
		{"https://[::1", false, "", false},
		{"https://[fe80::1%25eth0]", false, "", false},
		{"https://bücher.example", false, "", false},
		{"//app.example.com", true, "", false},
		{"app.example.com", true, "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := webOrigin(tc.in, tc.urlOK)
			if got != tc.want || ok != tc.ok {
				t.Errorf("webOrigin(%q, %v) = %q, %v; want %q, %v", tc.in, tc.urlOK, got, ok, tc.want, tc.ok)
			}
		})
	}
}

const csrfConfig = `{"csrf":{"routes":[{"path_prefix":"/api/"}],"allowed_origins":["https://partner.example.net","http://localhost:3000"]}}`

var csrfCases = []struct {
	name    string
	cfg     string // "" for csrfConfig
	req     *policies.Request
	blocked bool
}{
	{"same origin", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com"), false},
	{"same origin case and default port", "", hdReq("POST", "https", "APP.example.com:443", "/api/x", "cookie: s=1", "origin: https://app.EXAMPLE.com:443"), false},
	{"same host other port", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com:8443"), true},
	{"same host other scheme", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: http://app.example.com"), true},
	{"cross-site origin", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://evil.example"), true},
	{"suffix trick", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com.evil.example"), true},
	{"allowed partner despite cross-site fetch", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://partner.example.net", "sec-fetch-site: cross-site"), false},
	{"allowed localhost with port", "", hdReq("PUT", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: http://localhost:3000"), false},
	{"allowed localhost wrong port", "", hdReq("PUT", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: http://localhost:3001"), true},
	{"sec-fetch-site cross-site", "", hdReq("DELETE", "https", "app.example.com", "/api/x", "cookie: s=1", "sec-fetch-site: cross-site"), true},
	{"sec-fetch-site cross-site with same origin claimed", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com", "sec-fetch-site: cross-site"), true},
	{"sec-fetch-site same-site refused by default", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://blog.example.com", "sec-fetch-site: same-site"), true},
	{"sec-fetch-site same-site allowed", `{"csrf":{"routes":[{}],"allow_same_site":true}}`, hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://blog.example.com", "sec-fetch-site: same-site"), false},
	{"sec-fetch-site same-origin with Origin null (no-referrer policy)", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: null", "sec-fetch-site: same-origin"), false},
	{"Origin null", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: null"), true},
	{"Origin null with sec-fetch-site none", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: null", "sec-fetch-site: none"), true},
	{"malformed Origin", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com/path"), true},
	{"two Origin headers", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com", "origin: https://evil.example"), true},
	{"Referer fallback same origin", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "referer: https://app.example.com/form?x=1"), false},
	{"Referer fallback cross-site", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "referer: https://evil.example/app.example.com"), true},
	{"Referer ignored when Origin present", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://evil.example", "referer: https://app.example.com/"), true},
	{"missing both", "", hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1"), true},
	{"missing both allowed", `{"csrf":{"routes":[{}],"allow_missing_origin":true}}`, hdReq("POST", "https", "app.example.com", "/api/x", "cookie: s=1"), false},
	{"no cookie exempt", "", hdReq("POST", "https", "app.example.com", "/api/x", "origin: https://evil.example", "authorization: Bearer x"), false},
	{"no cookie not exempt", `{"csrf":{"routes":[{}],"exempt_without_cookies":false}}`, hdReq("POST", "https", "app.example.com", "/api/x", "origin: https://evil.example"), true},
	{"GET not checked", "", hdReq("GET", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://evil.example"), false},
	{"OPTIONS not checked", "", hdReq("OPTIONS", "https", "app.example.com", "/api/x", "cookie: s=1", "origin: https://evil.example"), false},
	{"other route not checked", "", hdReq("POST", "https", "app.example.com", "/public", "cookie: s=1", "origin: https://evil.example"), false},
	{"route matched after normalisation", "", hdReq("POST", "https", "app.example.com", "/x/../API/%78", "cookie: s=1", "origin: https://evil.example"), true},
	{"configured methods", `{"csrf":{"routes":[{}],"methods":["POST"]}}`, hdReq("DELETE", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), false},
	{"same origin disallowed", `{"csrf":{"routes":[{}],"allow_same_origin":false}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://app.example.com"), true},
	{"x-forwarded-proto untrusted", "", hdReq("POST", "http", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com", "x-forwarded-proto: https"), true},
	{"x-forwarded-proto trusted", `{"client":{"trusted_hops":1},"csrf":{"routes":[{}]}}`, hdReq("POST", "http", "app.example.com", "/api/x", "cookie: s=1", "origin: https://app.example.com", "x-forwarded-proto: https"), false},
	{"off without routes", `{"csrf":{}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), false},
	{"disabled", `{"csrf":{"enabled":false,"routes":[{}]}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), false},
	{"detect mode passes", `{"csrf":{"mode":"detect","routes":[{}]}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), false},
	{"global detect inherited", `{"mode":"detect","csrf":{"routes":[{}]}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), false},
	{"csrf enforce over global detect", `{"mode":"detect","csrf":{"mode":"enforce","routes":[{}]}}`, hdReq("POST", "https", "app.example.com", "/", "cookie: s=1", "origin: https://evil.example"), true},
}

func TestCSRF(t *testing.T) {
	for _, tc := range csrfCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			if cfg == "" {
				cfg = csrfConfig
			}
			tx := hdEngine(t, cfg).NewTx(tc.req, hdNow)
			d := hardOf(tx.Engine()).csrf(tx)
			if got := d != nil; got != tc.blocked {
				t.Fatalf("blocked = %v, want %v (events %s)", got, tc.blocked, hdEvents(tx))
			}
			if d == nil {
				return
			}
			if d.Status != 403 || d.Rule != "csrf" || d.Action != policies.Deny {
				t.Errorf("decision = %d %q %v, want 403 csrf deny", d.Status, d.Rule, d.Action)
			}
			var body map[string]string
			if err := json.Unmarshal(d.Body, &body); err != nil || body["rule"] != "csrf" || body["request_id"] != "req-1" {
				t.Errorf("body = %s (%v)", d.Body, err)
			}
			if strings.Contains(string(d.Body), "evil") {
				t.Errorf("body echoes the origin: %s", d.Body)
			}
		})
	}
}

func TestCSRFDetectLogs(t *testing.T) {
	tx := hdEngine(t, `{"csrf":{"mode":"detect","routes":[{}]}}`).NewTx(hdReq("POST", "https", "a.example", "/", "cookie: s=1", "origin: https://evil.example"), hdNow)
	if d := tx.RequestHeaders(); d.Action == policies.Deny {
		t.Fatalf("detect mode denied the request (rule %q)", d.Rule)
	}
	if ev := hdEvents(tx); !strings.Contains(ev, "csrf.detect") {
		t.Errorf("events %s lack csrf.detect", ev)
	}
}

func TestCSRFConfigErrors(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"allowed_origins":["https://a.example.com/"]}`, `csrf.allowed_origins[0]: must be an origin`},
		{`{"allowed_origins":["a.example.com"]}`, `csrf.allowed_origins[0]`},
		{`{"allowed_origins":["*"]}`, `csrf.allowed_origins[0]`},
		{`{"methods":["post"]}`, `csrf.methods[0]: must be an upper-case method`},
		{`{"routes":[{"path_prefix":"api"}]}`, `paths must start with "/"`},
		{`{"routes":[{"paths":"/api"}]}`, `csrf.routes[0].paths: unknown key`},
		{`{"mode":"block"}`, `csrf.mode: must be one of`},
	} {
		t.Run(tc.cfg, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"csrf":` + tc.cfg + `}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func hdEvents(tx *policies.Tx) string {
	var b strings.Builder
	for _, e := range tx.Logged() {
		b.Write(e.JSON)
		b.WriteByte('\n')
	}
	return b.String()
}

func FuzzWebOrigin(f *testing.F) {
	for _, tc := range csrfCases {
		f.Add(tc.req.Headers.Get("origin"))
		f.Add(tc.req.Headers.Get("referer"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, urlOK := range []bool{false, true} {
			o, ok := webOrigin(s, urlOK)
			if !ok {
				continue
			}
			// A serialised origin is its own origin (a fixed point) and never carries userinfo or a path.
			if again, ok2 := webOrigin(o, false); !ok2 || again != o {
				t.Fatalf("webOrigin(%q) = %q, which is not a fixed point (%q, %v)", s, o, again, ok2)
			}
			if strings.ContainsAny(o[len("https://"):], "@/\\?# ") {
				t.Fatalf("webOrigin(%q) = %q", s, o)
			}
		}
	})
}
