#!/usr/bin/env python3
"""Check benign-dev2.jsonl: every line parses, ids unique, required fields, bodies match their
Content-Type (JSON parses, form bodies parse, multipart uses the declared boundary), request
targets are ASCII, and print counts per category / kind / app / where."""
import collections
import json
import os
import re
import sys
import urllib.parse

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benign-dev2.jsonl")
REQ = ("id", "category", "expect", "method", "path", "headers", "body", "where")
CATS = {"benign", "sqli", "xss", "cmdi", "traversal", "nosqli", "proto"}


def ctype(h):
    for k, v in h.items():
        if k.lower() == "content-type":
            return v
    return ""


def main():
    errs, ids = [], set()
    cases = []
    with open(PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                c = json.loads(line)
            except ValueError as e:
                errs.append("line %d: %s" % (n, e))
                continue
            cases.append(c)
            for k in REQ:
                if k not in c:
                    errs.append("%s: missing %s" % (c.get("id", n), k))
            cid = c.get("id")
            if cid in ids:
                errs.append("duplicate id %s" % cid)
            ids.add(cid)
            if not str(cid).startswith("bd2-"):
                errs.append("%s: id prefix" % cid)
            if c["category"] not in CATS:
                errs.append("%s: category %s" % (cid, c["category"]))
            if (c["category"] == "benign") != (c["expect"] == "allow"):
                errs.append("%s: category/expect mismatch" % cid)
            if c["method"] not in ("GET", "POST", "PUT", "PATCH"):
                errs.append("%s: method" % cid)
            p = c["path"]
            if not p.startswith("/") or any(ord(ch) > 126 or ord(ch) < 33 for ch in p):
                errs.append("%s: path not ASCII/printable: %r" % (cid, p[:80]))
            if not all(isinstance(v, str) for v in c["headers"].values()):
                errs.append("%s: non-string header" % cid)
            if any("\n" in v or "\r" in v for v in c["headers"].values()):
                errs.append("%s: newline in header" % cid)
            ct = ctype(c["headers"]).lower()
            body = c["body"]
            if c["method"] == "GET" and body:
                errs.append("%s: GET with body" % cid)
            if body and not ct:
                errs.append("%s: body without Content-Type" % cid)
            if "json" in ct:
                try:
                    json.loads(body)
                except ValueError as e:
                    errs.append("%s: JSON body invalid: %s" % (cid, e))
            elif ct.startswith("application/x-www-form-urlencoded"):
                if body.strip().startswith(("{", "[")):
                    errs.append("%s: form body looks like JSON" % cid)
                urllib.parse.parse_qsl(body, strict_parsing=True, keep_blank_values=True)
            elif ct.startswith("multipart/form-data"):
                m = re.search(r"boundary=([^;]+)", ctype(c["headers"]))
                if not m or not body.startswith("--" + m.group(1) + "\r\n") or not body.endswith("--" + m.group(1) + "--\r\n"):
                    errs.append("%s: multipart boundary mismatch" % cid)
                if c["where"] != "multipart":
                    errs.append("%s: multipart body but where=%s" % (cid, c["where"]))
            elif body and "json" not in ct:
                try:
                    json.loads(body)
                    if body.strip().startswith(("{", "[")):
                        errs.append("%s: JSON body with Content-Type %s" % (cid, ct))
                except ValueError:
                    pass
            if c["where"] == "cookie" and not any(k.lower() == "cookie" for k in c["headers"]):
                errs.append("%s: where=cookie without Cookie" % cid)
            if c["where"] == "query" and "?" not in p:
                errs.append("%s: where=query without query" % cid)
            if c["where"] in ("body", "multipart") and not body:
                errs.append("%s: where=%s with empty body" % (cid, c["where"]))
    for e in errs:
        print("ERROR", e)
    print("cases", len(cases), "errors", len(errs))

    def table(title, key):
        cnt = collections.Counter(key(c) for c in cases)
        print("\n## " + title)
        for k, v in sorted(cnt.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print("%-40s %4d" % (k, v))
    table("category", lambda c: c["category"])
    table("benign by kind", lambda c: c.get("kind") if c["expect"] == "allow" else "(attack)")
    table("where x expect", lambda c: "%s %s" % (c["where"], c["expect"]))
    table("app (benign)", lambda c: c.get("app") if c["expect"] == "allow" else "(attack)")
    table("app (attacks)", lambda c: c.get("app") if c["expect"] == "block" else "(benign)")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
