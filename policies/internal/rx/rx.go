// Package rx compiles every regular expression of the module. Go's regexp/syntax parses,
// simplifies and compiles a pattern by recursion over its syntax tree, and on Wasm every level
// is a frame on the engine's own stack: WAMR's default 32 KiB, as Envoy configures it, holds a
// few dozen of them. A bounded repetition is the usual culprit: Simplify turns x{4,400} into
// four x's and 396 nested optional x's, a tree about 800 deep.
//
// Lazy is for the module's own patterns: it records each one, and a test walks them all and
// fails on any tree deeper than MaxDepth (a source test makes sure nothing compiles a pattern
// around it); each is compiled on first use. Compile is for patterns read from the plugin
// configuration (only ever matched): one whose tree is deeper than MaxDepth is compiled in its
// Shallow form (captures dropped), or refused when even that is too deep, and the depth is
// measured without recursion of its own. The module's own patterns deeper than 64 levels are compiled with
// their wide bounded repetitions rewritten shallower (Forms: ShallowExact for every method,
// Shallow, shallower still, for Match and MatchString), so that compiling one on a request
// recurses about 62 levels at most, not 86.
package rx

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unsafe"
)

// MaxDepth is the deepest syntax tree (after Simplify, as regexp compiles it) allowed.
const MaxDepth = 100

// maxGroupNesting bounds the nesting of parentheses in a configured pattern before it is
// parsed at all: syntax.Parse itself walks the tree it builds by recursion (MaxCap, CapNames,
// Simplify, and size and height checks), each group level adding a node or two.
const maxGroupNesting = MaxDepth / 3

var (
	mu       sync.Mutex
	patterns []string
)

// Lazy records one of the module's own patterns (a literal, or built from literals) for
// Patterns and returns it uncompiled: it is compiled on first use, once, safely for concurrent
// use. A VM that starts then compiles none of the module's patterns (compiling them was most of
// the module's initialisation: ~3 MB allocated and most of _initialize on the dev host), and a
// VM compiles only those its traffic reaches. A bad pattern panics on first use, as
// regexp.MustCompile would at initialisation; a test compiles every recorded one.
func Lazy(pattern string) *Regexp {
	record(pattern)
	return &Regexp{pattern: pattern}
}

func record(pattern string) {
	mu.Lock()
	patterns = append(patterns, pattern)
	mu.Unlock()
}

// Regexp is a pattern compiled on first use, with the methods of regexp.Regexp the module uses.
// A pattern deeper than shallowFrom is compiled shallower: Match and MatchString run its Shallow
// form, compiled on their first use; the other methods, whose results depend on which match is
// preferred, its ShallowExact form.
type Regexp struct {
	pattern   string
	once      sync.Once
	re        *regexp.Regexp
	onceMatch sync.Once
	match     *regexp.Regexp
	oncePre   sync.Once
	pre       prefilter
}

// prefilter returns the pattern's prefilter (prefilter.go), read on the first call.
func (r *Regexp) prefilter() prefilter {
	r.oncePre.Do(func() { r.pre = newPrefilter(r.pattern) })
	return r.pre
}

// matcher returns the compiled shallow form, compiling it on the first call.
func (r *Regexp) matcher() *regexp.Regexp {
	r.onceMatch.Do(func() {
		if s, _ := Forms(r.pattern); s != r.pattern {
			r.match = regexp.MustCompile(s)
		} else {
			r.match = r.Compiled()
		}
	})
	return r.match
}

// shallowSpan is the widest bounded repetition Shallow leaves as it is.
const shallowSpan = 4

// ShallowExact rewrites the bounded repetitions whose rewrite finds the same matches as the
// pattern, not only the same language: x{n,m} where x matches exactly one character and holds no
// capture (a literal, a class, a dot), greedy or not, and such a repetition of one, (x{1,18}){0,22}
// of one greediness, read as x{0,396}. It becomes x{n} and upTo(x, m-n), which tries x's counts
// from the largest down (greedy) or the smallest up (non-greedy), each once, as x{n,m} does: the
// first count that lets the rest of the pattern match, which leftmost-first matching picks, is
// the same, and x being one character wide a count is a position, so the submatches are too.
func ShallowExact(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || !exactRepeats(re) {
		return pattern
	}
	return re.String()
}

// singleWidth reports a node that matches exactly one character and captures nothing.
func singleWidth(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 1
	}
	return false
}

// exactRepeats is ShallowExact's rewrite of re in place; it reports whether it changed anything.
func exactRepeats(re *syntax.Regexp) bool {
	changed := false
	if re.Op == syntax.OpRepeat && re.Max >= 0 {
		if in := re.Sub[0]; in.Op == syntax.OpRepeat && in.Max >= 0 && in.Min <= 1 && singleWidth(in.Sub[0]) &&
			re.Flags&syntax.NonGreedy == in.Flags&syntax.NonGreedy && (in.Min == 1 || re.Min == 0) {
			// (x{a,b}){m,n} with a <= 1: every total from m·a to n·b, as x{m·a,n·b}.
			re.Min, re.Max, re.Sub = re.Min*in.Min, re.Max*in.Max, []*syntax.Regexp{in.Sub[0]}
			changed = true
		}
	}
	for _, sub := range re.Sub {
		if exactRepeats(sub) {
			changed = true
		}
	}
	if re.Op != syntax.OpRepeat || re.Max < 0 || re.Max-re.Min <= shallowSpan || !singleWidth(re.Sub[0]) {
		return changed
	}
	x, flags := re.Sub[0], re.Flags
	var parts []*syntax.Regexp
	if re.Min > 0 {
		parts = append(parts, &syntax.Regexp{Op: syntax.OpRepeat, Flags: flags, Min: re.Min, Max: re.Min, Sub: []*syntax.Regexp{x}})
	}
	parts = append(parts, upTo(x, re.Max-re.Min, flags))
	*re = syntax.Regexp{Op: syntax.OpConcat, Flags: flags, Sub: parts}
	return true
}

// upTo builds x{0,d} (d > 0) as a concatenation of x{0,b} blocks of at most upToBlock counts
// each: x{0,8}x{0,8}...x{0,r}. Its tree is as deep as one block (regexp/syntax expands x{0,b} into
// b nested optional copies; a concatenation is flat), whatever d is. The same counts, so the same
// language. For an x one character wide and capturing nothing, also the same matches: with every
// block greedy, leftmost-first matching tries the tuples of counts in descending lexicographic
// order, and every tuple before the one that fills the blocks from the left up to a total t adds
// up to more than t; so the first total that lets the rest of the pattern match is the largest
// such total, as for x{0,d} (non-greedy: ascending, filled from the right, the smallest). The
// consumed text depends only on the total, so the submatches are those of x{0,d}.
func upTo(x *syntax.Regexp, d int, flags syntax.Flags) *syntax.Regexp {
	var parts []*syntax.Regexp
	for d > 0 {
		b := min(d, upToBlock)
		parts = append(parts, &syntax.Regexp{Op: syntax.OpRepeat, Flags: flags, Min: 0, Max: b, Sub: []*syntax.Regexp{x}})
		d -= b
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Flags: flags, Sub: parts}
}

// upToBlock is the widest block upTo builds.
const upToBlock = shallowSpan

// Shallow rewrites every bounded repetition x{n,m} of the pattern with m-n > shallowSpan as
// x{n} followed by upTo(x, m-n): the same counts of x, so the same language (a string matches one
// if and only if it matches the other), but regexp/syntax, which expands x{0,d} into d nested
// optional copies and recurses through them, goes about 2·sqrt(d) levels deep instead of 2d. For
// an x wider than one character which match is preferred can differ, so only whether a string
// matches may be read from it (ShallowExact keeps the matches). A pattern that does not parse,
// or has nothing to rewrite, is returned as it is. The parsed tree it walks is as deep as the
// pattern's groups nest (checked for the module's patterns by TestRegexpDepth, and by Depth for
// configured ones).
func Shallow(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || !shallowRepeats(re) {
		return pattern
	}
	return re.String()
}

// shallowRepeats rewrites re's wide bounded repetitions in place and reports whether it did.
func shallowRepeats(re *syntax.Regexp) bool {
	changed := false
	for _, sub := range re.Sub {
		if shallowRepeats(sub) {
			changed = true
		}
	}
	if re.Op != syntax.OpRepeat || re.Max < 0 || re.Max-re.Min <= shallowSpan {
		return changed
	}
	x, flags := re.Sub[0], re.Flags
	var parts []*syntax.Regexp
	if re.Min > 0 {
		parts = append(parts, &syntax.Regexp{Op: syntax.OpRepeat, Flags: flags, Min: re.Min, Max: re.Min, Sub: []*syntax.Regexp{x}})
	}
	parts = append(parts, upTo(x, re.Max-re.Min, flags))
	*re = syntax.Regexp{Op: syntax.OpConcat, Flags: flags, Sub: parts}
	return true
}

// shallowFrom is the depth from which the module's patterns are compiled in a shallow form:
// the rewrites can cost matching time (more states where x's counts split several ways), so
// only the patterns that dominate the module's stack are rewritten.
const shallowFrom = 12

// Forms returns the forms a module pattern (Lazy) is compiled in: for Match and MatchString,
// and for the other methods. Both are the pattern itself unless it is deeper than shallowFrom.
func Forms(pattern string) (match, all string) {
	if d, err := Depth(pattern); err != nil || d <= shallowFrom {
		return pattern, pattern
	}
	return Shallow(pattern), ShallowExact(pattern)
}

// Compiled returns the compiled pattern, compiling it on the first call (its ShallowExact form
// when it is deep).
func (r *Regexp) Compiled() *regexp.Regexp {
	r.once.Do(func() {
		_, p := Forms(r.pattern)
		r.re = regexp.MustCompile(p)
	})
	return r.re
}

// String returns the pattern.
func (r *Regexp) String() string { return r.pattern }

// The methods below are regexp.Regexp's, on the compiled pattern.

// Match is MatchString for bytes: the prefilter reads b through a string view that does not
// outlive the call.
func (r *Regexp) Match(b []byte) bool {
	return r.prefilter().ok(unsafe.String(unsafe.SliceData(b), len(b))) && r.matcher().Match(b)
}
func (r *Regexp) MatchString(s string) bool {
	return r.prefilter().ok(s) && r.matcher().MatchString(s)
}
func (r *Regexp) FindString(s string) string { return r.Compiled().FindString(s) }
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.Compiled().FindStringSubmatch(s)
}
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Compiled().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Compiled().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	if !r.prefilter().ok(src) {
		return src // no match: ReplaceAllString would return a copy of src
	}
	return r.Compiled().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Compiled().ReplaceAllStringFunc(src, repl)
}

// Patterns returns every pattern Lazy has recorded so far (package-level variables are
// initialised before any test runs, so a test sees them all).
func Patterns() []string {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(patterns)
}

// Compile compiles a pattern from the configuration (RE2 syntax), to be matched (MatchString,
// Match: a configured pattern is only ever asked whether it matches). A pattern whose syntax
// tree is deeper than MaxDepth as written is compiled in its Shallow form, which matches the
// same strings: OpenAPI and JSON Schema patterns such as ^[a-z0-9-]{1,64}$ are ordinary, and
// Simplify nests every optional copy of a bounded repetition inside the previous one. Its
// captures are dropped first (a repetition copied would repeat a group's name). An error is
// returned for a pattern that does not parse, and for one still deeper than MaxDepth once
// rewritten (groups nested too deep, or counts that stay deep); the returned Regexp's String
// is the text compiled.
func Compile(pattern string) (*regexp.Regexp, error) {
	d, err := Depth(pattern)
	if err != nil {
		return nil, err
	}
	if d > MaxDepth {
		flat, err := shallowMatch(pattern)
		if err != nil {
			return nil, err
		}
		if d2, err := Depth(flat); err != nil || d2 > MaxDepth {
			return nil, fmt.Errorf("pattern nests %d levels deep once its repetitions are expanded (at most %d), and cannot be rewritten shallower: nest fewer groups or counts", d, MaxDepth)
		}
		pattern = flat
	}
	return regexp.Compile(pattern)
}

// maxShallowBytes bounds the text of a configured pattern once rewritten.
const maxShallowBytes = 64 << 10

// shallowMatch is Shallow for a configured pattern, which is only matched: captures are
// removed (with an explicit stack) before the wide repetitions are rewritten, so that copies of
// a repeated group neither renumber the groups nor repeat a name. Depth has bounded how deep the
// parsed tree is, which is how deep shallowRepeats recurses.
func shallowMatch(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	for stack := []*syntax.Regexp{re}; len(stack) > 0; {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, sub := range r.Sub {
			for sub.Op == syntax.OpCapture {
				sub = sub.Sub[0]
			}
			r.Sub[i] = sub
			stack = append(stack, sub)
		}
	}
	shallowRepeats(re)
	s := re.String()
	if len(s) > maxShallowBytes {
		return "", fmt.Errorf("pattern is too large once its bounded repetitions are rewritten shallow (%d bytes, at most %d)", len(s), maxShallowBytes)
	}
	return s, nil
}

// Depth returns the depth of the pattern's syntax tree, the larger of the parsed tree and the
// simplified one (a single node has depth 1), as regexp.Compile parses it (syntax.Perl).
func Depth(pattern string) (int, error) {
	if n := groupNesting(pattern); n > maxGroupNesting {
		return 0, fmt.Errorf("pattern nests groups %d deep (at most %d)", n, maxGroupNesting)
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return 0, err
	}
	return max(TreeDepth(re), TreeDepth(re.Simplify())), nil
}

// TreeDepth measures a syntax tree with an explicit stack.
func TreeDepth(re *syntax.Regexp) int {
	type item struct {
		re    *syntax.Regexp
		depth int
	}
	deepest := 0
	stack := []item{{re, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		deepest = max(deepest, it.depth)
		for _, sub := range it.re.Sub {
			stack = append(stack, item{sub, it.depth + 1})
		}
	}
	return deepest
}

// groupNesting returns how deep parentheses nest in pattern, skipping escapes, \Q...\E quotes
// and character classes as syntax.Parse reads them.
func groupNesting(s string) int {
	depth, deepest := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if strings.HasPrefix(s[i:], `\Q`) {
				end := strings.Index(s[i+2:], `\E`)
				if end < 0 {
					return deepest
				}
				i += 2 + end + 1
				continue
			}
			i++ // the escaped byte
		case '[':
			i = classEnd(s, i)
		case '(':
			depth++
			deepest = max(deepest, depth)
		case ')':
			depth = max(0, depth-1)
		}
	}
	return deepest
}

// classEnd returns the index of the ']' closing the character class opened at s[open] (or
// len(s) when it is not closed): a leading ']' (after an optional '^') is a member, escapes
// and [:name:] are skipped.
func classEnd(s string, open int) int {
	i := open + 1
	if i < len(s) && s[i] == '^' {
		i++
	}
	if i < len(s) && s[i] == ']' {
		i++
	}
	for i < len(s) && s[i] != ']' {
		switch {
		case s[i] == '\\':
			i += 2
		case strings.HasPrefix(s[i:], "[:"):
			if end := strings.Index(s[i+2:], ":]"); end >= 0 {
				i += 2 + end + 2
			} else {
				i++
			}
		default:
			i++
		}
	}
	return i
}

// WholeMatchOf reports whether pattern is anchored at both ends (\A or ^ without (?m), and \z or
// $ likewise, on every alternative) and every string it matches is made of runes that ok
// accepts: a pattern that admits only such tokens. False when in doubt (any character, a
// case-folded letter whose other cases ok refuses, line anchors, a pattern that does not
// parse). The syntax tree is walked with an explicit stack.
func WholeMatchOf(pattern string, ok func(rune) bool) bool {
	if groupNesting(pattern) > maxGroupNesting {
		return false
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false
	}
	// anchoring: the root, under captures, is a concatenation from \A to \z, or an alternation
	// of such
	for stack := []*syntax.Regexp{re}; len(stack) > 0; {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for r.Op == syntax.OpCapture && len(r.Sub) == 1 {
			r = r.Sub[0]
		}
		switch r.Op {
		case syntax.OpAlternate:
			stack = append(stack, r.Sub...)
		case syntax.OpConcat:
			if len(r.Sub) < 2 || r.Sub[0].Op != syntax.OpBeginText || r.Sub[len(r.Sub)-1].Op != syntax.OpEndText {
				return false
			}
		default:
			return false
		}
	}
	for stack := []*syntax.Regexp{re}; len(stack) > 0; {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch r.Op {
		case syntax.OpLiteral:
			for _, c := range r.Rune {
				if !ok(c) {
					return false
				}
				// case-folded: every rune of c's orbit matches (k also matches the Kelvin sign)
				for f := unicode.SimpleFold(c); r.Flags&syntax.FoldCase != 0 && f != c; f = unicode.SimpleFold(f) {
					if !ok(f) {
						return false
					}
				}
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(r.Rune); i += 2 {
				if r.Rune[i+1]-r.Rune[i] > 0x10000 {
					return false // a negated class or the like: not a token alphabet
				}
				for c := r.Rune[i]; c <= r.Rune[i+1]; c++ {
					if !ok(c) {
						return false
					}
				}
			}
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpBeginLine, syntax.OpEndLine:
			return false
		case syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpNoMatch:
		default:
			stack = append(stack, r.Sub...)
		}
	}
	return true
}
