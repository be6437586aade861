package injection

import "strings"

// Where a command's name stands. A shell runs a word as a program only in a command position;
// the same word elsewhere is an argument, or text inside a quoted argument ("rm -rf /tmp/build-"
// as a LogQL line filter: {app="cron"} |= "rm -rf /tmp/build-"; "statement timeout (SQLSTATE
// 57014) query="SELECT id ..." in a log line), and runs nothing. The direct patterns that start
// with a command's name (cmdiAtCommand) count only where commandPosition holds.

// wrapperWords are words after which the next word is again a command's name: programs that run
// their arguments as a command line (sudo rm ..., xargs rm ..., find -exec rm ...) and the
// shell's reserved words that start a command list.
var wrapperWords = wordSet(`sudo doas nohup time exec eval xargs env nice ionice setsid stdbuf strace ltrace
	command builtin then do else elif if while until ! -exec -execdir -ok -okdir`)

// commandPosition reports whether the word at l[i:] stands where a shell reads a command's name:
// at the value's start, after a separator or a substitution opener (; | & ( { line breaks, and a
// backtick that a later one closes), after a wrapper word or a variable assignment that itself
// stands there, after "-c" (sh -c), or just inside a quote that opens at such a place ("rm -rf /"
// as the whole value, sh -c 'rm ...'); a name at the end of a path (/bin/unxz) stands where the
// path does. It looks back over at most four words; a word longer than
// 64 bytes counts as an assignment: the scan is bounded.
func commandPosition(l string, i int) bool {
	if i > 0 && (l[i-1] == '/' || l[i-1] == '\\') {
		// The last name of a path (/bin/unxz, ./tools/curl): the path is the word the shell reads.
		k := i
		for k > 0 && i-k <= 64 && strings.IndexByte(" \t;|&`({\n\r'\"", l[k-1]) < 0 {
			k--
		}
		if i-k > 64 {
			return true
		}
		i = k
	}
	for step := 0; step < 4; step++ {
		j := i
		for j > 0 && (l[j-1] == ' ' || l[j-1] == '\t') {
			j--
		}
		if j == 0 {
			return true
		}
		c := l[j-1]
		if c == '`' {
			// A substitution's command, unless this is the value's last backtick, which opens
			// nothing that runs (see commandAfterSeparator).
			return strings.IndexByte(l[j:], '`') >= 0
		}
		if strings.IndexByte(";|&({\n\r", c) >= 0 {
			return true
		}
		if c == '\'' || c == '"' {
			i = j - 1 // an opening quote right before the word: where does the quote stand?
			continue
		}
		k := j
		for k > 0 && j-k <= 64 && strings.IndexByte(" \t;|&`({\n\r'\"", l[k-1]) < 0 {
			k--
		}
		if j-k > 64 {
			return true // no wrapper is that long, but an assignment may be: read it as one
		}
		w := l[k:j]
		if w == "-c" {
			return true
		}
		if eq := strings.IndexByte(w, '='); !wrapperWords[w] && !(eq > 0 && isIdentifier(w[:eq])) {
			return false // an assignment (a=1 rm -rf /) keeps the command position after it
		}
		i = k
	}
	return true
}
