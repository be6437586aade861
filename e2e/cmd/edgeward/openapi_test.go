package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/contract"
)

// TestOpenAPICommandGolden: `edgeward openapi SPEC` prints the committed golden config, the same
// on every run.
func TestOpenAPICommandGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "openapi", "testdata")
	for _, spec := range []string{"petstore.yaml", "tracker.json"} {
		want, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(spec, filepath.Ext(spec))+".edgeward.json"))
		if err != nil {
			t.Fatal(err)
		}
		for run := 0; run < 2; run++ {
			var out, errb bytes.Buffer
			if code := dispatch([]string{"openapi", "-q", filepath.Join(dir, spec)}, &out, &errb); code != 0 {
				t.Fatalf("%s: exit %d: %s", spec, code, errb.String())
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("%s: output differs from the golden file (run go test ./e2e/openapi -update)", spec)
			}
		}
	}
}

// TestOpenAPICommandIntoConfig: -config writes the contract into an existing config, keeping its
// other sections in order, and the flags set the contract's options.
func TestOpenAPICommandIntoConfig(t *testing.T) {
	tmp := t.TempDir()
	base := filepath.Join(tmp, "base.json")
	if err := os.WriteFile(base, []byte(`{"mode": "enforce", "contract": {"operations": []}, "response": {"errors": {"scrub_4xx": true}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out.json")
	var stdout, stderr bytes.Buffer
	spec := filepath.Join("..", "..", "openapi", "testdata", "petstore.yaml")
	if code := dispatch([]string{"openapi", spec, "-config", base, "-out", out, "-undocumented", "log", "-path-prefix", "/api/"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "19 operations") {
		t.Errorf("summary: %q", stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := policies.ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	cc := contract.ConfigOf(cfg)
	if len(cc.Operations) != 19 || cc.Undocumented != "log" || cc.Route.Prefix != "/api/" {
		t.Errorf("contract: %d operations, undocumented %q, prefix %q", len(cc.Operations), cc.Undocumented, cc.Route.Prefix)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	d.Token()
	for d.More() {
		k, _ := d.Token()
		keys = append(keys, k.(string))
		var v json.RawMessage
		d.Decode(&v)
	}
	if strings.Join(keys, ",") != "mode,contract,response" {
		t.Errorf("top-level keys %v, want mode,contract,response", keys)
	}
}

func TestOpenAPICommandErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := dispatch([]string{"openapi", "no-such-file.yaml"}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
	if code := dispatch([]string{"openapi"}, &out, &errb); code != 2 {
		t.Errorf("no argument: exit %d", code)
	}
}
