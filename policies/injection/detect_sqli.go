package injection

import (
	"bytes"
	"strings"
	"unicode"

	libinjection "github.com/corazawaf/libinjection-go"
	"github.com/edgeward/edgeward/policies/internal/textx"
)

// SQL injection signals found by scanSQL in one pass over a value: byte classes, comment shapes
// and classes of SQL words. Rules and the libinjection call are gated on them, so ordinary text
// costs one table-driven pass and no allocation.
const (
	sqQuote         uint64 = 1 << iota // '
	sqDQuote                           // "
	sqTick                             // `
	sqParen                            // ( or )
	sqSemi                             // ;
	sqEq                               // =
	sqCmp                              // < > !
	sqLogic                            // || &&
	sqHash                             // #
	sqDashDash                         // --
	sqCommentOpen                      // /* that never closes
	sqComment                          // a closed /* */ comment (removed from the folded form)
	sqInlineComment                    // a closed comment glued to a token on both sides (a/**/b)
	sqBangComment                      // /*! MySQL executable comment
	sqAt                               // @
	sqColon2                           // ::
	sqBackslash                        // \
	sqTypoQuote                        // ’ ‘ ´ (folded to ')
	sqDigit                            // 0-9
	sqNumBool                          // a number next to or, and, xor, not (1 or 1, xor 5)
	sqQuoteBool                        // a quote or ) right before a boolean (' or, ")&&)
	swBool                             // or and xor not
	swLike                             // like rlike regexp glob between is in div mod
	swUnion                            // union
	swSelect                           // select
	swFrom                             // from where having limit offset
	swOrder                            // order group by
	swStmt                             // insert update delete drop ... exec declare set values into
	swFunc                             // SQL functions (sleep, benchmark, concat, char, ...)
	swWait                             // waitfor
	swCase                             // case when then
	swCatalog                          // system catalogs and procedures (information_schema, xp_cmdshell)
	swTables                           // all_tables user_tables
	swMySQL                            // mysql (mysql.user)
	swWeird                            // a SQL keyword in alternating case (UnIoN), token-bounded
)

const (
	sqQuotes = sqQuote | sqDQuote | sqTick
	// sqPunct is the punctuation some SQL injection needs; a value with none of it and no SQL
	// statement words is not SQL injection.
	sqPunct = sqQuotes | sqParen | sqSemi | sqEq | sqCmp | sqLogic | sqHash | sqDashDash |
		sqCommentOpen | sqComment | sqAt | sqColon2 | sqBackslash | sqTypoQuote
	sqStrongWords = swUnion | swSelect | swStmt | swWait | swCatalog | swTables
	sqAnyWord     = swBool | swLike | swUnion | swSelect | swFrom | swOrder | swStmt | swFunc | swWait | swCase |
		swCatalog | swTables | swMySQL
	// sqBreak is what breaks out of a string or comments out the rest of a query.
	sqBreak = sqQuotes | sqHash | sqDashDash | sqComment | sqCommentOpen | sqAt | sqColon2 | sqBackslash | sqTypoQuote
	// sqOps are operators and separators that join SQL words into an expression or statement.
	sqOps = sqParen | sqEq | sqCmp | sqLogic | sqSemi
)

// sqlWord is one SQL word: its signal and whether it counts as a strong keyword (one that ordinary
// prose and code rarely use next to SQL punctuation).
type sqlWord struct {
	sig    uint64
	strong bool
}

var sqlWords = func() map[string]sqlWord {
	m := map[string]sqlWord{}
	add := func(sig uint64, strong bool, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = sqlWord{sig, strong}
		}
	}
	add(swBool, false, "or and xor not")
	add(swLike, false, "like rlike regexp glob between is in div mod")
	add(swUnion, true, "union")
	add(swSelect, true, "select")
	add(swFrom, true, "from where having limit offset")
	add(swOrder, true, "order group")
	add(swOrder, false, "by")
	add(swStmt, true, "insert update delete drop truncate alter create replace exec execute declare shutdown "+
		"values into table procedure analyse immediate outfile dumpfile prepare")
	add(swStmt, false, "set")
	add(swFunc, true, "sleep benchmark pg_sleep extractvalue updatexml load_file group_concat concat concat_ws "+
		"make_set database db_name current_user substring ifnull xmltype lo_get lo_import find_in_set "+
		"json_extract json_search starts_with unistr overlay placing sys_eval sys_exec "+
		"geometrycollection multipoint")
	add(swFunc, false, "char chr ascii substr mid if cast convert count elt hex md5 user version")
	add(swWait, true, "waitfor")
	add(swCase, false, "case when then")
	add(swCatalog, true, "information_schema pg_catalog sysobjects syscolumns sqlite_master pg_shadow "+
		"msysaccessobjects msysobjects msdasql openrowset opendatasource utl_http utl_inaddr dbms_pipe "+
		"xp_cmdshell xp_dirtree xp_regread xp_fileexist sp_password sp_executesql sp_oacreate sp_oamethod "+
		"sp_makewebtask sp_addsrvrolemember schema_name")
	add(swTables, true, "all_tables user_tables")
	add(swMySQL, false, "mysql")
	return m
}()

// sqlWordLens has bit n set at a lower-case letter (or "_", at 26) when a word of sqlWords of
// length n starts with it: scanSQL looks a word up only then, so most words of prose cost no
// map lookup. It is built from sqlWords, so the two cannot disagree.
var sqlWordLens = func() (t [27]uint32) {
	for w := range sqlWords {
		t[wordLensIndex(w[0])] |= 1 << len(w)
	}
	return t
}()

func wordLensIndex(c byte) int {
	if c == '_' {
		return 26
	}
	return int(c - 'a')
}

// lookupSQLWord looks up w (lower case, a letter or "_" first, at most 24 bytes) in sqlWords.
func lookupSQLWord(w []byte) (sqlWord, bool) {
	if !sqliGates {
		kw, ok := sqlWords[string(w)]
		return kw, ok
	}
	if sqlWordLens[wordLensIndex(w[0])]&(1<<len(w)) == 0 {
		return sqlWord{}, false
	}
	kw, ok := sqlWords[string(w)]
	return kw, ok
}

// sqlByteSig maps single bytes to their signal.
var sqlByteSig = func() (t [256]uint64) {
	for c, s := range map[byte]uint64{'\'': sqQuote, '"': sqDQuote, '`': sqTick, '(': sqParen, ')': sqParen,
		';': sqSemi, '=': sqEq, '<': sqCmp, '>': sqCmp, '!': sqCmp, '#': sqHash,
		'@': sqAt, '\\': sqBackslash} {
		t[c] = s
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = sqDigit
	}
	return t
}()

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isTokenEdge reports whether c bounds a SQL token: space, quote, paren, comment or operator, but
// not the characters that join base64, JWT, URL and identifier fragments.
func isTokenEdge(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\'', '"', '`', '(', ')', ';', ',', '=', '<', '>', '!', '|', '&', '#', '*', '@':
		return true
	}
	return false
}

// scanSQL folds s into *buf (ASCII lower case, closed /* */ comments replaced by a space, the
// executable /*! markers dropped, typographic quotes turned into ') and returns its signals and
// the number of strong SQL keywords. It is one linear pass. With a nil buf it only returns the
// signals, the same ones, and writes nothing.
func scanSQL(s string, buf *[]byte) (sig uint64, strong int) {
	fold := buf != nil
	var b []byte
	if fold {
		b = (*buf)[:0]
	}
	noClose := false // no "*/" after the current position: later "/*" stay unclosed
	depth := 0       // parentheses the value opened and has not closed yet
	var calls uint64 // bit k: the value opened the parenthesis open at depth k (first 64)
	matched := -1    // index of the last ")" that closes a parenthesis the value opened
	bangClose := -1  // index of the "*/" that ends the current /*! comment
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			j := i + 1
			upper, lower := c <= 'Z', c >= 'a'
			innerUpper := false
			for j < len(s) && isWordByte(s[j]) {
				if s[j] >= 'A' && s[j] <= 'Z' {
					upper, innerUpper = true, true
				} else if s[j] >= 'a' {
					lower = true
				}
				j++
			}
			if n := j - i; n >= 2 && n <= 24 {
				var w [24]byte
				for k := 0; k < n; k++ {
					w[k] = textx.LowerByte(s[i+k])
				}
				if kw, ok := lookupSQLWord(w[:n]); ok {
					sig |= kw.sig
					if kw.sig == swBool {
						if afterNumber(s[:i]) || beforeNumber(s[j:]) {
							sig |= sqNumBool
						}
						if afterBreak(s[:i], matched) {
							sig |= sqQuoteBool
						}
					}
					if kw.strong {
						strong++
						// UnIoN, sElEcT: mixed case other than Capitalised, bounded like a token.
						if upper && lower && innerUpper && n >= 4 && (i == 0 || isTokenEdge(s[i-1]) || s[i-1] == '/') &&
							(j == len(s) || isTokenEdge(s[j]) || s[j] == '/') {
							sig |= swWeird
						}
					}
				}
			}
			if !fold {
				i = j
				continue
			}
			for ; i < j; i++ {
				b = append(b, textx.LowerByte(s[i]))
			}
			continue
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			if noClose {
				sig |= sqCommentOpen
				break
			}
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				noClose = true
				sig |= sqCommentOpen
				break
			}
			end += i + 2
			if i+2 < len(s) && s[i+2] == '!' {
				// MySQL runs the body of /*!50000 ... */: keep it, drop the markers.
				sig |= sqBangComment
				if fold {
					b = append(b, ' ')
				}
				i += 3
				for i < len(s) && s[i] >= '0' && s[i] <= '9' {
					i++
				}
				bangClose = end
				continue
			}
			sig |= sqComment
			if i > 0 && end+2 < len(s) && glued(s[i-1]) && glued(s[end+2]) {
				sig |= sqInlineComment
			}
			if fold {
				b = append(b, ' ')
			}
			i = end + 2
			continue
		case c == '*' && i == bangClose:
			if fold {
				b = append(b, ' ')
			}
			i += 2
			continue
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			sig |= sqDashDash
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			sig |= sqColon2
		case (c == '|' || c == '&') && i+1 < len(s) && s[i+1] == c:
			sig |= sqLogic
			if afterBreak(s[:i], matched) {
				sig |= sqQuoteBool
			}
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x99),
			c == 0xc2 && i+1 < len(s) && s[i+1] == 0xb4:
			sig |= sqTypoQuote | sqQuote
			if fold {
				b = append(b, '\'')
			}
			if c == 0xe2 {
				i += 3
			} else {
				i += 2
			}
			continue
		}
		switch c {
		case '(':
			if depth < 64 {
				// A call's parenthesis or a group's: either way one the value opened.
				calls |= 1 << depth
			}
			depth++
		case ')':
			if depth > 0 {
				depth--
				if depth < 64 && calls&(1<<depth) != 0 {
					matched = i
				}
			}
		}
		sig |= sqlByteSig[c]
		if fold {
			b = append(b, c)
		}
		i++
	}
	if fold {
		*buf = b
	}
	return sig, strong
}

// afterNumber reports whether s ends with a digit, spaces aside.
func afterNumber(s string) bool {
	i := len(s) - 1
	for i >= 0 && s[i] == ' ' {
		i--
	}
	return i >= 0 && s[i] >= '0' && s[i] <= '9'
}

// afterBreak reports whether s ends with a quote or a closing parenthesis, spaces aside. A
// parenthesis at index matched closes a call or a group the value itself opened
// ("currentUser() AND x = 1" in a JQL query, "(country:US OR country:CA) AND NOT tier:free" in
// KQL): it leaves no context of the query it is placed in, so what follows it is not a
// break-out. Only a ")" the value did not open closes the query's own parenthesis.
func afterBreak(s string, matched int) bool {
	i := len(s) - 1
	for i >= 0 && s[i] == ' ' {
		i--
	}
	if i < 0 {
		return false
	}
	switch s[i] {
	case '\'', '"', '`':
		return true
	case ')':
		return i != matched
	}
	// A typographic quote (’ ‘ ´) folds to '.
	return s[i] == 0x99 || s[i] == 0x98 || s[i] == 0xb4
}

// beforeNumber reports whether s starts with a digit, spaces aside.
func beforeNumber(s string) bool {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// glued reports whether c is part of a token, so that a comment next to it replaces a space.
func glued(c byte) bool {
	return isWordByte(c) || c == '\'' || c == '"' || c == '`' || c == '(' || c == ')'
}

// sqliRules run on the folded value when their signals are present.
var sqliRules = []signalRule{
	// UNION-based extraction.
	rule(swUnion, swSelect, "", `\bunion\b(?:[^a-z0-9-]|--){0,40}?(?:(?:all|distinct|distinctrow)\b(?:[^a-z0-9-]|--){0,40}?)?select\b[\s(/*]*(?:[*@'"(\d-]|null\b|[a-z_][\w.]*\s*(?:,|\(|from\b|--|#|$))`),
	rule(swUnion, sqQuotes, "", `['"\x60]\s*union\s+(?:all\s+|distinct\s+)?select\b`),
	// Catalog tables that need a FROM, and mysql.user.
	rule(swTables, swFrom, "", `\bfrom\s+(?:all_tables|user_tables)\b`),
	rule(swMySQL, 0, "mysql.", `\bmysql\.(?:user|db)\b`),
	// Stacked statements, after a closing quote or outright.
	rule(sqSemi, sqQuotes, "", `['"]\s*;\s*(?:select|insert|update|delete|drop|exec|execute|declare|shutdown|create|alter|truncate|waitfor|set\s+@)\b`),
	rule(sqSemi, swStmt|swSelect, "", `;\s*(?:drop\s+(?:table|database|schema|user)|shutdown\b|truncate\s+table|exec(?:ute)?\s+(?:xp_|sp_|master\b)|declare\s+@|insert\s+into\s+\w+|delete\s+from\s+\w+\s*(?:where\b|;|--|#|$)|update\s+\w+\s*(?:set\b|$|;)|alter\s+table|create\s+(?:table|user)|set\s+@|(?:replace|insert)\s+\w+\s*\(|select\s+(?:pg_)?sleep\b)`),
	// A closing quote, a boolean, and a comment that cuts the rest of the query.
	rule(sqDashDash|sqHash, sqQuotes, "", commentTailPattern),
	rule(sqQuotes, sqDashDash|sqHash|sqCommentOpen, "", `['"]\s*(?:;\s*)?(?:--[\s-]|--$|#[^'"]*$|/\*)`),
	rule(sqQuotes, sqDashDash|sqHash, "", `['"\x60]\s*(?:[-+|^&<>=/%*]|\bmod\b|\bdiv\b)\s*[\w@.]+\s*(?:--|#)\s*$`),
	rule(swBool, sqHash|sqDashDash, "", `(?:^|['"\s])(?:or|and)\s+\d+\s*(?:#|--)\s*$|['"]\s*(?:or|and)\s*(?:--|#)`),
	// Tautologies and comparisons.
	rule(swBool|sqLogic, sqEq|sqCmp|swLike, "", `\b(?:or|and|xor|\|\||&&)\s+(?:\d+\s*(?:=|<>|!=)\s*\d+|'[^']*'\s*(?:=|<>|!=|\blike\b)\s*'[^']*')\s*(?:$|--|#|;|\)|/\*|(?:and|or|xor|union|order|group|limit|having|procedure|into|select)\b)`),
	// A tautology right after the value's first token, whatever follows ("1 OR 1=1 Mozilla").
	rule(swBool|sqLogic, sqEq, "", `^\s*[\w'"-]*\s*(?:or|and|xor|\|\||&&)\s+(\d+)\s*=\s*\d+\b`),
	// A number continued as a condition: in a numeric context (id = <v>) the value goes on with
	// a boolean and a constant ("9999 or true", "1 && not 0"). (A comparison of two numbers
	// alone, "1 = 1", is also an expression a rule engine's condition field holds.)
	rule(sqNumBool|sqLogic, 0, "", `^\s*\d+\s*(?:or|and|xor|\|\||&&)\s*(?:true|false|null|not\s*\d)\b`),
	rule(swBool, sqEq, "", `\b(?:or|and|xor)\s*\(?\s*\d+\s*(?:=|!=|<>|<=>|==)\s*(?:\(|['"]|\d+\s*(?:=|$|--|#|;|\)|['"]))`),
	rule(sqQuoteBool, 0, "", `['")]\s*(?:or|and|xor|\|\||&&)\s+[\w'"(@]+\s*(?:=|<>|!=|<=?|>=?|\blike\b|\brlike\b|\bregexp\b|\bglob\b|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bin\s*\()`),
	rule(sqQuoteBool, 0, "", `['")]\s*(?:or|and|\|\||&&)\s+(?:true|false|not\b|\d+\s*(?:$|--|#|/\*|;)|\d+\s*[=<>])`),
	rule(sqQuoteBool, 0, "", `[\w\\]['"\x60](?:or|and|xor|\|\||&&)['"\x60]`),
	// After a group the value opened and closed itself ("(id > 0) or (1 > 0)"), a boolean
	// continues the value's own expression: it is a tautology only with a constant comparison.
	rule(swBool|sqLogic, sqParen, "", `\)\s*(?:or|and|xor|\|\||&&)\s+\(?\s*(?:\d+|'[^']*'|"[^"]*")\s*(?:=|<>|!=|<=?|>=?|\blike\b)`),
	rule(sqQuote, sqEq|sqCmp, "", `'\w*'\s*(?:!=|<>|<=>|=)\s*'\w*(?:'|$)`),
	rule(swBool, 0, "xor", `\bxor\s+(?:\d+|'[^']*')\s*[<>=!-]`),
	rule(swLike, sqParen, "", `\)\s*like\s*\(`),
	rule(swCase, 0, "", `\bcase\s+when\s*\(?\s*\d+\s*=\s*\d+|\(\s*case\s+when\b|\)\s*when\s+\d+\s+then\b`),
	// Function calls used for timing, errors and file access.
	rule(swFunc, sqParen, "", `(?:^|[^\pL\pN_.$])(?:sleep|benchmark|pg_sleep|extractvalue|updatexml|load_file|sys_eval|sys_exec|xp_cmdshell|sp_executesql|make_set|geometrycollection|multipoint|glob)\s*\(\s*(?:\d+(?:\.\d+)?\s*(?:[),*+/-]|$)|\(|select\b|concat|0x|@@|char\b|['"]?\w+\s*[,(]|version\b|user\b)`),
	rule(swFunc, sqParen, "", `(?:^|[^\pL\pN_.$])(?:benchmark|pg_sleep|extractvalue|updatexml|load_file|group_concat|concat_ws|make_set|db_name|schema_name|current_user|xmltype|lo_get|lo_import|find_in_set|json_extract|json_search|starts_with|unistr|database)\s*\(`),
	rule(swFunc|swStmt, sqParen, "", `\boverlay\s*\((?:.{1,10}?){0,6}?\bplacing\b|\bprocedure\s+analyse\s*\(`),
	rule(swFunc, sqParen, "", `\bchar\s*\(\s*\d+\s*\)\s*(?:[+|,]|\|\|)\s*char\s*\(|\bchr\s*\(\s*\d+\s*\)\s*[.|+]\s*chr\s*\(`),
	rule(swFunc, sqParen, "", `\bchar\s*\(\s*\d+\s*(?:,\s*\d+\s*){2,}\)`),
	rule(swFunc, sqParen, "", `\bconcat(?:_ws)?\s*\((?:.{1,10}?){0,10}?(?:0x[0-9a-f]+|@@|select\b)`),
	rule(swFunc, sqEq, "", `\bif\s*\(\s*\d+\s*=(?:[^=]|$)`),
	rule(swWait, 0, "", `\bwaitfor\s+(?:delay|time)\s+['"\d]`),
	rule(sqAt, 0, "@@", `@@(?:version|datadir|hostname|basedir)\b`),
	// Statements.
	rule(swStmt, 0, "", `\binto\s+(?:out|dump)file\b`),
	rule(swStmt, 0, "", `\bdeclare\s+@\w|\bexec(?:ute)?\s*\(\s*@|\bexec(?:ute)?\s+(?:master\.|xp_|sp_|immediate\b)`),
	rule(swStmt, sqParen, "", `\bvalues\s*\(\s*['"]`),
	rule(swStmt, 0, "", `\binsert\s+into\s+[\w\x60".\[\]]+\s*(?:\((?:[^)]{1,20}){0,10}\)\s*)?(?:values|select)\b|\bdelete\s+from\s+[\w\x60".]+\s*(?:where\b|;|--|#)|\b(?:alter|create)\s+table\s+[\w\x60".]+\s*(?:\(|add\b|drop\b|change\b|modify\b|rename\b|alter\b)|\bcreate\s+(?:function|procedure|trigger)\s+[\w\x60".]+\s*\(|\bdrop\s+(?:table\s+|database\s+|schema\s+)?(?:if\s+exists\s+)?[\w\x60".]+\s*;\s*(?:--|#|$)`),
	rule(swOrder, 0, "", `\b(?:order|group)\s+by\s+\d+\s*(?:--|#|/\*|;|$)`),
	rule(swFrom, 0, "", `\bhaving\s+\d+\s*[=<>]|\bfrom\s+\x60\w+\x60\s*\.`),
	rule(swSelect, swFrom, "", `\bselect\b[\s(]+(?:\*|\w+\s*\(|@@|null\b|\d+\s*,|char\s*\(|concat\b|count\s*\()(?:[^;]{1,20}?){0,10}?\bfrom\b`),
	rule(swSelect, 0, "", `\bselect\s*[\s(]\s*(?:(?:char|chr|group_concat|load_file|concat|concat_ws|user|version|database|pg_sleep|sleep|if|count|ascii|substring|substr|mid|md5|hex)\s*\(|0x[0-9a-f]{2,}|\(\s*case\b|case\s+when\b|(?:pg_)?sleep\b)`),
	// PostgreSQL casts and JSON operators.
	rule(sqColon2, 0, "", `[\w)'"\]]\s*::\s*(?:int|integer|text|bool|boolean|jsonb?|numeric|regclass|oid|bigint)\b`),
	rule(sqQuote, swBool, "", `\b(?:or|and)\s+'[^']*'\s*(?:::\s*jsonb?\s*)?(?:<@|@>|->>?|#>>?|#-|\?[|&]?\s*(?:'|array\b))`),
}

// clauseProbe matches a value that is a query's continuation by itself: a column-count probe
// (ORDER BY 27, 1' GROUP BY 1,2,-- after an optional break-out) or a MySQL executable comment with
// a version (/*!50000 ... */, /*!1111'*/: MySQL runs its content; a CSS licence comment is
// "/*! name").
var clauseProbe = mustCompile(`(?i)^\s*(?:\w*\s*['")]+\s*)?(?:order|group)\s+by\s+\d+(?:\s*,\s*\d+)*\s*,?\s*(?:--|#|/\*|;|$)|/\*!\d+\S`)

// sqlBreakoutStart matches a value that ends the literal, identifier or list it was meant to
// stay in and continues the query: a closing quote or parenthesis then a boolean operator and an
// operand (admin' or abc, ' xor x), a select list's end then an alias and FROM (") AS cc FROM",
// "1234 AS "x" FROM"), or a statement ended then another one ("; insert into").
var sqlBreakoutStart = mustCompile(`(?i)^\s*[a-z_]*['"\x60)]+\s*(?:x?or|and|\|\||&&)\s+['"\w(]|` +
	`^\s*(?:[)\x60'"]+|\d+)\s*as\s+[\x60'"]?[\w]+[\x60'"]?\s+from\b|` +
	`^\s*['"\x60)]*\s*;\s*(?:insert\s+into|update\s+\w+\s+set|delete\s+from|drop\s+(?:table|database)|select\s+\S+\s+from|exec(?:ute)?\s+(?:xp_|sp_|master)|declare\s+@|shutdown\b|truncate\s+table)\b`)

// breakoutStartGate is sqlBreakoutStart's cheap pre-check: the value starts with a digit, or a
// quote, parenthesis or semicolon comes within its first word.
func breakoutStartGate(s string) bool {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	if i < len(s) && s[i] >= '0' && s[i] <= '9' {
		return true
	}
	for j := i; j < len(s) && j < i+48; j++ {
		switch c := s[j]; {
		case c == '\'' || c == '"' || c == '`' || c == ')' || c == ';':
			return true
		case !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'):
			return false
		}
	}
	return false
}

// sqliGates turns on the SQL detectors' gates on scanSQL's signals in front of their regular
// expressions; tests turn it off to check that the gates change no verdict.
var sqliGates = true

// clauseProbeGate reports whether clauseProbe could match s: its first branch needs the words
// ORDER or GROUP (swOrder: nothing but blanks, a word and quotes may come before them, so they
// are never in a comment) and " by" in the folded value, its second "/*!", which scanSQL
// reads as a comment (open, closed, or executable) wherever it is.
func clauseProbeGate(s string, folded []byte, sig uint64) bool {
	if !sqliGates {
		return bytes.Contains(folded, []byte(" by")) || strings.Contains(s, "/*!")
	}
	return sig&swOrder != 0 && bytes.Contains(folded, []byte(" by")) ||
		sig&(sqComment|sqCommentOpen|sqBangComment) != 0 && strings.Contains(s, "/*!")
}

// sqliMaySignals are the signals without one of which sqliVerdict returns false: those of its
// gates (sqlContextBreak's quote, parenthesis or semicolon; clauseProbeGate's ORDER, GROUP or
// comment; sqlBreakoutStart's quote, parenthesis, semicolon or FROM) and of the check after them
// (SQL punctuation, a strong keyword, a number next to a boolean). A value with none, most
// words, numbers, dates, paths and tokens, costs one scan without folding.
const sqliMaySignals = sqQuotes | sqParen | sqSemi | swOrder | sqComment | sqCommentOpen | sqBangComment | swFrom |
	sqPunct | sqStrongWords | sqNumBool

// detectSQLi reports SQL injection in s: sqliJudge's evidence, unless the value cannot run
// wherever a query puts it (sqlInert).
func detectSQLi(s string) bool {
	return sqliJudge(s) && !sqlInert(s)
}

// sqliJudge finds the evidence of SQL injection in s: a one-pass scan rules out ordinary text,
// then libinjection's tokenizer (which tries the value as-is and as if after a single or double
// quote, in ANSI and MySQL modes), then the scan's own signals and the gated rules.
func sqliJudge(s string) bool {
	if len(s) < 2 {
		return false
	}
	if sqliGates {
		if sig, _ := scanSQL(s, nil); sig&sqliMaySignals == 0 {
			return false
		}
	}
	p := getFoldBuf(len(s))
	sig, strong := scanSQL(s, p)
	hit := sqliVerdict(s, *p, sig, strong)
	putFoldBuf(p)
	return hit
}

func sqliVerdict(s string, folded []byte, sig uint64, strong int) bool {
	if sig&(sqQuotes|sqParen|sqSemi) != 0 && sqlContextBreak(s) {
		return true
	}
	if clauseProbeGate(s, folded, sig) && clauseProbe.MatchString(s) {
		return true
	}
	if breakoutStartGate(s) && (!sqliGates || sig&(sqQuotes|sqParen|sqSemi|swFrom) != 0) && sqlBreakoutStart.MatchString(s) {
		// Each of sqlBreakoutStart's branches needs one of its signals: a quote, backtick or
		// ")" before the boolean, "from" after the alias, or the ";" that ends the statement
		// (none can sit in a comment: the branches allow no "/" before them).
		return true
	}
	if sig&sqPunct == 0 && sig&sqStrongWords == 0 && sig&sqNumBool == 0 {
		return false
	}
	if sig&sqQuote != 0 && apostropheEmail.MatchString(s) && !strings.Contains(s, "-'") && !strings.Contains(s, "'-") {
		// buyer'99@example.com, o'brien@example.ie: one apostrophe in an address's local part
		// leaves the query's own closing quote unmatched, whatever the context: a syntax error.
		return false
	}
	if sig&(sqQuotes|sqTypoQuote|sqBackslash|sqSemi|sqHash|sqDashDash|sqComment|sqCommentOpen|sqInlineComment|sqBangComment) == 0 && proseStart(s) {
		return false
	}
	if sig&(sqQuotes|sqTypoQuote|sqDigit|sqEq|sqSemi|sqHash|sqDashDash|sqComment|sqCommentOpen|sqAt|sqColon2|sqBackslash|sqStrongWords|swFunc|swLike|swCase) == 0 &&
		sig&sqParen != 0 && nestedParens(s) {
		// (a < b) && (c > d) || !e: comparisons of bare names in balanced groups. Without a quote,
		// a number, "=", a comment or a SQL word there is nothing to break out of and no
		// tautology to build.
		return false
	}
	if sig&^(sqParen|sqDQuote|sqDigit|sqQuoteBool|swBool) == 0 && sig&swBool != 0 && booleanSearch(s) {
		return false
	}
	if !sqliVerdictRaw(s, folded, sig, strong) {
		return false
	}
	if sig&(sqQuote|sqDQuote) != 0 {
		if r, quoted, ok := proseQuotations(s); ok && proseWords(string(folded)) >= 3 {
			// Quotations in prose: judge what the value says outside them, and each quotation
			// on its own (a nested format such as a GraphQL string argument carries its content
			// to the application). No quote is left in r, so the recursion ends.
			if sqliJudge(r) {
				return true
			}
			for _, c := range quoted {
				if sqliJudge(c) {
					return true
				}
			}
			return false
		}
	}
	if sig&sqStrongWords != 0 {
		if r, ok := proseStatements(s); ok {
			// Statements shown in prose (a tutorial, a support reply): judge the prose without them.
			return sqliJudge(r)
		}
	}
	return true
}

func sqliVerdictRaw(s string, folded []byte, sig uint64, strong int) bool {
	if sig&sqStrongWords != 0 && sqlStatementContext(folded, sig) {
		return false
	}
	// libinjection needs a break-out with something after it (a lone apostrophe in O'Brien is a
	// name), SQL statement words, operators between SQL words, or a boolean between numbers.
	runLib := sig&sqBreak != 0 && sig&(sqAnyWord|sqOps|sqBreak&^sqQuotes) != 0 ||
		sig&sqStrongWords != 0 || sig&sqOps != 0 && sig&sqAnyWord != 0 || sig&sqNumBool != 0 ||
		bitsSet(sig&sqQuotes) > 1
	if runLib {
		if ok, fp := libinjection.IsSQLi(s); ok && !sqliFalsePositive(s, fp) && !unionAlone(s, fp) {
			return true
		}
	}
	if sig&sqTypoQuote != 0 {
		// ’ OR ’1’=’1: some back ends normalise typographic quotes.
		if ok, fp := libinjection.IsSQLi(string(folded)); ok && !sqliFalsePositive(string(folded), fp) {
			return true
		}
	}
	switch {
	case sig&swCatalog != 0:
		return true
	case sig&sqBangComment != 0 && strong > 0:
		return true
	case sig&sqInlineComment != 0 && strong > 0:
		return true
	case sig&swWeird != 0 && (strong >= 2 || sig&(sqQuotes|sqParen|sqSemi|sqEq|sqDashDash|sqHash|sqComment|sqCommentOpen|sqAt) != 0):
		return true
	}
	for i := range sqliRules {
		f := folded
		if sqliRuleWindow[i] > 0 && sqliGates {
			if f = commentTail(folded, sqliRuleWindow[i]); f == nil {
				continue
			}
		}
		if sqliRules[i].match(sig, f) {
			return true
		}
	}
	return false
}

// commentTailPattern is a quote, then a boolean or a clause word, then a comment that cuts the
// rest of the query. Every match ends at the value's end (blanks aside) with "--" or "#" and
// spans at most 1 + 60 + 7 + 60 + 2 characters (of up to 4 bytes): commentTailWindow bytes.
const (
	commentTailPattern = `['"](?:.{1,10}?){0,6}?\b(?:or|and|xor|not|notnull|isnull|like|ilike|glob|collate|having|union|limit)\b(?:.{1,10}?){0,6}?(?:--|#)\s*$`
	commentTailWindow  = 512
)

// sqliRuleWindow gives, for each rule of sqliRules whose matches all lie at the end of the
// value, how many bytes before the trailing blanks they can span; 0 for the others. RE2 reads
// a whole value however far from its end the match must be, so a long value would cost
// microseconds per byte for a pattern that can only match its last few hundred.
var sqliRuleWindow = func() []int {
	w := make([]int, len(sqliRules))
	for i := range sqliRules {
		if sqliRules[i].re.String() == commentTailPattern {
			w[i] = commentTailWindow
		}
	}
	return w
}()

// commentTail returns the part of folded a match of commentTailPattern must lie in: the last
// window bytes before the trailing blanks (\s) and those blanks, or nil when the value does not
// end in "--" or "#" (blanks aside) and nothing can match. The match starts at an ASCII quote,
// so cutting the value inside a multi-byte character before it changes nothing.
func commentTail(folded []byte, window int) []byte {
	e := len(folded)
	for e > 0 && (folded[e-1] == ' ' || folded[e-1] == '\t' || folded[e-1] == '\n' || folded[e-1] == '\r' || folded[e-1] == '\f') {
		e--
	}
	if !bytes.HasSuffix(folded[:e], []byte("--")) && !bytes.HasSuffix(folded[:e], []byte("#")) {
		return nil
	}
	return folded[max(0, e-window):]
}

func bitsSet(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// sqliFalsePositive filters libinjection verdicts that are known to fire on ordinary text and
// code: a fingerprint with no string break, comment, union or statement keyword made only of
// bare words, operators, parentheses and function names (e.g. "if (a < b && c > d)" in a code
// snippet, `he said "or" not`, "One quarter (24%) of people", "char(10) in Excel"). Dangerous
// functions are left to sqliRules, which need their arguments.
func sqliFalsePositive(s, fp string) bool {
	if fp == "nc" && openCommentOnly(s) {
		return true
	}
	if strings.ContainsAny(fp, "cUETk;") {
		return false
	}
	if strings.Contains(fp, "s") {
		// A string token must come from the input breaking out of a quote: "s&s" with the quotes
		// balanced inside ordinary prose is a sentence with a quoted word.
		if fp == "s&s" || fp == "s&n" || fp == "n&s" {
			return !strings.ContainsAny(s, "=<>()") && !strings.Contains(s, "--") && !strings.Contains(s, "#")
		}
		return false
	}
	if strings.Contains(fp, "v") {
		return strings.ContainsAny(s, "{}")
	}
	// Functions joined by a boolean ("1 AND ASCII(SUBSTR(...") are injection; a function name
	// followed by a parenthesis in prose, or a condition in a code block, is not.
	return !(strings.Contains(fp, "f") && strings.Contains(fp, "&")) || strings.ContainsAny(s, "{}")
}

// Quotations in prose. Users quote words and phrases ("ORDER BY" vs "GROUP BY", say 'it's just a
// phrase' -- words matter, escape '<' and '>'), and libinjection reads each quotation as a SQL
// string and the words around it as SQL. proseQuotations rewrites a value whose every quote
// is part of a quotation in prose, or an apostrophe inside a word (O'Brien, it's), to the
// same text with each quotation replaced by a plain word: what is left is what the value says
// outside quotes, and the detectors judge that. A quote that does not open or close a
// quotation as prose does (admin'--, ' or '1'='1, 1'='1, x'or'y) leaves the value as it is.

// sqlQuotedKeywords are quotation contents that are SQL in disguise: 'or' between two values
// is a boolean, not a quotation.
// Other keywords ('select', 'union', 'having') are names in prose ("when I type 'select'"); the
// quotation's content is still judged on its own.
var sqlQuotedKeywords = map[string]bool{"or": true, "and": true, "xor": true, "not": true,
	"like": true, "rlike": true, "regexp": true, "sounds": true, "||": true, "&&": true, "=": true}

// proseQuotations returns s with its prose quotations replaced by the word "q" and apostrophes
// inside words removed, the quotations' contents, and true when every quote of s was accounted
// for that way and at least one quotation or apostrophe was rewritten.
func proseQuotations(s string) (string, []string, bool) {
	var b strings.Builder
	var quoted []string
	changed := false
	last := 0
	for i := 0; i < len(s); i++ {
		q := s[i]
		if q != '\'' && q != '"' {
			continue
		}
		prev, next := byte(' '), byte(' ')
		if i > 0 {
			prev = s[i-1]
		}
		if i+1 < len(s) {
			next = s[i+1]
		}
		if q == '\'' && wordApostrophe(s, i) {
			// An apostrophe inside a word: O'Brien, it's, don't.
			b.WriteString(s[last:i])
			last, changed = i+1, true
			continue
		}
		if measureMark(s, i) {
			// 5'7", 4' x 8', a 27" monitor: feet and inches, not quotes.
			b.WriteString(s[last:i])
			last, changed = i+1, true
			continue
		}
		if !quoteOpens(prev, next) {
			return s, nil, false
		}
		end := closingQuote(s, i+1, q)
		if end < 0 {
			return s, nil, false
		}
		content := strings.TrimSpace(s[i+1 : end])
		if sqlQuotedKeywords[strings.ToLower(content)] || !quotationContent(content) {
			return s, nil, false
		}
		quoted = append(quoted, content)
		b.WriteString(s[last:i])
		b.WriteString("q")
		last, changed = end+1, true
		i = end
	}
	if !changed {
		return s, nil, false
	}
	b.WriteString(s[last:])
	return b.String(), quoted, true
}

// quoteOpens reports a quote that opens a quotation: after a blank, an opening bracket or the
// start, before a non-blank that is not a quote.
func quoteOpens(prev, next byte) bool {
	return (prev == ' ' || prev == '(' || prev == '[' || prev == '\n' || prev == '\t') &&
		next != ' ' && next != '\'' && next != '"' && next != '\n' && next != '\t'
}

// closingQuote finds the quote q that closes a quotation opened before s[from]: on the same
// line, within 200 bytes, after a non-blank, before a blank, punctuation or the end (an
// apostrophe inside a word is skipped). It returns -1 when there is none.
func closingQuote(s string, from int, q byte) int {
	for j := from; j < len(s) && j-from <= 200; j++ {
		c := s[j]
		if c == '\n' {
			return -1
		}
		if c != q {
			continue
		}
		prev, next := s[j-1], byte(' ')
		if j+1 < len(s) {
			next = s[j+1]
		}
		if q == '\'' && wordApostrophe(s, j) {
			continue // it's
		}
		if prev == ' ' || j == from {
			return -1
		}
		switch next {
		case ' ', '\n', '\t', '.', ',', '!', '?', ':', ')', ']':
			return j
		}
		return -1
	}
	return -1
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// wordApostrophe reports an apostrophe at s[i] that is part of a word: a contraction (it's,
// don't, I'm, we'll, they're, I've, she'd) or a name or elision after one letter (O'Brien,
// D'Angelo, l'homme). x'or, user'collate and admin'and are not: there a quote ends a string.
func wordApostrophe(s string, i int) bool {
	if i == 0 || i+1 >= len(s) || !isLetterByte(s[i-1]) || !isLetterByte(s[i+1]) {
		return false
	}
	k := i + 1
	for k < len(s) && isLetterByte(s[k]) {
		k++
	}
	after := strings.ToLower(s[i+1 : k])
	if sqlQuotedKeywords[after] || after == "union" || after == "order" || after == "group" || after == "collate" || after == "limit" {
		return false // z'or, x'union: a quote ending a string before SQL
	}
	if i < 2 || !isLetterByte(s[i-2]) {
		return true // O'Brien, l'homme
	}
	switch after {
	case "s", "t", "m", "d", "ll", "re", "ve":
		return true
	}
	return false
}

// quotationContent reports quoted text that reads as a quotation: it has a letter, or it is one
// or two symbols ('<', '->'). Digits alone ('1', '2021-04-11', '0:0:15') are SQL values.
func quotationContent(c string) bool {
	for i := 0; i < len(c); i++ {
		if isLetterByte(c[i]) || c[i] >= 0x80 {
			return true
		}
	}
	return len(c) > 0 && len(c) <= 2 && !strings.ContainsAny(c, "0123456789")
}

// measureMark reports a quote at s[i] that marks feet or inches after a number: 5'7", 6'2,
// 4' x 8', 2 x 4', 27" monitor. The number must stand alone (not end a word), and what follows
// must be more of the measure, a dimension sign, the end of a line or punctuation, or a plain
// word that is not SQL: "1' or '1'='1" and "1' --" are not measures.
func measureMark(s string, i int) bool {
	if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
		return false
	}
	k := i - 1
	for k >= 0 && (s[k] >= '0' && s[k] <= '9' || s[k] == '.') {
		k--
	}
	if s[i] == '"' && k > 0 && s[k] == '\'' && s[k-1] >= '0' && s[k-1] <= '9' && k < i-1 {
		return measureMark(s, k) // the inches of 5'7"
	}
	if k >= 0 && (isLetterByte(s[k]) || s[k] == '_' || s[k] == '\'' || s[k] == '"' || s[k] == '=') {
		return false
	}
	rest := s[i+1:]
	if s[i] == '\'' {
		// 5'7" or 5'7: inches follow.
		j := 0
		for j < len(rest) && j < 4 && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == '.') {
			j++
		}
		if j > 0 && (j == len(rest) || rest[j] == '"' || rest[j] == ' ' || rest[j] == ',') {
			return true
		}
	}
	t := strings.TrimLeft(rest, " ")
	if t == "" || t[0] == '\n' || t[0] == '\r' || strings.ContainsRune(",.;:)/!?", rune(t[0])) && (len(t) == 1 || t[1] != '-' && t[1] != '*') {
		// End of a line or a clause: "8'", "8'," — but only in a dimension ("4' x 8'").
		return dimensionBefore(s[:k+1])
	}
	w := t
	if n := strings.IndexAny(w, " \n,.;:)"); n >= 0 {
		w = w[:n]
	}
	lw := strings.ToLower(w)
	switch {
	case lw == "x" || lw == "×" || lw == "by":
		return true
	case s[i] == '"' && len(lw) >= 2 && isLetterByte(lw[0]) && !sqlQuotedKeywords[lw] && !sqlMarkWords[lw]:
		return true // 27" monitor
	case s[i] == '"' && (lw == "and" || lw == "or") && measureListNext.MatchString(t[len(w):]):
		return true // 1/2" and 3/4" pipes: the next item is a measure too
	}
	return false
}

// sqlMarkWords are words that after a quote continue SQL rather than a measure.
var sqlMarkWords = map[string]bool{"union": true, "order": true, "group": true, "limit": true, "having": true,
	"procedure": true, "into": true, "where": true, "from": true, "collate": true, "waitfor": true, "rlike": true}

// dimensionBefore reports that the text before a number ends with a dimension sign: "4' x ".
func dimensionBefore(b string) bool {
	b = strings.TrimRight(b, " ")
	return strings.HasSuffix(b, " x") || strings.HasSuffix(b, "×") || strings.HasSuffix(b, " by") || strings.HasSuffix(b, "*")
}

// Statements shown in prose. Tutorials, exercises, support replies and knowledge-base articles
// quote whole statements inside sentences ("Could you run this in the SQL console?\n\nSELECT
// count(*) FROM invoices WHERE status = 'draft' AND created_at < now() - interval '30 days';",
// "例：SELECT * FROM 商品 WHERE 価格 > 1000;"). proseStatements finds statements that start a line
// or follow a colon, a full stop or a prose word (and the backtick of a code span after it), and
// that read as shown examples
// (shownStatement; a statement goes on over the lines that start with one of its clauses: FROM,
// WHERE, JOIN, GROUP BY ...), and returns the value with each replaced by a plain word, when the value has
// at least five words of prose around them. The rest is judged as usual.
var statementAt = mustCompile(`(?i)(?:^|\n|[:：。.]\s*|[\p{L}]{2,}\s+\x60?)((?:select|insert|update|delete|with)\s[^;\n]{4}(?:[^;\n]{1,18}){0,22}(?:;|$|\n))`)

// clauseLines are the words that continue a statement on its next line.
var clauseLines = wordSet("from where join left right inner outer cross full group order having limit offset " +
	"and or on set values returning window fetch")

// clauseLinesEnd extends a statement that statementAt found ending at s[en-1], a line's end,
// over the next lines while each starts with one of clauseLines and is at most 400 bytes long,
// up to 40 lines: the statement ends at a ";" or at the end of its last clause line.
func clauseLinesEnd(s string, en int) int {
	for n := 0; n < 40 && en > 0 && en < len(s) && s[en-1] == '\n'; n++ {
		j := en
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if w, _ := sqlWordAt(s, j); !inWordSet(clauseLines, w) {
			return en
		}
		e := strings.IndexAny(s[j:], ";\n")
		switch {
		case e < 0 && len(s)-j <= 400:
			return len(s)
		case e < 0 || e > 400:
			return en
		case s[j+e] == ';':
			return j + e + 1
		}
		en = j + e + 1
	}
	return en
}

// apostropheEmail is an e-mail address with exactly one apostrophe, in its local part.
var apostropheEmail = mustCompile(`^[A-Za-z0-9._%+-]*'[A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$`)

// measureListNext is the next measure of a list after "and"/"or": 3/4", 10'.
var measureListNext = mustCompile(`^\s+\d+(?:[./]\d+)?\s?["']`)

// parenStatement is a statement in parentheses right after a word ("my SQL jokes (SELECT * FROM
// hearts WHERE taken = false)"): an aside in prose, unless the word is SQL (AND (SELECT ...)).
var parenStatement = mustCompile(`(?i)([\p{L}]{2,})(\s+)\(((?:select|insert|update|delete|with)\s[^;\n()]{4}(?:[^;\n()]{1,18}){0,22})\)`)

func proseStatements(s string) (string, bool) {
	if len(s) > 8<<10 {
		return s, false
	}
	if strings.IndexByte(s, '(') >= 0 {
		s = parenStatement.ReplaceAllStringFunc(s, func(m string) string {
			sm := parenStatement.FindStringSubmatch(m)
			if sqlWordBefore(sm[1]) {
				return m
			}
			return sm[1] + ":" + sm[2] + sm[3] + "\n"
		})
	}
	idx := statementAt.FindAllStringSubmatchIndex(s, 8)
	if len(idx) == 0 {
		return s, false
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		st, en := m[2], clauseLinesEnd(s, m[3])
		if st < last {
			continue // inside the lines of the statement before
		}
		if !shownStatement(s[st:en]) || sqlWordBefore(codeSpanOpened(s[:st])) {
			return s, false
		}
		b.WriteString(s[last:st])
		b.WriteString(" stmt ")
		last = en
	}
	b.WriteString(s[last:])
	r := b.String()
	if proseWords(strings.ToLower(r))+nonASCIIWords(r) < 5 {
		return s, false
	}
	return r, true
}

// shownStatement reports a statement that reads as an example, not a break-out: balanced quotes
// and parentheses, no comment, no UNION, no second statement, none of sqlHardFuncs, no
// tautology, and every quote followed by a boolean only as a compared value ("= 'draft' AND
// created_at < ...").
func shownStatement(st string) bool {
	l := strings.ToLower(strings.TrimRight(strings.TrimSpace(st), ";\n"))
	if strings.Count(l, "'")%2 != 0 || strings.Count(l, `"`)%2 != 0 || strings.Count(l, "(") != strings.Count(l, ")") {
		return false
	}
	for _, bad := range []string{"--", "#", "/*", ";", "union", "`", "@@", "0x", "||", "&&"} {
		if strings.Contains(l, bad) {
			return false
		}
	}
	for _, f := range sqlHardFuncs {
		if strings.Contains(l, f) {
			return false
		}
	}
	if shownTautology.MatchString(l) {
		return false
	}
	for _, m := range quoteBool.FindAllStringIndex(l, -1) {
		// A quote before AND/OR must close a literal compared with =, <, >, LIKE or IN.
		open := strings.LastIndexByte(l[:m[0]], '\'')
		if open < 0 || !comparedLiteral.MatchString(l[:open]) {
			return false
		}
	}
	return true
}

var (
	shownTautology  = mustCompile(`\b(?:or|and)\s+(?:'[^']*'\s*=\s*'[^']*'|\d+\s*=\s*\d+|true\b|not\s+false\b|\d+\s*(?:$|\)))`)
	quoteBool       = mustCompile(`'\s*(?:and|or|xor)\b`)
	comparedLiteral = mustCompile(`(?:[=<>]|\blike|\bin\s*\(|\binterval|\bbetween|,)\s*$`)
)

// nonASCIIWords counts runs of non-ASCII letters (words in scripts without spaces count once per
// run), so that prose in Japanese or Hindi counts as prose.
func nonASCIIWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if r >= 0x80 && unicode.IsLetter(r) {
			if !in {
				n++
			}
			in = true
			continue
		}
		in = false
	}
	return n
}

// codeSpanOpened drops the backtick that ends b when a blank comes before it: a code span's
// opening backtick after a prose word ("anyone know why `SELECT count(*) FROM events;` takes
// 40s"), not the closing one of a MySQL name ("`users` UNION SELECT"). The statement after it
// is judged as one shown in prose, by the word before the span.
func codeSpanOpened(b string) string {
	if n := len(b); n >= 2 && b[n-1] == '`' && (b[n-2] == ' ' || b[n-2] == '\t' || b[n-2] == '\n') {
		return b[:n-1]
	}
	return b
}

// sqlWordBefore reports text that ends, before a statement, in a SQL word or a quote: "union
// all SELECT", "' SELECT", "(SELECT" are a statement continued or nested, not one shown.
func sqlWordBefore(b string) bool {
	t := strings.TrimRight(b, " \t")
	if t == "" {
		return false
	}
	if c := t[len(t)-1]; c == '\'' || c == '"' || c == '(' || c == ')' || c == '=' || c == ',' || c == '`' {
		return true
	}
	k := len(t)
	for k > 0 && isLetterByte(t[k-1]) {
		k--
	}
	switch strings.ToLower(t[k:]) {
	case "union", "all", "distinct", "select", "from", "where", "and", "or", "not", "exists", "in", "as",
		"on", "into", "values", "then", "else", "when", "case", "by", "having", "like", "is", "xor", "div",
		"mod", "limit", "offset", "return", "returning", "exec", "execute":
		return true
	}
	return false
}

// booleanSearch reports a search expression in the syntax of search boxes, Lucene and
// Elasticsearch's query_string: words, "quoted phrases", field:term prefixes, wildcards and
// parentheses joined by AND, OR and NOT ("title:(wireless OR bluetooth) AND NOT refurbished").
// The caller has ruled out every other SQL signal (no single quote, comparison, comment,
// semicolon or SQL word but the booleans); here every operand must have a letter (1 OR 1 is a
// tautology), parentheses must balance and open only a group (never a call: sleep(5)), and a
// phrase must hold a letter and no blank at its edges (" OR " is a string break-out).
func booleanSearch(s string) bool {
	depth := 0
	operand := false // the current token has a letter
	inToken := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j <= 0 {
				return false
			}
			p := s[i+1 : i+1+j]
			if p[0] == ' ' || p[len(p)-1] == ' ' || !hasLetter(p) || strings.ContainsAny(p, "()") {
				return false
			}
			i += 1 + j
			inToken, operand = true, true
		case c == '(':
			if i > 0 && s[i-1] != ' ' && s[i-1] != '(' && s[i-1] != ':' && s[i-1] != '-' && s[i-1] != '+' {
				return false
			}
			depth++
		case c == ')':
			if depth == 0 || inToken && !operand {
				return false
			}
			depth--
			inToken, operand = false, false
		case c == ' ':
			if inToken && !operand {
				return false
			}
			inToken, operand = false, false
		case c >= '0' && c <= '9' || c == ':' || c == '*' || c == '?' || c == '-' || c == '+' || c == '_' || c == '.' || c == '~' || c == '^' || c == '/':
			inToken = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			inToken, operand = true, true
		default:
			return false
		}
	}
	return depth == 0 && !(inToken && !operand)
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// proseStart reports a value that starts with two plain words: two words of letters, neither a
// SQL word, separated by blanks and at most one of , : . ! ? ("Product spec: users can build
// conditions like (status = done OR status = archived) AND ..."). With no quote, backslash,
// semicolon or comment anywhere in it (the caller checks), such a value cannot be SQL
// injection in any position: without a quote it cannot leave a string literal, and where it is
// read as SQL (a number, a column, an ORDER BY term) two identifiers in a row are a syntax
// error in every dialect, whatever follows them.
func proseStart(s string) bool {
	i := 0
	for w := 0; w < 2; w++ {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z' || s[j] >= 0x80) {
			j++
		}
		if j-i < 2 || j-i > 32 {
			return false
		}
		if _, ok := sqlWords[strings.ToLower(s[i:j])]; ok {
			// A statement word second ("Please drop me from ...") ends an expression and starts
			// a statement only where batches need no semicolon (T-SQL), and then it must name what
			// it acts on: DROP TABLE. Any other word after it is a syntax error as well.
			return w == 1 && ddlVerb[strings.ToLower(s[i:j])] && !ddlObjectNext(s[j:])
		}
		if w == 1 {
			return true
		}
		if j < len(s) && strings.IndexByte(",:.!?", s[j]) >= 0 {
			j++
		}
		if j == len(s) || s[j] != ' ' {
			return false
		}
		i = j
	}
	return false
}

// nestedParens reports parentheses that balance, never close more than they opened and only
// group (no call: "(" right after a name): every ")" closes a group the value itself opened, none
// breaks out of the query's.
func nestedParens(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			if i > 0 && isWordByte(s[i-1]) {
				return false
			}
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// unionAlone reports a libinjection fingerprint whose only SQL is UNION ("union square" hotels)
// in a value with no SELECT, VALUES or TABLE after which a UNION could continue a query.
func unionAlone(s, fp string) bool {
	return strings.IndexByte(fp, 'U') >= 0 && !strings.ContainsAny(fp, "cEkTf;") &&
		!textx.ContainsFold(s, "select") && !textx.ContainsFold(s, "values") && !textx.ContainsFold(s, "table")
}

// ddlVerb are the statement words that must be followed by the kind of object they act on.
var ddlVerb = map[string]bool{"drop": true, "create": true, "alter": true, "truncate": true}

// ddlObjectNext reports whether the word after a ddlVerb is a kind of object (table, database,
// view...) or a modifier that may precede one, or is missing.
func ddlObjectNext(rest string) bool {
	t := strings.TrimLeft(rest, " \t")
	j := 0
	for j < len(t) && (t[j]|0x20 >= 'a' && t[j]|0x20 <= 'z' || t[j] == '_') {
		j++
	}
	if j == 0 {
		return true
	}
	switch strings.ToLower(t[:j]) {
	case "table", "database", "view", "index", "procedure", "proc", "function", "trigger", "user", "schema",
		"login", "role", "sequence", "type", "synonym", "default", "rule", "statistics", "assembly", "if",
		"temporary", "temp", "unique", "or", "event", "server", "tablespace", "materialized", "extension",
		"column", "constraint", "partition", "clustered", "nonclustered", "definer", "algorithm", "global",
		"local", "unlogged", "external", "virtual", "recursive", "aggregate", "domain", "owned", "policy":
		return true
	}
	return false
}

// openCommentOnly reports a value whose only SQL-looking part is a block comment it never
// closes after bare words ("feature/*", "reverse_proxy /api/* localhost:9000", "rotate
// /var/log/app/*.log daily": a glob). MySQL, PostgreSQL and SQL Server reject an unterminated
// comment, and without a quote, a "--" or "#" nothing closes the literal the value sits in: the
// value stays a name or a string.
func openCommentOnly(s string) bool {
	i := strings.Index(s, "/*")
	return i >= 0 && !strings.Contains(s[i:], "*/") && !strings.ContainsAny(s, "'\"`#;") && !strings.Contains(s, "--")
}
