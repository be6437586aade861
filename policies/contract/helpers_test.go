package contract

import (
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

func injEngine(t testing.TB, cfg string) *policies.Engine {
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

type injReq struct {
	method, path, ct, body string
	headers                policies.Headers
	src                    string
}

// runInj runs a request through the engine's header and body phases.
func runInj(e *policies.Engine, r injReq) (policies.Decision, []policies.Event) {
	if r.method == "" {
		r.method = "GET"
	}
	if r.src == "" {
		r.src = "203.0.113.5:5000"
	}
	h := append(policies.Headers{}, r.headers...)
	if r.ct != "" {
		h = append(h, policies.Header{Name: "content-type", Value: r.ct})
	}
	tx := e.NewTx(&policies.Request{Method: r.method, Path: r.path, Headers: h, SourceAddress: r.src, ID: "req-1"}, time.Unix(1700000000, 0))
	d := tx.RequestHeaders()
	if d.Action == policies.NeedBody {
		d = tx.RequestBody([]byte(r.body), false)
	}
	return d, tx.Events()
}

func benchRun(b *testing.B, e *policies.Engine, method, path, ct string, body []byte) {
	b.Helper()
	req := policies.Request{Method: method, Path: path, SourceAddress: "203.0.113.5:5000", ID: "r",
		Headers: policies.Headers{{Name: "user-agent", Value: "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"}, {Name: "cookie", Value: "sid=abc123; theme=dark"}}}
	if ct != "" {
		req.Headers = append(req.Headers, policies.Header{Name: "content-type", Value: ct})
	}
	now := time.Unix(1700000000, 0)
	b.SetBytes(int64(len(path) + len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := req
		tx := e.NewTx(&r, now)
		d := tx.RequestHeaders()
		if d.Action == policies.NeedBody {
			d = tx.RequestBody(body, false)
		}
		if d.Action == policies.Deny {
			b.Fatalf("denied: %s", d.Body)
		}
	}
}
