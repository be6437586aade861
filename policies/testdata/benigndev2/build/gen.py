#!/usr/bin/env python3
"""Generate /work/benigndev/benign-dev2.jsonl deterministically (no network)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import prose, dsl, science, webhooks, docs, data, extras, attacks  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benign-dev2.jsonl")


def main():
    c = common.Corpus()
    for m in (prose, dsl, science, webhooks, docs, data, extras, attacks):
        m.build(c)
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    with open(out, "w", encoding="utf-8") as f:
        for case in c.cases:
            f.write(json.dumps(case, ensure_ascii=False, sort_keys=False) + "\n")
    print("wrote %d cases to %s" % (len(c.cases), out))


if __name__ == "__main__":
    main()
