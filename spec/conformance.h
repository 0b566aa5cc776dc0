// The transition relation of a fixed-size model instance, asked about
// concrete values: is pre -> post a stutter or an action of the model? The
// per-protocol conformance checkers (twopc_conformance.h, raft_conformance.h)
// abstract a C++ step to values of the model's state symbols and ask here.
//
// Thread-safety: belongs to the z3::context of its TransitionSystem; one
// thread at a time.

#ifndef STEPWISE_SPEC_CONFORMANCE_H_
#define STEPWISE_SPEC_CONFORMANCE_H_

#include <z3++.h>

#include <memory>
#include <string>
#include <vector>

#include "spec/transition_system.h"

namespace stepwise::spec {

class StepRelation {
 public:
  // `max_actions` (1 or 2): how many model actions one checked step may
  // take, for a model that splits what the code does in one step.
  // REQUIRES: the actions quantify only over finite sorts (Bool,
  // enumerations), so the relation grounds to a quantifier-free formula; the
  // axioms are satisfiable; `ts` outlives this object.
  StepRelation(const TransitionSystem& ts, int max_actions);

  // The pre- and post-state symbols that values are given for.
  const StateCopy& pre() const { return pre_; }
  const StateCopy& post() const { return post_; }

  // Whether the state `values` (equalities over pre() and post() that fix
  // every symbol) describe is related by a stutter or by up to `max_actions`
  // actions.
  bool Allows(const std::vector<z3::expr>& values);

  // What differs between pre and post, one "symbol: change" per changed
  // symbol, separated by "; ".
  std::string Changes(const std::vector<z3::expr>& values) const;

 private:
  bool Check(z3::solver& solver, const std::vector<z3::expr>& values);

  const TransitionSystem& ts_;
  StateCopy pre_;
  StateCopy post_;
  std::unique_ptr<z3::solver> one_;  // axioms, Next(pre, post) || stutter
  std::unique_ptr<z3::solver> two_;  // the same through an unseen mid-state
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_CONFORMANCE_H_
