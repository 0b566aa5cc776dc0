#!/usr/bin/env bash
# Side by side: Stepwise's explorer and SPIN (exact state storage) on two-phase
# commit with N resource managers, the network modelled as TwoPhase.tla does
# (a monotone message set). Both must find the same number of states
# (10,340,352 for N = 9). Prints states, states/s, peak memory and ratios.
# Usage: tools/bench/explorer_vs_spin.sh [N [RUNS]] (defaults 9 and 3). Needs
# a built tree (tools/run.sh) and installs `spin` and `time` if missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-9}
runs=${2:-3}
stepwise=${STEPWISE_BIN:-$root/build/tools/stepwise/stepwise}
for package in spin time; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    apt-get install -y -qq --no-install-recommends "$package" >/dev/null
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- The Promela model: one process, one d_step per TwoPhase.tla action.
{
  echo "byte rm[$n];   /* 0 working, 1 prepared, 2 committed, 3 aborted */"
  echo "byte tm;       /* 0 init, 1 committed, 2 aborted */"
  echo "bit tm_prepared[$n]; bit msg_prepared[$n]; bit msg_commit; bit msg_abort;"
  echo "active proctype twophase() {"
  echo "  do"
  all=""
  for ((r = 0; r < n; r++)); do all+="${all:+ && }tm_prepared[$r]"; done
  echo "  :: d_step { tm == 0 && $all -> tm = 1; msg_commit = 1 }"
  echo "  :: d_step { tm == 0 -> tm = 2; msg_abort = 1 }"
  for ((r = 0; r < n; r++)); do
    echo "  :: d_step { tm == 0 && msg_prepared[$r] -> tm_prepared[$r] = 1 }"
    echo "  :: d_step { rm[$r] == 0 -> rm[$r] = 1; msg_prepared[$r] = 1 }"
    echo "  :: d_step { rm[$r] == 0 -> rm[$r] = 3 }"
    echo "  :: d_step { msg_commit -> rm[$r] = 2 }"
    echo "  :: d_step { msg_abort -> rm[$r] = 3 }"
  done
  echo "  od"
  echo "}"
} >"$work/twophase.pml"

(cd "$work" && spin -a twophase.pml >/dev/null &&
  gcc -O2 -DSAFETY -DNOREDUCE -DNOFAIR -o pan pan.c 2>/dev/null)

# A number from stepwise's --stats-json.
field() { grep -o "\"$1\": [0-9.]*" "$work/stats.json" | grep -o '[0-9.]*$'; }

# Each tool runs $runs times, alternating; the run with the median states/s
# is reported. On a shared 2-core machine single runs vary by up to 20%.
median_line() { sort -n -k1,1 | awk '{line[NR] = $0} END {print line[int((NR + 1) / 2)]}'; }
: >"$work/spin.runs"
: >"$work/stepwise.runs"
for ((run = 1; run <= runs; run++)); do
  /usr/bin/time -f "%M %e" -o "$work/spin.time" "$work/pan" -m100000 -w26 \
    >"$work/spin.out" 2>&1 || true
  spin_states=$(awk '/states, stored/ {print $1; exit}' "$work/spin.out")
  read -r spin_kb spin_s <"$work/spin.time"
  awk -v s="$spin_states" -v t="$spin_s" -v kb="$spin_kb" \
    'BEGIN {printf "%.0f %s %s %s\n", (t > 0 ? s / t : 0), s, t, kb}' >>"$work/spin.runs"

  /usr/bin/time -f "%M %e" -o "$work/stepwise.time" "$stepwise" check twopc \
    --rms "$n" --network monotone --progress 0 --stats-json "$work/stats.json" \
    >"$work/stepwise.out"
  read -r sw_kb sw_s <"$work/stepwise.time"
  echo "$(field states_per_second) $(field distinct_states) $sw_s $sw_kb" \
    "$(field bytes_per_state) $(field threads)" >>"$work/stepwise.runs"
done
read -r spin_rate spin_states spin_s spin_kb < <(median_line <"$work/spin.runs")
read -r sw_rate sw_states sw_s sw_kb sw_bps sw_threads < <(median_line <"$work/stepwise.runs")

echo "states/s of each run: stepwise $(cut -d' ' -f1 "$work/stepwise.runs" |
  awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $1}'); spin $(cut -d' ' -f1 "$work/spin.runs" |
  paste -sd, | sed 's/,/, /g')"
printf '%-28s %14s %14s %12s %12s\n' "tool (median of $runs)" "states" "states/s" "wall s" "peak MiB"
printf '%-28s %14s %14.0f %12s %12.0f\n' "stepwise ($sw_threads threads)" "$sw_states" "$sw_rate" "$sw_s" "$(echo "$sw_kb / 1024" | bc -l)"
printf '%-28s %14s %14s %12s %12.0f\n' "spin (exact, 1 core)" "$spin_states" "$spin_rate" "$spin_s" "$(echo "$spin_kb / 1024" | bc -l)"
printf 'states/s ratio stepwise/spin: %.2f; visited set %.1f bytes/state\n' \
  "$(echo "$sw_rate / $spin_rate" | bc -l)" "$sw_bps"
if [[ "$sw_states" != "$spin_states" ]]; then
  echo "state counts differ: stepwise $sw_states, spin $spin_states" >&2
  exit 1
fi
