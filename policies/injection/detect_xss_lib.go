package injection

import "strings"

// libinjectionAttrs are the attribute names whose value libinjection-go's IsXSS judges
// (isBlackAttr: the "blacks" table of xss_decls.go, and XMLNS and XLINK), lower-cased; every
// event handler (a name that starts with "on") is judged too. TestLibinjectionAttrs reads them
// from the module's source, so that an upgrade that adds one fails the test, not the gate.
var libinjectionAttrs = []string{"action", "attributename", "by", "background", "dataformatas", "datasrc",
	"dynsrc", "filter", "formaction", "folder", "from", "handler", "href", "lowsrc", "poster", "src", "style",
	"to", "values", "xlink:href", "xmlns", "xlink"}

// libinjectionMay is the cheap pass of libinjection.IsXSS, derived from its HTML5 tokenizer.
// Without "<" no tag, comment or doctype can start, so IsXSS reports only an attribute value
// whose attribute it judges (libinjectionAttrs, or a name starting "on"); the tokenizer gives a
// value only after "=", so the name ends right before one (blanks between), and it is the end of
// the run of bytes that are not blanks, "/", "=" or ">" before it. NUL, which the tokenizer
// skips as a blank and drops from names, and "<" make it answer true.
func libinjectionMay(s string, sig uint64) bool {
	if sig&xLt != 0 || strings.IndexByte(s, 0) >= 0 {
		return true
	}
	for e := strings.IndexByte(s, '='); e >= 0; {
		if name := h5NameBefore(s, e); asciiContainsFold(name, "on") {
			return true
		} else {
			for _, a := range libinjectionAttrs {
				if len(name) >= len(a) && asciiEqualFold(name[len(name)-len(a):], a) {
					return true
				}
			}
		}
		n := strings.IndexByte(s[e+1:], '=')
		if n < 0 {
			break
		}
		e += 1 + n
	}
	return false
}

// h5NameBefore is the attribute name libinjection's tokenizer reads before the "=" at e: the
// run of bytes that are not blanks, "/", "=" or ">" ending at the last non-blank before it.
func h5NameBefore(s string, e int) string {
	j := e
	for j > 0 && isH5White(s[j-1]) {
		j--
	}
	k := j
	for k > 0 && !isH5White(s[k-1]) && s[k-1] != '/' && s[k-1] != '=' && s[k-1] != '>' {
		k--
	}
	return s[k:j]
}

// isH5White is libinjection's blank: space, tab, LF, VT, FF and CR.
func isH5White(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
