"""Wrapped twins: a strong attack payload from attacks.py inside shapes of code, docs and logs
(markdown fences, inline code, shebang script, Dockerfile RUN, unified diff, Jupyter %%bash
cell, timestamped log lines, stack trace, CI YAML step, "language":"shell" / "filename":"x.sh"
keys, "code"/"snippet" fields, text/markdown and text/plain bodies).

String families (sqli, xss, cmdi, traversal): the payload text sits inside the wrapper in a
field that reaches the same kind of sink as the original case.
Structural families (nosql, proto): the operator / __proto__ key stays live in the parsed
JSON (or form) structure, and the documentation-like wrapper surrounds it, because a
$ne or __proto__ quoted inside a string would no longer be an exploit."""
import json
from urllib.parse import unquote
from common import jdump, form, q
import attacks

LANG = {"sqli": "sql", "xss": "html", "cmdi": "bash", "traversal": "text"}

SEL = {
    "sqli": [0, 8, 14, 16, 18, 23, 27, 31, 35, 53, 59, 71],
    "xss": [0, 3, 10, 13, 21, 35, 39, 40, 41, 46, 56, 65],
    "cmdi": [7, 11, 12, 13, 17, 19, 21, 22, 32, 33, 39, 42, 43, 50],
    "traversal": [0, 3, 7, 13, 19, 20, 30, 31],
}


def wrap_text(style, payload, lang):
    """Return (body_text_in_field, short style name)."""
    if style == 0:
        return "Repro for the bug, paste this:\n\n```%s\n%s\n```\n\nThanks!" % (lang, payload), "md-fence"
    if style == 1:
        return "~~~\n%s\n~~~" % payload, "tilde-fence"
    if style == 2:
        if "`" in payload:
            return "The value I used was `` %s `` and it failed." % payload, "inline-code"
        return "The value I used was `%s` and it failed." % payload, "inline-code"
    if style == 3:
        return "#!/bin/sh\nset -e\nexport APP_ENV=prod\n%s\n" % payload, "shebang"
    if style == 4:
        return "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN echo %s\nCMD [\"/app/run\"]\n" % payload, "dockerfile-run"
    if style == 5:
        return "--- a/config/input.txt\n+++ b/config/input.txt\n@@ -1,3 +1,3 @@\n name=report\n-value=default\n+value=%s\n owner=ops\n" % payload, "unified-diff"
    if style == 6:
        return "2024-06-11T08:14:03.221Z INFO  http request method=GET path=/api/items\n2024-06-11T08:14:03.245Z WARN  validation failed value=%s\n2024-06-11T08:14:03.246Z INFO  response status=400" % payload, "log-lines"
    if style == 7:
        return ("Traceback (most recent call last):\n  File \"/srv/app/handlers.py\", line 88, in lookup\n    row = db.fetch(key)\n"
                "  File \"/srv/app/db.py\", line 41, in fetch\n    raise ValueError(\"bad key: %s\")\nValueError: bad key: %s" % (payload, payload)), "stack-trace"
    if style == 8:
        return "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: lint\n        run: %s\n" % payload, "ci-yaml"
    return "```%s\n%s\n```" % (lang, payload), "md-fence-bare"


def build(C):
    i = 0
    for fam in ["sqli", "xss", "cmdi", "traversal"]:
        src = {"sqli": attacks.SQLI, "xss": attacks.XSS, "cmdi": attacks.CMDI, "traversal": attacks.TRAV}[fam]
        for idx in SEL[fam]:
            payload, srcnote = src[idx]
            if fam == "traversal":
                payload = unquote(payload)
            style = i % 10
            text, sname = wrap_text(style, payload, LANG[fam])
            note = "%s wrapped (%s): %s" % (fam, sname, srcnote)
            k = i % 6
            if k == 0:
                C.json(fam, "block", "POST", "/api/v1/snippets", {"title": "helper", "language": "shell", "code": text}, note=note)
            elif k == 1:
                C.json(fam, "block", "POST", "/api/v1/tickets/5521/comments", {"filename": "x.sh", "snippet": text, "public": False}, note=note)
            elif k == 2:
                C.text(fam, "block", "POST", "/api/v1/notes", text, ctype="text/markdown; charset=utf-8", note=note)
            elif k == 3:
                C.text(fam, "block", "POST", "/api/v1/logs/ingest", text, ctype="text/plain; charset=utf-8", note=note)
            elif k == 4:
                nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": ["%%bash\n", payload + "\n"], "outputs": [], "execution_count": None}],
                      "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
                C.json(fam, "block", "PUT", "/api/contents/work/analysis.ipynb", {"type": "notebook", "format": "json", "content": nb}, note="%s wrapped (jupyter-%%%%bash-cell): %s" % (fam, srcnote))
            else:
                C.form(fam, "block", "POST", "/wiki/save", [("page", "Runbook"), ("code", text), ("summary", "update")], note=note)
            i += 1

    # ---- structural families: wrapper around a live operator / __proto__ key ----
    doc = "```js\n// lookup helper\nconst user = await Users.findOne(filter)\n```"
    nosql = [
        {"language": "javascript", "snippet": doc, "username": "admin", "password": {"$ne": None}},
        {"filename": "x.sh", "code": "#!/bin/sh\ncurl -s localhost:8080/health\n", "filter": {"$where": "sleep(5000) || true"}},
        {"notes": "2024-06-11T08:14:03Z INFO query ok\n2024-06-11T08:14:04Z INFO done", "email": {"$regex": "^admin@"}, "password": {"$gt": ""}},
        {"cells": [{"cell_type": "code", "source": ["%%bash\n", "echo hi\n"]}], "query": {"$expr": {"$function": {"body": "function(){sleep(5000);return true}", "args": [], "lang": "js"}}}},
        {"description": "See diff:\n--- a/q.js\n+++ b/q.js\n@@ -1 +1 @@\n-find({id})\n+find(filter)", "token": {"$ne": "x"}},
    ]
    for obj in nosql:
        C.json("nosql", "block", "POST", "/api/v1/auth/login" if "password" in obj else "/api/v1/users/lookup", obj, note="nosql wrapped (doc-shaped sibling keys, live operator)")
    C.form("nosql", "block", "POST", "/login", [("language", "shell"), ("snippet", "```bash\nnpm run seed\n```"), ("user[$ne]", "x"), ("pass[$ne]", "x")], note="nosql wrapped (form with code keys, live bracket operator)")

    proto = [
        {"language": "shell", "code": "```bash\nnpm ci && npm test\n```", "__proto__": {"isAdmin": True}},
        {"filename": "x.sh", "snippet": "#!/bin/sh\necho ok", "__proto__": {"json spaces": 10}},
        {"steps": [{"name": "build", "run": "make all"}], "constructor": {"prototype": {"status": 510}}},
        {"cells": [{"cell_type": "code", "source": ["%%bash\n", "ls\n"]}], "metadata": {"__proto__": {"exposedHeaders": ["X-Polluted"]}}},
        {"log": "2024-06-11T08:14:03Z ERROR TypeError: Cannot read properties of undefined\n    at merge (/srv/app/util.js:12:9)", "__proto__": {"shell": "node", "NODE_OPTIONS": "--inspect=poll.oast.example"}},
        {"readme": "Run `npm start` then open http://localhost:3000", "__proto__": {"outputFunctionName": "x;process.mainModule.require('child_process').execSync('id');s"}},
        {"patch": "--- a/settings.json\n+++ b/settings.json\n@@ -1 +1 @@\n-{}\n+{\"theme\":\"dark\"}", "settings": {"__proto__": {"polluted": "yes"}}},
    ]
    for obj in proto:
        C.json("proto", "block", "POST", "/api/v1/workspace/import", obj, note="proto wrapped (doc-shaped sibling keys, live __proto__)")
    C.add("proto", "block", "GET", "/api/v1/snippets?language=shell&filename=x.sh&__proto__[isAdmin]=true", {"Accept": "application/json"}, "", "query", note="proto wrapped (query with code keys)")
