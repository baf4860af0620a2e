#!/usr/bin/env bash
# Times `cuecard audit verify` (and `audit report`) on a generated, valid
# 100,000-line audit log. Issue 6 asks for about a second.
#
#   bash benches/audit_verify.sh [LINES]
#
# Builds in release mode (honours CARGO_TARGET_DIR), writes the log to a
# temporary directory and removes it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

lines="${1:-100000}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet --bin cuecard --example audit_log

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/audit.jsonl"
"$target/release/examples/audit_log" "$lines" "$log"
echo "log: $lines lines, $(du -h "$log" | cut -f1)"

export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
unset CUECARD_CONFIG
bin="$target/release/cuecard"
for command in "verify" "report --format json"; do
  # shellcheck disable=SC2086
  "$bin" audit $command --log "$log" >/dev/null # warm the page cache
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$bin" audit $command --log "$log" >/dev/null || true
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf 'audit %-20s %d.%03d s\n' "$command:" $((ms / 1000)) $((ms % 1000))
done
"$bin" audit verify --log "$log" | head -2
