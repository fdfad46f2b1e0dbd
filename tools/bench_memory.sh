#!/usr/bin/env bash
# Whole-process wall time and peak memory of `topomaid parse --format FORMAT FILE > /dev/null`
# (FORMAT: human, the one-line summary, and json, the whole model) and of
# `topomaid check FILE > /dev/null` (parse, topology model, every lint rule)
# on the corpus diagram and on synthetic topologies of 1 000, 5 000 and 20 000 nodes.
#
# usage: bash tools/bench_memory.sh [RUNS]      (RUNS per input, default 3; the median wall
#                                                time and the largest peak RSS are reported)
# Needs: cargo, python3, GNU time (/usr/bin/time; installed with apt-get when absent).
# See docs/benchmarks.md for what the figures mean.
set -euo pipefail

runs="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time is absent)" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >&2
fi

echo "building release ..." >&2
cargo build --release --quiet --bin topomaid
bin="$target/release/topomaid"

inputs_dir="$target/bench-inputs"
mkdir -p "$inputs_dir"
inputs=("diagrams/tripgen-prod-network.mmd")
for n in 1000 5000 20000; do
    f="$inputs_dir/topology-$n.mmd"
    if [ ! -s "$f" ]; then
        python3 tools/gen_topology.py "$n" > "$f.tmp"
        mv "$f.tmp" "$f"
    fi
    inputs+=("$f")
done

# A two-node diagram: its peak RSS is the process's floor (binary, libc, stack), not the input's.
floor_input="$inputs_dir/floor.mmd"
printf 'graph TD\n    A --> B\n' > "$floor_input"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

commands=("parse --format human" "parse --format json" "check")
for command in "${commands[@]}"; do
read -r -a args <<< "$command"
echo "== topomaid $command"
printf "%-22s %12s %10s %12s %10s %10s %12s\n" \
    "input" "bytes" "wall_s" "peak_rss_KiB" "rss_MiB" "rss/input" "(rss-floor)/input"
floor=""
for f in "$floor_input" "${inputs[@]}"; do
    bytes=$(wc -c < "$f")
    walls=()
    peak=0
    for ((i = 0; i < runs; i++)); do
        # GNU time prints the wall time to 10 ms only: read a nanosecond clock around it instead
        # (this adds the start of /usr/bin/time itself, about a millisecond).
        t0=$(date +%s%N)
        # `check` exits with 1 when it has findings; only 2 (an error) stops the script.
        status=0
        /usr/bin/time -v -o "$log" "$bin" "${args[@]}" "$f" > /dev/null || status=$?
        if [ "$status" -gt 1 ]; then
            echo "topomaid $command $f failed (exit $status)" >&2
            exit 1
        fi
        t1=$(date +%s%N)
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
        walls+=("$wall")
        if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
    done
    median=$(printf "%s\n" "${walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    name=$(basename "$f" .mmd)
    if [ -z "$floor" ]; then
        floor=$peak
        printf "%-22s %12d %10.4f %12d %10.1f %10s %12s\n" \
            "floor (2-node graph)" "$bytes" "$median" "$peak" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')" "-" "-"
        continue
    fi
    awk -v n="$name" -v b="$bytes" -v w="$median" -v k="$peak" -v fl="$floor" 'BEGIN {
        printf "%-22s %12d %10.4f %12d %10.1f %9.1fx %11.1fx\n",
            n, b, w, k, k / 1024, k * 1024 / b, (k - fl) * 1024 / b }'
done
done
