#!/usr/bin/env python3
"""Compare two `kehoach list --format json` outputs task by task.

    compare.py DRAFT.json HAND.json [LABEL]

A task of the hand-made plan is matched when the draft has a task with the
same id, the same text, the same lead units and the same deadline (kind,
date, period end for continuous work, kind of period). Prints the share of
tasks matched and every difference, one a line; then the plan-level facts
the issue names (units, basis documents, signer, recipients) as
"same"/"differs" lines. Exits 0; the caller decides what share is enough.
"""
import json
import sys


def deadline(t):
    return (t.get("deadline_kind"), t.get("deadline"), t.get("until"), t.get("every"))


def main():
    draft = json.load(open(sys.argv[1], encoding="utf-8"))
    hand = json.load(open(sys.argv[2], encoding="utf-8"))
    label = sys.argv[3] if len(sys.argv) > 3 else "draft"
    mine = {t["id"]: t for t in draft["tasks"]}
    matched = 0
    diffs = []
    for t in hand["tasks"]:
        d = mine.get(t["id"])
        if d is None:
            diffs.append(f"{t['id']}: missing from the draft")
            continue
        bad = []
        if d["content"] != t["content"]:
            bad.append("text")
        if sorted(d["lead"]) != sorted(t["lead"]):
            bad.append(f"lead {d['lead']} (hand-made: {t['lead']})")
        if deadline(d) != deadline(t):
            bad.append(f"deadline {deadline(d)} (hand-made: {deadline(t)})")
        if bad:
            diffs.append(f"{t['id']}: " + "; ".join(bad))
        else:
            matched += 1
    extra = sorted(set(mine) - {t["id"] for t in hand["tasks"]})
    for e in extra:
        diffs.append(f"{e}: only in the draft")
    n = len(hand["tasks"])
    print(f"{label}: {matched} of {n} tasks matched ({100.0 * matched / n:.1f}%)")
    for line in diffs:
        print(f"{label}: differs: {line}")
    hp, dp = hand["plan"], draft["plan"]
    facts = {
        "units": (sorted(u["id"] for u in draft["units"]), sorted(u["id"] for u in hand["units"])),
        "basis documents": (
            [(r["number"], r["date"], r["issuer"]) for r in dp["implements"]],
            [(r["number"], r["date"], r["issuer"]) for r in hp["implements"]],
        ),
        "signer": (dp["signer"], hp["signer"]),
        "recipients": (dp["recipients"], hp["recipients"]),
        "aims": (dp["aims"], hp["aims"]),
        "title": (dp["title"], hp["title"]),
        "issuer": (dp["issuer"], hp["issuer"]),
        "period": (dp["period"], hp["period"]),
    }
    for k, (a, b) in facts.items():
        print(f"{label}: {k}: {'same' if a == b else 'differs: ' + json.dumps(a, ensure_ascii=False)}")


main()
