// Conformance of the C++ two-phase commit (core/twopc) to its Z3 model
// (spec/twopc_spec.h): a concrete step (pre-state, event, post-state) is
// abstracted to the model's variables and the model's transition formula
// (any action, or a stutter) is evaluated on those values. A step of the C++
// code that the proved model does not allow is reported, naming the event
// and what changed.
//
// Thread-safety: a TwoPcConformance owns a z3::context; one thread at a time.

#ifndef STEPWISE_SPEC_TWOPC_CONFORMANCE_H_
#define STEPWISE_SPEC_TWOPC_CONFORMANCE_H_

#include <z3++.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "core/twopc/twopc.h"
#include "spec/conformance.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

// The model's view of a two-phase commit cluster: the node states and which
// messages were ever sent (the model's message set).
struct TwoPcAbstractState {
  std::vector<core::twopc::State> nodes;  // node 0 is the TM
  uint32_t prepared_sent = 0;             // bit i: RM node i has sent Prepared
  bool commit_sent = false;
  bool abort_sent = false;

  // Adds the messages a step of node `self` sent.
  void RecordSends(core::NodeId self,
                   const core::Effects<core::twopc::TwoPhase>& effects);
};

class TwoPcConformance {
 public:
  // REQUIRES: 1 <= rms <= core::twopc::kMaxRms.
  explicit TwoPcConformance(uint32_t rms);
  // Not movable: the step relation refers to the model this object holds.
  TwoPcConformance(const TwoPcConformance&) = delete;
  TwoPcConformance& operator=(const TwoPcConformance&) = delete;

  // OK when pre -> post is a transition of the model (or changes nothing it
  // sees); otherwise FailedPrecondition naming `event` and what changed.
  absl::Status Check(const TwoPcAbstractState& pre,
                     const TwoPcAbstractState& post, std::string_view event);

 private:
  std::vector<z3::expr> Values(const StateCopy& copy,
                               const TwoPcAbstractState& state) const;

  uint32_t rms_;
  std::unique_ptr<z3::context> ctx_;
  TransitionSystem ts_;
  std::unique_ptr<StepRelation> relation_;
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_TWOPC_CONFORMANCE_H_
