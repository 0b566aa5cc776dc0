#include "spec/catalog.h"

#include <string>
#include <vector>

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
       // double-vote is the model's own (tests only); the others are
       // core::raft::Bug names.
       {"none", "double-vote", "forget-vote-on-restart",
        "reply-before-persist"},
       {"commit-old-term", "vote-without-log-check", "no-truncate-on-conflict",
        "read-without-quorum"},
       "the raft election model has no logs (nor reads)"},
  };
  return specs;
}

absl::StatusOr<TransitionSystem> BuildSpec(z3::context& ctx,
                                           const std::string& protocol,
                                           const std::string& bug,
                                           const SpecSize& size) {
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
  for (const std::string& unmodelled : entry->unmodelled_bugs) {
    if (unmodelled == bug) {
      return absl::InvalidArgumentError(
          "bug '" + bug + "' cannot be expressed: " + entry->unmodelled_reason +
          "; the model checker covers it: stepwise check " + protocol +
          " --bug " + bug);
    }
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
    if (size.terms != 0) {
      return absl::InvalidArgumentError("two-phase commit has no terms");
    }
    return TwoPcSpec(ctx, {.bug = static_cast<Bug>(index), .rms = size.nodes});
  }
  if ((size.nodes == 0) != (size.terms == 0)) {
    return absl::InvalidArgumentError(
        "a finite raft model needs both a number of nodes and of terms");
  }
  if (size.nodes > kRaftMaxFiniteNodes) {
    return absl::InvalidArgumentError("a finite raft model has at most " +
                                      std::to_string(kRaftMaxFiniteNodes) +
                                      " nodes (every majority is a " +
                                      "quorum: 2^nodes of them)");
  }
  if (size.terms > kRaftMaxFiniteTerms) {
    return absl::InvalidArgumentError("a finite raft model has at most " +
                                      std::to_string(kRaftMaxFiniteTerms) +
                                      " terms");
  }
  return RaftElectionSpec(
      ctx, {.double_vote = bug == "double-vote",
            .forget_vote_on_restart = bug == "forget-vote-on-restart",
            .reply_before_persist = bug == "reply-before-persist",
            .nodes = size.nodes,
            .terms = size.terms});
}

}  // namespace stepwise::spec
