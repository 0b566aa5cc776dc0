#include "spec/threepc_conformance.h"

#include <cassert>
#include <string>
#include <variant>

#include "spec/threepc_spec.h"

namespace stepwise::spec {
namespace {

using core::NodeId;
using core::threepc::Phase;
using core::threepc::RmState;
using core::threepc::Sending;
using core::threepc::TmState;

uint32_t Bit(NodeId node) { return uint32_t{1} << node; }

// The kHeard* bits a StateReply from `from` sets at `to` on delivery.
uint8_t HeardBits(NodeId from, NodeId to,
                  const core::threepc::StateReply& reply) {
  uint8_t bits = 0;
  switch (reply.phase) {
    case Phase::kWorking:
      bits |= core::threepc::kHeardWorking;
      break;
    case Phase::kPreCommitted:
      bits |= core::threepc::kHeardPreCommitted;
      break;
    case Phase::kCoordinating:
      bits |= core::threepc::kHeardCoordinator;
      break;
    case Phase::kUncertain:
      break;
  }
  if (from != core::threepc::kCoordinator && from < to) {
    bits |= core::threepc::kHeardLower;
  }
  return bits;
}

}  // namespace

ThreePcView ThreePcView::Initial(uint32_t participants) {
  ThreePcView view;
  view.nodes.assign(participants + 1, core::threepc::State{});
  view.up.assign(participants + 1, 1);
  view.answered.assign(participants + 1, 0);
  view.heard.assign(participants + 1, 0);
  return view;
}

ThreePcView FollowStep(const ThreePcView& before,
                       std::span<const core::threepc::State> states,
                       std::span<const uint8_t> up,
                       std::span<const ThreePcEnvelope> network,
                       std::optional<std::pair<NodeId, NodeId>> request) {
  const size_t n = before.nodes.size();
  assert(states.size() == n && up.size() == n);
  ThreePcView view = before;
  for (NodeId node = 0; node < n; ++node) {
    view.up[node] = up[node];
    // A node that is down keeps the state it crashed in.
    if (up[node] != 0) view.nodes[node] = states[node];
  }
  view.pre_commit_msg = view.commit_msg = view.abort_msg = 0;
  std::vector<uint8_t> in_flight(n, 0);
  for (const ThreePcEnvelope& envelope : network) {
    if (envelope.to == core::threepc::kCoordinator || envelope.to >= n) {
      continue;
    }
    const auto& message = envelope.message;
    if (std::holds_alternative<core::threepc::PreCommit>(message)) {
      view.pre_commit_msg |= Bit(envelope.to);
    } else if (std::holds_alternative<core::threepc::Commit>(message)) {
      view.commit_msg |= Bit(envelope.to);
    } else if (std::holds_alternative<core::threepc::Abort>(message)) {
      view.abort_msg |= Bit(envelope.to);
    } else if (const auto* reply =
                   std::get_if<core::threepc::StateReply>(&message)) {
      in_flight[envelope.to] |= HeardBits(envelope.from, envelope.to, *reply);
    }
  }
  for (NodeId p = 1; p < n; ++p) {
    const core::threepc::State& state = view.nodes[p];
    if (state.rm == RmState::kUncertain) view.voted |= Bit(p);
    // A round that opened in this step starts with nobody having answered.
    if (state.collecting && !before.nodes[p].collecting) {
      view.answered[p] = 0;
      view.tm_answered &= ~Bit(p);
    }
    view.heard[p] = state.collecting ? (state.heard | in_flight[p]) : 0;
  }
  if (request.has_value()) {
    const auto [asker, asked] = *request;
    assert(asker >= 1 && asker < n && asked < n);
    if (view.nodes[asker].collecting) {
      if (asked == core::threepc::kCoordinator) {
        view.tm_answered |= Bit(asker);
      } else {
        view.answered[asker] |= Bit(asked);
      }
    }
  }
  return view;
}

ThreePcConformance::ThreePcConformance(uint32_t participants)
    : participants_(participants), ctx_(std::make_unique<z3::context>()) {
  assert(participants >= 1 && participants <= 8);
  ts_ = ThreePcSpec(*ctx_, {.participants = participants});
  relation_ = std::make_unique<StepRelation>(ts_, /*max_actions=*/2);
}

std::vector<z3::expr> ThreePcConformance::Values(
    const StateCopy& copy, const ThreePcView& view) const {
  assert(view.nodes.size() == participants_ + 1);
  const z3::sort p_sort = ts_.symbols[kThreePcRm].domain[0];
  const z3::sort rm_phase = ts_.symbols[kThreePcRm].range;
  const z3::sort tm_phase = ts_.symbols[kThreePcTm].range;
  z3::context& ctx = *ctx_;
  // The model's coordinator phases are the first four of TmState; a
  // recovering coordinator is one that crashed pre-committing (and a node
  // that is down keeps the state it crashed in).
  TmState tm = view.nodes[core::threepc::kCoordinator].tm;
  if (tm == TmState::kRecovering) tm = TmState::kPreCommitting;
  std::vector<z3::expr> values = {
      copy[kThreePcTm]() ==
          EnumerationElement(tm_phase, static_cast<unsigned>(tm)),
      copy[kThreePcTmUp]() == ctx.bool_val(view.up[0] != 0)};
  auto flag = [&](size_t symbol, const z3::expr& p, bool value) {
    values.push_back(copy[symbol](p) == ctx.bool_val(value));
  };
  for (NodeId node = 1; node <= participants_; ++node) {
    const z3::expr p = EnumerationElement(p_sort, node - 1);
    const core::threepc::State& state = view.nodes[node];
    const uint8_t heard = view.heard[node];
    values.push_back(
        copy[kThreePcRm](p) ==
        EnumerationElement(rm_phase, static_cast<unsigned>(state.rm)));
    flag(kThreePcUp, p, view.up[node] != 0);
    flag(kThreePcVoted, p, (view.voted & Bit(node)) != 0);
    flag(kThreePcPreCommitMsg, p, (view.pre_commit_msg & Bit(node)) != 0);
    flag(kThreePcCommitMsg, p, (view.commit_msg & Bit(node)) != 0);
    flag(kThreePcAbortMsg, p, (view.abort_msg & Bit(node)) != 0);
    flag(kThreePcPreCommitting, p, state.sending == Sending::kPreCommit);
    flag(kThreePcCollecting, p, state.collecting);
    flag(kThreePcTmAnswered, p, (view.tm_answered & Bit(node)) != 0);
    flag(kThreePcHeardWorking, p, (heard & core::threepc::kHeardWorking) != 0);
    flag(kThreePcHeardPreCommitted, p,
         (heard & core::threepc::kHeardPreCommitted) != 0);
    flag(kThreePcHeardLower, p, (heard & core::threepc::kHeardLower) != 0);
    flag(kThreePcHeardCoordinator, p,
         (heard & core::threepc::kHeardCoordinator) != 0);
    for (NodeId other = 1; other <= participants_; ++other) {
      values.push_back(
          copy[kThreePcAnswered](p, EnumerationElement(p_sort, other - 1)) ==
          ctx.bool_val((view.answered[node] & Bit(other)) != 0));
    }
  }
  return values;
}

absl::Status ThreePcConformance::Check(const ThreePcView& pre,
                                       const ThreePcView& post,
                                       std::string_view event) {
  if (pre.nodes.size() != participants_ + 1 ||
      post.nodes.size() != participants_ + 1) {
    return absl::InvalidArgumentError("conformance: wrong number of nodes");
  }
  std::vector<z3::expr> values = Values(relation_->pre(), pre);
  for (z3::expr& e : Values(relation_->post(), post)) values.push_back(e);
  if (relation_->Allows(values)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      std::string(event) + ": not a step of the threepc model; it changes " +
      relation_->Changes(values));
}

}  // namespace stepwise::spec
