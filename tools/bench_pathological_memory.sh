#!/usr/bin/env bash
# Peak memory over input of `parse`, `check`, `fmt --check` and `render` on every pathological
# input of tools/gen_pathological.py (issue 18), as a Markdown table for docs/benchmarks.md.
#
# usage: bash tools/bench_pathological_memory.sh [BIN] [INPUTS]
#   BIN     the binary to measure (default target/release/topomaid, built when absent)
#   INPUTS  where the inputs are written (default target/pathological; generated when absent)
#   TOPOMAID_BENCH_ONLY=REGEX  measure only the inputs whose name matches
#
# Each command runs once under `/usr/bin/time -f %M` (peak RSS, KiB) with its output thrown
# away and a limit of 300 s; "ratio" is peak RSS / input size, given for inputs of 1 MB or
# more (below that the process's own floor, about 3 MB, is most of the figure). The exit code
# is shown when it is not 0 (1: findings or not formatted; 2: refused with an error).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/topomaid}"
dir="${2:-$root/target/pathological}"
only="${TOPOMAID_BENCH_ONLY:-.}"

if [ ! -x "$bin" ]; then
    (cd "$root" && cargo build --release --quiet --bin topomaid)
fi
if [ ! -s "$dir/chain_1M_A.mmd" ]; then
    OUT="$dir" SEED="$root/diagrams/tripgen-prod-network.mmd" python3 "$root/tools/gen_pathological.py"
fi
topology="$dir/topology-20000.mmd"
if [ ! -s "$topology" ]; then
    python3 "$root/tools/gen_topology.py" 20000 > "$topology.tmp"
    mv "$topology.tmp" "$topology"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# peak KiB and exit code of one command
measure() {
    local code=0
    timeout 300 /usr/bin/time -f %M -o "$work/rss" "$@" > /dev/null 2> "$work/err" || code=$?
    if [ "$code" = 124 ]; then
        echo "timeout $code"
    else
        echo "$(tail -1 "$work/rss") $code"
    fi
}

echo "| input | size | parse | check | fmt --check | render |"
echo "|---|---:|---:|---:|---:|---:|"
for file in "$dir"/*; do
    name="$(basename "$file")"
    [[ "$name" =~ $only ]] || continue
    size=$(stat -c %s "$file")
    row="| \`$name\` | $(numfmt --to=iec --suffix=B "$size")"
    for cmd in "parse" "check" "fmt --check" "render -o $work/out.svg"; do
        # shellcheck disable=SC2086
        read -r kib code < <(measure "$bin" $cmd "$file")
        rm -rf "$work"/out*.svg
        if [ "$kib" = timeout ]; then
            row="$row | timeout"
            continue
        fi
        cell="$((kib / 1024)) MB"
        if [ "$size" -ge 1000000 ]; then
            cell="$cell, $(awk -v k="$kib" -v s="$size" 'BEGIN { printf "%.0f", k * 1024 / s }')×"
        fi
        if [ "$code" != 0 ]; then
            cell="$cell (exit $code)"
        fi
        row="$row | $cell"
    done
    echo "$row |"
done
