#!/usr/bin/env bash
# Pins tools/tla/paxos_states.py to TLC's published count for MCPaxosTiny
# (3 acceptors, 2 values, ballots 0..1: 3921 distinct states, 23563
# generated, depth 17; tlaplus/Examples, specifications/
# PaxosHowToWinATuringAward/manifest.json), and to the small sizes whose
# counts model_check/paxos_check_test.cc expects of the Paxos core.
set -euo pipefail
script="$(dirname "${BASH_SOURCE[0]}")/paxos_states.py"
status=0
expect() {
  local got
  got=$(timeout 120 python3 "$script" "$1" "$2" "$3")
  if [[ "$got" != "$4"* ]]; then
    echo "paxos_states.py $1 $2 $3: expected '$4', got '$got'" >&2
    status=1
  fi
}
expect 3 2 2 "3921 distinct states, 23563 generated, depth 17"
expect 2 2 2 "145 distinct states"
expect 2 1 2 "81 distinct states"
expect 3 2 1 "73 distinct states"
if ((status == 0)); then echo "paxos_states.py agrees with TLC and the core's test"; fi
exit "$status"
