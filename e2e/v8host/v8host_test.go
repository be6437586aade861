package v8host_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/e2e/v8host"
)

// noopModule is $EDGEWARD_NOOP_WASM (set by make test), else e2e/noop built like the module.
func noopModule(t *testing.T) []byte {
	t.Helper()
	if p := os.Getenv("EDGEWARD_NOOP_WASM"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("EDGEWARD_NOOP_WASM: %v", err)
		}
		return b
	}
	return e2etest.Module(t, "./e2e/noop")
}

func readConfig(t *testing.T, root, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "envoy", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func jsonBody(size int, tail string) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; b.Len() < size-len(tail)-64; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"sku":"SKU-%05d","qty":%d,"note":"blue shoes for the office, size 42, wrapped as a gift with a card that says happy birthday and see you soon at the usual place"}`, i, i%7+1)
	}
	fmt.Fprintf(&b, `],"comment":%q}`, tail)
	return []byte(b.String())
}

func post(target string, body []byte) v8host.Request {
	return v8host.Request{Method: "POST", Target: target, Body: body, Header: [][2]string{
		{"Content-Type", "application/json"}, {"Content-Length", fmt.Sprint(len(body))}, {"User-Agent", "orders-client/2.3"}}}
}

// TestVerdicts runs the compiled module and the no-op module in the V8 host on a handful of
// requests and checks what a client would see, so that the benchmark host cannot silently rot:
// a benign request passes with the echo upstream's answer, injections in the query and in a body
// (one that arrives in several chunks, buffered with Pause) get the module's 403 local reply, a
// per-client rate limit shared by two worker VMs (shared data with compare-and-swap) answers 429
// past its limit, and the no-op module passes everything.
func TestVerdicts(t *testing.T) {
	root := e2etest.RepoRoot(t)
	in := &v8host.Input{
		Mode:      "requests",
		NodeFlags: v8host.QuickFlags, // the host's behaviour is checked, not V8's tiers: start-up 3x faster
		Modules:   map[string][]byte{"edgeward": e2etest.Module(t, ""), "noop": noopModule(t)},
		Hosts: []v8host.Host{
			{Name: "waf", Module: "edgeward", PluginConfig: readConfig(t, root, "waf.json")},
			{Name: "rl", Module: "edgeward", PluginConfig: readConfig(t, root, "ratelimit.json"), Workers: 2},
			{Name: "noop", Module: "noop"},
		},
	}
	type want struct {
		status int
		body   string // substring
	}
	var wants []want
	add := func(host string, worker *int, r v8host.Request, w want) {
		in.Requests = append(in.Requests, v8host.Call{Host: host, Worker: worker, Request: r})
		wants = append(wants, w)
	}
	sqli := v8host.Request{Method: "GET", Target: "/search?q=1%27%20OR%20%271%27%3D%271%27%20--%20",
		Header: [][2]string{{"User-Agent", "Mozilla/5.0"}, {"Accept", "text/html"}}}
	big := jsonBody(200<<10, "please ship before noon") // four 64 KiB chunks
	bigXSS := jsonBody(200<<10, "<script>alert(document.cookie)</script>")
	add("waf", nil, v8host.Request{Method: "GET", Target: "/products/list?page=2&q=blue+shoes",
		Header: [][2]string{{"User-Agent", "Mozilla/5.0"}, {"Accept", "text/html"}}},
		want{200, `"path":"/products/list?page=2\u0026q=blue+shoes"`})
	add("waf", nil, sqli, want{403, `"rule":"sqli"`})
	add("waf", nil, post("/api/orders", jsonBody(4<<10, "thanks")), want{200, fmt.Sprintf(`"body_bytes":%d`, len(jsonBody(4<<10, "thanks")))})
	add("waf", nil, post("/api/orders", big), want{200, fmt.Sprintf(`"body_bytes":%d`, len(big))})
	add("waf", nil, post("/api/orders", bigXSS), want{403, `"rule":"xss"`})
	add("noop", nil, sqli, want{200, `"method":"GET"`})
	add("noop", nil, post("/api/orders", bigXSS), want{200, fmt.Sprintf(`"body_bytes":%d`, len(bigXSS))})
	const limit = 20 // envoy/examples/ratelimit.json: per_ip, 20 per 60 s
	for i := 0; i < limit+2; i++ {
		w := i % 2
		st := 200
		if i >= limit {
			st = 429
		}
		add("rl", &w, v8host.Request{Method: "GET", Target: fmt.Sprintf("/items/%d", i),
			Header: [][2]string{{"User-Agent", "Mozilla/5.0"}}}, want{st, ""})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var res v8host.RequestsResult
	var stderr strings.Builder
	if err := v8host.Run(ctx, root, in, &res, &stderr); err != nil {
		t.Fatal(err)
	}
	if len(res.Responses) != len(wants) {
		t.Fatalf("got %d responses for %d requests\n%s", len(res.Responses), len(wants), stderr.String())
	}
	for i, r := range res.Responses {
		c, w := in.Requests[i], wants[i]
		if r.Status != w.status || !strings.Contains(r.Body, w.body) || r.Error != "" {
			t.Errorf("request %d (%s %s %.60s): got %d %q (error %q), want %d with %q", i, c.Host, c.Request.Method,
				c.Request.Target, r.Status, truncate(r.Body, 200), r.Error, w.status, w.body)
		}
	}
	// The rate limit headers ride on allowed responses (headers_on_allowed).
	if r := res.Responses[len(res.Responses)-limit-2]; !hasHeader(r.Headers, "ratelimit-policy") {
		t.Errorf("rate-limited host, allowed response: no ratelimit-policy header in %v", r.Headers)
	}
	waf, rl := res.Hosts["waf"], res.Hosts["rl"]
	if waf.Metrics["edgeward.injection.sqli.block"] != 1 || waf.Metrics["edgeward.injection.xss.block"] != 1 {
		t.Errorf("waf metrics: %v", waf.Metrics)
	}
	if rl.SharedData.Keys == 0 {
		t.Errorf("rate-limited host: no shared-data keys after %d requests", limit+2)
	}
	for name, h := range res.Hosts {
		if h.Replacements != 0 {
			t.Errorf("host %s: %d VMs replaced after a trap", name, h.Replacements)
		}
		for _, l := range h.Logs {
			if l.Level == "error" || l.Level == "critical" {
				t.Errorf("host %s worker %d logged %s: %s", name, l.Worker, l.Level, l.Message)
			}
		}
	}
	if t.Failed() {
		b, _ := json.MarshalIndent(res.Hosts, "", "  ")
		t.Logf("hosts: %s\nstderr: %s", truncate(string(b), 4000), stderr.String())
	}
}

func hasHeader(hs [][2]string, name string) bool {
	for _, h := range hs {
		if h[0] == name {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
