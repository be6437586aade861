#!/usr/bin/env python3
"""Validate a heldout corpus file: JSON per line, required keys, unique ids, bodies match
Content-Type, wire-safe paths and header values. Usage: python3 validate.py FILE"""
import collections
import json
import re
import sys
from urllib.parse import parse_qsl

REQ = ["id", "category", "expect", "method", "path", "headers", "body", "where"]
CATS = {"sqli", "xss", "cmdi", "traversal", "nosql", "proto", "benign"}
WHERES = {"query", "body", "header", "cookie", "path", "multipart"}
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def ctype_of(h):
    for k, v in h.items():
        if k.lower() == "content-type":
            return v
    return ""


def validate(path):
    errs = []
    ids = set()
    by = collections.Counter()
    wrapped = collections.Counter()
    wheres = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                c = json.loads(line)
            except Exception as e:
                errs.append("line %d: bad JSON %s" % (n, e))
                continue
            for k in REQ:
                if k not in c:
                    errs.append("line %d: missing %s" % (n, k))
            cid = c.get("id")
            if cid in ids:
                errs.append("line %d: duplicate id %s" % (n, cid))
            ids.add(cid)
            cat, exp = c.get("category"), c.get("expect")
            if cat not in CATS:
                errs.append("%s: bad category %s" % (cid, cat))
            if (cat == "benign") != (exp == "allow") or exp not in ("block", "allow"):
                errs.append("%s: expect/category mismatch" % cid)
            if c.get("method") not in METHODS:
                errs.append("%s: bad method" % cid)
            if c.get("where") not in WHERES:
                errs.append("%s: bad where %s" % (cid, c.get("where")))
            p = c.get("path", "")
            if not p.startswith("/") or re.search(r"[\x00-\x20\x7f-\U0010ffff]", p):
                errs.append("%s: path not wire-safe: %r" % (cid, p[:80]))
            for hk, hv in c.get("headers", {}).items():
                if not isinstance(hv, str) or re.search(r"[\x00-\x08\x0a-\x1f\x7f-\U0010ffff]", hv):
                    errs.append("%s: header %s not wire-safe" % (cid, hk))
            body = c.get("body", "")
            ct = ctype_of(c.get("headers", {})).lower()
            if c.get("method") == "GET" and body:
                errs.append("%s: GET with body" % cid)
            if body and not ct:
                errs.append("%s: body without Content-Type" % cid)
            if "json" in ct and "ndjson" not in ct:
                try:
                    json.loads(body)
                except Exception as e:
                    errs.append("%s: body not JSON (%s)" % (cid, e))
            elif "ndjson" in ct:
                for l in body.strip("\n").split("\n"):
                    try:
                        json.loads(l)
                    except Exception:
                        errs.append("%s: ndjson line not JSON" % cid)
            elif "x-www-form-urlencoded" in ct:
                try:
                    parse_qsl(body, strict_parsing=True, keep_blank_values=True)
                except Exception as e:
                    errs.append("%s: bad form body (%s)" % (cid, e))
            elif ct.startswith("multipart/form-data"):
                m = re.search(r"boundary=(\S+)", ctype_of(c.get("headers", {})))
                if not m or ("--" + m.group(1) + "--") not in body:
                    errs.append("%s: multipart boundary mismatch" % cid)
            if c.get("where") == "multipart" and not ct.startswith("multipart/"):
                errs.append("%s: where=multipart but not multipart body" % cid)
            key = cat + (" (wrapped)" if str(cid).endswith("-wrapped") else "")
            if str(cid).endswith("-wrapped"):
                wrapped[cat] += 1
                if exp != "block":
                    errs.append("%s: wrapped twin must be block" % cid)
            else:
                by[cat] += 1
            wheres[c.get("where")] += 1
    stats = {"total": sum(by.values()) + sum(wrapped.values()), "plain": dict(by), "wrapped": dict(wrapped),
             "attacks_plain": sum(v for k, v in by.items() if k != "benign"), "wrapped_total": sum(wrapped.values()), "where": dict(wheres)}
    return errs, stats


if __name__ == "__main__":
    e, s = validate(sys.argv[1])
    for x in e:
        print("ERROR", x)
    print(json.dumps(s, indent=1, sort_keys=True))
    sys.exit(1 if e else 0)
