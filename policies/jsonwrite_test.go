package policies

import (
	"bytes"
	"encoding/json"
	"testing"
)

// schemaProblemLike has the shape of SchemaProblem (a slice of tagged structs, which
// appendJSONValue hands to encoding/json) without depending on the injection feature.
type schemaProblemLike struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// TestAppendJSONAsEncodingJSON: the hand-written JSON of events and local responses is byte for
// byte what encoding/json writes, for every kind of value the engine logs.
func TestAppendJSONAsEncodingJSON(t *testing.T) {
	strs := []string{"", "plain", `q"uote\back`, "<script>&amp;</script>", "ctl\x00\x01\x1f\x7f\b\f\n\r\t",
		"\xff\xfeinvalid\xc3", "é€😀", "line\u2028sep\u2029", "\u2027\u202a", "x' OR 1=1 --"}
	vals := []any{nil, 0, -7, 1 << 40, int64(-3), uint32(9), uint64(1 << 63), true, false, 1.5, 12.0, 1e21,
		[]string{"a", "<b>"}, []string(nil), []string{}, map[string]string{"z": "1", "a": "<2>", "m": ""},
		map[string]any{"k": []string{"x"}, "a": map[string]any{"n": 1}}, map[string]string(nil),
		json.RawMessage(`{"b": 1, "a":"<x>"}`), []schemaProblemLike{{Field: "f", Reason: "p"}}, struct{ A int }{1}}
	for _, s := range strs {
		vals = append(vals, s, map[string]string{s: s})
	}
	for _, v := range vals {
		want, werr := json.Marshal(v)
		got, gerr := appendJSONValue([]byte("prefix"), v)
		if (werr != nil) != (gerr != nil) || werr == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Errorf("%#v:\n got %s (%v)\nwant prefix%s (%v)", v, got, gerr, want, werr)
		}
	}
	m := map[string]any{}
	for i, v := range vals {
		m[string(rune('a'+i%26))+strs[i%len(strs)]] = v
	}
	want, _ := json.Marshal(m)
	if got, _ := appendJSONValue(nil, m); !bytes.Equal(got, want) {
		t.Errorf("map:\n got %s\nwant %s", got, want)
	}
}

// FuzzAppendJSONString: any string is quoted as encoding/json quotes it.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\xff\u2028\x00", "😀\"\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}
