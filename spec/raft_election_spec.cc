#include "spec/raft_election_spec.h"

#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spec/majorities.h"

namespace stepwise::spec {
namespace {

struct Vocab {
  z3::context& ctx;
  z3::sort node;
  z3::sort term;
  z3::sort quorum;
  z3::func_decl le;      // le(a, b): term a <= term b
  z3::func_decl member;  // member(n, q)
  z3::expr term0;        // the least term, every node's initial term

  z3::expr Lt(const z3::expr& a, const z3::expr& b) const {
    return le(a, b) && a != b;
  }
};

std::vector<z3::expr> Axioms(const Vocab& v) {
  const z3::expr a = v.ctx.constant("a", v.term);
  const z3::expr b = v.ctx.constant("b", v.term);
  const z3::expr c = v.ctx.constant("c", v.term);
  const z3::expr q1 = v.ctx.constant("q1", v.quorum);
  const z3::expr q2 = v.ctx.constant("q2", v.quorum);
  const z3::expr n = v.ctx.constant("n", v.node);
  return {
      z3::forall(a, v.le(a, a)),
      z3::forall(a, b, z3::implies(v.le(a, b) && v.le(b, a), a == b)),
      z3::forall(a, b, c, z3::implies(v.le(a, b) && v.le(b, c), v.le(a, c))),
      z3::forall(a, b, v.le(a, b) || v.le(b, a)),
      z3::forall(a, v.le(v.term0, a)),
      // Any two quorums share a node.
      z3::forall(q1, q2, z3::exists(n, v.member(n, q1) && v.member(n, q2))),
  };
}

using Params = std::vector<std::pair<std::string, z3::sort>>;

void AddElectionActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                        const RaftElectionSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const bool double_vote = options.double_vote;
  // Time out into a higher term and vote for oneself.
  ts.actions.push_back(
      {"timeout", Params{{"c", v->node}, {"t", v->term}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &t = a[1];
         return v->Lt(pre[kRaftCurrentTerm](c), t) &&
                UpdateAt(sym[kRaftCurrentTerm], pre[kRaftCurrentTerm],
                         post[kRaftCurrentTerm], c, t) &&
                Insert(sym[kRaftVoted], pre[kRaftVoted], post[kRaftVoted],
                       {c, t, c}) &&
                Insert(sym[kRaftReceived], pre[kRaftReceived],
                       post[kRaftReceived], {c, t, c}) &&
                UnchangedExcept(sym, pre, post,
                                {kRaftCurrentTerm, kRaftVoted, kRaftReceived});
       }});
  // Grant a vote in term t (adopting t if it is higher): at most one
  // candidate per term.
  ts.actions.push_back(
      {"grant-vote", Params{{"n", v->node}, {"c", v->node}, {"t", v->term}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &n = a[0], &c = a[1], &t = a[2];
         const z3::expr x = v->ctx.constant("x!vote", v->node);
         z3::expr may_vote =
             pre[kRaftCurrentTerm](n) != t ||
             z3::forall(x, z3::implies(pre[kRaftVoted](n, t, x), x == c));
         if (double_vote) may_vote = v->ctx.bool_val(true);
         return v->le(pre[kRaftCurrentTerm](n), t) && may_vote &&
                UpdateAt(sym[kRaftCurrentTerm], pre[kRaftCurrentTerm],
                         post[kRaftCurrentTerm], n, t) &&
                Insert(sym[kRaftVoted], pre[kRaftVoted], post[kRaftVoted],
                       {n, t, c}) &&
                UnchangedExcept(sym, pre, post, {kRaftCurrentTerm, kRaftVoted});
       }});
  // A candidate counts a vote of its current term.
  ts.actions.push_back(
      {"receive-vote", Params{{"c", v->node}, {"n", v->node}, {"t", v->term}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &n = a[1], &t = a[2];
         return pre[kRaftVoted](n, t, c) && pre[kRaftCurrentTerm](c) == t &&
                Insert(sym[kRaftReceived], pre[kRaftReceived],
                       post[kRaftReceived], {c, t, n}) &&
                UnchangedExcept(sym, pre, post, {kRaftReceived});
       }});
}

void AddOtherActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                     const RaftElectionSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  // With the votes of a quorum counted, become leader of the current term.
  ts.actions.push_back(
      {"become-leader",
       Params{{"c", v->node}, {"t", v->term}, {"q", v->quorum}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &c = a[0], &t = a[1], &q = a[2];
         const z3::expr n = v->ctx.constant("n!quorum", v->node);
         return pre[kRaftCurrentTerm](c) == t &&
                z3::forall(n, z3::implies(v->member(n, q),
                                          pre[kRaftReceived](c, t, n))) &&
                Insert(sym[kRaftLeader], pre[kRaftLeader], post[kRaftLeader],
                       {c, t}) &&
                UnchangedExcept(sym, pre, post, {kRaftLeader});
       }});
  // Hear of a higher term: adopt it (and step down).
  ts.actions.push_back(
      {"observe-term", Params{{"n", v->node}, {"t", v->term}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         return v->Lt(pre[kRaftCurrentTerm](a[0]), a[1]) &&
                UpdateAt(sym[kRaftCurrentTerm], pre[kRaftCurrentTerm],
                         post[kRaftCurrentTerm], a[0], a[1]) &&
                UnchangedExcept(sym, pre, post, {kRaftCurrentTerm});
       }});
  // Restart: term and vote are durable, counted votes are not.
  const bool forget = options.forget_vote_on_restart;
  ts.actions.push_back(
      {"restart", Params{{"n", v->node}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr& n = a[0];
         std::vector<size_t> changed = {kRaftReceived};
         z3::expr votes = v->ctx.bool_val(true);
         if (forget) {
           changed.push_back(kRaftVoted);
           votes =
               Define(sym[kRaftVoted], post[kRaftVoted], [&](const Args& x) {
                 return pre[kRaftVoted](x[0], x[1], x[2]) && x[0] != n;
               });
         }
         return Define(sym[kRaftReceived], post[kRaftReceived],
                       [&](const Args& x) {
                         return pre[kRaftReceived](x[0], x[1], x[2]) &&
                                x[0] != n;
                       }) &&
                votes && UnchangedExcept(sym, pre, post, changed);
       }});
}

// reply-before-persist: the node's last step granted a vote to another node
// in its current term (adopting that term from `t`, or already in it: t is
// the current term) and sent it before persisting; the node crashes before
// the persist and restarts with its durable term `t` and without that vote.
// Only one step is lost: the node had voted in no term between `t` and the
// current one. Counted votes are lost as in any restart.
void AddCrashBeforePersist(TransitionSystem& ts,
                           std::shared_ptr<const Vocab> v) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"crash-before-persist", Params{{"n", v->node}, {"t", v->term}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr &n = a[0], &t = a[1];
         const z3::expr current = pre[kRaftCurrentTerm](n);
         const z3::expr x = v->ctx.constant("x!lost", v->node);
         const z3::expr u = v->ctx.constant("u!lost", v->term);
         const z3::expr lost_vote =
             z3::exists(x, x != n && pre[kRaftVoted](n, current, x));
         const z3::expr one_step =
             z3::forall(u, x,
                        z3::implies(v->Lt(t, u) && v->Lt(u, current),
                                    !pre[kRaftVoted](n, u, x)));
         return v->le(t, current) && lost_vote && one_step &&
                UpdateAt(sym[kRaftCurrentTerm], pre[kRaftCurrentTerm],
                         post[kRaftCurrentTerm], n, t) &&
                Define(sym[kRaftVoted], post[kRaftVoted],
                       [&](const Args& y) {
                         return pre[kRaftVoted](y[0], y[1], y[2]) &&
                                !(y[0] == n && y[1] == current);
                       }) &&
                Define(sym[kRaftReceived], post[kRaftReceived],
                       [&](const Args& y) {
                         return pre[kRaftReceived](y[0], y[1], y[2]) &&
                                y[0] != n;
                       }) &&
                UnchangedExcept(sym, pre, post,
                                {kRaftCurrentTerm, kRaftVoted, kRaftReceived});
       }});
}

void AddProperties(TransitionSystem& ts, std::shared_ptr<const Vocab> v) {
  z3::context& ctx = v->ctx;
  const z3::expr n = ctx.constant("n", v->node);
  const z3::expr c = ctx.constant("c", v->node);
  const z3::expr c2 = ctx.constant("c2", v->node);
  const z3::expr t = ctx.constant("t", v->term);
  const z3::expr q = ctx.constant("q", v->quorum);
  auto add = [&](std::string name, std::string description, bool lemma,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, lemma, holds});
  };
  add("election-safety", "at most one leader per term", false,
      [=](const StateCopy& s) {
        return z3::forall(
            c, c2, t,
            z3::implies(s[kRaftLeader](c, t) && s[kRaftLeader](c2, t),
                        c == c2));
      });
  add("one-vote-per-term", "a node votes for at most one candidate per term",
      true, [=](const StateCopy& s) {
        return z3::forall(
            n, t, c, c2,
            z3::implies(s[kRaftVoted](n, t, c) && s[kRaftVoted](n, t, c2),
                        c == c2));
      });
  add("no-vote-beyond-current-term",
      "a node has voted only in terms up to its current term", true,
      [=](const StateCopy& s) {
        return z3::forall(n, t, c,
                          z3::implies(s[kRaftVoted](n, t, c),
                                      v->le(t, s[kRaftCurrentTerm](n))));
      });
  add("received-implies-voted",
      "a candidate counts only votes that were granted to it", true,
      [=](const StateCopy& s) {
        return z3::forall(
            c, t, n,
            z3::implies(s[kRaftReceived](c, t, n), s[kRaftVoted](n, t, c)));
      });
  add("leader-has-quorum",
      "a leader of a term holds the votes of a quorum in that term", true,
      [=](const StateCopy& s) {
        return z3::forall(
            c, t,
            z3::implies(
                s[kRaftLeader](c, t),
                z3::exists(
                    q, z3::forall(n, z3::implies(v->member(n, q),
                                                 s[kRaftVoted](n, t, c))))));
      });
}

std::shared_ptr<const Vocab> MakeVocab(z3::context& ctx,
                                       const RaftElectionSpecOptions& options) {
  z3::sort node = ctx.uninterpreted_sort("Node");
  z3::sort term = ctx.uninterpreted_sort("Term");
  z3::sort quorum = ctx.uninterpreted_sort("Quorum");
  if (options.nodes > 0) {
    node = EnumerationSort(ctx, "Node", NumberedNames("n", 0, options.nodes));
    term = EnumerationSort(ctx, "Term", NumberedNames("t", 0, options.terms));
    quorum = EnumerationSort(ctx, "Quorum", MajorityNames(options.nodes));
  }
  return std::make_shared<const Vocab>(Vocab{
      ctx, node, term, quorum, ctx.function("le", term, term, ctx.bool_sort()),
      ctx.function("member", node, quorum, ctx.bool_sort()),
      ctx.constant("term0", term)});
}

// Pins the rigid symbols to the finite instance: terms in their numeric
// order from t0, quorum membership by the quorum's mask. The general axioms
// stay, so the instance is checked to satisfy them.
std::vector<z3::expr> FiniteInstance(const Vocab& v, uint32_t nodes,
                                     uint32_t terms) {
  std::vector<z3::expr> facts = {v.term0 == EnumerationElement(v.term, 0)};
  for (uint32_t a = 0; a < terms; ++a) {
    for (uint32_t b = 0; b < terms; ++b) {
      const z3::expr le =
          v.le(EnumerationElement(v.term, a), EnumerationElement(v.term, b));
      facts.push_back(a <= b ? le : !le);
    }
  }
  const std::vector<uint32_t> quorums = Majorities(nodes);
  for (uint32_t q = 0; q < quorums.size(); ++q) {
    for (uint32_t n = 0; n < nodes; ++n) {
      const z3::expr member = v.member(EnumerationElement(v.node, n),
                                       EnumerationElement(v.quorum, q));
      facts.push_back(((quorums[q] >> n) & 1) != 0 ? member : !member);
    }
  }
  return facts;
}

}  // namespace

TransitionSystem RaftElectionSpec(z3::context& ctx,
                                  const RaftElectionSpecOptions& options) {
  assert((options.nodes == 0) == (options.terms == 0));
  assert(options.nodes <= kRaftMaxFiniteNodes);
  assert(options.terms <= kRaftMaxFiniteTerms);
  const std::shared_ptr<const Vocab> v = MakeVocab(ctx, options);
  const z3::sort node = v->node;
  const z3::sort term = v->term;
  const z3::sort quorum = v->quorum;
  TransitionSystem ts;
  ts.name = "raft";
  ts.sorts = {{node, "n", std::nullopt},
              {term, "t", v->le},
              {quorum, "q", std::nullopt}};
  ts.symbols = {
      {"current_term", {node}, term},
      {"voted", {node, term, node}, ctx.bool_sort()},
      {"received", {node, term, node}, ctx.bool_sort()},
      {"leader", {node, term}, ctx.bool_sort()},
  };
  ts.rigid = {{"quorum member", v->member}};
  ts.axioms = Axioms(*v);
  if (options.nodes > 0) {
    for (const z3::expr& fact :
         FiniteInstance(*v, options.nodes, options.terms)) {
      ts.axioms.push_back(fact);
    }
  }
  ts.init = [v](const StateCopy& s) {
    const z3::expr n = v->ctx.constant("n", v->node);
    const z3::expr m = v->ctx.constant("m", v->node);
    const z3::expr t = v->ctx.constant("t", v->term);
    return z3::forall(n, s[kRaftCurrentTerm](n) == v->term0) &&
           z3::forall(n, t, m,
                      !s[kRaftVoted](n, t, m) && !s[kRaftReceived](n, t, m)) &&
           z3::forall(n, t, !s[kRaftLeader](n, t));
  };
  AddElectionActions(ts, v, options);
  AddOtherActions(ts, v, options);
  if (options.reply_before_persist) AddCrashBeforePersist(ts, v);
  AddProperties(ts, v);
  return ts;
}

}  // namespace stepwise::spec
