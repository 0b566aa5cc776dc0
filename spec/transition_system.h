// A protocol model for Z3: sorts, state symbols (relations and functions over
// the sorts), an initial condition, named actions relating a pre-state copy to
// a post-state copy, and named properties (invariants, and the lemmas that
// strengthen them into an inductive invariant).
//
// The same TransitionSystem serves the inductive prover (spec/prover.h) and
// bounded model checking (spec/bmc.h): each asks for as many copies of the
// state vocabulary as it needs (`MakeCopy`).
//
// Thread-safety: everything here belongs to one z3::context; use it from one
// thread.

#ifndef STEPWISE_SPEC_TRANSITION_SYSTEM_H_
#define STEPWISE_SPEC_TRANSITION_SYSTEM_H_

#include <z3++.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stepwise::spec {

// How counterexamples name the elements of an uninterpreted sort: prefix
// "rm" gives rm1, rm2, ... When `order` (a binary relation "a <= b") is set,
// elements are numbered in that order, so t1 < t2 < ...
struct SortInfo {
  z3::sort sort;
  std::string prefix;
  std::optional<z3::func_decl> order;
};

// One part of the state: a relation (range Bool) or a function.
struct StateSymbol {
  std::string name;
  std::vector<z3::sort> domain;
  z3::sort range;
};

// One copy of the state: a func_decl per StateSymbol, in the same order.
using StateCopy = std::vector<z3::func_decl>;

// The arguments an action is applied to, one constant per parameter.
using Args = std::vector<z3::expr>;

struct Action {
  std::string name;
  std::vector<std::pair<std::string, z3::sort>> params;
  std::function<z3::expr(const StateCopy& pre, const StateCopy& post,
                         const Args& args)>
      formula;
};

struct Property {
  std::string name;
  std::string description;
  bool lemma = false;  // a strengthening lemma rather than a goal in itself
  std::function<z3::expr(const StateCopy&)> holds;
};

// A symbol that never changes (quorum membership, the order of terms):
// shown in counterexamples next to the state.
struct RigidSymbol {
  std::string name;
  z3::func_decl decl;
};

struct TransitionSystem {
  std::string name;
  std::vector<SortInfo> sorts;
  std::vector<StateSymbol> symbols;
  std::vector<RigidSymbol> rigid;
  std::vector<z3::expr> axioms;
  std::function<z3::expr(const StateCopy&)> init;
  std::vector<Action> actions;
  std::vector<Property> properties;

  // Fresh declarations for every state symbol, named "<symbol><suffix>".
  StateCopy MakeCopy(z3::context& ctx, const std::string& suffix) const;
  const Property* FindProperty(std::string_view name) const;
  std::vector<std::string> LemmaNames() const;
};

// Frame helpers for writing actions.
//
// post(x...) == value(x...) for every x; `value` gets bound variables.
z3::expr Define(const StateSymbol& symbol, const z3::func_decl& post,
                const std::function<z3::expr(const Args&)>& value);
// post == pre.
z3::expr Unchanged(const StateSymbol& symbol, const z3::func_decl& pre,
                   const z3::func_decl& post);
// Every symbol not listed in `changed` keeps its value.
z3::expr UnchangedExcept(const std::vector<StateSymbol>& symbols,
                         const StateCopy& pre, const StateCopy& post,
                         const std::vector<size_t>& changed);
// post(x) == (x == at ? value : pre(x)) for a one-argument symbol.
z3::expr UpdateAt(const StateSymbol& symbol, const z3::func_decl& pre,
                  const z3::func_decl& post, const z3::expr& at,
                  const z3::expr& value);
// post(x...) == pre(x...) || (x... == at...): adds one tuple to a relation.
z3::expr Insert(const StateSymbol& symbol, const z3::func_decl& pre,
                const z3::func_decl& post, const Args& at);

// A finite sort with these elements, in this order (fixed-size instances of
// a model, whose quantifiers spec/ground.h expands).
z3::sort EnumerationSort(z3::context& ctx, const std::string& name,
                         const std::vector<std::string>& elements);
// The `i`-th element of an enumeration sort.
// REQUIRES: i < the number of elements.
z3::expr EnumerationElement(const z3::sort& sort, unsigned i);
// Every element of an enumeration sort, in order.
std::vector<z3::expr> EnumerationElements(const z3::sort& sort);
// `count` element names: prefix + first, prefix + (first + 1), ...
std::vector<std::string> NumberedNames(const std::string& prefix,
                                       uint32_t first, uint32_t count);

// Bound variables for a domain: x0, x1, ...
Args BoundVars(const std::vector<z3::sort>& domain);
// A conjunction / disjunction of a list (true / false when empty).
z3::expr All(z3::context& ctx, const std::vector<z3::expr>& parts);
z3::expr Any(z3::context& ctx, const std::vector<z3::expr>& parts);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_TRANSITION_SYSTEM_H_
