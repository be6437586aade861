package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// RepoRoot finds the checkout's root: the nearest directory upwards from the working directory
// whose go.mod declares module github.com/edgeward/edgeward (e2e/coraza has its own go.mod).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			first := ""
			if sc.Scan() {
				first = strings.TrimSpace(sc.Text())
			}
			f.Close()
			if first == "module github.com/edgeward/edgeward" {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("bench: no go.mod of module github.com/edgeward/edgeward above the working directory")
		}
		dir = parent
	}
}

// WAFConfig returns envoy/examples/waf.json, or "{}" (all defaults) when the file is absent,
// and says which it used.
func WAFConfig(root string) (cfg []byte, source string, err error) {
	p := filepath.Join(root, "envoy", "examples", "waf.json")
	b, err := os.ReadFile(p)
	switch {
	case err == nil:
		return b, "envoy/examples/waf.json", nil
	case errors.Is(err, os.ErrNotExist):
		return []byte("{}"), "{} (envoy/examples/waf.json absent)", nil
	default:
		return nil, "", err
	}
}

// WithBodyLimit returns cfg with body.max_bytes set to n (the adversarial inputs are larger
// than the default 1 MiB limit, and must be inspected, not refused).
func WithBodyLimit(cfg []byte, n int) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(cfg, &m); err != nil {
		return nil, fmt.Errorf("bench: config: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	body, _ := m["body"].(map[string]any)
	if body == nil {
		body = map[string]any{}
	}
	body["max_bytes"] = n
	m["body"] = body
	return json.Marshal(m)
}

// CorpusPath returns the CRS regression corpus committed under policies/testdata/crs/ (else
// ../shared/corpus/ beside the checkout). Neither is an error: corpus checks must fail, never
// skip.
func CorpusPath(root string) (string, error) {
	for _, p := range []string{
		filepath.Join(root, "policies", "testdata", "crs", "crs-regression-pl2.jsonl"),
		filepath.Join(root, "..", "shared", "corpus", "crs-regression-pl2.jsonl"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("bench: crs-regression-pl2.jsonl found neither in policies/testdata/crs/ nor in ../shared/corpus/")
}
