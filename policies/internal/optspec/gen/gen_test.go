package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreFresh fails when envoy/edgeward.schema.json or
// envoy/reference/configuration.md is not what the declarations make: run
// `go generate ./policies/internal/optspec/` after editing them.
func TestGeneratedFilesAreFresh(t *testing.T) {
	files, err := render()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("render made %d files, want 2", len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "..", "..", f.path))
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("%s is stale: run `go generate ./policies/internal/optspec/`", f.path)
		}
	}
}
