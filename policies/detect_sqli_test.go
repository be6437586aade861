package policies

import (
	"path/filepath"
	"testing"
)

// TestHeldoutSQLiXSS measures the SQLi/XSS held-out corpus (written before the detectors were
// tuned, never tuned on) through waf.json and logs per-category rates; CORPUS_MISSES=1 lists
// the misses.
func TestHeldoutSQLiXSS(t *testing.T) {
	e := wafEngine(t)
	cases := loadCorpus(t, filepath.Join("testdata", "injection_heldout_sqli_xss.jsonl"))
	stats, misses, _ := measureCorpus(t, e, cases)
	printStats(t, "heldout", stats, misses)
}
