package policies

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies/internal/rx"
)

// TestRegexpDepth walks every pattern the package declares (through mustCompile, which records
// them), fails on any that does not compile, and on any whose syntax tree, parsed or simplified, is
// deeper than rx.MaxDepth: regexp/syntax recurses through the tree, and a Wasm engine with a
// small stack (WAMR's default 32 KiB, as Envoy configures it) overflows during package init.
func TestRegexpDepth(t *testing.T) {
	pats := rx.Patterns()
	if len(pats) < 50 {
		t.Fatalf("only %d patterns recorded: is the package compiling them without mustCompile?", len(pats))
	}
	type measured struct {
		depth int
		pat   string
	}
	var all []measured
	for _, p := range pats {
		if _, err := regexp.Compile(p); err != nil { // compiled lazily in the module: a bad one would panic on first use
			t.Errorf("%.80q: %v", p, err)
		}
		d, err := rx.Depth(p)
		if err != nil {
			t.Errorf("%.80q: %v", p, err)
			continue
		}
		all = append(all, measured{d, p})
		if d > rx.MaxDepth {
			t.Errorf("syntax tree %d deep (at most %d): %.200q", d, rx.MaxDepth, p)
		}
	}
	slices.SortFunc(all, func(a, b measured) int { return b.depth - a.depth })
	for _, m := range all[:min(5, len(all))] {
		t.Logf("depth %3d: %.100q", m.depth, m.pat)
	}
	t.Logf("%d patterns, deepest %d (at most %d)", len(all), all[0].depth, rx.MaxDepth)
}

// regexpCompilers are the functions of package regexp (and regexp/syntax) that compile a pattern.
var regexpCompilers = map[string][]string{
	"regexp":        {"Compile", "CompilePOSIX", "MustCompile", "MustCompilePOSIX", "Match", "MatchReader", "MatchString"},
	"regexp/syntax": {"Parse", "Compile"},
}

// TestRegexpSources reads the sources the module is built from (policies and filter, as
// filter/_abi/build.sh copies them; tests excluded) and fails on any call that compiles a
// pattern other than in package rx: each must go through mustCompile (recorded, so that
// TestRegexpDepth sees it) or rx.Compile (patterns from the configuration, depth-checked).
// github.com/santhosh-tekuri/jsonschema/v6, which compiles the patterns of
// envoy/edgeward.schema.json for the schema agreement test, may be imported by tests only (the
// module never links it).
func TestRegexpSources(t *testing.T) {
	const jsonschemaPath = "github.com/santhosh-tekuri/jsonschema/v6"
	files := 0
	for _, root := range []string{".", filepath.Join("..", "filter")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			slash := filepath.ToSlash(path)
			inRx := strings.HasPrefix(slash, "internal/rx/")
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files++
			names := map[string]string{} // local name -> import path
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if p == jsonschemaPath {
					t.Errorf("%s imports %s, which compiles patterns without rx", path, p)
				}
				if _, ok := regexpCompilers[p]; !ok {
					continue
				}
				name := filepath.Base(p)
				if imp.Name != nil {
					name = imp.Name.Name
				}
				if name == "." {
					t.Errorf("%s dot-imports %s", path, p)
				}
				names[name] = p
			}
			if inRx {
				return nil
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				if p, ok := names[pkg.Name]; ok && slices.Contains(regexpCompilers[p], sel.Sel.Name) {
					t.Errorf("%s: %s.%s compiles a pattern outside rx: use mustCompile (or rx.Compile for configured patterns)", path, pkg.Name, sel.Sel.Name)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 50 {
		t.Fatalf("read only %d source files", files)
	}
}
