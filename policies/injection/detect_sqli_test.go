package injection

import (
	"path/filepath"
	"strings"
	"testing"
)

// sqliCases extend detectTables["sqli"] with the shapes the signal rules exist for.
var sqliCases = []detectCase{
	{"-1 UNION SELECT 1,group_concat(table_name),3 FROM information_schema.tables", true},
	{"UnIon seleCt", true}, {"1'/**/oR/**/1=1/**/--", true}, {"' UNION/*!50000SELECT*/ 1,2,3-- -", true},
	{"0/**/union/*!50000select*/table_name`foo`/**/", true}, {"SELECT/*avoid-spaces*/password/**/FROM/**/Members", true},
	{"1 AND 7639=(", true}, {"OR (7319=8742)", true}, {"a'or'a", true}, {"x'|email--", true},
	{"encode(lo_get(16400),'base64')::int", true}, {`OR '{"b":2}'::jsonb <@ '{"a":1, "b":2}'::jsonb`, true},
	{"1 AND updatexml(1,concat(0x7e,database()),1)", true}, {"EXEC xp_cmdshell", true}, {"declare @b", true},
	{";DROP/*test*/TABLE test;", true}, {"DELETE FROM users;--", true}, {"'admin', '1'='1'", true},
	{"1’ OR ’1’=’x’#;--()", true}, {"select load_file('/etc/passwd')", true}, {"1 or sleep(5)#", true},
	{"O'Brien", false}, {"Item O'Brien 12", false}, {"What's the difference between 'and' and 'or'?", false},
	{"One quarter (24%) of people have had an affair", false}, {"char(10) newline in excel", false},
	{"Left (WA, RR), following wood edge south (‘Restrictive Byway’/RB) for ½ mile", false},
	{"Execute the plan; drop the ball", false}, {"Order by date, then by name", false}, {"drop me a line", false},
	{"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", false},
	{"dW5pb24gc2VsZWN0IDEsMiwz", false}, {"https://example.com/path?x=1&y=2#frag", false}, {"time.sleep(1)", false},
	// Two plain words first and no quote, backslash, semicolon or comment: not SQL anywhere.
	{"Product spec: users can build conditions like (status = done OR status = archived) AND updated < 30d.", false},
	{"x AND sleep(5)", true}, {"name UNION SELECT password FROM users", true}, {"please help' UNION SELECT 1--", true},
	{"Product spec: 1 OR 1=1 -- x", true},
	// A statement in parentheses after a prose word is an aside; after a SQL word, a subquery.
	{"Into hiking, bad puns & good coffee. Looking for someone who won't judge my SQL jokes (SELECT * FROM hearts WHERE taken = false)", false},
	{"x' AND (SELECT password FROM users WHERE id = 1) AND 'a'='a", true},
	// A single hyphen does not separate UNION from SELECT (a branch name); a comment does.
	{"fix/union-select-ui", false}, {"1 union--\nselect 1,2", true}, {"-1 union/**/select 1,2--", true},
	// Path patterns: a comment opener after a path, not after a number.
	{"feature/*", false}, {"docs/*.md", false}, {"1/*", true}, {"admin'/*", true},
	// Comparisons of bare names in groups the value opened itself; a break-out or a call is not.
	{"(a < b) && (c > d) || !e", false}, {"x) or (y > z", true}, {"function(foo)::text", true}, {"(id > 0) or (1 > 0)", true},
	// UNION needs a query after it.
	{`"union+square"+hotels`, false}, {`" union select 1`, true}, {`x" union (select 1)`, true},
	// Quoted keywords in prose, lists of measures, a DDL verb without an object, an apostrophe in
	// an address.
	{"Your search doesn't find anything when I type 'select' -- I was looking for the Select Comfort topper.", false},
	{`Works with 1/2" and 3/4" pipes. Instructions say 'hand tighten only' -- listen to them!`, false},
	{"Please drop me from your mailing list, I get 3 emails a day. Or at least let me select fewer categories?", false},
	{"buyer'99@example.com", false}, {"a'-'b@x.com", true}, {"x'or'1@x.com", true}, {"1\" or 1=1 --", true},
	// Boolean search syntax (search boxes, Lucene, Elasticsearch query_string).
	{"title:(wireless OR bluetooth) AND NOT refurbished", false}, {`(cats OR dogs) AND "pet food"`, false},
	{"(a OR sleep(5))", true}, {`x") OR ("x`, true}, {"(select 1) OR (x)", true},
	{"A maximum of the likelihood (L) function occurs", false}, {"Rock 'n' roll", false}, {"She is 5' 10\" tall", false},
}

func TestDetectSQLiSignals(t *testing.T) {
	for _, c := range sqliCases {
		t.Run(c.in, func(t *testing.T) {
			if got := detectSQLi(c.in); got != c.want {
				t.Errorf("detectSQLi(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

// TestDetectNoAllocs checks that ordinary values cost no allocation in the SQLi and XSS detectors
// (the folded copy comes from a pool; libinjection, which allocates, is not called on them).
func TestDetectNoAllocs(t *testing.T) {
	for _, v := range []string{"O'Brien", "Item O'Brien 12", "12.50", "price", "dark", "sid=abc123",
		"A plain sentence about the product, with punctuation, and some numbers 12.50.",
		"Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"} {
		if n := testing.AllocsPerRun(100, func() { detectSQLi(v); detectXSS(v) }); n != 0 {
			t.Errorf("%q: %v allocations per run, want 0", v, n)
		}
	}
}

func FuzzDetectSQLiSignals(f *testing.F) {
	for _, c := range sqliCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := getFoldBuf(len(s))
		scanSQL(s, p)
		if len(*p) > len(s) {
			t.Fatalf("folded %d bytes into %d", len(s), len(*p))
		}
		putFoldBuf(p)
		detectSQLi(s)
	})
}

// TestHeldoutSQLiXSS measures the SQLi/XSS held-out corpus (written before the detectors were
// reworked, never tuned on) through waf.json; CORPUS_MISSES=1 lists the misses. Its two blocked
// benign cases are a literal SQL statement and a literal <script> tag in prose, both kept blocked.
func TestHeldoutSQLiXSS(t *testing.T) {
	e := wafEngine(t)
	cases := loadCorpus(t, filepath.Join("..", "testdata", "injection_heldout_sqli_xss.jsonl"))
	stats, misses, ran := measureCorpus(t, e, cases)
	if ran != len(cases) {
		t.Fatalf("ran %d of %d cases", ran, len(cases))
	}
	printStats(t, "heldout", stats, misses)
	det, fp, attacks, benign := rates(stats)
	if attacks < 80 || benign < 80 {
		t.Fatalf("held-out corpus too small: %d attacks, %d benign", attacks, benign)
	}
	if det < 0.97 || fp > 0.03 {
		for _, m := range misses {
			t.Log("miss: " + m)
		}
		t.Errorf("held-out detection %.3f (want >= 0.97), false positives %.3f (want <= 0.03)", det, fp)
	}
}

// TestProseQuotations: quotations in prose are not SQL strings; quotes that end a string before
// SQL, quoted SQL keywords and numbers, and injections inside a quotation still block.
func TestProseQuotations(t *testing.T) {
	for _, c := range []detectCase{
		{`"ORDER BY" vs "GROUP BY" difference`, false},
		{"I'm sooo done with people who say 'it's just a phrase' -- words matter!", false},
		{"Escape '<' and '>' in user bios (#231)", false},
		{`Printer says "PC LOAD LETTER" -- what?`, false},
		{"Uncaught SyntaxError: Unexpected token '<' (at main.js:1:1) -- looks like index.html is served", false},
		{"admin' -- ", true}, {"' or '1'='1", true}, {"1' or '1'='1' --", true},
		{"x 'or' 1=1 and more words here", true}, {"z'or email notnull--", true},
		{`search for "1' UNION SELECT password FROM admins--" please now`, true},
		{"testing waitfor delay '0:0:15' -- and more words", true},
		{"O'Brien' or 1=1 -- and other words", true},
		{"Sizing: I'm 5'7\" / 140 lbs and the small fit like a glove.", false},
		{"I've tried 'Brandywine' & 'Cherokee Purple' -- both split after rain\n- raised beds: 4' x 8'\n- pH ~6.5", false},
		{"my 27\" monitor is too bright at night", false},
		{"Hi Tom, could you run this in the SQL console and paste the result?\n\nSELECT count(*) FROM invoices WHERE status = 'draft' AND created_at < now() - interval '30 days';\n\nIf it's more than a few thousand, we'll restart it.", false},
		{"WHERE句を使うと、条件に一致する行だけを取り出せます。例：SELECT * FROM 商品 WHERE 価格 > 1000;", false},
		{"Hi Tom, could you run this in the console now?\n\nSELECT * FROM users WHERE name = 'a' OR 'x'='x';", true},
		{"Hi Tom, could you run this in the console now?\n\nSELECT * FROM users WHERE id = 1 UNION SELECT password FROM admins;", true},
		{"foo/24'union all select 1,2,3 from aa and more words here", true},
		{"please look at this one: SELECT sleep(5) FROM dual; thanks a lot", true},
		{"1' or '1'='1 and some more words", true}, {"id 1' -- and then more words", true},
		{"size 5' union select password from users", true}, {"the 1\" or 1=1 -- trick words", true},
	} {
		if got := detectSQLi(c.in); got != c.want {
			t.Errorf("detectSQLi(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func FuzzProseQuotations(f *testing.F) {
	for _, s := range []string{`"ORDER BY" vs "GROUP BY"`, "I'm done 'it's x' -- y", "z'or 1", "'<' and '>'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, quoted, ok := proseQuotations(s)
		if !ok {
			return
		}
		if strings.ContainsAny(r, `'"`) {
			t.Fatalf("proseQuotations(%q) left a quote: %q", s, r)
		}
		for _, c := range quoted {
			if len(c) > len(s) {
				t.Fatalf("quotation %q longer than %q", c, s)
			}
		}
		detectSQLi(s)
	})
}

func FuzzProseStatements(f *testing.F) {
	for _, s := range []string{"Run this: SELECT * FROM t WHERE a = 'x' AND b < 3; thanks a lot friend", "例：SELECT * FROM 商品 WHERE 価格 > 1000;", "x union all select 1 from t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := proseStatements(s)
		if ok && len(r) > len(s)+6*8 {
			t.Fatalf("proseStatements(%q) grew to %q", s, r)
		}
		detectSQLi(s)
	})
}
