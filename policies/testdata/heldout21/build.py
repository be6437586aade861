"""Builds ../injection_heldout21.jsonl and validates it."""
import json
import os
import sys
from collections import Counter
from urllib.parse import parse_qsl

import attacks
import benign
import wrapped

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "injection_heldout21.jsonl")

SRC = {
    "sqli": "modelled on SecLists Fuzzing/Databases/SQLi (quick-SQLi, Generic-SQLi), PayloadsAllTheThings SQL Injection/Intruder",
    "xss": "modelled on SecLists Fuzzing/BRUTELOGIC_XSS_CHEATSHEET.txt, Fuzzing/Polyglots/XSS_Polyglots.txt, PayloadsAllTheThings XSS Injection",
    "cmdi": "modelled on fuzzdb attack/os-cmd-execution/command-injection-template.txt, PayloadsAllTheThings Command Injection",
    "traversal": "modelled on SecLists Fuzzing/LFI/LFI-Jhaddix.txt, fuzzdb attack/path-traversal, PayloadsAllTheThings Directory Traversal",
    "nosql": "modelled on SecLists Fuzzing/Databases/NoSQL.txt, fuzzdb attack/no-sql-injection/mongodb.txt, PayloadsAllTheThings NoSQL Injection",
    "proto": "modelled on PayloadsAllTheThings Prototype Pollution/README.md, HackTricks nodejs-proto-prototype-pollution",
}


def finish(c, cid, cat, expect, note):
    out = {"id": cid, "category": cat, "expect": expect, "method": c["method"], "path": c["path"],
           "headers": c["headers"], "body": c["body"], "where": c["where"], "note": note}
    return out


def main():
    rows = []
    fam_attacks = attacks.all_attacks()
    for fam in ["sqli", "xss", "cmdi", "traversal", "nosql", "proto"]:
        for i, c in enumerate(fam_attacks[fam], 1):
            rows.append(finish(c, f"h21-{fam}-{i:03d}", fam, "block", SRC[fam]))
    wcount = Counter()
    for c in wrapped.all_wrapped():
        fam = c["_family"]
        wcount[fam] += 1
        rows.append(finish(c, f"h21-{fam}-w{wcount[fam]:03d}-wrapped", fam, "block",
                           f"wrapped twin ({c['_wrapper']}) of a {fam} payload; {SRC[fam]}"))
    for i, c in enumerate(benign.B, 1):
        rows.append(finish(c, f"h21-benign-{i:03d}", "benign", "allow", c["_note"]))

    validate(rows)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print_counts(rows)


def validate(rows):
    ids = [r["id"] for r in rows]
    dup = [k for k, v in Counter(ids).items() if v > 1]
    assert not dup, dup
    for r in rows:
        assert r["method"] in ("GET", "POST", "PUT", "PATCH"), r["id"]
        assert r["expect"] in ("block", "allow")
        assert r["where"] in ("query", "body", "header", "cookie", "path", "multipart"), r["id"]
        assert r["path"].startswith("/"), r["id"]
        assert not any(ch in r["path"] for ch in " \t\r\n#"), (r["id"], r["path"])
        for k, v in r["headers"].items():
            assert "\r" not in v and "\n" not in v, (r["id"], k)
        ct = r["headers"].get("Content-Type", "")
        if r["method"] == "GET":
            assert r["body"] == "", r["id"]
        else:
            assert ct, r["id"]
        if "json" in ct:
            json.loads(r["body"])
        elif ct.startswith("application/x-www-form-urlencoded"):
            assert parse_qsl(r["body"], keep_blank_values=True), r["id"]
        elif ct.startswith("multipart/form-data"):
            b = ct.split("boundary=")[1]
            assert r["body"].startswith("--" + b + "\r\n") and r["body"].rstrip().endswith("--" + b + "--"), r["id"]
    # round trip
    for r in rows:
        assert json.loads(json.dumps(r, ensure_ascii=False)) == r


def print_counts(rows):
    c = Counter()
    for r in rows:
        key = r["category"] + (" (wrapped)" if r["id"].endswith("-wrapped") else "")
        c[key] += 1
    for k in sorted(c):
        print(f"{k:22s} {c[k]}")
    print("total", len(rows))
    print("where:", Counter((r["expect"], r["where"]) for r in rows))


if __name__ == "__main__":
    main()
