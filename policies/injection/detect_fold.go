package injection

import (
	"bytes"
	"strings"
	"sync"
)

// foldPool holds the scratch buffers the SQLi and XSS detectors fold a value into (ASCII
// lower-cased, SQL comments or control characters removed), so that inspecting a value allocates
// nothing in the steady state.
var foldPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// maxPooledFold keeps one huge value from pinning a huge buffer in the pool.
const maxPooledFold = 64 << 10

func getFoldBuf(n int) *[]byte {
	p := foldPool.Get().(*[]byte)
	if cap(*p) < n {
		*p = make([]byte, 0, n)
	}
	*p = (*p)[:0]
	return p
}

func putFoldBuf(p *[]byte) {
	if cap(*p) > maxPooledFold {
		return
	}
	foldPool.Put(p)
}

// signalRule is a small regular expression that runs only when the one-pass scan of the value
// found the signals it needs: any of need, and any of need2 when need2 is set. Go's RE2 costs
// tens of nanoseconds per byte for an unanchored pattern without a literal prefix, so the gates,
// not the patterns, carry the speed. The scan is cheap
// and exact, so most rules never run on ordinary text; the regular expressions stay small (RE2,
// linear) and run on the folded []byte without a string copy.
type signalRule struct {
	need, need2 uint64
	lits        [][]byte // when set, one of them must occur in the folded value as well
	re          *lazyRegexp
}

func (r *signalRule) match(sig uint64, folded []byte) bool {
	if r.need != 0 && sig&r.need == 0 || r.need2 != 0 && sig&r.need2 == 0 {
		return false
	}
	if len(r.lits) > 0 {
		found := false
		for _, l := range r.lits {
			if bytes.Contains(folded, l) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return r.re.Match(folded)
}

// rule builds a signalRule; lits is a space-separated list of literals, possibly empty.
func rule(need, need2 uint64, lits, pattern string) signalRule {
	r := signalRule{need: need, need2: need2, re: mustCompile(pattern)}
	for _, l := range strings.Fields(lits) {
		r.lits = append(r.lits, []byte(l))
	}
	return r
}

// matchRules reports the index of the first rule that matches, or -1.
func matchRules(rules []signalRule, sig uint64, folded []byte) int {
	for i := range rules {
		if rules[i].match(sig, folded) {
			return i
		}
	}
	return -1
}
