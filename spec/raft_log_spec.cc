#include "spec/raft_log_spec.h"

#include <cassert>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "spec/majorities.h"

namespace stepwise::spec {
namespace {

// The finite instance. Formulas are written out over its concrete elements
// (the frame helpers' few quantifiers are expanded by spec/ground.h), so BMC
// hands Z3 a ground problem.
struct Vocab {
  z3::context& ctx;
  z3::sort node;
  z3::sort term;
  z3::sort index;
  z3::sort quorum;
  std::vector<z3::expr> nodes;
  std::vector<z3::expr> terms;
  std::vector<z3::expr> indexes;  // i1, i2, ...: position k is index k + 1
  std::vector<uint32_t> masks;    // quorum k's members, a bit per node

  z3::expr None() const { return terms[0]; }
  // The term order, spelled out (a rigid relation pinned by axioms would
  // leave Z3 congruence reasoning over every pair of its applications).
  z3::expr Lt(const z3::expr& a, const z3::expr& b) const {
    std::vector<z3::expr> parts;
    for (size_t y = 1; y < terms.size(); ++y) {
      std::vector<z3::expr> below;
      for (size_t x = 0; x < y; ++x) below.push_back(a == terms[x]);
      parts.push_back(b == terms[y] && Any(ctx, below));
    }
    return Any(ctx, parts);
  }
  z3::expr Le(const z3::expr& a, const z3::expr& b) const {
    return a == b || Lt(a, b);
  }
  // Is node `m` a member of the (symbolic) quorum `q`?
  z3::expr InQuorum(const z3::expr& q, uint32_t m) const {
    std::vector<z3::expr> holding;
    for (size_t k = 0; k < masks.size(); ++k) {
      if ((masks[k] >> m) & 1) {
        holding.push_back(q == EnumerationElement(quorum, k));
      }
    }
    return Any(ctx, holding);
  }
  z3::expr InQuorum(const z3::expr& q, const z3::expr& n) const {
    std::vector<z3::expr> parts;
    for (uint32_t m = 0; m < nodes.size(); ++m) {
      parts.push_back(n == nodes[m] && InQuorum(q, m));
    }
    return Any(ctx, parts);
  }
  // Is the (symbolic) index `i` before position `k`?
  z3::expr Before(const z3::expr& i, size_t k) const {
    std::vector<z3::expr> parts;
    for (size_t j = 0; j < k; ++j) parts.push_back(i == indexes[j]);
    return Any(ctx, parts);
  }
};

using VocabPtr = std::shared_ptr<const Vocab>;
using Params = std::vector<std::pair<std::string, z3::sort>>;

// post(x) == value(x) for every element x of `xs`, by position.
z3::expr Tabulate(const z3::func_decl& post, const std::vector<z3::expr>& xs,
                  const std::function<z3::expr(size_t)>& value) {
  std::vector<z3::expr> parts;
  for (size_t a = 0; a < xs.size(); ++a) {
    parts.push_back(post(xs[a]) == value(a));
  }
  return All(post.ctx(), parts);
}

// post(x, y) == value(x, y) for every pair, by position.
z3::expr Tabulate(const z3::func_decl& post, const std::vector<z3::expr>& xs,
                  const std::vector<z3::expr>& ys,
                  const std::function<z3::expr(size_t, size_t)>& value) {
  std::vector<z3::expr> parts;
  for (size_t a = 0; a < xs.size(); ++a) {
    for (size_t b = 0; b < ys.size(); ++b) {
      parts.push_back(post(xs[a], ys[b]) == value(a, b));
    }
  }
  return All(post.ctx(), parts);
}

// value(a) for the element xs[a] that `x` is: at once when x is one of
// them, else an ite over all. State symbols are then only ever applied to
// concrete elements, which Z3 treats as plain variables; applications to
// symbolic arguments would cost congruence reasoning over every pair.
z3::expr Select(const std::vector<z3::expr>& xs, const z3::expr& x,
                const std::function<z3::expr(size_t)>& value) {
  assert(!xs.empty());
  for (size_t a = 0; a < xs.size(); ++a) {
    if (z3::eq(x, xs[a])) return value(a);
  }
  z3::expr out = value(xs.size() - 1);
  for (size_t a = xs.size() - 1; a-- > 0;) {
    out = z3::ite(x == xs[a], value(a), out);
  }
  return out;
}

// Reading one state copy.
class Reader {
 public:
  Reader(const Vocab& v, const StateCopy& s) : v_(v), s_(s) {}

  z3::expr Term(const z3::expr& n) const {
    return Select(v_.nodes, n,
                  [&](size_t a) { return s_[kLogTerm](v_.nodes[a]); });
  }
  z3::expr Led(const z3::expr& n, const z3::expr& t) const {
    return Select(v_.nodes, n, [&](size_t a) {
      return Select(v_.terms, t, [&](size_t b) {
        return s_[kLogLeader](v_.nodes[a], v_.terms[b]);
      });
    });
  }
  z3::expr Log(const z3::expr& n, const z3::expr& i) const {
    return Select(v_.nodes, n, [&](size_t a) {
      return Select(v_.indexes, i, [&](size_t k) {
        return s_[kLogEntry](v_.nodes[a], v_.indexes[k]);
      });
    });
  }
  z3::expr Log(const z3::expr& n, size_t k) const {
    return Log(n, v_.indexes[k]);
  }
  z3::expr LeaderLog(const z3::expr& t, const z3::expr& i) const {
    return Select(v_.terms, t, [&](size_t u) {
      return Select(v_.indexes, i, [&](size_t k) {
        return s_[kLogLeaderLog](v_.terms[u], v_.indexes[k]);
      });
    });
  }
  z3::expr LeaderLog(const z3::expr& t, size_t k) const {
    return LeaderLog(t, v_.indexes[k]);
  }
  z3::expr Committed(const z3::expr& n, size_t k) const {
    return Select(v_.nodes, n, [&](size_t a) {
      return s_[kLogCommit](v_.nodes[a], v_.indexes[k]);
    });
  }
  z3::expr StaleRead() const { return s_[kLogStaleRead](); }

  // A leader still in the term it leads.
  z3::expr Active(const z3::expr& c) const { return Led(c, Term(c)); }

  // The term of n's last entry (t0 for an empty log).
  z3::expr LastTerm(const z3::expr& n) const {
    z3::expr last = v_.None();
    for (size_t k = 0; k < v_.indexes.size(); ++k) {
      last = z3::ite(Log(n, k) != v_.None(), Log(n, k), last);
    }
    return last;
  }

  // Raft's voting rule: c's log is at least as up to date as m's (a later
  // last term, or the same last term and at least as long).
  z3::expr UpToDate(const z3::expr& c, const z3::expr& m) const {
    std::vector<z3::expr> not_shorter;
    for (size_t k = 0; k < v_.indexes.size(); ++k) {
      not_shorter.push_back(
          z3::implies(Log(m, k) != v_.None(), Log(c, k) != v_.None()));
    }
    const z3::expr c_last = LastTerm(c);
    const z3::expr m_last = LastTerm(m);
    return v_.Lt(m_last, c_last) ||
           (c_last == m_last && All(v_.ctx, not_shorter));
  }

 private:
  const Vocab& v_;
  const StateCopy& s_;
};

void AddElection(TransitionSystem& ts, VocabPtr v,
                 const RaftLogSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const bool log_check = !options.vote_without_log_check;
  ts.actions.push_back(
      {"become-leader",
       Params{{"c", v->node}, {"t", v->term}, {"q", v->quorum}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &t = a[1], &q = a[2];
         const Reader r(*v, pre);
         std::vector<z3::expr> votes = {v->InQuorum(q, c)};
         for (uint32_t m = 0; m < v->nodes.size(); ++m) {
           const z3::expr& n = v->nodes[m];
           z3::expr grants = v->Lt(r.Term(n), t);
           if (log_check) grants = grants && r.UpToDate(c, n);
           votes.push_back(z3::implies(v->InQuorum(q, m), grants));
         }
         return All(v->ctx, votes) &&
                Tabulate(post[kLogTerm], v->nodes,
                         [&](size_t m) {
                           return z3::ite(v->InQuorum(q, m), t,
                                          r.Term(v->nodes[m]));
                         }) &&
                Insert(sym[kLogLeader], pre[kLogLeader], post[kLogLeader],
                       {c, t}) &&
                // What its AppendEntries of term t will carry starts as its
                // log.
                Tabulate(post[kLogLeaderLog], v->terms, v->indexes,
                         [&](size_t u, size_t k) {
                           return z3::ite(v->terms[u] == t, r.Log(c, k),
                                          r.LeaderLog(v->terms[u], k));
                         }) &&
                UnchangedExcept(sym, pre, post,
                                {kLogTerm, kLogLeader, kLogLeaderLog});
       }});
}

void AddReplication(TransitionSystem& ts, VocabPtr v,
                    const RaftLogSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"client-append", Params{{"c", v->node}, {"i", v->index}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &i = a[1];
         const Reader r(*v, pre);
         const z3::expr t = r.Term(c);
         std::vector<z3::expr> next;  // i is the first free slot
         for (size_t k = 0; k < v->indexes.size(); ++k) {
           z3::expr free = r.Log(c, k) == v->None();
           if (k > 0) free = free && r.Log(c, k - 1) != v->None();
           next.push_back(i == v->indexes[k] && free);
         }
         return r.Active(c) && Any(v->ctx, next) &&
                Tabulate(post[kLogEntry], v->nodes, v->indexes,
                         [&](size_t n, size_t k) {
                           return z3::ite(
                               v->nodes[n] == c && v->indexes[k] == i, t,
                               r.Log(v->nodes[n], k));
                         }) &&
                Tabulate(post[kLogLeaderLog], v->terms, v->indexes,
                         [&](size_t u, size_t k) {
                           return z3::ite(
                               v->terms[u] == t && v->indexes[k] == i, t,
                               r.LeaderLog(v->terms[u], k));
                         }) &&
                UnchangedExcept(sym, pre, post, {kLogEntry, kLogLeaderLog});
       }});
  const bool truncate = !options.no_truncate_on_conflict;
  ts.actions.push_back(
      {"replicate", Params{{"t", v->term}, {"f", v->node}, {"i", v->index}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &t = a[0], &f = a[1], &i = a[2];
         const Reader r(*v, pre);
         const z3::expr entry = r.LeaderLog(t, i);
         const z3::expr held = r.Log(f, i);
         std::vector<z3::expr> prev_matches;
         for (size_t k = 0; k < v->indexes.size(); ++k) {
           prev_matches.push_back(
               i == v->indexes[k] &&
               (k == 0 ? v->ctx.bool_val(true)
                       : r.Log(f, k - 1) == r.LeaderLog(t, k - 1)));
         }
         z3::expr drop_suffix = held != v->None() && held != entry;
         if (!truncate) drop_suffix = v->ctx.bool_val(false);
         return entry != v->None() && v->Le(r.Term(f), t) &&
                Any(v->ctx, prev_matches) &&
                UpdateAt(sym[kLogTerm], pre[kLogTerm], post[kLogTerm], f, t) &&
                Tabulate(post[kLogEntry], v->nodes, v->indexes,
                         [&](size_t n, size_t k) {
                           const z3::expr& node = v->nodes[n];
                           const z3::expr old = r.Log(node, k);
                           return z3::ite(
                               node != f, old,
                               z3::ite(v->indexes[k] == i, entry,
                                       z3::ite(v->Before(i, k) && drop_suffix,
                                               v->None(), old)));
                         }) &&
                UnchangedExcept(sym, pre, post, {kLogTerm, kLogEntry});
       }});
}

void AddCommitAndRead(TransitionSystem& ts, VocabPtr v,
                      const RaftLogSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const bool old_terms = options.commit_old_term;
  ts.actions.push_back(
      {"commit", Params{{"c", v->node}, {"i", v->index}, {"q", v->quorum}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &i = a[1], &q = a[2];
         const Reader r(*v, pre);
         const z3::expr entry = r.Log(c, i);
         const z3::expr own_term = entry == r.Term(c);
         std::vector<z3::expr> stored = {
             r.Active(c), entry != v->None(),
             old_terms ? v->ctx.bool_val(true) : own_term};
         for (uint32_t m = 0; m < v->nodes.size(); ++m) {
           const z3::expr& n = v->nodes[m];
           // An entry of the leader's term came from it, so the holder
           // acknowledged it in that term; an older entry counts only from a
           // node that can still acknowledge.
           stored.push_back(
               z3::implies(v->InQuorum(q, m),
                           r.Log(n, i) == entry &&
                               (own_term || v->Le(r.Term(n), r.Term(c)))));
         }
         return All(v->ctx, stored) &&
                Tabulate(post[kLogCommit], v->nodes, v->indexes,
                         [&](size_t n, size_t k) {
                           return r.Committed(v->nodes[n], k) ||
                                  (v->nodes[n] == c && !v->Before(i, k));
                         }) &&
                UnchangedExcept(sym, pre, post, {kLogCommit});
       }});
  const bool confirm = !options.read_without_quorum;
  ts.actions.push_back(
      {"read", Params{{"c", v->node}, {"q", v->quorum}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &q = a[1];
         const Reader r(*v, pre);
         std::vector<z3::expr> may_serve = {r.Active(c)};
         std::vector<z3::expr> own_commit;
         std::vector<z3::expr> missed;
         for (size_t k = 0; k < v->indexes.size(); ++k) {
           own_commit.push_back(r.Committed(c, k) && r.Log(c, k) == r.Term(c));
           for (const z3::expr& n : v->nodes) {
             missed.push_back(
                 r.Committed(n, k) &&
                 !(r.Committed(c, k) && r.Log(c, k) == r.Log(n, k)));
           }
         }
         if (confirm) {
           may_serve.push_back(Any(v->ctx, own_commit));
           for (uint32_t m = 0; m < v->nodes.size(); ++m) {
             may_serve.push_back(z3::implies(v->InQuorum(q, m),
                                             r.Term(v->nodes[m]) == r.Term(c)));
           }
         }
         return All(v->ctx, may_serve) &&
                post[kLogStaleRead]() ==
                    (r.StaleRead() || Any(v->ctx, missed)) &&
                UnchangedExcept(sym, pre, post, {kLogStaleRead});
       }});
}

using Holds = std::function<z3::expr(const Reader&)>;

// Adds a named invariant read through a Reader of the state.
class PropertyAdder {
 public:
  PropertyAdder(TransitionSystem& ts, VocabPtr v) : ts_(ts), v_(std::move(v)) {}

  void operator()(std::string name, std::string description,
                  Holds holds) const {
    ts_.properties.push_back(
        {std::move(name), std::move(description), false,
         [v = v_, holds](const StateCopy& s) { return holds(Reader(*v, s)); }});
  }

 private:
  TransitionSystem& ts_;
  VocabPtr v_;
};

// What every log must look like, committed or not.
void AddLogProperties(const PropertyAdder& add, VocabPtr v) {
  const auto& nodes = v->nodes;
  const size_t length = v->indexes.size();
  add("election-safety", "at most one leader per term", [=](const Reader& r) {
    std::vector<z3::expr> parts;
    for (const z3::expr& t : v->terms) {
      for (size_t a = 0; a < nodes.size(); ++a) {
        for (size_t b = a + 1; b < nodes.size(); ++b) {
          parts.push_back(!(r.Led(nodes[a], t) && r.Led(nodes[b], t)));
        }
      }
    }
    return All(v->ctx, parts);
  });
  add("log-matching",
      "two logs with an entry of one term at one index agree up to it",
      [=](const Reader& r) {
        std::vector<z3::expr> parts;
        for (size_t a = 0; a < nodes.size(); ++a) {
          for (size_t b = a + 1; b < nodes.size(); ++b) {
            for (size_t k = 1; k < length; ++k) {
              const z3::expr same = r.Log(nodes[a], k) == r.Log(nodes[b], k) &&
                                    r.Log(nodes[a], k) != v->None();
              for (size_t j = 0; j < k; ++j) {
                parts.push_back(z3::implies(
                    same, r.Log(nodes[a], j) == r.Log(nodes[b], j)));
              }
            }
          }
        }
        return All(v->ctx, parts);
      });
  add("log-terms-monotonic", "terms never decrease along a log",
      [=](const Reader& r) {
        std::vector<z3::expr> parts;
        for (const z3::expr& n : nodes) {
          for (size_t k = 1; k < length; ++k) {
            parts.push_back(z3::implies(r.Log(n, k) != v->None(),
                                        v->Le(r.Log(n, k - 1), r.Log(n, k))));
          }
        }
        return All(v->ctx, parts);
      });
}

// What commits and reads promise.
void AddCommitProperties(const PropertyAdder& add, VocabPtr v) {
  const auto& nodes = v->nodes;
  const size_t length = v->indexes.size();
  add("leader-completeness",
      "an active leader holds every entry a node of its term or below knows "
      "committed",
      [=](const Reader& r) {
        std::vector<z3::expr> parts;
        for (const z3::expr& c : nodes) {
          for (const z3::expr& n : nodes) {
            const z3::expr applies = r.Active(c) && v->Le(r.Term(n), r.Term(c));
            for (size_t k = 0; k < length; ++k) {
              parts.push_back(z3::implies(applies && r.Committed(n, k),
                                          r.Log(c, k) == r.Log(n, k)));
            }
          }
        }
        return All(v->ctx, parts);
      });
  // Checked at the commit rather than once a later leader exists, so
  // commit-old-term shows a step (and a term) sooner: in Raft a leader
  // commits only an entry of its term that a quorum holds, and every log
  // missing it is less up to date than that quorum's.
  add("committed-entries-election-proof",
      "no node missing a committed entry could win a quorum's votes on its "
      "log",
      [=](const Reader& r) {
        std::vector<z3::expr> parts;
        for (const z3::expr& c : nodes) {
          std::vector<z3::expr> electable;
          for (uint32_t mask : v->masks) {
            std::vector<z3::expr> voters;
            for (uint32_t m = 0; m < nodes.size(); ++m) {
              if ((mask >> m) & 1) voters.push_back(r.UpToDate(c, nodes[m]));
            }
            electable.push_back(All(v->ctx, voters));
          }
          std::vector<z3::expr> misses;
          for (const z3::expr& n : nodes) {
            for (size_t k = 0; k < length; ++k) {
              misses.push_back(r.Committed(n, k) && r.Log(c, k) != r.Log(n, k));
            }
          }
          parts.push_back(
              z3::implies(Any(v->ctx, misses), !Any(v->ctx, electable)));
        }
        return All(v->ctx, parts);
      });
  add("state-machine-safety",
      "no two nodes commit different entries at an index",
      [=](const Reader& r) {
        std::vector<z3::expr> parts;
        for (size_t a = 0; a < nodes.size(); ++a) {
          for (size_t b = a + 1; b < nodes.size(); ++b) {
            for (size_t k = 0; k < length; ++k) {
              parts.push_back(z3::implies(
                  r.Committed(nodes[a], k) && r.Committed(nodes[b], k),
                  r.Log(nodes[a], k) == r.Log(nodes[b], k)));
            }
          }
        }
        return All(v->ctx, parts);
      });
  add("linearizable-reads",
      "no read was served that missed an entry committed at the time",
      [](const Reader& r) { return !r.StaleRead(); });
}

VocabPtr MakeVocab(z3::context& ctx, const RaftLogSpecOptions& options) {
  const z3::sort node =
      EnumerationSort(ctx, "LNode", NumberedNames("n", 0, options.nodes));
  const z3::sort term =
      EnumerationSort(ctx, "LTerm", NumberedNames("t", 0, options.terms));
  const z3::sort index =
      EnumerationSort(ctx, "LIndex", NumberedNames("i", 1, options.log_length));
  const z3::sort quorum =
      EnumerationSort(ctx, "LQuorum", MajorityNames(options.nodes));
  return std::make_shared<const Vocab>(
      Vocab{ctx, node, term, index, quorum, EnumerationElements(node),
            EnumerationElements(term), EnumerationElements(index),
            Majorities(options.nodes)});
}

}  // namespace

TransitionSystem RaftLogSpec(z3::context& ctx,
                             const RaftLogSpecOptions& options) {
  assert(options.nodes >= 1 && options.nodes <= kRaftLogMaxNodes);
  assert(options.terms >= 2 && options.terms <= kRaftLogMaxTerms);
  assert(options.log_length >= 1 && options.log_length <= kRaftLogMaxLength);
  const VocabPtr v = MakeVocab(ctx, options);
  TransitionSystem ts;
  ts.name = "raft-log";
  ts.sorts = {{v->node, "n", std::nullopt},
              {v->term, "t", std::nullopt},
              {v->index, "i", std::nullopt},
              {v->quorum, "q", std::nullopt}};
  ts.symbols = {
      {"term", {v->node}, v->term},
      {"leader", {v->node, v->term}, ctx.bool_sort()},
      {"log", {v->node, v->index}, v->term},
      {"leader_log", {v->term, v->index}, v->term},
      {"committed", {v->node, v->index}, ctx.bool_sort()},
      {"stale_read", {}, ctx.bool_sort()},
  };
  ts.init = [v](const StateCopy& s) {
    const Reader r(*v, s);
    std::vector<z3::expr> parts = {!r.StaleRead()};
    for (const z3::expr& n : v->nodes) {
      parts.push_back(r.Term(n) == v->None());
      for (const z3::expr& t : v->terms) parts.push_back(!r.Led(n, t));
      for (size_t k = 0; k < v->indexes.size(); ++k) {
        parts.push_back(r.Log(n, k) == v->None() && !r.Committed(n, k));
      }
    }
    for (const z3::expr& t : v->terms) {
      for (size_t k = 0; k < v->indexes.size(); ++k) {
        parts.push_back(r.LeaderLog(t, k) == v->None());
      }
    }
    return All(v->ctx, parts);
  };
  AddElection(ts, v, options);
  AddReplication(ts, v, options);
  AddCommitAndRead(ts, v, options);
  const PropertyAdder add(ts, v);
  AddLogProperties(add, v);
  AddCommitProperties(add, v);
  return ts;
}

}  // namespace stepwise::spec
