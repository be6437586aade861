package injection

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/tidwall/gjson"
)

// cmdiGateCorpora are the development corpora the gate tests read (never a frozen held-out).
var cmdiGateCorpora = []string{"injection_attacks.jsonl", "injection_benign.jsonl",
	filepath.Join("crs", "crs-regression-pl2.jsonl"), filepath.Join("thirdparty", "thirdparty-dev.jsonl")}

var cmdiGateBase int

// cmdiGateValues returns the values of the development corpora as the engine sees them (the
// path and its query's names and values, header and cookie values, the body and its form fields
// and JSON strings), each through valueVariants, and mutations of each: case flips, blanks and
// shell noise inserted, separators around it, URL-encoded and back through the variants.
func cmdiGateValues(t *testing.T) []string {
	t.Helper()
	var base []string
	add := func(v string) {
		if v != "" {
			base = append(base, v[:min(len(v), 2048)]) // the long bodies' heads: the test's time stays short
		}
	}
	pairs := func(s, sep string) {
		for kv := range strings.SplitSeq(s, sep) {
			k, v, _ := strings.Cut(kv, "=")
			add(strings.TrimSpace(k))
			add(v)
		}
	}
	for _, f := range cmdiGateCorpora {
		cases := loadCorpus(t, filepath.Join("..", "testdata", f))
		for _, c := range cases {
			p, q, _ := strings.Cut(c.Path, "?")
			add(p)
			pairs(q, "&")
			for k, v := range c.Headers {
				add(v)
				if strings.EqualFold(k, "cookie") {
					pairs(v, ";")
				}
			}
			add(c.Body)
			pairs(c.Body, "&")
			if gjson.Valid(c.Body) {
				stack := []gjson.Result{gjson.Parse(c.Body)}
				for len(stack) > 0 {
					r := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					if r.Type == gjson.String {
						add(r.Str)
					}
					if !r.IsObject() && !r.IsArray() {
						continue // ForEach would pass the value itself back
					}
					r.ForEach(func(k, v gjson.Result) bool {
						add(k.Str)
						stack = append(stack, v)
						return true
					})
				}
			}
		}
	}
	slices.Sort(base)
	base = slices.Compact(base)
	cmdiGateBase = len(base)
	if len(base) < 5000 {
		t.Fatalf("only %d corpus values", len(base))
	}
	var out []string
	var buf []string
	for _, v := range base {
		for _, m := range []string{v, url.QueryEscape(v)} {
			for _, plus := range []bool{false, true} {
				buf = valueVariants(m, plus, buf)
				out = append(out, buf...)
			}
		}
		out = append(out, cmdiMutations(v[:min(len(v), 256)])...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// cmdiMutations are v and variations of it that move it across the gates' byte classes.
func cmdiMutations(v string) []string {
	out := []string{v, strings.ToUpper(v), swapCase(v)}
	for _, ins := range []string{" ", "'", `\`, "$@", "{", ",", ".", "cd"} {
		out = append(out, cmdiInsertEvery(v, ins, 3))
	}
	for _, wrap := range [][2]string{{";", ""}, {"|", ""}, {"\r\n", ""}, {"{,", "}"}, {"\n.", ""}, {"$(", ")"},
		{"'", "'"}, {"cd /;", ""}, {"x=", ";$x"}} {
		out = append(out, wrap[0]+v+wrap[1])
	}
	return out
}

// cmdiInsertEvery inserts ins after every n-th byte of an ASCII word character of s.
func cmdiInsertEvery(s, ins string, n int) string {
	var b strings.Builder
	k := 0
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if wordByte[s[i]] != 0 {
			if k++; k%n == 0 {
				b.WriteString(ins)
			}
		}
	}
	return b.String()
}

// cmdiAtUngated is cmdiAt with every gate off: each detector runs on every value, as cmdiAt ran
// them before the gates, and detectCmdi without its shortcuts.
func cmdiAtUngated(s string, whole bool, sens int) bool {
	if whole {
		for _, b := range cmdiBreakouts {
			if b.fn(s) {
				return true
			}
		}
	}
	if e, ok := braceWords(s); ok && whole && detectCmdiUngated(e, true) && (sens >= 2 || cmdiStrong(e)) {
		return true
	}
	if detectCmdiUngated(s, whole) && (sens >= 2 || cmdiStrong(s)) {
		return true
	}
	if sens >= 2 && whole && (nodeRuntimeExpr(s) || cdResolvedFile(s)) {
		return true
	}
	return sens >= 3 && whole && toolAlone(s)
}

func detectCmdiUngated(s string, whole bool) bool {
	return len(s) >= 2 && detectCmdiF(s, whole, cmdiFeatures(s), false)
}

// TestCmdiGateSound: on every corpus value, its variants and mutations, cmdiFeatures and
// shellWord find what the code they replaced found (cmdiFeaturesRef, shellWordRef), a detector whose gate turns the value away does
// not fire on it, detectCmdi's shortcuts change no verdict, and cmdiAt
// decides exactly as with every gate off, at each sensitivity, for values and keys. Also that
// the gates turn most benign values away, or they save nothing.
func TestCmdiGateSound(t *testing.T) {
	t.Parallel()
	values := cmdiGateValues(t)
	for _, r := range []string{"${", "$a", "$(", "'", "\"", "\\", ";cat ", "{,", "cd ", ".sh ", "\r\n", "&amp;", "w'h'o"} {
		values = append(values, strings.Repeat(r, 500))
	}
	turned := map[string]int{}
	vars := map[string]string{"a": "nc", "x": "cat"} // as a value assigns them (a=nc; $a)
	for _, v := range values {
		f := cmdiFeatures(v)
		for _, b := range cmdiBreakouts {
			if cmdiMay(f, b.need) {
				continue
			}
			turned[b.name]++
			if b.fn(v) {
				t.Fatalf("%s's gate %b turns away %.200q (features %b), which it reports", b.name, b.need, v, f)
			}
		}
		if f&cmdiNeedBrace == 0 {
			turned["braceWords"]++
			if _, ok := braceWords(v); ok {
				t.Fatalf("braceWords's gate turns away %.200q, which it expands", v)
			}
		}
		if f&cmdiNeedCd == 0 {
			turned["cd"]++
			if cdResolvedFile(v) {
				t.Fatalf("cdResolvedFile's gate turns away %.200q, which it reports", v)
			}
		}
		if got, want := containsFoldASCII(v, cdCommand), strings.Contains(strings.ToLower(v), cdCommand); got != want {
			t.Fatalf("containsFoldASCII(%.200q, %q) = %v, strings.Contains of the lower-cased value %v", v, cdCommand, got, want)
		}
		if got, want := f&^cfGateBits, cmdiFeaturesRef(v); got != want {
			t.Fatalf("cmdiFeatures(%.200q) = %b without the gate bits, the scan it replaced says %b", v, got, want)
		}
		for i := 0; i < len(v) && i < 256; i++ {
			if i > 0 && shellByte[v[i-1]] != shellStop {
				continue // where the detectors read words: after a blank or a separator
			}
			w, e, in, ok := shellWord(v, i, vars)
			rw, re, rin, rok := shellWordRef(v, i, vars)
			if w != rw || e != re || in != rin || ok != rok {
				t.Fatalf("shellWord(%.200q, %d) = %q %d %v %v, before its copy-free path %q %d %v %v", v, i, w, e, in, ok, rw, re, rin, rok)
			}
		}
		if got, want := hasDottedQuad(v), dottedQuad.MatchString(v); got != want {
			t.Fatalf("hasDottedQuad(%.200q) = %v, dottedQuad says %v", v, got, want)
		}
	}
	// Sensitivity 1 reports a subset of 2 (and 3 adds toolAlone, which no gate guards): every
	// value is judged at 2, as a value and as a key, and at 1 where 2 reports it.
	type verdict struct{ det, at2, key bool }
	gated := make([]verdict, len(values))
	for i, v := range values {
		gated[i] = verdict{detectCmdi(v, true), cmdiAt(v, true, 2), cmdiAt(v, false, 2)}
	}
	hits := 0
	for i, v := range values {
		want := verdict{detectCmdiUngated(v, true), cmdiAtUngated(v, true, 2), cmdiAtUngated(v, false, 2)}
		if gated[i] != want {
			t.Fatalf("%.200q: gated verdicts %+v, ungated %+v", v, gated[i], want)
		}
		if want.at2 {
			hits++
			if g, u := cmdiAt(v, true, 1), cmdiAtUngated(v, true, 1); g != u {
				t.Fatalf("%.200q at sensitivity 1: gated %v, ungated %v", v, g, u)
			}
		}
	}
	t.Logf("%d values (%d from the corpora), %d reported at sensitivity 2; turned away: %v", len(values), cmdiGateBase, hits, turned)
	if hits < 1000 {
		t.Errorf("only %d values reported: the corpora or their mutations are missing attacks", hits)
	}
	for _, b := range []string{"separator", "obfuscated", "cd"} {
		if turned[b] < len(values)/3 {
			t.Errorf("%s's gate turned away only %d of %d values", b, turned[b], len(values))
		}
	}
}

// TestCmdiGateLists: the gates read the same byte sets and words as the detectors: every string
// shellNoise replaces holds a byte of cfShellNoise, cmdiFeatures sets each gate bit for its bytes
// and for cdCommand in any case, and no rune other than cdCommand's letters lower-cases to one
// of them (containsFoldASCII's premise).
func TestCmdiGateLists(t *testing.T) {
	for i := 0; i < len(shellNoisePairs); i += 2 {
		if old := shellNoisePairs[i]; !strings.ContainsFunc(old, func(r rune) bool { return r < 0x80 && cmdiByteBits[r]&cfShellNoise != 0 }) {
			t.Errorf("shellNoise replaces %q, which has no cfShellNoise byte", old)
		}
	}
	for _, tc := range []struct {
		bytes string
		bit   uint64
	}{{shellWordNoise, cfNoise}, {chainBytes, cfChain}, {"{$`", cfShellNoise}, {"_!#(:;<@[]~\x00\x7f", cfNotB64}} {
		for _, c := range []byte(tc.bytes) {
			if f := cmdiFeatures("ab" + string(c) + "cd"); f&tc.bit == 0 {
				t.Errorf("cmdiFeatures(%q) = %b, without %b", "ab"+string(c)+"cd", f, tc.bit)
			}
		}
	}
	if f := cmdiFeatures("QmFzZTY0+/=="); f&cfNotB64 != 0 {
		t.Errorf("base64 text has cfNotB64: %b", f)
	}
	for _, w := range []string{cdCommand, strings.ToUpper(cdCommand), "x" + cdCommand + "y", "a;" + cdCommand} {
		if cmdiFeatures(w)&cfCd == 0 {
			t.Errorf("cmdiFeatures(%q) has no cfCd", w)
		}
	}
	if cmdiFeatures("c d c-d")&cfCd != 0 {
		t.Error("cfCd set without cd")
	}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < 0x80 && strings.ContainsRune(cdCommand, l) {
			t.Errorf("%U lower-cases to %q", r, l)
		}
	}
	// shellWord's copy-free path: a word of literals is its own text.
	for _, w := range []string{"abc", "12.5", "/etc/passwd", "a=b", "x;y", "é"} {
		end := strings.IndexAny(w, shellWordStops)
		if end < 0 {
			end = len(w)
		}
		if got, e, inner, ok := shellWord(w, 0, nil); got != w[:end] || e != end || inner || !ok {
			t.Errorf("shellWord(%q) = %q %d %v %v", w, got, e, inner, ok)
		}
	}
}

// FuzzCmdiGate: the gates and detectCmdi's shortcuts decide as the ungated detectors on any input.
func FuzzCmdiGate(f *testing.F) {
	for _, s := range append(otherSeeds, "cd /;cd etc;column passwd", "\r\nRCPT TO:<x>", "{,ifconfig,eth0}", "1;.shell id",
		"w'h'o'am'i", "127.0.0.1.2", "a=nc&&$a -nlvp 555", "XyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCkK") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if cmdiFeatures(s)&^cfGateBits != cmdiFeaturesRef(s) {
			t.Fatalf("cmdiFeatures(%q) disagrees with the scan it replaced", s)
		}
		if hasDottedQuad(s) != dottedQuad.MatchString(s) {
			t.Fatalf("hasDottedQuad(%q) disagrees with dottedQuad", s)
		}
		g := [4]bool{cmdiAt(s, true, 1), cmdiAt(s, true, 2), cmdiAt(s, false, 2), detectCmdi(s, true)}
		u := [4]bool{cmdiAtUngated(s, true, 1), cmdiAtUngated(s, true, 2), cmdiAtUngated(s, false, 2), detectCmdiUngated(s, true)}
		if g != u {
			t.Fatalf("%q: gated %v, ungated %v", s, g, u)
		}
	})
}

// cmdiFeaturesRef is cmdiFeatures as it was before the gate bits, the word table and the shape
// check in the loop (main 1b88c3c), with Go's map: the test holds the scan to it.
func cmdiFeaturesRef(s string) uint64 {
	var f uint64
	var w [24]byte
	n := 0    // bytes of the current word; len(w)+1 once it is too long to be a command
	part := 0 // where the word's part after the last quoting noise starts
	slash, glob := false, false
	lead := true
	for i := 0; i <= len(s); i++ {
		c := byte(' ')
		if i < len(s) {
			c = s[i]
		}
		if wc := wordByte[c]; wc != 0 {
			lead = false
			if n < len(w) {
				w[n] = wc
			}
			if n <= len(w) {
				n++
			}
			continue
		}
		switch {
		case (c == '\'' || c == '"' || c == '\\' || c == '^') && n > 0:
			if c == '\\' && i+1 < len(s) && s[i+1] == '\n' {
				i++ // a line continuation
			}
			// Quoting noise inside a word: the shell joins the parts (w'h'o"am"i), a parser
			// may split them ("x=\"cat\""); both readings are looked up.
			if n <= len(w) {
				f |= cmdiWordBitsRef(w[part:n])
				part = n
			}
			continue
		default:
			if n <= len(w) {
				f |= cmdiWordBitsRef(w[:n])
				if part > 0 {
					f |= cmdiWordBitsRef(w[part:n])
				}
			}
			n, part = 0, 0
			switch c {
			case '$':
				f |= cfDollar | cfSep
			case '`':
				f |= cfBacktick | cfSep
			case '|':
				f |= cfPipe | cfSep
			case '>':
				f |= cfGt
			case '<':
				if i+1 < len(s) && s[i+1] == '(' {
					f |= cfLtParen
				}
				if i+1 < len(s) && s[i+1] == '?' {
					f |= cfLtQ
				}
			case ';', '&', '(', '{', '\n', '\r':
				f |= cfSep
				if c == '(' && lead {
					f |= cfLeadParen
				}
			case '/':
				slash = true
				if lead {
					f |= cfLeadSlash
				}
			case '*', '?', '[':
				glob = true
			}
			if c != ' ' && c != '\t' && c != '\v' && c != '\f' {
				lead = false
			}
			continue
		}
	}
	if slash && glob {
		f |= cfGlob
	}
	return f
}

func cmdiWordBitsRef(b []byte) uint64 { return cmdiWordBits[string(b)] }

// shellWordRef is shellWord as it was before its copy-free path (main 1b88c3c).
func shellWordRef(s string, i int, vars map[string]string) (cooked string, end int, inner bool, ok bool) {
	var b strings.Builder
	noise := false // noise seen since the word's first literal character
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || strings.IndexByte(";|&<>()`", c) >= 0:
			return b.String(), i, inner, true
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return "", i, false, false
			}
			q := s[i+1 : i+1+j]
			if c == '"' && strings.ContainsAny(q, "$`\\") {
				q = dropShellVars(strings.ReplaceAll(q, "\\", ""))
			}
			if b.Len() > 0 {
				noise = true
			}
			b.WriteString(q)
			i += j + 2
			if b.Len() > 0 && noise {
				inner = true
			}
			if i < len(s) && b.Len() > 0 && isAlnum(s[i]) {
				inner = true // quotes closed inside the word: ti''me, "p""y"
			}
			continue
		case c == '\\' && i+1 < len(s):
			if b.Len() > 0 {
				inner = true
			}
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '$' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"'):
			// $'...' (ANSI-C) and $"..." (locale) quoting: the quotes' content, as quoted.
			if b.Len() > 0 {
				inner = true
			}
			i++
			continue
		case c == '$':
			// An expansion: $@ $* $1 $(), an unset ${name} or $name expands to nothing inside a
			// word (cu$@rl, c$()at); a variable the value assigned expands to its value
			// (a=nc&&$a -nlvp 555).
			n := emptyExpansion(s[i:])
			if n > 0 {
				name := strings.Trim(s[i+1:i+n], "{}")
				if v, set := vars[name]; set {
					b.WriteString(v)
					inner = true
					i += n
					continue
				}
				if b.Len() > 0 {
					inner = true
					i += n
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
		if noise && isAlnum(c) {
			inner = true
		}
	}
	return b.String(), i, inner, true
}
