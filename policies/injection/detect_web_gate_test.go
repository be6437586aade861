package injection

import (
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	libinjection "github.com/corazawaf/libinjection-go"
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/textx"
)

// webGateCorpora are the development corpora whose values the web family's gates are checked
// on (the frozen held-outs are never read here).
var webGateCorpora = []string{
	filepath.Join("..", "testdata", "injection_attacks.jsonl"),
	filepath.Join("..", "testdata", "injection_benign.jsonl"),
	filepath.Join("..", "testdata", "thirdparty", "thirdparty-dev.jsonl"),
	filepath.Join("..", "testdata", "crs", "crs-regression-pl2.jsonl"),
}

// webGateParams returns every parameter the engine hands the detectors for the corpora's cases:
// the path, the query's keys and values, every header, and the body's parameters.
func webGateParams(t *testing.T) []param {
	t.Helper()
	var ps []param
	emit := func(p param) bool { ps = append(ps, p); return true }
	cases := 0
	for _, f := range webGateCorpora {
		cs := loadCorpus(t, f)
		if len(cs) == 0 {
			t.Fatalf("%s: no cases", f)
		}
		for _, c := range cs {
			cases++
			requestPath(c.Path, emit)
			urlEncodedPairs(LocQuery, policies.RawQuery(c.Path), emit)
			var h policies.Headers
			for k, v := range c.Headers {
				h = append(h, policies.Header{Name: strings.ToLower(k), Value: v})
			}
			requestHeaderParams(h, nil, true, emit)
			if c.Body != "" {
				lim := jsonLimits{maxDepth: 64, maxKeys: 4096}
				bodyParams(h.Get("content-type"), []byte(c.Body), &lim, emit)
			}
		}
	}
	if cases < 3000 || len(ps) < cases {
		t.Fatalf("%d cases gave %d parameters: a corpus is missing", cases, len(ps))
	}
	return ps
}

// webMutations returns v and forms of it an attacker would try on a gate: case flips, inserted
// comments and blanks, percent and entity encodings, backslashes for slashes, NULs, and the two
// characters strings.ToLower turns into ASCII letters.
func webMutations(r *rand.Rand, v string) []string {
	out := []string{v, strings.ToUpper(v), strings.ToLower(v), swapCase(v)}
	if v == "" {
		return out
	}
	insert := func(s, x string) string {
		i := r.Intn(len(s) + 1)
		return s[:i] + x + s[i:]
	}
	for _, x := range []string{"/**/", " ", "\t", "\n", "\x00", "<!---->", "&#x3a;", "%2e", "%2f", "..", "=", "<", "\\"} {
		out = append(out, insert(v, x))
	}
	out = append(out,
		strings.ReplaceAll(v, "/", "\\"),
		strings.ReplaceAll(v, ".", "%2e"),
		strings.ReplaceAll(v, "/", "%2f"),
		url.QueryEscape(v),
		url.PathEscape(v),
		strings.ReplaceAll(strings.ReplaceAll(v, "k", "\u212a"), "i", "\u0130"),
		strings.ReplaceAll(v, "s", "\u017f"),
		entityEncode(r, v),
		percentEncode(r, v),
	)
	return out
}

func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 32
		case c >= 'A' && c <= 'Z':
			b[i] = c + 32
		}
	}
	return string(b)
}

// entityEncode writes some ASCII bytes of s as HTML character references.
func entityEncode(r *rand.Rand, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] < 0x80 && r.Intn(3) == 0 {
			b.WriteString("&#" + strings.TrimLeft(string(rune('0'+s[i]/100))+string(rune('0'+s[i]/10%10))+string(rune('0'+s[i]%10)), "0") + ";")
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// percentEncode writes some bytes of s as %XX.
func percentEncode(r *rand.Rand, s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if r.Intn(3) == 0 {
			b.WriteByte('%')
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// webGateValues returns every value of the corpora as sent and through paramVariants, with their
// mutations (and those through valueVariants), and webBenchValues.
func webGateValues(t *testing.T) []string {
	t.Helper()
	r := rand.New(rand.NewSource(15))
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	var buf [maxVariants]string
	for _, p := range webGateParams(t) {
		for _, v := range paramVariants(p, buf[:0]) {
			add(v)
		}
		for _, m := range webMutations(r, p.Value) {
			add(m)
			for _, v := range valueVariants(m, p.Plus, buf[:0]) {
				add(v)
			}
		}
	}
	for _, tc := range webBenchValues {
		for _, m := range webMutations(r, tc.v) {
			add(m)
		}
	}
	if len(out) < 10000 {
		t.Fatalf("only %d values", len(out))
	}
	return out
}

// TestWebGatesSound: for every value of the corpora and their mutations, a gate of the web family
// that answers false is never wrong: the detector it stands before answers false too, and the
// gates inside the detectors give the same answers as the work they skip.
func TestWebGatesSound(t *testing.T) {
	vals := webGateValues(t)
	var closed [8]int
	for _, v := range vals {
		if !xssMay(v) {
			closed[0]++
			if detectXSSUngated(v) {
				t.Errorf("xssMay(%q) = false, but detectXSS without it reports", v)
			}
		}
		if sig := xssSignals(v); !libinjectionMay(v, sig) {
			closed[1]++
			if libinjection.IsXSS(v) {
				t.Errorf("libinjectionMay(%q) = false, but libinjection.IsXSS reports", v)
			}
		}
		p := getFoldBuf(len(v))
		sig := scanXSS(v, p)
		if sig != xssSignals(v) {
			t.Errorf("xssSignals(%q) = %x, scanXSS gives %x", v, xssSignals(v), sig)
		}
		if got, want := matchXSSRules(sig, *p), matchRules(xssRules, sig, *p) >= 0; got != want {
			t.Errorf("matchXSSRules(%q) = %v, matchRules says %v", v, got, want)
		}
		putFoldBuf(p)
		w := scanWeb(v)
		if !traversalMay(v, &w) {
			closed[2]++
			if detectTraversalUngated(v, &w) {
				t.Errorf("traversalMay(%q) = false, but detectTraversal without it reports", v)
			}
		}
		if !pathTraversalMay(v, &w) {
			closed[3]++
			if detectPathTraversalUngated(v, &w) {
				t.Errorf("pathTraversalMay(%q) = false, but detectPathTraversal without it reports", v)
			}
		}
		if !lettersMay(w.letters, sensitiveLetters) {
			closed[4]++
			if n := sensitiveNormal(v); sensitiveFile.MatchString(n) {
				t.Errorf("%q lacks the letters of sensitiveFile's literals, but it matches %q", v, n)
			}
		}
		if !lettersMay(w.letters, codeHostViewLetters) {
			closed[5]++
			if codeHostView(strings.ToLower(v)) >= 0 {
				t.Errorf("%q lacks the letters of codeHostViews, but codeHostView finds one", v)
			}
		}
		if got, want := mayBeSensitive(v), mayBeSensitiveReference(v); got != want {
			t.Errorf("mayBeSensitive(%q) = %v, the list-by-list reading says %v", v, got, want)
		}
		if got, want := w, scanWebReference(v); got != want {
			t.Errorf("scanWeb(%q) = %+v, want %+v", v, got, want)
		}
		for _, seg := range keySegments(v) {
			var a, b protoKeyState
			a.sawConstructor, b.sawConstructor = true, true
			if got, want := a.step(seg), protoStepReference(&b, seg); got != want || a != b {
				t.Errorf("protoKeyState.step(%q) = %v, strings.ToLower's reading says %v", seg, got, want)
			}
		}
	}
	t.Logf("%d values; closed: xss %d, libinjection %d, traversal %d, path %d, sensitive %d, code-host %d",
		len(vals), closed[0], closed[1], closed[2], closed[3], closed[4], closed[5])
	for i, n := range closed[:6] {
		if n == 0 {
			t.Errorf("gate %d never closed on %d values: the test checks nothing", i, len(vals))
		}
	}
}

// sensitiveNormal is the form of s traversalIn matches sensitiveFile on.
func sensitiveNormal(s string) string {
	n := strings.ToLower(s)
	n = strings.ReplaceAll(n, "\\", "/")
	for strings.Contains(n, "//") {
		n = strings.ReplaceAll(n, "//", "/")
	}
	return strings.ReplaceAll(n, "/./", "/")
}

// mayBeSensitiveReference is mayBeSensitive as it was written before its first-byte tables: each
// token lower-cased and compared with every list entry.
func mayBeSensitiveReference(s string) bool {
	var w [16]byte
	for i := 0; i < len(s); {
		c := s[i]
		if !isPathTokenByte(c) {
			i++
			continue
		}
		j := i
		for j < len(s) && isPathTokenByte(s[j]) {
			j++
		}
		tok := s[i:j]
		if tok[0] == '.' && len(tok) > 1 && tok[1] != '.' {
			return true
		}
		if n := len(tok); n <= len(w) && (i == 0 || s[i-1] == '/' || s[i-1] == '\\' || s[i-1] == ':' || string(tok) == "system32" || textx.ContainsFold(tok, "system32")) {
			for k := 0; k < n; k++ {
				w[k] = textx.LowerByte(tok[k])
			}
			for _, d := range sensitiveDirs {
				if strings.HasPrefix(string(w[:n]), d) {
					return true
				}
			}
		}
		if strings.ContainsAny(tok, "._") {
			for _, name := range sensitiveNames {
				if textx.ContainsFold(tok, name) {
					return true
				}
			}
		}
		i = j
	}
	return false
}

// scanWebReference is scanWeb written with the standard library.
func scanWebReference(s string) webScan {
	var w webScan
	c := classesOf(s)
	w.cls = c & (bcDot | bcSlash)
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 0x80:
			w.letters = letterMask
		case b >= 'A' && b <= 'Z':
			w.letters |= 1 << (b - 'A')
		case b >= 'a' && b <= 'z':
			w.letters |= 1 << (b - 'a')
		case b >= '0' && b <= '9':
			w.letters |= 1 << (26 + b - '0')
		case b == '_':
			w.letters |= 1 << 36
		case b == '-':
			w.letters |= 1 << 37
		}
	}
	w.dotdot = strings.Contains(s, "..")
	w.hex = strings.Contains(s, "0x")
	w.pct = strings.Contains(s, "%")
	w.tilde = strings.Contains(s, "~")
	return w
}

// protoStepReference is protoKeyState.step as written with strings.ToLower.
func protoStepReference(p *protoKeyState, seg string) bool {
	seg = strings.ToLower(strings.TrimSpace(seg))
	switch {
	case len(seg) >= 9 && strings.Contains(seg, "__proto__"):
		return true
	case seg == "constructor":
		p.sawConstructor = true
	case seg == "prototype":
		return p.sawConstructor
	}
	return false
}

// TestProtoKeyFold: strings.ToLower turns no character but U+0130 and U+212A into an ASCII
// letter, and neither "i" nor "k" is in the words protoKeyState.step folds in place.
func TestProtoKeyFold(t *testing.T) {
	var toASCII []rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := []rune(strings.ToLower(string(r))); utf8.ValidRune(r) && slices.ContainsFunc(l, func(c rune) bool { return c < 0x80 }) {
			toASCII = append(toASCII, r)
		}
	}
	if !slices.Equal(toASCII, []rune{0x130, 0x212a}) {
		t.Fatalf("characters strings.ToLower turns into ASCII: %q, want U+0130 and U+212A only", toASCII)
	}
	for _, w := range []string{"__proto__", "constructor", "prototype"} {
		if strings.ContainsAny(w, "ik") {
			t.Errorf("%q holds i or k", w)
		}
	}
	// And the letter sets of detect_web_gate.go give every bit to a non-ASCII byte for the same
	// reason.
	if letterBit[0xe2] != letterMask || letterBit[0xc4] != letterMask {
		t.Error("a UTF-8 byte does not set every letter")
	}
}

// TestLibinjectionAttrs reads the attribute names libinjection judges from the source of the
// module the build uses (xss_decls.go's blacks table, isBlackAttr's own names) and checks that
// libinjectionAttrs has them all; and that each one does make IsXSS report without "<".
func TestLibinjectionAttrs(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/corazawaf/libinjection-go").Output()
	if err != nil {
		t.Fatalf("go list libinjection-go: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	decls := readFile(t, filepath.Join(dir, "xss_decls.go"))
	i := strings.Index(decls, "var blacks = []stringType{")
	if i < 0 {
		t.Fatal("xss_decls.go has no blacks table")
	}
	table := decls[i : i+strings.Index(decls[i:], "\n}")]
	names := regexp.MustCompile(`\{"([A-Z:-]+)",`).FindAllStringSubmatch(table, -1)
	helpers := readFile(t, filepath.Join(dir, "xss_helpers.go"))
	j := strings.Index(helpers, "func isBlackAttr(")
	if j < 0 {
		t.Fatal("xss_helpers.go has no isBlackAttr")
	}
	body := helpers[j : j+strings.Index(helpers[j:], "\n}")]
	names = append(names, regexp.MustCompile(`== "([A-Z:-]+)"`).FindAllStringSubmatch(body, -1)...)
	if len(names) < 20 || !strings.Contains(body, "buf[0] == 'O' && buf[1] == 'N'") {
		t.Fatalf("libinjection's attribute tables changed shape (%d names): read them again", len(names))
	}
	for _, m := range names {
		if n := strings.ToLower(m[1]); !slices.Contains(libinjectionAttrs, n) {
			t.Errorf("libinjection judges the attribute %q, libinjectionAttrs lacks it", n)
		}
	}
	for _, a := range libinjectionAttrs {
		val := "javascript:alert(1)"
		if a == "attributename" {
			val = "onclick" // an attribute that names another one
		}
		v := `x" ` + a + `=` + val
		if !libinjection.IsXSS(v) || !libinjectionMay(v, xssSignals(v)) {
			t.Errorf("%q: IsXSS %v, libinjectionMay %v", v, libinjection.IsXSS(v), libinjectionMay(v, xssSignals(v)))
		}
	}
}

// TestWebLetterSets: the letter sets come from the lists themselves, and each list entry has one
// of them inside its own letters.
func TestWebLetterSets(t *testing.T) {
	for _, r := range sensitiveFile {
		for _, l := range r.lits {
			if !lettersMay(lettersOf(l), sensitiveLetters) {
				t.Errorf("sensitiveFile literal %q: no letter set fits it", l)
			}
		}
	}
	for _, v := range codeHostViews {
		if !lettersMay(lettersOf(v), codeHostViewLetters) {
			t.Errorf("code-host view %q: no letter set fits it", v)
		}
	}
	for i, r := range xssRules {
		for _, l := range r.lits {
			if !lettersMay(lettersOf(string(l)), xssRuleLetters[i]) {
				t.Errorf("XSS rule %d literal %q: no letter set fits it", i, l)
			}
		}
	}
	if lettersMay(lettersOf("12.5"), sensitiveLetters) || lettersMay(lettersOf("2024-05-01"), codeHostViewLetters) {
		t.Error("a number has the letters of a sensitive file or a code-host view")
	}
}

// TestASCIIFold compares the fold helpers with strings.ToLower on ASCII-folded text.
func TestASCIIFold(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	const alphabet = "aAbBdDoOcCuUmMeEnNtT_.-/\u212a\u017f"
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(24); k > 0; k-- {
			b.WriteByte(alphabet[r.Intn(len(alphabet))])
		}
		s := b.String()
		lower := []byte(s)
		for i, c := range lower {
			lower[i] = textx.LowerByte(c)
		}
		for _, p := range []string{"document", "d", "on", "__proto__", "aa", "ab", "t_", "\x80"[:0]} {
			if got, want := asciiContainsFold(s, p), strings.Contains(string(lower), p); got != want {
				t.Fatalf("asciiContainsFold(%q, %q) = %v, want %v", s, p, got, want)
			}
			if got, want := asciiHasPrefixFold(s, p), strings.HasPrefix(string(lower), p); got != want {
				t.Fatalf("asciiHasPrefixFold(%q, %q) = %v, want %v", s, p, got, want)
			}
		}
	}
}

// TestWebGatesAllocate: the gates and the detectors behind them allocate nothing on plain values.
func TestWebGatesAllocate(t *testing.T) {
	for _, tc := range webBenchValues {
		if strings.HasPrefix(tc.name, "attack") {
			continue
		}
		if n := testing.AllocsPerRun(50, func() { detectAll(tc.v, tc.loc, false, famXSS|famTraversal|famProto, 2) }); n != 0 {
			t.Errorf("%s: %v allocations", tc.name, n)
		}
		var ps protoKeyState
		if n := testing.AllocsPerRun(50, func() { ps.step("UserName") }); n != 0 {
			t.Errorf("protoKeyState.step: %v allocations", n)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzWebGates checks the implications of TestWebGatesSound on generated values.
func FuzzWebGates(f *testing.F) {
	for _, tc := range webBenchValues {
		f.Add(tc.v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		w := scanWeb(v)
		switch {
		case !xssMay(v) && detectXSSUngated(v):
			t.Fatalf("xssMay(%q) = false, detectXSS reports", v)
		case !libinjectionMay(v, xssSignals(v)) && libinjection.IsXSS(v):
			t.Fatalf("libinjectionMay(%q) = false, IsXSS reports", v)
		case !traversalMay(v, &w) && detectTraversalUngated(v, &w):
			t.Fatalf("traversalMay(%q) = false, detectTraversal reports", v)
		case !pathTraversalMay(v, &w) && detectPathTraversalUngated(v, &w):
			t.Fatalf("pathTraversalMay(%q) = false, detectPathTraversal reports", v)
		case mayBeSensitive(v) != mayBeSensitiveReference(v):
			t.Fatalf("mayBeSensitive(%q) differs from its former reading", v)
		case w != scanWebReference(v):
			t.Fatalf("scanWeb(%q) = %+v, want %+v", v, w, scanWebReference(v))
		}
		p := getFoldBuf(len(v))
		sig := scanXSS(v, p)
		if matchXSSRules(sig, *p) != (matchRules(xssRules, sig, *p) >= 0) {
			t.Fatalf("matchXSSRules(%q) differs from matchRules", v)
		}
		putFoldBuf(p)
	})
}

// TestPathTraversalLowerLength: a path whose lower case is longer or shorter in UTF-8 (invalid
// bytes, which strings.ToLower writes as U+FFFD, or U+0130) and shows a code host's view is
// judged without slicing past its end (it panicked: the index was read on the lower-cased copy).
func TestPathTraversalLowerLength(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want bool
	}{
		{"/" + strings.Repeat("\xff", 12) + "/a/b/blob/m/x", false},
		{"/a/b/blob/main/x" + strings.Repeat("\xff", 20), false},
		{"/\u0130\u0130\u0130/a/b/blob/main/etc/passwd", false},
		{"/" + strings.Repeat("\xff", 4) + "/a/b/blob/main/.env", false},
		{"/" + strings.Repeat("\xff", 4) + "/.git/a/b/blob/main/x", true},
	} {
		if got := detectPathTraversal(tc.v); got != tc.want {
			t.Errorf("detectPathTraversal(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
