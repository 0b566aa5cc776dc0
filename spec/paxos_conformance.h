// Conformance of the C++ single-decree Paxos (core/paxos) to its Z3 model
// (spec/paxos_spec.h): a concrete step of a cluster is abstracted to the
// model's variables and the model's transition relation (a stutter, or up
// to two actions: a request both proposes a value and starts a ballot) is
// evaluated on those values. A step of the C++ code that the proved model
// does not allow is reported, naming the event and what changed.
//
// The abstraction (`PaxosView`): each acceptor's promised, voted_ballot and
// voted_value as they are; the messages ever sent (Prepare, Promise with
// the vote it reports, Accept, Accepted) as the model's message relations;
// every value a proposer ever took as its proposal as `proposed`, and every
// value a learner ever learned as `learned` (both survive restarts, which
// the node's own fields do not). A proposer's and a learner's other fields
// have no counterpart in the model.
//
// Thread-safety: a PaxosConformance owns a z3::context; one thread at a
// time.

#ifndef STEPWISE_SPEC_PAXOS_CONFORMANCE_H_
#define STEPWISE_SPEC_PAXOS_CONFORMANCE_H_

#include <z3++.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/paxos/paxos.h"
#include "spec/conformance.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

// The model's view of a cluster. Ballots index from 0; value v is bit v-1.
struct PaxosView {
  std::vector<core::paxos::State> nodes;
  uint32_t proposed = 0;  // values ever taken as a proposal
  uint32_t phase1a = 0;   // bit b: Prepare(b) sent
  uint32_t learned = 0;   // values ever learned
  // [a]: bit m: acceptor a sent Promise(m).
  std::vector<uint32_t> phase1b;
  // [a][m]: the voted ballot a's latest Promise(m) reported (kNoBallot:
  // none), and bit b * values + v - 1 for each (b, v) a Promise(m) of a
  // reported.
  std::vector<std::vector<core::paxos::Ballot>> reported_ballot;
  std::vector<std::vector<uint32_t>> reported_votes;
  std::vector<uint32_t> phase2a;               // [b]: values sent in Accept
  std::vector<std::vector<uint32_t>> phase2b;  // [a][b]: values a Accepted

  // Every node in its initial state, nothing sent.
  static PaxosView Initial(const core::paxos::Config& config);

  // Adds what a step of node `self` sent, and the proposal and learned
  // value of its state after the step.
  // REQUIRES: the ballots and values are within `config`.
  void Record(const core::paxos::Config& config, core::NodeId self,
              const core::Effects<core::paxos::Paxos>& effects);
};

class PaxosConformance {
 public:
  // The correct model (no bug) of `config`'s acceptors, ballots and values.
  // REQUIRES: 1 <= nodes <= kPaxosMaxFiniteAcceptors, 1 <= ballots <=
  // kPaxosMaxFiniteBallots, 1 <= values <= kPaxosMaxFiniteValues.
  explicit PaxosConformance(const core::paxos::Config& config);
  // Not movable: the step relation refers to the model this object holds.
  PaxosConformance(const PaxosConformance&) = delete;
  PaxosConformance& operator=(const PaxosConformance&) = delete;

  // OK when pre -> post is a stutter or up to two actions of the model;
  // otherwise FailedPrecondition naming `event` and what changed.
  absl::Status Check(const PaxosView& pre, const PaxosView& post,
                     std::string_view event);

 private:
  std::vector<z3::expr> Values(const StateCopy& copy,
                               const PaxosView& view) const;

  core::paxos::Config config_;
  std::unique_ptr<z3::context> ctx_;
  TransitionSystem ts_;
  std::unique_ptr<StepRelation> relation_;
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PAXOS_CONFORMANCE_H_
