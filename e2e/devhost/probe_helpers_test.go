package devhost_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/e2etest"
)

// probeHost starts a host running the probe module (e2e/probe), built with build.sh.
func probeHost(t *testing.T, o e2etest.Options) *devhost.Host {
	t.Helper()
	o.Wasm = e2etest.Module(t, "./e2e/probe")
	if o.Config == nil {
		o.Config = []byte(`{}`)
	}
	return e2etest.NewHost(t, o)
}

// roundTrip sends one request in-process and returns the response with its body read.
func roundTrip(t *testing.T, h *devhost.Host, method, path string, hdr map[string]string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, "http://edge.test"+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := h.RoundTrip(context.Background(), req, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// probe runs one probe op (x-probe with arguments a, b, c) and decodes its JSON reply.
func probe(t *testing.T, h *devhost.Host, op string, args ...string) map[string]any {
	t.Helper()
	hdr := map[string]string{"x-probe": op}
	for i, a := range args {
		hdr["x-probe-"+string(rune('a'+i))] = a
	}
	resp, body := roundTrip(t, h, "GET", "/probe", hdr, nil)
	if resp.Header.Get("x-probe-local") != "1" {
		t.Fatalf("probe %s: no probe reply (status %d): %s", op, resp.StatusCode, body)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("probe %s: %v: %s", op, err, body)
	}
	return out
}

// num reads a JSON number field as an int64.
func num(t *testing.T, m map[string]any, k string) int64 {
	t.Helper()
	f, ok := m[k].(float64)
	if !ok {
		t.Fatalf("field %q: got %#v, want a number (in %v)", k, m[k], m)
	}
	return int64(f)
}

func logsContain(h *devhost.Host, s string) bool {
	for _, e := range h.Logs() {
		if strings.Contains(e.Message, s) {
			return true
		}
	}
	return false
}
