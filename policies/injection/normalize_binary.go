package injection

import "unicode/utf8"

// Binary bodies. A body whose bytes are largely not text (an upload sent without a media content
// type, or mislabelled as a form or text) cannot be parsed by an application into the JSON or
// prose an injection needs; inspecting all of it as text only finds noise (random bytes contain
// "<a", quotes and keywords by chance: a 512 KiB random body was blocked nearly every time).
// Such a body is inspected as the text it contains: the run of text it starts with, every run of
// at least minTextRun text bytes (printable ASCII, tab, CR, LF, valid multi-byte UTF-8), and every
// '&'-delimited segment that is all text and holds '=' (a form field smuggled between binary
// chunks, which a lenient form parser would still extract), decoded as a form field.

const (
	// binarySample is how much of the body decides whether it is binary.
	binarySample = 8 << 10
	// binaryRatio: a body is binary when more than 1/binaryRatio of its sample is not text.
	binaryRatio = 4
	// minTextRun is the shortest free-standing text run of a binary body that is inspected:
	// random bytes produce a run this long about once per 2 GiB.
	minTextRun = 20
)

// isBinaryBody reports whether more than a quarter of the body's first binarySample bytes are
// not text (invalid UTF-8, or control characters other than tab, CR and LF).
func isBinaryBody(b []byte) bool {
	if len(b) > binarySample {
		b = b[:binarySample]
	}
	if len(b) < 64 {
		return false
	}
	bad := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				bad++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		i += n
	}
	return bad*binaryRatio > len(b)
}

// binaryTextRuns emits the text of a binary body (see the top of this file).
func binaryTextRuns(b []byte, emit func(param) bool) bool {
	segStart, runStart := 0, 0
	segText := true
	leading := true
	for i := 0; i <= len(b); {
		end := i == len(b)
		c, n, text := byte('&'), 1, false
		if !end {
			c = b[i]
			switch {
			case c == '&':
			case c < utf8.RuneSelf:
				text = c >= 0x20 && c != 0x7f || c == '\t' || c == '\n' || c == '\r'
			default:
				r, w := utf8.DecodeRune(b[i:])
				n = w
				text = !(r == utf8.RuneError && w <= 1)
			}
		}
		if !text {
			if run := b[runStart:i]; leading && len(run) > 0 || len(run) >= minTextRun {
				if !emit(param{Loc: LocBody, Name: "body", Value: string(run)}) {
					return false
				}
			}
			leading = false
			runStart = i + n
			if c == '&' || end {
				if seg := b[segStart:i]; segText && len(seg) > 0 && bytesIndexByte(seg, '=') >= 0 {
					if !urlEncodedPairs(LocBody, string(seg), emit) {
						return false
					}
				}
				segStart, segText = i+n, true
			} else {
				segText = false
			}
		}
		if end {
			break
		}
		i += n
	}
	return true
}

func bytesIndexByte(b []byte, c byte) int {
	for i := range b {
		if b[i] == c {
			return i
		}
	}
	return -1
}
