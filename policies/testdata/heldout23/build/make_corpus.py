#!/usr/bin/env python3
"""Build /work/heldout23/injection_heldout23.jsonl deterministically (python3, no network).
Usage: python3 make_corpus.py [output_path]"""
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases  # noqa: E402
import attacks  # noqa: E402
import wrapped  # noqa: E402
import benign_a  # noqa: E402
import benign_b  # noqa: E402
import benign_c  # noqa: E402
from validate import validate  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "injection_heldout23.jsonl")


def renumber(items, suffix=""):
    per = collections.Counter()
    for c in items:
        cat = c["category"]
        per[cat] += 1
        c["id"] = "h23-%s-%03d%s" % (cat, per[cat], suffix)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    A = Cases("atk")
    attacks.build(A)
    W = Cases("wrp")
    wrapped.build(W)
    B = Cases("ben")
    benign_a.build(B)
    benign_b.build(B)
    benign_c.build(B)
    renumber(A.items)
    renumber(W.items, "-wrapped")
    renumber(B.items)
    allc = A.items + W.items + B.items
    # stable key order
    keys = ["id", "category", "expect", "method", "path", "headers", "body", "where", "note"]
    lines = [json.dumps({k: c[k] for k in keys if k in c}, ensure_ascii=False) for c in allc]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    errs, stats = validate(out)
    for e in errs:
        print("ERROR", e)
    print(json.dumps(stats, indent=1, sort_keys=True))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
