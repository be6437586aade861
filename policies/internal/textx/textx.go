// Package textx holds the byte-level text helpers the detectors share: ASCII case folding and
// case-insensitive search, each linear in the length of its input. It imports nothing of
// Edgeward's and allocates nothing.
package textx

import "strings"

// LowerByte folds an ASCII upper-case letter; other bytes (UTF-8 included) are kept.
func LowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// ContainsFold reports whether s contains the lower-case ASCII string sub, case-insensitively
// (an empty sub is contained in every s). A candidate is compared only where its first byte
// matches.
func ContainsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if LowerByte(s[i]) == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// IndexWordFold returns the index of the first occurrence of the lower-case ASCII word w in s,
// compared case-insensitively, that starts a word (is not preceded by an ASCII letter or
// digit), or -1.
func IndexWordFold(s, w string) int {
	if len(w) == 0 || len(s) < len(w) {
		return -1
	}
	c0 := w[0]
	for i := 0; i+len(w) <= len(s); i++ {
		if LowerByte(s[i]) != c0 || i > 0 && isAlnum(s[i-1]) {
			continue
		}
		if strings.EqualFold(s[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
