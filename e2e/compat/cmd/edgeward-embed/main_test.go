package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := write("cfg.json", `{"mode": "detect"}`)
	badCfg := write("bad.json", `{"mdoe": "detect"}`)
	const region = "x:\n  # BEGIN edgeward-embed string value\n  value: |\n    {}\n  # END edgeward-embed\n"
	const updated = "x:\n  # BEGIN edgeward-embed string value\n  value: |\n    {\n      \"mode\": \"detect\"\n    }\n  # END edgeward-embed\n"
	stale := write("stale.yaml", region)
	none := write("none.yaml", "x: 1\n")

	var stderr bytes.Buffer
	if got := run([]string{"-check", "-config", cfg, stale}, &stderr); got != 1 || !strings.Contains(stderr.String(), "out of date") {
		t.Errorf("-check on a stale file: status %d, stderr %q", got, &stderr)
	}
	if data, _ := os.ReadFile(stale); string(data) != region {
		t.Error("-check changed the file")
	}
	stderr.Reset()
	if got := run([]string{"-config", cfg, stale}, &stderr); got != 0 {
		t.Errorf("embed: status %d, stderr %q", got, &stderr)
	}
	if data, _ := os.ReadFile(stale); string(data) != updated {
		t.Errorf("embedded:\n%s\nwant:\n%s", data, updated)
	}
	stderr.Reset()
	if got := run([]string{"-check", "-config", cfg, stale}, &stderr); got != 0 {
		t.Errorf("-check after embedding: status %d, stderr %q", got, &stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		want int
	}{
		{"no region", []string{"-config", cfg, none}, 1},
		{"invalid plugin config", []string{"-config", badCfg, stale}, 1},
		{"no files", []string{"-config", cfg}, 2},
		{"missing config", []string{"-config", filepath.Join(dir, "nope.json"), stale}, 2},
	} {
		stderr.Reset()
		if got := run(tc.args, &stderr); got != tc.want {
			t.Errorf("%s: status %d, want %d (stderr %q)", tc.name, got, tc.want, &stderr)
		}
	}
}
