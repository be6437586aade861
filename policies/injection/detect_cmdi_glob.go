package injection

import "strings"

// globCommand reports a pathname glob that the shell would expand into a command or a file it
// should not read: a glob word in a command position (the value's start, after a separator or
// a substitution opener: "/???/??t", ";/bin/c?t") or an argument of a known command ("cat
// /et?/pas?wd"), whose wildcards stand for letters of a name (spellsName). A glob that selects
// files ("/var/log/nginx/*.log", "/static/*", "Disallow: /*?sort=") expands to arguments of
// whatever command it was meant for and starts nothing; a quoted glob is not expanded at all.
// The scan is linear: each word is read once.
func globCommand(l string) bool {
	cmdPos, known := true, false
	for i := 0; i < len(l); {
		switch c := l[i]; c {
		case ' ', '\t', '<', '>':
			i++
			continue
		case ';', '|', '&', '\n', '\r', '(', ')', '`', '{', '}':
			cmdPos, known = true, false
			i++
			continue
		case '$':
			if i+1 < len(l) && l[i+1] == '(' {
				cmdPos, known = true, false
				i += 2
				continue
			}
		}
		j := i
		for j < len(l) && !globWordEnd[l[j]] {
			j++
		}
		w := l[i:j]
		if (cmdPos || known) && spellsName(w) || cmdPos && binGlob(w) {
			return true
		}
		if cmdPos {
			_, _, known = commandAt(w, 0)
		}
		cmdPos = false
		i = j
	}
	return false
}

// globWordEnd are the bytes that end globCommand's words.
var globWordEnd = func() (t [256]bool) {
	for _, c := range []byte(" \t<>;|&\n\r()`{}") {
		t[c] = true
	}
	return t
}()

// binGlob reports a glob in a directory of programs ("/bin/ca*", "/usr/bin/*"): in a command
// position the shell runs the first file it matches.
func binGlob(w string) bool {
	if w == "" || !cmdDirFirst[w[0]] {
		return false
	}
	for _, p := range cmdDirPrefixes {
		if strings.HasPrefix(w, p) && strings.ContainsAny(w[len(p):], "*?[") {
			return true
		}
	}
	return false
}

// spellsName reports an absolute path whose wildcards spell a name rather than select files: a
// "?" or a bracket class standing for a letter ("/et?/passwd", "/???/[c]at"), a star inside a
// directory name ("/e*c/passwd"), or a star between letters of the last name ("/bin/c*t"). A
// star that is a whole segment or a name's start or end ("/logs/*", "*.log", "app-*") selects;
// a segment with "=" or "&" is a URL's query, and "]+" or a final "$" a regular expression's.
func spellsName(w string) bool {
	if len(w) < 2 || w[0] != '/' || !strings.ContainsAny(w, "*?[") {
		return false
	}
	if strings.Contains(w, "]+") || w[len(w)-1] == '$' {
		return false // a regular expression's repetition or end anchor: a route pattern, not a glob
	}
	segs := strings.Split(w[1:], "/")
	for k, seg := range segs {
		if strings.ContainsAny(seg, "=&") {
			return false
		}
		if strings.ContainsAny(seg, "?[") {
			return true
		}
		star := strings.IndexByte(seg, '*')
		if star < 0 {
			continue
		}
		if k < len(segs)-1 {
			if hasAlnum(seg) {
				return true
			}
			continue
		}
		for s := star; s >= 0 && s < len(seg); {
			if s > 0 && s+1 < len(seg) && isAlnum(seg[s-1]) && isAlnum(seg[s+1]) {
				return true
			}
			n := strings.IndexByte(seg[s+1:], '*')
			if n < 0 {
				break
			}
			s += 1 + n
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func hasAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if isAlnum(s[i]) {
			return true
		}
	}
	return false
}
