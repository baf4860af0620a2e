#!/usr/bin/env python3
"""Score a blind review: join reviewers' JSON lines to the key and summarise.

Usage:
    python3 benches/tact/score.py DIR scores1.jsonl [scores2.jsonl ...]

DIR is the output of sample.py (it holds key.jsonl). Each scores file is one
reviewer's answer, one JSON object per line as rubric.md asks:

    {"n": 12, "natural": 4, "tactful": 5, "useful": 4, "english": 5,
     "rewrite": false, "leak": false, "note": ""}

Per cue, the reviewers' scores are averaged; a cue counts as rewrite when at
least half of its reviewers say so (a tie counts as rewrite); leak is counted
twice: cues flagged by any reviewer, and by at least half of them.
Prints Markdown: the overall means, the same by rule, setting, style and
familiarity, and the ten worst cues (lowest mean of the four scores).

Python 3 standard library only.
"""

import collections
import json
import os
import re
import sys

SCALES = ["natural", "tactful", "useful", "english"]


def warn(msg):
    print(f"score.py: {msg}", file=sys.stderr)


def as_bool(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("true", "yes", "y", "1"):
            return True
        if s in ("false", "no", "n", "0", ""):
            return False
    return None


def as_score(v):
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if 1 <= x <= 5 else None


def load_key(path):
    key = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                key[int(row["n"])] = row
    return key


def load_scores(path, key):
    """One reviewer's answers: {n: answer}. Lenient about fences and stray text."""
    answers = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("```"):
                continue
            m = re.search(r"\{.*\}", line)
            if not m:
                warn(f"{path}:{lineno}: not a JSON object, skipped")
                continue
            try:
                obj = json.loads(m.group(0))
            except ValueError:
                warn(f"{path}:{lineno}: bad JSON, skipped")
                continue
            try:
                n = int(obj.get("n"))
            except (TypeError, ValueError):
                warn(f"{path}:{lineno}: no cue number, skipped")
                continue
            if n not in key:
                warn(f"{path}:{lineno}: cue {n} is not in the key, skipped")
                continue
            ans = {"note": str(obj.get("note") or "").strip()}
            ok = True
            for s in SCALES:
                ans[s] = as_score(obj.get(s))
                if ans[s] is None:
                    warn(f"{path}:{lineno}: cue {n}: {s} missing or not 1-5")
                    ok = False
            for b in ["rewrite", "leak"]:
                ans[b] = as_bool(obj.get(b))
                if ans[b] is None:
                    warn(f"{path}:{lineno}: cue {n}: {b} missing or not true/false")
                    ok = False
            if not ok and all(ans[s] is None for s in SCALES):
                continue
            if n in answers:
                warn(f"{path}:{lineno}: cue {n} answered twice; the last answer counts")
            answers[n] = ans
    missing = sorted(set(key) - set(answers))
    if missing:
        shown = ", ".join(map(str, missing[:20])) + (" ..." if len(missing) > 20 else "")
        warn(f"{path}: no answer for {len(missing)} cue(s): {shown}")
    return answers


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def per_cue(key, reviewers):
    cues = []
    for n in sorted(key):
        answers = [r[n] for r in reviewers if n in r]
        if not answers:
            continue
        row = dict(key[n])
        for s in SCALES:
            row[s] = mean(a[s] for a in answers)
        row["mean4"] = mean(row[s] for s in SCALES)
        rw = [a["rewrite"] for a in answers if a["rewrite"] is not None]
        lk = [a["leak"] for a in answers if a["leak"] is not None]
        # Majority, ties counting as rewrite.
        row["rewrite"] = bool(rw) and 2 * sum(rw) >= len(rw)
        row["leak_any"] = any(lk)
        row["leak_major"] = bool(lk) and 2 * sum(lk) >= len(lk)
        row["reviewers"] = len(answers)
        row["notes"] = [a["note"] for a in answers if a["note"]]
        cues.append(row)
    return cues


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def table(cues, field, title, order=None):
    groups = collections.defaultdict(list)
    for c in cues:
        groups[c[field] if field else "all"].append(c)
    names = order or sorted(groups)
    lines = [f"### {title}", "",
             f"| {field or 'cues'} | n | natural | tactful | useful | english | mean | "
             "rewrite | leak (any) | leak (majority) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in names:
        g = groups.get(name, [])
        if not g:
            continue
        rw = sum(c["rewrite"] for c in g)
        lines.append(
            f"| {name} | {len(g)} | "
            + " | ".join(fmt(mean(c[s] for c in g)) for s in SCALES)
            + f" | {fmt(mean(c['mean4'] for c in g))} | {100 * rw / len(g):.0f}% ({rw}) | "
            f"{sum(c['leak_any'] for c in g)} | {sum(c['leak_major'] for c in g)} |")
    lines.append("")
    return lines


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[1])
    out, files = sys.argv[1], sys.argv[2:]
    key = load_key(os.path.join(out, "key.jsonl"))
    reviewers = [load_scores(f, key) for f in files]
    cues = per_cue(key, reviewers)
    if not cues:
        sys.exit("score.py: no usable scores")

    lines = [f"## Blind review: {out}", "",
             f"{len(cues)} of {len(key)} cues scored by {len(files)} reviewer(s) "
             f"(answers per cue: {min(c['reviewers'] for c in cues)}"
             f"–{max(c['reviewers'] for c in cues)}). Scores 1–5, reviewers averaged per "
             "cue; rewrite: at least half of a cue's reviewers (ties count); leak: cues "
             "flagged by any reviewer / by at least half.", ""]
    lines += table(cues, None, "Overall")
    lines += table(cues, "rule", "By rule")
    lines += table(cues, "setting", "By setting")
    lines += table(cues, "style", "By style", ["hint", "opener"])
    lines += table(cues, "familiarity", "By familiarity", ["reserved", "warm", "familiar"])

    worst = sorted(cues, key=lambda c: (c["mean4"], c["n"]))[:10]
    lines += ["### The 10 worst cues", "",
              "| n | mean | rule | setting · style · familiarity | rewrite | leak | text | notes |",
              "| ---: | ---: | --- | --- | --- | --- | --- | --- |"]
    for c in worst:
        lines.append(
            f"| {c['n']} | {fmt(c['mean4'])} | {c['rule']} ({c['variant']}) | "
            f"{c['setting']} · {c['style']} · {c['familiarity']} | "
            f"{'yes' if c['rewrite'] else 'no'} | {'yes' if c['leak_any'] else 'no'} | "
            f"{cell(c['text'])} | {cell(' / '.join(c['notes']))} |")
    lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
