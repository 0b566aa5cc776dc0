#include "spec/transition_system.h"

#include <cassert>
#include <cstdint>

namespace stepwise::spec {

StateCopy TransitionSystem::MakeCopy(z3::context& ctx,
                                     const std::string& suffix) const {
  StateCopy copy;
  copy.reserve(symbols.size());
  for (const StateSymbol& symbol : symbols) {
    const std::string name = symbol.name + suffix;
    copy.push_back(ctx.function(name.c_str(),
                                static_cast<unsigned>(symbol.domain.size()),
                                symbol.domain.data(), symbol.range));
  }
  return copy;
}

const Property* TransitionSystem::FindProperty(std::string_view name) const {
  for (const Property& property : properties) {
    if (property.name == name) return &property;
  }
  return nullptr;
}

std::vector<std::string> TransitionSystem::LemmaNames() const {
  std::vector<std::string> names;
  for (const Property& property : properties) {
    if (property.lemma) names.push_back(property.name);
  }
  return names;
}

z3::sort EnumerationSort(z3::context& ctx, const std::string& name,
                         const std::vector<std::string>& elements) {
  assert(!elements.empty());
  std::vector<const char*> names;
  for (const std::string& element : elements) names.push_back(element.c_str());
  z3::func_decl_vector constants(ctx);
  z3::func_decl_vector testers(ctx);
  return ctx.enumeration_sort(name.c_str(), static_cast<unsigned>(names.size()),
                              names.data(), constants, testers);
}

z3::expr EnumerationElement(const z3::sort& sort, unsigned i) {
  z3::context& ctx = sort.ctx();
  assert(sort.is_datatype());
  assert(i < Z3_get_datatype_sort_num_constructors(ctx, sort));
  return z3::func_decl(ctx, Z3_get_datatype_sort_constructor(ctx, sort, i))();
}

std::vector<z3::expr> EnumerationElements(const z3::sort& sort) {
  const unsigned count =
      Z3_get_datatype_sort_num_constructors(sort.ctx(), sort);
  std::vector<z3::expr> elements;
  for (unsigned i = 0; i < count; ++i) {
    elements.push_back(EnumerationElement(sort, i));
  }
  return elements;
}

std::vector<std::string> NumberedNames(const std::string& prefix,
                                       uint32_t first, uint32_t count) {
  std::vector<std::string> names;
  for (uint32_t i = 0; i < count; ++i) {
    names.push_back(prefix + std::to_string(first + i));
  }
  return names;
}

Args BoundVars(const std::vector<z3::sort>& domain) {
  // Unique names, so a variable bound here is never captured by a quantifier
  // a caller nests inside the body.
  thread_local uint64_t counter = 0;
  Args vars;
  for (const z3::sort& sort : domain) {
    const std::string name = "x!" + std::to_string(counter++);
    vars.push_back(sort.ctx().constant(name.c_str(), sort));
  }
  return vars;
}

namespace {

z3::expr Apply(const z3::func_decl& decl, const Args& args) {
  z3::expr_vector vector(decl.ctx());
  for (const z3::expr& arg : args) vector.push_back(arg);
  return decl(vector);
}

z3::expr Quantify(const Args& vars, const z3::expr& body) {
  if (vars.empty()) return body;
  z3::expr_vector vector(body.ctx());
  for (const z3::expr& var : vars) vector.push_back(var);
  return z3::forall(vector, body);
}

}  // namespace

z3::expr Define(const StateSymbol& symbol, const z3::func_decl& post,
                const std::function<z3::expr(const Args&)>& value) {
  const Args vars = BoundVars(symbol.domain);
  return Quantify(vars, Apply(post, vars) == value(vars));
}

z3::expr Unchanged(const StateSymbol& symbol, const z3::func_decl& pre,
                   const z3::func_decl& post) {
  return Define(symbol, post,
                [&pre](const Args& vars) { return Apply(pre, vars); });
}

z3::expr UnchangedExcept(const std::vector<StateSymbol>& symbols,
                         const StateCopy& pre, const StateCopy& post,
                         const std::vector<size_t>& changed) {
  assert(!symbols.empty());
  assert(pre.size() == symbols.size() && post.size() == pre.size());
  std::vector<z3::expr> parts;
  for (size_t i = 0; i < symbols.size(); ++i) {
    bool listed = false;
    for (size_t c : changed) listed = listed || c == i;
    if (!listed) parts.push_back(Unchanged(symbols[i], pre[i], post[i]));
  }
  return All(symbols[0].range.ctx(), parts);
}

z3::expr UpdateAt(const StateSymbol& symbol, const z3::func_decl& pre,
                  const z3::func_decl& post, const z3::expr& at,
                  const z3::expr& value) {
  assert(symbol.domain.size() == 1);
  return Define(symbol, post, [&](const Args& vars) {
    return z3::ite(vars[0] == at, value, pre(vars[0]));
  });
}

z3::expr Insert(const StateSymbol& symbol, const z3::func_decl& pre,
                const z3::func_decl& post, const Args& at) {
  assert(symbol.domain.size() == at.size());
  return Define(symbol, post, [&](const Args& vars) {
    std::vector<z3::expr> equal;
    for (size_t i = 0; i < vars.size(); ++i) equal.push_back(vars[i] == at[i]);
    return Apply(pre, vars) || All(post.ctx(), equal);
  });
}

z3::expr All(z3::context& ctx, const std::vector<z3::expr>& parts) {
  z3::expr result = ctx.bool_val(true);
  for (size_t i = 0; i < parts.size(); ++i) {
    result = i == 0 ? parts[i] : result && parts[i];
  }
  return result;
}

z3::expr Any(z3::context& ctx, const std::vector<z3::expr>& parts) {
  z3::expr result = ctx.bool_val(false);
  for (size_t i = 0; i < parts.size(); ++i) {
    result = i == 0 ? parts[i] : result || parts[i];
  }
  return result;
}

}  // namespace stepwise::spec
