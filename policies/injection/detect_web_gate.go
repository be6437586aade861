package injection

import "strings"

// The web family's cheap pass (issue 15 item 4). One pass over a value (scanWeb) gives what the
// traversal detectors need before they do any work: the byte classes of detect_gate.go, the
// value's letters, and whether it holds "..", "0x", "%" or "~". The letters rule out the word
// lists: a literal of sensitiveFile or codeHostViews can only occur in a value that has every
// one of its letters (letterSets derives the sets from the lists themselves, so they cannot
// drift apart), and a value such as "12.5", "2024-05-01" or "v1" has almost none of them.

// webScan is what scanWeb finds in a value.
type webScan struct {
	cls     uint16 // bcDot and bcSlash of byteClass, when s has them
	letters uint64 // letterBit of every byte, case-folded (all bits when a byte is >= 0x80)
	dotdot  bool   // ".."
	hex     bool   // "0x" (hexLiteralPath's 0x2e)
	pct     bool   // "%"
	tilde   bool   // "~"
}

// letterBit maps a byte to its bit in a letter set: a-z folded with A-Z, 0-9, "_" and "-". A byte
// of UTF-8 sets every bit: strings.ToLower, which the detectors apply before matching, turns
// U+212A (Kelvin) into "k" and U+0130 into "i".
var letterBit = func() (t [256]uint64) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1 << (c - 'a')
		t[c-'a'+'A'] = 1 << (c - 'a')
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1 << (26 + c - '0')
	}
	t['_'] = 1 << 36
	t['-'] = 1 << 37
	for c := 0x80; c < 0x100; c++ {
		t[c] = letterMask
	}
	return t
}()

// letterMask holds every bit letterBit gives a letter; the bits above it are scanWeb's marks.
const letterMask = 1<<38 - 1

const (
	wDot   uint64 = 1 << (38 + iota) // .
	wSlash                           // / or \ (byteClass's bcSlash)
	wPct                             // %
	wTilde                           // ~
	wX                               // x
)

// webBit is letterBit with scanWeb's marks: one table lookup per byte gives both.
var webBit = func() (t [256]uint64) {
	t = letterBit
	t['.'] |= wDot
	t['/'] |= wSlash
	t['\\'] |= wSlash
	t['%'] |= wPct
	t['~'] |= wTilde
	t['x'] |= wX
	return t
}()

// scanWeb reads s once (and again only for ".." or "0x" when it holds a dot or an "x").
func scanWeb(s string) webScan {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= webBit[s[i]]
	}
	w := webScan{letters: m & letterMask, pct: m&wPct != 0, tilde: m&wTilde != 0}
	if m&wDot != 0 {
		w.cls |= bcDot
		w.dotdot = strings.Contains(s, "..")
	}
	if m&wSlash != 0 {
		w.cls |= bcSlash
	}
	if m&wX != 0 {
		w.hex = strings.Contains(s, "0x")
	}
	return w
}

// lettersOf returns the letter set of s.
func lettersOf(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= letterBit[s[i]]
	}
	return m
}

// letterSets returns the letter set of each literal; a literal without letters (or an empty list,
// which gatedRE reads as "always run") makes the whole list possible in any value, as 0.
func letterSets(lits []string) []uint64 {
	if len(lits) == 0 {
		return []uint64{0}
	}
	out := make([]uint64, 0, len(lits))
	for _, l := range lits {
		out = append(out, lettersOf(l))
	}
	return minimalSets(out)
}

// gatedLetterSets returns the letter sets of every literal of a gatedSet: the set can only match
// a value that has all the letters of one of them.
func gatedLetterSets(g gatedSet) []uint64 {
	var out []uint64
	for _, r := range g {
		out = append(out, letterSets(r.lits)...)
	}
	return minimalSets(out)
}

// minimalSets drops every set that holds another one of sets: a value with all of its letters
// has all of the smaller one's, so lettersMay answers the same with fewer comparisons.
func minimalSets(sets []uint64) []uint64 {
	var out []uint64
	for i, m := range sets {
		keep := true
		for j, o := range sets {
			if j != i && o&^m == 0 && (o != m || j < i) {
				keep = false // o is a subset of m (or an earlier copy of it)
				break
			}
		}
		if keep {
			out = append(out, m)
		}
	}
	return out
}

// lettersMay reports whether a value with the letters have can hold one of the literals whose
// letter sets are sets.
func lettersMay(have uint64, sets []uint64) bool {
	for _, m := range sets {
		if m&^have == 0 {
			return true
		}
	}
	return false
}

// asciiHasPrefixFold reports whether s starts with the lower-case ASCII prefix p, ignoring ASCII
// case only (strings.EqualFold would also fold "ſ" to "s" and U+212A to "k", which
// strings.ToLower does not do the same way).
func asciiHasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// asciiEqualFold reports whether s is the lower-case ASCII word p, ignoring ASCII case only.
func asciiEqualFold(s, p string) bool { return len(s) == len(p) && asciiHasPrefixFold(s, p) }

// asciiContainsFold reports whether s contains the lower-case ASCII literal p, ignoring ASCII
// case only. It looks for p's first byte in either case with strings.IndexByte, each case's
// next position kept until passed, so that the search stays linear.
func asciiContainsFold(s, p string) bool {
	if p == "" {
		return true
	}
	if len(s) < len(p) {
		return false
	}
	lo, up := p[0], p[0]
	if lo >= 'a' && lo <= 'z' {
		up = lo - ('a' - 'A')
	}
	last := len(s) - len(p) // the last start of a match
	nextLo, nextUp := -1, -1
	if up == lo {
		nextUp = len(s)
	}
	for i := 0; i <= last; {
		if nextLo < i {
			if k := strings.IndexByte(s[i:last+1], lo); k >= 0 {
				nextLo = i + k
			} else {
				nextLo = len(s)
			}
		}
		if nextUp < i {
			if k := strings.IndexByte(s[i:last+1], up); k >= 0 {
				nextUp = i + k
			} else {
				nextUp = len(s)
			}
		}
		i = min(nextLo, nextUp)
		if i > last {
			return false
		}
		if asciiHasPrefixFold(s[i:], p) {
			return true
		}
		i++
	}
	return false
}
