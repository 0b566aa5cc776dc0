#!/usr/bin/env bash
# The viewer end to end: `stepwise view`, `check --html` and `replay --html`
# write pages for an invariant violation, a liveness lasso and a run with
# clients, `view --format` exports them (ITF checked against
# itf.schema.json); viewer_test.js then checks each page (self-contained, data that
# parses, one arrow per delivered message) and the viewer's functions.
# Bad input is refused with exit 2. With STEPWISE_CHROMIUM set, each page
# is also opened in headless Chromium (viewer_test.js checks the DOM it
# builds; browser_test.js presses keys, clicks and watches the network),
# and a 1,000-step run of five Raft nodes (made by LONG_TRACE) is timed.
# Usage: viewer_test.sh STEPWISE NODE [LONG_TRACE]
set -euo pipefail

stepwise=$1
node=$2
long_trace=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_exit CODE WHAT -- COMMAND...
expect_exit() {
  local want=$1 what=$2
  shift 3
  local got=0
  "$@" >"$scratch/out" 2>"$scratch/err" || got=$?
  if [[ $got != "$want" ]]; then
    cat "$scratch/out" "$scratch/err" >&2
    fail "$what: exit $got, want $want"
  fi
  echo "ok   $what"
}

expect_exit 1 "check --html on an invariant violation" -- \
  "$stepwise" check twopc --bug majority-commit --crashes 1 \
  --trace-out "$scratch/majority.json" --html "$scratch/majority-check.html"
grep -q "Viewer page written to $scratch/majority-check.html" "$scratch/out" ||
  fail "check names the page"
expect_exit 0 "view" -- "$stepwise" view "$scratch/majority.json"
[[ $(cat "$scratch/out") == "$scratch/majority.html" ]] ||
  fail "view prints the page's path"
expect_exit 0 "view --out" -- "$stepwise" view "$scratch/majority.json" \
  --out "$scratch/other.html"
cmp -s "$scratch/majority.html" "$scratch/other.html" ||
  fail "the same trace gives the same page"

expect_exit 1 "a lasso" -- "$stepwise" check twopc --network lossy \
  --trace-out "$scratch/lasso.json"
expect_exit 1 "replay --html" -- "$stepwise" replay "$scratch/lasso.json" \
  --html "$scratch/lasso.html"
grep -q 'always_enabled' "$scratch/lasso.html" || fail "the lasso's fairness"

expect_exit 1 "clients" -- "$stepwise" check eventual --only linearizable \
  --html "$scratch/clients.html"

expect_exit 0 "check --html without a counterexample" -- "$stepwise" check \
  twopc --html "$scratch/none.html"
grep -q "no viewer page was written" "$scratch/out" || fail "says no page"
[[ ! -e $scratch/none.html ]] || fail "no page without a counterexample"

# Every lasso the checker finds here stops in a state (a cycle of one
# state); to draw a cycle of several steps, the lasso page's data is turned
# into one whose cycle starts at state 3.
python3 - "$scratch/lasso.html" "$scratch/cycle.html" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
pattern = r'(<script type="application/json" id="trace-data">)(.*?)(</script>)'
data = json.loads(re.search(pattern, html, re.S).group(2))
data["loop_back"] = 3
data["fairness"] = {"states": len(data["steps"]) - 3, "stutters": False,
                    "always_enabled": [{"step": "Timeout x", "taken": True}],
                    "sometimes_enabled_not_taken": ["Deliver y"]}
encoded = json.dumps(data).replace("<", "\\u003c")
open(sys.argv[2], "w").write(
    re.sub(pattern, lambda m: m.group(1) + encoded + m.group(3), html,
           flags=re.S))
PY

# Bad input: named, exit 2, no page.
expect_exit 2 "missing trace" -- "$stepwise" view "$scratch/none.json"
grep -q "cannot read" "$scratch/err" || fail "missing trace message"
sed '0,/"state_bytes": "01/s//"state_bytes": "02/' "$scratch/majority.json" \
  >"$scratch/tampered.json"
expect_exit 2 "tampered trace" -- "$stepwise" view "$scratch/tampered.json"
grep -q "state 1" "$scratch/err" || fail "tampered trace names the state"
[[ ! -e $scratch/tampered.html ]] || fail "no page for a bad trace"
expect_exit 2 "unwritable page" -- "$stepwise" view "$scratch/majority.json" \
  --out "$scratch/no/such/dir.html"

# Two traces of one protocol compare; of two protocols, or as an export,
# they do not.
expect_exit 0 "compare" -- "$stepwise" view "$scratch/majority.json" \
  "$scratch/lasso.json"
[[ $(cat "$scratch/out") == "$scratch/majority.compare.html" ]] ||
  fail "compare prints the page's path"
expect_exit 1 "an eventual-store trace" -- "$stepwise" check eventual \
  --only linearizable --trace-out "$scratch/eventual.json"
expect_exit 2 "compare two protocols" -- "$stepwise" view \
  "$scratch/majority.json" "$scratch/eventual.json"
grep -q "only traces of one protocol compare" "$scratch/err" ||
  fail "two protocols message"
expect_exit 2 "compare as mermaid" -- "$stepwise" view \
  "$scratch/majority.json" "$scratch/lasso.json" --format mermaid

# Exports: each format is written beside the trace, or where --out says.
expect_exit 0 "mermaid" -- "$stepwise" view "$scratch/majority.json" \
  --format mermaid
head -1 "$scratch/majority.mmd" | grep -qx sequenceDiagram ||
  fail "a Mermaid sequence diagram"
expect_exit 0 "shiviz" -- "$stepwise" view "$scratch/lasso.json" \
  --format shiviz --out "$scratch/lasso.log"
grep -q '^node0 {"node0":1' "$scratch/lasso.log" || fail "ShiViz clocks"
for trace in majority lasso; do
  expect_exit 0 "itf $trace" -- "$stepwise" view "$scratch/$trace.json" \
    --format itf
done
expect_exit 2 "unknown format" -- "$stepwise" view "$scratch/majority.json" \
  --format svg
grep -q "unknown format 'svg'" "$scratch/err" || fail "unknown format message"
if python3 -c 'import jsonschema' 2>/dev/null; then
  python3 "$here/check_itf.py" "$scratch/majority.itf.json" \
    "$scratch/lasso.itf.json"
else
  echo "skip the ITF schema check: python3-jsonschema is not installed"
fi

STEPWISE_COMPARE_PAGE="$scratch/majority.compare.html" "$node" "$here/viewer_test.js" "$scratch/majority-check.html" \
  "$scratch/majority.html" "$scratch/lasso.html" "$scratch/clients.html"

if [[ -n ${STEPWISE_CHROMIUM:-} ]]; then
  for page in majority-check lasso clients cycle; do
    "$node" "$here/browser_test.js" "$STEPWISE_CHROMIUM" "$scratch/$page.html"
  done
  # The cycle is drawn and explained.
  "$STEPWISE_CHROMIUM" --headless=new --no-sandbox --disable-gpu \
    --no-first-run --dump-dom "file://$scratch/cycle.html" \
    >"$scratch/cycle.dom" 2>/dev/null
  grep -q 'The cycle: states 3 to' "$scratch/cycle.dom" || fail "cycle text"
  grep -q 'class="cycle"' "$scratch/cycle.dom" || fail "cycle shading"
  grep -q 'Deliver y' "$scratch/cycle.dom" || fail "steps the cycle skips"
  if [[ -n $long_trace ]]; then
    "$long_trace" 5 1000 1 "$scratch/long.json"
    expect_exit 0 "view a 1,000-step trace" -- "$stepwise" view \
      "$scratch/long.json"
    "$node" "$here/browser_test.js" "$STEPWISE_CHROMIUM" "$scratch/long.html" \
      --measure
  fi
fi
