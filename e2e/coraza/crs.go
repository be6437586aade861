// Package crsbench runs Coraza v3 with the OWASP Core Rule Set natively, as the comparison point
// of Edgeward's benchmarks and corpus verdicts. It lives in its own Go module so that Coraza
// never enters the product's go.mod.
package crsbench

import (
	"fmt"
	"strings"

	coreruleset "github.com/corazawaf/coraza-coreruleset/v4"
	"github.com/corazawaf/coraza/v3"

	"github.com/edgeward/edgeward/e2e/bench"
)

// Directives are the CRS setup compared against: Coraza's recommended config, CRS's recommended
// crs-setup, paranoia level 1 (blocking and detection), the engine On (blocking; the
// recommended file ships DetectionOnly) and every CRS rule file. CRS runs in its default
// anomaly-scoring mode: a request is blocked when its inbound score reaches 5.
const Directives = `Include @coraza.conf-recommended
Include @crs-setup.conf.example
SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=1"
SecAction "id:900001,phase:1,pass,nolog,setvar:tx.detection_paranoia_level=1"
SecRuleEngine On
Include @owasp_crs/*.conf
`

// CRS is a compiled Coraza WAF with the Core Rule Set.
type CRS struct{ waf coraza.WAF }

// New compiles the rule set (150-250 ms).
func New() (*CRS, error) {
	waf, err := coraza.NewWAF(coraza.NewWAFConfig().WithRootFS(coreruleset.FS).WithDirectives(Directives))
	if err != nil {
		return nil, fmt.Errorf("coraza: %w", err)
	}
	return &CRS{waf: waf}, nil
}

// Name implements bench.Comparator.
func (*CRS) Name() string { return "Coraza+CRS" }

// Status runs one request through a fresh transaction the way coraza-proxy-wasm does (connection,
// URI, headers, then the whole body, then logging) and returns the client's status: the
// interruption's status, or 200.
func (c *CRS) Status(r bench.Request) int {
	tx := c.waf.NewTransaction()
	defer tx.Close()
	defer tx.ProcessLogging()
	tx.ProcessConnection("192.0.2.10", 40000, "127.0.0.1", 10000)
	tx.ProcessURI(r.Target, r.Method, "HTTP/1.1")
	hasHost := false
	for _, h := range r.Header {
		if strings.EqualFold(h[0], "host") {
			hasHost = true
		}
		tx.AddRequestHeader(h[0], h[1])
	}
	if !hasHost {
		tx.AddRequestHeader("Host", "bench.local")
	}
	if len(r.Body) > 0 {
		tx.AddRequestHeader("Content-Length", fmt.Sprint(len(r.Body)))
	}
	if it := tx.ProcessRequestHeaders(); it != nil {
		return statusOf(it.Status)
	}
	if len(r.Body) > 0 {
		if it, _, err := tx.WriteRequestBody(r.Body); err != nil {
			return 500
		} else if it != nil {
			return statusOf(it.Status)
		}
	}
	it, err := tx.ProcessRequestBody()
	if err != nil {
		return 500
	}
	if it != nil {
		return statusOf(it.Status)
	}
	return 200
}

// Prepare implements bench.Comparator.
func (c *CRS) Prepare(r bench.Request) func() int { return func() int { return c.Status(r) } }

func statusOf(s int) int {
	if s == 0 {
		return 403
	}
	return s
}
