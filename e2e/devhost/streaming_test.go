package devhost_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/e2e/echo"
)

var jsonUnmarshal = json.Unmarshal

// chunkedReader hides the length so the client sends Transfer-Encoding: chunked.
type chunkedReader struct{ io.Reader }

func TestChunkedBodies(t *testing.T) {
	h := probeHost(t, e2etest.Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	const size = 200 << 10
	tests := []struct {
		name     string
		op       string
		wantCall string // last body call
		upstream int64  // echo body_bytes
	}{
		{"streamed", "", "/true", size},
		{"paused until end of stream", "body-pause", fmt.Sprintf("%d/true", size), int64(len(fmt.Sprintf("probe saw %d bytes", size)))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", srv.URL+"/up", chunkedReader{bytes.NewReader(make([]byte, size))})
			if tc.op != "" {
				req.Header.Set("x-probe", tc.op)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var rep echo.Reply
			if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
				t.Fatal(err)
			}
			calls := strings.Split(resp.Header.Get("x-probe-body-calls"), ",")
			if len(calls) < 2 || !strings.HasSuffix(calls[len(calls)-1], tc.wantCall) {
				t.Errorf("body calls %v: want several, the last ending %q", calls, tc.wantCall)
			}
			for _, c := range calls[:len(calls)-1] {
				if !strings.HasSuffix(c, "/false") {
					t.Errorf("body call %q before the last has end_of_stream", c)
				}
			}
			if rep.BodyBytes != tc.upstream {
				t.Errorf("upstream body_bytes: got %d, want %d", rep.BodyBytes, tc.upstream)
			}
		})
	}
}

func TestBufferLimit413(t *testing.T) {
	h := probeHost(t, e2etest.Options{BufferLimit: 100 << 10})
	resp, _ := roundTrip(t, h, "POST", "/up", map[string]string{"x-probe": "body-pause"}, chunkedReader{bytes.NewReader(make([]byte, 300<<10))})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("got %d, want 413", resp.StatusCode)
	}
}

func TestRequestTrailers(t *testing.T) {
	var gotTrailer http.Header
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		gotTrailer = r.Trailer.Clone()
	}))
	defer up.Close()
	h := probeHost(t, e2etest.Options{Upstream: up.URL})
	srv := httptest.NewServer(h)
	defer srv.Close()

	req, _ := http.NewRequest("POST", srv.URL+"/t", chunkedReader{strings.NewReader("hello")})
	req.Trailer = http.Header{"X-T": {"1"}}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("x-probe-body-calls"); got != "5/false" {
		t.Errorf("body calls with trailers: got %q, want 5/false (end of stream comes with the trailers)", got)
	}
	if got := resp.Header.Get("x-probe-req-trailers"); got != "x-t=1" {
		t.Errorf("trailers seen by the module: got %q", got)
	}
	if gotTrailer.Get("X-T") != "1" || gotTrailer.Get("X-Probe-Trailer") != "1" {
		t.Errorf("trailers upstream: got %v, want x-t and the module's x-probe-trailer", gotTrailer)
	}
}

func TestRequestHeadersAsEnvoy(t *testing.T) {
	h := probeHost(t, e2etest.Options{})
	_, body := roundTrip(t, h, "GET", "/a?b=c", map[string]string{"X-Mixed-Case": "v"}, nil)
	var rep echo.Reply
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"x-probe-seen": "1", "x-forwarded-proto": "http", "x-mixed-case": "v"} {
		if rep.Headers[k] != want {
			t.Errorf("upstream header %s: got %q, want %q", k, rep.Headers[k], want)
		}
	}
	if len(rep.Headers["x-request-id"]) != 36 {
		t.Errorf("x-request-id not added: %v", rep.Headers)
	}
	if rep.Path != "/a?b=c" {
		t.Errorf("path: got %q", rep.Path)
	}
	_, body = roundTrip(t, h, "GET", "/", map[string]string{"x-probe": "headers", "x-request-id": "keep-me"}, nil)
	s := string(body)
	for _, want := range []string{`[":authority","edge.test"]`, `[":path","/"]`, `[":method","GET"]`, `[":scheme","http"]`, `["x-request-id","keep-me"]`} {
		if !strings.Contains(s, want) {
			t.Errorf("request map %s: missing %s", s, want)
		}
	}
}
