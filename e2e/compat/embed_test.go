package compat

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestEmbed(t *testing.T) {
	const cfg = `{"mode": "detect", "body": {"max_bytes": 2048}, "x": "a\tb #c"}`
	tests := []struct {
		name    string
		in      string
		want    string
		regions int
		err     string
	}{
		{
			name:    "string",
			in:      "a:\n  # BEGIN edgeward-embed string value (note)\n  value: old\n  # END edgeward-embed\nb: 1\n",
			want:    "a:\n  # BEGIN edgeward-embed string value (note)\n  value: |\n    {\n      \"mode\": \"detect\",\n      \"body\": {\n        \"max_bytes\": 2048\n      },\n      \"x\": \"a\\tb #c\"\n    }\n  # END edgeward-embed\nb: 1\n",
			regions: 1,
		},
		{
			name:    "object, twice",
			in:      "# BEGIN edgeward-embed object cfg\n# END edgeward-embed\nk:\n    # BEGIN edgeward-embed object pluginConfig\n    pluginConfig: {}\n    # END edgeward-embed\n",
			want:    "# BEGIN edgeward-embed object cfg\ncfg:\n  {\n    \"mode\": \"detect\",\n    \"body\": {\n      \"max_bytes\": 2048\n    },\n    \"x\": \"a\\tb #c\"\n  }\n# END edgeward-embed\nk:\n    # BEGIN edgeward-embed object pluginConfig\n    pluginConfig:\n      {\n        \"mode\": \"detect\",\n        \"body\": {\n          \"max_bytes\": 2048\n        },\n        \"x\": \"a\\tb #c\"\n      }\n    # END edgeward-embed\n",
			regions: 2,
		},
		{name: "no region", in: "a: 1\n", want: "a: 1\n"},
		{name: "no END", in: "# BEGIN edgeward-embed string value\nvalue: x\n", err: "without END"},
		{name: "END alone", in: "# END edgeward-embed\n", err: "without BEGIN"},
		{name: "nested", in: "# BEGIN edgeward-embed string value\n# BEGIN edgeward-embed string value\n# END edgeward-embed\n", err: "inside the region"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, n, err := Embed([]byte(tc.in), []byte(cfg))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want || n != tc.regions {
				t.Errorf("got %d regions:\n%s\nwant %d:\n%s", n, got, tc.regions, tc.want)
			}
		})
	}
}

// TestEmbedRoundTrip: whatever the config, both embedded forms read back (as YAML) to the same
// JSON value, and embedding is idempotent.
func TestEmbedRoundTrip(t *testing.T) {
	for _, cfg := range embedSeeds(t) {
		checkEmbedRoundTrip(t, cfg)
	}
}

func embedSeeds(tb testing.TB) [][]byte {
	return [][]byte{
		[]byte(`{}`),
		[]byte(`{"a": "x: y", "b": "# not a comment", "c": "'\"", "d": [1, 2.5, -3e2, true, null], "e": "\u2028\u00e9\\/", "f": {"g": {}}}`),
		[]byte(`{"key with spaces": "-", "?": "!", "&a": "*a", "|": ">"}`),
		[]byte("{\"raw\": \"\u0085 \u2028 \U0001F600 \x7f \\u0000 \\ud83d\\ude00 \\/\"}"),
		mustRead(tb, "../../envoy/edgeward.json"),
	}
}

func checkEmbedRoundTrip(t *testing.T, cfg []byte) {
	var want any
	if err := json.Unmarshal(cfg, &want); err != nil {
		return // not JSON: Embed refuses it (tested by the fuzz target)
	}
	if _, ok := want.(map[string]any); !ok {
		return
	}
	doc := "s:\n  # BEGIN edgeward-embed string value\n  # END edgeward-embed\no:\n  # BEGIN edgeward-embed object value\n  # END edgeward-embed\n"
	out, n, err := Embed([]byte(doc), cfg)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if n != 2 {
		t.Fatalf("regions %d", n)
	}
	again, _, err := Embed(out, cfg)
	if err != nil || string(again) != string(out) {
		t.Fatalf("not idempotent: %v\n%s\n---\n%s", err, out, again)
	}
	var back struct {
		S struct{ Value string } `json:"s"`
		O struct{ Value any }    `json:"o"`
	}
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatalf("embedded YAML does not parse: %v\n%s", err, out)
	}
	var fromString any
	if err := json.Unmarshal([]byte(back.S.Value), &fromString); err != nil {
		t.Fatalf("string form is not the JSON: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(fromString, want) {
		t.Errorf("string form reads back as %v, want %v", fromString, want)
	}
	if !reflect.DeepEqual(back.O.Value, want) {
		t.Errorf("object form reads back as %#v, want %#v\n%s", back.O.Value, want, out)
	}
}

func FuzzEmbed(f *testing.F) {
	for _, s := range embedSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cfg []byte) {
		checkEmbedRoundTrip(t, cfg)
	})
}
