package e2e

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

var (
	faultOnce sync.Once
	faultWasm []byte
	faultErr  string
)

// faultModule builds the module with the edgeward_faults tag: it panics at the phase named by
// the VM environment variable EDGEWARD_FAULT ("panic:request_headers", ...). Never shipped.
func faultModule(t *testing.T) []byte {
	t.Helper()
	faultOnce.Do(func() {
		root := e2etest.RepoRoot(t)
		out := filepath.Join(t.TempDir(), "faults.wasm")
		cmd := exec.Command(filepath.Join(root, "filter", "_abi", "build.sh"), "./filter/module", out)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "TAGS=edgeward_faults")
		if msg, err := cmd.CombinedOutput(); err != nil {
			faultErr = string(msg) + err.Error()
			return
		}
		b, err := os.ReadFile(out)
		if err != nil {
			faultErr = err.Error()
			return
		}
		faultWasm = b
	})
	if faultWasm == nil {
		t.Fatalf("building the fault-injection module: %s", faultErr)
	}
	return faultWasm
}

// TestFailModes injects a panic into each callback and checks that fail_mode decides the outcome,
// that the failure is counted, and that the panic never reaches the host (no instance replaced).
func TestFailModes(t *testing.T) {
	if os.Getenv("E2E_URL") != "" {
		t.Log("fault injection needs the dev host; E2E_URL is ignored for this test")
	}
	wasm := faultModule(t)
	tests := []struct {
		name       string
		failMode   string
		fault      string
		method     string
		body       string
		wantStatus int
	}{
		{"request headers, closed", "closed", "panic:request_headers", "GET", "", 503},
		{"request headers, open", "open", "panic:request_headers", "GET", "", 200},
		{"request body, closed", "closed", "panic:request_body", "POST", `{"name":"x"}`, 503},
		{"request body, open", "open", "panic:request_body", "POST", `{"name":"x"}`, 200},
		{"response headers, closed", "closed", "panic:response_headers", "GET", "", 503},
		{"response headers, open", "open", "panic:response_headers", "GET", "", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base, host := e2etest.Start(t, e2etest.Options{
				Wasm:   wasm,
				Config: []byte(`{"fail_mode":"` + tc.failMode + `"}`),
				Env:    map[string]string{"EDGEWARD_FAULT": tc.fault},
			})
			req, _ := http.NewRequest(tc.method, base+"/anything", strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", resp.StatusCode, tc.wantStatus, body)
			}
			if tc.wantStatus == 503 && strings.Contains(string(body), "Express") {
				t.Errorf("503 body leaks the upstream: %s", body)
			}
			if got := host.Metrics()["edgeward.internal.failure"]; got < 1 {
				t.Errorf("edgeward.internal.failure = %d, want >= 1 (metrics %v)", got, host.Metrics())
			}
			if n := host.Replacements(); n != 0 {
				t.Errorf("%d instances replaced: the panic escaped to the host", n)
			}
		})
	}
}
