package injection

import "strings"

// GraphQL documents. A GraphQL API receives its operation as a string ({"query": "query
// Orders($first: Int, $where: OrderFilter) { orders(where: $where) { id } }"}, or ?query= on
// GET): variable definitions read like NoSQL operators ($where:), a selection set puts words
// such as id alone on their lines, and the braces and parentheses look like code. What a client
// can smuggle through a GraphQL document is in its string literals; the rest is names,
// variables, punctuation and numbers. A value that parses that way (graphQLDocument) is
// inspected literal by literal, each literal on its own, instead of whole.

// graphQLDocument reports whether v is a GraphQL executable document made only of GraphQL
// syntax outside its string literals (names, $variables, @directives, punctuation ! $ ( ) : = @
// [ ] { } | , and "..." spreads, numbers, comments) and returns the literals' contents. Anything
// else outside a literal (a quote other than ", a semicolon, a slash, a dot that is not a spread,
// <, >, &, a backslash, %, ...) means v is not only GraphQL, and it is inspected whole.
func graphQLDocument(v string) ([]string, bool) {
	t := strings.TrimLeft(v, " \t\r\n")
	if !graphQLStart(t) {
		return nil, false
	}
	var lits []string
	depth, braces := 0, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '"':
			if strings.HasPrefix(t[i:], `"""`) {
				end := strings.Index(t[i+3:], `"""`)
				if end < 0 {
					return nil, false
				}
				lits = append(lits, t[i+3:i+3+end])
				i += end + 5
				continue
			}
			j := i + 1
			for j < len(t) && t[j] != '"' && t[j] != '\n' {
				if t[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(t) || t[j] != '"' {
				return nil, false
			}
			lits = append(lits, t[i+1:j])
			i = j
		case c == '#':
			// A comment runs to the end of the line; it is inspected like a literal.
			j := strings.IndexByte(t[i:], '\n')
			if j < 0 {
				j = len(t) - i
			}
			lits = append(lits, t[i+1:i+j])
			i += j - 1
		case c == '{' || c == '(' || c == '[':
			depth++
			if c == '{' {
				braces++
			}
		case c == '}' || c == ')' || c == ']':
			if depth--; depth < 0 {
				return nil, false
			}
		case c == '.':
			if !strings.HasPrefix(t[i:], "...") {
				if i > 0 && isDigit(t[i-1]) && i+1 < len(t) && isDigit(t[i+1]) {
					continue // a float
				}
				return nil, false
			}
			i += 2
		case c == '-':
			if i+1 >= len(t) || !isDigit(t[i+1]) {
				return nil, false
			}
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_':
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '!' ||
			c == '$' || c == '=' || c == '@' || c == '|' || c == '&':
			// & joins interfaces (implements A & B), | union members: both in type system
			// documents only, and never doubled.
			if (c == '&' || c == '|') && i+1 < len(t) && t[i+1] == c {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if depth != 0 || braces == 0 {
		return nil, false
	}
	return lits, true
}

// graphQLStart reports a document that opens with an operation keyword or a selection set.
func graphQLStart(t string) bool {
	for _, kw := range [...]string{"query", "mutation", "subscription", "fragment"} {
		if len(t) > len(kw) && strings.HasPrefix(t, kw) {
			switch t[len(kw)] {
			case ' ', '\t', '\n', '\r', '(', '{', '@':
				return true
			}
		}
	}
	// An anonymous query: "{" and then a field name, not a JSON object ({"a": ...}).
	if len(t) > 1 && t[0] == '{' {
		u := strings.TrimLeft(t[1:], " \t\r\n")
		return u != "" && (u[0] >= 'a' && u[0] <= 'z' || u[0] >= 'A' && u[0] <= 'Z' || u[0] == '_')
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
