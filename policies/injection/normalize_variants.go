package injection

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// maxVariants bounds the decoded forms of one value: as sent, percent-decoded, HTML-entity
// decoded, backslash-unescaped, and folded (overlong UTF-8, fullwidth, NUL, UTF-7).
const maxVariants = 6

// valueVariants returns the distinct forms of v that the detectors inspect: every value is
// inspected as sent and as decoded, so that neither an encoding nor its absence hides a payload.
// plus says whether "+" encodes a space. The result reuses buf.
func valueVariants(v string, plus bool, buf []string) []string {
	if classesOf(v)&(bcDecode|bcHigh) == 0 {
		// No "%", "+", "&", "\\", NUL or non-ASCII byte: every decoder returns v unchanged.
		return append(buf[:0], v)
	}
	if plus {
		// A query or form value as the application receives it: decoded once, "+" as space.
		v = policies.PercentDecodeLoose(strings.ReplaceAll(v, "+", " "))
	}
	out := append(buf[:0], v)
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		if len(out) < maxVariants {
			out = append(out, s)
		}
	}
	d := urlDecodeRepeat(v, plus)
	add(d)
	h := htmlEntityDecode(d)
	if h != d {
		h = urlDecodeRepeat(htmlEntityDecode(urlDecodeRepeat(h, false)), false)
		add(h)
	}
	u := unescapeBackslash(h)
	if u != h {
		u = urlDecodeRepeat(htmlEntityDecode(u), false)
		add(u)
	}
	f := foldFullwidth(foldOverlong(u))
	if f == u && h != u {
		if g := foldFullwidth(foldOverlong(h)); g != h {
			f = g
		}
	}
	add(f)
	if u != d {
		// Overlong and look-alike forms read before the backslash escapes were undone: a
		// backslash decoded from %c0%5c is a path separator, not an escape.
		if g := foldFullwidth(foldOverlong(d)); g != d {
			add(g)
		}
	}
	if strings.Contains(f, "+AD") || strings.Contains(f, "+AC") {
		add(decodeUTF7(f))
	}
	return out
}
