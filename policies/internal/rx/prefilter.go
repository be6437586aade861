package rx

import (
	"regexp/syntax"
	"strconv"
	"strings"
)

// A prefilter is a necessary condition for a pattern to match, read from its syntax tree: a list
// of sets of literal strings, each set of which must have one member in the text. MatchString
// checks it first and answers false without running the pattern when it fails (the text cannot
// hold a match), so a pattern costs a few substring searches on the texts that lack its
// literals, whatever their length. Only ASCII literals are used (a non-ASCII rune in the text
// may be an invalid byte the matcher reads as U+FFFD); a case-folded literal is searched
// folded, and split at "k" and "s", which fold to the Kelvin sign and the long s.
type prefilter [][]lit

// lit is a literal a match contains; fold: search it ignoring ASCII case.
type lit struct {
	s    string
	fold bool
}

const (
	maxSet  = 16 // most literals in one set
	maxSets = 6  // most sets checked
)

// ok reports whether s may hold a match: each set has a member in s.
func (p prefilter) ok(s string) bool {
	for _, set := range p {
		found := false
		for _, l := range set {
			if l.fold && containsFold(s, l.s) || !l.fold && strings.Contains(s, l.s) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains the ASCII literal l, ignoring ASCII case.
func containsFold(s, l string) bool {
	if len(l) == 0 {
		return true
	}
	c0 := lower(l[0])
	for i := 0; i+len(l) <= len(s); i++ {
		if lower(s[i]) != c0 {
			continue
		}
		j := 1
		for j < len(l) && lower(s[i+j]) == lower(l[j]) {
			j++
		}
		if j == len(l) {
			return true
		}
	}
	return false
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// info is what the prefilter knows of one node: exact, every match of the node is one of set;
// and, sets of literals each of which has a member in every match of the node.
type info struct {
	exact bool
	set   []lit
	and   [][]lit
}

func minLen(set []lit) int {
	m := -1
	for _, l := range set {
		if m < 0 || len(l.s) < m {
			m = len(l.s)
		}
	}
	if m < 0 {
		return 0
	}
	return m
}

// required returns the sets every match of a node with this info contains a member of.
func (n info) required() [][]lit {
	if n.exact {
		if minLen(n.set) > 0 && len(n.set) > 0 {
			return [][]lit{n.set}
		}
		return nil
	}
	return n.and
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var emptyExact = info{exact: true, set: []lit{{}}}

func product(a, b []lit) ([]lit, bool) {
	if len(a)*len(b) > maxSet {
		return nil, false
	}
	out := make([]lit, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, lit{x.s + y.s, x.fold || y.fold})
		}
	}
	return out, true
}

// leaf is the info of a node without subexpressions.
func leaf(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return emptyExact
	case syntax.OpLiteral:
		s := string(re.Rune)
		if !asciiOnly(s) {
			return info{}
		}
		fold := re.Flags&syntax.FoldCase != 0
		if !fold || !strings.ContainsAny(s, "kKsS") {
			return info{exact: true, set: []lit{{s, fold}}}
		}
		var and [][]lit
		for _, piece := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("kKsS", r) }) {
			and = append(and, []lit{{piece, true}})
		}
		return info{and: and}
	case syntax.OpCharClass:
		var set []lit
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi >= 0x80 || int(hi-lo)+1+len(set) > maxSet {
				return info{}
			}
			for r := lo; r <= hi; r++ {
				set = append(set, lit{s: string(r)})
			}
		}
		if len(set) == 0 {
			return info{}
		}
		return info{exact: true, set: set}
	}
	return info{}
}

// combine is the info of re from the infos of its subexpressions.
func combine(re *syntax.Regexp, subs []info) info {
	switch re.Op {
	case syntax.OpCapture:
		return subs[0]
	case syntax.OpQuest:
		if s := subs[0]; s.exact && len(s.set)+1 <= maxSet {
			return info{exact: true, set: append(append([]lit{}, s.set...), lit{})}
		}
		return info{}
	case syntax.OpPlus:
		return info{and: subs[0].required()}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return info{and: subs[0].required()}
		}
		return info{}
	case syntax.OpAlternate:
		exact := true
		var set []lit
		for _, s := range subs {
			if !s.exact {
				exact = false
				break
			}
			set = append(set, s.set...)
		}
		if exact && len(set) <= maxSet {
			return info{exact: true, set: set}
		}
		return info{and: distribute(subs)}
	case syntax.OpConcat:
		var and [][]lit
		run, all := []lit{{}}, true
		flush := func() {
			if minLen(run) > 0 {
				and = append(and, run)
			}
			run = []lit{{}}
		}
		for _, s := range subs {
			if !s.exact {
				all = false
				flush()
				and = append(and, s.and...)
				continue
			}
			if p, ok := product(run, s.set); ok {
				run = p
				continue
			}
			all = false
			flush()
			run = s.set
		}
		if all {
			return info{exact: true, set: run}
		}
		flush()
		return info{and: top(and, 2*maxSets)}
	}
	return info{}
}

// distribute returns sets that every match of an alternation of subs contains a member of: a
// match of the alternation matches one sub, so it holds a member of one of that sub's required
// sets; for every choice of one required set per sub, the union of the chosen sets is required.
func distribute(subs []info) [][]lit {
	choices := make([][][]lit, len(subs))
	for k := maxSets; k >= 1; k-- {
		n := 1
		for i, s := range subs {
			r := top(s.required(), k)
			if len(r) == 0 {
				return nil // a sub that requires nothing: neither does the alternation
			}
			choices[i] = r
			n *= len(r)
			if n > maxCombos {
				break
			}
		}
		if n <= maxCombos {
			break
		}
	}
	var out [][]lit
	idx := make([]int, len(subs))
	for {
		var u []lit
		for i, j := range idx {
			u = union(u, choices[i][j])
		}
		if len(u) <= maxSet {
			out = append(out, u)
		}
		i := len(idx) - 1
		for i >= 0 {
			idx[i]++
			if idx[i] < len(choices[i]) {
				break
			}
			idx[i] = 0
			i--
		}
		if i < 0 {
			break
		}
	}
	return top(out, maxSets)
}

const maxCombos = 256

// union returns a with the members of b it lacks.
func union(a, b []lit) []lit {
	out := append([]lit{}, a...)
	for _, l := range b {
		dup := false
		for _, m := range out {
			if m == l {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, l)
		}
	}
	return out
}

// top returns the k most selective of sets that require something.
func top(sets [][]lit, k int) [][]lit {
	var p [][]lit
	for _, set := range sets {
		if minLen(set) > 0 {
			p = append(p, set)
		}
	}
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && selective(p[j], p[j-1]); j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
	if len(p) > k {
		p = p[:k]
	}
	return p
}

// newPrefilter reads the prefilter of pattern, walking its syntax tree with a stack of its own.
func newPrefilter(pattern string) prefilter {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	type frame struct {
		re      *syntax.Regexp
		visited bool
	}
	stack := []frame{{re: re}}
	var vals []info
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(f.re.Sub) == 0 {
			vals = append(vals, leaf(f.re))
			continue
		}
		if !f.visited {
			stack = append(stack, frame{f.re, true})
			for i := len(f.re.Sub) - 1; i >= 0; i-- {
				stack = append(stack, frame{re: f.re.Sub[i]})
			}
			continue
		}
		n := len(f.re.Sub)
		v := combine(f.re, vals[len(vals)-n:])
		vals = append(vals[:len(vals)-n], v)
	}
	return prefilter(top(vals[0].required(), maxSets))
}

func selective(a, b []lit) bool {
	return minLen(a) > minLen(b) || minLen(a) == minLen(b) && len(a) < len(b)
}

// MayMatch returns the prefilter of pattern: false for a text the pattern cannot match. For tests.
func MayMatch(pattern string) func(string) bool { return newPrefilter(pattern).ok }

// PrefilterString describes the prefilter of pattern. For tests.
func PrefilterString(pattern string) string {
	var b strings.Builder
	for _, set := range newPrefilter(pattern) {
		b.WriteString("[")
		for i, l := range set {
			if i > 0 {
				b.WriteString(" ")
			}
			b.WriteString(strconv.Quote(l.s))
			if l.fold {
				b.WriteString("/i")
			}
		}
		b.WriteString("]")
	}
	return b.String()
}
