#include "spec/render.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <utility>

namespace stepwise::spec {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

z3::expr Apply(const z3::func_decl& decl, const Args& args) {
  z3::expr_vector vector(decl.ctx());
  for (const z3::expr& arg : args) vector.push_back(arg);
  return decl(vector);
}

std::string Join(const std::vector<std::string>& parts,
                 const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace

Renderer::Renderer(const TransitionSystem& ts, const z3::model& model)
    : ts_(ts), model_(model) {
  for (const SortInfo& info : ts.sorts) {
    // A fixed-size instance names its elements itself (n0 for node 0, t2
    // for term 2); renumbering them would misname the concrete values.
    if (info.sort.is_datatype()) continue;
    std::vector<z3::expr> elements = Universe(info.sort);
    if (info.order) {
      // Rank = how many elements are <= this one.
      std::vector<std::pair<int, size_t>> ranks;
      for (size_t i = 0; i < elements.size(); ++i) {
        int rank = 0;
        for (const z3::expr& other : elements) {
          if (model_.eval((*info.order)(other, elements[i]), true).is_true()) {
            ++rank;
          }
        }
        ranks.push_back({rank, i});
      }
      std::sort(ranks.begin(), ranks.end());
      std::vector<z3::expr> ordered;
      for (const auto& [rank, i] : ranks) ordered.push_back(elements[i]);
      elements = ordered;
    }
    for (size_t i = 0; i < elements.size(); ++i) {
      names_[elements[i].to_string()] = info.prefix + std::to_string(i + 1);
    }
  }
}

std::vector<z3::expr> Renderer::Universe(const z3::sort& sort) const {
  z3::context& ctx = sort.ctx();
  std::vector<z3::expr> elements;
  if (sort.is_bool()) {
    elements.push_back(ctx.bool_val(false));
    elements.push_back(ctx.bool_val(true));
  } else if (sort.is_datatype()) {
    const unsigned n = Z3_get_datatype_sort_num_constructors(ctx, sort);
    for (unsigned i = 0; i < n; ++i) {
      z3::func_decl constructor(ctx,
                                Z3_get_datatype_sort_constructor(ctx, sort, i));
      elements.push_back(constructor());
    }
  } else {
    const unsigned sorts = Z3_model_get_num_sorts(ctx, model_);
    for (unsigned i = 0; i < sorts; ++i) {
      z3::sort candidate(ctx, Z3_model_get_sort(ctx, model_, i));
      if (!z3::eq(candidate, sort)) continue;
      z3::expr_vector universe(
          ctx, Z3_model_get_sort_universe(ctx, model_, candidate));
      for (unsigned j = 0; j < universe.size(); ++j) {
        elements.push_back(universe[j]);
      }
    }
  }
  return elements;
}

std::vector<Args> Renderer::Tuples(const std::vector<z3::sort>& domain) const {
  std::vector<Args> tuples(1);
  for (const z3::sort& sort : domain) {
    const std::vector<z3::expr> universe = Universe(sort);
    std::vector<Args> longer;
    for (const Args& tuple : tuples) {
      for (const z3::expr& element : universe) {
        if (longer.size() >= kMaxTuples) break;
        Args extended = tuple;
        extended.push_back(element);
        longer.push_back(std::move(extended));
      }
    }
    tuples = std::move(longer);
  }
  return tuples;
}

std::string Renderer::Name(const z3::expr& value) const {
  const std::string text = value.to_string();
  const auto it = names_.find(text);
  return it == names_.end() ? text : it->second;
}

std::string Renderer::Tuple(const Args& tuple) const {
  std::vector<std::string> parts;
  for (const z3::expr& element : tuple) parts.push_back(Name(element));
  if (parts.size() == 1) return parts[0];
  return "(" + Join(parts, ", ") + ")";
}

std::string Renderer::Call(const Action& action, const Args& args) const {
  std::vector<std::string> parts;
  for (size_t i = 0; i < action.params.size() && i < args.size(); ++i) {
    parts.push_back(action.params[i].first + "=" +
                    Name(model_.eval(args[i], true)));
  }
  return action.name + "(" + Join(parts, ", ") + ")";
}

namespace {

// Each tuple of the domain with its value; relations keep only true tuples
// (value "").
Entries Evaluate(const Renderer& renderer, const z3::model& model,
                 const std::vector<Args>& tuples, const z3::sort& range,
                 const z3::func_decl& decl,
                 const std::function<std::string(const Args&)>& tuple_name) {
  Entries entries;
  for (const Args& tuple : tuples) {
    const z3::expr value = model.eval(Apply(decl, tuple), true);
    if (range.is_bool() && !tuple.empty()) {
      if (value.is_true()) entries.push_back({tuple_name(tuple), ""});
    } else {
      entries.push_back({tuple_name(tuple), renderer.Name(value)});
    }
  }
  return entries;
}

std::string Show(const Entries& entries, bool relation, bool nullary) {
  if (nullary) return entries.empty() ? "?" : entries[0].second;
  std::vector<std::string> parts;
  for (const auto& [tuple, value] : entries) {
    parts.push_back(relation ? tuple : tuple + "=" + value);
  }
  return relation ? "{" + Join(parts, ", ") + "}" : Join(parts, ", ");
}

}  // namespace

std::string Renderer::Value(const std::vector<z3::sort>& domain,
                            const z3::sort& range,
                            const z3::func_decl& decl) const {
  const Entries entries =
      Evaluate(*this, model_, Tuples(domain), range, decl,
               [this](const Args& tuple) { return Tuple(tuple); });
  return Show(entries, range.is_bool() && !domain.empty(), domain.empty());
}

std::string Renderer::State(const StateCopy& state,
                            const std::string& indent) const {
  assert(state.size() == ts_.symbols.size());
  std::string out;
  for (size_t i = 0; i < ts_.symbols.size(); ++i) {
    const StateSymbol& symbol = ts_.symbols[i];
    out += indent + symbol.name + ": " +
           Value(symbol.domain, symbol.range, state[i]) + "\n";
  }
  return out;
}

std::string Renderer::Diff(const StateCopy& pre, const StateCopy& post,
                           const std::string& indent) const {
  assert(pre.size() == ts_.symbols.size() && post.size() == pre.size());
  std::string out;
  for (size_t i = 0; i < ts_.symbols.size(); ++i) {
    const StateSymbol& symbol = ts_.symbols[i];
    const std::vector<Args> tuples = Tuples(symbol.domain);
    auto name = [this](const Args& tuple) { return Tuple(tuple); };
    const Entries before =
        Evaluate(*this, model_, tuples, symbol.range, pre[i], name);
    const Entries after =
        Evaluate(*this, model_, tuples, symbol.range, post[i], name);
    if (before == after) continue;
    std::vector<std::string> changes;
    if (symbol.range.is_bool() && !symbol.domain.empty()) {
      for (const auto& entry : after) {
        if (std::find(before.begin(), before.end(), entry) == before.end()) {
          changes.push_back("+" + entry.first);
        }
      }
      for (const auto& entry : before) {
        if (std::find(after.begin(), after.end(), entry) == after.end()) {
          changes.push_back("-" + entry.first);
        }
      }
    } else if (symbol.domain.empty()) {
      changes.push_back(Show(before, false, true) + " -> " +
                        Show(after, false, true));
    } else {
      for (size_t j = 0; j < before.size() && j < after.size(); ++j) {
        if (before[j] == after[j]) continue;
        changes.push_back(before[j].first + " " + before[j].second + " -> " +
                          after[j].second);
      }
    }
    out += indent + symbol.name + ": " + Join(changes, ", ") + "\n";
  }
  return out;
}

std::string Renderer::Rigid(const std::string& indent) const {
  std::string out;
  for (const RigidSymbol& rigid : ts_.rigid) {
    std::vector<z3::sort> domain;
    for (unsigned i = 0; i < rigid.decl.arity(); ++i) {
      domain.push_back(rigid.decl.domain(i));
    }
    out += indent + rigid.name + ": " +
           Value(domain, rigid.decl.range(), rigid.decl) + "\n";
  }
  return out;
}

}  // namespace stepwise::spec
