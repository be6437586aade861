package injection

import (
	"bytes"
	"strings"
	"unsafe"

	libinjection "github.com/corazawaf/libinjection-go"
	"github.com/edgeward/edgeward/policies/internal/textx"
)

// Cross-site scripting signals found by scanXSS in one pass over a value.
const (
	xLt        uint64 = 1 << iota // <
	xEq                           // =
	xColon                        // :
	xParen                        // (
	xTick                         // `
	xBracket                      // [
	xBrace                        // {{
	xBackslash                    // \
	xDot                          // .
	xQuote                        // ' or "
	xBang                         // !
	xCtl                          // tab, CR or LF (folded to a space)
	xHalfTag                      // 0xBC "/script" 0xBE: US-ASCII with the high bit set (¼/script¾)
	xSep                          // space, > or / (ends an unquoted attribute value)
)

// xssByteSig maps single bytes to their signal.
var xssByteSig = func() (t [256]uint64) {
	for c, s := range map[byte]uint64{'<': xLt, '=': xEq, ':': xColon, '(': xParen, '`': xTick, '[': xBracket,
		'\\': xBackslash, '.': xDot, '\'': xQuote, '"': xQuote, '!': xBang, '\t': xCtl | xSep, '\n': xCtl | xSep, '\r': xCtl | xSep, ' ': xSep, '>': xSep, '/': xSep, '\f': xSep} {
		t[c] = s
	}
	return t
}()

// xssNeed is what any XSS payload needs: markup, an attribute, a scheme, a call, an index or a
// declaration.
const xssNeed = xLt | xEq | xColon | xParen | xTick | xBracket | xBrace | xBackslash | xHalfTag | xBang

// scanXSS folds s into *buf (ASCII lower case, tab/CR/LF as spaces) and returns its signals.
func scanXSS(s string, buf *[]byte) uint64 {
	b := (*buf)[:0]
	var sig uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		sig |= xssByteSig[c]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '\t' || c == '\n' || c == '\r':
			c = ' '
		case c == '{' || c == 0xbc:
			sig |= xssPairSig(s, i)
		}
		b = append(b, c)
	}
	*buf = b
	return sig
}

// xssSignals returns scanXSS's signals without folding: detectXSS's cheap pass.
func xssSignals(s string) uint64 {
	var sig uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		sig |= xssByteSig[c]
		if c == '{' || c == 0xbc {
			sig |= xssPairSig(s, i)
		}
	}
	return sig
}

// xssPairSig returns the signals that take more than the byte at s[i]: "{{" and the half-tag.
func xssPairSig(s string, i int) uint64 {
	switch c := s[i]; {
	case c == '{' && i+1 < len(s) && s[i+1] == '{':
		return xBrace
	case c == 0xbc && i+9 < len(s) && strings.EqualFold(s[i+1:i+8], "/script") && (s[i+8] == 0xbe || s[i+9] == 0xbe):
		return xHalfTag
	}
	return 0
}

// xssRules catch script contexts libinjection's HTML5 tokenizer does not flag: script URLs,
// dangerous tags and attributes without a closing bracket, template-injection sinks and direct
// calls of the dialog functions used to prove XSS. They run on the folded value.
var xssRules = []signalRule{
	// A scheme in markdown inline code ("strips `javascript:` URLs") is not a URL: no scheme
	// starts with a backtick, and inside the span the scheme has no code.
	rule(xColon, 0, "script", `(?:^|[\s"'=(,:])(?:java|vb|live|mocha)script\s*:(?:[^\n]{1,10}?){0,6}?[(\x60=/;+\[\\]`),
	rule(xColon, 0, "script:", `(?:^|[\s"'=(,:])(?:java|vb|live|mocha)script:[^\s]`),
	rule(xParen, 0, "url", `\burl\s*\(\s*['"]?\s*(?:java|vb)script\b`),
	rule(xColon, 0, "data", `^\s*data\s*:\s*(?:text/html|image/svg\+xml|application/(?:x-)?javascript)|\bdata\s*:\s*text/html\s*[;,]`),
	rule(xEq, 0, "on", `[\s"'/;\x60]on(?:error|load|mouse\w+|focus\w*|blur|click|dblclick|key\w+|submit|change|input|toggle|begin|end|animation\w+|transition\w+|pageshow|hashchange|message|wheel|scroll|drag\w*|drop|copy|cut|paste|pointer\w+|touch\w+|resize|unload|beforeunload|select|play|playing|start|finish|readystatechange|show|search|invalid|auxclick|contextmenu|zoom)\s*=`),
	rule(xEq, xParen|xTick, "on", `[\s"'/;\x60]on[a-z]{4,}\s*=\s*['"]?\s*[\w$.\[\]'"]*\s*[(\x60]`),
	rule(xParen|xTick, 0, "alert prompt confirm", `(?:^|[^\w.$])(?:alert|prompt|confirm)\s*(?:\(\s*(?:\d|document\b|window\b|origin\b|location\b|['"\x60]?xss|/|\)|\[)|\x60)`),
	rule(0, 0, "document", `(?:^|[(=+,;:!]\s*)document\s*(?:/\*[^*]{0,40}\*/\s*)*\)?\s*(?:\.\s*(?:/\*[^*]{0,40}\*/\s*)*(?:cookie|domain)\b|\[\s*['"\x60]\s*(?:cookie|domain|write|location))|document\s*\.\s*write(?:ln)?\s*\(`),
	// A global indexed by a name of script (self["alert"]), JavaScript comments between tokens.
	rule(xBracket, 0, "window self top parent globalthis this frames document", `\b(?:window|self|top|parent|globalthis|this|frames|document)\s*(?:/\*[^*]{0,40}\*/\s*)*\[\s*(?:/\*[^*]{0,40}\*/\s*)*['"\x60]\s*(?:alert|eval|document|location|prompt|confirm|cookie)`),
	// An attribute value closed and an active attribute begun at once: after a quoted value, HTML
	// reads the next name as a new attribute even with no blank between ('formaction=, <"onx=).
	rule(xQuote, xEq, "", `^[^\s'"]{0,40}['"]\s*/?\s*(?:on[a-z]{3,}|formaction|srcdoc)\s*=`),
	// A template expression's names: "{{ .Alerts }}" is a field named Alerts, not alert.
	rule(xBrace, 0, "constructor $eval $on alert prompt new call", `\{\{(?:.{1,10}?){0,10}?(?:constructor|\$eval|\$on|\balert\b|\bprompt\b|\bnew\b|\bcall\b)`),
	rule(xParen, 0, "constructor", `\bconstructor\s*\.\s*constructor\s*\(`),
	rule(xParen|xTick, 0, "call apply bind", `\.\s*(?:call|apply|bind)\s*(?:\x60|\(\s*(?:null|window|this|top)\s*,\s*['"\x60]?(?:alert|eval))`),
	rule(xParen, 0, "expression", `\bexpression\s*\(`),
	rule(xColon, 0, "binding", `-moz-binding\s*:`),
	rule(xColon, 0, "behavior", `\bbehavior\s*:\s*url\s*\(`),
	rule(xParen, 0, "settimeout setinterval execscript", `\b(?:settimeout|setinterval|execscript)\s*\(\s*(?:name\b|['"\x60]|location|atob|string\.fromcharcode)`),
	rule(xParen, 0, "eval", `\beval\s*\(\s*(?:atob|string\.fromcharcode|unescape|decodeuri|name\b|location|['"\x60])`),
	rule(xParen, 0, "fromcharcode", `\bstring\.fromcharcode\s*\(`),
	rule(xEq, 0, "srcdoc", `\bsrcdoc\s*=`),
	rule(xLt, 0, "cdata", `<!\[cdata\[(?:.{1,10}?){0,10}?<`),
	rule(xLt, 0, "<?xml-stylesheet", `<\?xml-stylesheet\b`),
	// Server-side includes, XML entities and XInclude, VML frames.
	rule(xLt, 0, "<!--", `<!--\s*#\s*(?:exec|echo|include|set|config|printenv|fsize|flastmod)\b`),
	rule(xBang, 0, "entity", `!entity\s+%?\s*[\w.-]+\s+(?:system|public)\b`),
	rule(xLt, 0, "vmlframe include", `<[a-z]*:(?:vmlframe|include)\b|<vmlframe\b`),
	// JSFuck: ![] and !![] indexing (not Markdown's ![](image)).
	rule(xBang, xBracket, "![]", `!!\[\]|\(!\[\][+\s]*\[\]\)|\[\]\[\(!\[\]`),
}

// detectXSS reports cross-site scripting in s: a one-pass scan rules out ordinary text, then
// libinjection's HTML5 contexts, then the gated rules and the tag scanner.
func detectXSS(s string) bool {
	if !xssMay(s) {
		return false
	}
	return detectXSSUngated(s)
}

// xssMay is detectXSS's cheap pass, one read of s that copies nothing: xssVerdict answers false
// at once for a value without any signal of xssNeed and without "document" after a dot.
func xssMay(s string) bool {
	if len(s) < 3 {
		return false
	}
	sig := xssSignals(s)
	return sig&xssNeed != 0 || sig&xDot != 0 && asciiContainsFold(s, "document")
}

// detectXSSUngated is detectXSS without xssMay.
func detectXSSUngated(s string) bool {
	if len(s) < 3 {
		return false
	}
	p := getFoldBuf(len(s))
	sig := scanXSS(s, p)
	hit := xssVerdict(s, *p, sig)
	putFoldBuf(p)
	return hit
}

func xssVerdict(s string, l []byte, sig uint64) bool {
	if sig&xssNeed == 0 && (sig&xDot == 0 || !bytes.Contains(l, []byte("document"))) {
		return false
	}
	if sig&xHalfTag != 0 {
		return true
	}
	if sig&xLt != 0 && bytes.Contains(l, []byte("<iframe")) {
		if m, ok := maskPassiveFrames(l); ok {
			// Judge the rest without the framed pages (m holds no passive frame: one level).
			ms := string(m)
			return xssVerdict(ms, m, scanXSS(ms, &m))
		}
	}
	if inertWords(l) && inertWords(s) {
		return false
	}
	if sig&xLt != 0 && (inertMarkup(l) || passiveMarkup(l)) {
		return false
	}
	// Without "<", libinjection can only flag an attribute breakout: an "=" after a quote or a
	// separator.
	if (sig&xLt != 0 || sig&xEq != 0 && sig&(xQuote|xTick|xSep) != 0) && (sig&(xLt|xParen|xTick|xBackslash) != 0 ||
		strings.IndexByte(s, '&') >= 0 || bytes.Contains(l, []byte("script"))) &&
		!(sig&xLt != 0 && richTextOnly(l)) && libinjectionMay(s, sig) && libinjection.IsXSS(s) && !libStyleOnly(s) {
		// Without markup, a call, an escape or a script scheme, libinjection's attribute context
		// flags plain CSS such as "style=color:red". The cheap conditions run first.
		return true
	}
	if sig&xCtl != 0 && sig&xColon != 0 && splitScheme(l) {
		return true
	}
	rl := l
	if sig&xLt != 0 && (bytes.Contains(l, []byte("<pre")) || bytes.Contains(l, []byte("<code"))) && richTextOnly(l) {
		// Rich text showing code (<pre><code class="language-js">window.location.href = ...): the
		// text of an element is shown, not run; tags inside would make it markup again.
		if m := maskElementText(l, "pre", maskElementText(l, "code", nil)); m != nil {
			rl = m
		}
	}
	if matchXSSRules(sig, rl) {
		return true
	}
	if sig&xEq != 0 && domWrite(s, rl) {
		return true
	}
	return sig&xLt != 0 && xssTags(l)
}

// matchXSSRules reports whether one of xssRules matches the folded value l, as matchRules does,
// and runs each pattern through MatchString, which checks the pattern's literals (rx's
// prefilter) before the matcher: on ordinary text the gates of a rule pass more often than its
// pattern's literals (the "on" of "application" or "session" for the event-handler rules).
func matchXSSRules(sig uint64, l []byte) bool {
	// A view of the pooled buffer, not a copy: l is not written while the view is in use, and
	// neither the prefilter nor the matcher keeps its input.
	ls := unsafe.String(unsafe.SliceData(l), len(l))
	letters := lettersOf(ls)
	for i := range xssRules {
		if r := &xssRules[i]; xssRuleGate(r, xssRuleLetters[i], sig, letters, l) && r.re.MatchString(ls) {
			return true
		}
	}
	return false
}

// xssRuleLetters are the letter sets of each rule's literals (detect_web_gate.go): a literal
// cannot occur in a value that lacks one of its letters.
var xssRuleLetters = func() [][]uint64 {
	out := make([][]uint64, len(xssRules))
	for i, r := range xssRules {
		lits := make([]string, len(r.lits))
		for k, l := range r.lits {
			lits[k] = string(l)
		}
		out[i] = letterSets(lits)
	}
	return out
}()

// xssRuleGate is signalRule.match's gate: the signals and literals a rule needs (the literals
// looked for only when the value has the letters of one of them).
func xssRuleGate(r *signalRule, sets []uint64, sig, letters uint64, l []byte) bool {
	if r.need != 0 && sig&r.need == 0 || r.need2 != 0 && sig&r.need2 == 0 {
		return false
	}
	if len(r.lits) == 0 {
		return true
	}
	if !lettersMay(letters, sets) {
		return false
	}
	for _, lit := range r.lits {
		if bytes.Contains(l, lit) {
			return true
		}
	}
	return false
}

// splitScheme reports a javascript: or vbscript: scheme with a tab or newline (folded to a space
// in l) inside the word, which browsers remove and no ordinary text contains.
func splitScheme(l []byte) bool {
	for _, scheme := range [...]string{"javascript:", "vbscript:"} {
		for i := bytes.IndexByte(l, scheme[0]); i >= 0 && i < len(l); {
			j, k, spaces := i, 0, 0
			for j < len(l) && k < len(scheme) {
				switch {
				case l[j] == scheme[k]:
					k++
				case l[j] == ' ' && k > 0:
					spaces++
				default:
					k = -1
				}
				if k < 0 {
					break
				}
				j++
			}
			if k == len(scheme) && spaces > 0 {
				return true
			}
			next := bytes.IndexByte(l[i+1:], scheme[0])
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return false
}

// dangerousTags are elements that run script or load content by themselves.
var dangerousTags = map[string]bool{"script": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "svg": true, "math": true, "meta": true, "base": true, "link": true, "style": true,
	"xss": true, "isindex": true, "template": true, "noscript": true, "x": true, "portal": true, "vmlframe": true,
	"layer": true, "ilayer": true}

// attrTags are elements whose event-handler or URL attributes run script.
var attrTags = map[string]bool{"img": true, "image": true, "body": true, "video": true, "audio": true, "source": true,
	"input": true, "form": true, "button": true, "details": true, "marquee": true, "a": true, "div": true, "p": true,
	"span": true, "table": true, "td": true, "select": true, "textarea": true, "keygen": true, "bgsound": true,
	"html": true, "xml": true, "import": true}

var dangerousAttr = mustCompile(`[\s/"'](?:on[a-z]{3,}|formaction|background|dynsrc|lowsrc|xlink:href|srcdoc|implementation)\s*=`)

// xssTags scans every "<" for a dangerous element, or an element with a script attribute before
// the tag ends (bounded by the next "<", so the scan is linear).
func xssTags(l []byte) bool {
	for i := bytes.IndexByte(l, '<'); i >= 0; {
		j := i + 1
		for j < len(l) && l[j] == '/' && j-i < 8 {
			j++
		}
		k := j
		for k < len(l) && k-j < 32 && (l[k] >= 'a' && l[k] <= 'z' || l[k] >= '0' && l[k] <= '9' || l[k] == ':' || l[k] == '-' || l[k] == '_') {
			k++
		}
		name := l[j:k]
		if dangerousTags[string(name)] && !passiveDocumentTag(l, i, j, k) {
			return true
		}
		next := bytes.IndexByte(l[k:], '<')
		seg := l[k:]
		if next >= 0 {
			seg = l[k : k+next]
		}
		if gt := bytes.IndexByte(seg, '>'); gt >= 0 {
			seg = seg[:gt]
		}
		if (attrTags[string(name)] || bytes.IndexByte(name, ':') >= 0) && dangerousAttr.Match(seg) {
			return true
		}
		if next < 0 {
			return false
		}
		i = k + next
	}
	return false
}

// inertWords reports a value (folded, and as sent) made only of letters, digits, "_", "." and single spaces,
// in two or more words none of which is a JavaScript keyword: "document.cookie explained". In
// markup it is text (no "<", quote or "="); in any script context two names in a row without an
// operator keyword between them ("a.b c") are a syntax error, so nothing in it runs or reads.
func inertWords[T string | []byte](l T) bool {
	words := 0
	for i := 0; i < len(l); {
		for i < len(l) && l[i] == ' ' {
			i++
		}
		j := i
		for j < len(l) && l[j] != ' ' {
			c := textx.LowerByte(l[j])
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
				return false
			}
			j++
		}
		if j > i {
			if isJSKeyword(l, i, j) || l[i] == '.' || l[j-1] == '.' {
				return false
			}
			words++
		}
		i = j
	}
	return words >= 2
}

// isJSKeyword reports that l[i:j] is a jsKeywords word, case-insensitively, without allocating.
func isJSKeyword[T string | []byte](l T, i, j int) bool {
	var b [12]byte
	if j-i > len(b) {
		return false
	}
	for k := i; k < j; k++ {
		b[k-i] = textx.LowerByte(l[k])
	}
	return jsKeywords[string(b[:j-i])]
}

// jsKeywords are the reserved and contextual words that can join two names into a valid
// expression or statement ("a in b", "typeof a", "return a", "using r = open()").
var jsKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`in instanceof of typeof void new delete await yield return throw
		case default do else var let const async get set static extends class function import export
		if for while with switch try catch finally break continue debugger enum super this null true
		false undefined implements interface package private protected public as from using accessor`) {
		m[w] = true
	}
	return m
}()

// inertMarkup reports prose that names tags without giving them anything to run: "how to escape
// <script> tags in HTML". Every tag is a bare <name> or </name> (attribute names at most, no
// value, no comment, no
// "<!" or "<?", no stray ">"), at least three words of prose stand outside the tags, and the
// text a <script> element would run has none of what JavaScript needs to act: no call or
// grouping "(", no assignment "=", no "[", "+", "{", no escape "\", and no tagged template (a
// backtick after a name, ")" or "]"). Raw-text elements that load or style (style, xmp,
// noscript, plaintext) are never inert.
func inertMarkup(l []byte) bool {
	words, tags := 0, 0
	inScript := false
	scriptStart := 0
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '<':
			j := i + 1
			closing := j < len(l) && l[j] == '/'
			if closing {
				j++
			}
			k := j
			for k < len(l) && k-j < 16 && (l[k] >= 'a' && l[k] <= 'z' || l[k] >= '0' && l[k] <= '9') {
				k++
			}
			if k == j {
				if j < len(l) && (l[j] == '!' || l[j] == '?' || closing) {
					return false
				}
				continue // "<" in text: a < b, <3
			}
			name := string(l[j:k])
			// Bare attribute names without values ("<a href>") give a tag nothing to run.
			for !closing && k < len(l) && l[k] == ' ' {
				a := k + 1
				for a < len(l) && (l[a] >= 'a' && l[a] <= 'z' || l[a] == '-' || l[a] == '*') {
					a++
				}
				if a == k+1 {
					break
				}
				k = a
			}
			if k >= len(l) || l[k] != '>' {
				return false
			}
			switch name {
			case "style", "xmp", "noscript", "plaintext", "noembed", "noframes", "template":
				return false
			case "script":
				if closing {
					if inScript && !inertScript(l[scriptStart:i]) {
						return false
					}
					inScript = false
				} else if !inScript {
					inScript, scriptStart = true, k+1
				}
			}
			tags++
			i = k
		case c == '>':
			return false
		case c >= 'a' && c <= 'z':
			j := i
			for j < len(l) && l[j] >= 'a' && l[j] <= 'z' {
				j++
			}
			if j-i >= 3 && (j == len(l) || l[j] == ' ' || l[j] == ',' || l[j] == '.' || l[j] == '?' || l[j] == '!') &&
				(i == 0 || l[i-1] == ' ') {
				words++
			}
			i = j - 1
		}
	}
	if inScript && !inertScript(l[scriptStart:]) {
		return false
	}
	return tags > 0 && words >= 3
}

// inertScript reports script text that can neither call, assign, index, concatenate nor tag a
// template.
func inertScript(s []byte) bool {
	if bytes.ContainsAny(s, "()=[]+{}\\") {
		return false
	}
	for i := bytes.IndexByte(s, '`'); i >= 0; {
		k := i - 1
		for k >= 0 && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
			k--
		}
		if k >= 0 && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= '0' && s[k] <= '9' || s[k] == '_' || s[k] == '$' || s[k] == ')' || s[k] == ']' || s[k] >= 0x80) {
			return false
		}
		n := bytes.IndexByte(s[i+1:], '`')
		if n < 0 {
			break
		}
		i += 1 + n
	}
	return true
}

// activeTags are elements that run script, load or frame content, navigate, submit, animate
// attributes or restyle the page; a passive document (passiveMarkup) has none of them.
var activeTags = func() map[string]bool {
	m := map[string]bool{}
	for t := range dangerousTags {
		m[t] = true
	}
	for _, t := range strings.Fields("a area form button input select textarea keygen img image iframe frame " +
		"embed object applet base link meta style script animate animatetransform animatemotion set use " +
		"foreignobject feimage handler listener maction math template portal video audio source track body " +
		"html head xml import marquee bgsound isindex details dialog xss vmlframe include stylesheet transform") {
		m[t] = true
	}
	delete(m, "svg")
	return m
}()

// localURLRef is an SVG paint or clip reference to an element of the same document.
var localURLRef = mustCompile(`url\(#(?:[a-z0-9_-]{1,8}){1,8}\)`)

// activeAttrName finds an attribute that runs script, loads a resource (a schema too) or animates one.
var activeAttrName = mustCompile(`(?:^|[\s/"'])(?:on[a-z]+|href|src|srcset|xlink:[a-z]+|action|formaction|srcdoc|data|background|dynsrc|lowsrc|code|codebase|poster|values|attributename|from|to|by|begin|end|xmlns:xlink|is|slot|contenteditable|autofocus|[a-z]*:?schemalocation|[a-z]*:?nonamespaceschemalocation|[a-z]*:?include|[a-z]*:?import)\s*=`)

// passiveMarkup reports a document of passive markup: an SVG drawing (svg, path, g, title...)
// or XML data (DIDL-Lite metadata, a feed item) whose elements are all outside activeTags, whose
// attributes neither run, load nor animate anything, with no "(", backtick, "{{", comment,
// CDATA, doctype or entity, and no script scheme anywhere. It is data: shown or parsed, not run.
func passiveMarkup(l []byte) bool {
	s := string(l)
	if strings.Contains(s, "url(#") {
		// fill="url(#gradient)": a reference to an element of the same drawing.
		s = localURLRef.ReplaceAllString(s, "url-ref")
	}
	for _, bad := range []string{"(", "`", "{{", "<!", "javascript:", "vbscript:", "data:", "&#", "\\u", "\\x", "behavior", "-moz-binding", "@import"} {
		if strings.Contains(s, bad) {
			return false
		}
	}
	t := strings.TrimLeft(s, " \n\r\t")
	if strings.HasPrefix(t, "<?xml") {
		end := strings.Index(t, "?>")
		if end < 0 {
			return false
		}
		t = t[end+2:]
	}
	tags := 0
	for i := 0; i < len(t); i++ {
		if t[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(t) && t[j] == '/' {
			j++
		}
		k := j
		for k < len(t) && k-j < 64 && (t[k] >= 'a' && t[k] <= 'z' || k > j && (t[k] >= '0' && t[k] <= '9' || t[k] == '-' || t[k] == ':' || t[k] == '_' || t[k] == '.')) {
			k++
		}
		if k == j {
			if j < len(t) && (t[j] == '?' || t[j] == '!') {
				return false
			}
			continue // "<" in text
		}
		name := t[j:k]
		local := name
		if c := strings.LastIndexByte(name, ':'); c >= 0 {
			local = name[c+1:]
		}
		if name == "style" && j == i+1 {
			// An SVG's own style sheet that only styles (passiveCSS).
			end := strings.IndexByte(t[k:], '>')
			if end < 0 || !passiveAttrs(t[k:k+end]) {
				return false
			}
			css, ok := styleContent(t, k+end+1)
			if !ok || !passiveCSS(css) {
				return false
			}
			i = k + end + len(css) + len("</style>")
			tags++
			continue
		}
		if activeTags[name] || activeTags[local] {
			return false
		}
		end := strings.IndexByte(t[k:], '>')
		if end < 0 {
			return false
		}
		attrs := t[k : k+end]
		if strings.ContainsAny(attrs, "<`") || activeAttrName.MatchString(attrs) || !passiveAttrs(attrs) {
			return false
		}
		tags++
		i = k + end
	}
	return tags > 0
}

// passiveDocumentTag reports a <meta> or <style> element (l[i] is its "<", l[j:k] its name) that
// only describes or styles the document, as every HTML e-mail and page has: <meta charset>, a
// style sheet with nothing but rules (passiveMeta, passiveCSS); and their closing tags.
func passiveDocumentTag(l []byte, i, j, k int) bool {
	name := string(l[j:k])
	if name != "meta" && name != "style" {
		return false
	}
	closing := j > i+1 && l[i+1] == '/'
	end := bytes.IndexByte(l[k:], '>')
	if end < 0 {
		return false
	}
	attrs := string(l[k : k+end])
	switch {
	case closing:
		return name == "style" && strings.TrimSpace(attrs) == ""
	case name == "meta":
		return passiveMeta(attrs) && bytes.Contains(l[:i], []byte("<head"))
	default:
		css, ok := styleContent(string(l), k+end+1)
		return ok && passiveAttrs(attrs) && passiveCSS(css)
	}
}

// maskElementText blanks, in into (a copy of l, made on the first change when into is nil), the
// text of every <name> element of l that holds no "<" (escaped code). It returns into: nil when
// nothing was masked and into was nil. l itself is never written.
func maskElementText(l []byte, name string, into []byte) []byte {
	open, closeTag := []byte("<"+name), []byte("</"+name+">")
	out := into
	for i := 0; i < len(l); {
		j := bytes.Index(l[i:], open)
		if j < 0 {
			break
		}
		j += i
		if k := j + len(open); k < len(l) && l[k] != '>' && l[k] != ' ' {
			i = k // <preview>, <codex>: another element
			continue
		}
		gt := bytes.IndexByte(l[j:], '>')
		if gt < 0 {
			break
		}
		start := j + gt + 1
		end := bytes.Index(l[start:], closeTag)
		if end < 0 {
			break
		}
		end += start
		if bytes.IndexByte(l[start:end], '<') < 0 {
			if out == nil {
				out = append([]byte(nil), l...)
			}
			for k := start; k < end; k++ {
				out[k] = ' '
			}
		}
		i = end + len(closeTag)
	}
	return out
}
