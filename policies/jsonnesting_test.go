package policies_test

import (
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// nestingByteByByte is JSONNesting as it was written before strings were skipped with IndexByte:
// the definition the faster pass is held to.
func nestingByteByByte(b []byte, limit int) int {
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

// TestJSONNestingAsByteByByte: JSONNesting gives what the byte-by-byte pass gives, on 200,000
// random strings of JSON's structural bytes, quotes and runs of backslashes, at several limits.
func TestJSONNestingAsByteByByte(t *testing.T) {
	alphabet := []string{"{", "}", "[", "]", `"`, `"`, `\`, `\\`, `\"`, "a", ",", ":", " "}
	seed := uint32(7)
	for n := 0; n < 200000; n++ {
		var sb strings.Builder
		for k := 0; k < 1+n%40; k++ {
			seed = seed*1664525 + 1013904223
			sb.WriteString(alphabet[int(seed>>16)%len(alphabet)])
		}
		b := []byte(sb.String())
		for _, limit := range []int{1, 3, 1 << 30} {
			if got, want := policies.JSONNesting(b, limit), nestingByteByByte(b, limit); got != want {
				t.Fatalf("JSONNesting(%q, %d) = %d, byte by byte %d", b, limit, got, want)
			}
		}
	}
}
