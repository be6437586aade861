package rx

import (
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
