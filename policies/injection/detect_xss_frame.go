package injection

import "bytes"

// Framed pages. An <iframe> whose only URL is an http(s) page and whose other attributes only
// size, name or permit it (a video embed, a board widget) runs the framed site's script in that
// site's origin, never in the page it is placed in: in the HTML sink it creates no script, no
// handler and no script URL. maskPassiveFrames blanks such elements so that the rest of the
// value is judged alone; a frame with a script or data URL, srcdoc, a handler, a style or
// anything inside it is left as it is (and blocks).

// passiveFrameAttrs are the attributes a framed page may carry; src is checked apart.
var passiveFrameAttrs = map[string]bool{"width": true, "height": true, "title": true, "frameborder": true,
	"allow": true, "allowfullscreen": true, "referrerpolicy": true, "loading": true, "class": true,
	"id": true, "name": true, "scrolling": true, "marginwidth": true, "marginheight": true}

// maskPassiveFrames returns a copy of l (folded markup) with every passive framed page blanked,
// and whether one was.
func maskPassiveFrames(l []byte) ([]byte, bool) {
	open, closeTag := []byte("<iframe"), []byte("</iframe>")
	var out []byte
	for i := 0; i < len(l); {
		j := bytes.Index(l[i:], open)
		if j < 0 {
			break
		}
		j += i
		k := j + len(open)
		gt := bytes.IndexByte(l[k:], '>')
		if gt < 0 {
			break // no tag ends after this one either
		}
		if k < len(l) && !(l[k] == ' ' || l[k] == '\t' || l[k] == '\n' || l[k] == '\r') {
			i = k
			continue
		}
		gt += k
		rest := bytes.TrimLeft(l[gt+1:], " \t\r\n")
		if !passiveFrame(l[k:gt]) || !bytes.HasPrefix(rest, closeTag) {
			i = gt + 1
			continue
		}
		end := len(l) - len(rest) + len(closeTag)
		if out == nil {
			out = append([]byte(nil), l...)
		}
		for x := j; x < end; x++ {
			out[x] = ' '
		}
		i = end
	}
	return out, out != nil
}

// passiveFrame reports iframe attributes (HTML's attribute syntax: names, optional values quoted
// either way or bare) with an http(s) src and nothing but passiveFrameAttrs beside it.
func passiveFrame(a []byte) bool {
	src := false
	for i := 0; i < len(a); {
		c := a[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' {
			i++
			continue
		}
		n := i
		for i < len(a) && bytes.IndexByte([]byte(" \t\n\r\f/=>\"'<`"), a[i]) < 0 {
			i++
		}
		name := string(a[n:i])
		if name == "" {
			return false // a quote or "<" where a name starts: not an attribute list a browser reads alike
		}
		for i < len(a) && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r') {
			i++
		}
		var val []byte
		if i < len(a) && a[i] == '=' {
			i++
			for i < len(a) && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r') {
				i++
			}
			if i < len(a) && (a[i] == '"' || a[i] == '\'') {
				q := a[i]
				e := bytes.IndexByte(a[i+1:], q)
				if e < 0 {
					return false
				}
				val = a[i+1 : i+1+e]
				i += e + 2
			} else {
				v := i
				for i < len(a) && bytes.IndexByte([]byte(" \t\n\r\f>"), a[i]) < 0 {
					i++
				}
				val = a[v:i]
			}
		}
		switch {
		case name == "src":
			if src || !(bytes.HasPrefix(val, []byte("https://")) || bytes.HasPrefix(val, []byte("http://"))) ||
				bytes.ContainsAny(val, "<>\"'`\\ \t\r\n") || bytes.Contains(val, []byte("&#")) {
				return false
			}
			src = true
		case passiveFrameAttrs[name]:
			if bytes.ContainsAny(val, "<>`") || bytes.Contains(val, []byte("script:")) {
				return false
			}
		default:
			return false
		}
	}
	return src
}
