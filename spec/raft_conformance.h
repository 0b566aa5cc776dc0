// Conformance of the C++ Raft election (core/raft) to its Z3 model
// (spec/raft_election_spec.h): each concrete step of a cluster is abstracted
// to the model's variables on a finite instance (nodes n0.., terms t0.. as
// the concrete term numbers, every majority a quorum) and the model's
// transition relation is evaluated on those values. A step the proved model
// does not allow is reported, naming the event and what changed.
//
// The abstraction. The model's relations are histories, while a node keeps
// only its current term's vote and, as a candidate, the votes it counted
// in that term; so RaftAbstractState keeps the rest as ghost history:
//   current_term(n)    = n's term;
//   voted(n, t, c)     = n's durable vote if t is its current term, or n
//                        held that vote when it was in t < its current term,
//                        or n sent c a granted Vote of term t (the model's
//                        vote is also the vote message). Reading the current
//                        term's vote from the node state, not from the
//                        history, is what lets a lost durable vote show;
//   received(c, t, n)  = c counted n's vote in t since c last crashed: the
//                        candidate's vote mask, plus the Vote a step
//                        consumed when it made c leader (becoming leader
//                        clears the mask);
//   leader(c, t)       = c was leader in term t.
// Pre-votes change no model variable: they only restrict when a node
// campaigns. The log, commit index and key-value store have no counterpart.
//
// Granularity. One C++ step that counts the deciding vote also becomes
// leader; the model splits that into receive-vote and become-leader. Rather
// than add a combined action to the proved model, a step may be any two
// model actions (tried only when a single action does not match). A crash
// in the window before persist is the step then the model's restart, which
// is also two actions.
//
// Thread-safety: a RaftConformance owns a z3::context; one thread at a time.

#ifndef STEPWISE_SPEC_RAFT_CONFORMANCE_H_
#define STEPWISE_SPEC_RAFT_CONFORMANCE_H_

#include <z3++.h>

#include <compare>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/protocol.h"
#include "core/raft/raft.h"
#include "spec/conformance.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

// A vote of `voter` for `candidate` in `term`.
struct RaftVote {
  core::NodeId voter = 0;
  uint64_t term = 0;
  core::NodeId candidate = 0;
  auto operator<=>(const RaftVote&) const = default;
};

// The node states of a Raft cluster and the ghost history the model needs.
// Feed it every step of the cluster, in order.
class RaftAbstractState {
 public:
  explicit RaftAbstractState(std::vector<core::raft::State> nodes);

  // Node `self` took a step on `event` and is now in `after`.
  // REQUIRES: self < nodes().size().
  void RecordStep(core::NodeId self, const core::Event<core::raft::Raft>& event,
                  const core::raft::State& after);
  // A message in flight. Recording one again changes nothing, so a caller
  // may pass the whole network after every step.
  void RecordMessage(core::NodeId from, core::NodeId to,
                     const core::raft::Message& message);
  // Node `self` crashed, keeping `durable` (core::raft::Raft::restart).
  void RecordCrash(core::NodeId self, const core::raft::State& durable);

  const std::vector<core::raft::State>& nodes() const { return nodes_; }

  // The model's variables (see the top of this file).
  uint64_t CurrentTerm(core::NodeId node) const { return nodes_[node].term; }
  bool Voted(core::NodeId voter, uint64_t term, core::NodeId candidate) const;
  bool Received(core::NodeId candidate, uint64_t term,
                core::NodeId voter) const;
  bool Leader(core::NodeId node, uint64_t term) const;
  // The highest term any node or record mentions.
  uint64_t MaxTerm() const;

 private:
  std::vector<core::raft::State> nodes_;
  std::set<RaftVote> sent_;     // granted Vote messages
  std::set<RaftVote> held_;     // every (term, voted_for) a node held
  std::set<RaftVote> counted_;  // by a candidate since it last crashed
  std::set<std::pair<core::NodeId, uint64_t>> leaders_;  // (node, term)
};

// Each term is one byte of a cached valuation.
inline constexpr uint32_t kRaftConformanceMaxTerms = 64;

class RaftConformance {
 public:
  // Clusters of `nodes` nodes whose terms stay below `terms`.
  // REQUIRES: 1 <= nodes <= kRaftMaxFiniteNodes,
  // 1 <= terms <= kRaftConformanceMaxTerms.
  RaftConformance(uint32_t nodes, uint32_t terms);
  // Not movable: the step relation refers to the model this object holds.
  RaftConformance(const RaftConformance&) = delete;
  RaftConformance& operator=(const RaftConformance&) = delete;

  // OK when pre -> post is a stutter or at most two transitions of the
  // model; otherwise FailedPrecondition naming `event` and what changed.
  // InvalidArgument when a state does not fit the instance.
  absl::Status Check(const RaftAbstractState& pre,
                     const RaftAbstractState& post, std::string_view event);

 private:
  // The model's variables on `state`, flattened: terms, then voted,
  // received and leader for every tuple of the instance.
  std::string Valuation(const RaftAbstractState& state) const;
  void AddValues(const StateCopy& copy, std::string_view valuation,
                 std::vector<z3::expr>& values) const;

  // Pairs of valuations already found conforming: random schedules revisit
  // the same few abstract steps over and over.
  static constexpr size_t kMaxCached = 1 << 16;

  uint32_t nodes_;
  uint32_t terms_;
  std::unique_ptr<z3::context> ctx_;
  TransitionSystem ts_;
  std::unique_ptr<StepRelation> relation_;
  std::unordered_set<std::string> conforming_;
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_RAFT_CONFORMANCE_H_
