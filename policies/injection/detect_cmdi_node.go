package injection

import "strings"

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
