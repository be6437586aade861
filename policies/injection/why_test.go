package injection

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// go test -run TestWhy: prints the params that fire for the case in $WHY (a JSONL line file).
func TestWhy(t *testing.T) {
	b, _ := os.ReadFile(os.Getenv("WHY"))
	var c struct{ Body string; Path string }
	json.Unmarshal(b, &c)
	body := c.Body
	var doc any
	if json.Unmarshal([]byte(body), &doc) != nil {
		t.Logf("not json")
	}
	lim := jsonLimits{maxDepth: 64, maxKeys: 100000}
	ct := "application/json"
	if !strings.HasPrefix(strings.TrimSpace(body), "{") { ct = "application/x-www-form-urlencoded" }
	bodyParams(ct, []byte(body), &lim, func(p param) bool {
		for _, v := range paramVariants(p, nil) {
			if r, f := detectAll(v, p.Loc, p.Key, famAll, 2); f != 0 {
				t.Logf("%s %s key=%v -> %s: %.300q", p.Loc, p.Name, p.Key, r, v)
			}
		}
		return true
	})
}
