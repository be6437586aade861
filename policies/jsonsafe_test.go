package policies

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestDeepNestingNeedsNoDeepStack runs the whole engine over documents nested a million levels
// deep with a small stack limit: any parser that recurses per level overflows it (in Wasm such an
// overflow is a trap that kills the worker's VM).
func TestDeepNestingNeedsNoDeepStack(t *testing.T) {
	old := debug.SetMaxStack(8 << 20)
	defer debug.SetMaxStack(old)
	cfg, err := ParseConfig([]byte(`{"schemas":[{"path":"/s","fields":{"a":{"type":"string"}}}],
		"rate_limit":{"rules":[{"id":"b","key":"body:email","limit":5,"window":"60s"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 1 << 20
	bodies := map[string][]byte{
		"brackets": bytes.Repeat([]byte("["), n),
		"objects":  bytes.Repeat([]byte(`{"a":`), n/5),
		"balanced": append(bytes.Repeat([]byte("["), n/2), bytes.Repeat([]byte("]"), n/2)...),
	}
	for name, body := range bodies {
		for _, ct := range []string{"application/json", "text/plain", ""} {
			for _, path := range []string{"/x", "/s"} {
				tx := e.NewTx(&Request{Method: "POST", Path: path, SourceAddress: "192.0.2.1:1",
					Headers: Headers{{Name: "content-type", Value: ct}}}, time.Unix(1e9, 0))
				tx.RequestHeaders()
				d := tx.RequestBody(body, false)
				if d.Status == 503 {
					t.Errorf("%s %s %s: internal failure %s", name, ct, path, d.Body)
				}
			}
		}
		mp := "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + string(body) + "\r\n--b--\r\n"
		tx := e.NewTx(&Request{Method: "POST", Path: "/x", SourceAddress: "192.0.2.1:1",
			Headers: Headers{{Name: "content-type", Value: "multipart/form-data; boundary=b"}}}, time.Unix(1e9, 0))
		tx.RequestHeaders()
		tx.RequestBody([]byte(mp), false)
	}
	if !nestingWithin([]byte(strings.Repeat("[", 10)+`"[[[["`), 10) || nestingWithin([]byte(strings.Repeat("{", 11)), 10) {
		t.Error("nestingWithin miscounts")
	}
}
