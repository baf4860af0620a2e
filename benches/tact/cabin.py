#!/usr/bin/env python3
"""How alike do neighbours' cues read in a cabin of near-identical regulars?

Usage:
    python3 benches/tact/cabin.py --bin PATH [--rows 50] [--seed 1]
                                  [--keep-manifest FILE] [--out FILE]

Writes a flight manifest of ROWS x 6 customers (seats 1A..1F, 2A.., ...), all
near-identical: Gold members for about twelve years, about 400 visits, 6 in
the last 90 days, a stated drink preference confirmed last month (one of five
drinks), a name and a preferred name, nothing else. Briefs it at every
familiarity x style (JSON) in a private environment (temporary HOME and XDG
dirs, a config with the audit log off, --today 2026-11-22, --color never) and
reports, for each familiarity x style:

  (a) customers who share an identical sentence, for the same rule, with a
      customer in their own row or a row either side (sentences split on . ? !
      followed by a space or the end);
  (b) customers who share an identical full cue text, for the same rule, with
      such a neighbour;
  (c) the most common sentence (any rule): the share of the cabin whose cues
      contain it, and the sentence.

Then the same per rule. Prints Markdown (and writes it to --out if given).
Python 3 standard library only.
"""

import argparse
import collections
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

TODAY = datetime.date(2026, 11, 22)
FAMILIARITIES = ["reserved", "warm", "familiar"]
STYLES = ["hint", "opener"]
SEATS = "ABCDEF"
DRINKS = ["sparkling water", "a gin and tonic", "green tea",
          "a glass of red wine", "black coffee"]
FIRST = ["Amara", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiro",
         "Ines", "Jonas", "Keziah", "Lars", "Mirela", "Nikhil", "Olwen", "Pavel",
         "Quentin", "Rosa", "Soren", "Tamsin", "Umar", "Vera", "Wendell", "Ximena",
         "Yusuf", "Zofia", "Anouk", "Bastian", "Cosima", "Dario"]
LAST = ["Abara", "Bergstrom", "Castellano", "Dervish", "Eklund", "Fonseca",
        "Gallagher", "Haddad", "Ivanova", "Jansen", "Kowalczyk", "Lindgren",
        "Moreau", "Nakamura", "Oyelaran", "Petrakis", "Quigley", "Rasmussen",
        "Sandoval", "Takahashi", "Umeh", "Valdez", "Whitfield", "Xu", "Yilmaz",
        "Zamora", "Achebe", "Brennan", "Cardoso", "Dunmore"]
SENTENCE_END = re.compile(r"(?<=[.?!])(?:\s+|$)")


def sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def manifest(rows, seed):
    rng = random.Random(seed)
    n = rows * len(SEATS)
    if n > len(FIRST) * len(LAST):
        sys.exit("cabin.py: too many rows for the name lists")
    names = [(f, l) for l in LAST for f in FIRST]
    rng.shuffle(names)
    out = ["# Near-identical regulars, for the cabin variety measure (benches/tact/cabin.py).",
           "# Every customer here is invented.", "",
           "[shift]", 'title = "TR900 cabin variety check (synthetic)"',
           f"date = {TODAY.isoformat()}", 'setting = "flight"', ""]
    seats = []
    for i in range(n):
        row, seat = i // len(SEATS) + 1, SEATS[i % len(SEATS)]
        first, last = names[i]
        member_since = TODAY.replace(year=TODAY.year - 12) - datetime.timedelta(
            days=rng.randint(-60, 60))
        confirmed = datetime.date(2026, 10, rng.randint(1, 31))
        ref = f"{row}{seat}"
        seats.append((ref, row))
        out += ["[[customers]]",
                f'id = "CAB-{i + 1:06d}"',
                f'ref = "{ref}"',
                f'name = "{first} {last}"',
                f'preferred_name = "{first}"',
                "synthetic = true", "",
                "[customers.loyalty]",
                'tier = "Gold"',
                f"member_since = {member_since.isoformat()}",
                f"lifetime_visits = {rng.randint(380, 420)}",
                "visits_last_90_days = 6", "",
                "[[customers.preferences]]",
                'topic = "drink"',
                f'value = "{rng.choice(DRINKS)}"',
                'source = "stated"',
                f"last_confirmed = {confirmed.isoformat()}", ""]
    return "\n".join(out), seats


class Cuecard:
    """Runs one cuecard binary with a private home, XDG dirs and config."""

    def __init__(self, binary):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            sys.exit(f"cabin.py: {binary} is not an executable file")
        self.tmp = tempfile.mkdtemp(prefix="cuecard-cabin-")
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "LC_ALL": "C.UTF-8", "TZ": "UTC", "USER": "tact-bench",
               "LOGNAME": "tact-bench", "HOME": os.path.join(self.tmp, "home")}
        for var, sub in [("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                         ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")]:
            env[var] = os.path.join(self.tmp, sub)
        for var in env:
            if var == "HOME" or var.startswith("XDG_"):
                os.makedirs(env[var], exist_ok=True)
        # Built from scratch: no CUECARD_*, NO_COLOR, CLICOLOR*, COLUMNS, TERM.
        self.env = env
        self.config = os.path.join(self.tmp, "config.toml")
        with open(self.config, "w") as f:
            f.write("[audit]\nenabled = false\n")
        if self.run(["check", self.config]).returncode != 0:
            with open(self.config, "w") as f:
                f.write("")
            print("cabin.py: warning: audit cannot be disabled; the log goes to "
                  f"{env['XDG_STATE_HOME']}", file=sys.stderr)

    def run(self, args):
        cmd = [self.binary, "--config", self.config, "--today", TODAY.isoformat(),
               "--color", "never"] + args
        return subprocess.run(cmd, env=self.env, cwd=self.tmp, capture_output=True, text=True)

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def measure(doc, seats):
    """Returns per-rule and overall figures for one briefing."""
    row_of = dict(seats)
    n = len(seats)
    by_ref = {c.get("ref"): c for c in doc.get("customers") or []}
    # cust -> rule -> (set of sentences, set of texts)
    data = {}
    for ref, _row in seats:
        per_rule = collections.defaultdict(lambda: (set(), set()))
        for cue in (by_ref.get(ref) or {}).get("cues") or []:
            sents, texts = per_rule[cue["rule"]]
            texts.add(cue["text"])
            sents.update(sentences(cue["text"]))
        data[ref] = dict(per_rule)
    rows = collections.defaultdict(list)
    for ref, row in seats:
        rows[row].append(ref)

    def neighbours(ref):
        r = row_of[ref]
        return [o for rr in (r - 1, r, r + 1) for o in rows.get(rr, []) if o != ref]

    rules = sorted({rule for d in data.values() for rule in d})
    result = {}
    for rule in [None] + rules:
        shared_s = shared_t = 0
        having = 0
        sent_customers = collections.Counter()
        texts = set()
        for ref, _row in seats:
            mine = data[ref]
            rule_list = [rule] if rule else list(mine)
            if rule and rule not in mine:
                continue
            having += 1
            hit_s = hit_t = False
            for rl in rule_list:
                if rl not in mine:
                    continue
                s, t = mine[rl]
                texts |= t
                for o in neighbours(ref):
                    theirs = data[o].get(rl)
                    if not theirs:
                        continue
                    hit_s = hit_s or bool(s & theirs[0])
                    hit_t = hit_t or bool(t & theirs[1])
            shared_s += hit_s
            shared_t += hit_t
            for sent in set().union(*[mine[rl][0] for rl in rule_list if rl in mine]):
                sent_customers[sent] += 1
        # Ties (two sentences of one cue, say) go to the alphabetically first,
        # so the report does not depend on set order.
        top = sorted(sent_customers.items(), key=lambda kv: (-kv[1], kv[0]))[:1]
        result[rule or "all"] = {
            "customers": having,
            "cues": sum(len(c.get("cues") or []) for c in doc.get("customers") or [])
            if rule is None else None,
            "shared_sentence": 100 * shared_s / n,
            "shared_text": 100 * shared_t / n,
            "distinct_texts": len(texts),
            "top_share": 100 * top[0][1] / n if top else 0.0,
            "top_sentence": top[0][0] if top else "",
        }
    return result


def cell(text):
    return text.replace("|", "\\|")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rows", type=int, default=50, help="rows of six (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="seed of names, drinks, dates")
    ap.add_argument("--keep-manifest", default=None, help="also write the manifest here")
    ap.add_argument("--out", default=None, help="also write the Markdown here")
    args = ap.parse_args()

    text, seats = manifest(args.rows, args.seed)
    n = len(seats)
    cc = Cuecard(args.bin)
    results = {}
    problems = []
    try:
        path = os.path.join(cc.tmp, "cabin.toml")
        with open(path, "w") as f:
            f.write(text)
        if args.keep_manifest:
            with open(args.keep_manifest, "w") as f:
                f.write(text)
        version = cc.run(["--version"]).stdout.strip()
        for fam in FAMILIARITIES:
            for style in STYLES:
                r = cc.run(["brief", "--format", "json", "--familiarity", fam,
                            "--style", style, path])
                try:
                    doc = json.loads(r.stdout)
                except ValueError:
                    problems.append(f"{fam}/{style}: exit {r.returncode}, no JSON: "
                                    f"{r.stderr.strip()[:200]}")
                    continue
                if r.returncode != 0 or doc.get("errors"):
                    problems.append(f"{fam}/{style}: exit {r.returncode}, "
                                    f"{len(doc.get('errors') or [])} error(s)")
                results[(fam, style)] = measure(doc, seats)
    finally:
        cc.close()

    lines = [f"## Cabin variety: {n} near-identical regulars ({version}, --seed {args.seed})", "",
             "Each customer: Gold for about twelve years, about 400 visits, 6 in the last 90 "
             "days, a stated drink (one of five) confirmed last month. Neighbours: the same "
             "row and the rows either side (up to 17 customers). (a) customers sharing an "
             "identical sentence with a neighbour for the same rule; (b) sharing an "
             "identical whole cue for the same rule; (c) the most common sentence's share "
             "of the cabin. Percentages of all customers.", "",
             "| familiarity | style | cues | (a) shared sentence | (b) shared cue | "
             "(c) top sentence share | top sentence |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for (fam, style), res in results.items():
        a = res["all"]
        lines.append(f"| {fam} | {style} | {a['cues']} | {a['shared_sentence']:.1f}% | "
                     f"{a['shared_text']:.1f}% | {a['top_share']:.1f}% | "
                     f"{cell(a['top_sentence'])} |")
    lines += ["", "### By rule", "",
              "| familiarity | style | rule | customers | distinct cues | (a) | (b) | (c) | "
              "top sentence |",
              "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for (fam, style), res in results.items():
        for rule, x in res.items():
            if rule == "all":
                continue
            lines.append(f"| {fam} | {style} | {rule} | {x['customers']} | "
                         f"{x['distinct_texts']} | {x['shared_sentence']:.1f}% | "
                         f"{x['shared_text']:.1f}% | {x['top_share']:.1f}% | "
                         f"{cell(x['top_sentence'])} |")
    lines.append("")
    if problems:
        lines += ["Problems: " + "; ".join(problems), ""]
    md = "\n".join(lines)
    print(md)
    if args.out:
        with open(args.out, "w") as f:
            f.write(md + "\n")


if __name__ == "__main__":
    main()
