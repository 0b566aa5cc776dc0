#include "spec/paxos_conformance.h"

#include <cassert>
#include <string>
#include <variant>

#include "spec/paxos_spec.h"

namespace stepwise::spec {
namespace {

using core::paxos::Ballot;
using core::paxos::kNoBallot;
using core::paxos::kNoValue;
using core::paxos::Value;

uint32_t ValueBit(Value value) { return uint32_t{1} << (value - 1); }

}  // namespace

PaxosView PaxosView::Initial(const core::paxos::Config& config) {
  PaxosView view;
  const uint32_t n = config.nodes;
  view.nodes.assign(n, core::paxos::State{});
  view.phase1b.assign(n, 0);
  view.reported_ballot.assign(n,
                              std::vector<Ballot>(config.ballots, kNoBallot));
  view.reported_votes.assign(n, std::vector<uint32_t>(config.ballots, 0));
  view.phase2a.assign(config.ballots, 0);
  view.phase2b.assign(n, std::vector<uint32_t>(config.ballots, 0));
  return view;
}

void PaxosView::Record(const core::paxos::Config& config, core::NodeId self,
                       const core::Effects<core::paxos::Paxos>& effects) {
  for (const auto& send : effects.sends()) {
    if (const auto* prepare =
            std::get_if<core::paxos::Prepare>(&send.message)) {
      phase1a |= uint32_t{1} << prepare->ballot;
    } else if (const auto* promise =
                   std::get_if<core::paxos::Promise>(&send.message)) {
      const Ballot m = promise->ballot;
      phase1b[self] |= uint32_t{1} << m;
      reported_ballot[self][m] = promise->voted_ballot;
      if (promise->voted_ballot != kNoBallot) {
        reported_votes[self][m] |=
            uint32_t{1} << (static_cast<uint32_t>(promise->voted_ballot) *
                                config.values +
                            promise->voted_value - 1);
      }
    } else if (const auto* accept =
                   std::get_if<core::paxos::Accept>(&send.message)) {
      phase2a[accept->ballot] |= ValueBit(accept->value);
    } else if (const auto* accepted =
                   std::get_if<core::paxos::Accepted>(&send.message)) {
      phase2b[self][accepted->ballot] |= ValueBit(accepted->value);
    }
  }
  const core::paxos::State& state = nodes[self];
  if (state.proposal != kNoValue) proposed |= ValueBit(state.proposal);
  if (state.learned != kNoValue) learned |= ValueBit(state.learned);
}

PaxosConformance::PaxosConformance(const core::paxos::Config& config)
    : config_(config), ctx_(std::make_unique<z3::context>()) {
  assert(config.nodes >= 1 && config.nodes <= kPaxosMaxFiniteAcceptors);
  assert(config.ballots >= 1 && config.ballots <= kPaxosMaxFiniteBallots);
  assert(config.values >= 1 && config.values <= kPaxosMaxFiniteValues);
  config_.bug = core::paxos::Bug::kNone;
  ts_ = PaxosSpec(*ctx_, {.acceptors = config.nodes,
                          .ballots = config.ballots,
                          .values = config.values});
  relation_ = std::make_unique<StepRelation>(ts_, /*max_actions=*/2);
}

std::vector<z3::expr> PaxosConformance::Values(const StateCopy& copy,
                                               const PaxosView& view) const {
  assert(view.nodes.size() == config_.nodes);
  z3::context& ctx = *ctx_;
  const z3::sort acc_sort = ts_.symbols[kPxLeft].domain[0];
  const z3::sort ballot_sort = ts_.symbols[kPxLeft].domain[1];
  const z3::sort value_sort = ts_.symbols[kPxProposed].domain[0];
  const std::vector<z3::expr> ballots = EnumerationElements(ballot_sort);
  const std::vector<z3::expr> values = EnumerationElements(value_sort);
  std::vector<z3::expr> out;
  auto set = [&](const z3::expr& atom, bool value) {
    out.push_back(atom == ctx.bool_val(value));
  };
  for (uint32_t v = 0; v < config_.values; ++v) {
    set(copy[kPxProposed](values[v]), (view.proposed >> v) & 1);
    set(copy[kPxLearned](values[v]), (view.learned >> v) & 1);
  }
  for (uint32_t b = 0; b < config_.ballots; ++b) {
    set(copy[kPxPhase1a](ballots[b]), (view.phase1a >> b) & 1);
    for (uint32_t v = 0; v < config_.values; ++v) {
      set(copy[kPxPhase2a](ballots[b], values[v]), (view.phase2a[b] >> v) & 1);
    }
  }
  for (uint32_t n = 0; n < config_.nodes; ++n) {
    const z3::expr a = EnumerationElement(acc_sort, n);
    const core::paxos::State& state = view.nodes[n];
    for (uint32_t b = 0; b < config_.ballots; ++b) {
      const Ballot ballot = static_cast<Ballot>(b);
      set(copy[kPxLeft](a, ballots[b]), ballot < state.promised);
      set(copy[kPxBalAtLeast](a, ballots[b]), ballot <= state.voted_ballot);
      set(copy[kPxPhase1b](a, ballots[b]), (view.phase1b[n] >> b) & 1);
      for (uint32_t v = 0; v < config_.values; ++v) {
        set(copy[kPxVote](a, ballots[b], values[v]),
            ballot == state.voted_ballot && v + 1 == state.voted_value);
        set(copy[kPxPhase2b](a, ballots[b], values[v]),
            (view.phase2b[n][b] >> v) & 1);
      }
      // b is the promised ballot m here.
      const bool promised = (view.phase1b[n] >> b) & 1;
      for (uint32_t c = 0; c < config_.ballots; ++c) {
        set(copy[kPxPhase1bBal](a, ballots[b], ballots[c]),
            promised && static_cast<Ballot>(c) <= view.reported_ballot[n][b]);
        for (uint32_t v = 0; v < config_.values; ++v) {
          set(copy[kPxPhase1bVote](a, ballots[b], ballots[c], values[v]),
              (view.reported_votes[n][b] >> (c * config_.values + v)) & 1);
        }
      }
    }
  }
  return out;
}

absl::Status PaxosConformance::Check(const PaxosView& pre,
                                     const PaxosView& post,
                                     std::string_view event) {
  if (pre.nodes.size() != config_.nodes || post.nodes.size() != config_.nodes) {
    return absl::InvalidArgumentError("conformance: wrong number of nodes");
  }
  std::vector<z3::expr> values = Values(relation_->pre(), pre);
  for (z3::expr& e : Values(relation_->post(), post)) values.push_back(e);
  if (relation_->Allows(values)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      std::string(event) + ": not a step of the paxos model; it changes " +
      relation_->Changes(values));
}

}  // namespace stepwise::spec
