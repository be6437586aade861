package injection

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/enginetest"
)

func benchJSON(size int) []byte {
	var items []map[string]any
	for i := 0; ; i++ {
		items = append(items, map[string]any{"id": i, "name": fmt.Sprintf("Item O'Brien %d", i),
			"description": "A plain sentence about the product, with punctuation; and some numbers 12.50.",
			"tags":        []string{"a", "b"}, "price": 12.5})
		b, _ := json.Marshal(map[string]any{"items": items})
		if len(b) >= size {
			return b
		}
	}
}

func benchRun(b *testing.B, e *policies.Engine, method, path, ct string, body []byte) {
	enginetest.Bench(b, e, method, path, ct, body)
}

func BenchmarkInjectionGET(b *testing.B) {
	benchRun(b, wafEngine(b), "GET", "/api/v1/search?q=o%27brien+shoes&page=2&sort=price", "", nil)
}

func BenchmarkInjectionJSON4K(b *testing.B) {
	benchRun(b, wafEngine(b), "POST", "/api/items", "application/json", benchJSON(4<<10))
}

func BenchmarkInjectionJSON64K(b *testing.B) {
	benchRun(b, wafEngine(b), "POST", "/api/items", "application/json", benchJSON(64<<10))
}

// BenchmarkInjectionAdversarial measures 1 MiB bodies built to stress parsers and detectors;
// cost per byte must stay close to the benign bodies' (linear).
func BenchmarkInjectionAdversarial(b *testing.B) {
	cfg := `{"body":{"max_bytes":4194304},"injection":{"mode":"detect","max_json_depth":1024}}`
	for _, tc := range []struct{ name, ct, body string }{
		{"nested_brackets", "application/json", strings.Repeat("[", 1<<20)},
		{"quote_run", "text/plain", strings.Repeat("'", 1<<20)},
		{"json_quote_string", "application/json", `{"a":"` + strings.Repeat(`\"'`, 1<<19) + `"}`},
		{"tags", "text/plain", strings.Repeat("<a ", 1<<18)},
		{"separators", "application/x-www-form-urlencoded", "a=" + strings.Repeat(";cat ", 1<<18)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			benchRun(b, injEngine(b, cfg), "POST", "/", tc.ct, []byte(tc.body))
		})
	}
}
