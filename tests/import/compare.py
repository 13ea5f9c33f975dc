#!/usr/bin/env python3
"""Compare two `kehoach list --format json` outputs task by task.

    compare.py DRAFT.json HAND.json [LABEL]

A task of the hand-made plan is matched when the draft has a task with the
same id, the same text, the same lead units and the same deadline (kind,
date, period end for continuous work, kind of period). A unit of the draft
is the hand-made plan's unit with the same id, else the one with the same
name: ids and names are each file's own choice (the draft makes ids from the
names, `Văn hóa – Xã hội` -> `vh-xh`, where a hand-made plan may say `vhxh`;
the seed's hand-made plan shortens a long name but keeps the id).
Then the targets (text, measure, goals), when the hand-made plan has any. Prints the share of
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
    hids = {u["id"] for u in hand["units"]}
    hby_name = {u["name"]: u["id"] for u in hand["units"]}
    # The draft's unit ids as the hand-made plan's: same id, else same name.
    same = {u["id"]: (u["id"] if u["id"] in hids else hby_name.get(u["name"], u["id"]))
            for u in draft["units"]}
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
        dl = sorted(same.get(u, u) for u in d["lead"])
        hl = sorted(t["lead"])
        if dl != hl:
            bad.append(f"lead {dl} (hand-made: {hl})")
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
        "units": (sorted(same.values()), sorted(hids)),
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
    ht = hand.get("targets") or []
    if ht:
        dt = {t["text"]: t for t in draft.get("targets") or []}
        got = 0
        for t in ht:
            d = dt.get(t["text"])
            if d is None:
                print(f"{label}: target differs: {t['id']}: missing from the draft")
            elif (d["measure"], d["horizons"]) != (t["measure"], t["horizons"]):
                print(f"{label}: target differs: {t['id']}: {d['measure']} {d['horizons']} "
                      f"(hand-made: {t['measure']} {t['horizons']})")
            else:
                got += 1
        print(f"{label}: {got} of {len(ht)} targets matched ({100.0 * got / len(ht):.1f}%)")
    for k, (a, b) in facts.items():
        print(f"{label}: {k}: {'same' if a == b else 'differs: ' + json.dumps(a, ensure_ascii=False)}")


main()
