package crsbench

import (
	"testing"

	"github.com/edgeward/edgeward/e2e/bench"
)

// TestCRSAnswers checks the comparison harness itself: CRS passes the benign benchmark rows
// and blocks the attack row, so the table compares like with like.
func TestCRSAnswers(t *testing.T) {
	crs, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range bench.Kinds(nil) {
		if len(k.Req.Body) > 64<<10 {
			continue // the 1 MiB row runs in make bench
		}
		t.Run(k.Name, func(t *testing.T) {
			if got := crs.Status(k.Req); got != k.Want {
				t.Errorf("Coraza+CRS: got %d, want %d", got, k.Want)
			}
		})
	}
}

// TestCorpusVerdicts runs the shared CRS regression corpus through Edgeward's engine (with
// envoy/examples/waf.json) and through Coraza+CRS at paranoia level 1, and reports each one's
// verdicts per category. The corpus must exist and every case must run in both.
func TestCorpusVerdicts(t *testing.T) {
	root, err := bench.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path, err := bench.CorpusPath(root)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := bench.LoadCorpus(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, src, err := bench.WAFConfig(root)
	if err != nil {
		t.Fatal(err)
	}
	ew, err := bench.NewNative(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	crs, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tallies := []bench.Verdicts{
		{Engine: "Edgeward (" + src + ")", Tally: bench.Count(cases, func(r bench.Request) int { return ew.Status(bench.Prepare(r)) })},
		{Engine: "Coraza+CRS PL1", Tally: bench.Count(cases, crs.Status)},
	}
	for _, v := range tallies {
		if v.Tally.Cases != len(cases) {
			t.Errorf("%s: ran %d of %d cases", v.Engine, v.Tally.Cases, len(cases))
		}
		t.Logf("%s: attacks blocked %.1f%%, benign blocked %.1f%%", v.Engine, 100*v.Tally.Detection(), 100*v.Tally.FalsePositive())
		for _, c := range v.Tally.Categories() {
			t.Logf("  %-10s %4d/%4d", c, v.Tally.Blocked[c], v.Tally.Total[c])
		}
	}
	// The harness must feed CRS real requests: on its own regression tests it blocks most
	// attacks (a broken harness, e.g. a lost query string, would block almost none).
	if d := tallies[1].Tally.Detection(); d < 0.5 {
		t.Errorf("Coraza+CRS blocked only %.1f%% of the corpus attacks: the harness is not passing the requests through", 100*d)
	}
}
