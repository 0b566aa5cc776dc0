#include "spec/prover.h"

#include <chrono>

#include "absl/status/status.h"
#include "spec/render.h"

namespace stepwise::spec {
namespace {

bool Dropped(const ProveOptions& options, const std::string& name) {
  for (const std::string& without : options.without) {
    if (without == name) return true;
  }
  return false;
}

// Runs one check; returns the solver's answer and adds its time to `ms`.
z3::check_result Check(z3::solver& solver, double* ms) {
  const auto start = std::chrono::steady_clock::now();
  const z3::check_result result = solver.check();
  *ms += std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
             .count();
  return result;
}

z3::solver NewSolver(z3::context& ctx, const TransitionSystem& ts,
                     unsigned timeout_ms) {
  z3::solver solver(ctx);
  z3::params params(ctx);
  params.set("timeout", timeout_ms);
  solver.set(params);
  for (const z3::expr& axiom : ts.axioms) solver.add(axiom);
  return solver;
}

// A model with as few elements per uninterpreted sort as the solver can
// find (up to kMaxShrink), so counterexamples stay short to read; the
// solver's own model when no smaller one exists. REQUIRES: the last check
// of `solver` was sat.
z3::model SmallModel(z3::solver& solver, const TransitionSystem& ts) {
  constexpr int kMaxShrink = 6;
  z3::model found = solver.get_model();
  for (int bound = 1; bound <= kMaxShrink; ++bound) {
    solver.push();
    for (const SortInfo& info : ts.sorts) {
      if (info.sort.sort_kind() != Z3_UNINTERPRETED_SORT) continue;
      const z3::expr x = solver.ctx().constant("x!shrink", info.sort);
      std::vector<z3::expr> choices;
      for (int i = 0; i < bound; ++i) {
        const std::string name = "e!" + info.prefix + "!" + std::to_string(i);
        choices.push_back(x == solver.ctx().constant(name.c_str(), info.sort));
      }
      solver.add(z3::forall(x, Any(solver.ctx(), choices)));
    }
    const bool small = solver.check() == z3::sat;
    if (small) found = solver.get_model();
    solver.pop();
    if (small) break;
  }
  return found;
}

struct Copies {
  StateCopy pre;
  StateCopy post;
};

// Consecution of `property` under `action`; fills `result` if it fails.
bool CheckAction(const TransitionSystem& ts, const ProveOptions& options,
                 const Copies& copies, const Property& property,
                 const Action& action, PropertyResult* result) {
  z3::context& ctx = copies.pre.at(0).ctx();
  z3::solver solver = NewSolver(ctx, ts, options.timeout_ms);
  for (const Property& kept : ts.properties) {
    if (!Dropped(options, kept.name)) solver.add(kept.holds(copies.pre));
  }
  Args args;
  for (const auto& [name, sort] : action.params) {
    args.push_back(ctx.constant(name.c_str(), sort));
  }
  solver.add(action.formula(copies.pre, copies.post, args));
  solver.add(!property.holds(copies.post));
  const z3::check_result answer = Check(solver, &result->ms);
  if (answer == z3::unsat) return true;
  result->broken_by = action.name;
  if (answer == z3::unknown) {
    result->verdict = Verdict::kUnknown;
    result->counterexample = "solver gave up on " + action.name + ": " +
                             solver.reason_unknown() + "\n";
    return false;
  }
  result->verdict = Verdict::kCounterexample;
  const Renderer renderer(ts, SmallModel(solver, ts));
  const std::string call = renderer.Call(action, args);
  std::string text = "counterexample to induction: " + call + " breaks " +
                     property.name + "\n";
  const std::string rigid = renderer.Rigid("    ");
  if (!rigid.empty()) text += "  fixed:\n" + rigid;
  text += "  before (every kept invariant and lemma holds):\n" +
          renderer.State(copies.pre, "    ");
  text += "  after " + call + ":\n" +
          renderer.Diff(copies.pre, copies.post, "    ");
  result->counterexample = text;
  return false;
}

PropertyResult CheckProperty(const TransitionSystem& ts,
                             const ProveOptions& options, const Copies& copies,
                             const Property& property) {
  PropertyResult result;
  result.name = property.name;
  result.description = property.description;
  result.lemma = property.lemma;
  z3::context& ctx = copies.pre.at(0).ctx();
  z3::solver solver = NewSolver(ctx, ts, options.timeout_ms);
  solver.add(ts.init(copies.pre));
  solver.add(!property.holds(copies.pre));
  const z3::check_result answer = Check(solver, &result.ms);
  if (answer != z3::unsat) {
    result.broken_by = "init";
    if (answer == z3::unknown) {
      result.verdict = Verdict::kUnknown;
      result.counterexample =
          "solver gave up on init: " + solver.reason_unknown() + "\n";
    } else {
      result.verdict = Verdict::kCounterexample;
      const Renderer renderer(ts, SmallModel(solver, ts));
      result.counterexample = "an initial state violates " + property.name +
                              ":\n" + renderer.State(copies.pre, "    ");
    }
    return result;
  }
  for (const Action& action : ts.actions) {
    if (!CheckAction(ts, options, copies, property, action, &result)) break;
  }
  return result;
}

}  // namespace

std::string VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kProved:
      return "proved";
    case Verdict::kCounterexample:
      return "counterexample";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

absl::StatusOr<std::vector<PropertyResult>> Prove(const TransitionSystem& ts,
                                                  const ProveOptions& options) {
  const std::vector<std::string> lemmas = ts.LemmaNames();
  for (const std::string& name : options.without) {
    bool known = false;
    for (const std::string& lemma : lemmas) known = known || lemma == name;
    if (!known) {
      std::string valid;
      for (const std::string& lemma : lemmas) {
        valid += (valid.empty() ? "" : ", ") + lemma;
      }
      return absl::InvalidArgumentError("unknown lemma '" + name + "' of " +
                                        ts.name + " (valid: " + valid + ")");
    }
  }
  if (ts.symbols.empty()) {
    return absl::InvalidArgumentError(ts.name + " has no state");
  }
  try {
    z3::context& ctx = ts.symbols[0].range.ctx();
    const Copies copies{ts.MakeCopy(ctx, ""), ts.MakeCopy(ctx, "'")};
    std::vector<PropertyResult> results;
    for (const Property& property : ts.properties) {
      if (Dropped(options, property.name)) continue;
      results.push_back(CheckProperty(ts, options, copies, property));
    }
    return results;
  } catch (const z3::exception& e) {
    return absl::InternalError(std::string("z3: ") + e.msg());
  }
}

}  // namespace stepwise::spec
