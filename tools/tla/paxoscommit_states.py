#!/usr/bin/env python3
"""Counts the states of the TLA+ Examples' PaxosCommit.tla, breadth first.

An independent count for the Paxos Commit core's state-count test: this
script reads nothing of Stepwise and follows the specification's actions
(RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg, Phase1a,
Phase2a, Decide, Phase1b, Phase2b) over its variables rmState, aState and
msgs, with majority quorums of the acceptors, as TLC does for
PaxosCommit.cfg.

    tools/tla/paxoscommit_states.py [RMS ACCEPTORS BALLOTS]   # default 2 3 2

prints "distinct states, states generated, depth" as TLC counts them
(initial states at depth 1; one generated state per witness of an
existential the action enumerates). For PaxosCommit.cfg (2 resource
managers, 3 acceptors, ballots 0..1) the TLA+ Examples' manifest.json
records 1321761 distinct states, 16959159 generated and depth 28.
"""

import itertools

import tlc_bfs

WORKING, PREPARED, COMMITTED, ABORTED = range(4)
NONE, VAL_PREPARED, VAL_ABORTED = range(3)


class Messages:
    """Numbers every message of the specification, so msgs is a bit set."""

    def __init__(self, rms, acceptors, ballots):
        self.index = {}
        self.by_bit = []
        self.commit = self.bit(("Commit",))
        self.abort = self.bit(("Abort",))
        for ins in range(rms):
            for bal in range(1, ballots):
                self.bit(("1a", ins, bal))
            for bal in range(ballots):
                for val in (VAL_PREPARED, VAL_ABORTED):
                    self.bit(("2a", ins, bal, val))
                    for acc in range(acceptors):
                        self.bit(("2b", ins, bal, val, acc))
            for mbal in range(ballots):
                for bal in range(-1, ballots):
                    for val in (NONE, VAL_PREPARED, VAL_ABORTED):
                        for acc in range(acceptors):
                            self.bit(("1b", ins, mbal, bal, val, acc))

    def bit(self, message):
        if message not in self.index:
            self.index[message] = 1 << len(self.by_bit)
            self.by_bit.append(message)
        return self.index[message]

    def members(self, msgs):
        while msgs:
            low = msgs & -msgs
            yield self.by_bit[low.bit_length() - 1]
            msgs ^= low


def majorities(acceptors):
    need = acceptors // 2 + 1
    return [tuple(q) for q in itertools.combinations(range(acceptors), need)]


def successors(state, rms, acceptors, ballots, quorums, m):
    rm_state, a_state, msgs = state
    members = list(m.members(msgs))

    def send(message):
        return msgs | m.index[message]

    def with_rm(rm, value):
        return rm_state[:rm] + (value,) + rm_state[rm + 1:]

    for rm in range(rms):
        # RMPrepare(rm) and RMChooseToAbort(rm).
        if rm_state[rm] == WORKING:
            yield (with_rm(rm, PREPARED), a_state,
                   send(("2a", rm, 0, VAL_PREPARED)))
            yield (with_rm(rm, ABORTED), a_state,
                   send(("2a", rm, 0, VAL_ABORTED)))
        # RMRcvCommitMsg(rm) and RMRcvAbortMsg(rm).
        if msgs & m.commit:
            yield (with_rm(rm, COMMITTED), a_state, msgs)
        if msgs & m.abort:
            yield (with_rm(rm, ABORTED), a_state, msgs)
    for bal in range(1, ballots):
        for rm in range(rms):
            # Phase1a(bal, rm).
            yield (rm_state, a_state, send(("1a", rm, bal)))
            # Phase2a(bal, rm): one successor per majority that answered.
            if any(msgs & m.index[("2a", rm, bal, v)]
                   for v in (VAL_PREPARED, VAL_ABORTED)):
                continue
            for quorum in quorums:
                mset = [x for x in members if x[0] == "1b" and x[1] == rm
                        and x[2] == bal and x[5] in quorum]
                if {x[5] for x in mset} != set(quorum):
                    continue
                top = max(x[3] for x in mset)
                val = VAL_ABORTED
                if top >= 0:
                    val = next(x[4] for x in mset if x[3] == top)
                yield (rm_state, a_state, send(("2a", rm, bal, val)))

    # Decide. Decided(rm, v) has one witness per ballot and majority whose
    # members all sent the phase 2b message, and TLC generates a state per
    # witness: in the Abort disjunct for each rm, and in the Commit
    # disjunct, whose universal quantifier over RM TLC conjoins, for each
    # combination of the RMs' witnesses.
    def decided_witnesses(rm, val):
        return sum(
            all(msgs & m.index[("2b", rm, b, val, acc)] for acc in quorum)
            for b in range(ballots) for quorum in quorums)

    commits = 1
    for rm in range(rms):
        commits *= decided_witnesses(rm, VAL_PREPARED)
    for _ in range(commits):
        yield (rm_state, a_state, msgs | m.commit)
    for rm in range(rms):
        for _ in range(decided_witnesses(rm, VAL_ABORTED)):
            yield (rm_state, a_state, msgs | m.abort)

    for acc in range(acceptors):
        for x in members:
            # Phase1b(acc).
            if x[0] == "1a":
                ins, bal = x[1], x[2]
                mbal, vbal, val = a_state[ins][acc]
                if mbal < bal:
                    yield (rm_state, with_acceptor(a_state, ins, acc,
                                                   (bal, vbal, val)),
                           send(("1b", ins, bal, vbal, val, acc)))
            # Phase2b(acc).
            if x[0] == "2a":
                ins, bal, val = x[1], x[2], x[3]
                if a_state[ins][acc][0] <= bal:
                    yield (rm_state, with_acceptor(a_state, ins, acc,
                                                   (bal, bal, val)),
                           send(("2b", ins, bal, val, acc)))


def with_acceptor(a_state, ins, acc, value):
    row = a_state[ins][:acc] + (value,) + a_state[ins][acc + 1:]
    return a_state[:ins] + (row,) + a_state[ins + 1:]


def count(rms, acceptors, ballots):
    quorums = majorities(acceptors)
    m = Messages(rms, acceptors, ballots)
    init = ((WORKING,) * rms, (((0, -1, NONE),) * acceptors,) * rms, 0)
    return tlc_bfs.count(init, lambda state: successors(
        state, rms, acceptors, ballots, quorums, m))


def main():
    tlc_bfs.main("usage: paxoscommit_states.py [RMS ACCEPTORS BALLOTS]",
                 [2, 3, 2], count)


if __name__ == "__main__":
    main()
