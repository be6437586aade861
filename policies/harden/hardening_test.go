package harden

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// echoHeaders is what the contract's echo upstream sends.
var echoHeaders = policies.Headers{{Name: "content-type", Value: "application/json"}, {Name: "x-powered-by", Value: "Express"}, {Name: "server", Value: "Express"}, {Name: "content-length", Value: "120"}}

// helmetExpected is every header (and value) the defaults must produce.
var helmetExpected = map[string]string{
	"content-security-policy":           helmetCSPValue,
	"cross-origin-opener-policy":        "same-origin",
	"cross-origin-resource-policy":      "same-origin",
	"origin-agent-cluster":              "?1",
	"referrer-policy":                   "no-referrer",
	"strict-transport-security":         "max-age=31536000; includeSubDomains",
	"x-content-type-options":            "nosniff",
	"x-dns-prefetch-control":            "off",
	"x-download-options":                "noopen",
	"x-frame-options":                   "SAMEORIGIN",
	"x-permitted-cross-domain-policies": "none",
	"x-xss-protection":                  "0",
	"permissions-policy":                defaultPermissionsPolicy,
}

func runResponse(t *testing.T, cfg string, req *policies.Request, status int, hs policies.Headers) (policies.Headers, []byte, *policies.Tx) {
	t.Helper()
	tx := hdEngine(t, cfg).NewTx(req, hdNow)
	res := tx.ResponseHeaders(status, hs)
	return hs.Apply(res.Ops), res.ReplaceBody, tx
}

func TestResponseDefaults(t *testing.T) {
	got, body, _ := runResponse(t, `{}`, hdReq("GET", "https", "a.example", "/"), 200, echoHeaders)
	for name, want := range helmetExpected {
		if v := got.Values(name); len(v) != 1 || v[0] != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
	for _, name := range []string{"x-powered-by", "server"} {
		if got.Has(name) {
			t.Errorf("%s not removed", name)
		}
	}
	if got.Get("content-length") != "120" || body != nil {
		t.Errorf("a 200 must keep its body: content-length %q, replace %q", got.Get("content-length"), body)
	}
}

func TestResponseHeaderConfig(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      string
		upstream policies.Headers
		path     string
		want     map[string]string // "" means absent
	}{
		{"master switch off", `{"response":{"enabled":false}}`, echoHeaders, "/",
			map[string]string{"x-powered-by": "Express", "content-security-policy": "", "x-frame-options": ""}},
		{"security headers off keeps removal", `{"response":{"security_headers":false}}`, echoHeaders, "/",
			map[string]string{"x-powered-by": "", "server": "", "x-frame-options": ""}},
		{"string sets a value", `{"response":{"headers":{"X-Frame-Options":"DENY"}}}`, nil, "/",
			map[string]string{"x-frame-options": "DENY"}},
		{"false leaves upstream alone", `{"response":{"headers":{"x-frame-options":false}}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOW-FROM x"}}, "/",
			map[string]string{"x-frame-options": "ALLOW-FROM x"}},
		{"default keeps the app's own value (issue 16)", `{}`, policies.Headers{{Name: "x-frame-options", Value: "DENY"}, {Name: "content-security-policy", Value: "default-src 'none'"}}, "/",
			map[string]string{"x-frame-options": "DENY", "content-security-policy": "default-src 'none'", "referrer-policy": "no-referrer"}},
		{"a configured string keeps the app's own value", `{"response":{"headers":{"x-frame-options":"SAMEORIGIN"}}}`, policies.Headers{{Name: "x-frame-options", Value: "DENY"}}, "/",
			map[string]string{"x-frame-options": "DENY"}},
		{"per-header set replaces upstream", `{"response":{"headers":{"x-frame-options":{"action":"set"}}}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOWALL"}}, "/",
			map[string]string{"x-frame-options": "SAMEORIGIN"}},
		{"per-header set with a value", `{"response":{"headers":{"x-frame-options":{"value":"DENY","action":"set"}}}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOWALL"}}, "/",
			map[string]string{"x-frame-options": "DENY"}},
		{"header_action set replaces everywhere", `{"response":{"header_action":"set"}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOWALL"}, {Name: "content-security-policy", Value: "default-src *"}}, "/",
			map[string]string{"x-frame-options": "SAMEORIGIN", "content-security-policy": helmetCSPValue}},
		{"header_action set keeps explicit set_if_absent", `{"response":{"header_action":"set","headers":{"referrer-policy":{"action":"set_if_absent"}}}}`, policies.Headers{{Name: "referrer-policy", Value: "origin"}, {Name: "x-frame-options", Value: "ALLOWALL"}}, "/",
			map[string]string{"referrer-policy": "origin", "x-frame-options": "SAMEORIGIN"}},
		{"per-route header_action set", `{"response":{"routes":[{"path_prefix":"/admin/","header_action":"set"}]}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOWALL"}}, "/admin/x",
			map[string]string{"x-frame-options": "SAMEORIGIN"}},
		{"per-route header_action set, other route keeps", `{"response":{"routes":[{"path_prefix":"/admin/","header_action":"set"}]}}`, policies.Headers{{Name: "x-frame-options", Value: "ALLOWALL"}}, "/x",
			map[string]string{"x-frame-options": "ALLOWALL"}},
		{"per-route set_if_absent under a top-level set", `{"response":{"header_action":"set","routes":[{"path_prefix":"/app/","header_action":"set_if_absent"}]}}`, policies.Headers{{Name: "x-frame-options", Value: "DENY"}}, "/app/x",
			map[string]string{"x-frame-options": "DENY"}},
		{"csp per-header set replaces the app's policy", `{"response":{"csp":{"action":"set"}}}`, policies.Headers{{Name: "content-security-policy", Value: "default-src *"}}, "/",
			map[string]string{"content-security-policy": helmetCSPValue}},
		{"a removed header counts as absent", `{"response":{"headers":{"server":"edge"}}}`, policies.Headers{{Name: "server", Value: "Express"}}, "/",
			map[string]string{"server": "edge"}},
		{"set_if_absent keeps upstream", `{"response":{"headers":{"referrer-policy":{"action":"set_if_absent"}}}}`, policies.Headers{{Name: "referrer-policy", Value: "origin"}}, "/",
			map[string]string{"referrer-policy": "origin"}},
		{"set_if_absent fills in", `{"response":{"headers":{"referrer-policy":{"action":"set_if_absent"}}}}`, nil, "/",
			map[string]string{"referrer-policy": "no-referrer"}},
		{"remove", `{"response":{"headers":{"x-xss-protection":{"action":"remove"}}}}`, policies.Headers{{Name: "x-xss-protection", Value: "1; mode=block"}}, "/",
			map[string]string{"x-xss-protection": ""}},
		{"custom header", `{"response":{"headers":{"x-robots-tag":"noindex"}}}`, nil, "/",
			map[string]string{"x-robots-tag": "noindex"}},
		{"csp set_if_absent keeps the app's policy", `{"response":{"header_action":"set","csp":{"action":"set_if_absent"}}}`, policies.Headers{{Name: "content-security-policy", Value: "default-src 'none'"}}, "/",
			map[string]string{"content-security-policy": "default-src 'none'"}},
		{"report-only header", `{"response":{"csp":{"report_only":true}}}`, nil, "/",
			map[string]string{"content-security-policy": "", "content-security-policy-report-only": strings.TrimSuffix(helmetCSPValue, "; upgrade-insecure-requests")}},
		{"remove_headers replaces defaults", `{"response":{"remove_headers":["x-version","x-backend*"]}}`, policies.Headers{{Name: "server", Value: "S"}, {Name: "x-version", Value: "1"}, {Name: "x-backend-host", Value: "h"}}, "/",
			map[string]string{"server": "S", "x-version": "", "x-backend-host": ""}},
		{"server can be re-set after removal", `{"response":{"headers":{"server":"edge"}}}`, echoHeaders, "/",
			map[string]string{"server": "edge"}},
		{"x-aspnet headers removed", `{}`, policies.Headers{{Name: "x-aspnet-version", Value: "4.0"}, {Name: "x-aspnetmvc-version", Value: "5.2"}}, "/",
			map[string]string{"x-aspnet-version": "", "x-aspnetmvc-version": ""}},
		{"route override", `{"response":{"routes":[{"path_prefix":"/embed/","headers":{"x-frame-options":false,"cross-origin-resource-policy":"cross-origin"}}]}}`, nil, "/EMBED/x",
			map[string]string{"x-frame-options": "", "cross-origin-resource-policy": "cross-origin", "x-content-type-options": "nosniff"}},
		{"route not matched", `{"response":{"routes":[{"path_prefix":"/embed/","headers":{"x-frame-options":false}}]}}`, nil, "/other",
			map[string]string{"x-frame-options": "SAMEORIGIN"}},
		{"route security_headers false", `{"response":{"routes":[{"path_prefix":"/raw/","security_headers":false}]}}`, echoHeaders, "/raw/x",
			map[string]string{"x-frame-options": "", "content-security-policy": "", "x-powered-by": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := runResponse(t, tc.cfg, hdReq("GET", "https", "a.example", tc.path), 200, tc.upstream)
			for name, want := range tc.want {
				if v := got.Get(name); v != want || want == "" && got.Has(name) {
					t.Errorf("%s = %q, want %q", name, v, want)
				}
			}
		})
	}
}

func TestResponseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"headers":{"x-bad":"a\r\nb"}}`, `response.headers.x-bad: header value must not contain control characters`},
		{`{"headers":{"bad name":"x"}}`, `invalid header name`},
		{`{"headers":{"content-length":"1"}}`, `"content-length" cannot be managed here`},
		{`{"headers":{"set-cookie":"a=b"}}`, `"set-cookie" cannot be managed here`},
		{`{"headers":{"X-A":"1","x-a":"2"}}`, `duplicate header`},
		{`{"headers":{"x-a":""}}`, `must not be empty`},
		{`{"headers":{"x-a":{"action":"set"}}}`, `a value is required`},
		{`{"headers":{"x-a":{"action":"sett","value":"1"}}}`, `response.headers.x-a.action: must be one of`},
		{`{"headers":{"x-a":42}}`, `response.headers.x-a: must be an object, got number`},
		{`{"remove_headers":["content-*"]}`, `would remove`},
		{`{"remove_headers":["*"]}`, `must be a header name`},
		{`{"routes":[{"path_prefix":"/a","headers":{"x-a":"\u0000"}}]}`, `response.routes[0].headers.x-a`},
		{`{"routes":[{"prefix":"/a"}]}`, `response.routes[0].prefix: unknown key`},
		{`{"enable":false}`, `response.enable: unknown key (did you mean "enabled"?)`},
		{`{"errors":{"except_statuses":[200]}}`, `response.errors.except_statuses[0]: must be between 400 and 599`},
		{`{"errors":{"debug_log_bytes":-1}}`, `response.errors.debug_log_bytes`},
		{`{"errors":{"strip_headers":["transfer-encoding"]}}`, `cannot be removed here`},
		{`{"header_action":"remove"}`, `response.header_action: must be one of "set_if_absent", "set", got "remove"`},
		{`{"routes":[{"path_prefix":"/a","header_action":"replace"}]}`, `response.routes[0].header_action: must be one of`},
	} {
		t.Run(tc.cfg, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"response":` + tc.cfg + `}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestErrorScrubbing(t *testing.T) {
	leaky := policies.Headers{{Name: "content-type", Value: "text/html"}, {Name: "content-length", Value: "512"}, {Name: "content-encoding", Value: "gzip"},
		{Name: "etag", Value: `"abc"`}, {Name: "x-debug-token", Value: "d1"}, {Name: "x-runtime", Value: "0.2"}, {Name: "x-request-id", Value: "r"}, {Name: "retry-after", Value: "5"},
		{Name: "set-cookie", Value: "s=1"}}
	for _, tc := range []struct {
		name      string
		cfg       string
		method    string
		status    int
		upstream  policies.Headers
		wantBody  string // "" means not replaced
		wantStrip bool   // x-debug-token/x-runtime removed
	}{
		{"500 scrubbed", `{}`, "GET", 500, leaky, `{"error":"internal error","request_id":"req-1"}`, true},
		{"503 scrubbed", `{}`, "POST", 503, leaky, `{"error":"internal error","request_id":"req-1"}`, true},
		{"404 kept by default, headers stripped", `{}`, "GET", 404, leaky, "", true},
		{"404 scrubbed when asked", `{"response":{"errors":{"scrub_4xx":true}}}`, "GET", 404, leaky, `{"error":"not found","request_id":"req-1"}`, true},
		{"unknown 4xx text", `{"response":{"errors":{"scrub_4xx":true}}}`, "GET", 499, leaky, `{"error":"request error","request_id":"req-1"}`, true},
		{"except status", `{"response":{"errors":{"scrub_4xx":true,"except_statuses":[422]}}}`, "GET", 422, leaky, "", true},
		{"scrub_5xx off", `{"response":{"errors":{"scrub_5xx":false}}}`, "GET", 500, leaky, "", true},
		{"strip list off", `{"response":{"errors":{"strip_headers":[]}}}`, "GET", 500, leaky, `{"error":"internal error","request_id":"req-1"}`, false},
		{"HEAD not replaced", `{}`, "HEAD", 500, leaky, "", true},
		{"gRPC not replaced", `{}`, "POST", 503, policies.Headers{{Name: "content-type", Value: "application/grpc+proto"}}, "", false},
		{"200 untouched", `{}`, "GET", 200, leaky, "", false},
		{"response disabled", `{"response":{"enabled":false}}`, "GET", 500, leaky, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, body, tx := runResponse(t, tc.cfg, hdReq(tc.method, "https", "a.example", "/"), tc.status, tc.upstream)
			if string(body) != tc.wantBody {
				t.Fatalf("body = %q, want %q", body, tc.wantBody)
			}
			if stripped := !got.Has("x-debug-token") && !got.Has("x-runtime") && tc.upstream.Has("x-runtime"); stripped != tc.wantStrip {
				t.Errorf("leak headers stripped = %v, want %v (%v)", stripped, tc.wantStrip, got)
			}
			if body == nil {
				return
			}
			if cl := got.Values("content-length"); len(cl) != 1 || cl[0] != strconv.Itoa(len(body)) {
				t.Errorf("content-length = %q, want %d", cl, len(body))
			}
			if ct := got.Get("content-type"); ct != "application/json" {
				t.Errorf("content-type = %q", ct)
			}
			for _, name := range []string{"content-encoding", "etag"} {
				if got.Has(name) {
					t.Errorf("%s kept on a replaced body", name)
				}
			}
			for _, name := range []string{"x-request-id", "retry-after"} {
				if !got.Has(name) {
					t.Errorf("%s removed", name)
				}
			}
			if v := got.Get("set-cookie"); !strings.Contains(v, "HttpOnly") {
				t.Errorf("cookie on an error response not hardened: %q", v)
			}
			var m map[string]string
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("body not JSON: %v", err)
			}
			if !strings.Contains(hdEvents(tx), "response.error_scrubbed") {
				t.Errorf("no response.error_scrubbed event")
			}
		})
	}
}

func TestErrorScrubbingSkipsOwnResponses(t *testing.T) {
	tx := hdEngine(t, `{"csrf":{"routes":[{}]}}`).NewTx(hdReq("POST", "https", "a.example", "/", "cookie: s=1", "origin: https://evil.example"), hdNow)
	if d := tx.RequestHeaders(); d.Action != policies.Deny {
		t.Fatalf("want deny, got %v", d.Action)
	}
	res := tx.ResponseHeaders(403, policies.Headers{{Name: "content-type", Value: "application/json"}})
	if res.ReplaceBody != nil {
		t.Errorf("Edgeward's own 403 was replaced")
	}
	tx = hdEngine(t, `{"fail_mode":"closed"}`).NewTx(hdReq("GET", "https", "a.example", "/"), hdNow)
	tx.Failure("test")
	if res := tx.ResponseHeaders(503, nil); res.ReplaceBody != nil {
		t.Errorf("Edgeward's own 503 was replaced")
	}
}

func TestErrorDebugLog(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cfg       string
		status    int
		wantLimit int
	}{
		{"off by default", `{}`, 500, 0},
		{"on", `{"response":{"errors":{"debug_log_bytes":16}}}`, 500, 16},
		{"not scrubbed", `{"response":{"errors":{"debug_log_bytes":16}}}`, 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, tx := runResponse(t, tc.cfg, hdReq("GET", "https", "a.example", "/"), tc.status, nil)
			if got := tx.ErrorBodyLogLimit(); got != tc.wantLimit {
				t.Fatalf("limit = %d, want %d", got, tc.wantLimit)
			}
			tx.Events()
			tx.LogOriginalErrorBody([]byte("Error: boom\n    at /srv/app/server.js:10:5"))
			ev := hdEvents(tx)
			if tc.wantLimit == 0 {
				if ev != "" {
					t.Errorf("logged %s", ev)
				}
				return
			}
			if !strings.Contains(ev, `"body":"Error: boom\n    "`) || !strings.Contains(ev, `"truncated":true`) {
				t.Errorf("event %s", ev)
			}
			if tx.ErrorBodyLogLimit() != 0 {
				t.Errorf("logged twice")
			}
		})
	}
}

func TestInformationalUntouched(t *testing.T) {
	tx := hdEngine(t, `{}`).NewTx(hdReq("GET", "https", "a.example", "/ws"), hdNow)
	if res := tx.ResponseHeaders(101, policies.Headers{{Name: "upgrade", Value: "websocket"}, {Name: "server", Value: "x"}}); len(res.Ops) != 0 {
		t.Errorf("101 got ops %+v", res.Ops)
	}
}

// BenchmarkResponseHeaders measures the response hook with every default on.
func BenchmarkResponseHeaders(b *testing.B) {
	tx := hdEngine(b, `{}`).NewTx(hdReq("GET", "https", "a.example", "/"), hdNow)
	hs := append(append(policies.Headers(nil), echoHeaders...), policies.Header{Name: "set-cookie", Value: "sid=abc123; Path=/"})
	b.ReportAllocs()
	for b.Loop() {
		tx.ResponseHeaders(200, hs)
	}
}
