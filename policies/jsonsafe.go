package policies

import "github.com/tidwall/gjson"

// maxValidateNesting bounds the nesting depth handed to gjson's validator, which recurses once per
// level: a 1 MiB run of "[" would otherwise need a million stack frames, a stack overflow in Wasm
// (a trap that kills the worker's VM). Requests nested deeper are never valid JSON to Edgeward.
const maxValidateNesting = 1000

// validJSON is gjson.ValidBytes for untrusted input: false, without recursion, for documents
// nested deeper than maxValidateNesting.
func validJSON(b []byte) bool {
	return nestingWithin(b, maxValidateNesting) && gjson.ValidBytes(b)
}

// nestingWithin reports, in one linear pass that skips strings, whether objects and arrays nest
// at most max levels deep.
func nestingWithin(b []byte, max int) bool {
	depth, inStr := 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inStr {
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
			if depth > max {
				return false
			}
		case '}', ']':
			depth--
		}
	}
	return true
}
