package injection

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// TestBinaryBodies: random uploads pass whatever content type they claim, and payloads hidden
// among binary bytes are still found.
func TestBinaryBodies(t *testing.T) {
	cfg, err := policies.ParseConfig([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(ct string, body []byte) policies.Decision {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/upload", SourceAddress: "192.0.2.1:1",
			Headers: policies.Headers{{Name: "content-type", Value: ct}}}, time.Unix(1e9, 0))
		d := tx.RequestHeaders()
		if d.Action == policies.NeedBody {
			d = tx.RequestBody(body, false)
		}
		return d
	}
	r := rand.New(rand.NewPCG(7, 9))
	for _, ct := range []string{"", "application/x-www-form-urlencoded", "text/plain", "application/json"} {
		for i := 0; i < 8; i++ {
			if d := run(ct, randomBytes(r, 256<<10)); d.Action == policies.Deny {
				t.Errorf("random body %d with content type %q blocked by %s", i, ct, d.Rule)
			}
		}
	}
	g := func() []byte { return randomBytes(r, 4096) }
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	attacks := []struct {
		name, ct string
		body     []byte
	}{
		{"form field between binary chunks", "application/x-www-form-urlencoded", cat(g(), []byte("&q=' OR 1=1--&"), g())},
		{"short field", "", cat(g(), []byte("&u[$ne]=1&"), g())},
		{"payload first, garbage after", "text/plain", cat([]byte("' OR 1=1-- "), g())},
		{"long payload in the middle", "", cat(g(), []byte("\x00<script>alert(document.cookie)</script>\x00"), g())},
		{"traversal", "", cat(g(), []byte("&file=../../../../etc/passwd&"), g())},
	}
	for _, a := range attacks {
		if d := run(a.ct, a.body); d.Action != policies.Deny {
			t.Errorf("%s: not blocked", a.name)
		}
	}
}

func FuzzBinaryTextRuns(f *testing.F) {
	f.Add([]byte("abc&q=' OR 1=1--&\x00\xff"), true)
	f.Add([]byte("\x00\x01\x02 plain text run that is long enough"), false)
	f.Fuzz(func(t *testing.T, b []byte, _ bool) {
		_ = isBinaryBody(b)
		binaryTextRuns(b, func(p param) bool {
			if len(p.Value) > len(b) {
				t.Fatalf("emitted %d bytes from a %d-byte body", len(p.Value), len(b))
			}
			return true
		})
	})
}
