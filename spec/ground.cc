#include "spec/ground.h"

#include <vector>

namespace stepwise::spec {
namespace {

// The values of a finite sort, or nothing if it is not finite.
std::vector<z3::expr> Values(const z3::sort& sort) {
  z3::context& ctx = sort.ctx();
  std::vector<z3::expr> values;
  if (sort.is_bool()) {
    values.push_back(ctx.bool_val(false));
    values.push_back(ctx.bool_val(true));
    return values;
  }
  if (!sort.is_datatype()) return values;
  const unsigned n = Z3_get_datatype_sort_num_constructors(ctx, sort);
  for (unsigned i = 0; i < n; ++i) {
    z3::func_decl constructor(ctx,
                              Z3_get_datatype_sort_constructor(ctx, sort, i));
    if (constructor.arity() != 0) return {};
    values.push_back(constructor());
  }
  return values;
}

}  // namespace

z3::expr Grounder::Ground(const z3::expr& e) {
  const unsigned id = Z3_get_ast_id(e.ctx(), e);
  if (const auto it = memo_.find(id); it != memo_.end()) return it->second;
  z3::expr result = e;
  if (e.is_quantifier() && !e.is_lambda()) {
    result = Expand(e);
  } else if (e.is_app() && e.num_args() > 0) {
    z3::expr_vector args(e.ctx());
    for (unsigned i = 0; i < e.num_args(); ++i)
      args.push_back(Ground(e.arg(i)));
    result = e.decl()(args);
  }
  memo_.emplace(id, result);
  return result;
}

z3::expr Grounder::Expand(const z3::expr& quantifier) {
  z3::context& ctx = quantifier.ctx();
  const unsigned bound = Z3_get_quantifier_num_bound(ctx, quantifier);
  std::vector<std::vector<z3::expr>> domains;
  size_t instances = 1;
  for (unsigned i = 0; i < bound; ++i) {
    z3::sort sort(ctx, Z3_get_quantifier_bound_sort(ctx, quantifier, i));
    domains.push_back(Values(sort));
    instances *= domains.back().size();
    if (domains.back().empty() || instances > kMaxInstances) {
      return quantifier;  // not finite (or too large): leave it to Z3
    }
  }
  const bool forall = quantifier.is_forall();
  std::vector<z3::expr> parts;
  std::vector<size_t> choice(bound, 0);
  for (size_t n = 0; n < instances; ++n) {
    // Var(i) is the bound variable bound - 1 - i.
    z3::expr_vector values(ctx);
    for (unsigned i = 0; i < bound; ++i) {
      const unsigned var = bound - 1 - i;
      values.push_back(domains[var][choice[var]]);
    }
    z3::expr body = quantifier.body();
    parts.push_back(Ground(body.substitute(values)));
    for (unsigned var = 0; var < bound; ++var) {  // next combination
      if (++choice[var] < domains[var].size()) break;
      choice[var] = 0;
    }
  }
  z3::expr result = ctx.bool_val(forall);
  for (size_t i = 0; i < parts.size(); ++i) {
    result =
        i == 0 ? parts[i] : (forall ? result && parts[i] : result || parts[i]);
  }
  return result;
}

}  // namespace stepwise::spec
