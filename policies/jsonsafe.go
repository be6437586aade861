package policies

import "bytes"

// maxValidateNesting bounds the nesting depth of documents Edgeward reads as JSON: requests nested
// deeper are never valid JSON to it.
const MaxValidateNesting = 1000

// validJSON is gjson.ValidBytes for untrusted input: false for documents nested deeper than
// maxValidateNesting.
func ValidJSON(b []byte) bool {
	return NestingWithin(b, MaxValidateNesting) && JSONValid(b)
}

// jsonValid reports what gjson.ValidBytes reports (RFC 8259 JSON; strings checked for control
// characters and escapes, not for UTF-8) in one pass with an explicit stack of open containers.
// gjson's validator recurses twice per nesting level, about 1 KiB of a Wasm interpreter's stack
// each: the 1,000 levels maxValidateNesting lets through needed a megabyte, where WAMR, one of
// Envoy's runtimes, gives a module 32 KiB.
func JSONValid(b []byte) bool {
	ok, _ := JSONValidDepth(b)
	return ok
}

// JSONValidDepth is JSONValid and, for a valid document, its nesting depth as JSONDepth counts
// it, in the same one pass.
func JSONValidDepth(b []byte) (bool, int) {
	var open []byte // '{' or '[' per open container, innermost last
	deepest := 0
	i := 0
	for {
		// A value starts at i, after blanks.
		i = skipJSONSpace(b, i)
		if i >= len(b) {
			return false, 0
		}
		switch c := b[i]; {
		case c == '{' || c == '[':
			deepest = max(deepest, len(open)+1)
			i = skipJSONSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' is '{'+2, ']' is '['+2
				i++
				break
			}
			open = append(open, c)
			if c == '{' {
				var ok bool
				if i, ok = jsonKey(b, i); !ok {
					return false, 0
				}
			}
			continue
		case c == '"':
			var ok bool
			if i, ok = jsonString(b, i+1); !ok {
				return false, 0
			}
		case c == '-' || c >= '0' && c <= '9':
			var ok bool
			if i, ok = jsonNumber(b, i); !ok {
				return false, 0
			}
		case c == 't' || c == 'f' || c == 'n':
			lit := "null"
			if c == 't' {
				lit = "true"
			} else if c == 'f' {
				lit = "false"
			}
			if !bytes.HasPrefix(b[i:], []byte(lit)) {
				return false, 0
			}
			i += len(lit)
		default:
			return false, 0
		}
		// A value ended at i: close containers, or go on to the next element.
		for {
			i = skipJSONSpace(b, i)
			if len(open) == 0 {
				return i == len(b), deepest
			}
			if i >= len(b) {
				return false, 0
			}
			top := open[len(open)-1]
			if b[i] == top+2 {
				open = open[:len(open)-1]
				i++
				continue
			}
			if b[i] != ',' {
				return false, 0
			}
			i = skipJSONSpace(b, i+1)
			if top == '{' {
				var ok bool
				if i, ok = jsonKey(b, i); !ok {
					return false, 0
				}
			}
			break
		}
	}
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// jsonKey reads `"key" :` at i and returns the index after the colon.
func jsonKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	i, ok := jsonString(b, i+1)
	if !ok {
		return i, false
	}
	i = skipJSONSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return i, false
	}
	return i + 1, true
}

// jsonString reads the rest of a string whose opening quote is before i.
func jsonString(b []byte, i int) (int, bool) {
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c < ' ':
			return i, false
		case c == '"':
			return i + 1, true
		case c == '\\':
			i++
			if i == len(b) {
				return i, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for range 4 {
					i++
					if i >= len(b) || !isHexDigit(b[i]) {
						return i, false
					}
				}
			default:
				return i, false
			}
		}
	}
	return i, false
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// jsonNumber reads a number starting at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func jsonNumber(b []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i == len(b) || b[i] < '0' || b[i] > '9':
		return i, false
	case b[i] == '0':
		i++
	default:
		i = digits(i)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i == len(b) || b[i] < '0' || b[i] > '9' {
			return i, false
		}
		i = digits(i)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i == len(b) || b[i] < '0' || b[i] > '9' {
			return i, false
		}
		i = digits(i)
	}
	return i, true
}

// nestingWithin reports whether objects and arrays nest at most max levels deep.
func NestingWithin(b []byte, max int) bool { return JSONNesting(b, max) <= max }

// jsonDepth returns the deepest nesting of objects and arrays in a JSON document.
func JSONDepth(b []byte) int { return JSONNesting(b, int(^uint(0)>>1)) }

// jsonNesting returns the deepest nesting of objects and arrays in b, in one linear pass that
// skips strings, stopping as soon as it passes limit (it then returns limit+1).
func JSONNesting(b []byte, limit int) int {
	depth, deepest := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			// The string ends at the first quote after it that an even run of backslashes (an
			// escape escapes one byte) precedes; found with IndexByte, not byte by byte.
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return deepest
				}
				q, n := j+k, 0
				for q-1-n > i && b[q-1-n] == '\\' {
					n++
				}
				j = q + 1
				if n%2 == 0 {
					break
				}
			}
			i = j - 1
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
