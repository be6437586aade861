package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/internal/adversarial"
)

// TestAdversarialThroughModule sends the wrapped-twin set (internal/adversarial), one payload of
// each family in every wrapper and every body type, through the compiled module with
// envoy/examples/waf.json: every request must be refused with 403.
func TestAdversarialThroughModule(t *testing.T) {
	base := wafBase(t)
	seen := map[string]bool{}
	sent, passed := 0, 0
	for _, r := range adversarial.Build() {
		fam := r.Family
		first := r.ID[:strings.Index(r.ID, "/")+1] + strings.SplitN(r.ID, "/", 4)[3]
		if seen[fam] && !seen[first] {
			continue // one payload per family
		}
		seen[fam], seen[first] = true, true
		req, err := http.NewRequest(r.Method, base+r.Path, strings.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		if r.ContentType != "" {
			req.Header.Set("Content-Type", r.ContentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		sent++
		if resp.StatusCode != 403 {
			passed++
			if passed <= 20 {
				t.Errorf("%s: status %d, want 403", r.ID, resp.StatusCode)
			}
		}
	}
	if sent < 1500 {
		t.Fatalf("sent %d requests, want the whole per-family set", sent)
	}
	if passed > 0 {
		t.Errorf("%d of %d wrapped attacks passed the module", passed, sent)
	}
}
