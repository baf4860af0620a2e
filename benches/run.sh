#!/usr/bin/env bash
# cuecard's performance figures, measured side by side in one run:
#   1. streaming: peak memory for 200,000 and 1,000,000 profiles, first line
#      before the end
#   2. throughput on 200,000 realistic profiles vs `jq -c .` and a minimal
#      serde_json parse-and-print program (benches/json_roundtrip.rs)
#   3. cores: --jobs 2 vs --jobs 1, vs two --jobs 1 processes on the two
#      halves, and --jobs 2 vs --jobs 1 while another process holds a core
#   4. CPU per profile: --jobs 1 vs the round trip, both pinned to one core
#   5. a crew's 450-customer TOML manifest vs starting the process (--version)
#   6. the plain TOML reader vs the toml crate on that manifest
#   7. the benchmark's profiles as a flat CSV export vs the same NDJSON;
#      and a wide, mostly empty export (the generated sample's 94 columns)
# Commands that are compared run interleaved (A B C, A B C, ...), so a slow
# spell on a shared machine hits all of them alike. Each figure is the
# median of the ratios within a round, with the 10th–90th percentile of
# those ratios beside it (RUNS rounds, default 7). The machine's load is
# printed before and after.
# Usage: bash benches/run.sh [scratch-dir]   (installs jq and hyperfine if it can)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
runs=${RUNS:-7}
mkdir -p "$work"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" CUECARD_TODAY=2026-11-22
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq; }
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null 2>&1 || true

cargo build --release --quiet --bin cuecard --examples
bin=target/release/cuecard
gen=target/release/examples/gen_profiles
base=target/release/examples/json_roundtrip

[ -s "$work/200k.ndjson" ] || "$gen" 200000 > "$work/200k.ndjson"
[ -s "$work/1m.ndjson" ] || "$gen" 1000000 > "$work/1m.ndjson"
[ -s "$work/half-1.ndjson" ] || head -n 100000 "$work/200k.ndjson" > "$work/half-1.ndjson"
[ -s "$work/half-2.ndjson" ] || tail -n +100001 "$work/200k.ndjson" > "$work/half-2.ndjson"
"$bin" sample --setting flight --count 450 --seed 3 --format toml > "$work/flight-450.toml"
load() { echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) ($1)"; }
load "before"
echo "profiles: $(( $(wc -c < "$work/200k.ndjson") / 200000 )) bytes each on average; $runs rounds"

# Runs each shell command once a round for RUNS rounds, interleaved, and
# keeps every time (seconds) in times[cmd] as "t1 t2 ...", rounds in order.
declare -A times
race() {
  local cmd
  for cmd in "$@"; do times[$cmd]=""; done
  for _ in $(seq "$runs"); do
    for cmd in "$@"; do
      local t0 t1
      t0=$(date +%s%N); bash -c "$cmd" > /dev/null; t1=$(date +%s%N)
      times[$cmd]+=" $(echo "($t1 - $t0) / 1000000000" | bc -l)"
    done
  done
}
# "median (p10–p90)" of a list of numbers, one per line.
spread() {
  sort -g | awk '{a[NR] = $1} END {
    lo = int(0.1 * (NR - 1) + 0.5) + 1; hi = int(0.9 * (NR - 1) + 0.5) + 1
    printf "%.2f (p10-p90 %.2f-%.2f)", a[int((NR + 1) / 2)], a[lo], a[hi]
  }'
}
# The per-round ratios of A's time to B's: "median (p10–p90)".
ratio() {
  paste <(tr ' ' '\n' <<< "${times[$1]}" | grep .) <(tr ' ' '\n' <<< "${times[$2]}" | grep .) |
    awk '{print $1 / $2}' | spread
}
# A command's median time in seconds, with its spread.
secs() { tr ' ' '\n' <<< "${times[$1]}" | grep . | spread; }

echo "== 1. streaming (--format ndjson)"
for n in 200k 1m; do
  for jobs in 2 1; do
    /usr/bin/time -f "%M" -o "$work/rss" "$bin" --jobs "$jobs" brief --format ndjson "$work/$n.ndjson" > /dev/null
    echo "1. peak RSS, $n profiles, --jobs $jobs: $(( $(cat "$work/rss") / 1024 )) MiB (goal: < 32)"
  done
done
t0=$(date +%s.%N)
"$bin" brief --format ndjson "$work/1m.ndjson" | { head -n 2 > /dev/null; echo "1. first customer line after $(echo "$(date +%s.%N) - $t0" | bc -l | cut -c1-5) s"; cat > /dev/null; }

echo "== 2-3. throughput and cores (200,000 profiles)"
two="$bin --jobs 2 brief --format ndjson $work/200k.ndjson"
one="$bin --jobs 1 brief --format ndjson $work/200k.ndjson"
halves="$bin --jobs 1 brief --format ndjson $work/half-1.ndjson > /dev/null & $bin --jobs 1 brief --format ndjson $work/half-2.ndjson; wait"
jq_c="jq -c . $work/200k.ndjson"
rt="$base < $work/200k.ndjson"
race "$two" "$one" "$halves" "$rt" "$jq_c"
echo "   seconds: --jobs 2 $(secs "$two"), --jobs 1 $(secs "$one"), halves $(secs "$halves"), round trip $(secs "$rt"), jq $(secs "$jq_c")"
echo "2. jq -c . takes $(ratio "$jq_c" "$two")x cuecard's time (goal: >= 8)"
echo "2. cuecard takes $(ratio "$two" "$rt")x the serde_json round trip's time (goal: <= 0.67)"
echo "3. --jobs 1 takes $(ratio "$one" "$two")x --jobs 2's time (goal: >= 1.8)"
echo "3. --jobs 2 takes $(ratio "$two" "$halves")x the time of two --jobs 1 processes on the halves (goal: <= 1.1)"
# A busy loop holds one core while both run.
bash -c 'while :; do :; done' > /dev/null 2>&1 &
hog=$!
race "$two" "$one"
kill "$hog"
echo "3. with another process busy on a core, --jobs 2 takes $(ratio "$two" "$one")x --jobs 1's time (goal: <= 1)"

echo "== 4. CPU per profile, pinned to one core (200,000 profiles)"
pinned_one="taskset -c 0 $one"
pinned_rt="taskset -c 0 $base < $work/200k.ndjson"
race "$pinned_one" "$pinned_rt"
echo "4. cuecard --jobs 1 takes $(ratio "$pinned_one" "$pinned_rt")x the round trip's time (goal: <= 0.67)"

echo "== 5. a crew's shift (450-customer TOML manifest to a table)"
# In RUNS rounds, each timing both commands back to back (hyperfine, 20
# runs each, or 20 runs in a loop without it), so each round's ratio
# compares like with like.
rounds=""
for _ in $(seq "$runs"); do
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 20 --export-json "$work/crew.json" "$bin --version" "$bin brief $work/flight-450.toml" > /dev/null
    rounds+="$(jq -r '"\(.results[1].mean / .results[0].mean) \(.results[0].mean) \(.results[1].mean)"' "$work/crew.json")"$'\n'
  else
    version="for i in \$(seq 20); do $bin --version; done"
    crew="for i in \$(seq 20); do $bin brief $work/flight-450.toml; done"
    runs=1 race "$version" "$crew"
    rounds+="$(echo "${times[$crew]} / ${times[$version]}" | bc -l) $(echo "${times[$version]} / 20" | bc -l) $(echo "${times[$crew]} / 20" | bc -l)"$'\n'
  fi
done
rounds=$(grep . <<< "$rounds")
ms() { cut -d' ' -f"$1" <<< "$rounds" | awk '{print $1 * 1000}' | spread; }
echo "   milliseconds: --version $(ms 2), brief $(ms 3)"
echo "5. brief takes $(cut -d' ' -f1 <<< "$rounds" | spread)x the time of starting the process (goal: <= 2.5)"

echo "== 6. the plain TOML reader vs the toml crate (450-customer manifest)"
# The same binary built to read every TOML section with the crate; both
# read the crew's manifest 20 times per round, interleaved.
cargo build --release --quiet --bin cuecard --features bench-toml-crate --target-dir target/bench-toml-crate
crate_bin=target/bench-toml-crate/release/cuecard
plain="for i in \$(seq 20); do $bin brief $work/flight-450.toml; done"
crate="for i in \$(seq 20); do $crate_bin brief $work/flight-450.toml; done"
race "$plain" "$crate"
echo "6. the crate takes $(ratio "$crate" "$plain")x the plain reader's time (goal: >= 1.3, else drop toml_plain.rs)"

echo "== 7. a CSV export vs the same customers as NDJSON"
# Flat rows whose headers are field paths, so each CSV briefs with no
# mapping and to the same bytes as its NDJSON.
[ -s "$work/200k-profiles.csv" ] || "$gen" 200000 --csv > "$work/200k-profiles.csv"
csv="$bin brief --setting flight --format ndjson $work/200k-profiles.csv"
nd="$bin brief --setting flight --format ndjson $work/200k.ndjson"
race "$csv" "$nd"
echo "   the 200,000 profiles above, $(head -1 "$work/200k-profiles.csv" | tr ',' '\n' | wc -l) columns: CSV $(secs "$csv") s, NDJSON $(secs "$nd") s"
echo "7. CSV takes $(ratio "$csv" "$nd")x the NDJSON time (goal: <= 1)"
[ -s "$work/200k-sample.csv" ] || "$bin" sample --setting flight --count 200000 --seed 5 --format csv > "$work/200k-sample.csv"
[ -s "$work/200k-sample.ndjson" ] || "$bin" sample --setting flight --count 200000 --seed 5 --format ndjson > "$work/200k-sample.ndjson"
wide="$bin brief --setting flight --format ndjson $work/200k-sample.csv"
wide_nd="$bin brief --setting flight --format ndjson $work/200k-sample.ndjson"
race "$wide" "$wide_nd"
echo "   200,000 generated samples, $(head -1 "$work/200k-sample.csv" | tr ',' '\n' | wc -l) columns, most empty in any row: CSV $(secs "$wide") s, NDJSON $(secs "$wide_nd") s"
echo "7b. the wide CSV takes $(ratio "$wide" "$wide_nd")x the NDJSON time (for reference: the worst case, each row a pass over every column)"
load "after"
