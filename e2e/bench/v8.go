package bench

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/edgeward/edgeward/e2e/v8host"
)

// V8Row is one request kind measured in V8 (e2e/v8host): the module against the no-op module in
// the same node process, interleaved.
type V8Row struct {
	Kind                     Kind
	ModuleStatus, NoopStatus int
	Module, Noop             Result
	Wazero                   *Row // the same kind's dev-host row, for the side-by-side columns
}

// V8Start is one module's VM start in V8, in ms: compile, then the first VM (V8 compiles lazily,
// so it also pays for compiling what start-up runs), then the median of later VMs of the same
// compiled module (as Envoy starts each worker's clone).
type V8Start struct {
	Module     string // "dist/edgeward.wasm (waf config)", ...
	CompileMs  float64
	First      v8host.Start
	Again      v8host.Start // medians of each field over AgainRuns
	AgainRuns  int
	MemoryWarm uint32 // linear memory of the first VM after every row
}

// V8Report is the V8 section of the table.
type V8Report struct {
	Node, V8 string
	Flags    []string
	Rows     []V8Row
	Start    []V8Start
	Rounds   int
	Batch    time.Duration
	WarmupMs float64
	Elapsed  time.Duration
}

const v8WarmupMs = 300

// nodeRequest is r as the dev host's harness sends it (Request.HTTP adds Content-Length).
func nodeRequest(r Request) v8host.Request {
	h := append([][2]string(nil), r.Header...)
	if len(r.Body) > 0 {
		h = append(h, [2]string{"Content-Length", fmt.Sprint(len(r.Body))})
	}
	return v8host.Request{Method: r.Method, Target: r.Target, Header: h, Body: r.Body}
}

// runV8 measures kinds in V8 with the same configs, JWT fixture and rounds as the dev-host rows;
// env is added to every edgeward host's VM environment.
func runV8(o Options, kinds []Kind, wafCfg, largeCfg []byte, jwt *JWTFixture, env map[string]string) (*V8Report, error) {
	hosts := map[string][]byte{"waf": wafCfg, "jwt": jwt.Config(), "large": largeCfg}
	envs := map[string]map[string]string{"waf": {}, "jwt": jwt.Env(), "large": {}}
	for _, e := range envs {
		maps.Copy(e, env)
	}
	start := time.Now()
	in := &v8host.Input{
		Mode:     "bench",
		Modules:  map[string][]byte{"edgeward": o.Wasm, "noop": o.Noop},
		NoopHost: "noop",
		Rounds:   o.Rounds, BatchMs: float64(o.Batch) / 1e6, BudgetMs: float64(o.Budget) / 1e6, WarmupMs: v8WarmupMs,
		StartHosts: []string{"waf", "noop"}, StartRuns: 5,
	}
	for _, name := range []string{"waf", "jwt", "large"} {
		h := v8host.Host{Name: name, Module: "edgeward", PluginConfig: string(hosts[name]), Env: envs[name]}
		if name == "large" {
			h.BufferLimit = 8 << 20
		}
		in.Hosts = append(in.Hosts, h)
	}
	in.Hosts = append(in.Hosts, v8host.Host{Name: "noop", Module: "noop", BufferLimit: 8 << 20})
	for _, k := range kinds {
		in.Kinds = append(in.Kinds, v8host.Kind{Name: k.Name, Host: k.Config, Request: nodeRequest(k.Req)})
	}
	var out v8host.BenchResult
	if err := v8host.Run(context.Background(), o.Root, in, &out, o.Progress); err != nil {
		return nil, err
	}
	if len(out.Rows) != len(kinds) {
		return nil, fmt.Errorf("v8: %d rows for %d kinds", len(out.Rows), len(kinds))
	}
	rep := &V8Report{Node: out.Node, V8: out.V8, Flags: out.ExecArgv, Rounds: o.Rounds, Batch: o.Batch, WarmupMs: v8WarmupMs}
	for i, r := range out.Rows {
		rep.Rows = append(rep.Rows, V8Row{Kind: kinds[i], ModuleStatus: r.ModuleStatus, NoopStatus: r.NoopStatus,
			Module: Result{NsPerOp: r.Module.NsPerOp, MinNsPerOp: r.Module.MinNsPerOp, Ops: r.Module.Ops},
			Noop:   Result{NsPerOp: r.Noop.NsPerOp, MinNsPerOp: r.Noop.MinNsPerOp, Ops: r.Noop.Ops}})
	}
	names := map[string]string{"waf": "dist/edgeward.wasm (waf config)", "noop": "dist/noop.wasm"}
	for _, s := range out.Start {
		st := V8Start{Module: names[s.Host], CompileMs: s.CompileMs, First: s.First, AgainRuns: len(s.Again),
			MemoryWarm: out.Memory[s.Host]}
		med := func(f func(v8host.Start) float64) float64 {
			xs := make([]float64, 0, len(s.Again))
			for _, a := range s.Again {
				xs = append(xs, f(a))
			}
			slices.Sort(xs)
			return median(xs)
		}
		st.Again = v8host.Start{
			InstantiateMs: med(func(a v8host.Start) float64 { return a.InstantiateMs }),
			InitializeMs:  med(func(a v8host.Start) float64 { return a.InitializeMs }),
			VMStartMs:     med(func(a v8host.Start) float64 { return a.VMStartMs }),
			ConfigureMs:   med(func(a v8host.Start) float64 { return a.ConfigureMs }),
			TotalMs:       med(func(a v8host.Start) float64 { return a.TotalMs }),
		}
		if len(s.Again) > 0 {
			st.Again.MemoryBytes = s.Again[0].MemoryBytes
		}
		rep.Start = append(rep.Start, st)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// Print writes the V8 section: per request the module against the no-op module in V8, beside the
// same row's dev-host (wazero) difference and the native engine; then VM start and memory.
func (r *V8Report) Print(w io.Writer) {
	fmt.Fprintf(w, "V8, as Envoy runs the module by default (what an Envoy user should expect): Node.js %s, V8 %s, flags %s\n",
		r.Node, r.V8, strings.Join(r.Flags, " "))
	fmt.Fprintln(w, "(--no-liftoff and the 1 GiB memory cap as proxy-wasm-cpp-host sets them on V8; --expose-gc lets the harness collect its own JS garbage between batches).")
	fmt.Fprintf(w, "e2e/v8host, the module and the no-op module in one node process, same requests and configs; each subject warmed up until its cost per call settles (at least %.0f ms; V8 compiles each function on its first call), then %d interleaved rounds of ~%v batches per row, median per request.\n\n",
		r.WarmupMs, r.Rounds, r.Batch)
	fmt.Fprintln(w, "| request | status (module/no-op) | V8 module µs | V8 no-op µs | V8 module − no-op µs | V8 module / no-op | wazero module − no-op µs | native µs |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|")
	for _, row := range r.Rows {
		wz, nat := "—", "—"
		if row.Wazero != nil {
			wz = us(row.Wazero.Module.NsPerOp - row.Wazero.Noop.NsPerOp)
			nat = us(row.Wazero.Native.NsPerOp)
		}
		fmt.Fprintf(w, "| %s | %d/%d | %s | %s | %s | %.2f | %s | %s |\n", row.Kind.Name, row.ModuleStatus, row.NoopStatus,
			us(row.Module.NsPerOp), us(row.Noop.NsPerOp), us(row.Module.NsPerOp-row.Noop.NsPerOp),
			row.Module.NsPerOp/row.Noop.NsPerOp, wz, nat)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "VM start in V8 (instantiate + _initialize + proxy_on_vm_start + proxy_on_configure; the first VM also compiles lazily what start-up runs, later VMs reuse the compiled code as Envoy's worker clones do):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| module | compile ms | first VM ms (instantiate / _initialize / vm_start / configure) | later VMs ms, median (instantiate / _initialize / vm_start / configure) | linear memory after start | linear memory after warm-up |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|")
	for _, s := range r.Start {
		fmt.Fprintf(w, "| %s | %.0f | %.0f (%.1f / %.0f / %.1f / %.0f) | %.1f (%.1f / %.1f / %.1f / %.1f) of %d | %s | %s |\n", s.Module, s.CompileMs,
			s.First.TotalMs, s.First.InstantiateMs, s.First.InitializeMs, s.First.VMStartMs, s.First.ConfigureMs,
			s.Again.TotalMs, s.Again.InstantiateMs, s.Again.InitializeMs, s.Again.VMStartMs, s.Again.ConfigureMs, s.AgainRuns,
			mib(float64(s.First.MemoryBytes)), mib(float64(s.MemoryWarm)))
	}
	fmt.Fprintf(w, "\n(V8 section measured in %s)\n", r.Elapsed.Round(100_000_000))
}

// QuickV8 measures in V8 only the rows whose names contain one of only (all rows when only is
// empty), with the waf, jwt and large configs: the V8 part of Run without the dev-host and
// native rows, for iterating on the module's cost (e2e/bench/cmd/v8quick).
func QuickV8(o Options, only []string, env map[string]string) (*V8Report, error) {
	wafCfg, _, largeCfg, jwt, err := benchConfigs(o.Root)
	if err != nil {
		return nil, err
	}
	var kinds []Kind
	for _, k := range Kinds(jwt) {
		if len(only) == 0 || slices.ContainsFunc(only, func(s string) bool { return strings.Contains(k.Name, s) }) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return nil, fmt.Errorf("no row matches %q", only)
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return runV8(o, kinds, wafCfg, largeCfg, jwt, env)
}
