#!/usr/bin/env python3
"""Counts the states of the TLA+ Examples' Paxos.tla by breadth-first search.

An independent count for the Paxos core's state-count test: this script
reads nothing of Stepwise and follows the specification's four actions
(Phase1a, Phase1b, Phase2a, Phase2b) over its variables maxBal, maxVBal,
maxVal and msgs, with majority quorums, as TLC does for MCPaxos.

    tools/tla/paxos_states.py [ACCEPTORS VALUES BALLOTS]   # default 3 2 2

prints "distinct states, states generated, depth" as TLC counts them
(initial states at depth 1). For MCPaxosTiny (3 acceptors, 2 values,
ballots 0..1) the TLA+ Examples' manifest.json records 3921 distinct states,
23563 generated and depth 17.
"""

import itertools

import tlc_bfs


def majorities(acceptors):
    need = acceptors // 2 + 1
    return [frozenset(q) for q in itertools.combinations(range(acceptors), need)]


def successors(state, acceptors, values, ballots, quorums):
    max_bal, max_vbal, max_val, msgs = state
    # Phase1a(b): send a 1a for ballot b.
    for b in range(ballots):
        yield (max_bal, max_vbal, max_val, msgs | {("1a", b)})
    # Phase2a(b, v).
    for b in range(ballots):
        if any(m[0] == "2a" and m[1] == b for m in msgs):
            continue
        for v in range(1, values + 1):
            for q in quorums:
                q1b = [m for m in msgs if m[0] == "1b" and m[2] == b and m[1] in q]
                if {m[1] for m in q1b} != q:
                    continue
                voted = [m for m in q1b if m[3] >= 0]
                # TLC generates one successor per witness of an existential.
                witnesses = 1
                if voted:
                    top = max(m[3] for m in voted)
                    witnesses = sum(m[3] == top and m[4] == v for m in voted)
                for _ in range(witnesses):
                    yield (max_bal, max_vbal, max_val, msgs | {("2a", b, v)})
    for a in range(acceptors):
        for m in msgs:
            # Phase1b(a).
            if m[0] == "1a" and m[1] > max_bal[a]:
                bal = max_bal[:a] + (m[1],) + max_bal[a + 1:]
                reply = ("1b", a, m[1], max_vbal[a], max_val[a])
                yield (bal, max_vbal, max_val, msgs | {reply})
            # Phase2b(a).
            if m[0] == "2a" and m[1] >= max_bal[a]:
                bal = max_bal[:a] + (m[1],) + max_bal[a + 1:]
                vbal = max_vbal[:a] + (m[1],) + max_vbal[a + 1:]
                val = max_val[:a] + (m[2],) + max_val[a + 1:]
                reply = ("2b", a, m[1], m[2])
                yield (bal, vbal, val, msgs | {reply})


def count(acceptors, values, ballots):
    quorums = majorities(acceptors)
    none = (-1,) * acceptors
    init = (none, none, (0,) * acceptors, frozenset())
    return tlc_bfs.count(init, lambda state: successors(
        state, acceptors, values, ballots, quorums))


def main():
    tlc_bfs.main("usage: paxos_states.py [ACCEPTORS VALUES BALLOTS]",
                 [3, 2, 2], count)


if __name__ == "__main__":
    main()
