package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
)

// Comparator is another engine measured natively on the same requests (e2e/coraza provides
// Coraza with the Core Rule Set). It applies to the injection rows only: it has no token check.
type Comparator interface {
	Name() string
	// Prepare returns a function that runs r once and returns the client's status.
	Prepare(r Request) func() int
}

// Options configure Run.
type Options struct {
	Root       string        // the checkout (RepoRoot)
	Wasm       []byte        // dist/edgeward.wasm
	Noop       []byte        // dist/noop.wasm
	Rounds     int           // interleaved rounds per row; default 10
	Batch      time.Duration // target duration of one batch; default 40 ms
	Budget     time.Duration // most time the rounds of one row may take; default 20 s
	Comparator Comparator    // optional
	Corpus     []Case        // optional: verdicts of every engine on it
	Progress   io.Writer     // progress lines; default discarded
	// V8 also measures every row in V8 (e2e/v8host, on Node.js, as Envoy runs the module by
	// default): the module against the no-op module in one node process.
	V8 bool
}

// Row is one request kind's measurements.
type Row struct {
	Kind                         Kind
	ModuleStatus, NoopStatus     int
	NativeStatus, CmpStatus      int
	Module, Noop, Native, Cmp    Result
	HasCmp                       bool
	NativeAllocs, NativeBytes    float64
	CmpAllocs, CmpBytes          float64
	ModuleMemAfter, NoopMemAfter uint32
}

// AdvRow is one adversarial input at one size.
type AdvRow struct {
	Name                       string
	Size                       int
	NativeStatus               int
	ModuleStatus               int
	NativeNs, ModuleNs         float64
	NativeNsPerByte            float64
	ModuleNsPerByte            float64
	NativeGrowth, ModuleGrowth float64 // ns/byte relative to the smallest size
}

// Verdicts is one engine's tally on the corpus.
type Verdicts struct {
	Engine string
	Tally  Tally
}

// Report is everything the table prints.
type Report struct {
	Machine     string
	WAFSource   string
	Comparator  string
	Rows        []Row
	Adversarial []AdvRow
	ModuleSize  int
	NoopSize    int
	ModuleMem   uint32 // WAF host instance after warm-up
	NoopMem     uint32
	Verdicts    []Verdicts
	Mismatches  []string  // statuses that differ from what the row wants
	V8          *V8Report // Options.V8
	Elapsed     time.Duration
	Rounds      int
	Batch       time.Duration
}

// benchConfigs returns the configs the rows run under: envoy/examples/waf.json (and where it was
// read), the same with body.max_bytes 4 MiB for the large bodies, and the JWT fixture.
func benchConfigs(root string) (waf []byte, src string, large []byte, jwt *JWTFixture, err error) {
	if waf, src, err = WAFConfig(root); err != nil {
		return nil, "", nil, nil, err
	}
	if large, err = WithBodyLimit(waf, 4<<20); err != nil {
		return nil, "", nil, nil, err
	}
	if jwt, err = NewJWTFixture(time.Now()); err != nil {
		return nil, "", nil, nil, err
	}
	return waf, src, large, jwt, nil
}

// Run measures every row, the adversarial inputs and the corpus verdicts.
func Run(o Options) (*Report, error) {
	start := time.Now()
	if o.Rounds <= 0 {
		o.Rounds = 10
	}
	if o.Batch <= 0 {
		o.Batch = 40 * time.Millisecond
	}
	if o.Budget <= 0 {
		o.Budget = 20 * time.Second
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if len(o.Wasm) == 0 || len(o.Noop) == 0 {
		return nil, errors.New("bench: both the module and the no-op module are required")
	}
	rep := &Report{Machine: Machine(), ModuleSize: len(o.Wasm), NoopSize: len(o.Noop), Rounds: o.Rounds, Batch: o.Batch}
	if o.Comparator != nil {
		rep.Comparator = o.Comparator.Name()
	}
	wafCfg, src, advCfg, jwt, err := benchConfigs(o.Root)
	if err != nil {
		return nil, err
	}
	rep.WAFSource = src

	cache := wazero.NewCompilationCache()
	defer cache.Close(context.Background()) //nolint:errcheck // closing an in-memory cache
	var closers []func()
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	startModule := func(name string, mo ModuleOptions) (*Module, error) {
		mo.Cache = cache
		m, err := NewModule(mo)
		if err != nil {
			return nil, fmt.Errorf("%s host: %w", name, err)
		}
		closers = append(closers, m.Close)
		return m, nil
	}
	modules := map[string]*Module{}
	if modules["waf"], err = startModule("waf", ModuleOptions{Wasm: o.Wasm, Config: wafCfg}); err != nil {
		return nil, err
	}
	if modules["jwt"], err = startModule("jwt", ModuleOptions{Wasm: o.Wasm, Config: jwt.Config(), Env: jwt.Env()}); err != nil {
		return nil, err
	}
	adv, err := startModule("large bodies", ModuleOptions{Wasm: o.Wasm, Config: advCfg, BufferLimit: 8 << 20})
	if err != nil {
		return nil, err
	}
	modules["large"] = adv
	noop, err := startModule("no-op", ModuleOptions{Wasm: o.Noop, BufferLimit: 8 << 20})
	if err != nil {
		return nil, err
	}
	natives := map[string]*Native{}
	if natives["waf"], err = NewNative(wafCfg, nil); err != nil {
		return nil, fmt.Errorf("native waf: %w", err)
	}
	if natives["jwt"], err = NewNative(jwt.Config(), jwt.Getenv); err != nil {
		return nil, fmt.Errorf("native jwt: %w", err)
	}
	advNative, err := NewNative(advCfg, nil)
	if err != nil {
		return nil, fmt.Errorf("native large bodies: %w", err)
	}
	natives["large"] = advNative

	for _, k := range Kinds(jwt) {
		fmt.Fprintf(o.Progress, "bench: %s\n", k.Name)
		mod, nat := modules[k.Config], natives[k.Config]
		p := Prepare(k.Req)
		row := Row{Kind: k}
		row.ModuleStatus = mod.Status(k.Req)
		row.NoopStatus = noop.Status(k.Req)
		row.NativeStatus = nat.Status(p)
		check := func(who string, got, want int) {
			if got != want {
				rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: %s answered %d, want %d", k.Name, who, got, want))
			}
		}
		check("module", row.ModuleStatus, k.Want)
		check("no-op module", row.NoopStatus, 200)
		check("native engine", row.NativeStatus, k.Want)
		subjects := []Subject{
			{Name: "module", Op: func() { mod.Status(k.Req) }},
			{Name: "noop", Op: func() { noop.Status(k.Req) }},
			{Name: "native", Op: func() { nat.Status(p) }},
		}
		var cmp func() int
		if o.Comparator != nil && k.Config != "jwt" {
			cmp = o.Comparator.Prepare(k.Req)
			row.HasCmp = true
			row.CmpStatus = cmp()
			subjects = append(subjects, Subject{Name: "cmp", Op: func() { cmp() }})
		}
		res := Interleave(subjects, o.Rounds, o.Batch, o.Budget)
		row.Module, row.Noop, row.Native = res[0], res[1], res[2]
		row.NativeAllocs, row.NativeBytes = Allocs(func() { nat.Status(p) }, allocRuns(row.Native.NsPerOp))
		if cmp != nil {
			row.Cmp = res[3]
			row.CmpAllocs, row.CmpBytes = Allocs(func() { cmp() }, allocRuns(row.Cmp.NsPerOp))
		}
		row.ModuleMemAfter, row.NoopMemAfter = mod.Memory(), noop.Memory()
		rep.Rows = append(rep.Rows, row)
	}
	rep.ModuleMem, rep.NoopMem = modules["waf"].Memory(), noop.Memory()

	if o.V8 {
		fmt.Fprintln(o.Progress, "bench: V8 (e2e/v8host on Node.js)")
		kinds := Kinds(jwt)
		v8, err := runV8(o, kinds, wafCfg, advCfg, jwt, nil)
		if err != nil {
			return nil, fmt.Errorf("v8: %w", err)
		}
		for i := range v8.Rows {
			row := &v8.Rows[i]
			row.Wazero = &rep.Rows[i]
			if row.ModuleStatus != row.Kind.Want {
				rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: V8 module answered %d, want %d", row.Kind.Name, row.ModuleStatus, row.Kind.Want))
			}
			if row.NoopStatus != 200 {
				rep.Mismatches = append(rep.Mismatches, fmt.Sprintf("%s: V8 no-op module answered %d, want 200", row.Kind.Name, row.NoopStatus))
			}
		}
		rep.V8 = v8
	}

	for _, a := range Adversarials() {
		var base *AdvRow
		for _, n := range AdversarialSizes {
			fmt.Fprintf(o.Progress, "bench: adversarial %s %d\n", a.Name, n)
			r := a.Body(n)
			p := Prepare(r)
			row := AdvRow{Name: a.Name, Size: n, NativeStatus: advNative.Status(p), ModuleStatus: adv.Status(r)}
			res := Interleave([]Subject{
				{Op: func() { advNative.Status(p) }},
				{Op: func() { adv.Status(r) }},
			}, max(3, o.Rounds/2), o.Batch, o.Budget)
			row.NativeNs, row.ModuleNs = res[0].NsPerOp, res[1].NsPerOp
			row.NativeNsPerByte, row.ModuleNsPerByte = row.NativeNs/float64(n), row.ModuleNs/float64(n)
			if base == nil {
				base = &row
			}
			row.NativeGrowth = row.NativeNsPerByte / base.NativeNsPerByte
			row.ModuleGrowth = row.ModuleNsPerByte / base.ModuleNsPerByte
			rep.Adversarial = append(rep.Adversarial, row)
		}
	}

	if len(o.Corpus) > 0 {
		fmt.Fprintf(o.Progress, "bench: corpus verdicts (%d cases)\n", len(o.Corpus))
		wafNative := natives["waf"]
		rep.Verdicts = append(rep.Verdicts,
			Verdicts{Engine: "Edgeward (native)", Tally: Count(o.Corpus, func(r Request) int { return wafNative.Status(Prepare(r)) })},
			Verdicts{Engine: "Edgeward (module)", Tally: Count(o.Corpus, modules["waf"].Status)})
		if o.Comparator != nil {
			c := o.Comparator
			rep.Verdicts = append(rep.Verdicts, Verdicts{Engine: c.Name(), Tally: Count(o.Corpus, func(r Request) int { return c.Prepare(r)() })})
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// allocRuns picks how many runs measure allocations: about 200 ms worth, between 3 and 10000.
func allocRuns(nsPerOp float64) int {
	if nsPerOp <= 0 {
		return 1000
	}
	return min(10000, max(3, int(200e6/nsPerOp)))
}

// Machine describes where the numbers come from: CPUs, Go version, OS/arch and the CPU model.
func Machine() string {
	cpu := ""
	if out, err := exec.Command("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").Output(); err == nil {
		cpu = strings.TrimSpace(string(out))
	}
	s := fmt.Sprintf("%d CPUs (nproc), %s %s/%s", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if cpu != "" {
		s += ", " + cpu
	}
	return s
}
