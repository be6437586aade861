// Package enginetest builds engines and runs requests through them for the tests and benchmarks
// of the features that read requests (injection, contract). Only tests import it.
package enginetest

import (
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// Now is the clock of every request these helpers run.
var Now = time.Unix(1700000000, 0)

// Engine parses cfg and builds an engine with the default options, failing t on any error.
func Engine(t testing.TB, cfg string) *policies.Engine {
	t.Helper()
	c, err := policies.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	e, err := policies.NewEngine(c, policies.Options{})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// Run runs one request through the header phases and, when the engine asks for it, the body
// (whole, in one piece). method defaults to GET, src to 203.0.113.5:5000; a non-empty ct is
// sent as the content-type header after headers.
func Run(e *policies.Engine, method, path, ct, body string, headers policies.Headers, src string) (policies.Decision, []policies.Event) {
	if method == "" {
		method = "GET"
	}
	if src == "" {
		src = "203.0.113.5:5000"
	}
	h := append(policies.Headers{}, headers...)
	if ct != "" {
		h = append(h, policies.Header{Name: "content-type", Value: ct})
	}
	tx := e.NewTx(&policies.Request{Method: method, Path: path, Headers: h, SourceAddress: src, ID: "req-1"}, Now)
	d := tx.RequestHeaders()
	if d.Action == policies.NeedBody {
		d = tx.RequestBody([]byte(body), false)
	}
	return d, tx.Events()
}

// Bench runs the same request b.N times through the header and body phases (a browser's
// user-agent and a cookie, plus ct), failing b if the engine denies it.
func Bench(b *testing.B, e *policies.Engine, method, path, ct string, body []byte) {
	b.Helper()
	req := policies.Request{Method: method, Path: path, SourceAddress: "203.0.113.5:5000", ID: "r",
		Headers: policies.Headers{{Name: "user-agent", Value: "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}, {Name: "cookie", Value: "sid=abc123; theme=dark"}}}
	if ct != "" {
		req.Headers = append(req.Headers, policies.Header{Name: "content-type", Value: ct})
	}
	b.SetBytes(int64(len(path) + len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := req
		tx := e.NewTx(&r, Now)
		d := tx.RequestHeaders()
		if d.Action == policies.NeedBody {
			d = tx.RequestBody(body, false)
		}
		if d.Action == policies.Deny {
			b.Fatalf("denied: %s", d.Body)
		}
	}
}
