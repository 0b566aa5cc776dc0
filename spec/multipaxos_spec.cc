#include "spec/multipaxos_spec.h"

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

using core::multipaxos::Bug;
using Params = std::vector<std::pair<std::string, z3::sort>>;

// The sorts and rigid symbols every formula below uses.
struct Vocab {
  z3::context& ctx;
  z3::sort acc;
  z3::sort ballot;
  z3::sort slot;
  z3::sort value;
  z3::sort quorum;
  z3::func_decl le;      // le(a, b): ballot a <= ballot b
  z3::func_decl member;  // member(acceptor, quorum)
  z3::expr b0;           // the least ballot
  z3::expr noop;         // the value that fills a gap

  z3::expr Lt(const z3::expr& a, const z3::expr& b) const {
    return le(a, b) && a != b;
  }
  z3::expr Var(const char* name, const z3::sort& sort) const {
    return ctx.constant(name, sort);
  }
  // Every acceptor of quorum `q` sent a 2b for (b, s, v): v is chosen in s.
  z3::expr ChosenBy(const StateCopy& st, const z3::expr& b, const z3::expr& s,
                    const z3::expr& q, const z3::expr& v) const {
    const z3::expr a = Var("a!chosen", acc);
    return z3::forall(a, z3::implies(member(a, q), st[kMpPhase2b](a, b, s, v)));
  }
};

// z3::forall over any number of variables.
z3::expr ForAll(const std::vector<z3::expr>& vars, const z3::expr& body) {
  z3::expr_vector bound(body.ctx());
  for (const z3::expr& var : vars) bound.push_back(var);
  return z3::forall(bound, body);
}

// Ballots: a total order with least element b0. Quorums: any two share an
// acceptor.
std::vector<z3::expr> Axioms(const Vocab& v) {
  const z3::expr a = v.Var("a", v.ballot), b = v.Var("b", v.ballot),
                 c = v.Var("c", v.ballot);
  const z3::expr q1 = v.Var("q1", v.quorum), q2 = v.Var("q2", v.quorum);
  const z3::expr n = v.Var("n", v.acc);
  return {
      z3::forall(a, v.le(a, a)),
      z3::forall(a, b, z3::implies(v.le(a, b) && v.le(b, a), a == b)),
      z3::forall(a, b, c, z3::implies(v.le(a, b) && v.le(b, c), v.le(a, c))),
      z3::forall(a, b, v.le(a, b) || v.le(b, a)),
      z3::forall(a, v.le(v.b0, a)),
      z3::forall(q1, q2, z3::exists(n, v.member(n, q1) && v.member(n, q2))),
  };
}

// Pins the rigid symbols of a finite instance: ballots in numeric order from
// b0, the first value the no-op, quorums the majorities. The general axioms
// stay, so the instance is checked to satisfy them.
std::vector<z3::expr> FiniteInstance(const Vocab& v,
                                     const MultiPaxosSpecOptions& options) {
  std::vector<z3::expr> facts = {v.b0 == EnumerationElement(v.ballot, 0),
                                 v.noop == EnumerationElement(v.value, 0)};
  for (uint32_t a = 0; a < options.ballots; ++a) {
    for (uint32_t b = 0; b < options.ballots; ++b) {
      const z3::expr le = v.le(EnumerationElement(v.ballot, a),
                               EnumerationElement(v.ballot, b));
      facts.push_back(a <= b ? le : !le);
    }
  }
  const std::vector<uint32_t> masks = Majorities(options.acceptors);
  for (uint32_t q = 0; q < masks.size(); ++q) {
    for (uint32_t n = 0; n < options.acceptors; ++n) {
      const z3::expr member = v.member(EnumerationElement(v.acc, n),
                                       EnumerationElement(v.quorum, q));
      facts.push_back(((masks[q] >> n) & 1) != 0 ? member : !member);
    }
  }
  return facts;
}

// post(x...) = x0 == a ? changed(x...) : pre(x...), for the per-acceptor
// symbols.
z3::expr UpdateAcceptor(const StateSymbol& symbol, const z3::func_decl& pre,
                        const z3::func_decl& post, const z3::expr& a,
                        const std::function<z3::expr(const Args&)>& changed) {
  return Define(symbol, post, [&](const Args& x) {
    std::vector<z3::expr> rest(x.begin(), x.end());
    return z3::ite(x[0] == a, changed(x),
                   pre(static_cast<unsigned>(rest.size()), rest.data()));
  });
}

// The value a leader sends in phase 2a for slot `s` of ballot `b` with the
// promises of quorum `q`: that of the highest vote reported in `s` (by
// `amax`, at `bmax`), or, when none was reported, a no-op or a client's
// command. With noop-over-reported-votes a no-op stands for the reported
// votes; with skip-phase-one there are no promises to read.
z3::expr ProposedValue(const Vocab& v, const StateCopy& pre, const Args& x,
                       Bug bug) {
  const z3::expr &b = x[0], &s = x[1], &q = x[2], &val = x[3], &amax = x[4],
                 &bmax = x[5];
  const z3::expr fresh = val == v.noop || pre[kMpProposed](val);
  if (bug == Bug::kSkipPhaseOne) return fresh;
  const z3::expr a = v.Var("a!2a", v.acc);
  const z3::expr y = v.Var("y!2a", v.ballot);
  const z3::expr reported = pre[kMpPhase1bBal](a, b, s, y);
  const z3::expr none_reported =
      z3::forall(a, y, z3::implies(v.member(a, q), !reported));
  if (bug == Bug::kNoopOverReportedVotes) {
    return (none_reported && fresh) || val == v.noop;
  }
  const z3::expr highest =
      v.member(amax, q) && pre[kMpPhase1bVote](amax, b, s, bmax, val) &&
      z3::forall(a, y, z3::implies(v.member(a, q) && reported, v.le(y, bmax)));
  return (none_reported && fresh) || highest;
}

void AddLeaderActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                      Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"propose", Params{{"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return Insert(sym[kMpProposed], pre[kMpProposed], post[kMpProposed],
                       {x[0]}) &&
                UnchangedExcept(sym, pre, post, {kMpProposed});
       }});
  ts.actions.push_back(
      {"phase1a", Params{{"b", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return Insert(sym[kMpPhase1a], pre[kMpPhase1a], post[kMpPhase1a],
                       {x[0]}) &&
                UnchangedExcept(sym, pre, post, {kMpPhase1a});
       }});
  ts.actions.push_back(
      {"phase2a",
       Params{{"b", v->ballot},
              {"s", v->slot},
              {"q", v->quorum},
              {"v", v->value},
              {"amax", v->acc},
              {"bmax", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &b = x[0], &s = x[1], &q = x[2], &val = x[3];
         const z3::expr a = v->Var("a!q", v->acc);
         const z3::expr w = v->Var("w!2a", v->value);
         const z3::expr promised =
             bug == Bug::kSkipPhaseOne
                 ? v->ctx.bool_val(true)
                 : z3::forall(
                       a, z3::implies(v->member(a, q), pre[kMpPhase1b](a, b)));
         return promised && z3::forall(w, !pre[kMpPhase2a](b, s, w)) &&
                ProposedValue(*v, pre, x, bug) &&
                Insert(sym[kMpPhase2a], pre[kMpPhase2a], post[kMpPhase2a],
                       {b, s, val}) &&
                UnchangedExcept(sym, pre, post, {kMpPhase2a});
       }});
  ts.actions.push_back(
      {"learn",
       Params{
           {"b", v->ballot}, {"s", v->slot}, {"q", v->quorum}, {"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return v->ChosenBy(pre, x[0], x[1], x[2], x[3]) &&
                Insert(sym[kMpLearned], pre[kMpLearned], post[kMpLearned],
                       {x[1], x[3]}) &&
                UnchangedExcept(sym, pre, post, {kMpLearned});
       }});
}

void AddAcceptorActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                        Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  // Phase1b: promise ballot m, at or above the promise (core::multipaxos
  // needs above: the model allows more), reporting the vote of every slot.
  ts.actions.push_back(
      {"phase1b", Params{{"a", v->acc}, {"m", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &a = x[0], &m = x[1];
         return pre[kMpPhase1a](m) && !pre[kMpLeft](a, m) &&
                UpdateAcceptor(sym[kMpLeft], pre[kMpLeft], post[kMpLeft], a,
                               [&](const Args& y) {
                                 return pre[kMpLeft](a, y[1]) || v->Lt(y[1], m);
                               }) &&
                Define(sym[kMpPhase1bBal], post[kMpPhase1bBal],
                       [&](const Args& y) {
                         return z3::ite(
                             y[0] == a && y[1] == m,
                             pre[kMpBalAtLeast](a, y[2], y[3]),
                             pre[kMpPhase1bBal](y[0], y[1], y[2], y[3]));
                       }) &&
                Define(sym[kMpPhase1bVote], post[kMpPhase1bVote],
                       [&](const Args& y) {
                         return z3::ite(
                             y[0] == a && y[1] == m,
                             pre[kMpVote](a, y[2], y[3], y[4]),
                             pre[kMpPhase1bVote](y[0], y[1], y[2], y[3], y[4]));
                       }) &&
                Insert(sym[kMpPhase1b], pre[kMpPhase1b], post[kMpPhase1b],
                       {a, m}) &&
                UnchangedExcept(
                    sym, pre, post,
                    {kMpLeft, kMpPhase1b, kMpPhase1bBal, kMpPhase1bVote});
       }});
  // Phase2b: vote in slot s for a 2a of a ballot at or above the promise. The
  // promise rises to the ballot.
  ts.actions.push_back(
      {"phase2b",
       Params{{"a", v->acc}, {"b", v->ballot}, {"s", v->slot}, {"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &a = x[0], &b = x[1], &s = x[2], &val = x[3];
         return pre[kMpPhase2a](b, s, val) && !pre[kMpLeft](a, b) &&
                UpdateAcceptor(sym[kMpLeft], pre[kMpLeft], post[kMpLeft], a,
                               [&](const Args& z) {
                                 return pre[kMpLeft](a, z[1]) || v->Lt(z[1], b);
                               }) &&
                UpdateAcceptor(sym[kMpBalAtLeast], pre[kMpBalAtLeast],
                               post[kMpBalAtLeast], a,
                               [&](const Args& z) {
                                 return z3::ite(
                                     z[1] == s, v->le(z[2], b),
                                     pre[kMpBalAtLeast](a, z[1], z[2]));
                               }) &&
                UpdateAcceptor(sym[kMpVote], pre[kMpVote], post[kMpVote], a,
                               [&](const Args& z) {
                                 return z3::ite(
                                     z[1] == s, z[2] == b && z[3] == val,
                                     pre[kMpVote](a, z[1], z[2], z[3]));
                               }) &&
                Insert(sym[kMpPhase2b], pre[kMpPhase2b], post[kMpPhase2b],
                       {a, b, s, val}) &&
                UnchangedExcept(sym, pre, post,
                                {kMpLeft, kMpBalAtLeast, kMpVote, kMpPhase2b});
       }});
  // A restart keeps an acceptor's promise and votes. With volatile-votes it
  // keeps only its promise: it has voted in no slot. Leaders and learners
  // keep nothing the model holds: their restarts change nothing here.
  ts.actions.push_back(
      {"acceptor-restart", Params{{"a", v->acc}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         if (bug != Bug::kVolatileVotes) {
           return UnchangedExcept(sym, pre, post, {});
         }
         const z3::expr& a = x[0];
         const auto none = [&](const Args&) { return v->ctx.bool_val(false); };
         return UpdateAcceptor(sym[kMpBalAtLeast], pre[kMpBalAtLeast],
                               post[kMpBalAtLeast], a, none) &&
                UpdateAcceptor(sym[kMpVote], pre[kMpVote], post[kMpVote], a,
                               none) &&
                UnchangedExcept(sym, pre, post, {kMpBalAtLeast, kMpVote});
       }});
}

struct Vars {
  z3::expr a, b, b2, m, s, v, v2, q, q2;
};

void AddGoals(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
              const Vars& x) {
  ts.properties.push_back(
      {"slot-agreement",
       "at most one value is chosen per slot (a quorum voted for it)", false,
       [=](const StateCopy& st) {
         return ForAll({x.s, x.b, x.b2, x.q, x.q2, x.v, x.v2},
                       z3::implies(v->ChosenBy(st, x.b, x.s, x.q, x.v) &&
                                       v->ChosenBy(st, x.b2, x.s, x.q2, x.v2),
                                   x.v == x.v2));
       }});
  ts.properties.push_back(
      {"decided-agree", "no two replicas decide different values in a slot",
       false, [=](const StateCopy& st) {
         return z3::forall(
             x.s, x.v, x.v2,
             z3::implies(st[kMpLearned](x.s, x.v) && st[kMpLearned](x.s, x.v2),
                         x.v == x.v2));
       }});
  ts.properties.push_back(
      {"validity", "a decided value is a no-op or a client's command", false,
       [=](const StateCopy& st) {
         return z3::forall(x.s, x.v,
                           z3::implies(st[kMpLearned](x.s, x.v),
                                       x.v == v->noop || st[kMpProposed](x.v)));
       }});
}

// Paxos's inductive invariant, per slot. All but 2a-is-safe and
// learned-was-chosen are universal; those are forall-exists from ballots,
// slots, values and quorums to acceptors, ballots and quorums, and no
// function leads back, so every check stays in the decidable EPR fragment.
void AddLemmas(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
               const Vars& x) {
  auto add = [&](std::string name, std::string description,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, true, holds});
  };
  add("bal-within-mbal",
      "an acceptor's voted ballot in any slot is at most its promise",
      [=](const StateCopy& st) {
        return ForAll(
            {x.a, x.s, x.b, x.b2},
            z3::implies(st[kMpBalAtLeast](x.a, x.s, x.b) && v->Lt(x.b2, x.b),
                        st[kMpLeft](x.a, x.b2)));
      });
  add("2b-within-bal",
      "an acceptor's voted ballot in a slot is at least every ballot it "
      "voted in there",
      [=](const StateCopy& st) {
        return ForAll({x.a, x.b, x.s, x.v},
                      z3::implies(st[kMpPhase2b](x.a, x.b, x.s, x.v),
                                  st[kMpBalAtLeast](x.a, x.s, x.b)));
      });
  add("vote-is-a-2b-at-bal",
      "an acceptor's (voted ballot, value) in a slot is a 2b it sent, and "
      "the voted ballot is exactly that ballot",
      [=](const StateCopy& st) {
        return ForAll(
            {x.a, x.s, x.b, x.v, x.b2},
            z3::implies(st[kMpVote](x.a, x.s, x.b, x.v),
                        st[kMpPhase2b](x.a, x.b, x.s, x.v) &&
                            z3::implies(st[kMpBalAtLeast](x.a, x.s, x.b2),
                                        v->le(x.b2, x.b))));
      });
  add("2b-implies-2a", "an acceptor votes only for a value sent in 2a",
      [=](const StateCopy& st) {
        return ForAll({x.a, x.b, x.s, x.v},
                      z3::implies(st[kMpPhase2b](x.a, x.b, x.s, x.v),
                                  st[kMpPhase2a](x.b, x.s, x.v)));
      });
  add("one-2a-per-ballot-and-slot",
      "at most one value is sent in 2a per ballot and slot",
      [=](const StateCopy& st) {
        return ForAll({x.b, x.s, x.v, x.v2},
                      z3::implies(st[kMpPhase2a](x.b, x.s, x.v) &&
                                      st[kMpPhase2a](x.b, x.s, x.v2),
                                  x.v == x.v2));
      });
  add("promise-is-kept", "an acceptor that promised m has a promise >= m",
      [=](const StateCopy& st) {
        return z3::forall(
            x.a, x.m, x.b,
            z3::implies(st[kMpPhase1b](x.a, x.m) && v->Lt(x.b, x.m),
                        st[kMpLeft](x.a, x.b)));
      });
  add("1b-covers-votes-below-m",
      "an acceptor's promise of m reports, in each slot, a voted ballot at "
      "least every ballot below m it voted in there",
      [=](const StateCopy& st) {
        return ForAll({x.a, x.m, x.b, x.s, x.v},
                      z3::implies(st[kMpPhase1b](x.a, x.m) &&
                                      st[kMpPhase2b](x.a, x.b, x.s, x.v) &&
                                      v->Lt(x.b, x.m),
                                  st[kMpPhase1bBal](x.a, x.m, x.s, x.b)));
      });
  add("1b-vote-is-a-2b",
      "the (ballot, value) a promise reports for a slot is a 2b of its "
      "sender",
      [=](const StateCopy& st) {
        return ForAll({x.a, x.m, x.s, x.b, x.v},
                      z3::implies(st[kMpPhase1bVote](x.a, x.m, x.s, x.b, x.v),
                                  st[kMpPhase2b](x.a, x.b, x.s, x.v)));
      });
  add("2a-is-safe",
      "a 2a for (b, s, v) implies no other value can be chosen in s below b: "
      "every quorum has an acceptor that left that ballot without voting for "
      "it in s",
      [=](const StateCopy& st) {
        return ForAll(
            {x.b, x.s, x.v, x.b2, x.v2, x.q},
            z3::implies(
                st[kMpPhase2a](x.b, x.s, x.v) && v->Lt(x.b2, x.b) &&
                    x.v2 != x.v,
                z3::exists(x.a, v->member(x.a, x.q) && st[kMpLeft](x.a, x.b2) &&
                                    !st[kMpPhase2b](x.a, x.b2, x.s, x.v2))));
      });
  add("2a-was-proposed", "a value sent in 2a is a no-op or a client's command",
      [=](const StateCopy& st) {
        return ForAll({x.b, x.s, x.v},
                      z3::implies(st[kMpPhase2a](x.b, x.s, x.v),
                                  x.v == v->noop || st[kMpProposed](x.v)));
      });
  add("learned-was-chosen",
      "a value decided in a slot was chosen there at some ballot",
      [=](const StateCopy& st) {
        return z3::forall(
            x.s, x.v,
            z3::implies(
                st[kMpLearned](x.s, x.v),
                z3::exists(x.b, x.q, v->ChosenBy(st, x.b, x.s, x.q, x.v))));
      });
}

}  // namespace

TransitionSystem MultiPaxosSpec(z3::context& ctx,
                                const MultiPaxosSpecOptions& options) {
  assert(options.acceptors <= kMultiPaxosMaxFiniteAcceptors);
  assert(options.acceptors == 0 ||
         (options.ballots >= 1 &&
          options.ballots <= kMultiPaxosMaxFiniteBallots &&
          options.slots >= 1 && options.slots <= kMultiPaxosMaxFiniteSlots &&
          options.values >= 1 && options.values <= kMultiPaxosMaxFiniteValues));
  const bool finite = options.acceptors > 0;
  z3::sort acc = ctx.uninterpreted_sort("Acceptor");
  z3::sort ballot = ctx.uninterpreted_sort("Ballot");
  z3::sort slot = ctx.uninterpreted_sort("Slot");
  z3::sort value = ctx.uninterpreted_sort("Value");
  z3::sort quorum = ctx.uninterpreted_sort("Quorum");
  if (finite) {
    acc = EnumerationSort(ctx, "Acceptor",
                          NumberedNames("acc", 1, options.acceptors));
    ballot =
        EnumerationSort(ctx, "Ballot", NumberedNames("b", 0, options.ballots));
    slot = EnumerationSort(ctx, "Slot", NumberedNames("s", 1, options.slots));
    std::vector<std::string> values = {"noop"};
    for (const std::string& name : NumberedNames("v", 1, options.values)) {
      values.push_back(name);
    }
    value = EnumerationSort(ctx, "Value", values);
    quorum = EnumerationSort(ctx, "Quorum", MajorityNames(options.acceptors));
  }
  std::shared_ptr<const Vocab> v = std::make_shared<Vocab>(
      Vocab{ctx, acc, ballot, slot, value, quorum,
            ctx.function("le", ballot, ballot, ctx.bool_sort()),
            ctx.function("member", acc, quorum, ctx.bool_sort()),
            ctx.constant("b0", ballot), ctx.constant("noop", value)});
  const z3::sort boolean = ctx.bool_sort();
  TransitionSystem ts;
  ts.name = "multipaxos";
  ts.sorts = {{v->acc, "acc", std::nullopt},
              {v->ballot, "b", v->le},
              {v->slot, "s", std::nullopt},
              {v->value, "v", std::nullopt},
              {v->quorum, "q", std::nullopt}};
  ts.symbols = {
      {"left", {v->acc, v->ballot}, boolean},
      {"bal_at_least", {v->acc, v->slot, v->ballot}, boolean},
      {"vote", {v->acc, v->slot, v->ballot, v->value}, boolean},
      {"proposed", {v->value}, boolean},
      {"phase1a", {v->ballot}, boolean},
      {"phase1b", {v->acc, v->ballot}, boolean},
      {"phase1b_bal", {v->acc, v->ballot, v->slot, v->ballot}, boolean},
      {"phase1b_vote",
       {v->acc, v->ballot, v->slot, v->ballot, v->value},
       boolean},
      {"phase2a", {v->ballot, v->slot, v->value}, boolean},
      {"phase2b", {v->acc, v->ballot, v->slot, v->value}, boolean},
      {"learned", {v->slot, v->value}, boolean},
  };
  ts.rigid = {{"ballot le", v->le},
              {"quorum member", v->member},
              {"noop", v->noop.decl()}};
  ts.axioms = Axioms(*v);
  if (finite) {
    for (const z3::expr& fact : FiniteInstance(*v, options)) {
      ts.axioms.push_back(fact);
    }
  }
  const Vars x{ctx.constant("a", v->acc),     ctx.constant("b", v->ballot),
               ctx.constant("b2", v->ballot), ctx.constant("m", v->ballot),
               ctx.constant("s", v->slot),    ctx.constant("v", v->value),
               ctx.constant("v2", v->value),  ctx.constant("q", v->quorum),
               ctx.constant("q2", v->quorum)};
  ts.init = [x](const StateCopy& st) {
    return ForAll(
        {x.a, x.b, x.b2, x.s, x.v, x.m},
        !st[kMpLeft](x.a, x.b) && !st[kMpBalAtLeast](x.a, x.s, x.b) &&
            !st[kMpVote](x.a, x.s, x.b, x.v) && !st[kMpProposed](x.v) &&
            !st[kMpPhase1a](x.b) && !st[kMpPhase1b](x.a, x.m) &&
            !st[kMpPhase1bBal](x.a, x.m, x.s, x.b) &&
            !st[kMpPhase1bVote](x.a, x.m, x.s, x.b, x.v) &&
            !st[kMpPhase2a](x.b, x.s, x.v) &&
            !st[kMpPhase2b](x.a, x.b, x.s, x.v) && !st[kMpLearned](x.s, x.v));
  };
  // Acceptor actions first: Z3's speed depends on what the context has seen,
  // and in this order the counterexample to induction without 2a-is-safe
  // takes about 1 s rather than 50.
  AddAcceptorActions(ts, v, options.bug);
  AddLeaderActions(ts, v, options.bug);
  AddGoals(ts, v, x);
  AddLemmas(ts, v, x);
  return ts;
}

}  // namespace stepwise::spec
