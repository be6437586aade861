// Command gcsweep measures the module's garbage collector under the mixed workload of the
// memory check, once per GC setting (GOGC / GOMEMLIMIT passed in the VM environment, as
// Envoy's vm_config.environment_variables would), and prints linear memory, collections and
// latency per setting.
//
//	EDGEWARD_WASM=dist/edgeward.wasm go run ./e2e/bench/cmd/gcsweep -n 20000
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/edgeward/edgeward/e2e/bench"
)

func main() {
	n := flag.Int("n", 5000, "requests per setting")
	settings := flag.String("settings", "default;GOGC=50;GOGC=200;GOMEMLIMIT=24MiB;GOGC=200,GOMEMLIMIT=24MiB",
		"';'-separated settings, each 'default' or ','-separated VAR=value pairs")
	flag.Parse()
	if err := run(*n, strings.Split(*settings, ";")); err != nil {
		fmt.Fprintln(os.Stderr, "gcsweep:", err)
		os.Exit(1)
	}
}

func run(n int, settings []string) error {
	root, err := bench.RepoRoot()
	if err != nil {
		return err
	}
	wasm, err := bench.WasmFromEnv("EDGEWARD_WASM")
	if err != nil {
		return err
	}
	cfg, src, err := bench.WAFConfig(root)
	if err != nil {
		return err
	}
	fmt.Printf("Machine: %s\nConfig: %s; %d mixed requests per setting through one instance.\n\n", bench.Machine(), src, n)
	fmt.Println("| setting | linear memory after warm-up | at half | at end | GCs | requests per GC | last live heap | last goal | p50 | p99 | max | wrong |")
	fmt.Println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range settings {
		env := map[string]string{"GODEBUG": "gctrace=1"}
		if s != "default" {
			for _, kv := range strings.Split(s, ",") {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return fmt.Errorf("setting %q: want VAR=value", kv)
				}
				env[k] = v
			}
		}
		gc := &bench.GCTrace{}
		m, err := bench.NewModule(bench.ModuleOptions{Wasm: wasm, Config: cfg, Env: env, LogWriter: gc})
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "gcsweep: %s\n", s)
		r := bench.DriveMemory(m, n, 100, gc, nil)
		m.Close()
		perGC := "—"
		if r.GCs > 0 {
			perGC = fmt.Sprint(n / r.GCs)
		}
		fmt.Printf("| %s | %.1f MiB | %.1f MiB | %.1f MiB | %d | %s | %.0f MB | %.0f MB | %v | %v | %v | %d |\n", s,
			mb(r.Start()), mb(r.Mid()), mb(r.End()), r.GCs, perGC, r.LastLiveMB, r.LastGoalMB,
			r.P50.Round(10_000), r.P99.Round(100_000), r.Max.Round(100_000), r.Wrong)
	}
	return nil
}

func mb(b uint32) float64 { return float64(b) / (1 << 20) }
