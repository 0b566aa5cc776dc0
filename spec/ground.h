// Expands quantifiers whose bound variables all range over finite sorts
// (Bool, enumeration sorts) into conjunctions / disjunctions of instances, so
// bounded model checking of a fixed-size model needs no quantifier
// instantiation. Quantifiers over other sorts are left as they are.
//
// Thread-safety: one z3::context, one thread.

#ifndef STEPWISE_SPEC_GROUND_H_
#define STEPWISE_SPEC_GROUND_H_

#include <z3++.h>

#include <cstddef>
#include <unordered_map>

namespace stepwise::spec {

class Grounder {
 public:
  // REQUIRES: `e` has no free (de Bruijn) variables.
  z3::expr Ground(const z3::expr& e);

 private:
  static constexpr size_t kMaxInstances = 1 << 16;  // per quantifier

  z3::expr Expand(const z3::expr& quantifier);

  std::unordered_map<unsigned, z3::expr> memo_;  // by AST id
};

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_GROUND_H_
