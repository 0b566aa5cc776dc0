// Conformance of the C++ three-phase commit (core/threepc) to its Z3 model
// (spec/threepc_spec.h): a concrete step of a cluster is abstracted to the
// model's variables and the model's transition relation (a stutter, or up
// to two actions) is evaluated on those values. A step of the C++ code that
// the proved model does not allow is reported, naming the event and what
// changed.
//
// The abstraction (`ThreePcView`): node states as they are, except that a
// node that is down keeps the state it crashed in (the cluster replaces it
// by what restart() keeps); messages in flight to a participant give the
// model's pending PreCommit, Commit and Abort; a StateReply in flight to a
// participant whose round is open counts as heard already (the model's
// answer sets the asker's bits when the answer is given); ghost history
// gives the votes ever sent and who answered each open round. Messages to
// the coordinator other than votes have no counterpart in the model.
//
// Thread-safety: a ThreePcConformance owns a z3::context; one thread at a
// time.

#ifndef STEPWISE_SPEC_THREEPC_CONFORMANCE_H_
#define STEPWISE_SPEC_THREEPC_CONFORMANCE_H_

#include <z3++.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/threepc/threepc.h"
#include "spec/conformance.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

// The model's view of a cluster; bit i of a mask is participant node i.
struct ThreePcView {
  std::vector<core::threepc::State> nodes;  // node 0 is the coordinator
  std::vector<uint8_t> up;
  uint32_t voted = 0;              // sent Prepared, ever
  std::vector<uint32_t> answered;  // [p]: who answered p's open round
  uint32_t tm_answered = 0;        // the coordinator answered p's round
  uint32_t pre_commit_msg = 0;     // a PreCommit is in flight to p
  uint32_t commit_msg = 0;         // a Commit is in flight to p
  uint32_t abort_msg = 0;          // an Abort is in flight to p
  std::vector<uint8_t> heard;      // [p]: kHeard* bits, in flight included

  // Every node up and in its initial state, nothing sent.
  static ThreePcView Initial(uint32_t participants);
};

using ThreePcEnvelope = core::Envelope<core::threepc::ThreePhase>;

// The view after one step of the cluster, given the view before it: the
// node states, up flags and network after the step, and, if the step
// delivered a StateRequest, its (asker, asked).
// REQUIRES: states, up: one entry per node of `before`.
ThreePcView FollowStep(
    const ThreePcView& before, std::span<const core::threepc::State> states,
    std::span<const uint8_t> up, std::span<const ThreePcEnvelope> network,
    std::optional<std::pair<core::NodeId, core::NodeId>> request);

class ThreePcConformance {
 public:
  // The correct model (no bug) with exactly `participants` participants.
  // REQUIRES: 1 <= participants <= 8 (the two-action relation of larger
  // instances is slow to build).
  explicit ThreePcConformance(uint32_t participants);
  // Not movable: the step relation refers to the model this object holds.
  ThreePcConformance(const ThreePcConformance&) = delete;
  ThreePcConformance& operator=(const ThreePcConformance&) = delete;

  // OK when pre -> post is a stutter or up to two actions of the model;
  // otherwise FailedPrecondition naming `event` and what changed.
  absl::Status Check(const ThreePcView& pre, const ThreePcView& post,
                     std::string_view event);

 private:
  std::vector<z3::expr> Values(const StateCopy& copy,
                               const ThreePcView& view) const;

  uint32_t participants_;
  std::unique_ptr<z3::context> ctx_;
  TransitionSystem ts_;
  std::unique_ptr<StepRelation> relation_;
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_THREEPC_CONFORMANCE_H_
