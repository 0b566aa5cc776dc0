#include "spec/paxos_spec.h"

#include <bit>
#include <cassert>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::spec {
namespace {

using core::paxos::Bug;
using Params = std::vector<std::pair<std::string, z3::sort>>;

// The sorts and rigid symbols every formula below uses.
struct Vocab {
  z3::context& ctx;
  z3::sort acc;
  z3::sort ballot;
  z3::sort value;
  z3::sort quorum;
  z3::func_decl le;      // le(a, b): ballot a <= ballot b
  z3::func_decl member;  // member(acceptor, quorum)
  z3::expr b0;           // the least ballot

  z3::expr Lt(const z3::expr& a, const z3::expr& b) const {
    return le(a, b) && a != b;
  }
  z3::expr Var(const char* name, const z3::sort& sort) const {
    return ctx.constant(name, sort);
  }
  // Every acceptor of quorum `q` sent a 2b for (b, v): v is chosen.
  z3::expr ChosenBy(const StateCopy& s, const z3::expr& b, const z3::expr& q,
                    const z3::expr& v) const {
    const z3::expr a = Var("a!chosen", acc);
    return z3::forall(a, z3::implies(member(a, q), s[kPxPhase2b](a, b, v)));
  }
};

// z3::forall over any number of variables.
z3::expr ForAll(const std::vector<z3::expr>& vars, const z3::expr& body) {
  z3::expr_vector bound(body.ctx());
  for (const z3::expr& var : vars) bound.push_back(var);
  return z3::forall(bound, body);
}

// The quorums of a finite instance as acceptor masks: every set of at least
// Paxos::Quorum acceptors, as core::paxos's proposers and learners count.
std::vector<uint32_t> QuorumMasks(const PaxosSpecOptions& options) {
  const uint32_t quorum = core::paxos::Paxos::Quorum(
      {.nodes = options.acceptors, .bug = options.bug});
  std::vector<uint32_t> masks;
  for (uint32_t mask = 1; mask < (uint32_t{1} << options.acceptors); ++mask) {
    if (static_cast<uint32_t>(std::popcount(mask)) >= quorum) {
      masks.push_back(mask);
    }
  }
  return masks;
}

std::vector<std::string> QuorumNames(const std::vector<uint32_t>& masks) {
  std::vector<std::string> names;
  for (uint32_t mask : masks) {
    std::string name = "q";
    for (uint32_t a = 0; mask >> a != 0; ++a) {
      if ((mask >> a) & 1) name += std::to_string(a + 1);
    }
    names.push_back(name);
  }
  return names;
}

std::shared_ptr<Vocab> MakeVocab(z3::context& ctx,
                                 const PaxosSpecOptions& options) {
  z3::sort acc = ctx.uninterpreted_sort("Acceptor");
  z3::sort ballot = ctx.uninterpreted_sort("Ballot");
  z3::sort value = ctx.uninterpreted_sort("Value");
  z3::sort quorum = ctx.uninterpreted_sort("Quorum");
  if (options.acceptors > 0) {
    acc = EnumerationSort(ctx, "Acceptor",
                          NumberedNames("acc", 1, options.acceptors));
    ballot =
        EnumerationSort(ctx, "Ballot", NumberedNames("b", 0, options.ballots));
    value =
        EnumerationSort(ctx, "Value", NumberedNames("v", 1, options.values));
    quorum = EnumerationSort(ctx, "Quorum", QuorumNames(QuorumMasks(options)));
  }
  return std::make_shared<Vocab>(
      Vocab{ctx, acc, ballot, value, quorum,
            ctx.function("le", ballot, ballot, ctx.bool_sort()),
            ctx.function("member", acc, quorum, ctx.bool_sort()),
            ctx.constant("b0", ballot)});
}

// Pins the rigid symbols of a finite instance: ballots in numeric order from
// b0, quorum membership by mask. The general axioms stay, so the instance is
// checked to satisfy them.
std::vector<z3::expr> FiniteInstance(const Vocab& v,
                                     const PaxosSpecOptions& options) {
  std::vector<z3::expr> facts = {v.b0 == EnumerationElement(v.ballot, 0)};
  for (uint32_t a = 0; a < options.ballots; ++a) {
    for (uint32_t b = 0; b < options.ballots; ++b) {
      const z3::expr le = v.le(EnumerationElement(v.ballot, a),
                               EnumerationElement(v.ballot, b));
      facts.push_back(a <= b ? le : !le);
    }
  }
  const std::vector<uint32_t> masks = QuorumMasks(options);
  for (uint32_t q = 0; q < masks.size(); ++q) {
    for (uint32_t n = 0; n < options.acceptors; ++n) {
      const z3::expr member = v.member(EnumerationElement(v.acc, n),
                                       EnumerationElement(v.quorum, q));
      facts.push_back(((masks[q] >> n) & 1) != 0 ? member : !member);
    }
  }
  return facts;
}

// Ballots: a total order with least element b0. Quorums: any two share an
// acceptor (with half-quorum only: every quorum has one).
std::vector<z3::expr> Axioms(const Vocab& v, Bug bug) {
  const z3::expr a = v.Var("a", v.ballot), b = v.Var("b", v.ballot),
                 c = v.Var("c", v.ballot);
  const z3::expr q1 = v.Var("q1", v.quorum), q2 = v.Var("q2", v.quorum);
  const z3::expr n = v.Var("n", v.acc);
  std::vector<z3::expr> axioms = {
      z3::forall(a, v.le(a, a)),
      z3::forall(a, b, z3::implies(v.le(a, b) && v.le(b, a), a == b)),
      z3::forall(a, b, c, z3::implies(v.le(a, b) && v.le(b, c), v.le(a, c))),
      z3::forall(a, b, v.le(a, b) || v.le(b, a)),
      z3::forall(a, v.le(v.b0, a)),
  };
  if (bug == Bug::kHalfQuorum) {
    axioms.push_back(z3::forall(q1, z3::exists(n, v.member(n, q1))));
  } else {
    axioms.push_back(
        z3::forall(q1, q2, z3::exists(n, v.member(n, q1) && v.member(n, q2))));
  }
  return axioms;
}

// post(x...) = x0 == a ? changed(x...) : pre(x...), for the per-acceptor
// symbols.
z3::expr UpdateSlot(const StateSymbol& symbol, const z3::func_decl& pre,
                    const z3::func_decl& post, const z3::expr& a,
                    const std::function<z3::expr(const Args&)>& changed) {
  return Define(symbol, post, [&](const Args& x) {
    std::vector<z3::expr> rest(x.begin(), x.end());
    return z3::ite(x[0] == a, changed(x),
                   pre(static_cast<unsigned>(rest.size()), rest.data()));
  });
}

// The value a proposer sends in phase 2a with the promises of quorum `q`:
// that of the highest vote reported (by `amax`, at `bmax`), or, when none
// was reported, one a client proposed.
z3::expr ProposedValue(const Vocab& v, const StateCopy& pre, const Args& x,
                       Bug bug) {
  const z3::expr &b = x[0], &q = x[1], &val = x[2], &amax = x[3], &bmax = x[4];
  if (bug == Bug::kIgnorePromisedVotes) return pre[kPxProposed](val);
  const z3::expr a = v.Var("a!2a", v.acc);
  const z3::expr y = v.Var("y!2a", v.ballot);
  const z3::expr reported = pre[kPxPhase1bBal](a, b, y);
  const z3::expr none_reported =
      z3::forall(a, y, z3::implies(v.member(a, q), !reported));
  const z3::expr highest =
      v.member(amax, q) && pre[kPxPhase1bVote](amax, b, bmax, val) &&
      z3::forall(a, y, z3::implies(v.member(a, q) && reported, v.le(y, bmax)));
  return (none_reported && pre[kPxProposed](val)) || highest;
}

void AddProposerActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                        Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"propose", Params{{"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return Insert(sym[kPxProposed], pre[kPxProposed], post[kPxProposed],
                       {x[0]}) &&
                UnchangedExcept(sym, pre, post, {kPxProposed});
       }});
  ts.actions.push_back(
      {"phase1a", Params{{"b", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return Insert(sym[kPxPhase1a], pre[kPxPhase1a], post[kPxPhase1a],
                       {x[0]}) &&
                UnchangedExcept(sym, pre, post, {kPxPhase1a});
       }});
  ts.actions.push_back(
      {"phase2a",
       Params{{"b", v->ballot},
              {"q", v->quorum},
              {"v", v->value},
              {"amax", v->acc},
              {"bmax", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &b = x[0], &q = x[1], &val = x[2];
         const z3::expr a = v->Var("a!q", v->acc);
         const z3::expr w = v->Var("w!2a", v->value);
         return z3::forall(
                    a, z3::implies(v->member(a, q), pre[kPxPhase1b](a, b))) &&
                z3::forall(w, !pre[kPxPhase2a](b, w)) &&
                ProposedValue(*v, pre, x, bug) &&
                Insert(sym[kPxPhase2a], pre[kPxPhase2a], post[kPxPhase2a],
                       {b, val}) &&
                UnchangedExcept(sym, pre, post, {kPxPhase2a});
       }});
  ts.actions.push_back(
      {"learn", Params{{"b", v->ballot}, {"q", v->quorum}, {"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return v->ChosenBy(pre, x[0], x[1], x[2]) &&
                Insert(sym[kPxLearned], pre[kPxLearned], post[kPxLearned],
                       {x[2]}) &&
                UnchangedExcept(sym, pre, post, {kPxLearned});
       }});
}

void AddAcceptorActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                        Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  // Phase1b: promise ballot m, at or above the promise (core::paxos needs
  // above: the model allows more), and report the vote, if any
  // (bal_at_least(b0): the acceptor has voted).
  ts.actions.push_back(
      {"phase1b",
       Params{{"a", v->acc},
              {"m", v->ballot},
              {"vb", v->ballot},
              {"vv", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &a = x[0], &m = x[1], &vb = x[2], &vv = x[3];
         const z3::expr voted = pre[kPxBalAtLeast](a, v->b0);
         const z3::expr report =
             (!voted && Unchanged(sym[kPxPhase1bVote], pre[kPxPhase1bVote],
                                  post[kPxPhase1bVote])) ||
             (voted && pre[kPxVote](a, vb, vv) &&
              Insert(sym[kPxPhase1bVote], pre[kPxPhase1bVote],
                     post[kPxPhase1bVote], {a, m, vb, vv}));
         return pre[kPxPhase1a](m) && !pre[kPxLeft](a, m) &&
                UpdateSlot(sym[kPxLeft], pre[kPxLeft], post[kPxLeft], a,
                           [&](const Args& y) {
                             return pre[kPxLeft](a, y[1]) || v->Lt(y[1], m);
                           }) &&
                Define(sym[kPxPhase1bBal], post[kPxPhase1bBal],
                       [&](const Args& y) {
                         return z3::ite(y[0] == a && y[1] == m,
                                        pre[kPxBalAtLeast](a, y[2]),
                                        pre[kPxPhase1bBal](y[0], y[1], y[2]));
                       }) &&
                Insert(sym[kPxPhase1b], pre[kPxPhase1b], post[kPxPhase1b],
                       {a, m}) &&
                report &&
                UnchangedExcept(
                    sym, pre, post,
                    {kPxLeft, kPxPhase1b, kPxPhase1bBal, kPxPhase1bVote});
       }});
  // Phase2b: vote for a 2a of a ballot at or above the promise (with
  // accept-below-promise: of any ballot). The promise rises to the ballot.
  ts.actions.push_back(
      {"phase2b", Params{{"a", v->acc}, {"b", v->ballot}, {"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &a = x[0], &b = x[1], &val = x[2];
         const z3::expr allowed = bug == Bug::kAcceptBelowPromise
                                      ? v->ctx.bool_val(true)
                                      : !pre[kPxLeft](a, b);
         return pre[kPxPhase2a](b, val) && allowed &&
                UpdateSlot(sym[kPxLeft], pre[kPxLeft], post[kPxLeft], a,
                           [&](const Args& z) {
                             return pre[kPxLeft](a, z[1]) || v->Lt(z[1], b);
                           }) &&
                UpdateSlot(sym[kPxBalAtLeast], pre[kPxBalAtLeast],
                           post[kPxBalAtLeast], a,
                           [&](const Args& z) { return v->le(z[1], b); }) &&
                UpdateSlot(
                    sym[kPxVote], pre[kPxVote], post[kPxVote], a,
                    [&](const Args& z) { return z[1] == b && z[2] == val; }) &&
                Insert(sym[kPxPhase2b], pre[kPxPhase2b], post[kPxPhase2b],
                       {a, b, val}) &&
                UnchangedExcept(sym, pre, post,
                                {kPxLeft, kPxBalAtLeast, kPxVote, kPxPhase2b});
       }});
  // A restart keeps an acceptor's promise and vote. With volatile-promise
  // the promise falls back to the voted ballot `vb` (none: no promise).
  // Proposers and learners keep nothing the model holds: their restarts
  // change nothing here.
  ts.actions.push_back(
      {"acceptor-restart", Params{{"a", v->acc}, {"vb", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         if (bug != Bug::kVolatilePromise) {
           return UnchangedExcept(sym, pre, post, {});
         }
         const z3::expr &a = x[0], &vb = x[1];
         const z3::expr y = v->Var("y!restart", v->ballot);
         // vb is the voted ballot, if the acceptor voted.
         const z3::expr is_bal = z3::forall(
             y, z3::implies(pre[kPxBalAtLeast](a, y),
                            v->le(y, vb) && pre[kPxBalAtLeast](a, vb)));
         return is_bal &&
                UpdateSlot(sym[kPxLeft], pre[kPxLeft], post[kPxLeft], a,
                           [&](const Args& z) {
                             return pre[kPxBalAtLeast](a, vb) &&
                                    v->Lt(z[1], vb);
                           }) &&
                UnchangedExcept(sym, pre, post, {kPxLeft});
       }});
}

struct Vars {
  z3::expr a, b, b2, m, v, v2, q, q2;
};

void AddGoals(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
              const Vars& x) {
  ts.properties.push_back(
      {"agreement", "at most one value is chosen (a quorum voted for it)",
       false, [=](const StateCopy& s) {
         return ForAll({x.b, x.b2, x.q, x.q2, x.v, x.v2},
                       z3::implies(v->ChosenBy(s, x.b, x.q, x.v) &&
                                       v->ChosenBy(s, x.b2, x.q2, x.v2),
                                   x.v == x.v2));
       }});
  ts.properties.push_back(
      {"learners-agree", "no two learners learn different values", false,
       [=](const StateCopy& s) {
         return z3::forall(
             x.v, x.v2,
             z3::implies(s[kPxLearned](x.v) && s[kPxLearned](x.v2),
                         x.v == x.v2));
       }});
  ts.properties.push_back(
      {"validity", "a learned value is one a client proposed", false,
       [=](const StateCopy& s) {
         return z3::forall(
             x.v, z3::implies(s[kPxLearned](x.v), s[kPxProposed](x.v)));
       }});
}

// The classic Paxos inductive invariant. All but 2a-is-safe and
// learned-was-chosen are universal; those are forall-exists from ballots,
// values and quorums to acceptors, ballots and quorums, and no function
// leads from acceptors back, so every check stays in the decidable EPR
// fragment.
void AddLemmas(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
               const Vars& x) {
  auto add = [&](std::string name, std::string description,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, true, holds});
  };
  add("bal-within-mbal", "an acceptor's voted ballot is at most its promise",
      [=](const StateCopy& s) {
        return z3::forall(
            x.a, x.b, x.b2,
            z3::implies(s[kPxBalAtLeast](x.a, x.b) && v->Lt(x.b2, x.b),
                        s[kPxLeft](x.a, x.b2)));
      });
  add("2b-within-bal",
      "an acceptor's voted ballot is at least every ballot it voted in",
      [=](const StateCopy& s) {
        return z3::forall(x.a, x.b, x.v,
                          z3::implies(s[kPxPhase2b](x.a, x.b, x.v),
                                      s[kPxBalAtLeast](x.a, x.b)));
      });
  add("vote-is-a-2b-at-bal",
      "an acceptor's (voted ballot, value) is a 2b it sent, and the voted "
      "ballot is exactly that ballot",
      [=](const StateCopy& s) {
        return ForAll({x.a, x.b, x.v, x.b2},
                      z3::implies(s[kPxVote](x.a, x.b, x.v),
                                  s[kPxPhase2b](x.a, x.b, x.v) &&
                                      z3::implies(s[kPxBalAtLeast](x.a, x.b2),
                                                  v->le(x.b2, x.b))));
      });
  add("2b-implies-2a", "an acceptor votes only for a proposed (2a) value",
      [=](const StateCopy& s) {
        return z3::forall(
            x.a, x.b, x.v,
            z3::implies(s[kPxPhase2b](x.a, x.b, x.v), s[kPxPhase2a](x.b, x.v)));
      });
  add("one-2a-per-ballot", "at most one value is sent in 2a per ballot",
      [=](const StateCopy& s) {
        return z3::forall(
            x.b, x.v, x.v2,
            z3::implies(s[kPxPhase2a](x.b, x.v) && s[kPxPhase2a](x.b, x.v2),
                        x.v == x.v2));
      });
  add("promise-is-kept", "an acceptor that promised m has a promise >= m",
      [=](const StateCopy& s) {
        return z3::forall(
            x.a, x.m, x.b,
            z3::implies(s[kPxPhase1b](x.a, x.m) && v->Lt(x.b, x.m),
                        s[kPxLeft](x.a, x.b)));
      });
  add("1b-covers-votes-below-m",
      "an acceptor's promise of m reports a voted ballot at least every "
      "ballot below m it voted in",
      [=](const StateCopy& s) {
        return ForAll(
            {x.a, x.m, x.b, x.v},
            z3::implies(s[kPxPhase1b](x.a, x.m) &&
                            s[kPxPhase2b](x.a, x.b, x.v) && v->Lt(x.b, x.m),
                        s[kPxPhase1bBal](x.a, x.m, x.b)));
      });
  add("1b-vote-is-a-2b",
      "the (ballot, value) a promise reports is a 2b of "
      "its sender",
      [=](const StateCopy& s) {
        return ForAll({x.a, x.m, x.b, x.v},
                      z3::implies(s[kPxPhase1bVote](x.a, x.m, x.b, x.v),
                                  s[kPxPhase2b](x.a, x.b, x.v)));
      });
  add("2a-is-safe",
      "a 2a for (b, v) implies no other value can be chosen below b: every "
      "quorum has an acceptor that left that ballot without voting for it",
      [=](const StateCopy& s) {
        return ForAll(
            {x.b, x.v, x.b2, x.v2, x.q},
            z3::implies(
                s[kPxPhase2a](x.b, x.v) && v->Lt(x.b2, x.b) && x.v2 != x.v,
                z3::exists(x.a, v->member(x.a, x.q) && s[kPxLeft](x.a, x.b2) &&
                                    !s[kPxPhase2b](x.a, x.b2, x.v2))));
      });
  add("2a-was-proposed", "a value sent in 2a is one a client proposed",
      [=](const StateCopy& s) {
        return z3::forall(
            x.b, x.v,
            z3::implies(s[kPxPhase2a](x.b, x.v), s[kPxProposed](x.v)));
      });
  add("learned-was-chosen", "a learned value was chosen at some ballot",
      [=](const StateCopy& s) {
        return z3::forall(
            x.v,
            z3::implies(s[kPxLearned](x.v),
                        z3::exists(x.b, x.q, v->ChosenBy(s, x.b, x.q, x.v))));
      });
}

}  // namespace

TransitionSystem PaxosSpec(z3::context& ctx, const PaxosSpecOptions& options) {
  assert(options.acceptors <= kPaxosMaxFiniteAcceptors);
  assert(options.acceptors == 0 ||
         (options.ballots >= 1 && options.ballots <= kPaxosMaxFiniteBallots &&
          options.values >= 1 && options.values <= kPaxosMaxFiniteValues));
  std::shared_ptr<const Vocab> v = MakeVocab(ctx, options);
  const z3::sort boolean = ctx.bool_sort();
  TransitionSystem ts;
  ts.name = "paxos";
  ts.sorts = {{v->acc, "acc", std::nullopt},
              {v->ballot, "b", v->le},
              {v->value, "v", std::nullopt},
              {v->quorum, "q", std::nullopt}};
  ts.symbols = {
      {"left", {v->acc, v->ballot}, boolean},
      {"bal_at_least", {v->acc, v->ballot}, boolean},
      {"vote", {v->acc, v->ballot, v->value}, boolean},
      {"proposed", {v->value}, boolean},
      {"phase1a", {v->ballot}, boolean},
      {"phase1b", {v->acc, v->ballot}, boolean},
      {"phase1b_bal", {v->acc, v->ballot, v->ballot}, boolean},
      {"phase1b_vote", {v->acc, v->ballot, v->ballot, v->value}, boolean},
      {"phase2a", {v->ballot, v->value}, boolean},
      {"phase2b", {v->acc, v->ballot, v->value}, boolean},
      {"learned", {v->value}, boolean},
  };
  ts.rigid = {{"ballot le", v->le}, {"quorum member", v->member}};
  ts.axioms = Axioms(*v, options.bug);
  if (options.acceptors > 0) {
    for (const z3::expr& fact : FiniteInstance(*v, options)) {
      ts.axioms.push_back(fact);
    }
  }
  const Vars x{ctx.constant("a", v->acc),     ctx.constant("b", v->ballot),
               ctx.constant("b2", v->ballot), ctx.constant("m", v->ballot),
               ctx.constant("v", v->value),   ctx.constant("v2", v->value),
               ctx.constant("q", v->quorum),  ctx.constant("q2", v->quorum)};
  ts.init = [x](const StateCopy& s) {
    return ForAll({x.a, x.b, x.v, x.m},
                  !s[kPxLeft](x.a, x.b) && !s[kPxBalAtLeast](x.a, x.b) &&
                      !s[kPxVote](x.a, x.b, x.v) && !s[kPxProposed](x.v) &&
                      !s[kPxPhase1a](x.b) && !s[kPxPhase1b](x.a, x.m) &&
                      !s[kPxPhase1bBal](x.a, x.m, x.b) &&
                      !s[kPxPhase1bVote](x.a, x.m, x.b, x.v) &&
                      !s[kPxPhase2a](x.b, x.v) &&
                      !s[kPxPhase2b](x.a, x.b, x.v) && !s[kPxLearned](x.v));
  };
  AddProposerActions(ts, v, options.bug);
  AddAcceptorActions(ts, v, options.bug);
  AddGoals(ts, v, x);
  AddLemmas(ts, v, x);
  return ts;
}

}  // namespace stepwise::spec
