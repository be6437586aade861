package bench

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// memoryRequests is the size of the memory check: EDGEWARD_MEMORY_REQUESTS, default 5,000 in
// `make test` (`make memory` runs 1,000,000).
func memoryRequests(t *testing.T) int {
	s := os.Getenv("EDGEWARD_MEMORY_REQUESTS")
	if s == "" {
		return 5000
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 {
		t.Fatalf("EDGEWARD_MEMORY_REQUESTS=%q: want an integer >= 100", s)
	}
	return n
}

// maxSteadyGrowth bounds linear-memory growth over the second half of the run: at most one
// 4 MiB heap arena of Go's wasm runtime. A leak of even 16 bytes a request grows 8 MB over the
// second half of the full-size run.
const maxSteadyGrowth = 4 << 20

// TestMemorySteadyState drives the mixed workload (64 KiB bodies and blocked requests
// included) through ONE module instance and checks that every request got its answer and
// that linear memory stops growing after warm-up.
func TestMemorySteadyState(t *testing.T) {
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
	gc := &GCTrace{}
	m, err := NewModule(ModuleOptions{Wasm: wasm, Config: cfg, Env: map[string]string{"GODEBUG": "gctrace=1"}, LogWriter: gc})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	n := memoryRequests(t)
	start := time.Now()
	run := DriveMemory(m, n, 1000, gc, func(done int, mem uint32) {
		t.Logf("%d/%d requests after %v: linear memory %d KiB", done, n, time.Since(start).Round(time.Second), mem>>10)
	})
	t.Logf("%d requests in %v: linear memory %d KiB after warm-up, %d KiB at half, %d KiB at end; %d GCs, last live %.0f MB, goal %.0f MB; latency p50 %v p99 %v max %v",
		n, run.Elapsed, run.Start()>>10, run.Mid()>>10, run.End()>>10, run.GCs, run.LastLiveMB, run.LastGoalMB, run.P50, run.P99, run.Max)
	for _, j := range run.Jumps {
		t.Logf("jump: %s", j)
	}
	if run.Wrong > 0 {
		t.Errorf("%d of %d requests got the wrong status; first: %s", run.Wrong, n, run.FirstWrong)
	}
	if g := int64(run.End()) - int64(run.Mid()); g > maxSteadyGrowth {
		t.Errorf("linear memory grew %d KiB over the second half (%d -> %d KiB), want at most %d KiB: the module leaks",
			g>>10, run.Mid()>>10, run.End()>>10, maxSteadyGrowth>>10)
	}
	if r := m.Host.Replacements(); r != 0 {
		t.Errorf("the instance trapped and was replaced %d times", r)
	}
}
