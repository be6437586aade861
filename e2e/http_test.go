// Package e2e holds the HTTP end-to-end suite. It runs against E2E_URL when set (e.g. Envoy from
// docker compose), else against the dev host started in-process with the compiled module
// (EDGEWARD_WASM, or built with filter/_abi/build.sh) and envoy/edgeward.json (`{}` if absent).
package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/e2e/echo"
)

func baseURL(t *testing.T) string {
	t.Helper()
	u, _ := e2etest.BaseURL(t, e2etest.Options{UseRepoConfig: true})
	return u
}

// assertThroughModule checks a mark the module leaves on every proxied response, proving the
// request went through it. Change it here when the module's behaviour changes: today the module
// adds Helmet-style security headers to responses.
func assertThroughModule(t *testing.T, resp *http.Response, _ echo.Reply) {
	t.Helper()
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options: got %q, want nosniff (added by the module)", got)
	}
}

func getEcho(t *testing.T, resp *http.Response) echo.Reply {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var rep echo.Reply
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatalf("status %d, not the echo JSON: %v: %s", resp.StatusCode, err, body)
	}
	return rep
}

func TestEchoRoundTrip(t *testing.T) {
	base := baseURL(t)
	req, _ := http.NewRequest("GET", base+"/anything?x=1", nil)
	req.Header.Set("X-E2e-Test", "yes")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rep := getEcho(t, resp)
	if resp.StatusCode != 200 || rep.Method != "GET" || rep.Path != "/anything?x=1" {
		t.Errorf("got %d %+v", resp.StatusCode, rep)
	}
	if rep.Headers["x-e2e-test"] != "yes" {
		t.Errorf("client header not forwarded: %v", rep.Headers)
	}
	if rep.Headers["x-request-id"] == "" {
		t.Errorf("no x-request-id upstream: %v", rep.Headers)
	}
	assertThroughModule(t, resp, rep)
}

// chunked hides the body's length so the client sends Transfer-Encoding: chunked.
type chunked struct{ io.Reader }

func TestLargeAndChunkedBodies(t *testing.T) {
	base := baseURL(t)
	tests := []struct {
		name string
		size int
		body func([]byte) io.Reader
	}{
		{"3 MiB with content-length", 3 << 20, func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"3 MiB chunked", 3 << 20, func(b []byte) io.Reader { return chunked{bytes.NewReader(b)} }},
		{"small chunked", 1000, func(b []byte) io.Reader { return chunked{bytes.NewReader(b)} }},
		{"empty chunked", 0, func(b []byte) io.Reader { return chunked{bytes.NewReader(b)} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := bytes.Repeat([]byte{0xA5}, tc.size)
			req, _ := http.NewRequest("POST", base+"/upload", tc.body(data))
			req.Header.Set("Content-Type", "application/octet-stream")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				t.Fatalf("status %d: %s (a 413 means the module paused the body past the 1 MiB buffer limit, as Envoy would answer; the config must let large bodies through, e.g. body.over_limit inspect_prefix with max_bytes below the limit)", resp.StatusCode, strings.TrimSpace(string(b)))
			}
			if rep := getEcho(t, resp); rep.BodyBytes != int64(tc.size) {
				t.Errorf("body_bytes: got %d, want %d", rep.BodyBytes, tc.size)
			}
		})
	}
}

func TestEchoUpstreamContract(t *testing.T) {
	base := baseURL(t)
	resp, err := http.Get(base + "/cookie")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Set-Cookie"), "sid=abc123") {
		t.Errorf("/cookie: got %d Set-Cookie %q", resp.StatusCode, resp.Header.Get("Set-Cookie"))
	}
	resp, err = http.Get(base + "/status/503")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("/status/503: got %d", resp.StatusCode)
	}
}
