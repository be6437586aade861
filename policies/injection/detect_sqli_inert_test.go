package injection

import (
	"net/url"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// TestSQLInert: values that stay in their literal or hold a syntax error in every statement they
// form, wherever a query puts them, are inert; a break-out that a comment, a ";" or the end of
// the value completes is not, whatever prose comes before it.
func TestSQLInert(t *testing.T) {
	for _, c := range []detectCase{
		// Benign: the apostrophe of You're closes a literal, then three names in a row.
		{"You're comparing a timestamp with a date string. Use created_at >= '2024-01-01' AND created_at < '2024-02-01' instead.", true},
		// WKT: two numbers in a row.
		{"MULTIPOINT ((10 40), (40 30), (20 20), (30 10))", true},
		{"GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40))", true},
		// OData: name name 'literal' bare, 'literal' name'literal' after the quote.
		{"Name eq 'O''Neil' and not (Status eq 'Deleted')", true},
		// KQL: a name, ":" and a name is no label.
		{"status:active AND (country:US OR country:CA)", true},
		{"plain prose sentence here", true},
		// PromQL: "{route" (no ODBC escape) then "[": an error in every dialect.
		{`histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{route!~"/health.*"}[10m])))`, true},
		// YAML-ish alert text: a label (name:) followed by an operator.
		{"**Firing**\nLabels:\n - alertname = Slow queries\n - query = SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC", true},
		// An operator without an operand, t.* before a literal.
		{"1' < , ' 5", true}, {"x' OR t.* '1", true},
		// TOML: "[server]" starts a statement (an error in PostgreSQL and MySQL, a name in SQL
		// Server and SQLite), then name name "=".
		{"[server]\nhost = \"0.0.0.0\"\nport = 3000\n\n[logging]\nlevel = \"info\"\nformat = '%(asctime)s %(levelname)s %(name)s: %(message)s'\n", true},
		// Attacks: completed by a comment, a ";" and a statement, the end of the value, or the
		// query's own closing quote.
		{"1' UNION SELECT username,password FROM users--", false},
		{"' OR '1'='1' -- ", false},
		{"admin' AND SLEEP(5)#", false},
		{"I found this in our logs yesterday, is it dangerous? 1; DROP TABLE users-- thanks", false},
		{"I found this in our logs yesterday, is it dangerous? 1; DROP TABLE users", false},
		{"x' UNION SELECT password FROM users WHERE name = 'admin", false},
		{"x'or'1@x.com", false},
		{"You're right, it works: ' OR 1=1 -- and the rest of my words here", false},
		{"MULTIPOINT((select * from (select * from (select user())a)b))", false},
		{"GEOMETRYCOLLECTION((select * from(select * from(select user())a)b))", false},
		{"(a OR b) AND 1=1", false},
		{"some words first\nGO\nDROP TABLE users", false},
		{`x{route!~"/health.*"}[10m]) or 1=1 --`, false}, {"rate(x[10m]) or 1=1", false},
		{"{fn user()} x[1] or 1=1", false}, {"Labels:\n -- note\nSELECT password FROM users", false},
		// Whatever the dialects lex differently ends the judgement: may run.
		{"words words words \\' OR 1=1", false}, {"words words words ’ OR 1=1", false},
		{"words words words $$ OR 1=1", false}, {"words words words [it's] OR 1=1", false},
		{"q'[words words words]' OR 1=1", false},
	} {
		if got := sqlInert(c.in); got != c.want {
			t.Errorf("sqlInert(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestSQLiPrecisionTwins: each shape of benign SQL that the SQL family now lets pass (a statement
// shown in a code span, BETWEEN in a shown statement, groups the value closes itself, prose or
// data that cannot run), and the same shape around an attack, sent through the engine with the
// default configuration and waf.json in a JSON body, a form body and a query string: the benign
// value passes, the attack is blocked.
func TestSQLiPrecisionTwins(t *testing.T) {
	twins := []struct{ benign, attack string }{
		{"anyone know why `SELECT count(*) FROM events;` takes 40s on the new cluster? it's like 200M rows but still",
			"anyone know why `SELECT password FROM users WHERE name = '' OR '1'='1';` takes 40s on the new cluster?"},
		{"anyone know why `SELECT count(*) FROM events;` takes 40s on the new cluster? it's like 200M rows but still",
			"anyone know why `SELECT count(*) FROM events; DROP TABLE users;--` takes 40s on the new cluster?"},
		{"can someone run `SELECT * FROM pg_stat_activity WHERE state = 'active';` on prod-ro and paste the result here?",
			"can someone run `SELECT * FROM pg_stat_activity WHERE state = 'active' UNION SELECT password FROM users;` on prod-ro?"},
		{"my query returns nothing: SELECT * FROM events WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31'; created_at is a timestamp column. What am I missing?",
			"my query returns nothing: SELECT * FROM events WHERE created_at BETWEEN '2024-01-01' AND '2024-01-31' OR 1=1; created_at is a timestamp column. What am I missing?"},
		{`project = WEB AND status in ("In Progress", "Code Review") AND assignee = currentUser() ORDER BY priority DESC`,
			`project = WEB AND status in ("In Progress", "Code Review") OR 1=1`},
		{"(query:(language:kuery,query:'status:active AND (country:US OR country:CA) AND NOT tier:free'))",
			"(query:(language:kuery,query:'status:active' AND (country OR country) AND NOT 1=0--"},
		{"You're comparing a timestamp with a date string, so '2024-01-31' means midnight at the start of the 31st. Use created_at >= '2024-01-01' AND created_at < '2024-02-01' instead and it will include the whole last day.",
			"You're comparing a timestamp with a date string' OR created_at >= '2024-01-01' -- and the rest of the day"},
		{"Name eq 'O''Neil' and not (Status eq 'Deleted')", "Name eq O''Neil' or 'a'='a"},
		{"MULTIPOINT ((10 40), (40 30), (20 20), (30 10))", "MULTIPOINT((select * from (select * from (select user())a)b))"},
		{`histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{route!~"/health.*"}[10m])))`,
			`histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[10m]))) or 1=1`},
		{"**Firing**\n\nValue: B=2.4s\nLabels:\n - alertname = Slow queries\n - query = SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC\nSource: https://grafana.example.com/alerting/grafana/abc/view?orgId=1",
			"**Firing**\n\nValue: B=2.4s\nLabels:\n - query = 1' UNION SELECT username, password FROM users--"},
		{"[server]\nhost = \"0.0.0.0\"\nport = 3000\n\n[logging]\nlevel = \"info\"\nformat = '%(asctime)s %(levelname)s %(name)s: %(message)s'\n",
			"[server]\nhost = \"0.0.0.0\"\nformat = '' UNION SELECT username, password FROM users--"},
		{"Attached is my solution. For Q2 I used a CTE instead of a nested SELECT:\nSELECT dept, COUNT(*) AS n\nFROM employees\nGROUP BY dept\nHAVING COUNT(*) > 5;\nhope that's ok.",
			"Attached is my solution. For Q2 I used a CTE instead of a nested SELECT:\nSELECT dept, COUNT(*) AS n\nFROM employees\nWHERE name = '' OR '1'='1';\nhope that's ok."},
		{"Attached is my solution. For Q2 I used a CTE instead of a nested SELECT:\nSELECT dept, COUNT(*) AS n\nFROM employees\nGROUP BY dept\nHAVING COUNT(*) > 5;\nhope that's ok.",
			"Attached is my solution. For Q2 I used a CTE instead of a nested SELECT:\nSELECT dept, COUNT(*) AS n\nFROM employees\nUNION SELECT username, password FROM users;\nhope that's ok."},
		{"GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40))",
			"GEOMETRYCOLLECTION((select * from(select * from(select user())a)b))"},
	}
	for name, e := range map[string]*policies.Engine{"default": injEngine(t, `{}`), "waf.json": wafEngine(t)} {
		for _, tw := range twins {
			for _, v := range []struct {
				value string
				block bool
			}{{tw.benign, false}, {tw.attack, true}} {
				js := `{"text":` + jsonString(v.value) + `}`
				for _, r := range []injReq{
					{method: "POST", path: "/api/comments", ct: "application/json", body: js},
					{method: "POST", path: "/api/comments", ct: "application/x-www-form-urlencoded", body: "text=" + url.QueryEscape(v.value)},
					{method: "GET", path: "/api/search?q=" + url.QueryEscape(v.value)},
				} {
					d, _ := runInj(e, r)
					if blocked := d.Action == policies.Deny && d.Status == 403; blocked != v.block {
						t.Errorf("%s %s %s: blocked=%v, want %v: %q", name, r.method, r.ct, blocked, v.block, v.value)
					}
				}
			}
		}
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
