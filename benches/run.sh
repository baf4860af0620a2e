#!/usr/bin/env bash
# cuecard's performance figures, measured side by side in one run:
#   1. streaming: peak memory for 1,000,000 profiles, first line before the end
#   2. throughput on 200,000 realistic profiles vs `jq -c .` and a minimal
#      serde_json parse-and-print program (benches/json_roundtrip.rs)
#   3. cores: --jobs 2 vs --jobs 1
#   4. linearity: 200,000 vs 20,000 profiles
#   5. a crew's 450-customer TOML manifest vs starting the process (--version)
# Usage: bash benches/run.sh [scratch-dir]   (needs jq; uses hyperfine if present)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" CUECARD_TODAY=2026-11-22
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null 2>&1 || true

cargo build --release --quiet --bin cuecard --examples
bin=target/release/cuecard
gen=target/release/examples/gen_profiles
base=target/release/examples/json_roundtrip

[ -s "$work/200k.ndjson" ] || "$gen" 200000 > "$work/200k.ndjson"
[ -s "$work/20k.ndjson" ] || "$gen" 20000 > "$work/20k.ndjson"
[ -s "$work/1m.ndjson" ] || "$gen" 1000000 > "$work/1m.ndjson"
"$bin" sample --setting flight --count 450 --seed 3 --format toml > "$work/flight-450.toml"
echo "profiles: $(( $(wc -c < "$work/200k.ndjson") / 200000 )) bytes each on average"

# Best of three wall-clock seconds of a shell command.
best() {
  local best=""
  for _ in 1 2 3; do
    local t0 t1 t
    t0=$(date +%s.%N); bash -c "$1" > /dev/null; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  printf '%.3f' "$best"
}
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

echo "== 1. streaming (1,000,000 profiles, --format ndjson)"
/usr/bin/time -f "%M" -o "$work/rss" "$bin" brief --format ndjson "$work/1m.ndjson" > /dev/null
echo "peak RSS: $(( $(cat "$work/rss") / 1024 )) MiB (goal: <= 64)"
t0=$(date +%s.%N)
"$bin" brief --format ndjson "$work/1m.ndjson" | { head -n 2 > /dev/null; echo "first customer line after $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-5) s"; cat > /dev/null; }
echo "whole stream: $(best "$bin brief --format ndjson $work/1m.ndjson") s"

echo "== 2. throughput (200,000 profiles)"
ours=$(best "$bin brief --format ndjson $work/200k.ndjson")
jq_t=$(best "jq -c . $work/200k.ndjson")
rt=$(best "$base < $work/200k.ndjson")
echo "cuecard brief --format ndjson: $ours s; jq -c .: $jq_t s; serde_json Value round trip: $rt s"
echo "cuecard vs jq: $(ratio "$jq_t" "$ours")x faster (goal: >= 5)"
echo "cuecard vs round trip: $(ratio "$rt" "$ours")x (goal: >= 1)"

echo "== 3. cores"
one=$(best "$bin --jobs 1 brief --format ndjson $work/200k.ndjson")
two=$(best "$bin --jobs 2 brief --format ndjson $work/200k.ndjson")
echo "--jobs 1: $one s; --jobs 2: $two s; speed-up $(ratio "$one" "$two")x (goal: >= 1.6)"

echo "== 4. linearity"
small=$(best "$bin brief --format ndjson $work/20k.ndjson")
echo "20,000: $small s; 200,000: $ours s; ratio $(ratio "$ours" "$small") (goal: <= 11)"

echo "== 5. a crew's shift (450-customer TOML manifest to a table)"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --export-json "$work/crew.json" "$bin --version" "$bin brief $work/flight-450.toml" > /dev/null
  v=$(jq '.results[0].mean' "$work/crew.json"); b=$(jq '.results[1].mean' "$work/crew.json")
else
  v=$(best "for i in \$(seq 20); do $bin --version; done"); b=$(best "for i in \$(seq 20); do $bin brief $work/flight-450.toml; done")
fi
echo "--version: $v s; brief: $b s; brief costs $(ratio "$b" "$v")x starting the process"
