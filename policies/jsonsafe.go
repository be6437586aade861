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

// nestingWithin reports whether objects and arrays nest at most max levels deep.
func nestingWithin(b []byte, max int) bool { return jsonNesting(b, max) <= max }

// jsonDepth returns the deepest nesting of objects and arrays in a JSON document.
func jsonDepth(b []byte) int { return jsonNesting(b, int(^uint(0)>>1)) }

// jsonNesting returns the deepest nesting of objects and arrays in b, in one linear pass that
// skips strings, stopping as soon as it passes limit (it then returns limit+1).
func jsonNesting(b []byte, limit int) int {
	depth, deepest, inStr := 0, 0, false
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
			if depth > deepest {
				deepest = depth
				if deepest > limit {
					return deepest
				}
			}
		case '}', ']':
			depth--
		}
	}
	return deepest
}
