#include "spec/conformance.h"

#include <cassert>

#include "spec/ground.h"
#include "spec/render.h"

namespace stepwise::spec {
namespace {

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

StepRelation::StepRelation(const TransitionSystem& ts, int max_actions)
    : ts_(ts) {
  assert(max_actions == 1 || max_actions == 2);
  assert(!ts.symbols.empty());
  z3::context& ctx = ts.symbols[0].range.ctx();
  pre_ = ts.MakeCopy(ctx, "@pre");
  post_ = ts.MakeCopy(ctx, "@post");
  Grounder grounder;
  one_ = std::make_unique<z3::solver>(ctx);
  for (const z3::expr& axiom : ts.axioms) one_->add(grounder.Ground(axiom));
  [[maybe_unused]] const z3::check_result consistent = one_->check();
  assert(consistent == z3::sat);
  if (max_actions == 2) {
    const StateCopy mid = ts.MakeCopy(ctx, "@mid");
    two_ = std::make_unique<z3::solver>(ctx);
    for (const z3::expr& axiom : ts.axioms) two_->add(grounder.Ground(axiom));
    two_->add(grounder.Ground(NextOrStutter(ts, pre_, mid)));
    two_->add(grounder.Ground(NextOrStutter(ts, mid, post_)));
  }
  one_->add(grounder.Ground(NextOrStutter(ts, pre_, post_)));
}

bool StepRelation::Check(z3::solver& solver,
                         const std::vector<z3::expr>& values) {
  solver.push();
  for (const z3::expr& value : values) solver.add(value);
  const z3::check_result answer = solver.check();
  solver.pop();
  return answer == z3::sat;
}

bool StepRelation::Allows(const std::vector<z3::expr>& values) {
  // Most steps are one action: the two-action relation, with a whole state
  // left for the solver to find, is asked only when that fails.
  if (Check(*one_, values)) return true;
  return two_ != nullptr && Check(*two_, values);
}

std::string StepRelation::Changes(const std::vector<z3::expr>& values) const {
  z3::solver solver(ts_.symbols[0].range.ctx());
  for (const z3::expr& value : values) solver.add(value);
  if (solver.check() != z3::sat) return "(values not satisfiable)";
  const Renderer renderer(ts_, solver.get_model());
  std::string diff = renderer.Diff(pre_, post_, "");
  while (!diff.empty() && diff.back() == '\n') diff.pop_back();
  std::string out;
  for (char c : diff) {
    if (c == '\n') {
      out += "; ";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace stepwise::spec
