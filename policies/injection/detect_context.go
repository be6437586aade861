package injection

import (
	"strings"
)

// Documentation context. Documentation CMSs, Q&A sites and ticket systems accept markdown
// whose fenced code blocks (```lang ... ```) show SQL, shell, HTML and JavaScript examples. A
// markdown renderer escapes fenced content, so it is shown, not run. maskFences blanks the
// content of well-formed fenced blocks before the detectors run, and maskInlineCode blanks
// inline code spans (`...`) inside prose for the families that a backtick cannot start
// (SQL, NoSQL, traversal, prototype pollution). For command injection maskInlineShell applies a
// stricter test (a backtick is also command substitution); XSS never sees masked spans.
//
// Trade-off (documented in envoy/reference/injection.md, "Declared content"): a client that knows this can wrap a
// payload in a fence; the fence must open at the start of a line with ``` and an optional
// language word and close with ``` on a line of its own, so a short injected fragment cannot
// contain it by accident. Routes that pass values to a shell or a SQL string and never take
// markdown should keep exclusions off, and such values rarely contain three backticks at the
// start of a line.

// maskFences returns s with the content of every well-formed fenced code block replaced by
// spaces (newlines kept), and whether it changed anything. It is linear in len(s).
func maskFences(s string) (string, bool) {
	if len(s) < 8 || !strings.Contains(s, "```") {
		return s, false
	}
	var b []byte
	i := 0
	for i < len(s) {
		open := fenceLineAt(s, i)
		if open < 0 {
			// Next line.
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			continue
		}
		// Opening fence: ``` then an optional language word, then a newline.
		j := i + 3
		for j < len(s) && (isWordByte(s[j]) || s[j] == '-' || s[j] == '+' || s[j] == '#') {
			j++
		}
		for j < len(s) && (s[j] == ' ' || s[j] == '\r') {
			j++
		}
		if j >= len(s) || s[j] != '\n' {
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			continue
		}
		start := j + 1
		// Closing fence: a line that is ``` (spaces aside).
		end, next := -1, len(s)
		for k := start; k < len(s); {
			if fenceLineAt(s, k) >= 0 {
				e := k + 3
				for e < len(s) && (s[e] == ' ' || s[e] == '\r' || s[e] == '`') {
					e++
				}
				if e == len(s) || s[e] == '\n' {
					end, next = k, e
					break
				}
			}
			nl := strings.IndexByte(s[k:], '\n')
			if nl < 0 {
				break
			}
			k += nl + 1
		}
		if end < 0 {
			break
		}
		if b == nil {
			b = []byte(s)
		}
		for k := i; k < next; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		i = next
	}
	if b == nil {
		return s, false
	}
	return string(b), true
}

// maskWikiCode blanks the content of Jira and Confluence wiki-markup code blocks
// ({code}...{code}, {code:bash}...{code}, {noformat}...{noformat}) and MediaWiki's
// <syntaxhighlight lang="...">...</syntaxhighlight>, which those tools show escaped, as
// maskFences does for markdown. An unclosed block is left as is. Linear in len(s).
func maskWikiCode(s string) (string, bool) {
	if !strings.Contains(s, "{code") && !strings.Contains(s, "{noformat") && !strings.Contains(s, "<syntaxhighlight") &&
		!strings.Contains(s, "<ac:plain-text-body>") {
		return s, false
	}
	var b []byte
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "{<")
		if j < 0 {
			break
		}
		j += i
		var closer string
		end := byte('}')
		switch {
		case strings.HasPrefix(s[j:], "{code}") || strings.HasPrefix(s[j:], "{code:"):
			closer = "{code}"
		case strings.HasPrefix(s[j:], "{noformat}") || strings.HasPrefix(s[j:], "{noformat:"):
			closer = "{noformat}"
		case syntaxHighlight.MatchString(s[j:min(len(s), j+100)]):
			// MediaWiki's <syntaxhighlight lang="bash">: shown escaped and highlighted.
			closer, end = "</syntaxhighlight>", '>'
		case strings.HasPrefix(s[j:], "<ac:plain-text-body><![CDATA["):
			// Confluence storage format: a code or noformat macro's body.
			closer, end = "]]></ac:plain-text-body>", '['
		default:
			i = j + 1
			continue
		}
		open := strings.IndexByte(s[j:], end)
		if open < 0 || open > 100 {
			break
		}
		start := j + open + 1
		stop := strings.Index(s[start:], closer)
		if stop < 0 {
			break
		}
		stop += start
		if b == nil {
			b = []byte(s)
		}
		for k := start; k < stop; k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
		i = stop + len(closer)
	}
	if b == nil {
		return s, false
	}
	return string(b), true
}

// syntaxHighlight is MediaWiki's code block opener with plain attributes only (lang, line,
// start, highlight, inline, copy).
var syntaxHighlight = mustCompile(`^<syntaxhighlight(?:\s+(?:lang|line|start|highlight|inline|copy|class)(?:="[\w+#., -]*")?)*\s*>`)

// tableDelimiter is a markdown table's delimiter row: |---|:--:|---|
var tableDelimiter = mustCompile(`(?m)^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$`)

// maskTables blanks the cell separators of markdown tables ("| Chrome | 124 | no |"): in a value
// with a delimiter row, every line that starts and ends with "|" is a table row, and its pipes
// are not shell pipes. Other lines keep theirs. Linear in len(s).
func maskTables(s string) (string, bool) {
	if strings.Count(s, "|") < 4 || !strings.Contains(s, "---") || !tableDelimiter.MatchString(s) {
		return s, false
	}
	b := []byte(s)
	changed := false
	for i := 0; i < len(b); {
		e := strings.IndexByte(s[i:], '\n')
		if e < 0 {
			e = len(s)
		} else {
			e += i
		}
		line := strings.TrimSpace(s[i:e])
		if len(line) >= 2 && line[0] == '|' && line[len(line)-1] == '|' {
			for k := i; k < e; k++ {
				if b[k] == '|' {
					b[k] = ' '
					changed = true
				}
			}
		}
		i = e + 1
	}
	if !changed {
		return s, false
	}
	return string(b), true
}

// fenceLineAt returns i when the line starting at i begins (after up to three spaces) with ```.
func fenceLineAt(s string, i int) int {
	k := i
	for k < len(s) && k-i < 3 && s[k] == ' ' {
		k++
	}
	if strings.HasPrefix(s[k:], "```") {
		return k
	}
	return -1
}

// maskInlineCode blanks inline code spans (`...` on one line) when the value is prose around
// them: at least three words outside the spans, and spans that do not start with a quote, a
// digit or an operator (a string or numeric break-out is never masked). A span that is a bare
// identifier (`users`, a MySQL quoted name) carries nothing and is left as is.
func maskInlineCode(s string) (string, bool) {
	if strings.Count(s, "`") < 2 {
		return s, false
	}
	var b []byte
	outside := 0
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '`' {
			end := strings.IndexByte(s[i+1:], '`')
			if end <= 0 {
				inWord = false
				continue
			}
			span := s[i+1 : i+1+end]
			if strings.IndexByte(span, '\n') >= 0 || !inlineMaskable(span[0]) || isIdentifier(span) {
				i += end + 1
				inWord = false
				continue
			}
			if b == nil {
				b = []byte(s)
			}
			for k := i + 1; k < i+1+end; k++ {
				b[k] = ' '
			}
			i += end + 1
			inWord = false
			continue
		}
		w := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
		if w && !inWord {
			outside++
		}
		inWord = w
	}
	if b == nil || outside < 3 {
		return s, false
	}
	return string(b), true
}

// maskInlineShell blanks inline code spans for command injection, where a backtick is also the
// shell's command substitution, so the bar is higher than maskInlineCode's: every span must be
// markdown-shaped (its backticks not touching a word, one line, not a bare word such as `id`),
// none may hold what an attacker substitutes for effect (shellSpanDanger: sensitive files,
// reverse shells, nested substitution, piping into a shell), and the prose around the spans
// must have three or more words and no shell syntax of its own (; | & $ < >). Otherwise s is
// returned as is.
func maskInlineShell(s string) (string, bool) {
	if strings.Count(s, "`")%2 != 0 {
		return s, false
	}
	b := []byte(s)
	spans := 0
	dangerous := false
	for i := 0; i < len(b); i++ {
		if b[i] != '`' {
			continue
		}
		end := strings.IndexByte(s[i+1:], '`')
		if end <= 0 {
			return s, false
		}
		span := s[i+1 : i+1+end]
		after := i + 2 + end
		if strings.ContainsAny(span, "\n\r") || i > 0 && isWordByte(s[i-1]) || after < len(s) && isWordByte(s[after]) ||
			isIdentifier(span) {
			return s, false
		}
		ls := strings.ToLower(span)
		if shellSpanWeapon.MatchString(ls) {
			return s, false
		}
		if shellSpanDanger.MatchString(ls) {
			// A span that names a system path, a shell or an expansion ("`cat /etc/hosts` shows
			// the entry", "`kubectl exec -it api -- /bin/sh`") is shown, not run, in a real
			// paragraph: it needs six words of prose around the spans.
			dangerous = true
		}
		for k := i + 1; k < i+1+end; k++ {
			b[k] = ' '
		}
		spans++
		i = after - 1
	}
	out := string(b)
	need := 3
	if dangerous {
		need = 6
	}
	if spans == 0 || strings.ContainsAny(out, ";|&$<>") || proseWords(strings.ToLower(out)) < need {
		return s, false
	}
	return out, true
}

// shellSpanWeapon is what no inline code span is masked with, however much prose surrounds it:
// account files, reverse shells, downloads or decoded text piped into a shell, a recursive
// delete of the root, and the probes attackers substitute (whoami, id, uname).
var shellSpanWeapon = mustCompile(`/etc/(?:passwd|shadow|sudoers)|/proc/self|/dev/(?:tcp|udp)|[|]\s*(?:ba|z|k|da)?sh\b|\b(?:ba)?sh\s+-i\b|\bnc(?:at)?\s+(?:-\w+\s+)*-\w*[ec]|mkfifo|base64\s+(?:-d|--decode)|powershell|cmd(?:\.exe)?\s*/c|\b(?:python|perl|ruby|php)\d?\s+-[ecr]\b|\brm\s+-[rf]{1,2}\s+/(?:\s|$|\*)|\bwhoami\b|\buname\b|\bid\s*$|\$\(|>\s*/(?:etc|var/www|tmp)/`)

// shellSpanDanger is what an inline code span must not hold to be read as a shown command:
// sensitive files, device sockets, substitutions, shells run on input, encoded payloads.
var shellSpanDanger = mustCompile(`/etc/|/proc/|/dev/(?:tcp|udp)|/bin/|\$[({]|[|>]\s*(?:ba|z|k|da)?sh\b|\b(?:ba)?sh\s+-[ic]\b|\bnc(?:at)?\s+(?:-\w+\s+)*-\w*[ec]|mkfifo|base64\s+(?:-d|--decode)|powershell|cmd(?:\.exe)?\s*/c|\b(?:python|perl|ruby|php)\d?\s+-[ecr]\b|>\s*/|\bwhoami\b|\buname\b|\bid\s*$`)

func inlineMaskable(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '$' || c == '.' || c == '_' || c == '/'
}

// sqlStatementStarts are the keywords that begin a complete SQL statement.
var sqlStatementStarts = []string{"select", "insert", "update", "delete", "create", "drop", "alter", "with", "truncate"}

// sqlStatementContext reports whether the folded value is a complete SQL statement shown as
// text (a snippet in a gist, a documentation page, a search for "select * from"): it starts
// (after HTML tags and backticks) with a statement keyword; its
// single and double quotes are balanced; and it has none of the break-out signals (a quote or
// parenthesis right before a boolean, a comment, a stacked statement after a quote, MySQL
// executable comments, timing and file functions). Injection has to leave the string or number the value is placed in;
// a statement that starts the value and never leaves a quote does not.
func sqlStatementContext(folded []byte, sig uint64) bool {
	if sig&(sqQuoteBool|sqDashDash|sqHash|sqCommentOpen|sqBangComment|sqInlineComment|swCatalog|swWait|sqTypoQuote|sqBackslash|sqAt) != 0 {
		return false
	}
	s := string(folded)
	if strings.Count(s, "'")%2 != 0 || strings.Count(s, `"`)%2 != 0 {
		return false
	}
	if strings.Contains(s, "';") || strings.Contains(s, `";`) || strings.Count(s, "(") != strings.Count(s, ")") {
		return false
	}
	// MySQL backtick identifiers (`t`.`c`) are the dialect of injected fragments, not of the
	// snippets this context is for; leading and trailing backticks of inline code are ignored.
	if strings.Contains(strings.Trim(s, "` \t\r\n"), "`") {
		return false
	}
	for _, f := range sqlHardFuncs {
		if strings.Contains(s, f) {
			return false
		}
	}
	return statementStart(s)
}

// sqlHardFuncs are never part of an example statement's exemption.
var sqlHardFuncs = []string{"sleep", "benchmark", "load_file", "outfile", "dumpfile", "extractvalue", "updatexml",
	"xp_", "sp_", "0x", "char(", "chr(", "concat", "user(", "version(", "database(", "case", "if(", "iif(",
	"function", "procedure", "trigger", "exec", "declare", "ascii(", "substr", "mid("}

// statementStart reports whether line starts with a SQL statement keyword after spaces, HTML
// tags and backticks.
func statementStart(line string) bool {
	for {
		line = strings.TrimLeft(line, " \t\r`")
		if strings.HasPrefix(line, "<") {
			end := strings.IndexByte(line, '>')
			if end < 0 {
				return false
			}
			line = line[end+1:]
			continue
		}
		break
	}
	for _, k := range sqlStatementStarts {
		if strings.HasPrefix(line, k) && (len(line) == len(k) || !isWordByte(line[len(k)])) {
			return true
		}
	}
	return false
}

// richTextTags are the passive elements of rich-text editors and static documents. Markup made
// only of them, with attributes that are not event handlers and URLs that are not script
// schemes, is content: libinjection's verdict alone (it flags any style= or <!doctype) does not
// block it. The active-content rules (xssRules, xssTags) still run on it.
var richTextTags = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields("p br hr strong b em i u s del ins sub sup small mark a img ul ol li " +
		"h1 h2 h3 h4 h5 h6 blockquote pre code span div table thead tbody tfoot tr td th caption " +
		"figure figcaption html head title body !doctype section article header footer nav main dl dt dd abbr cite q") {
		m[t] = true
	}
	return m
}()

// richTextOnly reports whether the lower-cased markup l uses only rich-text tags and passive
// attributes.
func richTextOnly(l []byte) bool {
	s := string(l)
	if strings.Contains(s, "<!--[if ") {
		s = officeConditionals.ReplaceAllString(s, " ")
	}
	for _, bad := range []string{"javascript:", "vbscript:", "livescript:", "data:", "expression(", "&#", "\\u", "\\x",
		"srcdoc", "formaction", "xlink", "behavior", "-moz-binding", "import", "<!--", "<![cdata"} {
		if strings.Contains(s, bad) {
			return false
		}
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] == '!' || k > j && s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k == j {
			continue // "<" in text: a < b, <3 (a tag name starts with a letter)
		}
		if m := angleAddress.FindString(s[i:min(len(s), i+256)]); m != "" {
			i += len(m) - 1 // "Support <support@example.com>", <https://example.com>: text
			continue
		}
		name := s[j:k]
		if c := strings.IndexByte(s[j:min(len(s), j+16)], ':'); c > 0 && officePrefixes[s[j:j+c]] {
			// Word and Outlook markup: <o:p></o:p>, <w:WordDocument>.
			end := strings.IndexByte(s[k:], '>')
			if end < 0 || !passiveAttrs(s[k:k+end]) {
				return false
			}
			n++
			i = k + end
			continue
		}
		end := strings.IndexByte(s[k:], '>')
		if end < 0 {
			return false
		}
		attrs := s[k : k+end]
		switch {
		case j > i+1 && (name == "style" || name == "meta"):
			// A closing </style> was consumed with its element; a closing </meta> is not HTML.
			return false
		case name == "meta":
			if !passiveMeta(attrs) || !strings.Contains(s[:i], "<head") {
				return false
			}
		case name == "style":
			css, ok := styleContent(s, k+end+1)
			if !ok || !passiveAttrs(attrs) || !passiveCSS(css) {
				return false
			}
			end += len(css) + len("</style>")
		case !richTextTags[name]:
			return false
		}
		if !passiveAttrs(attrs) {
			return false
		}
		n++
		i = k + end
	}
	return n > 0
}

// passiveAttrs reports whether a tag's attribute text has no event handler (on...=) and no
// unquoted or oddly separated attribute tricks.
func passiveAttrs(a string) bool {
	for i := 0; i+2 < len(a); i++ {
		if a[i] == 'o' && a[i+1] == 'n' && (i == 0 || a[i-1] == ' ' || a[i-1] == '/' || a[i-1] == '"' || a[i-1] == '\'' || a[i-1] == '\t' || a[i-1] == '\n') {
			k := i + 2
			for k < len(a) && a[k] >= 'a' && a[k] <= 'z' {
				k++
			}
			for k < len(a) && (a[k] == ' ' || a[k] == '\t' || a[k] == '\n') {
				k++
			}
			if k < len(a) && a[k] == '=' {
				return false
			}
		}
	}
	return !strings.ContainsAny(a, "`<")
}

// officeConditionals are Microsoft Office's conditional comments in pasted Word and Outlook HTML
// (<!--[if gte mso 9]><xml>...</xml><![endif]-->) holding nothing that scripts: browsers other
// than old Internet Explorer read them as comments.
var officeConditionals = mustCompile(`<!--\[if [a-z0-9 !()|&]{1,40}\]>(?:[^<]|<[/]?(?:xml|[owm]:[a-z]+)[^<>]*>)*<!\[endif\]-->`)

// officePrefixes are the XML namespace prefixes of Office markup (not v:, VML, which can frame).
var officePrefixes = map[string]bool{"o": true, "w": true, "m": true}

// angleAddress is an e-mail address or URL in angle brackets, as mail clients quote them.
var angleAddress = mustCompile(`^<(?:[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|https?://(?:[^\s<>"'\x60]{1,20}){1,10})>`)

// passiveMeta reports a <meta> element that only describes the document (name and content,
// viewport, an Open Graph property, a UTF-8 charset): no http-equiv, which can refresh to
// another URL or set a policy, and no other charset (UTF-7 smuggles markup past filters). The
// callers also require it inside a document's <head>: a lone <meta charset> injected into a
// page is a charset attack.
func passiveMeta(attrs string) bool {
	if strings.Contains(attrs, "http-equiv") || !passiveAttrs(attrs) {
		return false
	}
	if i := strings.Index(attrs, "charset"); i >= 0 {
		v := strings.TrimLeft(attrs[i+len("charset"):], " =\"'")
		if !strings.HasPrefix(v, "utf-8") {
			return false
		}
	}
	return true
}

// styleContent returns the text of a <style> element that starts at s[from], up to its
// closing tag, and false when it does not close.
func styleContent(s string, from int) (string, bool) {
	if from > len(s) {
		return "", false
	}
	end := strings.Index(s[from:], "</style>")
	if end < 0 {
		return "", false
	}
	return s[from : from+end], true
}

// passiveCSS reports style sheet text (lower case) that only styles: no markup, no
// script scheme, no IE expression or behavior, no XBL binding, no @import and no escapes
// (which could spell any of these).
func passiveCSS(css string) bool {
	if strings.ContainsAny(css, "<\\") {
		return false
	}
	for _, bad := range []string{"expression", "javascript:", "vbscript:", "behavior", "-moz-binding", "@import", "data:", "&#"} {
		if strings.Contains(css, bad) {
			return false
		}
	}
	return true
}
