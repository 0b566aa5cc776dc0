#include "spec/catalog.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/multipaxos/multipaxos.h"
#include "core/paxos/paxos.h"
#include "core/paxoscommit/paxoscommit.h"
#include "core/raft/raft.h"
#include "core/reflect.h"
#include "core/threepc/threepc.h"
#include "core/twopc/twopc.h"
#include "spec/multipaxos_spec.h"
#include "spec/paxos_spec.h"
#include "spec/paxoscommit_spec.h"
#include "spec/raft_election_spec.h"
#include "spec/raft_log_spec.h"
#include "spec/threepc_spec.h"
#include "spec/twopc_spec.h"

namespace stepwise::spec {
namespace {

using core::twopc::Bug;

// The two-phase commit model knows every core::twopc::Bug, in enum order
// (the model picks its bug by index), spelled as the CLI spells them.
const std::vector<std::string>& TwoPcBugs() {
  static const std::vector<std::string> bugs = core::KebabNames<Bug>();
  return bugs;
}

// The three-phase commit model expresses every core::threepc::Bug.
std::string ThreePcBugName(core::threepc::Bug bug) {
  return core::KebabName(EnumName(bug));
}

std::string RaftBugName(core::raft::Bug bug) {
  return core::KebabName(EnumName(bug));
}

// core::raft's log-level bugs: only the replication model expresses them.
const std::vector<std::string>& RaftLogBugs() {
  using core::raft::Bug;
  static const std::vector<std::string> bugs = {
      RaftBugName(Bug::kCommitOldTerm), RaftBugName(Bug::kVoteWithoutLogCheck),
      RaftBugName(Bug::kNoTruncateOnConflict),
      RaftBugName(Bug::kReadWithoutQuorum)};
  return bugs;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

absl::StatusOr<TransitionSystem> RaftElectionModel(z3::context& ctx,
                                                   const std::string& bug,
                                                   const SpecSize& size) {
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

// The replication model is finite only: Prove (all sizes zero) gets the
// election model's proof, not this.
absl::StatusOr<TransitionSystem> RaftLogModel(z3::context& ctx,
                                              const std::string& bug,
                                              const SpecSize& size) {
  if (bug != "none" && !IsRaftLogBug(bug)) {
    return absl::InvalidArgumentError(
        "bug '" + bug +
        "' belongs to the raft election model, which has no log length");
  }
  if (size.nodes == 0) {
    return absl::InvalidArgumentError(
        "bug '" + bug +
        "' lives in the finite raft replication model: bounded model "
        "checking only (stepwise bmc raft --bug " +
        bug + "; the model checker: stepwise check raft --bug " + bug + ")");
  }
  const uint32_t log_length =
      size.log_length > 0 ? size.log_length
                          : DefaultBmc("raft", bug, true).size.log_length;
  if (size.nodes > kRaftLogMaxNodes || size.terms < 2 ||
      size.terms > kRaftLogMaxTerms || log_length > kRaftLogMaxLength) {
    return absl::InvalidArgumentError(
        "the raft replication model takes 1.." +
        std::to_string(kRaftLogMaxNodes) + " nodes, 2.." +
        std::to_string(kRaftLogMaxTerms) + " terms and a log length of 1.." +
        std::to_string(kRaftLogMaxLength));
  }
  return RaftLogSpec(
      ctx, {.commit_old_term = bug == "commit-old-term",
            .vote_without_log_check = bug == "vote-without-log-check",
            .no_truncate_on_conflict = bug == "no-truncate-on-conflict",
            .read_without_quorum = bug == "read-without-quorum",
            .nodes = size.nodes,
            .terms = size.terms,
            .log_length = log_length});
}

}  // namespace

bool IsRaftLogBug(const std::string& bug) {
  for (const std::string& name : RaftLogBugs()) {
    if (name == bug) return true;
  }
  return false;
}

BmcDefaults DefaultBmc(const std::string& protocol, const std::string& bug,
                       bool log_model) {
  if (protocol == "threepc") {
    // Measured: the shortest counterexample of each bug with 2 participants
    // (spec/README.md); the correct model as deep as the deepest.
    if (bug == "commit-on-timeout") return {.size = {.nodes = 2}, .depth = 3};
    if (bug == "skip-pre-commit") return {.size = {.nodes = 2}, .depth = 7};
    if (bug == "abort-when-undecided") {
      return {.size = {.nodes = 2}, .depth = 10};
    }
    return {.size = {.nodes = 2}, .depth = 13};
  }
  if (protocol == "paxoscommit") {
    // Measured: the shortest counterexample of each bug with one RM, three
    // acceptors (two with f-plus-one-acceptors) and two ballots
    // (spec/README.md); the correct model as deep as the deepest.
    if (bug == "f-plus-one-acceptors") {
      return {.size = {.nodes = 1}, .depth = 8};
    }
    if (bug == "ignore-reported-votes") {
      return {.size = {.nodes = 1}, .depth = 11};
    }
    return {.size = {.nodes = 1}, .depth = 12};
  }
  if (protocol == "paxos") {
    // Measured: the shortest counterexample of each bug with three
    // acceptors, two ballots and two values (spec/README.md); the correct
    // model as deep as the deepest.
    if (bug == "half-quorum") return {.size = {.nodes = 3}, .depth = 10};
    if (bug == "ignore-promised-votes" || bug == "accept-below-promise") {
      return {.size = {.nodes = 3}, .depth = 14};
    }
    return {.size = {.nodes = 3}, .depth = 15};
  }
  if (protocol == "multipaxos") {
    // Measured: the shortest counterexample of each bug with three
    // acceptors, two ballots, one slot and values noop and v1
    // (spec/README.md); the correct model as deep as the deepest.
    if (bug == "skip-phase-one") return {.size = {.nodes = 3}, .depth = 7};
    if (bug == "noop-over-reported-votes") {
      return {.size = {.nodes = 3}, .depth = 13};
    }
    return {.size = {.nodes = 3}, .depth = 14};
  }
  if (protocol != "raft") return {.size = {.nodes = 3}, .depth = 12};
  // Measured: the shortest counterexample of each bug (spec/README.md).
  if (bug == "vote-without-log-check") {
    return {.size = {.nodes = 3, .terms = 3, .log_length = 1}, .depth = 5};
  }
  if (bug == "read-without-quorum") {
    return {.size = {.nodes = 3, .terms = 3, .log_length = 1}, .depth = 6};
  }
  if (bug == "no-truncate-on-conflict") {
    return {.size = {.nodes = 3, .terms = 3, .log_length = 2}, .depth = 6};
  }
  if (bug == "commit-old-term") {
    return {.size = {.nodes = 3, .terms = 4, .log_length = 1}, .depth = 7};
  }
  if (bug == "none" && log_model) {
    return {.size = {.nodes = 3, .terms = 4, .log_length = 2}, .depth = 7};
  }
  return {.size = {.nodes = 3, .terms = 2}, .depth = 9};
}

const std::vector<SpecEntry>& Specs() {
  static const std::vector<SpecEntry> specs = {
      {"twopc",
       "two-phase commit, any number of RMs: consistency (no RM committed "
       "beside an aborted one)",
       TwoPcBugs()},
      {"threepc",
       "three-phase commit under crash-stop and a perfect failure detector, "
       "any number of participants: consistency (no node committed beside an "
       "aborted one, the coordinator included) and commit-needs-all-votes",
       {"none", ThreePcBugName(core::threepc::Bug::kCommitOnTimeout),
        ThreePcBugName(core::threepc::Bug::kSkipPreCommit),
        ThreePcBugName(core::threepc::Bug::kAbortWhenUndecided),
        ThreePcBugName(core::threepc::Bug::kNoElection)}},
      {"raft",
       "Raft leader election, any number of nodes and terms: election safety "
       "(at most one leader per term); for BMC also a finite replication "
       "model (logs, commit, reads) for the log-level bugs",
       // double-vote is the model's own (tests only); the others are
       // core::raft::Bug names.
       {"none", "double-vote",
        RaftBugName(core::raft::Bug::kForgetVoteOnRestart),
        RaftBugName(core::raft::Bug::kReplyBeforePersist),
        RaftBugName(core::raft::Bug::kCommitOldTerm),
        RaftBugName(core::raft::Bug::kVoteWithoutLogCheck),
        RaftBugName(core::raft::Bug::kNoTruncateOnConflict),
        RaftBugName(core::raft::Bug::kReadWithoutQuorum)},
       {},
       {},
       RaftLogBugs()},
      {"paxoscommit",
       "Paxos Commit, any number of RMs, acceptors and ballots: consistency "
       "(no RM committed beside an aborted one; Commit and Abort never both "
       "sent); for BMC one to three RMs, three acceptors, two ballots",
       core::KebabNames<core::paxoscommit::Bug>()},
      {"paxos",
       "single-decree Paxos, any number of acceptors, ballots and values: "
       "agreement (at most one value chosen; learners agree) and validity "
       "(a learned value was proposed); for BMC one to five acceptors, two "
       "ballots, two values",
       core::KebabNames<core::paxos::Bug>()},
      {"multipaxos",
       "Multi-Paxos, any number of acceptors, ballots, slots and values: "
       "per-slot agreement (at most one value chosen per slot; decided "
       "values agree) and validity (a decided value is a no-op or a "
       "client's command); for BMC one to five acceptors, two ballots, one "
       "slot, values noop and v1",
       core::KebabNames<core::multipaxos::Bug>()},
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
  if (protocol == "multipaxos") {
    if (size.terms != 0 || size.log_length != 0) {
      return absl::InvalidArgumentError(
          "the finite Multi-Paxos model takes only a number of acceptors "
          "(ballots b0 and b1, one slot, values noop and v1)");
    }
    if (size.nodes > kMultiPaxosMaxFiniteAcceptors) {
      return absl::InvalidArgumentError(
          "a finite Multi-Paxos model has at most " +
          std::to_string(kMultiPaxosMaxFiniteAcceptors) + " acceptors");
    }
    return MultiPaxosSpec(
        ctx, {.bug = *core::EnumFromKebab<core::multipaxos::Bug>(bug),
              .acceptors = size.nodes});
  }
  if (protocol == "paxos") {
    if (size.terms != 0 || size.log_length != 0) {
      return absl::InvalidArgumentError(
          "the finite Paxos model takes only a number of acceptors (ballots "
          "b0 and b1, values v1 and v2)");
    }
    if (size.nodes > kPaxosMaxFiniteAcceptors) {
      return absl::InvalidArgumentError(
          "a finite Paxos model has at most " +
          std::to_string(kPaxosMaxFiniteAcceptors) + " acceptors");
    }
    return PaxosSpec(ctx, {.bug = *core::EnumFromKebab<core::paxos::Bug>(bug),
                           .acceptors = size.nodes});
  }
  if (protocol == "paxoscommit") {
    if (size.terms != 0 || size.log_length != 0) {
      return absl::InvalidArgumentError(
          "the finite Paxos Commit model takes only a number of RMs (three "
          "acceptors, ballots b0 and b1)");
    }
    if (size.nodes > kPaxosCommitMaxFiniteRms) {
      return absl::InvalidArgumentError(
          "a finite Paxos Commit model has at most " +
          std::to_string(kPaxosCommitMaxFiniteRms) + " RMs");
    }
    return PaxosCommitSpec(
        ctx, {.bug = *core::EnumFromKebab<core::paxoscommit::Bug>(bug),
              .rms = size.nodes});
  }
  if (protocol == "twopc") {
    if (size.terms != 0 || size.log_length != 0) {
      return absl::InvalidArgumentError("two-phase commit has no terms");
    }
    return TwoPcSpec(ctx, {.bug = static_cast<Bug>(index), .rms = size.nodes});
  }
  if (protocol == "threepc") {
    if (size.terms != 0 || size.log_length != 0) {
      return absl::InvalidArgumentError("three-phase commit has no terms");
    }
    if (size.nodes > core::threepc::kMaxParticipants) {
      return absl::InvalidArgumentError(
          "three-phase commit has at most " +
          std::to_string(core::threepc::kMaxParticipants) + " participants");
    }
    return ThreePcSpec(ctx,
                       {.bug = *core::EnumFromKebab<core::threepc::Bug>(bug),
                        .participants = size.nodes});
  }
  if ((size.nodes == 0) != (size.terms == 0)) {
    return absl::InvalidArgumentError(
        "a finite raft model needs both a number of nodes and of terms");
  }
  if (IsRaftLogBug(bug) || size.log_length > 0) {
    return RaftLogModel(ctx, bug, size);
  }
  return RaftElectionModel(ctx, bug, size);
}

}  // namespace stepwise::spec
