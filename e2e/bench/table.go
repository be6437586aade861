package bench

import (
	"fmt"
	"io"
	"strings"
)

// Print writes the report as Markdown tables (readable in a terminal, pasteable into
// envoy/reference/performance.md).
func (r *Report) Print(w io.Writer) {
	cmp := r.Comparator
	if cmp == "" {
		cmp = "comparator"
	}
	fmt.Fprintf(w, "Machine: %s\n", r.Machine)
	fmt.Fprintf(w, "Injection config: %s (the 1 MiB and adversarial rows: the same with body.max_bytes 4 MiB). Token config: HS256 + RS256/ES256 providers, token required under /api/.\n", r.WAFSource)
	fmt.Fprintf(w, "Method: one module instance each, dev host in-process (no sockets), echo upstream; %d interleaved rounds of ~%v batches per row, median per request.\n\n", r.Rounds, r.Batch)

	fmt.Fprintf(w, "| request | status (module/native/%s) | module µs | no-op µs | module − no-op µs | module / no-op | native µs | native allocs/op | %s µs | %s / Edgeward native |\n", cmp, cmp, cmp)
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, row := range r.Rows {
		cs, cn, cr := "—", "—", "—"
		if row.HasCmp {
			cs = fmt.Sprint(row.CmpStatus)
			cn = us(row.Cmp.NsPerOp)
			cr = fmt.Sprintf("%.1f×", row.Cmp.NsPerOp/row.Native.NsPerOp)
		}
		fmt.Fprintf(w, "| %s | %d/%d/%s | %s | %s | %s | %.2f | %s | %.0f | %s | %s |\n",
			row.Kind.Name, row.ModuleStatus, row.NativeStatus, cs,
			us(row.Module.NsPerOp), us(row.Noop.NsPerOp), us(row.Module.NsPerOp-row.Noop.NsPerOp),
			row.Module.NsPerOp/row.Noop.NsPerOp, us(row.Native.NsPerOp), row.NativeAllocs, cn, cr)
	}

	if r.V8 != nil {
		fmt.Fprintln(w)
		r.V8.Print(w)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| module | size | linear memory after warm-up |")
	fmt.Fprintln(w, "|---|--:|--:|")
	fmt.Fprintf(w, "| dist/edgeward.wasm | %s | %s |\n", mib(float64(r.ModuleSize)), mib(float64(r.ModuleMem)))
	fmt.Fprintf(w, "| dist/noop.wasm | %s | %s |\n", mib(float64(r.NoopSize)), mib(float64(r.NoopMem)))

	if len(r.Adversarial) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Linear growth on adversarial JSON bodies (ns per byte relative to the 64 KiB size: 1.0 is linear, 16 would be quadratic at 1 MiB):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| input | size | status (module/native) | module ms | module ns/byte | module growth | native ms | native ns/byte | native growth |")
		fmt.Fprintln(w, "|---|--:|---|--:|--:|--:|--:|--:|--:|")
		for _, a := range r.Adversarial {
			fmt.Fprintf(w, "| %s | %s | %d/%d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", a.Name, kib(a.Size),
				a.ModuleStatus, a.NativeStatus, a.ModuleNs/1e6, a.ModuleNsPerByte, a.ModuleGrowth,
				a.NativeNs/1e6, a.NativeNsPerByte, a.NativeGrowth)
		}
	}

	if len(r.Verdicts) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "Verdicts on the CRS regression corpus (%d cases; blocked / total per category):\n\n", r.Verdicts[0].Tally.Cases)
		cats := r.Verdicts[0].Tally.Categories()
		fmt.Fprintf(w, "| engine | %s | attacks blocked | benign blocked |\n", strings.Join(cats, " | "))
		fmt.Fprintf(w, "|---|%s--:|--:|\n", strings.Repeat("--:|", len(cats)))
		for _, v := range r.Verdicts {
			cells := make([]string, len(cats))
			for i, c := range cats {
				cells[i] = fmt.Sprintf("%d/%d", v.Tally.Blocked[c], v.Tally.Total[c])
			}
			fmt.Fprintf(w, "| %s | %s | %.1f%% | %.1f%% |\n", v.Engine, strings.Join(cells, " | "),
				100*v.Tally.Detection(), 100*v.Tally.FalsePositive())
		}
	}
	if len(r.Mismatches) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "UNEXPECTED STATUSES (these rows do not measure what they claim):")
		for _, m := range r.Mismatches {
			fmt.Fprintln(w, "- "+m)
		}
	}
	fmt.Fprintf(w, "\n(measured in %s)\n", r.Elapsed.Round(100_000_000))
}

func us(ns float64) string {
	switch {
	case ns >= 100_000:
		return fmt.Sprintf("%.0f", ns/1000)
	case ns >= 10_000:
		return fmt.Sprintf("%.1f", ns/1000)
	default:
		return fmt.Sprintf("%.2f", ns/1000)
	}
}

func mib(b float64) string { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }

func kib(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
