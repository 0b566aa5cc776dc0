#include "spec/twopc_conformance.h"

#include <cassert>
#include <string>
#include <variant>

#include "spec/twopc_spec.h"

namespace stepwise::spec {
namespace {

using core::twopc::TwoPhase;

}  // namespace

void TwoPcAbstractState::RecordSends(core::NodeId self,
                                     const core::Effects<TwoPhase>& effects) {
  for (const auto& send : effects.sends()) {
    if (std::holds_alternative<core::twopc::Prepared>(send.message)) {
      if (self != core::twopc::kTm && self < 32) prepared_sent |= 1u << self;
    } else if (std::holds_alternative<core::twopc::Commit>(send.message)) {
      commit_sent = true;
    } else {
      abort_sent = true;
    }
  }
}

TwoPcConformance::TwoPcConformance(uint32_t rms)
    : rms_(rms), ctx_(std::make_unique<z3::context>()) {
  assert(rms >= 1 && rms <= core::twopc::kMaxRms);
  ts_ = TwoPcSpec(*ctx_, {.rms = rms});
  relation_ = std::make_unique<StepRelation>(ts_, /*max_actions=*/1);
}

std::vector<z3::expr> TwoPcConformance::Values(
    const StateCopy& copy, const TwoPcAbstractState& state) const {
  assert(state.nodes.size() == rms_ + 1);
  const z3::sort rm_sort = ts_.symbols[kTwoPcRmState].domain[0];
  const z3::sort rm_state = ts_.symbols[kTwoPcRmState].range;
  const z3::sort tm_state = ts_.symbols[kTwoPcTmState].range;
  const core::twopc::State& tm = state.nodes[core::twopc::kTm];
  std::vector<z3::expr> values = {
      copy[kTwoPcTmState]() ==
          EnumerationElement(tm_state, static_cast<unsigned>(tm.tm)),
      copy[kTwoPcCommitMsg]() == ctx_->bool_val(state.commit_sent),
      copy[kTwoPcAbortMsg]() == ctx_->bool_val(state.abort_sent)};
  for (uint32_t node = 1; node <= rms_; ++node) {
    const z3::expr rm = EnumerationElement(rm_sort, node - 1);
    const uint32_t bit = 1u << node;
    values.push_back(copy[kTwoPcRmState](rm) ==
                     EnumerationElement(rm_state, static_cast<unsigned>(
                                                      state.nodes[node].rm)));
    values.push_back(copy[kTwoPcTmPrepared](rm) ==
                     ctx_->bool_val((tm.prepared & bit) != 0));
    values.push_back(copy[kTwoPcPreparedMsg](rm) ==
                     ctx_->bool_val((state.prepared_sent & bit) != 0));
  }
  return values;
}

absl::Status TwoPcConformance::Check(const TwoPcAbstractState& pre,
                                     const TwoPcAbstractState& post,
                                     std::string_view event) {
  if (pre.nodes.size() != rms_ + 1 || post.nodes.size() != rms_ + 1) {
    return absl::InvalidArgumentError("conformance: wrong number of nodes");
  }
  std::vector<z3::expr> values = Values(relation_->pre(), pre);
  for (z3::expr& e : Values(relation_->post(), post)) values.push_back(e);
  if (relation_->Allows(values)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      std::string(event) + ": not a step of the twopc model; it changes " +
      relation_->Changes(values));
}

}  // namespace stepwise::spec
