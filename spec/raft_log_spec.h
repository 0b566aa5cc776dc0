// A finite Z3 model of Raft log replication (core/raft), for bounded model
// checking only (`stepwise bmc raft --log-length L`): it gives BMC the
// log-level bugs of core/raft that the election model (raft_election_spec.h)
// cannot express, so that BMC and the explicit checker can be compared on
// every bug.
//
// The grain is coarse, like the abstract Raft models used with Ivy and
// mypyvy, so that the shortest counterexamples are a handful of steps (the
// solver time roughly doubles per BMC step):
//
// * become-leader(c, t, q): an atomic election. Every member of the quorum q
//   (c among them) is in a term below t and its log is not more up to date
//   than c's (the check vote-without-log-check drops); all adopt t and c
//   leads t. A node is an active leader while it is in the term it leads.
// * client-append(c, i): an active leader appends an entry of its term at
//   the end of its log (i is the next index).
// * replicate(t, f, i): an AppendEntries of term t carrying one entry, index
//   i, is delivered to f. Its content is the log of t's leader as it was
//   while leading (`leader_log`): a leader only appends within its term, so
//   every AppendEntries it ever sent is a prefix of that log, and delivering
//   one late is delivering a stale message. f accepts if its term is at most
//   t and it holds the previous entry; it adopts t, stores the entry, and
//   truncates a conflicting suffix (no-truncate-on-conflict keeps it).
// * commit(c, i, q): an active leader commits index i (and all before it)
//   once every member of q holds its entry i, when that entry is of its term
//   (commit-old-term drops the term condition; then a member counts only if
//   it could still acknowledge, i.e. its term is at most the leader's).
// * read(c, q): an active leader serves a read at its commit index, only
//   once it has committed an entry of its term and every member of q is
//   still in its term (read-without-quorum serves at once). A ghost flag
//   records a read that missed an entry committed somewhere.
//
// Entries are named by their term alone (an entry's term and index name it
// in Raft); term t0 is the initial term, in which nobody leads, so log slots
// holding t0 are empty. Followers do not learn the commit index (only the
// leader that committed knows it), and there are no crashes: the
// election-level bugs stay with the election model.
//
// Invariants, named like core/raft/invariants.h: election-safety,
// log-matching, log-terms-monotonic, leader-completeness (snapshot form: an
// active leader holds every entry a node of its term or below knows
// committed), committed-entries-election-proof (no node missing a committed
// entry could win a quorum's votes on its log: Figure 8 shows at the commit),
// state-machine-safety (committed prefixes agree) and linearizable-reads (no
// served read missed an entry committed at the time).
//
// Thread-safety: everything belongs to one z3::context; use it from one
// thread.

#ifndef STEPWISE_SPEC_RAFT_LOG_SPEC_H_
#define STEPWISE_SPEC_RAFT_LOG_SPEC_H_

#include <z3++.h>

#include <cstdint>

#include "spec/transition_system.h"

namespace stepwise::spec {

struct RaftLogSpecOptions {
  // Planted mistakes, named like core::raft::Bug.
  bool commit_old_term = false;
  bool vote_without_log_check = false;
  bool no_truncate_on_conflict = false;
  bool read_without_quorum = false;
  // Exactly these nodes, terms t0 < t1 < ... and log slots 1..log_length.
  // REQUIRES 1 <= nodes <= kRaftLogMaxNodes, 2 <= terms <= kRaftLogMaxTerms,
  // 1 <= log_length <= kRaftLogMaxLength.
  uint32_t nodes = 3;
  uint32_t terms = 3;
  uint32_t log_length = 1;
};

inline constexpr uint32_t kRaftLogMaxNodes = 5;
inline constexpr uint32_t kRaftLogMaxTerms = 8;
inline constexpr uint32_t kRaftLogMaxLength = 4;

// State symbols, in TransitionSystem::symbols order.
inline constexpr size_t kLogTerm = 0;       // term(Node): Term
inline constexpr size_t kLogLeader = 1;     // leader(Node, Term): led it
inline constexpr size_t kLogEntry = 2;      // log(Node, Index): Term (t0: none)
inline constexpr size_t kLogLeaderLog = 3;  // leader_log(Term, Index): Term
inline constexpr size_t kLogCommit = 4;     // committed(Node, Index)
inline constexpr size_t kLogStaleRead = 5;  // stale_read: Bool

TransitionSystem RaftLogSpec(z3::context& ctx,
                             const RaftLogSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_RAFT_LOG_SPEC_H_
