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
};

const std::vector<SpecEntry>& Specs();

// The model of `protocol` with `bug` ("none" or one of SpecEntry::bugs).
// `size` > 0 fixes the number of interchangeable nodes (for BMC; two-phase
// commit only), 0 leaves it open. InvalidArgument names what is unknown.
absl::StatusOr<TransitionSystem> BuildSpec(z3::context& ctx,
                                           const std::string& protocol,
                                           const std::string& bug,
                                           uint32_t size = 0);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_CATALOG_H_
