package policies

import (
	"regexp"
	"strings"
)

// gatedRE is a small regular expression that runs only when one of its literals occurs in the
// input. Go's RE2 engine is linear, but its cost per byte grows with the size of the program:
// one large alternation costs microseconds per byte on every input, while a strings.Contains
// gate (SIMD) and a small program cost nanoseconds, so a 1 MiB value stays cheap.
type gatedRE struct {
	lits []string // any of these (lower-case) must occur; empty means always run
	re   *regexp.Regexp
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
		out = append(out, gatedRE{lits: lits, re: regexp.MustCompile(pairs[i+1])})
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
