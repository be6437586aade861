package rx

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestDepth(t *testing.T) {
	for _, c := range []struct {
		pattern string
		depth   int
	}{
		{`a`, 1},
		{`ab`, 1}, // one literal node
		{`a|b*`, 3},
		{`a{1,3}`, 5},            // a(a(a)?)?: concat > quest > concat > quest > a
		{`x{4,400}`, 793},        // the shape that overflowed WAMR's stack
		{`(?:x{1,20}){0,20}`, 0}, // the same count in two levels: checked below against MaxDepth
	} {
		d, err := Depth(c.pattern)
		if err != nil {
			t.Fatalf("%q: %v", c.pattern, err)
		}
		if c.depth != 0 && d != c.depth {
			t.Errorf("Depth(%q) = %d, want %d", c.pattern, d, c.depth)
		}
		if c.depth == 0 && d > MaxDepth {
			t.Errorf("Depth(%q) = %d, want at most %d", c.pattern, d, MaxDepth)
		}
	}
}

func TestTreeDepthIsIterative(t *testing.T) {
	// A chain far deeper than any goroutine stack would hold frame by frame in a small Wasm stack.
	leaf := &syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{'a'}}
	re := leaf
	for i := 0; i < 100000; i++ {
		re = &syntax.Regexp{Op: syntax.OpCapture, Sub: []*syntax.Regexp{re}}
	}
	if d := TreeDepth(re); d != 100001 {
		t.Fatalf("TreeDepth = %d, want 100001", d)
	}
}

func TestCompile(t *testing.T) {
	if _, err := Compile(`^[a-z]{1,8}(?:\.[a-z]{1,8}){0,4}$`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		strings.Repeat("(", 40) + strings.Repeat(")", 40), // groups nested past maxGroupNesting, refused unparsed
		`(a`, // does not parse
	} {
		if re, err := Compile(p); err == nil {
			t.Errorf("Compile(%.40q) = %v, want an error", p, re)
		}
	}
}

func TestGroupNesting(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    int
	}{
		{`a`, 0},
		{`(a)(b)`, 1},
		{`((a)|(?:b(c)))`, 3},
		{`\(\(\(`, 0},             // escaped
		{`[(][((]`, 0},            // in classes
		{`[]((]`, 0},              // a leading ] is a member
		{`[^](]`, 0},              // also after ^
		{`[[:alpha:](]`, 0},       // a named class inside a class
		{`\Q(((\E(a)`, 1},         // quoted
		{`[\]((]`, 0},             // an escaped ] inside a class
		{`(` + `[)]` + `(a))`, 2}, // a ) in a class closes nothing
	} {
		if got := groupNesting(c.pattern); got != c.want {
			t.Errorf("groupNesting(%q) = %d, want %d", c.pattern, got, c.want)
		}
	}
}

func TestLazy(t *testing.T) {
	before := len(Patterns())
	re := Lazy(`recorded-([a-z]+)`)
	p := Patterns()
	if len(p) != before+1 || p[len(p)-1] != `recorded-([a-z]+)` {
		t.Fatalf("Patterns() = %q, want the new pattern last", p[before:])
	}
	if re.re != nil {
		t.Fatal("compiled before first use")
	}
	// First uses from many goroutines compile it once (go test -race checks the rest).
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !re.MatchString("a recorded-x") {
				t.Error("no match")
			}
		}()
	}
	wg.Wait()
	if got := re.FindStringSubmatch("recorded-ab"); len(got) != 2 || got[1] != "ab" {
		t.Errorf("FindStringSubmatch = %q", got)
	}
	if got := re.ReplaceAllString("recorded-a recorded-b", "x"); got != "x x" {
		t.Errorf("ReplaceAllString = %q", got)
	}
	if first, again := re.Compiled(), re.Compiled(); re.String() != `recorded-([a-z]+)` || first != again {
		t.Error("String or Compiled")
	}
	bad := Lazy(`(`)
	defer func() {
		if recover() == nil {
			t.Error("a bad pattern did not panic on first use")
		}
	}()
	bad.MatchString("x")
}

// TestShallowSameLanguage: Shallow's rewrite matches exactly the strings the pattern matches, on
// every string over a small alphabet up to a length past the repetitions' bounds, and is
// shallower.
func TestShallowSameLanguage(t *testing.T) {
	for _, p := range []string{`^a{3,20}$`, `^(?:ab|c){0,14}?d$`, `^x{0,12}$`, `b[ab]{2,11}b`, `^(?:a{1,9}b){0,10}$`,
		`(?i)^A{0,10}$`, `^(a{0,9})(b{10,19})?$`, `^[^c]{0,13}c`} {
		s := Shallow(p)
		if s == p {
			t.Fatalf("%s: nothing rewritten", p)
		}
		orig, short := regexp.MustCompile(p), regexp.MustCompile(s)
		d0, _ := Depth(p)
		d1, _ := Depth(s)
		if d1 >= d0 {
			t.Errorf("%s: depth %d, rewritten %s depth %d", p, d0, s, d1)
		}
		// Every string over {a, b, c, A} up to length 22 would be 4^22: walk lengths 0..8
		// exhaustively and longer runs of one letter with a tail.
		var words []string
		var gen func(prefix string, n int)
		gen = func(prefix string, n int) {
			words = append(words, prefix)
			if n == 0 {
				return
			}
			for _, c := range []string{"a", "b", "c", "d", "A"} {
				gen(prefix+c, n-1)
			}
		}
		gen("", 6)
		for n := 0; n <= 24; n++ {
			for _, run := range []string{"a", "x", "ab", "b", "A"} {
				body := strings.Repeat(run, n)
				for _, tail := range []string{"", "b", "d", "c", "bb", "ab" + strings.Repeat("b", 12)} {
					words = append(words, body+tail, "b"+body+tail)
				}
			}
		}
		for _, w := range words {
			if orig.MatchString(w) != short.MatchString(w) {
				t.Fatalf("%s and its rewrite %s disagree on %q", p, s, w)
			}
		}
	}
	for _, p := range []string{`abc`, fmt.Sprintf("a{0,%d}", shallowSpan), `a*b+`, `(`} {
		if s := Shallow(p); s != p {
			t.Errorf("Shallow(%q) = %q, want it unchanged", p, s)
		}
	}
}

// TestShallowExactSameMatches: ShallowExact's rewrite finds the same matches and submatches as the
// pattern on every string of a small alphabet up to length 6 and on long runs past the bounds.
func TestShallowExactSameMatches(t *testing.T) {
	for _, p := range []string{`a{3,20}b`, `(a{0,12})(b*)`, `[ab]{2,30}?(b)`, `(?:[ab]{1,5}){0,7}(b|$)`, `(?:a{1,9}?){2,6}?(a*)b`,
		`x(.{0,17})y`, `(?i)(A{0,10})(a|b)`, `([^c]{4}(?:[^c]{1,6}){0,5})c`, `(?:a{0,3}){0,9}b`} {
		s := ShallowExact(p)
		if s == p {
			t.Fatalf("%s: nothing rewritten", p)
		}
		orig, short := regexp.MustCompile(p), regexp.MustCompile(s)
		var words []string
		var gen func(prefix string, n int)
		gen = func(prefix string, n int) {
			words = append(words, prefix)
			if n == 0 {
				return
			}
			for _, c := range []string{"a", "b", "c", "x", "y", "A"} {
				gen(prefix+c, n-1)
			}
		}
		gen("", 5)
		for n := 0; n <= 70; n += 3 {
			for _, run := range []string{"a", "ab", "b", "xa", "A", "aab"} {
				body := strings.Repeat(run, n)
				for _, tail := range []string{"", "b", "c", "y", "bb", "ab" + strings.Repeat("b", 12), "cab"} {
					words = append(words, body+tail, "x"+body+tail, "c"+body+tail)
				}
			}
		}
		for _, w := range words {
			a, b := orig.FindAllStringSubmatchIndex(w, -1), short.FindAllStringSubmatchIndex(w, -1)
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("%s and its rewrite %s find %v and %v in %q", p, s, a, b, w)
			}
		}
	}
	for _, p := range []string{`(?:ab|c){0,20}`, `(a){0,20}`, `(?:a{2,3}){0,9}`, `(?:a{1,3}?){0,9}`} {
		if s := ShallowExact(p); s != p {
			t.Errorf("ShallowExact(%q) = %q, want it unchanged (not one character wide, or greediness mixed)", p, s)
		}
	}
}

// TestCompileShallow: configured patterns too deep as written (OpenAPI's ^[a-z0-9-]{1,64}$, bounded counts
// up to RE2's 1000, counts inside counts) compile, shallow, and match exactly what the pattern
// as written matches (compiled here natively, where the depth costs nothing), on strings of
// every length around the bounds and on random ones.
func TestCompileShallow(t *testing.T) {
	for _, c := range []struct {
		pattern string
		unit    string // strings made of repeated units probe the counts
	}{
		{`^[a-z0-9-]{1,64}$`, "a"},
		{`^[a-z0-9-]{1,64}$`, "-"},
		{`[^;]{4,400}`, "x"},
		{`^[^;]{4,400}$`, "x"},
		{`^.{0,1000}$`, "é"},
		{`^(?:[a-z]{1,30}\.){1,30}$`, "ab."},
		{`^(?:[a-z]{1,30}\.){1,30}$`, "abcdefghijklmnopqrstuvwxyzabcd."},
		{`^(ab){2,60}$`, "ab"},
		{`^(?P<x>ab){2,60}?c$`, "ab"},
		{`^(?i:ab){0,99}$`, "aB"},
		{`^\d{3}-\d{1,60}$`, "1"},
		{`x{3,90}?`, "x"},
		{`^[A-Za-z0-9+/]{0,200}={0,2}$`, "Q"},
		{`^(?:[0-9a-fA-F]{2}){1,64}$`, "f"},
	} {
		orig := regexp.MustCompile(c.pattern)
		got, err := Compile(c.pattern)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.pattern, err)
			continue
		}
		if d, _ := Depth(got.String()); d > MaxDepth {
			t.Errorf("Compile(%q) is %d deep", c.pattern, d)
		}
		if d, _ := Depth(c.pattern); d <= MaxDepth {
			t.Errorf("%q is only %d deep: not a rewriting case", c.pattern, d)
		}
		check := func(s string) {
			if orig.MatchString(s) != got.MatchString(s) {
				t.Errorf("%q on %.40q (%d bytes): as written %v, rewritten %v", c.pattern, s, len(s), orig.MatchString(s), got.MatchString(s))
			}
		}
		matched := 0
		for _, n := range probeCounts {
			for _, s := range []string{strings.Repeat(c.unit, n), "3" + strings.Repeat(c.unit, n) + "c", strings.Repeat(c.unit, n) + "c", "123-" + strings.Repeat(c.unit, n), strings.Repeat(c.unit, n) + "=="} {
				check(s)
				if orig.MatchString(s) {
					matched++
				}
			}
		}
		if matched == 0 {
			t.Errorf("%q: no probe matched", c.pattern)
		}
		rng := rand.New(rand.NewPCG(1, uint64(len(c.pattern))))
		alphabet := []byte(c.unit + "ab.-;=1xyz")
		for i := 0; i < 2000; i++ {
			b := make([]byte, rng.IntN(300))
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			check(string(b))
		}
	}
}

// probeCounts are the repetition counts probed: all up to 130, and around the larger bounds.
var probeCounts = func() []int {
	var out []int
	for n := 0; n <= 130; n++ {
		out = append(out, n)
	}
	for _, b := range []int{200, 400, 401, 500, 501, 1000, 1001} {
		out = append(out, b-2, b-1, b, b+1)
	}
	return out
}()

// TestCompileShallowLeftmost: for a repeated unit of one width, the rewrite also finds the same
// leftmost match (greedy and lazy), although configured patterns are only matched.
func TestCompileShallowLeftmost(t *testing.T) {
	for _, p := range []string{`a{2,70}`, `a{2,70}?b?`, `(?:ab){0,50}`, `[ab]{5,500}?c`} {
		orig := regexp.MustCompile(p)
		got, err := Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range probeCounts {
			s := "x" + strings.Repeat("ab", n/2) + strings.Repeat("a", n%2) + "cb"
			if a, b := orig.FindStringIndex(s), got.FindStringIndex(s); !slices.Equal(a, b) {
				t.Errorf("%q on %d: %v, rewritten %v", p, n, a, b)
			}
		}
	}
}

// TestCompileRefusesTooDeep: what cannot be written shallow is refused, never kept deep.
func TestCompileRefusesTooDeep(t *testing.T) {
	for _, p := range []string{
		// 30 nested optional groups around six nested counts of shallowSpan (each left as it is):
		// over 100 levels
		strings.Repeat("(?:a", 30) + strings.Repeat("(?:", 6) + fmt.Sprintf("b{0,%d}", shallowSpan) +
			strings.Repeat(fmt.Sprintf("){0,%d}", shallowSpan), 6) + strings.Repeat(")?", 30),
		strings.Repeat("(", 40) + "a{1,900}" + strings.Repeat(")", 40), // groups nested past maxGroupNesting
	} {
		if d, err := Depth(p); err == nil && d <= MaxDepth {
			t.Fatalf("%.60q: depth %d, the case must be deeper than %d", p, d, MaxDepth)
		}
		if re, err := Compile(p); err == nil {
			t.Errorf("Compile(%.60q) = %.60q, want an error", p, re)
		} else {
			t.Logf("%.40q: %v", p, err)
		}
	}
}

func TestWholeMatchOf(t *testing.T) {
	token := func(c rune) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
	}
	for _, c := range []struct {
		pattern string
		want    bool
	}{
		{`^[a-z0-9-]{1,64}$`, true},
		{`\A[A-Z]{2}\d{4}\z`, true},
		{`^(?:ab|cd)+$`, true},
		{`^ab$|^cd$`, true},
		{`^(x)(y)$`, true},
		{`[a-z]+`, false},       // not anchored
		{`^[a-z]+`, false},      // not at the end
		{`(?m)^[a-z]+$`, false}, // line anchors
		{`^[a-z.]+$`, false},    // a dot
		{`^.+$`, false},         // any character
		{`^[^;]+$`, false},      // a negated class
		{`^(?i)ask$`, false},    // k folds to the Kelvin sign, s to the long s
		{`^(?i)abc$`, true},     // every other case of a, b, c is ASCII
		{`^a$|b`, false},        // one alternative unanchored
		{`^(`, false},           // does not parse
		{`^[a-z]{1,64}(?:\.[a-z]+)?$`, false},
	} {
		if got := WholeMatchOf(c.pattern, token); got != c.want {
			t.Errorf("WholeMatchOf(%q) = %v, want %v", c.pattern, got, c.want)
		}
		// and the same verdict on the rewritten form Compile may hand back
		if re, err := Compile(c.pattern); err == nil {
			if got := WholeMatchOf(re.String(), token); got != c.want {
				t.Errorf("WholeMatchOf(%q) = %v, want %v", re.String(), got, c.want)
			}
		}
	}
	// a pattern flattened by Compile keeps its verdict
	re, err := Compile(`^[a-z0-9_-]{1,300}$`)
	if err != nil || re.String() == `^[a-z0-9_-]{1,300}$` || !WholeMatchOf(re.String(), token) {
		t.Errorf("flattened %v %v", re, err)
	}
}

// TestPrefilter: the prefilter turns away the texts that lack a required literal and lets every
// text a pattern matches through, with case folding (the Kelvin sign folds to k, the long s to s).
func TestPrefilter(t *testing.T) {
	for _, tc := range []struct {
		pat, text string
		may       bool
	}{
		{`\$\{?ifs\b|\$\{[a-z_]+:[\d-]+(?::\d+)?\}|\$\{[a-z_]*[#%/^,~][^}]*\}`, strings.Repeat("${", 100), false},
		{`\$\{?ifs\b|\$\{[a-z_]+:[\d-]+(?::\d+)?\}|\$\{[a-z_]*[#%/^,~][^}]*\}`, "a${x:1}", true},
		{`\$\{?ifs\b|\$\{[a-z_]+:[\d-]+(?::\d+)?\}`, "$ifs", true},
		{`(?i)union\s+select`, "UNION SELECT", true},
		{`(?i)union\s+select`, "union all", false},
		{`(?i)desk`, "DE\u212a", true}, // "desk" needs "de" only: k may be the Kelvin sign
		{`(?i)desk`, "d\u212a", false},
		{`(?i)ask`, "A\u017f\u212a", true},
		{`a[bc]d|xy`, "acd", true},
		{`a[bc]d|xy`, "abx", false},
		{`(?:ab)+c`, "zzabzzc", true},
		{`a.*b`, "ba", true},
		{`a.*b`, "aaa", false},
		{`x*`, "", true},
		{`é`, "\xff", true}, // non-ASCII literals are not required
	} {
		re := regexp.MustCompile(tc.pat)
		may := MayMatch(tc.pat)(tc.text)
		if may != tc.may {
			t.Errorf("%q on %q: prefilter %s says %v, want %v", tc.pat, tc.text, PrefilterString(tc.pat), may, tc.may)
		}
		if re.MatchString(tc.text) && !may {
			t.Errorf("%q matches %q, the prefilter %s turns it away", tc.pat, tc.text, PrefilterString(tc.pat))
		}
	}
}
