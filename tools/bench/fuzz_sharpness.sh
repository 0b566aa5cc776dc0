#!/usr/bin/env bash
# How sharp are the checkers? For every textbook --bug of every protocol with
# a schedule fuzzer, run the fuzzer RUNS times (libFuzzer seeds 1..RUNS, each
# from the checked-in seed corpus in a fresh directory) with a time cap, the
# same search by RapidCheck, and the model checker once, and print a Markdown
# table: the median wall time to the first finding for the two random
# searches, and the states, time and trace length of the model checker's
# shortest counterexample. A run that finds nothing within the cap counts as
# "> CAP"; a bug no run finds is a finding about that checker, and the table
# says so.
#
# -len_control=0: the schedules that expose these bugs are 15-40 steps long,
# and libFuzzer's default starts from short inputs and lengthens them only
# slowly, which measures its patience rather than the fuzzer's reach.
# -entropic=0: the state feedback makes tens of thousands of rare features,
# over which libFuzzer's default (entropic) schedule spreads its energy; the
# plain schedule finds the deep Raft bugs several times sooner. `stepwise
# fuzz` passes the same flags.
#
# The property-test column is the same search by RapidCheck (proptests/
# schedule_props_hunt): uniform random inputs in the fuzzer's own layout,
# no coverage feedback, the same seeds and cap; "found in"
# is the time to the first failing schedule, before shrinking.
#
# The model-checker column runs `stepwise check` breadth-first with the
# options each bug needs (mc_args_of below; docs/raft.md's table says
# why), so its trace is the shortest counterexample.
#
# Usage: tools/bench/fuzz_sharpness.sh [RUNS] [CAP_SECONDS]   (default 3, 120)
#   FUZZ_BUILD=DIR      clang-16 build with -DSTEPWISE_FUZZ=ON (default
#                       build-fuzz; the fuzz_*_schedule targets are built;
#                       configured there if missing)
#   FUZZ_SANITIZERS=OFF configure that build without ASan and UBSan (as the
#                       docs/fuzzing.md's table was measured: several times faster)
#   PROPS_BUILD=DIR     build with tests that has schedule_props_hunt
#                       (default FUZZ_BUILD, when it was
#                       configured with tests); without one the
#                       property-test column says "n/a"
#   STEPWISE_BIN=FILE   the stepwise binary (default build/tools/stepwise/
#                       stepwise): it lists the protocols and their bugs
#                       and fills the model-checker column
#   FINDINGS_DIR=DIR    also keep each finding's input as
#                       DIR/<protocol>_findings/<bug>/seed-<run>
#   PROTOCOLS="raft"    only these protocols (default: every protocol of
#                       the list that has a schedule fuzzer in FUZZ_BUILD)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=${1:-3}
cap=${2:-120}
build=${FUZZ_BUILD:-$root/build-fuzz}
stepwise=${STEPWISE_BIN:-$root/build/tools/stepwise/stepwise}
if [[ ! -x $stepwise ]]; then
  echo "fuzz_sharpness.sh: no stepwise binary at $stepwise (set STEPWISE_BIN)" >&2
  exit 2
fi
# The protocol list as the CLI sees it (one source of truth: core/protocols.h).
listing=$("$stepwise" check --list)
default_protocols=()
for protocol in $(sed -n 's/^\([a-z0-9_]*\) - .*/\1/p' <<<"$listing"); do
  if [[ -x $build/fuzz/fuzz_${protocol}_schedule ]]; then
    default_protocols+=("$protocol")
  fi
done
protocols=${PROTOCOLS:-${default_protocols[*]}}

# A protocol's --bug names, from `stepwise check --list`.
bugs_of() {
  awk -v p="$1" '
    $0 ~ "^" p " - " { inside = 1; next }
    /^[a-z0-9_]+ - / { inside = 0 }
    inside && /bugs \(--bug NAME\)/ { bugs = 1; next }
    inside && bugs && /^    [a-z0-9-]+:/ { sub(/^ +/, ""); sub(/:.*/, ""); print }
  ' <<<"$listing"
}

# The smallest model in which `stepwise check` shows each bug (for Raft see
# docs/raft.md; for Bully core/bully/README.md: it is correct only with
# synchronous timers, and no-answer needs the leader to fail-stop).
mc_args_of() {
  case $1/$2 in
    twopc/*) echo --crashes 1 ;;
    raft/commit-old-term) echo --max-term 3 --max-log 2 --no-auto-read \
      --no-auto-propose --crashes 0 ;;
    raft/no-truncate-on-conflict) echo --max-log 2 --no-auto-read --crashes 0 ;;
    raft/read-without-quorum) echo --max-term 2 --max-log 2 --requests 2 \
      --crashes 0 ;;
    raft/*) echo --crashes 1 ;;
    bully/no-answer) echo --synchronous-timers --crashes 1 --crash-stop \
      --only at-most-one-leader,highest-leads ;;
    bully/no-tie-break) echo --synchronous-timers --priorities 2,2,1 ;;
    bully/*) echo --synchronous-timers ;;
    ring/*) ;;
  esac
}

targets=()
for protocol in $protocols; do targets+=("fuzz_${protocol}_schedule"); done
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 \
    -DSTEPWISE_FUZZ=ON -DSTEPWISE_FUZZ_SANITIZERS="${FUZZ_SANITIZERS:-ON}" \
    -DSTEPWISE_TESTS=OFF -DSTEPWISE_TOOLS=OFF >/dev/null
fi
ninja -C "$build" "${targets[@]}" >/dev/null
props_build=${PROPS_BUILD:-$build}
hunt=""
if ninja -C "$props_build" -t query schedule_props_hunt >/dev/null 2>&1; then
  ninja -C "$props_build" schedule_props_hunt >/dev/null
  hunt=$props_build/proptests/schedule_props_hunt
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
  if [[ -z $hunt ]]; then
    echo "n/a"
    return
  fi
  for ((run = 1; run <= runs; run++)); do
    # No shrinking: only the time to find counts, and the cap must not cut
    # a search that already found the bug.
    if RC_PARAMS=noshrink=1 timeout "$cap" "$hunt" "$protocol" "$bug" "$run" \
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

# "states, seconds, trace length" of the model checker's run, or what it
# said instead.
mc_column() {
  local protocol=$1 bug=$2 args status=0
  if [[ ! -x $stepwise ]]; then
    echo "n/a"
    return
  fi
  read -r -a args <<<"$(mc_args_of "$protocol" "$bug")"
  "$stepwise" check "$protocol" --bug "$bug" "${args[@]}" \
    --stats-json "$work/mc.json" >"$work/mc.log" 2>&1 || status=$?
  if [[ $status -ne 1 ]]; then
    echo "not found (exit $status)"
    return
  fi
  python3 - "$work/mc.json" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
violation = stats["violation"]
print("{:,} states, {:.2f} s, {}-state trace ({})".format(
    stats["distinct_states"], stats["seconds"], violation["trace_length"],
    violation["property"]))
PY
}

echo "| protocol | \`--bug\` | fuzzer: found | fuzzer: median | fuzzer runs (s) | fuzzer: violated | property test: found, median | model checker (BFS) |"
echo "|---|---|---|---|---|---|---|---|"
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
        -max_len=128 -len_control=0 -entropic=0 \
        corpus >"$dir/log" 2>&1) || status=$?
      end=$(date +%s.%N)
      property=$(sed -n 's/^\(invariant\|liveness property\) \([^ ]*\) violated.*/\2/p' \
        "$dir/log" | head -1)
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
    echo "| $protocol | \`$bug\` | $found/$runs | $med | $shown | ${properties:-none} | $(props_column "$protocol" "$bug") | $(mc_column "$protocol" "$bug") |"
  done
done
