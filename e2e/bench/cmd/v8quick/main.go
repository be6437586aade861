// Command v8quick measures some of make bench's rows in V8 only (e2e/v8host on Node.js, the
// module against the no-op module, interleaved), for iterating on the module's cost:
//
//	make build build-noop
//	EDGEWARD_WASM=dist/edgeward.wasm EDGEWARD_NOOP_WASM=dist/noop.wasm \
//	  go run ./e2e/bench/cmd/v8quick -only 'GET,4 KiB,64 KiB,SQLi' -rounds 5
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/edgeward/edgeward/e2e/bench"
)

func main() {
	only := flag.String("only", "", "comma-separated substrings of row names (default: every row)")
	rounds := flag.Int("rounds", 5, "interleaved rounds per row")
	batch := flag.Duration("batch", 40*time.Millisecond, "target duration of one batch")
	env := flag.String("env", "", "comma-separated VAR=value pairs for the module's VM environment (GOGC=100,...)")
	flag.Parse()
	if err := run(*only, *rounds, *batch, *env); err != nil {
		fmt.Fprintln(os.Stderr, "v8quick:", err)
		os.Exit(1)
	}
}

func run(only string, rounds int, batch time.Duration, envList string) error {
	root, err := bench.RepoRoot()
	if err != nil {
		return err
	}
	wasm, err := bench.WasmFromEnv("EDGEWARD_WASM")
	if err != nil {
		return err
	}
	noop, err := bench.WasmFromEnv("EDGEWARD_NOOP_WASM")
	if err != nil {
		return err
	}
	var names []string
	if only != "" {
		names = strings.Split(only, ",")
	}
	env := map[string]string{}
	for _, kv := range strings.Split(envList, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	rep, err := bench.QuickV8(bench.Options{Root: root, Wasm: wasm, Noop: noop, Rounds: rounds, Batch: batch,
		Budget: 20 * time.Second, Progress: os.Stderr}, names, env)
	if err != nil {
		return err
	}
	rep.Print(os.Stdout)
	return nil
}
