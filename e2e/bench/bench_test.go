package bench

import (
	"os"
	"testing"
	"time"
)

// fixture starts the hosts and engines of the rows once per test binary.
type fixture struct {
	jwt     *JWTFixture
	modules map[string]*Module
	natives map[string]*Native
	noop    *Module
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := WasmFromEnv("EDGEWARD_WASM")
	if err != nil {
		t.Fatal(err)
	}
	noopWasm, err := WasmFromEnv("EDGEWARD_NOOP_WASM")
	if err != nil {
		t.Fatal(err)
	}
	wafCfg, _, err := WAFConfig(root)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{modules: map[string]*Module{}, natives: map[string]*Native{}}
	if f.jwt, err = NewJWTFixture(time.Now()); err != nil {
		t.Fatal(err)
	}
	start := func(o ModuleOptions) *Module {
		m, err := NewModule(o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		return m
	}
	f.modules["waf"] = start(ModuleOptions{Wasm: wasm, Config: wafCfg})
	f.modules["jwt"] = start(ModuleOptions{Wasm: wasm, Config: f.jwt.Config(), Env: f.jwt.Env()})
	f.noop = start(ModuleOptions{Wasm: noopWasm})
	if f.natives["waf"], err = NewNative(wafCfg, nil); err != nil {
		t.Fatal(err)
	}
	if f.natives["jwt"], err = NewNative(f.jwt.Config(), f.jwt.Getenv); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestRowsAnswer checks that every benchmark row measures what it claims: the module and the
// native engine give the row's status, and the no-op module passes everything.
func TestRowsAnswer(t *testing.T) {
	f := newFixture(t)
	for _, k := range Kinds(f.jwt) {
		if len(k.Req.Body) > 64<<10 {
			continue // the 1 MiB row is checked by make bench, which fails on a wrong status
		}
		t.Run(k.Name, func(t *testing.T) {
			start := time.Now()
			if got := f.modules[k.Config].Status(k.Req); got != k.Want {
				t.Errorf("module: got %d, want %d", got, k.Want)
			}
			el := time.Since(start)
			if got := f.natives[k.Config].Status(Prepare(k.Req)); got != k.Want {
				t.Errorf("native: got %d, want %d", got, k.Want)
			}
			if got := f.noop.Status(k.Req); got != 200 {
				t.Errorf("no-op module: got %d, want 200", got)
			}
			if os.Getenv("BENCH_VERBOSE") != "" {
				t.Logf("module %v", el)
			}
		})
	}
}
