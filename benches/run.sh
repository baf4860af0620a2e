#!/usr/bin/env bash
# cuecard's performance figures, measured side by side in one run:
#   1. streaming: peak memory for 1,000,000 profiles, first line before the end
#   2. throughput on 200,000 realistic profiles vs `jq -c .` and a minimal
#      serde_json parse-and-print program (benches/json_roundtrip.rs)
#   3. cores: --jobs 2 vs --jobs 1
#   4. linearity: 200,000 vs 20,000 profiles
#   5. a crew's 450-customer TOML manifest vs starting the process (--version)
#   6. the plain TOML reader vs the toml crate on that manifest
#   7. a CSV export vs the same customers as NDJSON
# Commands that are compared run interleaved (A B C, A B C, ...), so a slow
# spell on a shared machine hits all of them alike; each figure is the best
# of RUNS (default 5) wall-clock times, and the median is shown beside it.
# Usage: bash benches/run.sh [scratch-dir]   (installs jq and hyperfine if it can)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
runs=${RUNS:-5}
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
echo "profiles: $(( $(wc -c < "$work/200k.ndjson") / 200000 )) bytes each on average; best of $runs"

# Runs each shell command RUNS times, interleaved; sets best[cmd] and
# median[cmd] (seconds) and prints them.
declare -A best median
race() {
  declare -A times
  for _ in $(seq "$runs"); do
    for cmd in "$@"; do
      local t0 t1
      t0=$(date +%s%N); bash -c "$cmd" > /dev/null; t1=$(date +%s%N)
      times[$cmd]="${times[$cmd]:-} $(( (t1 - t0) / 1000 ))"
    done
  done
  for cmd in "$@"; do
    local sorted
    sorted=$(tr ' ' '\n' <<< "${times[$cmd]}" | grep . | sort -n)
    best[$cmd]=$(head -1 <<< "$sorted" | awk '{printf "%.3f", $1 / 1e6}')
    median[$cmd]=$(awk '{a[NR] = $1} END {printf "%.3f", a[int((NR + 1) / 2)] / 1e6}' <<< "$sorted")
    printf '  %s s (median %s s)  %s\n' "${best[$cmd]}" "${median[$cmd]}" "$cmd"
  done
}
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

echo "== 1. streaming (1,000,000 profiles, --format ndjson)"
for jobs in 2 1; do
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" --jobs "$jobs" brief --format ndjson "$work/1m.ndjson" > /dev/null
  echo "peak RSS, --jobs $jobs: $(( $(cat "$work/rss") / 1024 )) MiB (goal: <= 64)"
done
t0=$(date +%s.%N)
"$bin" brief --format ndjson "$work/1m.ndjson" | { head -n 2 > /dev/null; echo "first customer line after $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-5) s"; cat > /dev/null; }

echo "== 2-4. throughput, cores, linearity"
two="$bin --jobs 2 brief --format ndjson $work/200k.ndjson"
one="$bin --jobs 1 brief --format ndjson $work/200k.ndjson"
jq_c="jq -c . $work/200k.ndjson"
rt="$base < $work/200k.ndjson"
small="$bin --jobs 2 brief --format ndjson $work/20k.ndjson"
race "$two" "$jq_c" "$rt" "$one" "$small"
echo "2. cuecard vs jq -c .: $(ratio "${best[$jq_c]}" "${best[$two]}")x faster (goal: >= 5)"
echo "2. cuecard vs serde_json round trip: $(ratio "${best[$rt]}" "${best[$two]}")x (goal: >= 1)"
echo "3. --jobs 2 vs --jobs 1: $(ratio "${best[$one]}" "${best[$two]}")x (goal: >= 1.6)"
echo "4. 200,000 vs 20,000: $(ratio "${best[$two]}" "${best[$small]}") (goal: <= 11)"

echo "== 5. a crew's shift (450-customer TOML manifest to a table)"
# In RUNS rounds, each timing both commands back to back (hyperfine, 20
# runs each), so each round's ratio compares like with like. The figure is
# the median round's ratio; the best times of all rounds are shown beside.
if command -v hyperfine >/dev/null; then
  rounds=""
  for _ in $(seq "$runs"); do
    hyperfine -N --warmup 3 --runs 20 --export-json "$work/crew.json" "$bin --version" "$bin brief $work/flight-450.toml" > /dev/null
    rounds+="$(jq -r '"\(.results[1].mean / .results[0].mean) \(.results[0].mean) \(.results[1].mean)"' "$work/crew.json")"$'\n'
  done
else
  version="for i in \$(seq 20); do $bin --version; done"
  crew="for i in \$(seq 20); do $bin brief $work/flight-450.toml; done"
  rounds=""
  for _ in $(seq "$runs"); do
    runs=1 race "$version" "$crew" > /dev/null
    rounds+="$(echo "${best[$crew]} / ${best[$version]}" | bc -l) $(echo "${best[$version]} / 20" | bc -l) $(echo "${best[$crew]} / 20" | bc -l)"$'\n'
  done
fi
rounds=$(grep . <<< "$rounds")
ratio_mid=$(cut -d' ' -f1 <<< "$rounds" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
v_best=$(cut -d' ' -f2 <<< "$rounds" | sort -n | head -1)
b_best=$(cut -d' ' -f3 <<< "$rounds" | sort -n | head -1)
ms() { printf '%.2f' "$(echo "$1 * 1000" | bc -l)"; }
echo "5. brief costs $(printf '%.2f' "$ratio_mid")x starting the process (median of $runs rounds;" \
  "best times --version $(ms "$v_best") ms, brief $(ms "$b_best") ms = $(ratio "$b_best" "$v_best")x)"

echo "== 6. the plain TOML reader vs the toml crate (450-customer manifest)"
# The same binary built to read every TOML section with the crate; both
# read the crew's manifest 20 times per round, interleaved.
cargo build --release --quiet --bin cuecard --features bench-toml-crate --target-dir target/bench-toml-crate
crate_bin=target/bench-toml-crate/release/cuecard
plain="for i in \$(seq 20); do $bin brief $work/flight-450.toml; done"
crate="for i in \$(seq 20); do $crate_bin brief $work/flight-450.toml; done"
race "$plain" "$crate" > /dev/null
echo "6. the crate takes $(ratio "${median[$crate]}" "${median[$plain]}")x the plain reader's time, whole runs (medians; goal: >= 1.3, else drop toml_plain.rs)"

echo "== 7. a CSV export vs the same customers as NDJSON (200,000 sample profiles)"
# `sample --format csv` writes flat rows whose headers are field paths, so
# both files brief with no mapping and to the same bytes.
[ -s "$work/200k.csv" ] || "$bin" sample --setting flight --count 200000 --seed 5 --format csv > "$work/200k.csv"
[ -s "$work/200k-sample.ndjson" ] || "$bin" sample --setting flight --count 200000 --seed 5 --format ndjson > "$work/200k-sample.ndjson"
csv="$bin brief --setting flight --format ndjson $work/200k.csv"
nd="$bin brief --setting flight --format ndjson $work/200k-sample.ndjson"
race "$csv" "$nd"
echo "7. CSV takes $(ratio "${median[$csv]}" "${median[$nd]}")x the NDJSON time (medians; goal: <= 1)"
