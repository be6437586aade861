// Command benchtable prints Edgeward's performance table: every request kind through the
// compiled module and the no-op module (dev host, in-process, and V8 through e2e/v8host on
// Node.js), natively through the policies engine and through Coraza with the OWASP Core Rule Set,
// plus VM start, module sizes, linear memory,
// the adversarial linear-growth check and each engine's verdicts on the CRS regression corpus.
//
//	EDGEWARD_WASM=dist/edgeward.wasm EDGEWARD_NOOP_WASM=dist/noop.wasm go run ./cmd/benchtable
//
// `make bench` runs it. It exits 1 when a row's status is not the one it should measure.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/edgeward/edgeward/e2e/bench"
	crsbench "github.com/edgeward/edgeward/e2e/coraza"
)

func main() {
	rounds := flag.Int("rounds", 10, "interleaved rounds per row")
	batch := flag.Duration("batch", 40*time.Millisecond, "target duration of one batch")
	corpus := flag.Bool("corpus", true, "count each engine's verdicts on the CRS regression corpus")
	v8 := flag.Bool("v8", true, "also measure every row in V8 (e2e/v8host on Node.js, as Envoy runs the module)")
	flag.Parse()
	if err := run(*rounds, *batch, *corpus, *v8); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run(rounds int, batch time.Duration, withCorpus, withV8 bool) error {
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
	crs, err := crsbench.New()
	if err != nil {
		return err
	}
	var cases []bench.Case
	if withCorpus {
		p, err := bench.CorpusPath(root)
		if err != nil {
			return err
		}
		if cases, err = bench.LoadCorpus(p); err != nil {
			return err
		}
	}
	rep, err := bench.Run(bench.Options{Root: root, Wasm: wasm, Noop: noop, Rounds: rounds, Batch: batch,
		Comparator: crs, Corpus: cases, Progress: os.Stderr, V8: withV8})
	if err != nil {
		return err
	}
	fmt.Printf("Command: make bench (go run ./e2e/coraza/cmd/benchtable -rounds %d -batch %v -v8=%t), %s\n", rounds, batch, withV8, time.Now().Format("2006-01-02"))
	rep.Print(os.Stdout)
	if len(rep.Mismatches) > 0 {
		return fmt.Errorf("%d rows answered an unexpected status", len(rep.Mismatches))
	}
	return nil
}
