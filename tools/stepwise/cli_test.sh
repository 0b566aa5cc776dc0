#!/usr/bin/env bash
# End-to-end tests of the `stepwise` command line: verdicts, exit codes,
# stats files, counterexample traces and their replay.
# Usage: cli_test.sh PATH_TO_STEPWISE
set -uo pipefail
stepwise=$1
scratch=$(mktemp -d)
cleanup() {
  if [[ -f $scratch/cluster/cluster.json ]]; then
    "$stepwise" cluster down --dir "$scratch/cluster" >/dev/null 2>&1
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
failures=0
passed=0

expect_exit() {  # expect_exit CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  "$@" >"$scratch/out" 2>"$scratch/err"
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: $what: exit $got, want $want"
    sed 's/^/  | /' "$scratch/out" "$scratch/err" | tail -20
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

expect_grep() {  # expect_grep PATTERN FILE DESCRIPTION
  if grep -q -- "$1" "$2"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $3: no \"$1\" in $2"
    sed 's/^/  | /' "$2" | tail -20
    failures=$((failures + 1))
  fi
}

# TLC's recorded result for TwoPhase with 3 RMs: 288 states, depth 11.
expect_exit 0 "twopc matches TLC" -- "$stepwise" check twopc --rms 3 \
  --network monotone --stats-json "$scratch/stats.json"
expect_grep '"distinct_states": 288,' "$scratch/stats.json" "TLC state count"
expect_grep '"max_depth": 11,' "$scratch/stats.json" "TLC depth"
expect_grep '"verdict": "ok"' "$scratch/stats.json" "verdict ok"
expect_grep '"bytes_per_state"' "$scratch/stats.json" "bytes per state"
expect_grep '"format": "stepwise-check"' "$scratch/stats.json" "check report format"
# Every report goes through one writer: an unwritable path is one clear error.
expect_exit 2 "unwritable stats file" -- "$stepwise" check twopc --rms 2 \
  --stats-json "$scratch/no-such-dir/stats.json"
expect_grep "cannot write $scratch/no-such-dir/stats.json: No such file" \
  "$scratch/err" "the error names the file and the reason"
expect_grep 'Verdict: ok' "$scratch/out" "printed verdict"

# Every textbook bug is caught, its trace replays to the same violation.
for bug in majority-commit abort-after-prepare volatile-decision volatile-prepare; do
  expect_exit 1 "bug $bug is caught" -- "$stepwise" check twopc --bug "$bug" \
    --crashes 1 --trace-out "$scratch/$bug.json" --stats-json "$scratch/$bug.stats"
  expect_grep 'Counterexample' "$scratch/out" "bug $bug prints a counterexample"
  expect_grep 'State 2: <' "$scratch/out" "bug $bug trace has numbered states"
  expect_grep '"verdict": "violation"' "$scratch/$bug.stats" "bug $bug stats"
  expect_exit 1 "bug $bug replays" -- "$stepwise" replay "$scratch/$bug.json"
  expect_grep 'violated at state' "$scratch/out" "bug $bug replay names the state"
done

# A trace whose recorded state was altered no longer re-executes.
sed '0,/"state_bytes": "01/s//"state_bytes": "02/' \
  "$scratch/majority-commit.json" >"$scratch/tampered.json"
expect_exit 2 "tampered trace is a mismatch" -- "$stepwise" replay "$scratch/tampered.json"
expect_grep 'state 1' "$scratch/err" "mismatch names the state"
printf '{"format":"stepwise-trace","version":9}' >"$scratch/v9.json"
expect_exit 2 "unknown trace version" -- "$stepwise" replay "$scratch/v9.json"
printf 'not json' >"$scratch/bad.json"
expect_exit 2 "garbage trace" -- "$stepwise" replay "$scratch/bad.json"
expect_exit 2 "missing trace" -- "$stepwise" replay "$scratch/nonexistent.json"

# Other search modes and fault models run and report.
expect_exit 0 "dfs" -- "$stepwise" check twopc --mode dfs --network duplicating
# Under loss two-phase commit is safe but not live: a lasso, and it replays.
expect_exit 1 "lossy liveness" -- "$stepwise" check twopc --network lossy \
  --trace-out "$scratch/lasso.json"
expect_grep 'liveness property all-decided is violated' "$scratch/out" "lasso reported"
expect_grep 'Back to state' "$scratch/out" "lasso printed"
expect_exit 1 "lasso replays" -- "$stepwise" replay "$scratch/lasso.json"
expect_grep 'loops back to state' "$scratch/out" "lasso replay message"
expect_exit 0 "simulate" -- "$stepwise" check twopc --mode simulate --walks 50 --crashes 1
expect_grep 'Verdict: incomplete' "$scratch/out" "simulation is not exhaustive"
expect_exit 1 "simulate finds a bug" -- "$stepwise" check twopc --mode simulate \
  --walks 2000 --bug majority-commit
# Four RMs, duplicates and a crash: seed 3's walk takes detours.
expect_exit 1 "simulate with detours" -- "$stepwise" check twopc --rms 4 \
  --network duplicating --crashes 1 --mode simulate --seed 3 \
  --bug majority-commit --trace-out "$scratch/walk.json"
expect_grep 'counterexample shrunk from 16 to 9 steps' "$scratch/out" "a random walk's counterexample is shrunk"
expect_exit 1 "shrunk walk replays" -- "$stepwise" replay "$scratch/walk.json"

# stepwise shrink: a trace file shortened to one that still fails; what it
# cannot shrink is a clear error.
expect_exit 0 "shrink a trace" -- "$stepwise" shrink "$scratch/majority-commit.json" \
  --out "$scratch/short.json"
expect_grep 'invariant consistency: [0-9]* steps -> [0-9]* steps' "$scratch/out" "shrink reports the lengths"
expect_exit 1 "shrunk trace replays" -- "$stepwise" replay "$scratch/short.json"
expect_exit 0 "shrink names its output" -- "$stepwise" shrink "$scratch/majority-commit.json"
expect_grep 'majority-commit.shrunk.json' "$scratch/out" "default output beside the input"
expect_exit 2 "shrink refuses a lasso" -- "$stepwise" shrink "$scratch/lasso.json"
expect_grep 'lasso' "$scratch/err" "shrink says why a lasso is kept"
expect_exit 2 "shrink refuses a tampered trace" -- "$stepwise" shrink "$scratch/tampered.json"
expect_grep 'state 1' "$scratch/err" "shrink names the mismatched state"
expect_exit 2 "shrink of a missing file" -- "$stepwise" shrink "$scratch/nonexistent.json"
expect_exit 2 "shrink needs a trace" -- "$stepwise" shrink
expect_exit 0 "partitions" -- "$stepwise" check twopc --partitions 1 --network ordered
expect_exit 0 "symmetry" -- "$stepwise" check twopc --symmetry --network monotone \
  --stats-json "$scratch/sym.json"
expect_grep '"distinct_states": 80,' "$scratch/sym.json" "80 orbits"
expect_exit 0 "max-states" -- "$stepwise" check twopc --max-states 10
expect_grep 'Verdict: incomplete' "$scratch/out" "max-states is incomplete"

# Chang-Roberts as TLC counts it: 137 distinct, 227 generated, depth 10.
expect_exit 0 "ring matches TLC" -- "$stepwise" check ring --stats-json "$scratch/ring.json"
expect_grep '"distinct_states": 137,' "$scratch/ring.json" "ring distinct"
expect_grep '"generated_states": 227,' "$scratch/ring.json" "ring generated"
expect_grep '"max_depth": 10,' "$scratch/ring.json" "ring depth"
expect_exit 1 "ring bug" -- "$stepwise" check ring --bug win-on-weaker-id \
  --trace-out "$scratch/ring-bug.json"
expect_exit 1 "ring bug replays" -- "$stepwise" replay "$scratch/ring-bug.json"

# Bad usage: exit 2 and one line on stderr.
expect_exit 2 "unknown protocol" -- "$stepwise" check nosuch
expect_exit 2 "bad network" -- "$stepwise" check twopc --network carrier-pigeon
expect_exit 2 "rms out of range" -- "$stepwise" check twopc --rms 0
expect_exit 2 "unknown bug" -- "$stepwise" check twopc --bug nosuch
expect_exit 2 "no subcommand" -- "$stepwise"
expect_exit 0 "list" -- "$stepwise" check --list
expect_grep 'majority-commit' "$scratch/out" "list shows bugs"

# Every protocol of the list is reachable from the CLI: `check` runs it (a
# bounded run, with its default options), `fuzz` knows it and each of its
# bugs, and the first bug is accepted by `check --bug`.
protocols=$(sed -n 's/^\([a-z0-9_]*\) - .*/\1/p' "$scratch/out")
cp "$scratch/out" "$scratch/list"
if [[ $(echo "$protocols" | wc -w) -lt 4 ]]; then
  echo "FAIL: check --list names fewer than four protocols: $protocols"
  failures=$((failures + 1))
fi
for protocol in $protocols; do
  # Exit 0 or 1: some protocols are unsafe at their defaults (Bully without
  # --synchronous-timers), which is a verdict too.
  "$stepwise" check "$protocol" --max-states 2000 --progress 0 \
    >"$scratch/out" 2>"$scratch/err"
  code=$?
  if ((code > 1)); then
    echo "FAIL: check $protocol from the list: exit $code"
    failures=$((failures + 1))
  fi
  expect_grep 'Verdict: ' "$scratch/out" "check $protocol gives a verdict"
  bug=$(awk -v p="$protocol" '
    $0 ~ "^" p " - " { inside = 1; next }
    /^[a-z0-9_]+ - / { inside = 0 }
    inside && /bugs \(--bug NAME\)/ { bugs = 1; next }
    inside && bugs { sub(/^ +/, ""); sub(/:.*/, ""); print; exit }
  ' "$scratch/list")
  if [[ -z $bug ]]; then
    echo "FAIL: check --list shows no bug for $protocol"
    failures=$((failures + 1))
    continue
  fi
  expect_exit 2 "fuzz $protocol rejects an unknown bug" -- \
    "$stepwise" fuzz "$protocol" --bug no-such-bug --fuzzer-dir "$scratch"
  expect_grep "unknown bug" "$scratch/err" "fuzz $protocol names the bad bug"
  expect_exit 2 "fuzz $protocol --bug $bug looks for its fuzzer" -- \
    "$stepwise" fuzz "$protocol" --bug "$bug" --fuzzer-dir "$scratch"
  expect_grep "fuzz_${protocol}_schedule" "$scratch/err" \
    "fuzz $protocol names its fuzzer binary"
done
expect_exit 2 "check an unknown protocol" -- "$stepwise" check nosuch
expect_exit 0 "version" -- "$stepwise" --version
expect_grep 'stepwise 0' "$scratch/out" "version text"

# Z3: invariants proved inductive for any cluster size; every lemma needed.
for protocol in twopc threepc raft; do
  expect_exit 0 "prove $protocol" -- "$stepwise" prove "$protocol" \
    --stats-json "$scratch/prove-$protocol.json"
  expect_grep 'proved inductive (any N)' "$scratch/out" "prove $protocol prints proofs"
  expect_grep '"verdict": "proved"' "$scratch/prove-$protocol.json" "prove $protocol stats"
  expect_exit 0 "list lemmas $protocol" -- "$stepwise" prove "$protocol" --list-lemmas
  lemmas=$(awk '$1 == "lemma" {print $2}' "$scratch/out")
  # The sanitizer build drops one lemma only: the rest is Z3's time (not
  # instrumented), and the optimized build drops every one.
  if [[ -n "${STEPWISE_CLI_TEST_QUICK:-}" ]]; then lemmas=$(head -1 <<<"$lemmas"); fi
  for lemma in $lemmas; do
    expect_exit 1 "prove $protocol without $lemma" -- "$stepwise" prove \
      "$protocol" --without "$lemma"
    expect_grep 'counterexample to induction' "$scratch/out" "CTI without $lemma"
  done
done
expect_exit 1 "prove a planted double vote" -- "$stepwise" prove raft --bug double-vote
expect_grep 'grant-vote(n=n' "$scratch/out" "CTI names the voter"
expect_exit 2 "prove unknown lemma" -- "$stepwise" prove twopc --without nosuch
expect_grep 'valid: commit-msg-implies-tm-committed' "$scratch/err" "valid lemmas listed"
expect_exit 2 "prove unknown protocol" -- "$stepwise" prove nosuch
expect_exit 2 "prove unknown bug" -- "$stepwise" prove twopc --bug nosuch

# Z3 bounded model checking agrees with the explicit checker on every bug.
expect_exit 0 "bmc twopc" -- "$stepwise" bmc twopc --rms 3 --depth 12 \
  --stats-json "$scratch/bmc.json"
expect_grep '"verdict": "no-violation"' "$scratch/bmc.json" "bmc stats"
expect_grep '"format": "stepwise-bmc"' "$scratch/bmc.json" "bmc report format"
expect_exit 0 "explicit check with a crash" -- "$stepwise" check twopc --crashes 1
for bug in majority-commit abort-after-prepare volatile-decision volatile-prepare; do
  expect_exit 1 "bmc finds $bug" -- "$stepwise" bmc twopc --rms 3 --depth 12 --bug "$bug"
  expect_grep 'Counterexample' "$scratch/out" "bmc $bug prints a trace"
done
# Three-phase commit: BMC finds each bug at the size and depth it picks
# (no-election, a minute of Z3, only in spec/threepc_spec_test); Prove
# fails on every one.
expect_exit 0 "bmc threepc" -- "$stepwise" bmc threepc --rms 3 --depth 6 \
  --stats-json "$scratch/bmc-threepc.json"
expect_grep '"participants": 3' "$scratch/bmc-threepc.json" "bmc threepc stats"
threepc_bugs="commit-on-timeout skip-pre-commit"
if [[ -z "${STEPWISE_CLI_TEST_QUICK:-}" ]]; then
  threepc_bugs="$threepc_bugs abort-when-undecided"
fi
for bug in $threepc_bugs; do
  expect_exit 1 "bmc threepc finds $bug" -- "$stepwise" bmc threepc --bug "$bug"
  expect_grep 'Counterexample' "$scratch/out" "bmc threepc $bug prints a trace"
done
for bug in commit-on-timeout skip-pre-commit abort-when-undecided no-election; do
  expect_exit 1 "prove threepc --bug $bug" -- "$stepwise" prove threepc --bug "$bug"
done
# Single-decree Paxos: proved for any number of acceptors (every lemma
# dropped: spec/paxos_spec_test and paxos_lemmas_test); BMC at 3 acceptors
# finds half-quorum after 10 steps (the other bugs: spec/paxos_bmc_test).
expect_exit 0 "prove paxos" -- "$stepwise" prove paxos
expect_grep 'proved inductive (any N)' "$scratch/out" "prove paxos prints proofs"
expect_exit 1 "prove paxos --bug volatile-promise" -- "$stepwise" prove paxos \
  --bug volatile-promise
expect_grep 'broken by acceptor-restart' "$scratch/out" "prove paxos names the restart"
expect_exit 0 "bmc paxos" -- "$stepwise" bmc paxos --depth 6 \
  --stats-json "$scratch/bmc-paxos.json"
expect_grep '"acceptors": 3' "$scratch/bmc-paxos.json" "bmc paxos stats"
expect_exit 1 "bmc paxos finds half-quorum" -- "$stepwise" bmc paxos \
  --bug half-quorum
expect_grep 'agreement is violated after 10 steps' "$scratch/out" \
  "bmc paxos half-quorum names the invariant"
expect_exit 2 "bmc paxos too many acceptors" -- "$stepwise" bmc paxos --nodes 6
# Raft: the election model at 3 nodes and 2 terms finds the election-level
# bugs in 9 steps; a log-level bug (or --log-length) selects the replication
# model, at the size and depth that find the bug.
expect_exit 0 "bmc raft" -- "$stepwise" bmc raft --nodes 3 --terms 2 --depth 6 \
  --stats-json "$scratch/bmc-raft.json"
expect_grep '"terms": 2' "$scratch/bmc-raft.json" "bmc raft stats"
# 14 s of Z3 time: the optimized build runs it.
if [[ -z "${STEPWISE_CLI_TEST_QUICK:-}" ]]; then
  expect_exit 1 "bmc raft finds reply-before-persist" -- "$stepwise" bmc raft \
    --bug reply-before-persist
  expect_grep 'crash-before-persist' "$scratch/out" "bmc raft trace shows the crash"
fi
expect_exit 1 "bmc raft finds vote-without-log-check" -- "$stepwise" bmc raft \
  --bug vote-without-log-check --stats-json "$scratch/bmc-raft-log.json"
expect_grep 'leader-completeness is violated after 5 steps' "$scratch/out" \
  "bmc raft log bug names the invariant"
expect_grep '"log_length": 1' "$scratch/bmc-raft-log.json" "bmc raft log stats"
expect_exit 0 "bmc raft replication model" -- "$stepwise" bmc raft \
  --log-length 1 --terms 3 --depth 4
expect_grep 'log length 1' "$scratch/out" "bmc raft names the replication model"
expect_exit 2 "prove raft log bug" -- "$stepwise" prove raft --bug commit-old-term
expect_grep 'stepwise bmc raft --bug commit-old-term' "$scratch/err" \
  "prove raft log bug points to bmc"
expect_exit 2 "bmc raft election bug has no log" -- "$stepwise" bmc raft \
  --bug forget-vote-on-restart --log-length 1
expect_exit 2 "bmc twopc has no log" -- "$stepwise" bmc twopc --log-length 1
expect_exit 2 "bmc raft takes --nodes" -- "$stepwise" bmc raft --rms 3
expect_exit 2 "bmc raft too many nodes" -- "$stepwise" bmc raft --nodes 8
expect_exit 2 "bmc twopc has no terms" -- "$stepwise" bmc twopc --terms 2
expect_exit 2 "bmc depth out of range" -- "$stepwise" bmc twopc --depth 1000

# Bully: with the checker's asynchronous timers a premature answer timeout
# elects a second leader even on a reliable network (see core/bully/README.md).
expect_exit 1 "bully premature timeout" -- "$stepwise" check bully --trace-out "$scratch/bully.json"
expect_exit 1 "bully trace replays" -- "$stepwise" replay "$scratch/bully.json"
expect_exit 1 "bully reversed compare" -- "$stepwise" check bully --bug lowest-wins-compare
expect_grep 'highest-leads is violated' "$scratch/out" "bully reversed compare names the invariant"
expect_exit 2 "bully priorities must match nodes" -- "$stepwise" check bully --priorities 1,2
expect_exit 0 "bully is safe with synchronous timers" -- "$stepwise" check bully --synchronous-timers
expect_grep 'synchronous timers' "$scratch/out" "the run says its timers are synchronous"
expect_exit 1 "bully unsafe under partitions" -- "$stepwise" check bully --synchronous-timers --partitions 1
# Fail-stop crashes and a property filter: the correct algorithm keeps one
# leader, the best live one, while a missing Answer elects a worse one too.
expect_exit 0 "bully fail-stop keeps the best leader" -- "$stepwise" check bully --synchronous-timers --crashes 1 --crash-stop --only at-most-one-leader,highest-leads
expect_grep 'crash-stop, only at-most-one-leader,highest-leads' "$scratch/out" "the run names its fail-stop crashes and filter"
expect_exit 1 "bully no-answer caught under fail-stop" -- "$stepwise" check bully --synchronous-timers --crashes 1 --crash-stop --only at-most-one-leader,highest-leads --bug no-answer --trace-out "$scratch/no-answer.json"
expect_exit 1 "bully no-answer trace replays" -- "$stepwise" replay "$scratch/no-answer.json"
expect_grep 'highest-leads violated' "$scratch/out" "the replay names the invariant"
# Ring ids may be arranged around the ring; bad arrangements are usage errors.
expect_exit 0 "ring with arranged ids" -- "$stepwise" check ring --ids 3,1,2 --announce
expect_exit 2 "ring ids must be distinct" -- "$stepwise" check ring --ids 1,1,2
expect_grep 'distinct' "$scratch/err" "the error says why"
expect_exit 2 "ring ids one per node" -- "$stepwise" check ring --nodes 4 --ids 1,2,3
# Message complexity table.
expect_exit 0 "messages table" -- "$stepwise" messages --max-nodes 5 --samples 50
expect_grep '| 5 | 5 | 20 |' "$scratch/out" "bully best and worst at 5 nodes"
expect_exit 2 "messages bad range" -- "$stepwise" messages --min-nodes 6 --max-nodes 4
expect_exit 2 "only names an unknown property" -- "$stepwise" check bully --only nosuch
expect_grep 'no invariant or liveness property "nosuch"' "$scratch/err" "the error names the property"

# Raft: real clients replace the leaders' stand-ins, and their history must be
# linearizable; goals that need a fault are not applicable without it.
# Liveness is checked on the unreduced graph, which takes most of a run's
# time (minutes under the sanitizers): one entry keeps it small here, and the
# run with clients leaves it out and delivers in order (a few thousand
# states, each with a linearizability check: seconds under the sanitizers).
# The sanitizer build leaves out these three runs (55 s there, unoptimized):
# the explorer code they run is the same for every protocol and runs under
# the sanitizers in the two-phase commit runs above.
if [[ -z "${STEPWISE_CLI_TEST_QUICK:-}" ]]; then
  expect_exit 0 "raft small run" -- "$stepwise" check raft --max-term 1 --max-log 1 --symmetry --crashes 0
  expect_grep 'liveness eventually-leader holds' "$scratch/out" "raft liveness checked"
  expect_grep 'new-leader-after-crash not applicable (needs --crashes)' "$scratch/out" "raft crash goal not applicable"
  expect_exit 0 "raft with client requests" -- "$stepwise" check raft --max-term 1 --max-log 1 --network ordered --requests 1 --symmetry --crashes 0 --liveness off
  expect_grep 'auto_propose: false' "$scratch/out" "clients replace the stand-in proposals"
  expect_exit 1 "raft no-truncate-on-conflict" -- "$stepwise" check raft --max-log 2 --no-auto-read --symmetry --bug no-truncate-on-conflict
  expect_grep 'log-terms-monotonic is violated' "$scratch/out" "raft no-truncate caught by log-terms-monotonic"
fi
# Raft's default crash budget is one, so its crash goal counts: a term bound of
# 1 leaves no later term for a new leader, and the run says the model is
# vacuous instead of passing.
expect_exit 1 "raft crash goal unreachable at term 1" -- "$stepwise" check raft --max-term 1 --max-log 0 --no-auto-read --symmetry
expect_grep 'crashes 1' "$scratch/out" "raft runs with one crash by default"
expect_grep 'new-leader-after-crash NOT reached' "$scratch/out" "raft crash goal unreachable is reported"

# stepwise fuzz: usage errors need no fuzz build; a missing fuzzer is a
# usage error that says how to build it.
expect_exit 2 "fuzz unknown protocol" -- "$stepwise" fuzz nosuch --seconds 1
expect_exit 2 "fuzz unknown bug" -- "$stepwise" fuzz raft --seconds 1 --bug nosuch
expect_grep 'unknown bug' "$scratch/err" "fuzz names the unknown bug"
expect_exit 2 "fuzz without a fuzzer" -- "$stepwise" fuzz raft --seconds 1 \
  --fuzzer-dir "$scratch/no-fuzzers"
expect_grep 'fuzz_raft_schedule not found' "$scratch/err" "fuzz names the missing fuzzer"
expect_grep 'STEPWISE_FUZZ=ON' "$scratch/err" "fuzz says how to build it"
expect_exit 2 "fuzz needs positive seconds" -- "$stepwise" fuzz twopc --seconds 0
expect_exit 2 "fuzz bully knows only Bully's bugs" -- "$stepwise" fuzz bully \
  --seconds 1 --bug majority-commit
expect_grep 'unknown bug' "$scratch/err" "fuzz bully names the unknown bug"

# With a fuzz build (STEPWISE_FUZZ_DIR=build-fuzz/fuzz), a finding round-trips
# from the fuzzer through its trace file to `stepwise replay`.
if [[ -x ${STEPWISE_FUZZ_DIR:-/nonexistent}/fuzz_raft_schedule ]]; then
  expect_exit 1 "fuzz finds vote-without-log-check" -- "$stepwise" fuzz raft \
    --seconds 120 --bug vote-without-log-check --trace-out "$scratch/fuzz.json"
  expect_grep 'Replay: stepwise replay' "$scratch/out" "fuzz prints the replay command"
  expect_exit 1 "fuzz finding replays" -- "$stepwise" replay "$scratch/fuzz.json"
  # A liveness finding (a run at rest with no winner) round-trips too.
  expect_exit 1 "fuzz finds lost-node-swallows" -- "$stepwise" fuzz ring \
    --seconds 60 --bug lost-node-swallows --trace-out "$scratch/ring.json"
  expect_grep 'liveness property eventually-leader' "$scratch/out" \
    "fuzz says the finding is a liveness property"
  expect_exit 1 "ring liveness finding replays" -- "$stepwise" replay \
    "$scratch/ring.json"
fi

# A local cluster: up (waits for a leader), status, a write through the
# leader, down, and up again from the WALs. Ports below the kernel's
# ephemeral range, so tests that ask for free ports do not collide.
base_port=$((21000 + RANDOM % 2000))
expect_exit 0 "cluster up" -- "$stepwise" cluster up --dir "$scratch/cluster" \
  --base-port "$base_port"
expect_grep '(leader)' "$scratch/out" "cluster up names the leader"
expect_grep 'redis-cli -c' "$scratch/out" "cluster up says how to connect"
expect_exit 0 "cluster status" -- "$stepwise" cluster status --dir "$scratch/cluster"
expect_grep 'leader' "$scratch/out" "status shows roles"
expect_exit 2 "cluster up twice" -- "$stepwise" cluster up --dir "$scratch/cluster"
expect_grep 'already runs' "$scratch/err" "a running cluster is not started twice"
expect_exit 0 "cluster down" -- "$stepwise" cluster down --dir "$scratch/cluster"
expect_exit 1 "status of a stopped cluster" -- "$stepwise" cluster status \
  --dir "$scratch/cluster"
expect_exit 0 "cluster restarts from its WALs" -- "$stepwise" cluster up \
  --dir "$scratch/cluster"
expect_grep 'restarting' "$scratch/out" "restart is said"
expect_exit 0 "cluster down again" -- "$stepwise" cluster down --dir "$scratch/cluster"
expect_exit 2 "status without a cluster" -- "$stepwise" cluster status \
  --dir "$scratch/none"
expect_grep 'no cluster in' "$scratch/err" "names the missing cluster"
expect_exit 2 "node needs a secret" -- env -u STEPWISE_CLUSTER_SECRET \
  "$stepwise" node --id 1 --peers 1=127.0.0.1:1 --client 127.0.0.1:2 \
  --data-dir "$scratch/nodedata"
expect_grep 'no cluster secret' "$scratch/err" "node says the secret is missing"
expect_exit 2 "node with a bad peer list" -- "$stepwise" node --id 1 \
  --peers 1=127.0.0.1:1,3=x:2 --client 127.0.0.1:2 --data-dir "$scratch/nodedata"
expect_grep 'node 2 is missing' "$scratch/err" "node names the bad peer list"

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]
