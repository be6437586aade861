package injection

import "strings"

// Grammar of a value where a SQL query puts it, for three break-outs that the scan's signals and
// libinjection's fingerprints leave unjudged because the value is short: it is only the start of
// the SQL it forms, and the query around it is what completes it.
//
//   - An open call. As a number or an identifier (WHERE id = <value>) the value is a built-in
//     function's name and an opening parenthesis, with at most a few operator or comment bytes
//     between and nothing after: "sleep(", "IN/**/(", "length||!!$(", "ln) (". The query's own
//     text becomes the call's arguments. Ordinary text does not end in a word and "(" (":(" ends
//     in punctuation, "Date (UTC)" closes its parenthesis).
//   - A literal closed at once, then a statement. The value's first token is a quote (after at
//     most a number: "9'union all"), the quote is the only one of its kind in the value (so it
//     closes the query's literal instead of opening a quotation: "\"select\" lyrics" has two), and
//     the next word starts a statement or a compound query ("'UNION A", "' alter/").
//   - A literal closed and the statement ended: the quote is the only one of its kind and only a
//     ";" follows it ("admin@example.com';", "';"): the query's remainder becomes a second,
//     broken statement, the probe of a stacked-query injection.
//   - A condition continued. As a number (WHERE id = 5 <value>) the value starts with a boolean
//     operator and a comparison of a column whose right side it leaves open for the query's own
//     text: a quote, a number or a parenthesis, then nothing ("OR name = \"", "and code != '",
//     "AND uid != (", "|| c == '"). Prose does not end on an operator's operand.
//
// Each check is one pass over the value, no regular expression, no recursion.

// sqlCallNames are built-in functions of MySQL, PostgreSQL, MSSQL, Oracle and SQLite whose call
// is a probe or an injection primitive (CRS 942151 and 942410 name them).
var sqlCallNames = wordSet(`abs ascii benchmark cast ceil ceiling char chr coalesce compress concat
	concat_ws conv convert cos count curdate current_user database date day decode default elt encode
	exp extractvalue field floor format from_base64 group_concat hex if ifnull in insert instr length
	ln load_file local locate log lower lpad ltrim make_set max md5 mid min minute month name_const now
	nullif ord password pg_sleep pi pow power quarter rand repeat replace reverse round rpad rtrim
	schema sha1 sin sleep space sqrt strcmp substr substring sysdate time to_base64 trim uncompress
	unhex updatexml upper user values version year`)

// sqlBreakStatements are the words that start a statement or a compound query after a literal.
var sqlBreakStatements = wordSet(`union select insert update delete drop alter create truncate exec
	execute declare shutdown waitfor intersect except`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// sqlContextBreak reports a value that forms one of the three break-outs above.
func sqlContextBreak(s string) bool {
	t := strings.TrimSpace(s)
	if len(t) < 2 {
		return false
	}
	return openCall(t) || quoteThenStatement(t) || quoteThenSemicolon(t) || conditionContinued(t)
}

func conditionContinued(t string) bool {
	i := 0
	switch {
	case strings.HasPrefix(t, "||") || strings.HasPrefix(t, "&&"):
		i = 2
	case isLetterByte(t[0]):
		w, j := sqlWordAt(t, 0)
		if !strings.EqualFold(w, "and") && !strings.EqualFold(w, "or") && !strings.EqualFold(w, "xor") {
			return false
		}
		i = j
	default:
		return false
	}
	i = skipSQLSpace(t, i)
	if i < len(t) && t[i] == '(' {
		i = skipSQLSpace(t, i+1)
	}
	if i >= len(t) || !isLetterByte(t[i]) && t[i] != '_' {
		return false
	}
	for i < len(t) && (isWordByte(t[i]) || t[i] == '.') {
		i++
	}
	i = skipSQLSpace(t, i)
	op := i
	for i < len(t) && i-op < 3 && strings.IndexByte("=!<>", t[i]) >= 0 {
		i++
	}
	if i == op || t[op:i] == "!" {
		return false
	}
	rest := strings.TrimSpace(t[i:])
	switch {
	case rest == "'" || rest == "\"" || rest == "(":
		return true
	case rest != "" && strings.Trim(strings.TrimSuffix(rest, ")"), "0123456789") == "":
		return strings.TrimSuffix(rest, ")") != ""
	}
	return false
}

// sqlWordAt returns the identifier that starts at t[i] (ASCII letters, digits, _).
func sqlWordAt(t string, i int) (string, int) {
	j := i
	for j < len(t) && isWordByte(t[j]) {
		j++
	}
	return t[i:j], j
}

// inWordSet reports whether w, ASCII-folded, is in m, without allocating.
func inWordSet(m map[string]bool, w string) bool {
	var b [24]byte
	if len(w) > len(b) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return m[string(b[:len(w)])]
}

func openCall(t string) bool {
	if t[len(t)-1] != '(' || !isLetterByte(t[0]) {
		return false
	}
	w, j := sqlWordAt(t, 0)
	if !inWordSet(sqlCallNames, w) {
		return false
	}
	between := t[j : len(t)-1]
	if len(between) > 6 {
		return false
	}
	for i := 0; i < len(between); i++ {
		if isWordByte(between[i]) || between[i] >= 0x80 {
			return false
		}
	}
	return true
}

// loneQuote returns the quote that starts t (after at most a number) when it is the only quote of
// its kind in t, and the index after it.
func loneQuote(t string) (byte, int, bool) {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i >= len(t) {
		return 0, 0, false
	}
	q := t[i]
	if q != '\'' && q != '"' && q != '`' || strings.IndexByte(t[i+1:], q) >= 0 {
		return 0, 0, false
	}
	return q, i + 1, true
}

// skipSQLSpace skips blanks and closed /* */ comments from t[i].
func skipSQLSpace(t string, i int) int {
	for i < len(t) {
		switch {
		case t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '\v' || t[i] == '\f':
			i++
		case strings.HasPrefix(t[i:], "/*"):
			e := strings.Index(t[i+2:], "*/")
			if e < 0 {
				return i
			}
			i += e + 4
		default:
			return i
		}
	}
	return i
}

func quoteThenStatement(t string) bool {
	_, i, ok := loneQuote(t)
	if !ok {
		return false
	}
	i = skipSQLSpace(t, i)
	if i >= len(t) || !isLetterByte(t[i]) {
		return false
	}
	w, _ := sqlWordAt(t, i)
	return inWordSet(sqlBreakStatements, w)
}

func quoteThenSemicolon(t string) bool {
	if t[len(t)-1] != ';' {
		return false
	}
	body := strings.TrimRight(t[:len(t)-1], " \t")
	if body == "" {
		return false
	}
	q := body[len(body)-1]
	if q != '\'' && q != '"' && q != '`' || strings.Count(t, string(q)) != 1 {
		return false
	}
	return true
}
