package injection

import "strings"

// A value that cannot run where a query puts it. sqlInert lexes the value as SQL would read it
// in each place a query puts one: inside a '...' literal, inside a "..." literal or identifier,
// inside a `...` identifier, and bare (a number, a column, a list, an ORDER BY term). In each,
// the value either never leaves the literal it starts in, or every statement it forms holds a
// syntax error that no dialect accepts: then the database rejects the statement before it runs
// anything, and whatever the detectors saw in it (a quote before AND, SELECT ... FROM in a
// sentence, a spatial function's parenthesis) does not execute. Prose quoting SQL ("You're
// comparing ... Use created_at >= '2024-01-01' AND ...": once the apostrophe of You're closes
// the literal, "re comparing a" is three names in a row) and data that only looks like calls
// (WKT's "MULTIPOINT ((10 40), ...)": two numbers in a row) are such values.
//
// The syntax errors hold in MySQL, PostgreSQL, SQL Server, SQLite and Oracle alike:
//   - three names in a row, none a SQL keyword, type or built-in (sqlGrammarWords), none a
//     call, a qualified name or a literal's prefix: an expression may be followed by one alias,
//     never by two more names;
//   - a number right after a literal or a number ("'2024-01-31' 5", "(10 40)");
//   - name name 'literal', 'literal' name 'literal', and an operator after two names (an alias
//     takes none);
//   - a name and a single ":" not followed by a statement (SQL Server's labels are the only
//     names a ":" follows);
//   - an operator with no operand after it ("< ,", "= )"), "a,,b", t.* before a literal;
//   - a "{" that opens no ODBC escape and, later, a "[" (MySQL reads the one, nobody the other).
//
// A statement boundary starts the judgement afresh: a ";" outside literals (a script runner
// such as psql goes on after an error, and MySQL and SQLite run each statement of a batch on
// its own) and a line that is only GO (sqlcmd's batch separator). Whatever the lexers of the
// dialects read differently ends the judgement with "may run": a comment (--, #, /*), a
// backslash (an escape in MySQL), a "$" that starts a token (PostgreSQL's dollar quotes and
// parameters), a "[" whose name holds a quote, a comment or a ";" (SQL Server's and SQLite's
// bracketed names; a plain "[...]" is one token to all), Oracle's q'...' quotes and typographic
// quotes (which some back ends fold to '). So the attack shapes stay what they were: a
// break-out followed by a comment, a stacked statement after ";", a literal left open for the
// query's own text. One pass per place, no recursion.
func sqlInert(s string) bool {
	if len(s) > 64<<10 {
		return false
	}
	for _, start := range [...]byte{0, '\'', '"', '`'} {
		if !sqlInertFrom(s, start) {
			return false
		}
	}
	return true
}

// Token kinds for sqlInertFrom.
const (
	stkNone  = iota
	stkName  // a name that is not a keyword, a call, qualified or a literal's prefix
	stkNum   // a number of digits (and one fraction)
	stkStr   // a closed single-quoted literal
	stkOther // anything else
)

// sqlInertFrom reports whether s, starting in literal q (0: bare), stays in it or forms only
// statements with a syntax error.
func sqlInertFrom(s string, q byte) bool {
	inLit := q       // the quote of the literal being read, 0 in code
	left := q == 0   // the value has left its starting literal (or never was in one)
	bad := false     // the current statement holds a syntax error
	prev := stkNone  // the previous token's kind
	prev2 := stkNone // the one before it
	tok := func(k int) { prev2, prev = prev, k }
	run := 0          // names in a row
	under := false    // the last name starts with "_" (MySQL's charset introducer: _utf8 'x')
	braceBad := false // the statement has a "{" that is no ODBC escape ({fn ...}, {d '...'})
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' || sqlFoldedQuote(s, i) {
			return false
		}
		if inLit != 0 {
			if c == inLit {
				if i+1 < len(s) && s[i+1] == inLit {
					i += 2 // '' inside a literal
					continue
				}
				// A closed literal; a number right after one is an error whether "..." is a
				// string (MySQL) or a name (ANSI).
				if inLit == '`' {
					tok(stkOther)
				} else {
					tok(stkStr)
				}
				inLit, left, run = 0, true, 0
			}
			i++
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			i++
			continue
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == '\'' || c == '"' || c == '`':
			if c == '\'' && prev == stkName && !under && (run >= 2 || prev2 == stkStr) {
				bad = true // name name 'literal', 'literal' name 'literal'
			}
			inLit = c
			run = 0
			i++
			lineStart = false
			continue
		case c == ';':
			if !bad {
				return false
			}
			bad, braceBad, prev, prev2, run = false, false, stkNone, stkNone, 0
			i++
			continue
		case c == '[' && braceBad:
			// "{name" is an error in every dialect but MySQL, and "[" in MySQL. SQL Server and
			// SQLite read "[" as a bracketed name's start: the statement fails there already, so
			// going on as PostgreSQL and MySQL read it only decides where the next one starts.
			bad = true
			tok(stkOther)
			run = 0
			i++
			continue
		case c == '[' && prev == stkNone && sqlPlainBracket(s, i+1) > 0:
			// "[" starting a statement or the value: an error in PostgreSQL and MySQL, a
			// bracketed name in SQL Server and SQLite, read on as a name (a plain one: nothing in
			// it that the other dialects would lex as a quote, a comment or an end).
			j := sqlPlainBracket(s, i+1)
			run++
			if run >= 3 {
				bad = true
			}
			under = false
			tok(stkName)
			lineStart = false
			i = j
			continue
		case c == '[' && sqlPlainBracket(s, i+1) > 0:
			// A plain "[...]" elsewhere: a subscript or an error in PostgreSQL, an error in
			// MySQL, a name in SQL Server and SQLite. Every reading lexes what follows alike, and
			// the errors below hold whatever comes before them: one token that joins nothing.
			tok(stkOther)
			run = 0
			lineStart = false
			i = sqlPlainBracket(s, i+1)
			continue
		case c == '#' || c == '$' || c == '[' || c == '-' && i+1 < len(s) && s[i+1] == '-' ||
			c == '/' && i+1 < len(s) && s[i+1] == '*':
			return false
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			for j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
				// 2.5, and 2.8.0: numbers in a row (.0 is one) in every dialect.
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			}
			kind := stkNum
			if j < len(s) && (sqlNameByte(s[j]) || s[j] == '.' || s[j] >= 0x80) {
				// 10m, 0x1f, 1e5, 2.4s: in MySQL a name may start with digits.
				for j < len(s) && (sqlNameByte(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] >= 0x80) {
					j++
				}
				kind = stkOther
			}
			if kind == stkNum && (prev == stkNum || prev == stkStr) {
				bad = true
			}
			tok(kind)
			run = 0
			i = j
			lineStart = false
			continue
		case sqlNameByte(c) || c >= 0x80:
			// A name; a byte >= 0x80 is part of one in PostgreSQL, MySQL and SQLite (and an error
			// elsewhere).
			j := i
			for j < len(s) && (sqlNameByte(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '$' || s[j] >= 0x80) {
				if sqlFoldedQuote(s, j) {
					return false
				}
				j++
			}
			w := s[i:j]
			if lineStart && strings.EqualFold(w, "go") && sqlLineEnds(s, j) {
				// sqlcmd's batch separator: a new batch.
				if !bad {
					return false
				}
				bad, braceBad, prev, prev2, run = false, false, stkNone, stkNone, 0
				i = j
				continue
			}
			lineStart = false
			if j < len(s) && (s[j] == '\'' || s[j] == '"') && !sqlGrammarWord(w) {
				// N'..', X'..', E'..', _utf8'..': a literal's prefix; q'[..]' quotes otherwise.
				if strings.EqualFold(w, "q") || strings.EqualFold(w, "nq") {
					return false
				}
				if prev == stkStr && s[j] == '\'' && w[0] != '_' && !sqlLiteralPrefix(w) {
					bad = true // 'literal' name'literal': two expressions in a row
				}
				tok(stkOther)
				run = 0
				i = j
				continue
			}
			name := !sqlGrammarWord(w) && !(i > 0 && (s[i-1] == '.' || s[i-1] == '@' || s[i-1] == ':')) && !sqlDotOrCallNext(s, j)
			if name {
				under = w[0] == '_'
				run++
				if run >= 3 {
					bad = true
				}
				tok(stkName)
			} else {
				tok(stkOther)
				run = 0
			}
			i = j
			continue
		}
		// Punctuation and operators.
		switch {
		case c == ':' && prev == stkName && sqlLabelMisused(s, i+1):
			bad = true // name: value
		case strings.IndexByte("<>=|&^/%+-~", c) >= 0:
			// An operator (a run of operator bytes) with no operand after it: "< ,", "= )".
			k := i
			for k < len(s) && strings.IndexByte("<>=|&^/%+-~!", s[k]) >= 0 && !(k > i && (s[k] == '-' && k+1 < len(s) && s[k+1] == '-' || s[k] == '/' && k+1 < len(s) && s[k+1] == '*')) {
				k++
			}
			if n := nextNonBlank(s, k); n >= 0 && (s[n] == ',' || s[n] == ')') {
				bad = true
			}
			if run >= 2 && c != '~' && c != '-' {
				bad = true // name name = ...: an alias takes no operator after it
			}
		case c == ',':
			if n := nextNonBlank(s, i+1); n >= 0 && (s[n] == ',' || s[n] == ')') {
				bad = true // "a,,b", "f(a,)"
			}
		case c == '.' && i+1 < len(s) && s[i+1] == '*':
			// t.* is a select-list item: no literal follows it.
			if n := nextNonBlank(s, i+2); n >= 0 && (s[n] == '\'' || s[n] == '"' || s[n] >= '0' && s[n] <= '9') {
				bad = true
			}
		case c == '{' && sqlBraceMisused(s, i+1):
			braceBad = true
			if sqlBraceMySQLError(s, i+1) {
				bad = true
			}
		}
		if c == ':' && i+1 < len(s) && (s[i+1] == ':' || s[i+1] == '=') {
			i++ // :: and :=
		}
		tok(stkOther)
		run = 0
		lineStart = false
		i++
	}
	if inLit != 0 && !left {
		return true // never left the literal it started in
	}
	return bad
}

// sqlLiteralPrefix reports the prefixes of a literal (N'..', X'..', B'..', E'..', U&'..', and
// BigQuery's r'..' and b'..').
func sqlLiteralPrefix(w string) bool {
	switch strings.ToLower(w) {
	case "n", "x", "b", "e", "u", "r", "br", "rb":
		return true
	}
	return false
}

// sqlLabelMisused reports what follows a name and a single ":" at s[j]: a name is followed by
// ":" only as SQL Server's label, and a label by a statement (a keyword). A number, a quote or a
// name that is not a keyword (and not another label) there is a syntax error in every dialect.
// "::" (a cast) and ":=" (an assignment) are not labels.
func sqlLabelMisused(s string, j int) bool {
	if j < len(s) && (s[j] == ':' || s[j] == '=') {
		return false
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
		j++
	}
	if j >= len(s) {
		return false
	}
	c := s[j]
	switch {
	case c >= '0' && c <= '9' || c == '\'' || c == '"':
		return true
	case c == '-' || c == '/':
		// An operator cannot start a statement; a comment can.
		return j+1 >= len(s) || s[j+1] != c && !(c == '/' && s[j+1] == '*')
	case strings.IndexByte("+*%=<>|&^,.", c) >= 0:
		return true
	case sqlNameByte(c):
		k := j
		for k < len(s) && (sqlNameByte(s[k]) || s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k < len(s) && (s[k] >= 0x80 || s[k] == '$' || s[k] == ':') || sqlGrammarWord(s[j:k]) {
			return false
		}
		return true
	}
	return false
}

// sqlPlainBracket returns the index after the "]" that closes a bracketed name whose "[" is at
// s[j-1], or 0 when the name holds a byte that SQL's other lexers read as a quote, a comment, a
// statement's end or a new bracket, or a line break, or does not close.
func sqlPlainBracket(s string, j int) int {
	for k := j; k < len(s) && k-j <= 128; k++ {
		switch s[k] {
		case ']':
			if k == j {
				return 0
			}
			return k + 1
		case '\'', '"', '`', ';', '#', '/', '$', '\\', '[', '\n', '\r', '-':
			return 0
		}
	}
	return 0
}

// sqlODBCEscapes are the words after "{" of the ODBC escapes SQL Server and MySQL read.
var sqlODBCEscapes = wordSet("fn d t ts oj call guid escape interval")

// sqlBraceMisused reports a "{" at s[j-1] that opens no ODBC escape: an error in PostgreSQL,
// SQL Server, SQLite and Oracle.
func sqlBraceMisused(s string, j int) bool {
	k := nextNonBlank(s, j)
	if k < 0 || !sqlNameByte(s[k]) {
		return true
	}
	w, _ := sqlWordAt(s, k)
	return !inWordSet(sqlODBCEscapes, w)
}

// sqlBraceMySQLError reports a "{" at s[j-1] that MySQL rejects too: MySQL reads "{name expr}",
// so a name followed by an operator that cannot start an expression ("{mountpoint=", "{a,")
// is an error there.
func sqlBraceMySQLError(s string, j int) bool {
	k := nextNonBlank(s, j)
	if k < 0 || !sqlNameByte(s[k]) {
		return k >= 0 && strings.IndexByte("=<>*/%|&^,)}", s[k]) >= 0
	}
	_, e := sqlWordAt(s, k)
	n := nextNonBlank(s, e)
	return n >= 0 && strings.IndexByte("=<>*/%|&^,)}", s[n]) >= 0 && !(s[n] == '<' && n+1 < len(s) && s[n+1] == '=')
}

func sqlNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// sqlLineEnds reports whether only blanks follow s[j] up to the end of its line.
func sqlLineEnds(s string, j int) bool {
	for ; j < len(s) && s[j] != '\n'; j++ {
		if s[j] != ' ' && s[j] != '\t' && s[j] != '\r' {
			return false
		}
	}
	return true
}

// sqlDotOrCallNext reports a name that a "." or a "(" follows (blanks aside): a qualified name
// or a call.
func sqlDotOrCallNext(s string, j int) bool {
	for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
		j++
	}
	return j < len(s) && (s[j] == '.' || s[j] == '(')
}

// sqlFoldedQuote reports a typographic or full-width quote at s[i] (’ ‘ ‛ ´ ʼ ′ ″ “ ” ＇ ＂),
// which some back ends and normalisers fold to ' or ".
func sqlFoldedQuote(s string, i int) bool {
	if s[i] < 0xc2 {
		return false
	}
	for _, q := range sqlFoldedQuotes {
		if strings.HasPrefix(s[i:], q) {
			return true
		}
	}
	return false
}

var sqlFoldedQuotes = []string{"’", "‘", "‛", "´", "ʼ", "′", "″", "“", "”", "＇", "＂", "‚", "„"}

// sqlGrammarWord reports a word (any case) that SQL's grammar uses somewhere: a keyword of one
// of the major dialects, a type, a built-in called without parentheses. Such a word may follow
// a name without a syntax error, so it never counts in a run of names.
func sqlGrammarWord(w string) bool {
	if len(w) > 24 {
		return false
	}
	return inWordSet(sqlGrammarWords, w)
}

// sqlGrammarWords: the keywords (reserved and not) of SQL:2016, PostgreSQL, MySQL, SQL Server,
// SQLite and Oracle that can sit next to a name, the built-in types, and the built-ins called
// without parentheses. A word missing here counts as a name and can make a run of three, so
// the list errs on the side of more words: English words that are SQL words never count.
var sqlGrammarWords = wordSet(`
abort absolute access action add admin after aggregate algorithm all allocate also alter always
analyse analyze and any are array as asc asensitive assertion assignment asymmetric at atomic
attach attribute authorization auto_increment autocommit avg
backup backward before begin between bigint bigserial binary binlog bit bit_length blob bool
boolean both break breadth browse btree bulk by bytea
cache call called cascade cascaded case cast catalog chain change char character characteristics
charset check checkpoint checksum class clob close cluster clustered coalesce collate collation
column columns comment comments commit committed compute concurrently condition configuration
conflict connect connection constraint constraints contains containstable content continue
conversion convert copy corresponding cost count create cross csv cube current current_catalog
current_date current_path current_role current_schema current_time current_timestamp
current_user cursor cycle
data database databases date datetime datetime2 datetimeoffset day day_hour day_minute
day_second dbcc deallocate dec decimal declare default defaults deferrable deferred definer
delay delayed delete delimiter delimiters deny depth desc describe deterministic diagnostics
dictionary disable discard disk distinct distinctrow distributed div do document domain double
drop dual dump dumpfile duplicate dynamic
each else elseif empty enable enclosed encoding encrypted end engine enum errlvl escape escaped
event events every except exclude excluding exclusive exec execute exists exit explain
expression extension extended external extract
false fetch fields file filegroup fillfactor filter final first float float4 float8 flush
following for force foreign format forward found freetext freetexttable freeze from full
fulltext function functions
generated geometry get global go goto grant granted grants greatest group grouping groups
handler having header high_priority hold holdlock hour hour_minute hour_second
identified identity identity_insert identitycol if ignore ilike immediate immutable implicit
import in include including increment index indexes infile inherit inherits initially inline
inner inout input insensitive insert instead int int2 int4 int8 integer intersect interval into
invoker is isnull isolation iterate
join json jsonb
key keys kill
label language large last lateral lead leading leakproof least leave left level like limit
linear lineno lines listen load local localtime localtimestamp location lock locked logged long
longblob longtext loop low_priority
main map master match matched materialized max maxvalue mediumblob mediumint mediumtext merge
method min minute minute_second minvalue mod mode modifies modify money month move
name names national natural nchar nclob new next no nocheck nolock none nonclustered not
nothing notify notnull nowait ntext null nullif nulls number numeric nvarchar
object of off offset offsets oids old on only open opendatasource openquery openrowset openxml
operator optimize option optionally options or order ordinality others out outer outfile over
overlaps overlay overriding owned owner
pad parallel parameter parser partial partition passing password percent pivot placing plan
plans policy position preceding precision prepare prepared preserve primary print prior
privileges proc procedural procedure procedures program public publication purge
quote quotes
raiserror range raw read readtext reads real reassign recheck reconfigure recursive ref
references referencing refresh regexp reindex relative release rename repeat repeatable replace
replica replication require reset resignal restart restore restrict result return returning
returns revert revoke right rlike role rollback rollup routine routines row rowcount rowguidcol
rowid rownum rows rowversion rule
save savepoint schema schemas scroll search second second_microsecond security securityaudit
select sensitive separator sequence sequences serial serializable server session session_user
set setof sets setuser share show shutdown signal similar simple skip smalldatetime smallint
smallmoney some sounds source spatial specific sql sql_big_result sql_calc_found_rows
sql_no_cache sql_small_result sql_variant sqlexception sqlstate sqlwarning ssl stable standalone
start starting statement statistics stdin stdout storage stored straight_join strict string
subscription substring sum support symmetric sysdate sysid system system_user systimestamp
table tables tablesample tablespace temp template temporary terminated text textsize then ties
time timestamp timestamptz timezone_hour timezone_minute tinyblob tinyint tinytext to top
trailing tran transaction transform treat trigger trim true truncate trusted try_convert tsequal
type types
uescape unbounded uncommitted undo union unique uniqueidentifier unknown unlisten unlock unlogged
unpivot unsigned until update updatetext upper usage use user using utc_date utc_time
utc_timestamp uuid
vacuum valid validate validator value values varbinary varchar varcharacter variable variadic
varying verbose version view views virtual volatile
waitfor when whenever where while whitespace window with within without work wrapper write
writetext
xml xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlparse xmlpi xmlroot xmlserialize
xor
year year_month yes
zerofill zone
`)
