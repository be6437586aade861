package bench

import (
	"context"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"
)

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive integer", name, s)
	}
	return n
}

// TestLoad serves the module from the dev host on loopback (one instance per CPU, as Envoy runs
// one VM per worker) and sends the mixed workload from 64 concurrent clients: every request
// must be answered, each with its correct status. Size: EDGEWARD_LOAD_REQUESTS (default 640;
// `make load` runs 64,000), bounded by EDGEWARD_LOAD_SECONDS (default 600).
func TestLoad(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := WasmFromEnv("EDGEWARD_WASM")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := WAFConfig(root)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModule(ModuleOptions{Wasm: wasm, Config: cfg, Workers: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := httptest.NewServer(m.Host) // 127.0.0.1, an ephemeral port
	defer srv.Close()

	n := envInt(t, "EDGEWARD_LOAD_REQUESTS", 640)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(envInt(t, "EDGEWARD_LOAD_SECONDS", 600))*time.Second)
	defer cancel()
	r := Load(ctx, srv.URL, 64, n)
	t.Logf("%d requests, 64 clients, %d instances: %d answered in %v (%.0f/s); p50 %v p99 %v max %v",
		n, len(m.Host.MemorySizes()), r.Answered, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.P50, r.P99, r.Max)
	if r.Sent != n {
		t.Errorf("sent %d of %d requests before the deadline", r.Sent, n)
	}
	if r.Errors > 0 || r.Wrong > 0 {
		t.Errorf("%d lost (transport errors), %d misjudged; first: %s", r.Errors, r.Wrong, r.FirstProblem)
	}
	if got := m.Host.Replacements(); got != 0 {
		t.Errorf("%d instances trapped and were replaced", got)
	}
}
