package injection

import (
	"path"
	"strings"
)

// The shell's own reading of a value placed as an argument, bare: where its commands start and
// what their names are once the shell has removed quoting, escapes and empty expansions. Three
// kinds of evidence come from it, each a value that leaves the argument it was meant to be:
//   - separatorCommand: the value ends the argument at once (";", "|", "&&", "||", "&", at its
//     start or after one token that is an argument's value: "127.0.0.1;", "image.jpg&") and
//     starts a command line, whatever the program's name, with shell arguments after it
//     ("; regedit /E ...", ";lastlogin -u admin", "&bcdboot < file.txt");
//   - obfuscatedCommand: a known command's name spelt with quoting or empty expansions inside
//     it (ti''me, cu$@rl, w\hoami, ""p""y""t""h""o""n""3) in a command position;
//   - braceCommand: a brace expansion with an empty alternative in a command position
//     ({,ifconfig,eth0}, {id,}), which expands to a command line.
// A value whose quotes do not close is a syntax error for the shell and runs nothing. Every
// scan is linear in the value.

// shellWord reads the shell word at s[i:] (i at a non-blank) and returns its text with quotes,
// escapes and expansions removed (a variable in vars expands to its value, any other to
// nothing), the index past it, whether such noise sat inside it (between characters of the
// word, not around the whole word) or an assigned variable was expanded, and false for an
// unterminated quote.
func shellWord(s string, i int, vars map[string]string) (cooked string, end int, inner bool, ok bool) {
	// A word without any of shellWordNoise is its own text: no copy.
	j := i
	for j < len(s) && shellByte[s[j]] == 0 {
		j++
	}
	if j == len(s) || shellByte[s[j]] == shellStop {
		return s[i:j], j, false, true
	}
	if c := s[j]; (c == '\'' || c == '"') && strings.IndexByte(s[j+1:], c) < 0 {
		return "", j, false, false // the loop below reaches this quote with nothing to close it
	}
	var b strings.Builder
	noise := false // noise seen since the word's first literal character
	for i < len(s) {
		c := s[i]
		switch {
		case shellByte[c] == shellStop:
			return b.String(), i, inner, true
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return "", i, false, false
			}
			q := s[i+1 : i+1+j]
			if c == '"' && strings.ContainsAny(q, "$`\\") {
				q = dropShellVars(strings.ReplaceAll(q, "\\", ""))
			}
			if b.Len() > 0 {
				noise = true
			}
			b.WriteString(q)
			i += j + 2
			if b.Len() > 0 && noise {
				inner = true
			}
			if i < len(s) && b.Len() > 0 && isAlnum(s[i]) {
				inner = true // quotes closed inside the word: ti''me, "p""y"
			}
			continue
		case c == '\\' && i+1 < len(s):
			if b.Len() > 0 {
				inner = true
			}
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '$' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"'):
			// $'...' (ANSI-C) and $"..." (locale) quoting: the quotes' content, as quoted.
			if b.Len() > 0 {
				inner = true
			}
			i++
			continue
		case c == '$':
			// An expansion: $@ $* $1 $(), an unset ${name} or $name expands to nothing inside a
			// word (cu$@rl, c$()at); a variable the value assigned expands to its value
			// (a=nc&&$a -nlvp 555).
			n := emptyExpansion(s[i:])
			if n > 0 {
				name := strings.Trim(s[i+1:i+n], "{}")
				if v, set := vars[name]; set {
					b.WriteString(v)
					inner = true
					i += n
					continue
				}
				if b.Len() > 0 {
					inner = true
					i += n
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
		if noise && isAlnum(c) {
			inner = true
		}
	}
	return b.String(), i, inner, true
}

// shellByte classes the bytes shellWord reads: shellStop ends a word (a blank or one of
// shellWordStops), shellNoisy is one of shellWordNoise, 0 is a literal.
var shellByte = func() (t [256]byte) {
	for _, c := range []byte(shellWordStops) {
		t[c] = shellStop
	}
	for _, c := range []byte(shellWordNoise) {
		t[c] = shellNoisy
	}
	return t
}()

const (
	shellStop  = 1
	shellNoisy = 2
	// shellWordStops end a shell word: blanks, separators, redirections, parentheses, backquote.
	shellWordStops = " \t\n\r;|&<>()`"
)

// emptyExpansion returns the length of an expansion at the start of s that a shell with no such
// variable set expands to nothing: $@ $* $# $1-$9 $() ${name} $name; 0 for none.
func emptyExpansion(s string) int {
	if len(s) < 2 || s[0] != '$' {
		return 0
	}
	switch c := s[1]; {
	case c == '@' || c == '*' || c >= '0' && c <= '9':
		return 2
	case c == '(' && len(s) > 2 && s[2] == ')':
		return 3
	case c == '{':
		w := s
		if len(w) > 66 {
			w = w[:66] // a name is short: the search stays bounded, the scan linear
		}
		if j := strings.IndexByte(w, '}'); j > 2 && isIdentifier(s[2:j]) {
			return j + 1
		}
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		j := 2
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		return j
	}
	return 0
}

// programName reports a word that a shell would look up as a program: lower-case letters,
// digits, "_" and "-", or a path whose last name is a known command.
func programName(w string) bool {
	if len(w) < 2 || len(w) > 32 {
		return false
	}
	if w[0] == '/' {
		return commandSet[w[strings.LastIndexByte(w, '/')+1:]]
	}
	if !(w[0] >= 'a' && w[0] <= 'z') {
		return false
	}
	for i := 1; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// shellArgsNext reports arguments that only a command line has after a program name: a flag,
// an absolute path, a quoted string, a redirection or an expansion ("-u admin", "/E c:\x",
// "'rm -rf f' SIGEXIT", "< file.txt"), not words of prose.
func shellArgsNext(rest string) bool {
	r := strings.TrimLeft(rest, " \t")
	if len(r) == len(rest) || r == "" {
		return false
	}
	switch r[0] {
	case '-':
		r = strings.TrimPrefix(r[1:], "-")
		return r != "" && isAlnum(r[0])
	case '/', '\'', '"', '<', '>', '$', '~':
		return true
	}
	return false
}

// separatorCommand reports a value that ends its argument at once (at its start, or after
// one token that is an argument's value: a number, an address, a file name) and starts a
// command line: a program name and shell arguments.
func separatorCommand(s string) bool {
	t := strings.TrimLeft(s, " \t")
	i := 0
	for i < len(t) && !argumentEnd[t[i]] {
		i++
	}
	closesQuote := i > 0 && (t[i-1] == '\'' || t[i-1] == '"')
	if i > 0 && !argumentValue(t[:i]) && !(i == 1 && closesQuote) {
		return false // "usb-c & hdmi", "hero-cta|variant-b", "Double-sided; colour": words joined
	}
	j := i
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	if j >= len(t) || strings.IndexByte(chainBytes, t[j]) < 0 {
		return false
	}
	for j < len(t) && (t[j] == ';' || t[j] == '|' || t[j] == '&') {
		j++
	}
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	if j >= len(t) {
		return false
	}
	if closesQuote && i == 1 && t[len(t)-1] == t[0] && len(t) > 2 {
		// ';htop' or ";htop": the value closes the quoted argument it sits in, ends the command,
		// and its last quote pairs with the one the sink closes the argument with.
		w, _, _, ok := shellWord(t[:len(t)-1], j, nil)
		return ok && programName(w) && !strings.ContainsAny(t[1:len(t)-1], "'\"")
	}
	if unterminatedQuote(t) {
		return false // an unterminated quote is a syntax error: nothing runs
	}
	w, end, _, ok := shellWord(t, j, nil)
	if !ok || !programName(w) || !shellArgsNext(t[end:]) {
		return false
	}
	// A line that ends in a pipe ("| name | value |", a markdown table row) is a syntax error.
	line := t
	if k := lineBreaks.index(line); k >= 0 {
		line = line[:k]
	}
	return !strings.HasSuffix(strings.TrimRight(line, " \t"), "|")
}

// argumentEnd are the bytes that end separatorCommand's first token: blanks and chainBytes.
var argumentEnd = func() (t [256]bool) {
	for _, c := range []byte(" \t\r\n" + chainBytes) {
		t[c] = true
	}
	return t
}()

// argumentValue reports a token that is an argument's value rather than a word: it has a
// digit or a dot and no blank (127.0.0.1, 1, image.jpg, www.example.com).
func argumentValue(t string) bool {
	return digitOrDot.in(t)
}

// obfuscatedCommand reports a known command's name written with noise inside it in a command
// position (the value's start or after a separator), or spelt by variables the value assigned
// first (a=/etc&&c=cat&&$c $a/passwd, c1=c;c2=a;c3=t;$c1$c2$c3).
func obfuscatedCommand(s string) bool {
	pos := true
	var vars map[string]string // variables the value assigns (a=nc; c4=\ ), bounded
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '<' || c == '>':
			pos = false
			i++
			continue
		case shellByte[c] == shellStop:
			pos = true // ; | & newline ( ) `
			i++
			continue
		}
		w, end, inner, ok := shellWord(s, i, vars)
		if !ok {
			return false
		}
		if end == i {
			end++
		}
		if pos {
			if eq := strings.IndexByte(w, '='); eq > 0 && isIdentifier(w[:eq]) {
				// An assignment prefix (a=/etc): remembered, and a command may still follow.
				if vars == nil {
					vars = map[string]string{}
				}
				if len(vars) < 32 && len(w)-eq <= 64 {
					vars[w[:eq]] = w[eq+1:]
				}
				i = end
				continue
			}
			first := w
			if k := strings.IndexAny(first, " \t"); k >= 0 {
				first = first[:k] // an expanded value splits into words: the first is the command
			}
			if inner && (commandSet[strings.ToLower(first)] || commandSet[strings.TrimRight(strings.ToLower(first), "0123456789.")]) {
				return true // python3.10 is python
			}
		}
		pos = false
		i = end
	}
	return false
}

// braceCommand reports a value that starts with a brace expansion with an empty alternative
// whose first word is a known command.
func braceCommand(s string) bool {
	t := strings.TrimSpace(s)
	end := strings.IndexByte(t, '}')
	if len(t) < 4 || t[0] != '{' || end < 0 {
		return false
	}
	inner := t[1:end]
	if !(strings.HasPrefix(inner, ",") || strings.HasSuffix(inner, ",") || strings.Contains(inner, ",,")) {
		return false
	}
	e, ok := braceWords(t)
	if !ok {
		return false
	}
	w, _, _, ok := shellWord(strings.TrimLeft(e, " "), 0, nil)
	return ok && commandSet[strings.ToLower(w)]
}

// accountFile matches the files a command line reads to take over accounts or secrets once its
// arguments are resolved against the working directory it set.
var accountFile = mustCompile(`^/etc/(?:passwd|shadow|gshadow|group|sudoers|master\.passwd)$|^/proc/self/(?:environ|cmdline|maps|mem)$|/\.ssh/id_(?:rsa|dsa|ecdsa|ed25519)$|/\.aws/credentials$`)

// cdResolvedFile reports a command line that changes to a directory and then names, by a
// relative path, an account or secret file there (cd /;cd etc;column passwd): the path the
// command opens is the argument resolved against the working directory the value set.
func cdResolvedFile(s string) bool {
	if !containsFoldASCII(s, cdCommand) {
		return false // checked before lower-casing: no copy for values that cannot change directory
	}
	l := strings.ToLower(s)
	cwd, cmd := "", ""
	start := true
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c != '<' && c != '>' && shellByte[c] == shellStop:
			start, cmd = true, ""
			i++
			continue
		}
		w, end, _, ok := shellWord(l, i, nil)
		if !ok {
			return false
		}
		if end == i {
			i++
			continue
		}
		switch {
		case start:
			cmd, start = w, false
		case cmd == cdCommand:
			if strings.HasPrefix(w, "/") {
				cwd = path.Clean(w)
			} else if cwd != "" {
				cwd = path.Join(cwd, w)
			}
			if len(cwd) > 256 {
				cwd = "" // deeper than any account file: stop resolving (and keep the scan linear)
			}
			cmd = "" // cd takes one directory
		case cwd != "" && w != "" && w[0] != '-' && w[0] != '/':
			if accountFile.MatchString(path.Join(cwd, w)) {
				return true
			}
		}
		i = end
	}
	return false
}

// sqliteDotCommand reports a SQLite shell dot-command that runs a program (.shell, .system, and
// the abbreviations the shell accepts), at the value's start, on a line of its own or after a
// statement's ";": a value fed to the sqlite3 command line ("1;.shell whoami") runs it.
func sqliteDotCommand(s string) bool {
	for i := strings.IndexByte(s, '.'); i >= 0 && i < len(s); {
		j := i - 1
		for j >= 0 && (s[j] == ' ' || s[j] == '\t') {
			j--
		}
		if j < 0 || s[j] == ';' || s[j] == '\n' || s[j] == '\r' {
			k := i + 1
			for k < len(s) && (s[k] == '"' || s[k] == '\'' || s[k] == '\\') {
				k++
			}
			w := k
			for w < len(s) && s[w] >= 'a' && s[w] <= 'z' {
				w++
			}
			name := s[k:w]
			abbrev := len(name) >= 2 && (strings.HasPrefix("shell", name) || len(name) >= 3 && strings.HasPrefix("system", name))
			if abbrev && (name != "sh" || j >= 0 && s[j] == ';') {
				r := strings.TrimLeft(s[w:], "\"' \t")
				if len(r) < len(s[w:]) && r != "" && r[0] != '\n' {
					return true
				}
			}
		}
		n := strings.IndexByte(s[i+1:], '.')
		if n < 0 {
			break
		}
		i += 1 + n
	}
	return false
}
