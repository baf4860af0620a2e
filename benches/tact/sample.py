#!/usr/bin/env python3
"""Draw a stratified, blind sample of cues for review.

Usage:
    python3 benches/tact/sample.py --bin PATH --out DIR [--n 200] [--seed 1]

Briefs a synthetic manifest per setting (`cuecard sample`) and every file in
briefings/ at every familiarity x style, pools every cue, draws N of them
(deterministic for a given --seed and binary) and writes:

    DIR/review.md      the rubric, then the numbered cues: setting, who reads
                       it, register and text only (hand this to reviewers)
    DIR/key.jsonl      number -> rule, variant, setting, familiarity, style,
                       text (keep this from reviewers; score.py reads it)
    DIR/pool.jsonl     every cue produced, for reference (not for reviewers)
    DIR/coverage.md    how many sampled cues per rule, setting, style,
                       familiarity, and what the pool offered
    DIR/meta.json      the binary, seeds, inputs, exit codes and errors
    DIR/inputs/        the synthetic manifests that were briefed

The binary runs in a private environment: a fresh temporary HOME and XDG
directories, no CUECARD_* / NO_COLOR / CLICOLOR* variables, a config that
turns the audit log off, `--today 2026-11-22` and `--color never`.

Python 3 standard library only.
"""

import argparse
import collections
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

TODAY = "2026-11-22"
SETTINGS = ["flight", "hotel", "retail", "pharmacy", "restaurant", "generic"]
FAMILIARITIES = ["reserved", "warm", "familiar"]
STYLES = ["hint", "opener"]
READER = {
    "hint": "hint: a note the staff member reads before the shift",
    "opener": "opener: a line the staff member may say to the customer",
}
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


class Cuecard:
    """Runs one cuecard binary with a private home, XDG dirs and config."""

    def __init__(self, binary):
        self.binary = os.path.abspath(binary)
        if not os.access(self.binary, os.X_OK):
            sys.exit(f"sample.py: {binary} is not an executable file")
        self.tmp = tempfile.mkdtemp(prefix="cuecard-tact-")
        self.home = os.path.join(self.tmp, "home")
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "USER": "tact-bench",
            "LOGNAME": "tact-bench",
            "HOME": self.home,
        }
        for var, sub in [("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                         ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")]:
            env[var] = os.path.join(self.tmp, sub)
        for path in [self.home] + [env[v] for v in env if v.startswith("XDG_")]:
            os.makedirs(path, exist_ok=True)
        # Not inherited at all (the environment is built from scratch), so
        # CUECARD_CONFIG, CUECARD_TODAY, NO_COLOR, CLICOLOR, CLICOLOR_FORCE,
        # COLUMNS and TERM cannot reach the binary.
        self.env = env
        self.config = os.path.join(self.tmp, "config.toml")
        self.audit_off = True
        with open(self.config, "w") as f:
            f.write("[audit]\nenabled = false\n")
        check = self.run(["check", self.config])
        if check.returncode != 0:
            # This binary does not know the key: fall back to an empty config;
            # the log then goes to the private XDG_STATE_HOME, never a real one.
            self.audit_off = False
            with open(self.config, "w") as f:
                f.write("")
            print(f"sample.py: warning: `[audit] enabled = false` refused "
                  f"({check.stderr.strip()[:200]}); the audit log goes to {env['XDG_STATE_HOME']}",
                  file=sys.stderr)

    def run(self, args, **kw):
        cmd = [self.binary, "--config", self.config, "--today", TODAY, "--color", "never"] + args
        return subprocess.run(cmd, env=self.env, cwd=self.tmp, capture_output=True,
                              text=True, **kw)

    def leftovers(self):
        """Files the binary left in the private dirs (expect none)."""
        found = []
        for root, _dirs, files in os.walk(self.tmp):
            for name in files:
                path = os.path.join(root, name)
                if path != self.config:
                    found.append(os.path.relpath(path, self.tmp))
        return sorted(found)

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_inputs(cc, out, count, manifest_seed, briefings, reuse):
    """Returns [(label, path)]: one synthetic manifest per setting, then briefings/*."""
    inputs = []
    in_dir = os.path.join(out, "inputs")
    os.makedirs(in_dir, exist_ok=True)
    for setting in SETTINGS:
        name = f"synthetic-{setting}.json"
        path = os.path.join(in_dir, name)
        if reuse:
            src = os.path.join(reuse, name)
            if not os.path.exists(src):
                sys.exit(f"sample.py: --inputs {reuse} has no {name}")
            if os.path.abspath(src) != os.path.abspath(path):
                shutil.copyfile(src, path)
        else:
            r = cc.run(["sample", "--setting", setting, "--count", str(count),
                        "--seed", str(manifest_seed), "--format", "json"])
            if r.returncode != 0:
                sys.exit(f"sample.py: `sample --setting {setting}` exited {r.returncode}: "
                         f"{r.stderr.strip()[:300]}")
            with open(path, "w") as f:
                f.write(r.stdout)
        inputs.append((f"synthetic:{setting}", path))
    if briefings:
        for name in sorted(os.listdir(briefings)):
            path = os.path.join(briefings, name)
            if os.path.isfile(path) and name.endswith((".toml", ".json", ".ndjson", ".jsonl")):
                inputs.append((f"briefings/{name}", path))
    return inputs


def variant_part(cue, names):
    """The one of `names` that the cue's variant id carries, if any."""
    parts = (cue.get("variant") or "").split(".")
    return next((p for p in parts if p in names), None)


def brief_all(cc, inputs):
    """Briefs every input at every familiarity x style; returns (pool, runs)."""
    pool, runs = [], []
    for label, path in inputs:
        for fam in FAMILIARITIES:
            for style in STYLES:
                r = cc.run(["brief", "--format", "json", "--familiarity", fam,
                            "--style", style, path])
                run = {"input": label, "familiarity": fam, "style": style,
                       "exit": r.returncode, "customers": 0, "cues": 0,
                       "errors": 0, "stderr": r.stderr.strip()[:500]}
                runs.append(run)
                try:
                    doc = json.loads(r.stdout)
                except ValueError:
                    run["parse_error"] = True
                    continue
                setting = (doc.get("shift") or {}).get("setting") or "generic"
                run["setting"] = setting
                run["errors"] = len(doc.get("errors") or [])
                for ci, cust in enumerate(doc.get("customers") or []):
                    run["customers"] += 1
                    for qi, cue in enumerate(cust.get("cues") or []):
                        run["cues"] += 1
                        pool.append({
                            "rule": cue.get("rule"),
                            "variant": cue.get("variant"),
                            "aim": cue.get("aim"),
                            "rung": cue.get("rung"),
                            "text": cue.get("text") or "",
                            "setting": setting,
                            # The cue's own register and style, from its
                            # variant id: a customer who needs a gentle tone
                            # hears reserved phrasings at any familiarity,
                            # and an opener briefing keeps some cues as notes
                            # to staff (an observed fact, an extra seat).
                            "familiarity": variant_part(cue, FAMILIARITIES)
                            or doc.get("familiarity") or fam,
                            "style": "opener" if ".opener" in (cue.get("variant") or "")
                            else "hint",
                            "source": label,
                            "customer": ci,
                            "ref": cust.get("ref"),
                            "cue_index": qi,
                        })
    return pool, runs


def draw(pool, n, seed):
    """Stratified draw: coverage first, then even over (rule, style, familiarity)."""
    rng = random.Random(seed)
    # Break ties at random but reproducibly: one fixed random key per pool entry.
    tiebreak = [rng.random() for _ in pool]
    chosen, used_text = [], set()
    variant_n = collections.Counter()
    setting_n = collections.Counter()
    stratum_n = collections.Counter()
    by_stratum = collections.defaultdict(list)
    for i, cue in enumerate(pool):
        by_stratum[(cue["rule"], cue["style"], cue["familiarity"])].append(i)

    def take(candidates):
        best = None
        for i in candidates:
            cue = pool[i]
            if cue["text"] in used_text:
                continue
            # Prefer a phrasing not yet in the sample, then the setting with
            # fewest sampled cues, then chance.
            key = (variant_n[cue["variant"]], setting_n[cue["setting"]], tiebreak[i])
            if best is None or key < best[0]:
                best = (key, i)
        if best is None:
            return False
        cue = pool[best[1]]
        chosen.append(best[1])
        used_text.add(cue["text"])
        variant_n[cue["variant"]] += 1
        setting_n[cue["setting"]] += 1
        stratum_n[(cue["rule"], cue["style"], cue["familiarity"])] += 1
        return True

    # 1. Coverage: every rule, setting, style and familiarity in the pool.
    for field in ["rule", "setting", "style", "familiarity"]:
        for value in sorted({c[field] for c in pool}):
            if len(chosen) >= n:
                break
            if any(pool[i][field] == value for i in chosen):
                continue
            cands = [i for i, c in enumerate(pool) if c[field] == value]
            # Within the value, favour the thinnest stratum so coverage picks
            # do not pile up in one (rule, style, familiarity).
            cands.sort(key=lambda i: stratum_n[(pool[i]["rule"], pool[i]["style"],
                                                pool[i]["familiarity"])])
            low = stratum_n[(pool[cands[0]]["rule"], pool[cands[0]]["style"],
                             pool[cands[0]]["familiarity"])] if cands else 0
            take([i for i in cands if stratum_n[(pool[i]["rule"], pool[i]["style"],
                                                  pool[i]["familiarity"])] == low]) or take(cands)
    # 2. The rest, one at a time to the stratum with the fewest picks so far.
    strata = sorted(by_stratum)
    stratum_tie = {s: rng.random() for s in strata}
    exhausted = set()
    while len(chosen) < n:
        open_strata = [s for s in strata if s not in exhausted]
        if not open_strata:
            print(f"sample.py: warning: only {len(chosen)} distinct cues available",
                  file=sys.stderr)
            break
        s = min(open_strata, key=lambda s: (stratum_n[s], stratum_tie[s]))
        if not take(by_stratum[s]):
            exhausted.add(s)
    # Review order: shuffled, so neighbours in the list say nothing about rule.
    order = list(chosen)
    rng.shuffle(order)
    return [pool[i] for i in order]


def md_escape(text):
    # Keep the text readable as plain text; only neutralise what Markdown
    # would turn into markup.
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|#":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def write_review(out, sample, rubric_path):
    with open(rubric_path) as f:
        rubric = f.read().rstrip() + "\n"
    lines = [rubric, "", "---", "", f"## The cues ({len(sample)})", ""]
    for num, cue in enumerate(sample, 1):
        lines.append(f"**{num}.** {cue['setting']} · {READER[cue['style']]} · "
                     f"register: {cue['familiarity']}")
        lines.append("")
        lines.append(f"> {md_escape(cue['text'])}")
        lines.append("")
    with open(os.path.join(out, "review.md"), "w") as f:
        f.write("\n".join(lines))


def write_key(out, sample):
    with open(os.path.join(out, "key.jsonl"), "w") as f:
        for num, cue in enumerate(sample, 1):
            row = {"n": num, "rule": cue["rule"], "variant": cue["variant"],
                   "setting": cue["setting"], "familiarity": cue["familiarity"],
                   "style": cue["style"], "text": cue["text"], "aim": cue["aim"],
                   "source": cue["source"], "customer": cue["customer"]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def coverage_md(pool, sample):
    lines = ["# Coverage", "",
             f"{len(sample)} cues sampled from a pool of {len(pool)} cues "
             f"({len({c['text'] for c in pool})} distinct texts, "
             f"{len({c['variant'] for c in pool})} distinct variants); "
             f"{len({c['variant'] for c in sample})} distinct variants in the sample.", ""]
    for field in ["rule", "setting", "style", "familiarity"]:
        pc = collections.Counter(c[field] for c in pool)
        sc = collections.Counter(c[field] for c in sample)
        pt = collections.defaultdict(set)
        for c in pool:
            pt[c[field]].add(c["text"])
        lines += [f"## By {field}", "", f"| {field} | sampled | pool cues | pool distinct texts |",
                  "| --- | ---: | ---: | ---: |"]
        for v in sorted(pc):
            lines.append(f"| {v} | {sc[v]} | {pc[v]} | {len(pt[v])} |")
        lines.append("")
    # (rule, style, familiarity) strata.
    pc = collections.Counter((c["rule"], c["style"], c["familiarity"]) for c in pool)
    sc = collections.Counter((c["rule"], c["style"], c["familiarity"]) for c in sample)
    lines += ["## By stratum (rule, style, familiarity)", "",
              "| rule | " + " | ".join(f"{s} {f}" for s in STYLES for f in FAMILIARITIES) + " |",
              "| --- |" + " ---: |" * (len(STYLES) * len(FAMILIARITIES))]
    for rule in sorted({c["rule"] for c in pool}):
        cells = []
        for s in STYLES:
            for f in FAMILIARITIES:
                cells.append(f"{sc[(rule, s, f)]}/{pc[(rule, s, f)]}" if pc[(rule, s, f)] else "–")
        lines.append(f"| {rule} | " + " | ".join(cells) + " |")
    lines += ["", "Cells: sampled/pool cues; – the pool has none.", ""]
    # Rules by setting, in the pool: which settings ever produce each rule.
    settings = sorted({c["setting"] for c in pool})
    rs = collections.Counter((c["rule"], c["setting"]) for c in pool)
    lines += ["## Pool cues by rule and setting", "",
              "| rule | " + " | ".join(settings) + " |",
              "| --- |" + " ---: |" * len(settings)]
    for rule in sorted({c["rule"] for c in pool}):
        lines.append(f"| {rule} | " + " | ".join(str(rs[(rule, s)]) for s in settings) + " |")
    lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the cuecard binary to sample")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--n", type=int, default=200, help="cues to sample (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the draw (default 1)")
    ap.add_argument("--count", type=int, default=80,
                    help="customers per synthetic manifest (default 80)")
    ap.add_argument("--manifest-seed", type=int, default=1,
                    help="--seed given to `cuecard sample` (default 1)")
    ap.add_argument("--briefings", default=os.path.join(REPO, "briefings"),
                    help="directory of hand-written inputs (default: the repo's briefings/)")
    ap.add_argument("--inputs", default=None,
                    help="reuse the synthetic manifests of an earlier run (its DIR/inputs), "
                         "so before and after brief the same customers")
    ap.add_argument("--rubric", default=os.path.join(HERE, "rubric.md"))
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    cc = Cuecard(args.bin)
    try:
        version = cc.run(["--version"]).stdout.strip()
        inputs = make_inputs(cc, args.out, args.count, args.manifest_seed,
                             args.briefings, args.inputs)
        pool, runs = brief_all(cc, inputs)
        leftovers = cc.leftovers()
    finally:
        cc.close()
    if not pool:
        sys.exit("sample.py: no cues were produced")

    sample = draw(pool, args.n, args.seed)
    write_review(args.out, sample, args.rubric)
    write_key(args.out, sample)
    with open(os.path.join(args.out, "pool.jsonl"), "w") as f:
        for cue in pool:
            f.write(json.dumps(cue, ensure_ascii=False) + "\n")
    cov = coverage_md(pool, sample)
    with open(os.path.join(args.out, "coverage.md"), "w") as f:
        f.write(cov)
    meta = {
        "binary": os.path.abspath(args.bin), "binary_sha256": sha256(args.bin),
        "version": version, "today": TODAY, "n": args.n, "seed": args.seed,
        "count": args.count, "manifest_seed": args.manifest_seed,
        "audit_disabled": cc.audit_off, "files_left_in_private_dirs": leftovers,
        "inputs": [{"label": l, "sha256": sha256(p)} for l, p in inputs],
        "runs": runs,
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write("\n")

    bad = [r for r in runs if r["exit"] != 0 or r.get("parse_error")]
    for r in bad:
        print(f"sample.py: note: {r['input']} {r['familiarity']}/{r['style']} exited "
              f"{r['exit']}{' (no JSON)' if r.get('parse_error') else ''}, "
              f"{r['errors']} record error(s), {r['cues']} cues kept", file=sys.stderr)
    if leftovers:
        print(f"sample.py: warning: the binary wrote {leftovers} in its private dirs",
              file=sys.stderr)
    print(f"{len(pool)} cues from {len(inputs)} inputs x {len(FAMILIARITIES) * len(STYLES)} "
          f"runs; {len(sample)} sampled into {args.out}/review.md and key.jsonl")
    print(cov)


if __name__ == "__main__":
    main()
