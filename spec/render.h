// Prints states of a Z3 model the way a person reads them: elements of
// uninterpreted sorts get short names (rm1, n2, q1, t1 < t2), relations are
// listed as the tuples that hold, functions as "argument=value".
//
// Thread-safety: one z3::context, one thread.

#ifndef STEPWISE_SPEC_RENDER_H_
#define STEPWISE_SPEC_RENDER_H_

#include <z3++.h>

#include <map>
#include <string>
#include <vector>

#include "spec/transition_system.h"

namespace stepwise::spec {

class Renderer {
 public:
  Renderer(const TransitionSystem& ts, const z3::model& model);

  // A value's display name: "rm2", "committed", "true".
  std::string Name(const z3::expr& value) const;
  // "name(p1=rm2, p2=t1)" for an action applied to its argument constants.
  std::string Call(const Action& action, const Args& args) const;
  // One line per state symbol, indented by `indent`.
  std::string State(const StateCopy& state, const std::string& indent) const;
  // Only what differs between two states, one line per symbol that changed.
  std::string Diff(const StateCopy& pre, const StateCopy& post,
                   const std::string& indent) const;
  // The rigid symbols (quorum membership, ...); empty if there are none.
  std::string Rigid(const std::string& indent) const;

 private:
  static constexpr size_t kMaxTuples = 4096;  // per symbol, for readability

  std::vector<z3::expr> Universe(const z3::sort& sort) const;
  std::vector<Args> Tuples(const std::vector<z3::sort>& domain) const;
  std::string Tuple(const Args& tuple) const;
  std::string Value(const std::vector<z3::sort>& domain, const z3::sort& range,
                    const z3::func_decl& decl) const;

  const TransitionSystem& ts_;
  z3::model model_;
  std::map<std::string, std::string> names_;  // Z3's "RM!val!0" -> "rm1"
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_RENDER_H_
