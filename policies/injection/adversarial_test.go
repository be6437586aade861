package injection

import (
	"fmt"
	"testing"

	"github.com/edgeward/edgeward/internal/adversarial"

	"github.com/edgeward/edgeward/policies"
)

// TestAdversarialWrappedTwins: with the default configuration and with envoy/examples/waf.json,
// every attack of the wrapped-twin set (internal/adversarial: each payload inside every shape of
// code, documentation and log, in every body type) is blocked. Nothing a request carries (a
// fence, a shebang, a "language" key, a file name, a log line) can switch a family off.
func TestAdversarialWrappedTwins(t *testing.T) {
	set := adversarial.Build()
	if len(set) < 3000 {
		t.Fatalf("adversarial set has %d requests", len(set))
	}
	for name, e := range map[string]*policies.Engine{"default": injEngine(t, `{}`), "waf.json": wafEngine(t)} {
		missed := map[string]int{}
		n := 0
		for _, r := range set {
			d, _ := runInj(e, injReq{method: r.Method, path: r.Path, ct: r.ContentType, body: r.Body})
			if d.Action != policies.Deny || d.Status != 403 {
				n++
				if n <= 40 {
					t.Errorf("%s: not blocked: %s", name, r.ID)
				}
				missed[r.Family]++
			}
		}
		if n > 0 {
			t.Errorf("%s: %d of %d wrapped attacks passed (%v)", name, n, len(set), fmt.Sprint(missed))
		}
	}
}
