package injection

import (
	"strings"
	"unicode/utf8"

	"github.com/edgeward/edgeward/policies"
)

// urlDecodeRepeat percent-decodes s until it no longer changes (policies.URLDecodeRepeat: the
// contract compares the names it notes with these). Overlong UTF-8 forms of ASCII (%c0%af for
// "/", %c0%ae for ".") and NUL bytes are folded or removed as decoding goes, since servers have
// accepted them as path characters.
func urlDecodeRepeat(s string, plus bool) string { return policies.URLDecodeRepeat(s, plus) }

// foldOverlong rewrites overlong UTF-8 encodings of ASCII bytes to the ASCII byte and drops NUL
// bytes: the two-byte forms with a 0xC0/0xC1 lead (read as lax decoders read them, whatever the
// second byte's top bits: %c0%6e is ".", %c0%5c is "\\"), and the three- to six-byte forms whose leading
// continuation bytes are all 0x80 (%e0%80%ae, %f0%80%80%ae, %f8%80%80%80%ae, %fc%80%80%80%80%ae).
// Servers have accepted them as path characters. Other invalid UTF-8 is kept as it is.
func foldOverlong(s string) string {
	if !hasOverlongLead(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		n := 0 // continuation bytes of an overlong form at i
		switch c {
		case 0:
			continue
		case 0xc0, 0xc1:
			if i+1 < len(s) && s[i+1] < 0xc0 {
				r := (c&0x01)<<6 | s[i+1]&0x3f
				if d := s[i+1]; d < 0x80 && r != '.' && r != '/' && r != '\\' {
					// An ASCII byte after a stray lead: lax decoders drop the lead (%c0%5c is "\\")
					// unless the low bits spell a path character (%c0%6e is ".").
					r = d
				}
				if r != 0 {
					b = append(b, r)
				}
				i++
				continue
			}
		case 0xe0:
			n = 2
		case 0xf0:
			n = 3
		case 0xf8:
			n = 4
		case 0xfc:
			n = 5
		}
		if n > 0 && i+n < len(s) && overlongASCII(s[i+1:i+1+n]) {
			if r := s[i+n]&0x3f | (s[i+n-1]&0x01)<<6; r != 0 {
				b = append(b, r)
			}
			i += n
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// hasOverlongLead reports a byte foldOverlong may rewrite or drop (NUL, or the lead byte of an
// overlong form); a string without one is returned as it is. (strings.ContainsAny would compare
// runes: every invalid UTF-8 byte of s would match the invalid bytes of the set.)
func hasOverlongLead(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, 0xc0, 0xc1, 0xe0, 0xf0, 0xf8, 0xfc:
			return true
		}
	}
	return false
}

// overlongASCII reports continuation bytes that encode an ASCII byte in more bytes than needed:
// all 0x80 but the last two, which carry at most 7 bits.
func overlongASCII(cont string) bool {
	for j := 0; j < len(cont); j++ {
		if cont[j]&0xc0 != 0x80 {
			return false
		}
		if j < len(cont)-2 && cont[j] != 0x80 || j == len(cont)-2 && cont[j]&0x3e != 0 {
			return false
		}
	}
	return true
}

// foldFullwidth maps fullwidth ASCII forms (U+FF01..U+FF5E), which some back ends normalise
// (NFKC) to ASCII, to their ASCII letters, and the slash look-alikes that Windows "best fit"
// mapping turns into path separators (U+2215 division slash, U+2044 fraction slash, U+2216 set
// minus) to "/" and "\\", as are the private-use code points IIS decoded %uEFC8 and %uF025 to.
func foldFullwidth(s string) string {
	if !strings.Contains(s, "\xef\xbc") && !strings.Contains(s, "\xef\xbd") && !strings.Contains(s, "\xe2\x88\x95") &&
		!strings.Contains(s, "\xe2\x81\x84") && !strings.Contains(s, "\xe2\x88\x96") && !strings.Contains(s, "\xee\xbf\x88") &&
		!strings.Contains(s, "\xef\x80\xa5") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xff01 && r <= 0xff5e:
			r = r - 0xff01 + '!'
		case r == 0x2215 || r == 0x2044 || r == 0xefc8 || r == 0xf025:
			r = '/'
		case r == 0x2216:
			r = '\\'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unescapeBackslash decodes the escape forms of JavaScript, JSON and C strings: \uXXXX,
// \u{X...}, \xXX, octal \NNN and the single-character escapes. Unknown escapes drop the
// backslash, as shells and JavaScript do.
func unescapeBackslash(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch {
		case (n == 'u' || n == 'U') && i+5 < len(s) && policies.IsHex(s[i+2]) && policies.IsHex(s[i+3]) && policies.IsHex(s[i+4]) && policies.IsHex(s[i+5]):
			r := rune(policies.Unhex(s[i+2]))<<12 | rune(policies.Unhex(s[i+3]))<<8 | rune(policies.Unhex(s[i+4]))<<4 | rune(policies.Unhex(s[i+5]))
			writeRuneOrByte(&b, r)
			i += 5
		case n == 'u' && i+2 < len(s) && s[i+2] == '{':
			j, r := i+3, rune(0)
			for j < len(s) && j < i+10 && policies.IsHex(s[j]) {
				r = r<<4 | rune(policies.Unhex(s[j]))
				j++
			}
			if j < len(s) && s[j] == '}' && j > i+3 {
				writeRuneOrByte(&b, r)
				i = j
			} else {
				b.WriteByte(n)
				i++
			}
		case (n == 'x' || n == 'X') && i+3 < len(s) && policies.IsHex(s[i+2]) && policies.IsHex(s[i+3]):
			b.WriteByte(policies.Unhex(s[i+2])<<4 | policies.Unhex(s[i+3]))
			i += 3
		case n >= '0' && n <= '7' && i+3 < len(s) && s[i+2] >= '0' && s[i+2] <= '7' && s[i+3] >= '0' && s[i+3] <= '7':
			v := int(n-'0')<<6 | int(s[i+2]-'0')<<3 | int(s[i+3]-'0')
			b.WriteByte(byte(v))
			i += 3
		case n == 'n':
			b.WriteByte('\n')
			i++
		case n == 'r':
			b.WriteByte('\r')
			i++
		case n == 't':
			b.WriteByte('\t')
			i++
		default:
			b.WriteByte(n)
			i++
		}
	}
	return b.String()
}

func writeRuneOrByte(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return
	}
	if utf8.ValidRune(r) {
		b.WriteRune(r)
	}
}

// htmlEntities are the named character references that attackers use to hide markup and
// scheme names; numeric references are decoded generally.
var htmlEntities = map[string]string{
	"lt": "<", "gt": ">", "quot": "\"", "apos": "'", "amp": "&", "tab": "\t", "newline": "\n",
	"colon": ":", "lpar": "(", "rpar": ")", "sol": "/", "bsol": "\\", "equals": "=", "semi": ";",
	"comma": ",", "period": ".", "excl": "!", "num": "#", "dollar": "$", "percnt": "%",
	"lsqb": "[", "rsqb": "]", "lbrack": "[", "rbrack": "]", "lcub": "{", "rcub": "}", "grave": "`",
	"nbsp": " ", "plus": "+", "ast": "*", "vert": "|", "Hat": "^", "lowbar": "_", "quest": "?",
}

// htmlEntityDecode decodes numeric (&#NN; &#xHH;, the semicolon optional as browsers accept)
// and the named references in htmlEntities, case-insensitively for the name.
func htmlEntityDecode(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '&' || i+2 >= len(s) {
			b.WriteByte(c)
			continue
		}
		if s[i+1] == '#' {
			j, r, hex := i+2, rune(0), false
			if s[j] == 'x' || s[j] == 'X' {
				hex = true
				j++
			}
			for j < len(s) && s[j] == '0' && j-i < 64 { // zero padding
				j++
			}
			start := j
			if j > i+2 && (j >= len(s) || !policies.IsHex(s[j])) {
				start = j - 1 // the value was all zeros
			}
			for j < len(s) && j-start < 8 {
				if hex && policies.IsHex(s[j]) {
					r = r<<4 | rune(policies.Unhex(s[j]))
				} else if !hex && s[j] >= '0' && s[j] <= '9' {
					r = r*10 + rune(s[j]-'0')
				} else {
					break
				}
				j++
			}
			if j > start {
				if j < len(s) && s[j] == ';' {
					j++
				}
				writeRuneOrByte(&b, r)
				i = j - 1
				continue
			}
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(s) && j-i <= 8 && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		if j < len(s) && s[j] == ';' {
			name := s[i+1 : j]
			if v, ok := htmlEntities[name]; ok {
				b.WriteString(v)
				i = j
				continue
			}
			if v, ok := htmlEntities[strings.ToLower(name)]; ok {
				b.WriteString(v)
				i = j
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// decodeUTF16 converts a UTF-16 body (declared by charset or a byte-order mark, or detected by
// NUL bytes in every other position) to UTF-8, so that a charset switch is no evasion.
func decodeUTF16(b []byte, declared string) ([]byte, bool) {
	if len(b) < 2 {
		return b, false
	}
	big := false
	switch {
	case b[0] == 0xfe && b[1] == 0xff:
		big, b = true, b[2:]
	case b[0] == 0xff && b[1] == 0xfe:
		b = b[2:]
	case strings.Contains(declared, "utf-16be"):
		big = true
	case strings.Contains(declared, "utf-16"):
		big = b[0] == 0 && b[1] != 0
	default:
		if len(b) < 4 {
			return b, false
		}
		zerosEven, zerosOdd := 0, 0
		n := min(len(b), 256) &^ 1
		for i := 0; i < n; i += 2 {
			if b[i] == 0 {
				zerosEven++
			}
			if b[i+1] == 0 {
				zerosOdd++
			}
		}
		switch {
		case zerosOdd*4 >= n && zerosEven == 0:
		case zerosEven*4 >= n && zerosOdd == 0:
			big = true
		default:
			return b, false
		}
	}
	out := make([]byte, 0, len(b))
	for i := 0; i+1 < len(b); i += 2 {
		var r rune
		if big {
			r = rune(b[i])<<8 | rune(b[i+1])
		} else {
			r = rune(b[i+1])<<8 | rune(b[i])
		}
		if r >= 0xd800 && r < 0xdc00 && i+3 < len(b) {
			var r2 rune
			if big {
				r2 = rune(b[i+2])<<8 | rune(b[i+3])
			} else {
				r2 = rune(b[i+3])<<8 | rune(b[i+2])
			}
			if r2 >= 0xdc00 && r2 < 0xe000 {
				r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
				i += 2
			}
		}
		out = utf8.AppendRune(out, r)
	}
	return out, true
}

// decodeUTF7 decodes the UTF-7 "+...-" base64 runs that spell ASCII (the classic "+ADw-script"
// evasion); other text is returned unchanged.
func decodeUTF7(s string) string {
	if !strings.Contains(s, "+A") {
		return s
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '+' || i+1 >= len(s) || s[i+1] == '-' {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		var bits, nbits uint32
		var units []rune
		for j < len(s) {
			k := strings.IndexByte(alphabet, s[j])
			if k < 0 {
				break
			}
			bits = bits<<6 | uint32(k)
			nbits += 6
			if nbits >= 16 {
				nbits -= 16
				units = append(units, rune(bits>>nbits&0xffff))
			}
			j++
		}
		if len(units) == 0 {
			b.WriteByte(s[i])
			continue
		}
		for _, r := range units {
			writeRuneOrByte(&b, r)
		}
		if j < len(s) && s[j] == '-' {
			j++
		}
		i = j - 1
	}
	return b.String()
}
