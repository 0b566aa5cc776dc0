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
  std::string protocol;           // "twopc", "threepc", "raft", ...
  std::string summary;            // what is modelled and proved
  std::vector<std::string> bugs;  // "none" first
  // `--bug` names of the protocol's C++ core that this model cannot express,
  // and why (BuildSpec refuses them with that reason).
  std::vector<std::string> unmodelled_bugs = {};
  std::string unmodelled_reason = {};
  // Bugs only a finite model expresses (BMC, not Prove): raft's log-level
  // bugs, which live in the replication model (spec/raft_log_spec.h).
  std::vector<std::string> finite_only_bugs = {};
};

const std::vector<SpecEntry>& Specs();

// The size of a finite instance (for BMC). All zero: the sorts stay
// uninterpreted (any size, for Prove).
struct SpecSize {
  uint32_t nodes = 0;  // twopc: RMs; threepc: participants; raft: nodes
  uint32_t terms = 0;  // raft only: terms t0 < t1 < ... (0 with nodes = 0)
  // raft only: 0 for the election model; otherwise the replication model
  // (spec/raft_log_spec.h) with log slots 1..log_length.
  uint32_t log_length = 0;
};

// Is `bug` one of raft's log-level bugs, modelled by the replication model?
bool IsRaftLogBug(const std::string& bug);

// What `stepwise bmc` checks unless told otherwise: for a bug, an instance
// and depth at which BMC finds it; for "none", the correct model at least as
// large and deep as for each bug of that model (`log_model`: raft's
// replication model rather than its election model).
struct BmcDefaults {
  SpecSize size;
  int depth = 0;
};
BmcDefaults DefaultBmc(const std::string& protocol, const std::string& bug,
                       bool log_model = false);

// The model of `protocol` with `bug` ("none" or one of SpecEntry::bugs), of
// `size`. A raft log-level bug selects the replication model, as does
// `size.log_length` > 0; its defaults (DefaultBmc) fill a zero log_length.
// InvalidArgument names what is unknown, unmodelled or out of range.
absl::StatusOr<TransitionSystem> BuildSpec(z3::context& ctx,
                                           const std::string& protocol,
                                           const std::string& bug,
                                           const SpecSize& size = {});

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_CATALOG_H_
