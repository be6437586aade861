package injection

import (
	"strings"
)

// protoInValue finds prototype-pollution paths spelled inside a value (a dotted or bracketed
// path that the application merges, or a JSON document in a string).
var protoInValue = mustCompile(`(?i)` +
	`__proto__\s*["'\]]?\s*(?:[\[.:=/]|$)` +
	`|\bconstructor\s*["'\]]*\s*(?:\.|\[|/)\s*["']?\s*prototype\b` +
	`|\bconstructor\s*["']\s*:\s*\{\s*["']\s*prototype\s*["']\s*:` +
	`|\[\s*["']?__proto__` +
	`|\bObject\s*\.\s*prototype\s*\.\s*\w+\s*=`)

// detectProtoValue reports a prototype-pollution path inside a value.
func detectProtoValue(s string) bool {
	if !strings.Contains(s, "proto") {
		return false
	}
	return protoInValue.MatchString(s)
}

// protoKeyState tracks the segments of one key path (JSON object keys from the root, or the
// parts of a bracket or dotted query key) to find __proto__ anywhere and constructor followed
// by prototype.
type protoKeyState struct{ sawConstructor bool }

// step examines the next key segment and reports pollution.
// It folds ASCII case without copying the segment: strings.ToLower, which it stands for, maps no
// other character to a letter of these words (only U+0130 to "i" and U+212A to "k";
// TestProtoKeyFold checks).
func (p *protoKeyState) step(seg string) bool {
	seg = strings.TrimSpace(seg)
	switch {
	case len(seg) >= 9 && asciiContainsFold(seg, "__proto__"):
		// Also "__pro__proto__to__", which a filter that strips "__proto__" once turns into it.
		return true
	case asciiEqualFold(seg, "constructor"):
		p.sawConstructor = true
	case asciiEqualFold(seg, "prototype"):
		return p.sawConstructor
	}
	return false
}

// keySegments splits a form or query key such as `a[b][c]`, `a.b.c` or `a[b].c` into its path
// segments (at most 64; the rest stays in the last).
func keySegments(k string) []string {
	segs := make([]string, 0, 4)
	start := 0
	for i := 0; i < len(k) && len(segs) < 63; i++ {
		switch k[i] {
		case '[', ']', '.':
			if i > start {
				segs = append(segs, k[start:i])
			}
			start = i + 1
		}
	}
	if start < len(k) {
		segs = append(segs, k[start:])
	}
	return segs
}
