package injection

import "strings"

// braceWords expands a value that starts with a shell brace expansion ({,ip,a} {id,} {l,-lh}s):
// the shell turns the group into one word per alternative, each with the text that follows the
// group up to a blank, and drops empty words, so the alternatives become the command line that
// runs ("ip a", "id", "ls -lhs"). It reports false for a value that does not start with a group
// of two or more alternatives without blanks or nested braces.
func braceWords(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 3 || t[0] != '{' {
		return "", false
	}
	end := strings.IndexByte(t, '}')
	if end < 0 || end > 200 {
		return "", false
	}
	inner := t[1:end]
	if !strings.Contains(inner, ",") || strings.ContainsAny(inner, " \t\r\n{") {
		return "", false
	}
	rest := t[end+1:]
	suffix, tail := rest, ""
	if i := strings.IndexAny(rest, " \t\r\n"); i >= 0 {
		suffix, tail = rest[:i], rest[i:]
	}
	var b strings.Builder
	for _, alt := range strings.Split(inner, ",") {
		if w := alt + suffix; w != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	b.WriteString(tail)
	return b.String(), true
}
