package injection

import "strings"

// globCommand reports a pathname glob that the shell would expand into a command or a file it
// should not read: a glob word in a command position (the value's start, after a separator or
// a substitution opener: "/???/??t", ";/bin/c?t") that can expand to a program (globRunsProgram),
// or an argument of a known command ("cat /et?/pas?wd"), whose wildcards stand for letters of a
// name (spellsName). A glob that selects
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
		if known && spellsName(w) || cmdPos && (spellsName(w) && globRunsProgram(w) || binGlob(w)) {
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

// globRunsProgram reports a glob word in a command position that can expand to a program: its
// last name has a wildcard ("/???/??t", "/bin/c?t") or is a command's name ("/b?n/cat"). A glob
// whose wildcards are all in directory names and whose last name is a plain word
// ("/logs-*/_search", "/et?/passwd" alone) expands to files of that name, which the shell would
// run only if they were programs: it names no command.
//
// A bracket with a slash inside ("/[e///]tc", an evasion shape) counts too: bash and dash read it
// literally, but matchers of whole paths (fnmatch without FNM_PATHNAME: find -path, Python's
// fnmatch) read a class that spans directories.
func globRunsProgram(w string) bool {
	last := w[strings.LastIndexByte(w, '/')+1:]
	if strings.ContainsAny(last, "*?[") || commandSet[strings.ToLower(last)] {
		return true
	}
	i := strings.IndexByte(w, '[')
	if i < 0 {
		return false
	}
	e := strings.IndexByte(w[i+1:], ']')
	return e >= 0 && strings.IndexByte(w[i+1:i+1+e], '/') >= 0
}

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
		if strings.IndexByte(seg, '?') >= 0 || strings.IndexByte(seg, '[') >= 0 && bracketClosed(w) {
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

// bracketClosed reports a word whose first "[" has a "]" after it ("/???/[c]at", "/[e//]tc"): a
// bracket expression, or one that slashes inside make a shell read as it may. A "[" that no "]"
// closes matches itself ("/name/[Cu" of "/name/[Cu(NH3)4]", cut where the word ends at "(").
func bracketClosed(w string) bool {
	i := strings.IndexByte(w, '[')
	return i >= 0 && strings.IndexByte(w[i+1:], ']') >= 0
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
