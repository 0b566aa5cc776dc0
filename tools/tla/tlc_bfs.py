"""Breadth-first search that counts states the way TLC reports them.

Shared by the independent state counters in this folder: `count(init,
successors)` returns (distinct states, states generated, depth), with the
initial state generated once and at depth 1, and every successor a
specification's action yields counted as generated, repeats included.
"""

import sys


def count(init, successors):
    seen = {init}
    frontier = [init]
    generated = 1
    depth = 1
    while frontier:
        following = []
        for state in frontier:
            for nxt in successors(state):
                generated += 1
                if nxt not in seen:
                    seen.add(nxt)
                    following.append(nxt)
        if following:
            depth += 1
        frontier = following
    return len(seen), generated, depth


def main(usage, defaults, count_for):
    """Reads integer arguments (or the defaults) and prints the counts."""
    args = [int(a) for a in sys.argv[1:]] or defaults
    if len(args) != len(defaults) or min(args) < 1:
        sys.exit(usage)
    distinct, generated, depth = count_for(*args)
    print(f"{distinct} distinct states, {generated} generated, depth {depth}")
