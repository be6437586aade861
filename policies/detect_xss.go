package policies

import (
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
	"<", `<\s*/?\s*(?:script|iframe|frame|frameset|object|embed|applet|svg|math|meta|base|link|style|xss|isindex|template|noscript|x|portal)\b`,
	"<", `<\s*/?\s*(?:img|image|body|video|audio|source|input|form|button|details|marquee|a|div|p|span|table|td|select|textarea|keygen|bgsound|html|xml|import|v:\w+|\w+:\w+)\b[^>]*?[\s/"'](?:on[a-z]{3,}|formaction|background|dynsrc|lowsrc|xlink:href|srcdoc|implementation)\s*=`,
	"on", `[\s"'/;]on(?:error|load|mouse\w+|focus\w*|blur|click|dblclick|key\w+|submit|change|input|toggle|begin|end|animation\w+|transition\w+|pageshow|hashchange|message|wheel|scroll|drag\w*|drop|copy|cut|paste|pointer\w+|touch\w+|resize|unload|beforeunload|select|play|playing|start|finish|readystatechange|show|search|invalid|auxclick|contextmenu)\s*=`,
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
	return xssExtra.MatchString(l)
}
