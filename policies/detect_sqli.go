package policies

import (
	"regexp"
	"strings"

	libinjection "github.com/corazawaf/libinjection-go"
)

// sqliExtra catches what libinjection's fingerprints miss: time and error-based function calls,
// stacked statements, schema probes and tautologies after a closing quote. Patterns run on a
// lower-cased copy with SQL comments replaced by spaces.
var sqliExtra = newGated(
	"union", `\bunion\b[^a-z0-9]{0,40}?(?:(?:all|distinct|distinctrow)\b[^a-z0-9]{0,40}?)?select\b[\s(/*]*(?:[*@'"(\d-]|null\b|[a-z_][\w.]*\s*(?:,|\(|from\b|--|#|$))`,
	"xp_cmdshell sp_", `\bxp_cmdshell\b|\bsp_(?:oacreate|oamethod|makewebtask|configure|addsrvrolemember)\b`,
	";", `['"]\s*;\s*(?:select|insert|update|delete|drop|exec|execute|declare|shutdown|create|alter|truncate|waitfor)\b`,
	"-- #", `['"].{0,60}?\b(?:or|and|xor|not|notnull|isnull|like|ilike|glob|collate|having|union|limit)\b.{0,60}?(?:--|#)\s*$`,
	"char chr", `\bchar\s*\(\s*\d+\s*\)\s*(?:[+|,]|\|\|)\s*char\s*\(|\bchr\s*\(\s*\d+\s*\)\s*[.|+]\s*chr\s*\(`,
	"or and || &&", `\b(?:or|and|xor|\|\||&&)\s+(?:\d+\s*(?:=|<>|!=)\s*\d+|'[^']*'\s*(?:=|<>|!=|\blike\b)\s*'[^']*')(?:\s|$|--|#|;|\))`,
	"case", `\bcase\s+when\s*\(?\s*\d+\s*=\s*\d+`,
	"(", `(?:^|[^\pL\pN_.$])(?:sleep|benchmark|pg_sleep|extractvalue|updatexml|load_file|sys_eval|sys_exec|dbms_pipe\.receive_message|utl_inaddr\.get_host_address|xp_cmdshell|sp_executesql|make_set|geometrycollection|multipoint)\s*\(\s*(?:\d|\(|select\b|concat|0x|@@|char\b|['"]?\w+\s*[,(]|version\b|user\b)`,
	"waitfor", `\bwaitfor\s+(?:delay|time)\s+['"\d]`,
	"into", `\binto\s+(?:out|dump)file\b`,
	"information_schema sysobjects syscolumns mysql.user pg_shadow pg_catalog sqlite_master all_tables user_tables", `\b(?:information_schema|sysobjects|syscolumns|mysql\.user|pg_shadow|pg_catalog|sqlite_master|all_tables|user_tables)\b`,
	"@@", `@@(?:version|datadir|hostname|basedir)\b`,
	";", `;\s*(?:drop\s+(?:table|database|schema|user)|shutdown\b|truncate\s+table|exec(?:ute)?\s+(?:xp_|sp_|master\b)|declare\s+@|insert\s+into\s+\w+|delete\s+from\s+\w+\s*(?:where\b|;|--|#|$)|update\s+\w+\s+set\b|alter\s+table|create\s+(?:table|user))`,
	"' \" )", `['")]\s*(?:or|and|xor|\|\||&&)\s+[\w'"(@]+\s*(?:=|<>|!=|<=?|>=?|\blike\b|\brlike\b|\bregexp\b|\bis\s+(?:not\s+)?null\b|\bbetween\b|\bin\s*\()`,
	"' \" )", `['")]\s*(?:or|and|\|\||&&)\s+(?:true|false|not\b|\d+\s*(?:$|--|#|/\*|;)|\d+\s*[=<>])`,
	"-- # /*", `['"]\s*(?:;\s*)?(?:--[\s-]|#|/\*)`,
	"by", `\b(?:order|group)\s+by\s+\d+\s*(?:--|#|/\*|;|$)`,
	"select", `\bselect\b[\s(]+(?:\*|\w+\s*\(|@@|null\b|\d+\s*,|char\s*\(|concat\b|count\s*\()[^;]{0,200}?\bfrom\b`,
	"char", `\bchar\s*\(\s*\d+\s*(?:,\s*\d+\s*){2,}\)`,
	"concat", `\bconcat(?:_ws)?\s*\(.{0,100}?(?:0x[0-9a-f]+|@@|select\b)`,
)

var sqlComment = regexp.MustCompile(`/\*!?\d*|\*/`)

// detectSQLi reports SQL injection in s: libinjection's tokenizer first, then sqliExtra.
func detectSQLi(s string) bool {
	if len(s) < 2 {
		return false
	}
	if ok, fp := libinjection.IsSQLi(s); ok && !sqliFalsePositive(s, fp) {
		return true
	}
	if !strings.ContainsAny(s, "'\"();=<>|&#@-*/") && !hasWordFold(s, "union") && !hasWordFold(s, "select") {
		return false
	}
	l := strings.ToLower(s)
	if strings.Contains(l, "/*") {
		l = sqlComment.ReplaceAllString(l, " ")
	}
	return sqliExtra.MatchString(l)
}

// sqliFalsePositive filters libinjection verdicts that are known to fire on ordinary text and
// code: a fingerprint with no string break, comment, union or statement keyword made only of
// bare words, operators and parentheses (e.g. "if (a < b && c > d)" in a code snippet, or
// `he said "or" not`).
func sqliFalsePositive(s, fp string) bool {
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
	// No strings, comments or keywords: a SQL function or variable in non-code text is real;
	// operators between bare words and numbers ("5 > 3 and 2 < 4") are left to sqliExtra.
	return !strings.ContainsAny(fp, "fv") || strings.ContainsAny(s, "{}")
}

// hasWordFold reports whether s contains w (lower-case ASCII) case-insensitively.
func hasWordFold(s, w string) bool {
	n := len(w)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], w) {
			return true
		}
	}
	return false
}
