package devhost

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/edgeward/edgeward/e2e/echo"
)

// Host runs a compiled Proxy-Wasm module on Options.Workers instances and serves HTTP through it.
// It is an http.Handler; RoundTrip runs one request in-process.
type Host struct {
	opts     Options
	runtime  wazero.Runtime
	compiled wazero.CompiledModule
	exports  map[string]bool

	workers []*worker
	rr      atomic.Uint32

	shared  *sharedData
	queues  *sharedQueues
	metrics *metricRegistry
	logs    *logSink

	upstreamURL  *url.URL
	clusters     map[string]*url.URL
	transport    *http.Transport
	h2cTransport *http.Transport // HTTP/2 without TLS, for requests that came in over HTTP/2
	connIDs      atomic.Uint64

	start       time.Time    // origin of the monotonic clock
	clockOffset atomic.Int64 // AdvanceClock, ns

	closeOnce sync.Once
}

// worker is one Envoy worker thread: the instance currently serving it.
type worker struct {
	idx    int
	mu     sync.Mutex // guards inst and replacement
	inst   *instance
	active atomic.Int32 // streams in flight
}

func defaultUpstream() http.Handler { return echo.Handler() }

// New compiles the module and starts every instance. A module that fails to start (vm_start or
// configure returning false, a trap, a missing import) is an error carrying the error and
// critical lines the module logged, so a bad plugin config names its field.
func New(ctx context.Context, opts Options) (*Host, error) {
	opts.setDefaults()
	h := &Host{
		opts:    opts,
		shared:  newSharedData(),
		queues:  newSharedQueues(),
		metrics: newMetricRegistry(),
		logs:    &logSink{w: opts.LogWriter, level: opts.LogLevel},
		transport: &http.Transport{
			Proxy:               nil,
			DisableCompression:  true,
			MaxIdleConnsPerHost: 64,
		},
		clusters: map[string]*url.URL{},
		start:    time.Now(),
	}
	h.h2cTransport = &http.Transport{Proxy: nil, DisableCompression: true, Protocols: new(http.Protocols)}
	h.h2cTransport.Protocols.SetUnencryptedHTTP2(true)
	if opts.Upstream != "" {
		u, err := url.Parse(opts.Upstream)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("upstream %q: want an absolute http(s) URL", opts.Upstream)
		}
		h.upstreamURL = u
	}
	for name, raw := range opts.Clusters {
		u, err := url.Parse(raw)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("cluster %s=%q: want an absolute http(s) URL", name, raw)
		}
		h.clusters[name] = u
	}

	rc := wazero.NewRuntimeConfig()
	if opts.CompilationCache != nil {
		rc = rc.WithCompilationCache(opts.CompilationCache)
	}
	h.runtime = wazero.NewRuntimeWithConfig(ctx, rc)
	fail := func(err error) (*Host, error) {
		h.runtime.Close(ctx)
		return nil, err
	}
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, h.runtime); err != nil {
		return fail(fmt.Errorf("wasi: %w", err))
	}
	if err := h.instantiateEnv(ctx); err != nil {
		return fail(fmt.Errorf("env host module: %w", err))
	}
	compiled, err := h.runtime.CompileModule(ctx, opts.Wasm)
	if err != nil {
		return fail(fmt.Errorf("compile module: %w", err))
	}
	h.compiled = compiled
	if err := h.checkModule(); err != nil {
		return fail(err)
	}
	for i := 0; i < opts.Workers; i++ {
		w := &worker{idx: i}
		in, err := h.newInstance(ctx, w)
		if err != nil {
			h.Close()
			return nil, err
		}
		w.inst = in
		h.workers = append(h.workers, w)
	}
	return h, nil
}

// checkModule applies Envoy's load-time checks: an ABI version marker export, an allocator, and
// proxy_get_log_level only for ABI 0.2.1 (PROXY-WASM-HOST.md §2).
func (h *Host) checkModule() error {
	h.exports = map[string]bool{}
	abi := ""
	for name, def := range h.compiled.ExportedFunctions() {
		h.exports[name] = true
		_ = def
		switch name {
		case "proxy_abi_version_0_1_0", "proxy_abi_version_0_2_0", "proxy_abi_version_0_2_1":
			abi = strings.TrimPrefix(name, "proxy_abi_version_")
		}
	}
	switch abi {
	case "":
		return errors.New("load module: missing or unknown Proxy-Wasm ABI version")
	case "0_1_0":
		return errors.New("load module: Proxy-Wasm ABI 0.1.0 is not supported by this host")
	}
	if !h.exports["malloc"] && !h.exports["proxy_on_memory_allocate"] {
		return errors.New("load module: missing function: malloc or proxy_on_memory_allocate")
	}
	for _, f := range h.compiled.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod == "env" && name == "proxy_get_log_level" && abi != "0_2_1" {
			return errors.New("load module: missing import env.proxy_get_log_level (ABI 0.2.1 only)")
		}
	}
	return nil
}

// Close stops every instance (root proxy_on_done then proxy_on_delete, as at Envoy shutdown)
// and releases the runtime.
func (h *Host) Close() error {
	h.closeOnce.Do(func() {
		for _, w := range h.workers {
			w.mu.Lock()
			if w.inst != nil {
				w.inst.shutdown()
			}
			w.mu.Unlock()
		}
		h.transport.CloseIdleConnections()
		h.h2cTransport.CloseIdleConnections()
		h.runtime.Close(context.Background())
	})
	return nil
}

// acquire pins a new stream to the least busy worker (round-robin among equals) and returns its
// current instance, replacing it first if it failed.
func (h *Host) acquire() (*worker, *instance) {
	start := int(h.rr.Add(1))
	best := h.workers[start%len(h.workers)]
	for i := 1; i < len(h.workers); i++ {
		w := h.workers[(start+i)%len(h.workers)]
		if w.active.Load() < best.active.Load() {
			best = w
		}
	}
	best.active.Add(1)
	best.mu.Lock()
	defer best.mu.Unlock()
	if best.inst.failed.Load() {
		h.replaceLocked(best)
	}
	return best, best.inst
}

func (w *worker) release() { w.active.Add(-1) }

// replace swaps a failed instance for a fresh one (asynchronously after a trap).
func (h *Host) replace(w *worker, old *instance) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.inst == old {
		h.replaceLocked(w)
	}
}

func (h *Host) replaceLocked(w *worker) {
	old := w.inst
	if !old.failed.Load() {
		return
	}
	old.shutdown()
	in, err := h.newInstance(context.Background(), w)
	if err != nil {
		h.logs.add(LogEntry{Level: LevelError, Worker: w.idx, Message: "replacing failed instance: " + err.Error()})
		return
	}
	h.logs.add(LogEntry{Level: LevelInfo, Worker: w.idx, Message: "replaced failed instance"})
	w.inst = in
}

// Logs returns every captured log entry, oldest first.
func (h *Host) Logs() []LogEntry { return h.logs.snapshot() }

// Metrics returns every metric the module defined, by name (without Envoy's "wasmcustom."
// prefix): counters and gauges their value, histograms the number of recorded values.
func (h *Host) Metrics() map[string]uint64 { return h.metrics.snapshot() }

// SharedDataStats reports the shared-data store: number of keys and total key+value bytes.
func (h *Host) SharedDataStats() (keys int, bytes int) { return h.shared.stats() }

// MemorySizes returns each worker instance's linear memory size in bytes.
func (h *Host) MemorySizes() []uint32 {
	out := make([]uint32, len(h.workers))
	for i, w := range h.workers {
		w.mu.Lock()
		in := w.inst
		w.mu.Unlock()
		in.mu.Lock()
		if !in.closed {
			out[i] = in.mod.Memory().Size()
		}
		in.mu.Unlock()
	}
	return out
}

// Replacements reports how many instances were replaced after a trap since New.
func (h *Host) Replacements() int {
	n := 0
	for _, w := range h.workers {
		w.mu.Lock()
		n += w.inst.generation
		w.mu.Unlock()
	}
	return n
}
