#!/usr/bin/env bash
# Writes every output of one cuecard binary into a directory, so two builds
# can be compared byte for byte (`diff -r`): every sample, both commands,
# every format, both styles, every familiarity, one and two jobs, plus the
# other commands' outputs and errors.
#
#   benches/same_output.sh BIN OUT_DIR
#   diff -r OUT_A OUT_B && echo identical
set -euo pipefail
bin=$(realpath "$1"); out=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
home=$(mktemp -d); trap 'rm -rf "$home"' EXIT
mkdir -p "$out"
run() { # NAME ARGS...: stdout, stderr and exit code of one run
    local name=$1; shift
    (cd "$repo" && env -i PATH="$PATH" HOME="$home" XDG_CONFIG_HOME="$home/c" \
        XDG_STATE_HOME="$home/s" NO_COLOR=1 CUECARD_TODAY=2026-11-22 \
        "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"; echo $? >"$out/$name.rc") || true
}
noaudit=$home/noaudit.toml; printf '[audit]\nenabled = false\n' >"$noaudit"
for f in "$repo"/briefings/*; do
    b=$(basename "$f")
    for cmd in brief explain; do
        for fmt in table json ndjson markdown; do
            for style in hint opener; do
                for fam in reserved warm familiar; do
                    for j in 1 2; do
                        run "$cmd-$b-$fmt-$style-$fam-j$j" "$cmd" --config "$noaudit" \
                            --format "$fmt" --style "$style" --familiarity "$fam" \
                            --jobs "$j" --width 100 "briefings/$b"
                    done
                done
            done
        done
    done
done
for w in 30 50 72; do run "table-w$w" brief --config "$noaudit" --width "$w" briefings/flight-qf1.toml; done
run all-inputs brief --config "$noaudit" briefings/flight-qf1.toml briefings/stream.ndjson briefings/profile-tomas.json
run color brief --config "$noaudit" --color always briefings/hotel-harbour.toml
for fmt in toml json ndjson; do run "sample-$fmt" sample --format "$fmt" --count 30 --seed 7; done
"$bin" sample --format ndjson --count 5000 --seed 3 --today 2026-11-22 >"$home/big.ndjson"
for j in 1 2; do run "big-stream-j$j" brief --config "$noaudit" --format ndjson --jobs "$j" "$home/big.ndjson"; done
for s in profile manifest config briefing explanation; do run "schema-$s" schema "$s"; done
run check check
run missing brief --config "$noaudit" briefings/nope.toml
run bad-flag brief --format toml briefings/flight-qf1.toml
run explain-toml explain --format toml briefings/flight-qf1.toml
run audited brief --quiet --format json briefings/pharmacy-counter.toml
run help --help
for c in brief explain check sample schema audit; do run "help-$c" "$c" --help; done
run man man
run completions completions bash
