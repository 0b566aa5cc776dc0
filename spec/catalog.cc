#include "spec/catalog.h"

#include "absl/status/status.h"
#include "spec/raft_election_spec.h"
#include "spec/twopc_spec.h"

namespace stepwise::spec {
namespace {

using core::twopc::Bug;

// In core::twopc::Bug order.
const std::vector<std::string>& TwoPcBugs() {
  static const std::vector<std::string> bugs = {
      "none", "majority-commit", "abort-after-prepare", "volatile-decision",
      "volatile-prepare"};
  return bugs;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

const std::vector<SpecEntry>& Specs() {
  static const std::vector<SpecEntry> specs = {
      {"twopc",
       "two-phase commit, any number of RMs: consistency (no RM committed "
       "beside an aborted one)",
       TwoPcBugs()},
      {"raft",
       "Raft leader election, any number of nodes and terms: election safety "
       "(at most one leader per term)",
       {"none", "double-vote", "forget-vote-on-restart"}},
  };
  return specs;
}

absl::StatusOr<TransitionSystem> BuildSpec(z3::context& ctx,
                                           const std::string& protocol,
                                           const std::string& bug,
                                           uint32_t size) {
  const SpecEntry* entry = nullptr;
  for (const SpecEntry& spec : Specs()) {
    if (spec.protocol == protocol) entry = &spec;
  }
  if (entry == nullptr) {
    std::vector<std::string> names;
    for (const SpecEntry& spec : Specs()) names.push_back(spec.protocol);
    return absl::InvalidArgumentError("no Z3 model of '" + protocol +
                                      "' (models: " + Join(names) + ")");
  }
  size_t index = entry->bugs.size();
  for (size_t i = 0; i < entry->bugs.size(); ++i) {
    if (entry->bugs[i] == bug) index = i;
  }
  if (index == entry->bugs.size()) {
    return absl::InvalidArgumentError("unknown bug '" + bug + "' of " +
                                      protocol +
                                      " (bugs: " + Join(entry->bugs) + ")");
  }
  if (protocol == "twopc") {
    return TwoPcSpec(ctx, {.bug = static_cast<Bug>(index), .rms = size});
  }
  if (size != 0) {
    return absl::InvalidArgumentError(
        "the raft model has no fixed-size form (bounded model checking is "
        "for twopc)");
  }
  return RaftElectionSpec(
      ctx, {.double_vote = bug == "double-vote",
            .forget_vote_on_restart = bug == "forget-vote-on-restart"});
}

}  // namespace stepwise::spec
