#!/usr/bin/env python3
"""Times two cuecard binaries side by side on the same inputs, interleaved.

Usage: python3 benches/tact/speed.py --before BIN --after BIN [--runs 15] INPUT...

Each run is `BIN --config <audit off> --today 2026-11-22 brief --format json
INPUT` in a private home (never the real audit log). Prints, per input, the
median of each binary and the median and range of the per-pair ratio
after/before: a noisy machine drifts, so the ratio of neighbouring runs says
more than either figure. Inputs must be readable by both binaries.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CUECARD_"))}
        env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/config", XDG_STATE_HOME=f"{home}/state")
        config = os.path.join(home, "noaudit.toml")
        with open(config, "w") as f:
            f.write("[audit]\nenabled = false\n")
        bins = {"before": args.before, "after": args.after}
        for path in args.inputs:
            times = {k: [] for k in bins}
            for _ in range(args.runs):
                for name, binary in bins.items():
                    cmd = [binary, "--config", config, "--today", "2026-11-22",
                           "brief", "--format", "json", path]
                    start = time.perf_counter()
                    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=False)
                    times[name].append(time.perf_counter() - start)
            ratios = [a / b for a, b in zip(times["after"], times["before"])]
            print(f"{path}: before {statistics.median(times['before']) * 1000:.1f} ms, "
                  f"after {statistics.median(times['after']) * 1000:.1f} ms "
                  f"(medians of {args.runs} interleaved); after/before per pair "
                  f"median {statistics.median(ratios):.2f}, "
                  f"range {min(ratios):.2f}-{max(ratios):.2f}")


if __name__ == "__main__":
    main()
