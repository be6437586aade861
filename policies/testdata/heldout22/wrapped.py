"""Wrapped twins: the same payloads placed inside code/doc/log shapes. Still attacks."""
import json
from common import case, jbody, JSON_CT

# which attack ids get a wrapped twin (only modes whose payload is plain text: q/j/f/h/c/m/mf/p-free)
PICK = {
    "sqli": [3, 5, 9, 16, 20, 26, 27, 31, 37, 40, 49, 61],
    "xss": [1, 2, 3, 9, 10, 14, 17, 23, 31, 34, 52, 63],
    "cmdi": [1, 2, 3, 11, 15, 16, 22, 24, 25, 34, 35, 36, 48, 56],
    "traversal": [11, 21, 22, 25, 26, 29, 30, 32, 44],
    "nosql": [1, 2, 4, 6, 8, 14, 19],
    "proto": [1, 4, 11, 12, 13, 15],
}

TS = "2026-12-07T21:14:{:02d}.{:03d}Z"


def w_fence_sql(p): return f"Here is what I ran:\n\n```sql\n{p}\n```\n"
def w_fence_bash(p): return f"Repro steps:\n\n```bash\n{p}\n```\n\nThanks!"
def w_tilde(p): return f"~~~\n{p}\n~~~\n"
def w_inline(p): return f"The field value was `{p}` when it failed."
def w_shebang(p): return f"#!/bin/sh\nset -e\n{p}\nexit 0\n"
def w_docker(p): return f"FROM alpine:3.19\nWORKDIR /app\nRUN {p}\nCMD [\"/app/run\"]\n"
def w_diff(p): return (f"diff --git a/config/input.txt b/config/input.txt\n--- a/config/input.txt\n+++ b/config/input.txt\n"
                       f"@@ -1,3 +1,3 @@\n context line\n-old value\n+{p}\n context end\n")
def w_log(p): return (f"{TS.format(3, 118)} INFO  api.request id=7f3a path=/search\n"
                      f"{TS.format(3, 121)} WARN  api.validate param=q value={p}\n"
                      f"{TS.format(3, 122)} INFO  api.response status=200 ms=4\n")
def w_trace(p): return ("Traceback (most recent call last):\n  File \"/srv/app/handlers.py\", line 88, in search\n"
                        "    rows = db.execute(build_query(term))\n"
                        f"psycopg2.errors.SyntaxError: syntax error at or near \"{p}\"\n")
def w_ci(p): return f"name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: run\n        run: {p}\n"
def w_html_pre(p): return f"<p>Output:</p>\n<pre><code>{p}</code></pre>"


TEXT_WRAPPERS = [w_fence_sql, w_fence_bash, w_tilde, w_inline, w_shebang, w_docker, w_diff, w_log, w_trace, w_ci]


def _jupyter(p):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
          "cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                     "source": ["%%bash\n", p + "\n"]}]}
    return jbody(nb)


def delivery(k, p, wrapper):
    """returns (method, path, headers, body, label)"""
    text = wrapper(p)
    m = k % 8
    if m == 0:
        return "POST", "/api/v1/issues/418/comments", JSON_CT, jbody({"body": text}), "json body field (markdown)"
    if m == 1:
        return "POST", "/api/v1/snippets", JSON_CT, jbody({"title": "repro", "language": "shell", "filename": "x.sh", "code": text}), "code field beside language/filename"
    if m == 2:
        return "POST", "/api/v1/wiki/pages/runbook", {"Content-Type": "text/markdown; charset=utf-8"}, text, "text/markdown body"
    if m == 3:
        return "POST", "/api/v1/paste", {"Content-Type": "text/plain; charset=utf-8"}, text, "text/plain body"
    if m == 4:
        return "POST", "/api/v1/chat/messages", JSON_CT, jbody({"channel": "C04QX2", "text": text, "snippet": True}), "chat message"
    if m == 5:
        return "PUT", "/api/v1/kb/articles/311", JSON_CT, jbody({"format": "markdown", "snippet": text}), "snippet field"
    if m == 6:
        return "POST", "/api/v1/notebooks/run", JSON_CT, _jupyter(p), "Jupyter %%bash cell"
    return "POST", "/api/v1/logs/ingest", JSON_CT, jbody({"stream": "app", "lines": text.splitlines() or [text]}), "log lines array"


def build(raws):
    out = []
    byid = {cid: (fam, mode, target, payload) for fam, cid, mode, target, payload in raws}
    k = 0
    pfx = {"sqli": "sqli", "xss": "xss", "cmdi": "cmdi", "traversal": "trav", "nosql": "nosql", "proto": "proto"}
    for fam, nums in PICK.items():
        for n in nums:
            cid = f"h22-{pfx[fam]}-{n:03d}"
            _, mode, target, payload = byid[cid]
            if fam in ("nosql", "proto"):
                out.append(structured_twin(cid, fam, mode, target, payload, k))
            else:
                if mode in ("qr", "jr", "p"):
                    raise ValueError("pick plain-text payloads only: " + cid)
                wrapper = TEXT_WRAPPERS[k % len(TEXT_WRAPPERS)]
                meth, path, hdr, body, label = delivery(k, payload, wrapper)
                wname = "jupyter_bash_cell" if k % 8 == 6 else wrapper.__name__
                c = case(cid + "-wrapped", fam, "block", meth, path, hdr, body, "body",
                         f"twin of {cid}; wrapper={wname}; {label}")
                out.append(c)
            k += 1
    return out


def structured_twin(cid, fam, mode, target, payload, k):
    """NoSQL / prototype pollution need the live key or operator to reach the sink, so the twin keeps the
    structure live and puts it inside doc/code-shaped containers a filter might exempt."""
    if mode == "jr":
        live = json.loads(payload)
    else:
        # query/form style key like username[$ne] or __proto__[test]
        _, key = target.split("|")
        base, _, rest = key.partition("[")
        inner = rest.rstrip("]").split("][")
        obj = payload
        for part in reversed(inner):
            obj = {part: obj}
        live = {base: obj}
    shapes = [
        lambda: {"language": "json", "filename": "query.json", "description": "```json\n" + json.dumps(live) + "\n```", **(live if isinstance(live, dict) else {"items": live})},
        lambda: {"snippet": {"lang": "javascript", "title": "example", "content": live}},
        lambda: {"code": live, "format": "json", "note": "pasted from the docs"},
        lambda: {"type": "doc", "blocks": [{"type": "code", "language": "json", "value": live}]},
    ]
    body = shapes[k % len(shapes)]()
    # The live object must still be parsed by a merge/query sink: keep it at a key the app deep-merges or queries.
    return case(cid + "-wrapped", fam, "block", "POST", target.split("|")[0] if mode != "jr" else target,
                JSON_CT, jbody(body), "body", f"twin of {cid}; live operator/key inside code/doc-shaped JSON")
