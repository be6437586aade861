package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// headersBase serves envoy/examples/headers.json (or uses E2E_URL).
func headersBase(t *testing.T) string {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "headers.json"))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := e2etest.BaseURL(t, e2etest.Options{Config: cfg})
	return base
}

func doRequest(t *testing.T, method, u string, headers map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if method == "POST" {
		req.Body = io.NopCloser(strings.NewReader(`{"a":1}`))
		req.ContentLength = 7
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return resp, body
}

func TestHeadersSecurityHeaders(t *testing.T) {
	base := headersBase(t)
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; " +
			"form-action 'self'; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; " +
			"script-src 'self'; script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests",
		"Cross-Origin-Opener-Policy":        "same-origin",
		"Cross-Origin-Resource-Policy":      "same-origin",
		"Origin-Agent-Cluster":              "?1",
		"Referrer-Policy":                   "no-referrer",
		"Strict-Transport-Security":         "max-age=31536000; includeSubDomains",
		"X-Content-Type-Options":            "nosniff",
		"X-Dns-Prefetch-Control":            "off",
		"X-Download-Options":                "noopen",
		"X-Frame-Options":                   "SAMEORIGIN",
		"X-Permitted-Cross-Domain-Policies": "none",
		"X-Xss-Protection":                  "0",
	}
	for _, path := range []string{"/anything", "/status/404", "/status/500", "/cookie"} {
		t.Run(path, func(t *testing.T) {
			resp, _ := doRequest(t, "GET", base+path, nil)
			for name, v := range want {
				if got := resp.Header.Values(name); len(got) != 1 || got[0] != v {
					t.Errorf("%s = %q, want %q", name, got, v)
				}
			}
			if pp := resp.Header.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") || !strings.Contains(pp, "geolocation=()") {
				t.Errorf("Permissions-Policy = %q", pp)
			}
			for _, name := range []string{"X-Powered-By", "Server"} {
				if got := resp.Header.Values(name); len(got) != 0 {
					t.Errorf("%s still present: %q", name, got)
				}
			}
		})
	}
}

func TestHeadersCookieHardened(t *testing.T) {
	resp, _ := doRequest(t, "GET", headersBase(t)+"/cookie", nil)
	cookies := resp.Header.Values("Set-Cookie")
	if len(cookies) != 1 {
		t.Fatalf("Set-Cookie = %q, want one", cookies)
	}
	parts := strings.Split(cookies[0], ";")
	got := map[string]bool{}
	for _, p := range parts {
		got[strings.TrimSpace(p)] = true
	}
	want := []string{"sid=abc123", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"}
	for _, w := range want {
		if !got[w] {
			t.Errorf("Set-Cookie %q lacks %q", cookies[0], w)
		}
	}
	if len(parts) != len(want) {
		t.Errorf("Set-Cookie %q has %d attributes, want %d (no duplicates)", cookies[0], len(parts), len(want))
	}
}

func TestHeadersErrorScrubbed(t *testing.T) {
	base := headersBase(t)
	for _, code := range []int{500, 502, 503} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			resp, body := doRequest(t, "GET", base+"/status/"+strconv.Itoa(code), nil)
			if resp.StatusCode != code {
				t.Fatalf("status = %d, want %d", resp.StatusCode, code)
			}
			for _, leak := range []string{"Error: boom", "at Object", "/srv/app", "server.js", "node_modules", "express"} {
				if strings.Contains(string(body), leak) {
					t.Errorf("body leaks %q: %s", leak, body)
				}
			}
			if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length = %q, body is %d bytes", cl, len(body))
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var m map[string]string
			if err := json.Unmarshal(body, &m); err != nil || m["error"] != "internal error" || m["request_id"] == "" {
				t.Errorf("body = %s (%v)", body, err)
			}
		})
	}
	t.Run("404 kept", func(t *testing.T) {
		// scrub_4xx is off in headers.json: the upstream's 4xx body passes, its server headers do not.
		resp, body := doRequest(t, "GET", base+"/status/404", nil)
		if resp.StatusCode != 404 || !strings.Contains(string(body), "Error: boom") {
			t.Errorf("404: status %d body %q", resp.StatusCode, body)
		}
	})
}

func TestHeadersCSRF(t *testing.T) {
	base := headersBase(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	own := u.Scheme + "://" + u.Host
	for _, tc := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"cross-site POST with a cookie", map[string]string{"Cookie": "sid=abc123", "Origin": "https://evil.example"}, 403},
		{"Sec-Fetch-Site cross-site with a cookie", map[string]string{"Cookie": "sid=abc123", "Sec-Fetch-Site": "cross-site"}, 403},
		{"Origin null with a cookie", map[string]string{"Cookie": "sid=abc123", "Origin": "null"}, 403},
		{"cross-site Referer with a cookie", map[string]string{"Cookie": "sid=abc123", "Referer": "https://evil.example/page"}, 403},
		{"same-origin POST", map[string]string{"Cookie": "sid=abc123", "Origin": own}, 200},
		{"same-origin Referer", map[string]string{"Cookie": "sid=abc123", "Referer": own + "/form"}, 200},
		{"same-origin fetch metadata", map[string]string{"Cookie": "sid=abc123", "Origin": "null", "Sec-Fetch-Site": "same-origin"}, 200},
		{"cross-site without cookies (bearer API)", map[string]string{"Origin": "https://evil.example", "Authorization": "Bearer x"}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := doRequest(t, "POST", base+"/api/items", tc.headers)
			if resp.StatusCode != tc.want {
				t.Fatalf("status = %d, want %d (body %s)", resp.StatusCode, tc.want, body)
			}
			if tc.want != 403 {
				return
			}
			var m map[string]string
			if err := json.Unmarshal(body, &m); err != nil || m["rule"] != "csrf" {
				t.Errorf("body = %s (%v), want rule csrf", body, err)
			}
			if strings.Contains(string(body), "evil") {
				t.Errorf("body echoes the origin: %s", body)
			}
		})
	}
}

// TestHeadersAppOwnValuesKept (issue 16): with envoy/examples/headers.json, an upstream that sets
// its own Content-Security-Policy and X-Frame-Options keeps them, as behind Helmet (which sets
// its headers before the route runs); the headers it does not set get the defaults.
func TestHeadersAppOwnValuesKept(t *testing.T) {
	cfg, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "headers.json"))
	if err != nil {
		t.Fatal(err)
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("X-Powered-By", "Express")
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	})
	base, _ := e2etest.Start(t, e2etest.Options{Config: cfg, Handler: app})
	resp, _ := doRequest(t, "GET", base+"/", nil)
	for name, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
	} {
		if got := resp.Header.Values(name); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := resp.Header.Values("X-Powered-By"); len(got) != 0 {
		t.Errorf("X-Powered-By still present: %q", got)
	}
}
