package injection

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies/internal/rx"
)

// The SQL family's gates (sqliMaySignals, clauseProbeGate, sqlBreakoutStart's signals,
// sqlWordLens, sqliRuleWindow, nosqlMayMatch) must change no verdict. These tests hold each gate against the
// ungated path (sqliGates, nosqlGates = false) on every value of the development corpora, raw
// and through valueVariants, and on mutations of them: case flips, comments and other blanks
// between words, percent-encoding (decoded again by valueVariants).

// gateCorpora are the corpora whose values the gates are checked on. The frozen held-outs are
// not read here: TestCorpusVerdicts compares their verdicts.
var gateCorpora = []string{
	"../testdata/injection_attacks.jsonl",
	"../testdata/injection_benign.jsonl",
	"../testdata/crs/crs-regression-pl2.jsonl",
	"../testdata/thirdparty/thirdparty-dev.jsonl",
	// The shapes the family's precision work lets pass (prose quoting SQL, DSLs, WKT, Mongo
	// objects in prose): the gates are held to the ungated verdicts on them too.
	"../testdata/benigndev2/benign-dev2.jsonl",
}

// gateValues returns the values of the corpora as the detectors see them: the path and its
// query parameters, header values, the body, its form fields and its JSON strings and keys.
func gateValues(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	pairs := func(q string) {
		for _, kv := range strings.Split(q, "&") {
			k, v, _ := strings.Cut(kv, "=")
			add(k)
			add(v)
		}
	}
	for _, path := range gateCorpora {
		cases := loadCorpus(t, path)
		for _, c := range cases {
			add(c.Path)
			if p, q, ok := strings.Cut(c.Path, "?"); ok {
				add(p)
				pairs(q)
			}
			for _, v := range c.Headers {
				add(v)
			}
			add(c.Body)
			pairs(c.Body)
			jsonStrings(c.Body, add)
		}
	}
	if len(out) < 10000 {
		t.Fatalf("only %d values in %v", len(out), gateCorpora)
	}
	return out
}

// jsonStrings calls add with every string and key of a JSON document, walking it with a stack.
func jsonStrings(body string, add func(string)) {
	var doc any
	if json.Unmarshal([]byte(body), &doc) != nil {
		return
	}
	stack := []any{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch x := n.(type) {
		case string:
			add(x)
		case []any:
			stack = append(stack, x...)
		case map[string]any:
			for k, v := range x {
				add(k)
				stack = append(stack, v)
			}
		}
	}
}

// gateMutations returns v and what an attacker would send instead: case flipped, words joined by
// comments, tabs or newlines, and percent-encoded (then decoded by valueVariants).
func gateMutations(v string) []string {
	out := []string{v, strings.ToUpper(v), strings.ToLower(v)}
	b := []byte(v)
	for i := range b {
		if i%2 == 0 && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		} else if i%2 == 1 && b[i] >= 'A' && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	out = append(out, string(b))
	if strings.Contains(v, " ") {
		out = append(out, strings.ReplaceAll(v, " ", "/**/"), strings.ReplaceAll(v, " ", "\t"),
			strings.ReplaceAll(v, " ", "\n "), strings.ReplaceAll(v, " ", "/*!50000 "), strings.ReplaceAll(v, " ", "-- \n"))
	}
	if strings.Contains(v, " ") {
		out = append(out, strings.ReplaceAll(v, " ", " \U0001D538\u00e9 ")) // 4- and 2-byte characters
	}
	out = append(out, url.QueryEscape(v), " "+v, v+"#", "'"+v, v+";", "("+v+")", "1 "+v,
		strings.Repeat("ab ", 300)+v, v+" --  \n")
	return out
}

// withGates runs fn with the gates of the SQL family set to on.
func withGates(on bool, fn func()) {
	sg, ng := sqliGates, nosqlGates
	sqliGates, nosqlGates = on, on
	defer func() { sqliGates, nosqlGates = sg, ng }()
	fn()
}

// TestSQLiGatesSound: on every corpus value, variant and mutation, each gate that says no is
// followed by an ungated detector that says no, and every detector of the family returns what
// it returns ungated.
func TestSQLiGatesSound(t *testing.T) {
	values := gateValues(t)
	var buf []string
	checked, ruledOut := 0, 0
	fails := 0
	for n, v := range values {
		ms := gateMutations(v)
		if len(v) > 512 {
			ms = ms[:1] // long bodies raw only: their fields are values of their own
		} else {
			// The value and two of its mutations, a different two for each value, so that
			// every mutation runs on hundreds of values.
			k := 1 + n%(len(ms)-1)
			ms = []string{ms[0], ms[k], ms[1+(k%(len(ms)-1))]}
		}
		for _, m := range ms {
			buf = valueVariants(m, true, buf)
			if len(m) > 4096 {
				// A long body once: the ungated rules read all of it, at microseconds a byte.
				buf = buf[:0]
			}
			for _, x := range append(buf, m) {
				checked++
				if gateDisagrees(t, x, m == v && len(m) <= 4096, &ruledOut) {
					if fails++; fails > 20 {
						t.Fatal("too many failures")
					}
				}
			}
		}
	}
	if checked < 50000 {
		t.Fatalf("only %d values checked", checked)
	}
	t.Logf("%d values (%d from the corpora) checked, %d ruled out by sqliMaySignals", checked, len(values), ruledOut)
}

// gateDisagrees checks one value; strict says to check sensitivity 3 and 4's pass as well.
func gateDisagrees(t *testing.T, x string, strict bool, ruledOut *int) bool {
	t.Helper()
	p := getFoldBuf(len(x))
	defer putFoldBuf(p)
	sig, strong := scanSQL(x, p)
	if sig2, strong2 := scanSQL(x, nil); sig2 != sig || strong2 != strong {
		t.Errorf("scanSQL(%q, nil) = %x, %d; folding %x, %d", x, sig2, strong2, sig, strong)
		return true
	}
	var ungated, ungatedStrict3, ungatedStrict4, ungatedNoSQL, ungatedProbe, ungatedBreakout bool
	withGates(false, func() {
		ungated = detectSQLi(x)
		if strict {
			ungatedStrict3 = detectSQLiStrict(x, 3)
			ungatedStrict4 = detectSQLiStrict(x, 4)
		}
		ungatedNoSQL = detectNoSQL(x)
		ungatedProbe = clauseProbeGate(x, *p, sig) && clauseProbe.MatchString(x)
		ungatedBreakout = breakoutStartGate(x) && sqlBreakoutStart.MatchString(x)
	})
	bad := false
	if sig&sqliMaySignals == 0 {
		*ruledOut++
		if ungated {
			t.Errorf("sqliMaySignals rules out %q (signals %x), ungated detectSQLi says true", x, sig)
			bad = true
		}
	}
	if ungatedProbe && !clauseProbeGate(x, *p, sig) {
		t.Errorf("clauseProbeGate(%q) = false, clauseProbe matches", x)
		bad = true
	}
	if ungatedBreakout && sig&(sqQuotes|sqParen|sqSemi|swFrom) == 0 {
		t.Errorf("sqlBreakoutStart matches %q without its signals (%x)", x, sig)
		bad = true
	}
	for i, w := range sqliRuleWindow {
		if w == 0 {
			continue
		}
		whole := sqliRules[i].re.Match(*p)
		if tail := commentTail(*p, w); whole != (tail != nil && sqliRules[i].re.Match(tail)) {
			t.Errorf("rule %d on %q: %v on the whole value, not on its tail %q", i, x, whole, tail)
			bad = true
		}
	}
	may := nosqlMayMatch(x)
	l := strings.ToLower(x)
	for i := range nosqlInValue {
		if may&(1<<i) == 0 && nosqlInValue[i].re.MatchString(l) {
			t.Errorf("nosqlMayMatch(%q) rules out pattern %d, which matches", x, i)
			bad = true
		}
	}
	if got := detectSQLi(x); got != ungated {
		t.Errorf("detectSQLi(%q) = %v, ungated %v", x, got, ungated)
		bad = true
	}
	if !strict {
		// nothing more
	} else if got := detectSQLiStrict(x, 3); got != ungatedStrict3 {
		t.Errorf("detectSQLiStrict(%q, 3) = %v, ungated %v", x, got, ungatedStrict3)
		bad = true
	}
	if !strict {
		// nothing more
	} else if got := detectSQLiStrict(x, 4); got != ungatedStrict4 {
		t.Errorf("detectSQLiStrict(%q, 4) = %v, ungated %v", x, got, ungatedStrict4)
		bad = true
	}
	if got := detectNoSQL(x); got != ungatedNoSQL {
		t.Errorf("detectNoSQL(%q) = %v, ungated %v", x, got, ungatedNoSQL)
		bad = true
	}
	return bad
}

// TestSQLWordLensFromWords: sqlWordLens lets every word of sqlWords through and lookupSQLWord
// agrees with the map on every word of the corpora.
func TestSQLWordLensFromWords(t *testing.T) {
	for w, want := range sqlWords {
		got, ok := lookupSQLWord([]byte(w))
		if !ok || got != want {
			t.Errorf("lookupSQLWord(%q) = %v, %v; want %v", w, got, ok, want)
		}
	}
	n := 0
	for _, v := range gateValues(t) {
		for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return !(r < 0x80 && isWordByte(byte(r))) }) {
			if len(w) < 2 || len(w) > 24 || !(w[0] == '_' || w[0] >= 'a' && w[0] <= 'z') {
				continue
			}
			n++
			want, wok := sqlWords[w]
			if got, ok := lookupSQLWord([]byte(w)); ok != wok || got != want {
				t.Fatalf("lookupSQLWord(%q) = %v, %v; the map says %v, %v", w, got, ok, want, wok)
			}
		}
	}
	if n == 0 {
		t.Fatal("no words checked")
	}
}

// TestNoSQLNeedsFromPatterns: each byte nosqlNeeds requires of a pattern is one the pattern's own
// prefilter (read by rx from its syntax tree) requires: a text with every literal of the
// prefilter but without that byte (or without every byte of the "any" set) cannot match.
func TestNoSQLNeedsFromPatterns(t *testing.T) {
	if len(nosqlNeeds) != len(nosqlInValue) {
		t.Fatalf("%d needs for %d patterns", len(nosqlNeeds), len(nosqlInValue))
	}
	bytesOf := map[uint8]string{nsSemi: ";", nsOpen: "(", nsClose: ")", nsEq: "=", nsDot: ".", nsBar: "|&", nsQuote0: `"'`}
	for i, n := range nosqlNeeds {
		if const3 := nsSemi | nsOpen | nsEq; n.all&const3 == 0 && (n.any == 0 || n.any&^const3 != 0) {
			t.Errorf("pattern %d needs none of ; ( =, which detectNoSQL rules values out without", i)
		}
		pat := nosqlInValue[i].re.String()
		may := rx.MayMatch(pat)
		all := prefilterLiterals(t, rx.PrefilterString(pat))
		if !may(all) {
			t.Fatalf("pattern %d: the prefilter rejects the text of all its literals %q", i, all)
		}
		check := func(bit uint8, what string) {
			stripped := strings.Map(func(r rune) rune {
				if strings.ContainsRune(bytesOf[bit], r) {
					return -1
				}
				return r
			}, all)
			if may(stripped) {
				t.Errorf("pattern %d (%s): the prefilter does not need %q", i, what, bytesOf[bit])
			}
		}
		for bit := uint8(1); bit != 0 && bit <= nsQuote0; bit <<= 1 {
			if n.all&bit != 0 {
				check(bit, "all")
			}
		}
		if n.any != 0 {
			var set string
			for bit := uint8(1); bit != 0 && bit <= nsQuote0; bit <<= 1 {
				if n.any&bit != 0 {
					set += bytesOf[bit]
				}
			}
			bytesOf[0xff] = set
			check(0xff, "any")
		}
	}
}

// prefilterLiterals joins, with blanks, every quoted literal of rx.PrefilterString's output.
func prefilterLiterals(t *testing.T, desc string) string {
	t.Helper()
	var lits []string
	for i := 0; i < len(desc); i++ {
		if desc[i] != '"' {
			continue
		}
		q, err := strconv.QuotedPrefix(desc[i:])
		if err != nil {
			t.Fatalf("prefilter %s: %v", desc, err)
		}
		l, _ := strconv.Unquote(q)
		lits = append(lits, l)
		i += len(q) - 1
	}
	if len(lits) == 0 {
		t.Fatalf("prefilter %s has no literal", desc)
	}
	return strings.Join(lits, " ")
}

// TestNoSQLOperatorFold: nosqlOperator agrees with a lookup of the lower-cased name, Unicode
// folds included ($loo\u212Aup folds to $lookup).
func TestNoSQLOperatorFold(t *testing.T) {
	names := []string{"ne", "NE", "Where", "unionWith", "loo\u212Aup", "İn", "x", "", strings.Repeat("a", 40)}
	for op := range nosqlOperators {
		names = append(names, op, strings.ToUpper(op))
	}
	for _, n := range names {
		wantTop, wantOK := nosqlOperators[strings.ToLower(n)]
		if top, ok := nosqlOperator(n); top != wantTop || ok != wantOK {
			t.Errorf("nosqlOperator(%q) = %v, %v; want %v, %v", n, top, ok, wantTop, wantOK)
		}
	}
}
