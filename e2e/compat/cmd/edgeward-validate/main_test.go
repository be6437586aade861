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
	good := write("good.json", `{"mode": "detect"}`)
	bad := write("bad.json", `{"mdoe": "detect", "fail_mode": 1}`)
	skip := write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantOut    []string
		wantErr    string
	}{
		{"valid", []string{good}, 0, []string{good + ": ok (edgeward config)"}, ""},
		{"quiet", []string{"-q", good}, 0, nil, ""},
		{"every problem with its path", []string{good, bad}, 1, []string{good + ": ok", bad + ": fail_mode: ", bad + ": mdoe: unknown key"}, ""},
		{"shipped envoy config", []string{"../../../../envoy/envoy.yaml"}, 0, []string{"ok (envoy bootstrap)"}, ""},
		{"broken envoy config", []string{"../../testdata/envoy-missing-cluster.yaml"}, 1, []string{"http_filters[0]: the router filter must be the last", `route.cluster: cluster "backend" is not defined`}, ""},
		{"broken WasmPlugin", []string{"../../testdata/wasmplugin-broken.yaml"}, 1, []string{`spec.failStrategy: unknown value "FAIL_SOMETIMES"`, `spec.phse: unknown field "phse"`}, ""},
		{"other kinds skipped", []string{skip}, 0, []string{"skipped"}, ""},
		{"no files", nil, 2, nil, "usage:"},
		{"bad flag", []string{"-x"}, 2, nil, "flag provided but not defined"},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, 2, nil, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(tc.args, &stdout, &stderr)
			if got != tc.wantStatus {
				t.Errorf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tc.wantStatus, &stdout, &stderr)
			}
			lines := strings.Count(stdout.String(), "\n")
			if lines != len(tc.wantOut) {
				t.Errorf("%d output lines, want %d:\n%s", lines, len(tc.wantOut), &stdout)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, &stdout)
				}
			}
			if !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, &stderr)
			}
		})
	}
}
