package injection

import "strings"

// libStyleOnly reports a value in which libinjection's attribute contexts can only have judged
// a style attribute (style, or filter, which libinjection reads as inline style too) whose
// value only styles: libinjection reports every style value, but CSS runs script only through
// what passiveCSS excludes ("Outlook ignores `style="width:100%"`", a JQL "filter = 10423").
// It holds when no tag, comment or declaration can open ("<" only before a blank, "=" or a
// digit), no NUL is present, every name before an "=" that libinjection judges is style or
// filter (any name holding "on" counts as judged), and the text after each such "=" to the end
// of the value is passive CSS without "&" (an entity could spell what passiveCSS excludes), a
// comment ("expr/**/ession(" is an expression to Internet Explorer) or a non-ASCII byte (it
// read full-width letters as ASCII ones).
func libStyleOnly(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return false
	}
	for i := strings.IndexByte(s, '<'); i >= 0; {
		if i+1 < len(s) {
			c := s[i+1]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '!' || c == '/' || c == '?' || c == '%' || c >= 0x80 {
				return false
			}
		}
		n := strings.IndexByte(s[i+1:], '<')
		if n < 0 {
			break
		}
		i += 1 + n
	}
	styled := false
	for e := strings.IndexByte(s, '='); e >= 0; {
		name := strings.ToLower(strings.TrimLeft(h5NameBefore(s, e), "\"'`"))
		switch {
		case strings.HasSuffix(name, "style") || strings.HasSuffix(name, "filter"):
			if styled {
				break // the text after a later one is part of the text already read
			}
			// A "<" that opens nothing (checked above) is text to CSS too ("<=" in a query).
			css := strings.ReplaceAll(strings.ToLower(s[e+1:]), "<", " ")
			if strings.IndexByte(css, '&') >= 0 || strings.Contains(css, "/*") || hasHighByte(css) || !passiveCSS(css) {
				return false
			}
			styled = true
		case strings.Contains(name, "on") || libinjectionJudged(name):
			return false
		}
		n := strings.IndexByte(s[e+1:], '=')
		if n < 0 {
			break
		}
		e += 1 + n
	}
	return styled
}

// libinjectionJudged reports a lower-cased name that ends in one of libinjectionAttrs (style and
// filter are read before it is asked).
func libinjectionJudged(name string) bool {
	for _, a := range libinjectionAttrs {
		if strings.HasSuffix(name, a) {
			return true
		}
	}
	return false
}

func hasHighByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}
