// Safety properties, sanity goals and liveness of Raft, shared by the model
// checker, the fuzzers, the property tests and the runner's self-checks.
// `Raft::invariants()`, `Raft::goals()` and `Raft::liveness()` list them.
//
// The paper states some properties over histories ("a leader never
// overwrites its log"); a checker sees one cluster snapshot at a time, so each
// such property is approximated by what a snapshot shows. Every approximation
// is sound (a violation is a real one) and is described beside its function.
// A crashed node is seen through its durable state (term, vote, log);
// agreement, about volatile knowledge, counts only up nodes.

#ifndef STEPWISE_CORE_RAFT_INVARIANTS_H_
#define STEPWISE_CORE_RAFT_INVARIANTS_H_

#include "core/protocol.h"
#include "core/raft/raft.h"

namespace stepwise::core::raft {

using View = ClusterView<Raft>;

// Election Safety: at most one leader per term. The leaders of a term are the
// nodes in the leader role at that term and the senders of AppendEntries of
// that term still in flight (so a leader that crashed still counts).
bool ElectionSafety(const View& view);

// Leader Append-Only: a leader never overwrites or deletes entries in its log.
// Snapshot form: every entry of a leader's term, wherever it is (any node's
// log, any AppendEntries in flight), sits at the same index of that leader's
// log. Only the leader of a term creates entries of that term, so an entry of
// its term that it no longer holds is one it deleted or overwrote.
bool LeaderAppendOnly(const View& view);

// Log Matching: if two logs contain an entry with the same index and term,
// the logs are identical in all entries up through that index.
bool LogMatching(const View& view);

// Leader Completeness: an entry committed in a term is in the log of every
// leader of a later term. Snapshot form: for every leader L and every node N
// with N.term <= L.term, L's log starts with N's first N.commit entries. (N
// learned its commit index from leaders of terms <= N.term, so those entries
// were committed in terms <= L.term.)
bool LeaderCompleteness(const View& view);

// State Machine Safety: no two nodes apply different commands at one index.
// Snapshot form: any two nodes' logs agree up to the smaller of their applied
// indexes; nodes that applied equally far hold equal key-value states; and no
// node ever replaced an entry it had applied (State::applied_overwritten),
// which would make its log no longer the record of what it applied.
bool StateMachineSafety(const View& view);

// Terms in a log never decrease: a leader appends entries of its own term,
// which is at least the term of any entry it holds, and a follower's log is
// a prefix of some leader's. A follower that overwrites a conflicting entry
// but keeps what followed it breaks this at once, long before another log
// shows the mismatch (`Bug::kNoTruncateOnConflict`).
bool LogTermsMonotonic(const View& view);

// The mechanism behind Leader Completeness, checked as soon as something
// commits rather than once a later leader exists: no node whose log misses
// an entry committed on some node could collect a quorum of votes on log
// up-to-dateness alone (itself included; terms and votes already cast are
// ignored, which only makes the check stricter). It holds in Raft because a
// leader commits only when an entry of its own term is on a quorum, and every
// log missing the committed entry is less up to date than that quorum's.
// Committing an earlier term's entry by counting replicas (the paper's
// Figure 8, `Bug::kCommitOldTerm`) breaks it at the commit.
bool CommittedEntriesElectionProof(const View& view);

// Agreement, per term: any two up nodes in the same term that know a leader
// of that term name the same one. A node knows itself when it leads and
// otherwise `State::leader` (ElectionTraits<Raft>::Leader in
// core/election/raft_election.h reads it the same way). Unlike the other
// invariants, only up nodes count: what a node knows of the leader is
// volatile, so a crashed node claims nothing (the model checker keeps a down
// node's restart state, whose `leader` is empty and role follower, so the
// two readings agree there; the runner's self-check may see a pre-crash
// state). Nodes in different terms may name different leaders: that is a
// newer term's election, not a disagreement. Election Safety (one leader
// per term) does not imply it: a node could name a sender that never won.
bool Agreement(const View& view);

// Client-visible linearizability: the history of the checker's client
// requests (--requests) is explained by a sequential key-value store
// (core/linearizability, Wing & Gong with Lowe's memoization). A NotLeader
// answer means the request was not carried out and drops it; an unanswered
// request may or may not have taken effect.
bool ClientHistoryLinearizable(const View& view);

// Goal: some node is leader.
bool LeaderElected(const View& view);
// Goal: some entry is committed on every node.
bool EntryCommittedOnAll(const View& view);
// Goal: a leader was elected after a leader crashed. Snapshot form: a node is
// down whose durable state shows it campaigned in its last term and holds an
// entry of that term (a leader appends a no-op at once, so a crashed leader
// always looks like this; so does a candidate that lost to, and then followed,
// the winner of its term), and a running node leads a higher term. Needs a
// crash budget: without one the goal is unreachable.
bool NewLeaderAfterCrash(const View& view);
// Goal: some leader served a ReadIndex read (needs reads: Config::auto_read or
// client requests).
bool ReadServed(const View& view);

// Liveness, `eventually-leader` (Raft::liveness(), under weak fairness, once
// the fault budgets are spent): eventually some up node leads.
//
// What a model-checked "holds" means under the bounds. States past
// Config::max_term or max_log_length are not expanded, and the liveness
// checker (model_check/liveness.h) leaves them out of its cycle search while
// still counting a fair step into them as enabled. A node that does not lead
// always has its election timer armed, so in a run stuck at max_term (split
// votes, or no quorum) the timeout into term max_term + 1 is enabled forever:
// that run is not a fair cycle within the bounds and no lasso is reported.
// So the bound cannot produce a false lasso, and the formula needs no
// "or every up node is at max_term" clause (which would also excuse a
// stalled election inside the last term). The price is the other way round:
// a ✓ means "every fair run elects a leader or campaigns past max_term"; a
// run that could never elect (no live quorum) but keeps raising its term
// leaves the bounds instead of showing as a lasso. With PreVote the term does
// not rise while no quorum answers, and such a run is reported.
// max_log_length does not block progress here: only a leader appends (its
// no-op first), so every log is empty until the property already holds.
bool SomeUpLeader(const View& view);

}  // namespace stepwise::core::raft

#endif  // STEPWISE_CORE_RAFT_INVARIANTS_H_
