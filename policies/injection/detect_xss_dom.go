package injection

import (
	"strings"
	"unsafe"
)

// domWriteRule finds an assignment that writes the page from script: the document's location,
// an element's markup, or its text from a string literal. It only means something where the
// value is script, so domWrite asks jsReachable about each match.
var domWriteRule = rule(xEq, 0, "location innerhtml outerhtml textcontent", `\bwindow\s*\.\s*location\s*=|\blocation\s*\.\s*(?:href|hash|replace)\s*=|\.innerhtml\s*=|\.outerhtml\s*=|\.textcontent\s*=\s*['"]`)

// maxDOMWrites bounds the matches domWrite examines; a value with more reports (conservative).
const maxDOMWrites = 16

// domWrite reports a DOM write (domWriteRule) in the folded value l (s as sent, the same
// length) that some JavaScript context can run: jsReachable of the text before it.
func domWrite(s string, l []byte) bool {
	if !domWriteRule.match(xEq, l) {
		return false
	}
	ls := unsafe.String(unsafe.SliceData(l), len(l))
	ms := domWriteRule.re.FindAllStringIndex(ls, maxDOMWrites+1)
	if len(ms) > maxDOMWrites || len(s) != len(l) {
		return len(ms) > 0
	}
	for _, m := range ms {
		if jsReachable(s[:m[0]]) {
			return true
		}
	}
	return false
}

// jsReachable reports whether text placed right after p, the start of a value, can be script in
// one of the contexts a value reaches script from: the value as the script itself, or inside a
// '...', "..." or `...` literal it closes. A script runs only once all of it parses, so a context
// is ruled out when p already holds a syntax error there: two names or numbers in a row on one
// line ("Why does my JavaScript", rawSyntaxError), or a literal closed and followed by a name
// ("...getElementById('total" closes ' and goes on with total). A literal never closed in p holds
// the text as a string. Line breaks (a comment or ASI could end a statement), "*/", escapes, "&"
// (an entity is a quote inside an event handler) and "<" (markup can open a script) make it
// answer true: they are read no further.
func jsReachable(p string) bool {
	if strings.ContainsAny(p, "\n\r\\&<") || strings.Contains(p, "*/") || strings.Contains(p, "\u2028") || strings.Contains(p, "\u2029") {
		return true
	}
	if !rawSyntaxError(p) || htmlScriptBefore(p) {
		return true
	}
	for _, q := range [...]byte{'\'', '"', '`'} {
		k := strings.IndexByte(p, q)
		if q == '`' {
			end := k
			if end < 0 {
				end = len(p)
			}
			if strings.Contains(p[:end], "${") {
				return true // a substitution is script inside the template
			}
		}
		if k < 0 {
			continue // the text stays inside the literal
		}
		rest := strings.TrimLeft(p[k+1:], " \t\f\v")
		if rest == "" || !jsWordByte(rest[0]) {
			return true // an operator, a bracket or another literal after it: it may parse
		}
		w := 0
		for w < len(rest) && jsWordByte(rest[w]) {
			w++
		}
		if rest[:w] == "in" || rest[:w] == "instanceof" {
			return true
		}
	}
	return false
}

// rawSyntaxError reports two operands in a row in p read as script from its start: a name that
// is not a keyword (isJSKeyword) or a number, then another, with only blanks between. It stops,
// answering false, at the first quote, backtick or "/" (a literal, a template, a comment or a
// regular expression it does not read).
func rawSyntaxError(p string) bool {
	prevOperand := false
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			i++
		case jsWordByte(c):
			j := i
			for j < len(p) && (jsWordByte(p[j]) || c >= '0' && c <= '9' && p[j] == '.') {
				j++
			}
			operand := !isJSKeyword(p, i, j)
			if operand && prevOperand {
				return true
			}
			prevOperand = operand
			i = j
		case c == '\'' || c == '"' || c == '`' || c == '/':
			return false
		default:
			prevOperand = false
			i++
		}
	}
	return false
}

// jsWordByte reports a byte of a JavaScript name or number (any byte of a non-ASCII character
// counts: names may hold letters of any script).
func jsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// htmlScriptBefore reports, in p, what makes the text after it script in HTML: a script scheme
// ("javascript:" and the like) or an attribute whose name starts with "on" (an event handler)
// given a value ("onbeforetoggle=x.innerHTML=..." after a quote that closed an attribute).
func htmlScriptBefore(p string) bool {
	if asciiContainsFold(p, "script:") {
		return true
	}
	for e := strings.IndexByte(p, '='); e >= 0; {
		j := e
		for j > 0 && isH5White(p[j-1]) {
			j--
		}
		k := j
		for k > 0 && jsWordByte(p[k-1]) {
			k--
		}
		if j-k >= 3 && (p[k] == 'o' || p[k] == 'O') && (p[k+1] == 'n' || p[k+1] == 'N') {
			return true
		}
		n := strings.IndexByte(p[e+1:], '=')
		if n < 0 {
			break
		}
		e += 1 + n
	}
	return false
}
