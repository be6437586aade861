package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRatelimitConfigInSync checks that the committed service config is the one generated from
// the example plugin config (regenerate with the command in the failure message).
func TestRatelimitConfigInSync(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	got, err := ratelimitConfig(filepath.Join(root, "envoy", "examples", "ratelimit-global.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(root, "envoy", "ratelimit", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("envoy/ratelimit/config.yaml is out of date; run:\n  go run ./e2e/cmd/edgeward ratelimit-config -config envoy/examples/ratelimit-global.json -out envoy/ratelimit/config.yaml\ngot:\n%s", got)
	}
}

func TestRatelimitConfigCmd(t *testing.T) {
	dir := t.TempDir()
	noGlobal := filepath.Join(dir, "local.json")
	if err := os.WriteFile(noGlobal, []byte(`{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1m"}]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"90s","backend":"global"}]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"example", []string{"-config", filepath.Join("..", "..", "..", "envoy", "examples", "ratelimit-global.json")}, 0, `domain: "edgeward"`},
		{"no global rule", []string{"-config", noGlobal}, 1, "no rule has backend"},
		{"invalid config", []string{"-config", bad}, 1, "rate_limit.rules[0].window"},
		{"missing file", []string{"-config", filepath.Join(dir, "nope.json")}, 1, "no such file"},
		{"bad flag", []string{"-nope"}, 2, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := dispatch(append([]string{"ratelimit-config"}, tc.args...), &out, &errb)
			if code != tc.code {
				t.Errorf("exit code = %d, want %d (stderr %s)", code, tc.code, errb.String())
			}
			if !strings.Contains(out.String()+errb.String(), tc.contains) {
				t.Errorf("output %q, want it to contain %q", out.String()+errb.String(), tc.contains)
			}
		})
	}
}
