#!/usr/bin/env python3
"""Checks ITF files against itf.schema.json (beside this file) and the rules
a schema cannot state: every state has every variable, states are numbered
in order, and the loop index names a state. Usage: check_itf.py FILE...
Exit 0 when every file passes, 1 otherwise (each failure printed)."""

import json
import pathlib
import sys

import jsonschema

schema = json.loads(
    (pathlib.Path(__file__).parent / "itf.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
failed = False
for path in sys.argv[1:]:
    trace = json.loads(pathlib.Path(path).read_text())
    problems = [f"{'/'.join(map(str, e.path))}: {e.message}"
                for e in validator.iter_errors(trace)]
    if not problems:
        for index, state in enumerate(trace["states"]):
            missing = set(trace["vars"]) - set(state)
            if missing:
                problems.append(f"state {index}: no {sorted(missing)}")
            if state.get("#meta", {}).get("index") != index:
                problems.append(f"state {index}: #meta.index is not {index}")
        if "loop" in trace and trace["loop"] >= len(trace["states"]):
            problems.append(f"loop {trace['loop']} is past the last state")
    for problem in problems[:10]:
        print(f"{path}: {problem}")
    failed |= bool(problems)
    if not problems:
        print(f"ok   {path}: valid ITF, {len(trace['states'])} states")
sys.exit(1 if failed else 0)
