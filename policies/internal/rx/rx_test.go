package rx

import (
	"fmt"
	"regexp"
	"regexp/syntax"
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
		`[^;]{4,400}`, // simplified: ~800 deep
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
	for _, p := range []string{`abc`, `a{0,8}`, `a*b+`, `(`} {
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
