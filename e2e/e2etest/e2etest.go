// Package e2etest starts Edgeward's dev host for tests: it builds (or finds) compiled modules,
// shares one wazero compilation cache on disk, and serves a devhost.Host on a loopback port.
//
//	base, host := e2etest.Start(t, e2etest.Options{Config: []byte(`{...}`)})
//	resp, err := http.Get(base + "/anything")
//
// Feature end-to-end tests should take their base URL from BaseURL, which honours E2E_URL so
// the same tests run against Envoy (docker compose) unchanged.
package e2etest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/edgeward/edgeward/e2e/devhost"
)

// Options configure Start. The zero value serves ./filter/module with config `{}` (or
// envoy/edgeward.json when UseRepoConfig) in front of the built-in echo upstream.
type Options struct {
	Module        string            // Go package of the module, default "./filter/module"
	Wasm          []byte            // a compiled module; overrides Module
	Config        []byte            // plugin configuration; default `{}`
	UseRepoConfig bool              // use envoy/edgeward.json when Config is nil and the file exists
	Env           map[string]string // the module's environment
	Workers       int               // default 2
	FailOpen      bool
	Upstream      string            // upstream base URL; default the in-process echo upstream
	Handler       http.Handler      // in-process upstream when Upstream is empty
	Clusters      map[string]string // proxy_http_call clusters
	ManualTicks   bool              // proxy_on_tick only on Host.Tick (devhost.Options.ManualTicks)
	BufferLimit   int
	LogWriter     interface{ Write([]byte) (int, error) }
}

// Start builds the module if needed, starts a host and an HTTP server for it, and registers
// their shutdown with t.Cleanup. A module that does not build or start fails the test.
func Start(t testing.TB, o Options) (string, *devhost.Host) {
	t.Helper()
	h := NewHost(t, o)
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = devhost.Listener(srv.Listener) // targets reach the module as sent, as in Envoy
	srv.Config.Protocols = devhost.Protocols()    // HTTP/1.1 and h2c, as Envoy's listener
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, h
}

// NewHost is Start without the HTTP server (use Host.RoundTrip or Host.ServeHTTP).
func NewHost(t testing.TB, o Options) *devhost.Host {
	t.Helper()
	wasm := o.Wasm
	if wasm == nil {
		wasm = Module(t, o.Module)
	}
	cfg := o.Config
	if cfg == nil {
		cfg = []byte(`{}`)
		if o.UseRepoConfig {
			if b, err := os.ReadFile(filepath.Join(RepoRoot(t), "envoy", "edgeward.json")); err == nil {
				cfg = b
			}
		}
	}
	if o.Workers == 0 {
		o.Workers = 2
	}
	opts := devhost.Options{
		Wasm: wasm, PluginConfig: cfg, Env: o.Env, Workers: o.Workers, FailOpen: o.FailOpen,
		Upstream: o.Upstream, UpstreamHandler: o.Handler, Clusters: o.Clusters, ManualTicks: o.ManualTicks,
		BufferLimit: o.BufferLimit, CompilationCache: Cache(t),
	}
	if o.LogWriter != nil {
		opts.LogWriter = o.LogWriter
	}
	h, err := devhost.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("devhost.New: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// BaseURL returns E2E_URL when set (tests then run against that deployment, e.g. Envoy from
// docker compose), else starts a host with o and returns its URL; host is nil with E2E_URL.
func BaseURL(t testing.TB, o Options) (string, *devhost.Host) {
	t.Helper()
	if u := os.Getenv("E2E_URL"); u != "" {
		return strings.TrimRight(u, "/"), nil
	}
	return Start(t, o)
}

var (
	cacheOnce sync.Once
	cache     wazero.CompilationCache
)

// Cache is one wazero compilation cache for the test process, kept on disk between runs
// (compiling the module takes tens of seconds).
func Cache(t testing.TB) wazero.CompilationCache {
	cacheOnce.Do(func() {
		if dir, err := os.UserCacheDir(); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "edgeward", "wazero")); err == nil {
				cache = c
				return
			}
		}
		cache = wazero.NewCompilationCache()
	})
	return cache
}

var (
	buildMu sync.Mutex
	built   = map[string][]byte{}
	tmpDir  string
)

// Module returns the compiled module of the Go package pkg (default "./filter/module"), built
// once per test process with filter/_abi/build.sh. For ./filter/module, EDGEWARD_WASM (set by
// `make test`, which has just built it) is used when set. A failed build fails the test.
func Module(t testing.TB, pkg string) []byte {
	t.Helper()
	if pkg == "" {
		pkg = "./filter/module"
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	if b, ok := built[pkg]; ok {
		return b
	}
	if p := os.Getenv("EDGEWARD_WASM"); p != "" && pkg == "./filter/module" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("EDGEWARD_WASM: %v", err)
		}
		built[pkg] = b
		return b
	}
	root := RepoRoot(t)
	if tmpDir == "" {
		d, err := os.MkdirTemp("", "edgeward-e2etest-")
		if err != nil {
			t.Fatal(err)
		}
		tmpDir = d
	}
	out := filepath.Join(tmpDir, strings.NewReplacer("/", "_", ".", "_").Replace(pkg)+".wasm")
	cmd := exec.Command(filepath.Join(root, "filter", "_abi", "build.sh"), pkg, out)
	cmd.Dir = root
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s with filter/_abi/build.sh: %v\n%s", pkg, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	built[pkg] = b
	return b
}

// RepoRoot finds the module root (the directory holding go.mod) above the working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/edgeward/edgeward\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal(fmt.Errorf("go.mod of github.com/edgeward/edgeward not found above the working directory"))
		}
		dir = parent
	}
}
