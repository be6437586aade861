package policies

import (
	"regexp"
	"strings"

	libinjection "github.com/corazawaf/libinjection-go"
)

// xssExtra catches script contexts libinjection's HTML5 tokenizer does not flag: script URLs,
// dangerous tags and attributes without a closing bracket, template-injection sinks and direct
// calls of the dialog functions used to prove XSS. It runs on a lower-cased copy with tabs and
// newlines removed (browsers drop them inside URL schemes).
var xssExtra = newGated(
	"script", `(?:^|[\s"'=(,:\x60])(?:java|vb|live|mocha)script\s*:[^\n]{0,60}?[(\x60=/;+\[]`,
	"data", `^\s*data\s*:\s*(?:text/html|image/svg\+xml|application/(?:x-)?javascript)`,
	"data", `\bdata\s*:\s*text/html\s*[;,]`,
	" on \"on 'on /on ;on \ton \non", `[\s"'/;]on(?:error|load|mouse\w+|focus\w*|blur|click|dblclick|key\w+|submit|change|input|toggle|begin|end|animation\w+|transition\w+|pageshow|hashchange|message|wheel|scroll|drag\w*|drop|copy|cut|paste|pointer\w+|touch\w+|resize|unload|beforeunload|select|play|playing|start|finish|readystatechange|show|search|invalid|auxclick|contextmenu)\s*=`,
	"alert prompt confirm", `(?:^|[^\w.$])(?:alert|prompt|confirm)\s*(?:\(\s*(?:\d|document\b|window\b|origin\b|location\b|['"\x60]?xss|/|\)|\[)|\x60)`,
	"document location inner outer textcontent", `\b(?:(?:^|[(=+,;:]\s*)document\s*\.\s*(?:cookie|domain)\b|document\s*\.\s*write(?:ln)?\s*\(|window\s*\.\s*location\s*=|location\s*\.\s*(?:href|hash|replace)\s*=|\.innerhtml\s*=|\.outerhtml\s*=|\.textcontent\s*=\s*['"])`,
	"[", `\b(?:window|self|top|parent|globalthis|this|frames)\s*\[\s*['"\x60]\s*(?:alert|eval|document|location|prompt|confirm)`,
	"{{", `\{\{.{0,100}?(?:constructor|\$eval|\$on|alert|prompt|\bnew\b|\bcall\b)`,
	"constructor", `\bconstructor\s*\.\s*constructor\s*\(`,
	"call apply bind", `\.\s*(?:call|apply|bind)\s*(?:\x60|\(\s*(?:null|window|this|top)\s*,\s*['"\x60]?(?:alert|eval))`,
	"expression", `\bexpression\s*\(`,
	"binding", `-moz-binding\s*:`,
	"behavior", `\bbehavior\s*:\s*url\s*\(`,
	"settimeout setinterval execscript", `\b(?:settimeout|setinterval|execscript)\s*\(\s*(?:name\b|['"\x60]|location|atob|string\.fromcharcode)`,
	"eval", `\beval\s*\(\s*(?:atob|string\.fromcharcode|unescape|decodeuri|name\b|location|['"\x60])`,
	"fromcharcode", `\bstring\.fromcharcode\s*\(`,
	"srcdoc", `\bsrcdoc\s*=`,
	"cdata", `<!\[cdata\[.{0,100}?<`,
	"xml-stylesheet", `<\?xml-stylesheet\b`,
)

// detectXSS reports cross-site scripting in s: libinjection's HTML5 contexts, then xssExtra.
func detectXSS(s string) bool {
	if len(s) < 3 {
		return false
	}
	if libinjection.IsXSS(s) && (strings.ContainsAny(s, "<(`\\&") || hasWordFold(s, "script")) {
		// Without markup, a call, an escape or a script scheme, libinjection's attribute context
		// flags plain CSS such as "style=color:red".
		return true
	}
	if !strings.ContainsAny(s, "<:({`=[.") {
		return false
	}
	l := strings.ToLower(s)
	if strings.ContainsAny(l, "\t\n\r") {
		l = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(l)
	}
	return xssExtra.MatchString(l) || xssTags(l)
}

// dangerousTags are elements that run script or load content by themselves.
var dangerousTags = map[string]bool{"script": true, "iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "svg": true, "math": true, "meta": true, "base": true, "link": true, "style": true,
	"xss": true, "isindex": true, "template": true, "noscript": true, "x": true, "portal": true}

// attrTags are elements whose event-handler or URL attributes run script.
var attrTags = map[string]bool{"img": true, "image": true, "body": true, "video": true, "audio": true, "source": true,
	"input": true, "form": true, "button": true, "details": true, "marquee": true, "a": true, "div": true, "p": true,
	"span": true, "table": true, "td": true, "select": true, "textarea": true, "keygen": true, "bgsound": true,
	"html": true, "xml": true, "import": true}

var dangerousAttr = regexp.MustCompile(`[\s/"'](?:on[a-z]{3,}|formaction|background|dynsrc|lowsrc|xlink:href|srcdoc|implementation)\s*=`)

// xssTags scans every "<" for a dangerous element, or an element with a script attribute before
// the tag ends (bounded by the next "<", so the scan is linear).
func xssTags(l string) bool {
	for i := strings.IndexByte(l, '<'); i >= 0; {
		j := i + 1
		for j < len(l) && (l[j] == ' ' || l[j] == '/' || l[j] == '\t' || l[j] == '\n') && j-i < 8 {
			j++
		}
		k := j
		for k < len(l) && k-j < 32 && (l[k] >= 'a' && l[k] <= 'z' || l[k] >= '0' && l[k] <= '9' || l[k] == ':' || l[k] == '-' || l[k] == '_') {
			k++
		}
		name := l[j:k]
		if dangerousTags[name] {
			return true
		}
		next := strings.IndexByte(l[k:], '<')
		seg := l[k:]
		if next >= 0 {
			seg = l[k : k+next]
		}
		if gt := strings.IndexByte(seg, '>'); gt >= 0 {
			seg = seg[:gt]
		}
		if (attrTags[name] || strings.Contains(name, ":")) && dangerousAttr.MatchString(seg) {
			return true
		}
		if next < 0 {
			return false
		}
		i = k + next
	}
	return false
}
