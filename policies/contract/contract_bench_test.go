package contract

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// contract800 is a contract of 800 operations in the shape of a large REST API: 200 resource
// groups, each with a collection, an item, a sub-collection and a sub-item, under /api/v3.
func contract800(tb testing.TB) string {
	tb.Helper()
	var ops []map[string]any
	id := func(n string) map[string]any {
		return map[string]any{"name": n, "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}}
	}
	list := []any{
		map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 100}},
		map[string]any{"name": "sort", "in": "query", "schema": map[string]any{"type": "string", "enum": []string{"name", "created", "updated"}}},
		map[string]any{"name": "q", "in": "query", "schema": map[string]any{"type": "string", "max_length": 200}},
	}
	body := map[string]any{"media_types": []string{"application/json"}, "schema": map[string]any{"type": "object",
		"additional_properties": false, "required": []string{"name"}, "properties": map[string]any{
			"name": map[string]any{"type": "string", "max_length": 100}, "count": map[string]any{"type": "integer"}}}}
	for g := 0; g < 200; g++ {
		base := fmt.Sprintf("/api/v3/group%d/items", g)
		ops = append(ops,
			map[string]any{"method": "GET", "path": base, "parameters": list},
			map[string]any{"method": "POST", "path": base, "body": body},
			map[string]any{"method": "GET", "path": base + "/{id}/subs", "parameters": append([]any{id("id")}, list...)},
			map[string]any{"method": "PATCH", "path": base + "/{id}/subs/{sub}", "parameters": []any{id("id"), id("sub")}, "body": body})
	}
	b, err := json.Marshal(map[string]any{"contract": map[string]any{"operations": ops}})
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkContract800GET and BenchmarkContractNoneGET are the same request with and without a
// contract of 800 operations: the difference is the contract's cost (one route lookup, one pass
// over the parameters).
func BenchmarkContract800GET(b *testing.B) {
	benchRun(b, injEngine(b, contract800(b)), "GET", "/api/v3/group150/items/42/subs?limit=10&sort=name&q=o%27brien+shoes", "", nil)
}

func BenchmarkContractNoneGET(b *testing.B) {
	benchRun(b, injEngine(b, `{}`), "GET", "/api/v3/group150/items/42/subs?limit=10&sort=name&q=o%27brien+shoes", "", nil)
}

func BenchmarkContract800JSON(b *testing.B) {
	benchRun(b, injEngine(b, contract800(b)), "PATCH", "/api/v3/group150/items/42/subs/7", "application/json", []byte(`{"name":"O'Brien shoes","count":3}`))
}

func BenchmarkContractNoneJSON(b *testing.B) {
	benchRun(b, injEngine(b, `{}`), "PATCH", "/api/v3/group150/items/42/subs/7", "application/json", []byte(`{"name":"O'Brien shoes","count":3}`))
}

// BenchmarkContract800Parse is the plugin's start-up cost for the contract.
func BenchmarkContract800Parse(b *testing.B) {
	cfg := []byte(contract800(b))
	b.SetBytes(int64(len(cfg)))
	for i := 0; i < b.N; i++ {
		if _, err := policies.ParseConfig(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
