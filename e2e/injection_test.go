package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/policies"
	_ "github.com/edgeward/edgeward/policies/features" // every feature, in their order
)

// wafBase serves envoy/examples/waf.json (or uses E2E_URL).
func wafBase(t *testing.T) string {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "waf.json"))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := e2etest.BaseURL(t, e2etest.Options{Config: cfg})
	return base
}

func TestInjectionThroughModule(t *testing.T) {
	base := wafBase(t)
	tests := []struct {
		name, method, path, ct, body string
		headers                      map[string]string
		status                       int
		rule                         string
	}{
		{"sqli query", "GET", "/search?q=1'%20OR%20'1'='1", "", "", nil, 403, "sqli"},
		{"xss double encoded", "GET", "/r?x=%253Cscript%253Ealert(1)%253C%252Fscript%253E", "", "", nil, 403, "xss"},
		{"nosql json", "POST", "/api/login", "application/json", `{"user":"admin","password":{"$ne":null}}`, nil, 403, "nosql"},
		{"nosql bracket query", "GET", "/api/login?user[$ne]=x", "", "", nil, 403, "nosql"},
		{"proto json as text", "POST", "/api/merge", "text/plain", `{"__proto__":{"isAdmin":true}}`, nil, 403, "proto"},
		{"traversal form", "POST", "/download", "application/x-www-form-urlencoded", "file=..%2f..%2f..%2fetc%2fpasswd", nil, 403, "traversal"},
		{"cmdi cookie", "GET", "/", "", "", map[string]string{"Cookie": "host=127.0.0.1%3B%20cat%20%2Fetc%2Fpasswd"}, 403, "cmdi"},
		{"benign name", "GET", "/search?q=O'Brien", "", "", nil, 200, ""},
		{"benign prose json", "POST", "/api/posts", "application/json", `{"body":"Please select the best option from the list; it's 5 o'clock"}`, nil, 200, ""},
		{"benign markdown", "POST", "/api/posts", "application/json", `{"body":"# Title\n\n**bold** and a [link](https://example.com)"}`, nil, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.ct != "" {
				req.Header.Set("Content-Type", tt.ct)
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.status != 403 {
				return
			}
			var got map[string]string
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("403 body %q: %v", body, err)
			}
			if got["error"] != "request blocked" || got["rule"] != tt.rule || got["request_id"] == "" {
				t.Errorf("403 body = %s, want rule %q", body, tt.rule)
			}
			if strings.Contains(string(body), "passwd") || strings.Contains(string(body), "script") {
				t.Errorf("403 body echoes input: %s", body)
			}
		})
	}
}

// TestInjectionCorpusThroughModule sends every corpus (the project's own, the held-out ones, the
// CRS regression file and the third-party development corpus) through the compiled module in the
// dev host with envoy/examples/waf.json, and requires the module's verdict on every case to be the
// in-process engine's (policies, the same config). The rates themselves are guarded once, in
// policies/injection_heldout_corpora_test.go and policies/corpus_test.go.
func TestInjectionCorpusThroughModule(t *testing.T) {
	base := wafBase(t)
	root := e2etest.RepoRoot(t)
	cfgData, err := os.ReadFile(filepath.Join(root, "envoy", "examples", "waf.json"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := policies.ParseConfig(cfgData)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := policies.NewEngine(cfg, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "policies", "testdata", "injection_*.jsonl"))
	files = append(files, filepath.Join(root, "policies", "testdata", "crs", "crs-regression-pl2.jsonl"),
		filepath.Join(root, "policies", "testdata", "thirdparty", "thirdparty-dev.jsonl"),
		filepath.Join(root, "policies", "testdata", "heldout23", "injection_heldout23.jsonl"),
		filepath.Join(root, "policies", "testdata", "benigndev2", "benign-dev2.jsonl"))
	if len(files) < 20 {
		t.Fatalf("found %d corpora, want every one", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var cases []map[string]any
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				var c map[string]any
				if err := json.Unmarshal([]byte(line), &c); err != nil {
					t.Fatal(err)
				}
				cases = append(cases, c)
			}
			if len(cases) < 100 {
				t.Fatalf("corpus has %d cases", len(cases))
			}
			corpusThroughModule(t, base, eng, cases)
		})
	}
}

// inProcessBlocked runs one case through the engine in process, as corpus_test.go does.
func inProcessBlocked(e *policies.Engine, c map[string]any) bool {
	req := &policies.Request{Method: c["method"].(string), Path: c["path"].(string), Authority: "example.com", Scheme: "http", SourceAddress: "192.0.2.10:40000"}
	for k, v := range c["headers"].(map[string]any) {
		req.Headers = append(req.Headers, policies.Header{Name: strings.ToLower(k), Value: v.(string)})
	}
	tx := e.NewTx(req, time.Unix(1700000000, 0))
	d := tx.RequestHeaders()
	if d.Action == policies.NeedBody {
		d = tx.RequestBody([]byte(c["body"].(string)), false)
	}
	return d.Action == policies.Deny && d.Status == 403
}

func corpusThroughModule(t *testing.T, base string, eng *policies.Engine, cases []map[string]any) {
	var attacks, benign, blockedA, blockedB, differ int
	for _, c := range cases {
		path := c["path"].(string)
		req, err := http.NewRequest(c["method"].(string), base+"/", strings.NewReader(c["body"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = path // send the raw path as written
		if i := strings.IndexByte(path, '?'); i >= 0 {
			req.URL.Opaque, req.URL.RawQuery = path[:i], path[i+1:]
		}
		for k, v := range c["headers"].(map[string]any) {
			req.Header.Set(k, v.(string))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c["id"], err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		blocked := resp.StatusCode == 403
		if want := inProcessBlocked(eng, c); blocked != want {
			differ++
			t.Errorf("%s: module blocked=%v (status %d), in process %v", c["id"], blocked, resp.StatusCode, want)
		}
		if c["expect"] == "block" {
			attacks++
			if blocked {
				blockedA++
			}
		} else {
			benign++
			if blocked {
				blockedB++
			}
		}
	}
	t.Logf("through the module: attacks %d/%d blocked, benign %d/%d blocked, %d verdicts differ from in process",
		blockedA, attacks, blockedB, benign, differ)
}
