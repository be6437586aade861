package injection

import (
	"encoding/base64"
	"strings"
)

// nodeRuntime matches a value that is itself an expression reaching Node.js's runtime by a
// computed member or a call: process[...], require(...) or require[...], global[...],
// globalThis[...], or an assignment to module.exports ("process[\"env\"]",
// "require[req.query.a]", "module.exports="). Placed in a server-side JavaScript sink that
// evaluates it (eval, vm, new Function), it reads the environment, loads modules or replaces
// them. A dotted name alone ("process.env.DATABASE_URL" typed in a search box,
// "console.log('hi')") reads or prints, as code shown in text does. It is a command line's
// counterpart (sensitivity 2: the value is only itself), judged with JavaScript's identifier
// escapes (pr\u006fcess) decoded.
var nodeRuntime = mustCompile(`^(?:(?:process|global|globalThis)\s*\[|require\s*[\[(]|module\s*\.\s*exports\s*=)`)

// nodeRuntimeExpr reports nodeRuntime on s, trimmed, with \uXXXX escapes of ASCII letters decoded.
func nodeRuntimeExpr(s string) bool {
	t := strings.TrimSpace(s)
	if len(t) < 7 || t[0] != 'p' && t[0] != 'r' && t[0] != 'm' && t[0] != 'g' {
		return false
	}
	if strings.Contains(t, `\u`) {
		t = decodeJSIdentEscapes(t)
	}
	return nodeRuntime.MatchString(t)
}

// decodeJSIdentEscapes turns \uXXXX escapes of ASCII letters and digits into the characters.
func decodeJSIdentEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' {
			v := 0
			ok := true
			for _, c := range []byte(s[i+2 : i+6]) {
				switch {
				case c >= '0' && c <= '9':
					v = v*16 + int(c-'0')
				case c >= 'a' && c <= 'f':
					v = v*16 + int(c-'a'+10)
				case c >= 'A' && c <= 'F':
					v = v*16 + int(c-'A'+10)
				default:
					ok = false
				}
			}
			if ok && v < 0x80 && isAlnum(byte(v)) {
				b.WriteByte(byte(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// serializedCode reports a value that is base64 (as a session cookie carries it) of
// JavaScript for a deserializing sink: node-serialize's function marker (_$$ND_FUNC$$_, whose
// function unserialize() calls) or an expression reaching the runtime (require("child_process")...).
// JavaScript's \uXXXX escapes are decoded before and after; only printable decodings are read.
func serializedCode(s string) bool {
	t := strings.TrimSpace(s)
	if strings.Contains(t, `\u`) {
		t = decodeJSIdentEscapes(t)
	}
	if len(t) < 16 || len(t) > 4096 || !base64Text(t) {
		return false
	}
	// The first decoded byte comes from the first two characters: a marker or an expression
	// starts with "_", a letter of require, process, module, global, or a "\" escape. Tokens
	// and hashes rarely do; the rest is decoded only then.
	if first := b64Val(t[0])<<2 | b64Val(t[1])>>4; strings.IndexByte("_rpmg\\", byte(first)) < 0 {
		return false
	}
	d, err := base64.StdEncoding.DecodeString(t)
	if err != nil {
		d, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(t, "="))
		if err != nil {
			return false
		}
	}
	for _, c := range d {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c >= 0x7f {
			return false
		}
	}
	js := string(d)
	if strings.Contains(js, `\u`) {
		js = decodeJSIdentEscapes(js)
	}
	return strings.Contains(js, "_$$ND_FUNC$$_") || nodeRuntimeExpr(js)
}

// base64Text reports a string of the standard base64 alphabet, padding only at its end.
func base64Text(s string) bool {
	pad := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			pad = true
		case pad:
			return false
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/':
		default:
			return false
		}
	}
	return true
}

// b64Val is the 6-bit value of a base64 character (base64Text has checked the alphabet).
func b64Val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	}
	return 63
}
