package injection

import (
	"bytes"
	"math/rand"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// TestDeepNestingNeedsNoDeepStack runs the whole engine over documents nested a million levels
// deep with a small stack limit: any parser that recurses per level overflows it (in Wasm such an
// overflow is a trap that kills the worker's VM).
func TestDeepNestingNeedsNoDeepStack(t *testing.T) {
	old := debug.SetMaxStack(8 << 20)
	defer debug.SetMaxStack(old)
	cfg, err := policies.ParseConfig([]byte(`{"schemas":[{"path":"/s","fields":{"a":{"type":"string"}}}],
		"rate_limit":{"rules":[{"id":"b","key":"body:email","limit":5,"window":"60s"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{})
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
				tx := e.NewTx(&policies.Request{Method: "POST", Path: path, SourceAddress: "192.0.2.1:1",
					Headers: policies.Headers{{Name: "content-type", Value: ct}}}, time.Unix(1e9, 0))
				tx.RequestHeaders()
				d := tx.RequestBody(body, false)
				if d.Status == 503 {
					t.Errorf("%s %s %s: internal failure %s", name, ct, path, d.Body)
				}
			}
		}
		mp := "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + string(body) + "\r\n--b--\r\n"
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/x", SourceAddress: "192.0.2.1:1",
			Headers: policies.Headers{{Name: "content-type", Value: "multipart/form-data; boundary=b"}}}, time.Unix(1e9, 0))
		tx.RequestHeaders()
		tx.RequestBody([]byte(mp), false)
	}
	if !policies.NestingWithin([]byte(strings.Repeat("[", 10)+`"[[[["`), 10) || policies.NestingWithin([]byte(strings.Repeat("{", 11)), 10) {
		t.Error("nestingWithin miscounts")
	}
}

// TestJSONValidAgreesWithGJSON compares jsonValid with gjson.ValidBytes, which it replaces, on
// every corpus body, edge cases, and truncations and one-byte edits of valid documents.
func TestJSONValidAgreesWithGJSON(t *testing.T) {
	docs := []string{
		``, ` `, `0`, `-0`, `-`, `01`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1E-7`, `1.5e10`, `-1.0e+3`, `- 1`,
		`true`, `tru`, `truex`, `false`, `null`, `nul`, `"`, `""`, `"a"`, `"\"`, `"\u00e9"`, `"\u00g9"`,
		`"\x"`, "\"\t\"", `"é"`, "\"\xff\"", `[]`, `[ ]`, `[,]`, `[1,]`, `[1 2]`, `[1,2]`, `[[[]]]`,
		`[[]`, `{}`, `{ }`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{"a":1,"b":[{"c":null}]}`,
		`{a:1}`, `{"a" : 1 , "b" : 2 }`, " \t\r\n[1]\n ", `[1] [2]`, `{"a":1}}`, `[1]]`, `{"a":[1}`,
	}
	for _, f := range []string{"injection_attacks.jsonl", "injection_benign.jsonl", "injection_heldout3.jsonl"} {
		for _, c := range loadCorpus(t, filepath.Join("..", "testdata", f)) {
			docs = append(docs, c.Body)
		}
	}
	valid := 0
	rng := rand.New(rand.NewSource(17))
	check := func(d string) {
		if got, want := policies.JSONValid([]byte(d)), gjson.ValidBytes([]byte(d)); got != want {
			t.Errorf("jsonValid(%.120q) = %v, gjson says %v", d, got, want)
		}
		checkValidDepth(t, []byte(d))
	}
	const alphabet = "{}[]\":,. \\-+0123456789eEtrufalsn"
	for _, d := range docs {
		check(d)
		if !gjson.Valid(d) || len(d) == 0 {
			continue
		}
		valid++
		for k := 0; k < 20; k++ {
			check(d[:rng.Intn(len(d))])
			b := []byte(d)
			b[rng.Intn(len(b))] = alphabet[rng.Intn(len(alphabet))]
			check(string(b))
		}
	}
	if valid < 100 {
		t.Fatalf("only %d valid JSON documents among the inputs", valid)
	}
}

// FuzzJSONValid checks that jsonValid and gjson.ValidBytes agree on any input.
func FuzzJSONValid(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c\u00e9"}],"d":-1.5e3}`, ` { "a" : [ 1 , 2 ] , "b" : { } } `, `[[[]]]`, `{"a":}`, `1.`, `"\x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if policies.JSONNesting(b, 10000) > 10000 {
			return // gjson would recurse too deep for the test's goroutine
		}
		if got, want := policies.JSONValid(b), gjson.ValidBytes(b); got != want {
			t.Fatalf("jsonValid(%q) = %v, gjson says %v", b, got, want)
		}
		checkValidDepth(t, b)
	})
}

// checkValidDepth holds JSONValidDepth to JSONValid and, on a valid document, to JSONDepth.
func checkValidDepth(t *testing.T, b []byte) {
	t.Helper()
	ok, d := policies.JSONValidDepth(b)
	if ok != policies.JSONValid(b) {
		t.Fatalf("JSONValidDepth(%.120q) says valid=%v, JSONValid disagrees", b, ok)
	}
	if ok && d != policies.JSONDepth(b) {
		t.Fatalf("JSONValidDepth(%.120q) depth %d, JSONDepth %d", b, d, policies.JSONDepth(b))
	}
}
