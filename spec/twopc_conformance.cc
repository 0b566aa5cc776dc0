#include "spec/twopc_conformance.h"

#include <cassert>
#include <string>
#include <variant>

#include "spec/ground.h"
#include "spec/render.h"
#include "spec/twopc_spec.h"

namespace stepwise::spec {
namespace {

using core::twopc::TwoPhase;

// The n-th value of an enumeration sort (declaration order).
z3::expr EnumValue(const z3::sort& sort, unsigned n) {
  z3::context& ctx = sort.ctx();
  assert(n < Z3_get_datatype_sort_num_constructors(ctx, sort));
  return z3::func_decl(ctx, Z3_get_datatype_sort_constructor(ctx, sort, n))();
}

// Some action, with its arguments existentially quantified, or a stutter.
z3::expr NextOrStutter(const TransitionSystem& ts, const StateCopy& pre,
                       const StateCopy& post) {
  z3::context& ctx = pre.at(0).ctx();
  std::vector<z3::expr> steps = {UnchangedExcept(ts.symbols, pre, post, {})};
  for (const Action& action : ts.actions) {
    z3::expr_vector vars(ctx);
    Args args;
    for (const auto& [name, sort] : action.params) {
      args.push_back(ctx.constant((name + "!conf").c_str(), sort));
      vars.push_back(args.back());
    }
    const z3::expr formula = action.formula(pre, post, args);
    steps.push_back(args.empty() ? formula : z3::exists(vars, formula));
  }
  return Any(ctx, steps);
}

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
  pre_ = ts_.MakeCopy(*ctx_, "@pre");
  post_ = ts_.MakeCopy(*ctx_, "@post");
  solver_ = std::make_unique<z3::solver>(*ctx_);
  Grounder grounder;
  solver_->add(grounder.Ground(NextOrStutter(ts_, pre_, post_)));
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
          EnumValue(tm_state, static_cast<unsigned>(tm.tm)),
      copy[kTwoPcCommitMsg]() == ctx_->bool_val(state.commit_sent),
      copy[kTwoPcAbortMsg]() == ctx_->bool_val(state.abort_sent)};
  for (uint32_t node = 1; node <= rms_; ++node) {
    const z3::expr rm = EnumValue(rm_sort, node - 1);
    const uint32_t bit = 1u << node;
    values.push_back(
        copy[kTwoPcRmState](rm) ==
        EnumValue(rm_state, static_cast<unsigned>(state.nodes[node].rm)));
    values.push_back(copy[kTwoPcTmPrepared](rm) ==
                     ctx_->bool_val((tm.prepared & bit) != 0));
    values.push_back(copy[kTwoPcPreparedMsg](rm) ==
                     ctx_->bool_val((state.prepared_sent & bit) != 0));
  }
  return values;
}

std::string TwoPcConformance::Changes(const TwoPcAbstractState& pre,
                                      const TwoPcAbstractState& post) {
  z3::solver values(*ctx_);
  for (const z3::expr& e : Values(pre_, pre)) values.add(e);
  for (const z3::expr& e : Values(post_, post)) values.add(e);
  if (values.check() != z3::sat) return "(values not satisfiable)";
  const Renderer renderer(ts_, values.get_model());
  std::string diff = renderer.Diff(pre_, post_, "");
  while (!diff.empty() && diff.back() == '\n') diff.pop_back();
  for (char& c : diff) {
    if (c == '\n') c = ';';
  }
  return diff;
}

absl::Status TwoPcConformance::Check(const TwoPcAbstractState& pre,
                                     const TwoPcAbstractState& post,
                                     std::string_view event) {
  if (pre.nodes.size() != rms_ + 1 || post.nodes.size() != rms_ + 1) {
    return absl::InvalidArgumentError("conformance: wrong number of nodes");
  }
  solver_->push();
  for (const z3::expr& e : Values(pre_, pre)) solver_->add(e);
  for (const z3::expr& e : Values(post_, post)) solver_->add(e);
  const z3::check_result answer = solver_->check();
  solver_->pop();
  if (answer == z3::sat) return absl::OkStatus();
  return absl::FailedPreconditionError(
      std::string(event) + ": not a step of the twopc model; it changes " +
      Changes(pre, post));
}

}  // namespace stepwise::spec
