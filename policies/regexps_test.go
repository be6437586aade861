package policies_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

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

// corpusValues returns every string value of the injection and CRS corpora (their first 2 KiB),
// as they are, lower-cased and URL-decoded (values), and as they are (raw).
func corpusValues(t *testing.T) (values, raw []string) {
	t.Helper()
	for _, f := range []string{"injection_attacks.jsonl", "injection_benign.jsonl", filepath.Join("crs", "crs-regression-pl2.jsonl")} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			gjson.Parse(line).ForEach(func(_, v gjson.Result) bool {
				if v.Type == gjson.String && v.Str != "" {
					s := v.Str[:min(len(v.Str), 2048)] // the long bodies' heads: the test's time stays short
					values = append(values, s, strings.ToLower(s))
					raw = append(raw, s)
					if u, err := url.QueryUnescape(s); err == nil && u != s {
						values = append(values, u, strings.ToLower(u))
					}
				}
				return true
			})
		}
	}
	slices.Sort(values)
	values = slices.Compact(values)
	if len(values) < 5000 {
		t.Fatalf("only %d corpus values", len(values))
	}
	return values, raw
}

// TestRegexpPrefilterSound: MatchString answers false without running a pattern when the text
// lacks the literals its prefilter (rx) requires; for every pattern the module declares, on every
// corpus value (as in TestRegexpShallowAgrees, and upper-cased, for the case-folded literals) and
// on long runs of shell, SQL and markup punctuation, a text the prefilter turns away is one the
// pattern does not match. Also that the prefilter turns most texts away, or it saves nothing.
func TestRegexpPrefilterSound(t *testing.T) {
	t.Parallel()
	values, raw := corpusValues(t)
	for _, v := range raw {
		if u := strings.ToUpper(v); u != v {
			values = append(values, u)
		}
	}
	for _, r := range []string{"${", "$a", "$(", "${ifs}", "'", "<a ", ";cat ", `\"`, "%27", "{{", "../", "\u212a", "\u017f", "K\u212aS\u017f"} {
		values = append(values, strings.Repeat(r, 2000))
	}
	pats := rx.Patterns()
	checked, refused := 0, 0
	for _, p := range pats {
		re, may := regexp.MustCompile(p), rx.MayMatch(p)
		for _, v := range values {
			checked++
			if may(v) {
				continue
			}
			refused++
			if re.MatchString(v) {
				t.Fatalf("prefilter %s of %.100q turns away %.200q, which the pattern matches", rx.PrefilterString(p), p, v)
			}
		}
	}
	t.Logf("%d patterns, %d values: the prefilter turned away %d of %d texts", len(pats), len(values), refused, checked)
	if refused < checked/2 {
		t.Errorf("the prefilter turned away only %d of %d texts", refused, checked)
	}
}

// TestRegexpShallowAgrees: every pattern rx.Shallow rewrites (Match and MatchString run the
// rewrite) decides exactly as the pattern as written, and every pattern rx.ShallowExact rewrites
// (every other method runs that one) finds the same matches and submatches (on the values as they
// are), on every string value of the injection and CRS corpora (their first 2 KiB), as they are,
// lower-cased and URL-decoded; the patterns as the module compiles them for Match and MatchString
// (rx.Forms) are at most two thirds as deep as rx.MaxDepth.
func TestRegexpShallowAgrees(t *testing.T) {
	values, raw := corpusValues(t)
	rewritten, deepest := 0, 0
	for _, p := range rx.Patterns() {
		s := rx.Shallow(p)
		d, err := rx.Depth(s)
		if err != nil {
			t.Fatalf("%.80q rewritten %.80q: %v", p, s, err)
		}
		deepest = max(deepest, d)
		if s == p {
			continue
		}
		rewritten++
		orig, short := regexp.MustCompile(p), regexp.MustCompile(s)
		for _, v := range values {
			if orig.MatchString(v) != short.MatchString(v) {
				t.Fatalf("%.100q and its rewrite %.100q disagree on %.200q", p, s, v)
			}
		}
	}
	exact, deepestExact := 0, 0
	for _, p := range rx.Patterns() {
		s := rx.ShallowExact(p)
		d, err := rx.Depth(s)
		if err != nil {
			t.Fatalf("%.80q rewritten %.80q: %v", p, s, err)
		}
		deepestExact = max(deepestExact, d)
		if s == p {
			continue
		}
		exact++
		orig, short := regexp.MustCompile(p), regexp.MustCompile(s)
		for _, v := range raw {
			if a, b := orig.FindAllStringSubmatchIndex(v, -1), short.FindAllStringSubmatchIndex(v, -1); !slices.EqualFunc(a, b, slices.Equal) {
				t.Fatalf("%.100q and its exact rewrite %.100q find %v and %v in %.200q", p, s, a, b, v)
			}
		}
	}
	t.Logf("%d of %d patterns rewritten for matching, deepest %d; %d rewritten exactly (every method), deepest %d; %d values",
		rewritten, len(rx.Patterns()), deepest, exact, deepestExact, len(values))
	// As the module compiles them (only the deep ones rewritten).
	deepest = 0
	for _, p := range rx.Patterns() {
		m, a := rx.Forms(p)
		dm, _ := rx.Depth(m)
		da, _ := rx.Depth(a)
		deepest = max(deepest, dm)
		if da > 64 {
			// Kept as written (x wider than one character): TestCallDepth's cap fails if a
			// Find or Replace method of one is reached.
			t.Logf("compiled %d deep for the methods other than Match: %.100q", da, a)
		}
	}
	t.Logf("deepest as the module compiles them for Match and MatchString: %d", deepest)
	if deepest > 2*rx.MaxDepth/3 {
		t.Errorf("deepest pattern as compiled for Match is %d deep, want at most %d", deepest, 2*rx.MaxDepth/3)
	}
}
