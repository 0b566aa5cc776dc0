#!/usr/bin/env bash
# How sharp are the schedule fuzzers? For every textbook --bug of every
# protocol with a schedule fuzzer, run the fuzzer RUNS times (libFuzzer seeds
# 1..RUNS, each from the checked-in seed corpus in a fresh directory) with a
# time cap, and print the median wall time to the first finding as a
# Markdown table. A run that finds nothing within the cap counts as "> CAP";
# a bug no run finds is a finding about the fuzzer, and the table says so.
#
# -len_control=0: the schedules that expose these bugs are 15-40 steps long,
# and libFuzzer's default starts from short inputs and lengthens them only
# slowly, which measures its patience rather than the fuzzer's reach.
#
# The last column is the same search by RapidCheck (proptests/
# raft_props_hunt, Raft only): uniform random schedules, no coverage
# feedback, the same seeds and cap; "found in" is the time to the first
# failing schedule, before shrinking.
#
# Usage: tools/bench/fuzz_sharpness.sh [RUNS] [CAP_SECONDS]   (default 3, 120)
#   FUZZ_BUILD=DIR      clang-16 build with -DSTEPWISE_FUZZ=ON (default
#                       build-fuzz; the fuzz_*_schedule targets are built)
#   PROPS_BUILD=DIR     build with tests that has raft_props_hunt (default
#                       FUZZ_BUILD, when it was configured with tests);
#                       without one the property-test column says "n/a"
#   FINDINGS_DIR=DIR    also keep each finding's input as
#                       DIR/<protocol>_findings/<bug>/seed-<run>
#   PROTOCOLS="raft"    only these protocols (default "twopc raft")
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-3}
cap=${2:-120}
build=${FUZZ_BUILD:-$root/build-fuzz}
protocols=${PROTOCOLS:-twopc raft}

bugs_of() {
  case $1 in
    twopc) echo majority-commit abort-after-prepare volatile-decision volatile-prepare ;;
    raft) echo commit-old-term vote-without-log-check reply-before-persist \
      no-truncate-on-conflict forget-vote-on-restart ;;
  esac
}

targets=()
for protocol in $protocols; do targets+=("fuzz_${protocol}_schedule"); done
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
    -DSTEPWISE_FUZZ=ON -DSTEPWISE_TESTS=OFF -DSTEPWISE_TOOLS=OFF >/dev/null
fi
ninja -C "$build" "${targets[@]}" >/dev/null
props_build=${PROPS_BUILD:-$build}
hunt=""
if ninja -C "$props_build" -t query raft_props_hunt >/dev/null 2>&1; then
  ninja -C "$props_build" raft_props_hunt >/dev/null
  hunt=$props_build/proptests/raft_props_hunt
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median of the arguments; "inf" (not found) sorts last.
median() {
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

# "found/runs, median" of the property-test search for one bug.
props_column() {
  local protocol=$1 bug=$2 times=() found=0 run
  if [[ $protocol != raft || -z $hunt ]]; then
    echo "n/a"
    return
  fi
  for ((run = 1; run <= runs; run++)); do
    # No shrinking: only the time to find counts, and the cap must not cut
    # a search that already found the bug.
    if RC_PARAMS=noshrink=1 timeout "$cap" "$hunt" "$bug" "$run" \
      >"$work/hunt.log" 2>&1; then
      found=$((found + 1))
      times+=("$(sed -n 's/^found .* in \([0-9.]*\) s;.*/\1/p' "$work/hunt.log")")
    else
      times+=(inf)
    fi
  done
  local med
  med=$(median "${times[@]}")
  [[ $med == inf ]] && med="> $cap s" || med="$med s"
  echo "$found/$runs, $med"
}

echo "| protocol | \`--bug\` | found | median time to find | runs (s) | violated | property test: found, median |"
echo "|---|---|---|---|---|---|---|"
for protocol in $protocols; do
  fuzzer=$build/fuzz/fuzz_${protocol}_schedule
  for bug in $(bugs_of "$protocol"); do
    times=()
    found=0
    properties=""
    for ((run = 1; run <= runs; run++)); do
      dir=$work/$protocol-$bug-$run
      mkdir -p "$dir/corpus"
      cp "$root/fuzz/corpus/${protocol}_schedule/"* "$dir/corpus/"
      start=$(date +%s.%N)
      status=0
      (cd "$dir" && STEPWISE_FUZZ_BUG=$bug STEPWISE_FUZZ_TRACE=$dir/trace.json \
        "$fuzzer" -seed="$run" -max_total_time="$cap" -artifact_prefix="$dir/" \
        -max_len=128 -len_control=0 \
        corpus >"$dir/log" 2>&1) || status=$?
      end=$(date +%s.%N)
      property=$(sed -n 's/^invariant \([^ ]*\) violated.*/\1/p' "$dir/log" | head -1)
      if [[ $status -ne 0 && -n $property ]]; then
        found=$((found + 1))
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')")
        [[ $properties == *"$property"* ]] || properties+="${properties:+, }$property"
        if [[ -n ${FINDINGS_DIR:-} ]]; then
          mkdir -p "$FINDINGS_DIR/${protocol}_findings/$bug"
          cp "$dir"/crash-* "$FINDINGS_DIR/${protocol}_findings/$bug/seed-$run"
        fi
      else
        times+=(inf)
      fi
    done
    med=$(median "${times[@]}")
    [[ $med == inf ]] && med="> $cap s" || med="$med s"
    shown=$(printf '%s ' "${times[@]}" | sed "s/inf/>$cap/g; s/ $//")
    echo "| $protocol | \`$bug\` | $found/$runs | $med | $shown | ${properties:-none} | $(props_column "$protocol" "$bug") |"
  done
done
