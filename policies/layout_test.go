package policies_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/edgeward/edgeward/policies"

// packageImports returns, for every package directory under policies/ (relative, "." for the
// core), the policies packages its non-test sources import.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if _, ok := out[path]; !ok {
				out[path] = nil
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == module || strings.HasPrefix(p, module+"/") {
				rel := strings.TrimPrefix(strings.TrimPrefix(p, module), "/")
				if rel == "" {
					rel = "."
				}
				if !slices.Contains(out[dir], rel) {
					out[dir] = append(out[dir], rel)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// kindOf classifies a package directory under policies/: the core ("."), the registry
// ("features"), an internal helper ("internal/..."), or a feature (any other).
func kindOf(dir string) string {
	switch {
	case dir == ".":
		return "core"
	case dir == "features":
		return "registry"
	case dir == "internal" || strings.HasPrefix(dir, "internal/"):
		return "internal"
	}
	return "feature"
}

// TestFeatureImports holds the layout of doc.go: a feature imports the core and internal
// packages, never another feature or the registry; the core and the internal packages import
// no feature; only the registry (policies/features) imports the features. So there is one
// place where the features and their order are declared, and a feature can be read, changed or
// removed without reading another.
func TestFeatureImports(t *testing.T) {
	imports := packageImports(t)
	var features []string
	for dir := range imports {
		if kindOf(dir) == "feature" && hasGo(t, dir) {
			features = append(features, dir)
		}
	}
	slices.Sort(features)
	if want := []string{"auth", "contract", "harden", "injection", "ratelimit"}; !slices.Equal(features, want) {
		t.Errorf("feature packages %v, want %v (a new feature adds itself here and in features/features.go)", features, want)
	}
	for dir, deps := range imports {
		for _, dep := range deps {
			from, to := kindOf(dir), kindOf(dep)
			switch {
			case to == "registry":
				t.Errorf("%s imports policies/features: only programs (filter, e2e) and tests import the registry", dir)
			case to == "feature" && from != "registry":
				t.Errorf("%s (%s) imports the feature %s: features meet only through the core", dir, from, dep)
			case from == "internal" && to == "core" && !strings.HasSuffix(dir, "storetest") && !strings.HasSuffix(dir, "enginetest"):
				t.Errorf("%s imports the core: internal packages are leaves (storetest and enginetest, for tests, excepted)", dir)
			}
		}
	}
	if deps := imports["features"]; len(deps) != len(features)+1 {
		t.Errorf("policies/features imports %v: want the core and every feature (%v)", deps, features)
	}
}

func hasGo(t *testing.T, dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return true
		}
	}
	return false
}

var useCall = regexp.MustCompile(`(?s)policies\.Use\((.*?)\)`)
var specRef = regexp.MustCompile(`(?:(\w+)\.)?Spec\b`)

// useOrder returns the feature names of the policies.Use call in file (own names the package
// whose Spec is referred to unqualified).
func useOrder(t *testing.T, file, own string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := useCall.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s: no policies.Use call", file)
	}
	var names []string
	for _, line := range strings.Split(string(m[1]), "\n") {
		line, _, _ = strings.Cut(line, "//")
		for _, r := range specRef.FindAllStringSubmatch(line, -1) {
			if r[1] == "" {
				r[1] = own
			}
			names = append(names, r[1])
		}
	}
	return names
}

// TestFeatureTestsKeepTheOrder: a feature's tests declare every feature (they parse whole
// configurations, and cannot import the registry, which imports them), in the registry's order.
func TestFeatureTestsKeepTheOrder(t *testing.T) {
	order := useOrder(t, filepath.Join("features", "features.go"), "")
	if len(order) < 4 {
		t.Fatalf("features/features.go declares %v", order)
	}
	for _, f := range order {
		if got := useOrder(t, filepath.Join(f, "use_test.go"), f); !slices.Equal(got, order) {
			t.Errorf("%s/use_test.go declares %v, want the order of features/features.go %v", f, got, order)
		}
	}
}
