#!/usr/bin/env python3
"""Build ../injection_heldout22.jsonl deterministically (no network, no randomness)."""
import collections
import json
import os
import sys
from urllib.parse import parse_qsl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import attacks, wrapped, benign1, benign2, benign3, benign4  # noqa: E402
from common import BOUNDARY  # noqa: E402

OUT = os.path.join(os.path.dirname(HERE), "injection_heldout22.jsonl")


def validate(cases):
    errs = []
    ids = collections.Counter(c["id"] for c in cases)
    errs += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for c in cases:
        cid = c["id"]
        if c["method"] not in ("GET", "POST", "PUT", "PATCH"):
            errs.append(f"{cid}: method")
        if c["expect"] not in ("block", "allow"):
            errs.append(f"{cid}: expect")
        if (c["category"] == "benign") != (c["expect"] == "allow"):
            errs.append(f"{cid}: category/expect mismatch")
        p = c["path"]
        if not p.startswith("/") or any(ord(ch) <= 0x20 or ord(ch) >= 0x7f for ch in p):
            errs.append(f"{cid}: path not wire-safe: {p!r}")
        for k, v in c["headers"].items():
            if "\r" in v or "\n" in v or any(ord(ch) > 0xff for ch in v):
                errs.append(f"{cid}: header {k} not wire-safe")
        ct = c["headers"].get("Content-Type", "")
        body = c["body"]
        if c["method"] == "GET" and body:
            errs.append(f"{cid}: GET with body")
        if body and not ct:
            errs.append(f"{cid}: body without Content-Type")
        base = ct.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            try:
                json.loads(body)
            except Exception as e:  # noqa: BLE001
                errs.append(f"{cid}: invalid JSON body: {e}")
        elif base == "application/x-ndjson" or base == "application/x-sentry-envelope":
            for ln in body.splitlines():
                if ln.strip():
                    json.loads(ln)
        elif base == "application/x-www-form-urlencoded":
            if not parse_qsl(body, keep_blank_values=True, strict_parsing=True):
                errs.append(f"{cid}: empty form")
        elif base == "multipart/form-data":
            if BOUNDARY not in ct or not body.endswith(f"--{BOUNDARY}--\r\n"):
                errs.append(f"{cid}: multipart framing")
        if c["where"] not in ("query", "body", "header", "cookie", "path", "multipart"):
            errs.append(f"{cid}: where")
    return errs


def main():
    atk, raws = attacks.build()
    wr = wrapped.build(raws)
    ben = benign1.B + benign2.B + benign3.B + benign4.B
    cases = atk + wr + ben
    errs = validate(cases)
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    with open(OUT, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False, sort_keys=False) + "\n")
    cnt = collections.Counter((c["category"], "wrapped" if c["id"].endswith("-wrapped") else "plain") for c in cases)
    for k in sorted(cnt):
        print(k, cnt[k])
    print("total", len(cases), "->", OUT)


if __name__ == "__main__":
    main()
