// The Z3 models `stepwise prove` and `stepwise bmc` know, by protocol name,
// with the planted mistakes each model can switch on by name.

#ifndef STEPWISE_SPEC_CATALOG_H_
#define STEPWISE_SPEC_CATALOG_H_

#include <z3++.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct SpecEntry {
  std::string protocol;           // "twopc", "raft"
  std::string summary;            // what is modelled and proved
  std::vector<std::string> bugs;  // "none" first
  // `--bug` names of the protocol's C++ core that this model cannot express,
  // and why (BuildSpec refuses them with that reason).
  std::vector<std::string> unmodelled_bugs = {};
  std::string unmodelled_reason = {};
};

const std::vector<SpecEntry>& Specs();

// The size of a finite instance (for BMC). All zero: the sorts stay
// uninterpreted (any size, for Prove).
struct SpecSize {
  uint32_t nodes = 0;  // two-phase commit: RMs; raft: nodes
  uint32_t terms = 0;  // raft only: terms t0 < t1 < ... (0 with nodes = 0)
};

// The model of `protocol` with `bug` ("none" or one of SpecEntry::bugs), of
// `size`. InvalidArgument names what is unknown, unmodelled or out of range.
absl::StatusOr<TransitionSystem> BuildSpec(z3::context& ctx,
                                           const std::string& protocol,
                                           const std::string& bug,
                                           const SpecSize& size = {});

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_CATALOG_H_
