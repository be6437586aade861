package injection

import (
	"strings"
)

// gatedRE is a small regular expression that runs only when one of its literals occurs in the
// input. Go's RE2 engine is linear, but its cost per byte grows with the size of the program:
// one large alternation costs microseconds per byte on every input, while a strings.Contains
// gate (SIMD) and a small program cost nanoseconds, so a 1 MiB value stays cheap.
type gatedRE struct {
	lits []string // any of these (lower-case) must occur; empty means always run
	re   *lazyRegexp
}

type gatedSet []gatedRE

// newGated builds a set from pairs of space-separated literals and a pattern.
func newGated(pairs ...string) gatedSet {
	out := make(gatedSet, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		var lits []string
		if pairs[i] != "" {
			lits = strings.Fields(pairs[i])
		}
		out = append(out, gatedRE{lits: lits, re: mustCompile(pairs[i+1])})
	}
	return out
}

// MatchString reports whether any gated pattern matches s (already lower-cased by the caller).
func (g gatedSet) MatchString(s string) bool {
	for _, r := range g {
		if r.gate(s) && r.re.MatchString(s) {
			return true
		}
	}
	return false
}

// FindString returns the first match (for debugging and tests).
func (g gatedSet) FindString(s string) string {
	for _, r := range g {
		if r.gate(s) {
			if m := r.re.FindString(s); m != "" {
				return m
			}
		}
	}
	return ""
}

func (r *gatedRE) gate(s string) bool {
	if len(r.lits) == 0 {
		return true
	}
	for _, l := range r.lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// Byte classes for the pre-filters: one table lookup per byte tells which families could
// possibly match, so that most values are ruled out before any regular expression runs.
const (
	bcDecode uint16 = 1 << iota // % + & \ : a decoding variant may differ
	bcHigh                      // a byte >= 0x80 or NUL: folding may differ
	bcSep                       // ; | & ` $ ( { < > \n \r: shell syntax
	bcSlash                     // / or \
	bcDot                       // .
	bcGlob                      // * ? [
	bcQuote                     // ' " ^ \ : shell quoting noise
	bcIdent                     // A-Z a-z 0-9 _ -
	bcUpper                     // A-Z
	bcSpace                     // space, tab and other blanks
	bcLetter                    // a-z A-Z
)

var byteClass = func() (t [256]uint16) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] |= bcIdent | bcLetter
		case c >= 'A' && c <= 'Z':
			t[c] |= bcIdent | bcUpper | bcLetter
		case c >= '0' && c <= '9', c == '_', c == '-':
			t[c] |= bcIdent
		case c >= 0x80 || c == 0:
			t[c] |= bcHigh
		}
	}
	for _, c := range "%+&\\" {
		t[c] |= bcDecode
	}
	for _, c := range ";|&`$({<>\n\r" {
		t[c] |= bcSep
	}
	for _, c := range "/\\" {
		t[c] |= bcSlash
	}
	t['.'] |= bcDot
	for _, c := range "*?[" {
		t[c] |= bcGlob
	}
	for _, c := range "'\"^\\" {
		t[c] |= bcQuote
	}
	for _, c := range " \t\v\f" {
		t[c] |= bcSpace
	}
	return t
}()

// classesOf returns the union of the byte classes of s, in one pass.
func classesOf(s string) uint16 {
	var m uint16
	for i := 0; i < len(s); i++ {
		m |= byteClass[s[i]]
	}
	return m
}

// isIdentifier reports a non-empty string of ASCII letters, digits, "_" and "-" only.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]]&bcIdent == 0 {
			return false
		}
	}
	return true
}
