#include "spec/bmc.h"

#include <chrono>
#include <vector>

#include "absl/status/status.h"
#include "spec/ground.h"
#include "spec/render.h"

namespace stepwise::spec {
namespace {

// One unrolled step: a selector per action and the action's arguments.
struct Step {
  std::vector<z3::expr> selectors;
  std::vector<Args> args;
};

Step AddStep(z3::solver& solver, Grounder& grounder, const TransitionSystem& ts,
             const StateCopy& pre, const StateCopy& post, int k) {
  z3::context& ctx = solver.ctx();
  Step step;
  for (size_t a = 0; a < ts.actions.size(); ++a) {
    const Action& action = ts.actions[a];
    const std::string tag = "@" + std::to_string(k) + "#" + action.name;
    const z3::expr selector = ctx.bool_const(("take" + tag).c_str());
    Args args;
    for (const auto& [name, sort] : action.params) {
      args.push_back(ctx.constant((name + tag).c_str(), sort));
    }
    solver.add(z3::implies(selector,
                           grounder.Ground(action.formula(pre, post, args))));
    step.selectors.push_back(selector);
    step.args.push_back(args);
  }
  solver.add(Any(ctx, step.selectors));
  return step;
}

std::string Trace(const TransitionSystem& ts, const z3::model& model,
                  const std::vector<StateCopy>& states,
                  const std::vector<Step>& steps) {
  const Renderer renderer(ts, model);
  std::string out =
      "State 1: <Initial state>\n" + renderer.State(states[0], "  ");
  for (size_t k = 0; k < steps.size(); ++k) {
    std::string call = "?";
    for (size_t a = 0; a < ts.actions.size(); ++a) {
      if (model.eval(steps[k].selectors[a], true).is_true()) {
        call = renderer.Call(ts.actions[a], steps[k].args[a]);
        break;
      }
    }
    out += "State " + std::to_string(k + 2) + ": <" + call + ">\n" +
           renderer.Diff(states[k], states[k + 1], "  ");
  }
  return out;
}

z3::expr Checked(const TransitionSystem& ts, const BmcOptions& options,
                 const StateCopy& state, Grounder& grounder) {
  std::vector<z3::expr> parts;
  for (const Property& property : ts.properties) {
    if (property.lemma && !options.lemmas) continue;
    parts.push_back(grounder.Ground(property.holds(state)));
  }
  return All(state.at(0).ctx(), parts);
}

}  // namespace

std::string BmcVerdictName(BmcVerdict verdict) {
  switch (verdict) {
    case BmcVerdict::kNoViolation:
      return "no-violation";
    case BmcVerdict::kViolation:
      return "violation";
    case BmcVerdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

absl::StatusOr<BmcResult> Bmc(const TransitionSystem& ts,
                              const BmcOptions& options) {
  if (options.depth < 0 || options.depth > kMaxBmcDepth) {
    return absl::InvalidArgumentError("bmc depth must be in 0.." +
                                      std::to_string(kMaxBmcDepth));
  }
  if (ts.symbols.empty()) {
    return absl::InvalidArgumentError(ts.name + " has no state");
  }
  try {
    z3::context& ctx = ts.symbols[0].range.ctx();
    z3::solver solver(ctx);
    z3::params params(ctx);
    params.set("timeout", options.timeout_ms);
    solver.set(params);
    Grounder grounder;
    for (const z3::expr& axiom : ts.axioms) solver.add(grounder.Ground(axiom));
    std::vector<StateCopy> states = {ts.MakeCopy(ctx, "@0")};
    std::vector<Step> steps;
    solver.add(grounder.Ground(ts.init(states[0])));
    BmcResult result;
    for (int k = 0;; ++k) {
      solver.push();
      solver.add(!Checked(ts, options, states.back(), grounder));
      const auto start = std::chrono::steady_clock::now();
      const z3::check_result answer = solver.check();
      result.ms += std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count();
      result.depth = k;
      if (answer == z3::unknown) {
        result.verdict = BmcVerdict::kUnknown;
        result.trace = "solver gave up at depth " + std::to_string(k) + ": " +
                       solver.reason_unknown() + "\n";
        return result;
      }
      if (answer == z3::sat) {
        const z3::model model = solver.get_model();
        result.verdict = BmcVerdict::kViolation;
        for (const Property& property : ts.properties) {
          if (property.lemma && !options.lemmas) continue;
          if (!model.eval(grounder.Ground(property.holds(states.back())), true)
                   .is_true()) {
            result.violated = property.name;
            break;
          }
        }
        result.trace = Trace(ts, model, states, steps);
        return result;
      }
      solver.pop();
      if (k == options.depth) return result;
      states.push_back(ts.MakeCopy(ctx, "@" + std::to_string(k + 1)));
      steps.push_back(
          AddStep(solver, grounder, ts, states[k], states[k + 1], k));
    }
  } catch (const z3::exception& e) {
    return absl::InternalError(std::string("z3: ") + e.msg());
  }
}

}  // namespace stepwise::spec
