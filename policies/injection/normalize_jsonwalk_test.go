package injection

import (
	"bufio"
	"encoding/json"

	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// walkBoth walks doc with walkJSON and with gjson's recursive reading (jsonWalker.walk, what
// the walk was before it was made iterative), stopping after stop emits when stop > 0, and
// returns both runs' params and limits.
func walkBoth(doc []byte, maxDepth, maxKeys, stop int) (got, want []param, gl, wl jsonLimits) {
	record := func(out *[]param) func(param) bool {
		return func(p param) bool {
			*out = append(*out, p)
			return stop <= 0 || len(*out) < stop
		}
	}
	gl = jsonLimits{maxDepth: maxDepth, maxKeys: maxKeys}
	walkJSON(LocBody, string(doc), "", nil, &gl, record(&got))
	wl = jsonLimits{maxDepth: maxDepth, maxKeys: maxKeys}
	w := jsonWalker{loc: LocBody, lim: &wl, emit: record(&want)}
	w.walk(gjson.ParseBytes(doc), "", nil, 1)
	return got, want, gl, wl
}

func checkWalkSame(t *testing.T, doc []byte, maxDepth, maxKeys, stop int) {
	t.Helper()
	got, want, gl, wl := walkBoth(doc, maxDepth, maxKeys, stop)
	if !reflect.DeepEqual(got, want) || gl != wl {
		t.Fatalf("walk of %.200q (depth %d, keys %d, stop %d):\n got %d params %+v, %+v\nwant %d params %+v, %+v",
			doc, maxDepth, maxKeys, stop, len(got), firstParams(got), gl, len(want), firstParams(want), wl)
	}
}

func firstParams(ps []param) []param { return ps[:min(len(ps), 6)] }

// TestWalkJSONAsGJSON checks that the iterative walk emits exactly what gjson's recursive reading
// emitted (names, values, keys, segments, key counts, depth cut-offs, early stops) on hand-made
// documents and on every JSON body of the injection corpora.
func TestWalkJSONAsGJSON(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `{"a":"b"}`, `["x",1,true,null,{"k":"v"}]`, `{"a":{"b":{"c":["d",{"e":"f"}]}}}`,
		`{"":"empty key","a":{"":"x"}}`, `{"a":"x","a":"dup"}`, ` { "a" : [ "b" , "c" ] , "d" : -1.5e3 } `,
		`{"esc\"aped":"v\u0027al\\ue\n","u":"\ud83d\ude00","bad":"\ud800","slash":"a\/b"}`,
		`[[[["deep"]]]]`, `{"a":[{"b":[{"c":"x"}]}],"d":{"e":[[]]}}`, `"top"`, `{"k":"\u00e9\u20ac"}`,
		`{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"x":"1"}}}`,
		`{"a":"` + "\xff\xfe invalid utf-8" + `","b":"tab\there"}`,
	}
	for _, d := range docs {
		if !policies.JSONValid([]byte(d)) {
			t.Fatalf("test document %q is not valid JSON", d)
		}
		for _, depth := range []int{1, 2, 3, 64} {
			for _, keys := range []int{1, 2, 5, 1000} {
				for _, stop := range []int{0, 1, 3} {
					checkWalkSame(t, []byte(d), depth, keys, stop)
				}
			}
		}
	}
	n := 0
	for _, f := range []string{"injection_attacks.jsonl", "injection_benign.jsonl"} {
		fh, err := os.Open(filepath.Join("..", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 8<<20)
		for sc.Scan() {
			var c struct {
				Body string `json:"body"`
			}
			if json.Unmarshal(sc.Bytes(), &c) != nil {
				continue
			}
			b := policies.TrimSpace([]byte(c.Body))
			if len(b) == 0 || b[0] != '{' && b[0] != '[' || !policies.ValidJSON(b) {
				continue
			}
			checkWalkSame(t, b, 64, 10000, 0)
			checkWalkSame(t, b, 2, 10000, 0)
			n++
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Fatalf("only %d JSON bodies in the corpora, want at least 50", n)
	}
	big := benchJSON(64 << 10)
	checkWalkSame(t, big, 64, 10000, 0)
	checkWalkSame(t, big, 64, 100, 0)
	nested := strings.Repeat(`{"a":[`, 40) + `"x"` + strings.Repeat(`]}`, 40)
	for _, depth := range []int{10, 79, 80, 81} {
		checkWalkSame(t, []byte(nested), depth, 10000, 0)
	}
	t.Logf("%d corpus JSON bodies walked the same", n)
}

// FuzzWalkJSONAsGJSON: on any valid JSON document the iterative walk emits what gjson's
// recursive reading emits.
func FuzzWalkJSONAsGJSON(f *testing.F) {
	for _, s := range []string{`{"a":{"b":["c",{"d":"e\u0041"}]}}`, `[1,"x",[],{}]`, `{"":""}`, `"s"`} {
		f.Add([]byte(s), uint8(3), uint8(10), uint8(0))
	}
	f.Fuzz(func(t *testing.T, doc []byte, depth, keys, stop uint8) {
		doc = policies.TrimSpace(doc)
		if len(doc) == 0 || !policies.ValidJSON(doc) || policies.JSONDepth(doc) > 200 {
			return
		}
		checkWalkSame(t, doc, int(depth)+1, int(keys)+1, int(stop))
	})
}

// TestJSONParamsUnvalidatedDepth: with max_json_depth above the validation bound (1000), a body
// nested between the two is walked (valid: iteratively; invalid: as gjson reads it), and the walk
// ends.
func TestJSONParamsUnvalidatedDepth(t *testing.T) {
	for _, doc := range []string{
		strings.Repeat("[", 1010) + `"x"` + strings.Repeat("]", 1010),
		strings.Repeat("[", 1010) + `"x",,` + strings.Repeat("]", 1010),
	} {
		lim := jsonLimits{maxDepth: 1024, maxKeys: 100000}
		var got []string
		jsonParams(LocBody, "", []byte(doc), &lim, func(p param) bool { got = append(got, p.Value); return true })
		if len(got) != 1 || got[0] != "x" || lim.depthExceeded {
			t.Errorf("%.20q...: got %q, depth exceeded %v; want [x]", doc, got, lim.depthExceeded)
		}
	}
}
