#!/usr/bin/env bash
# Pins tools/tla/paxoscommit_states.py to TLC's published count for
# PaxosCommit.cfg (2 resource managers, 3 acceptors, ballots 0..1: 1321761
# distinct states, 16959159 generated, depth 28; tlaplus/Examples,
# specifications/transaction_commit/manifest.json), and to the small sizes
# whose counts model_check/paxoscommit_check_test.cc expects of the Paxos
# Commit core. The full size takes about a minute.
set -euo pipefail
script="$(dirname "${BASH_SOURCE[0]}")/paxoscommit_states.py"
status=0
expect() {
  local got
  got=$(timeout 600 python3 "$script" "$1" "$2" "$3")
  if [[ "$got" != "$4"* ]]; then
    echo "paxoscommit_states.py $1 $2 $3: expected '$4', got '$got'" >&2
    status=1
  fi
}
expect 2 3 2 "1321761 distinct states, 16959159 generated, depth 28"
expect 1 3 2 "1461 distinct states"
expect 2 3 1 "545 distinct states"
expect 1 1 2 "45 distinct states"
expect 2 1 2 "1425 distinct states"
if ((status == 0)); then
  echo "paxoscommit_states.py agrees with TLC and the core's test"
fi
exit "$status"
