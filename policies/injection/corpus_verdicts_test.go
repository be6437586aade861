package injection

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestCorpusVerdicts writes one line per case ("file:id expect blocked rule") for every corpus named
// in EDGEWARD_VERDICTS (comma-separated JSONL paths) to EDGEWARD_VERDICTS_OUT, so that two
// versions of the engine can be compared case by case (diff), not just by rates. Without
// EDGEWARD_VERDICTS it measures the development corpora and logs their rates; those files must
// exist (a missing corpus fails, never skips).
func TestCorpusVerdicts(t *testing.T) {
	files := strings.Split(os.Getenv("EDGEWARD_VERDICTS"), ",")
	if files[0] == "" {
		files = []string{
			filepath.Join("..", "testdata", "crs", "crs-regression-pl2.jsonl"),
			filepath.Join("..", "testdata", "thirdparty", "thirdparty-dev.jsonl"),
		}
	}
	e := wafEngine(t)
	var lines []string
	for _, f := range files {
		cases := loadCorpus(t, f)
		stats, misses, _ := measureCorpus(t, e, cases)
		printStats(t, filepath.Base(f), stats, misses)
		for _, c := range cases {
			blocked, rule := runCase(e, c)
			lines = append(lines, fmt.Sprintf("%s:%s %s %v %s", filepath.Base(f), c.ID, c.Expect, blocked, rule))
		}
	}
	sort.Strings(lines)
	if out := os.Getenv("EDGEWARD_VERDICTS_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
