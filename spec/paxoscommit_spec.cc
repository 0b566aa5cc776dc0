#include "spec/paxoscommit_spec.h"

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

using core::paxoscommit::Bug;
using Params = std::vector<std::pair<std::string, z3::sort>>;

// The sorts, rigid symbols and enum values every formula below uses.
struct Vocab {
  z3::context& ctx;
  z3::sort rm;
  z3::sort acc;
  z3::sort ballot;
  z3::sort quorum;
  z3::sort rm_state;
  z3::sort value;
  z3::func_decl_vector rm_values;  // working, prepared, committed, aborted
  z3::func_decl_vector values;     // prepared, aborted
  z3::func_decl le;                // le(a, b): ballot a <= ballot b
  z3::func_decl member;            // member(acceptor, quorum)
  z3::expr b0;                     // the least ballot, the RMs' own

  z3::expr Working() const { return rm_values[0](); }
  z3::expr RmPrepared() const { return rm_values[1](); }
  z3::expr Committed() const { return rm_values[2](); }
  z3::expr RmAborted() const { return rm_values[3](); }
  z3::expr Prepared() const { return values[0](); }
  z3::expr Aborted() const { return values[1](); }
  z3::expr Lt(const z3::expr& a, const z3::expr& b) const {
    return le(a, b) && a != b;
  }
  z3::expr Var(const char* name, const z3::sort& sort) const {
    return ctx.constant(name, sort);
  }
  // Every acceptor of quorum `q` sent a 2b for (r, b, v): v is chosen.
  z3::expr ChosenBy(const StateCopy& s, const z3::expr& r, const z3::expr& b,
                    const z3::expr& q, const z3::expr& v) const {
    const z3::expr a = Var("a!chosen", acc);
    return z3::forall(a, z3::implies(member(a, q), s[kPcPhase2b](r, a, b, v)));
  }
};

// z3::forall over any number of variables.
z3::expr ForAll(const std::vector<z3::expr>& vars, const z3::expr& body) {
  z3::expr_vector bound(body.ctx());
  for (const z3::expr& var : vars) bound.push_back(var);
  return z3::forall(bound, body);
}

z3::sort Enum(z3::context& ctx, const char* name,
              const std::vector<const char*>& names,
              z3::func_decl_vector& constants) {
  z3::func_decl_vector testers(ctx);
  return ctx.enumeration_sort(name, static_cast<unsigned>(names.size()),
                              names.data(), constants, testers);
}

uint32_t Acceptors(const PaxosCommitSpecOptions& options) {
  return options.bug == Bug::kFPlusOneAcceptors ? options.faults + 1
                                                : 2 * options.faults + 1;
}

// The quorums of a finite instance as acceptor masks: every set of all but
// F acceptors or more, as core::paxoscommit's leaders wait for.
std::vector<uint32_t> QuorumMasks(const PaxosCommitSpecOptions& options) {
  const uint32_t acceptors = Acceptors(options);
  std::vector<uint32_t> masks;
  for (uint32_t mask = 1; mask < (uint32_t{1} << acceptors); ++mask) {
    if (static_cast<uint32_t>(std::popcount(mask)) + options.faults >=
        acceptors) {
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
                                 const PaxosCommitSpecOptions& options) {
  z3::func_decl_vector rm_values(ctx), values(ctx);
  const z3::sort rm_state =
      Enum(ctx, "RmState", {"working", "prepared", "committed", "aborted"},
           rm_values);
  const z3::sort value = Enum(ctx, "Value", {"prepared", "aborted"}, values);
  z3::sort rm = ctx.uninterpreted_sort("RM");
  z3::sort acc = ctx.uninterpreted_sort("Acceptor");
  z3::sort ballot = ctx.uninterpreted_sort("Ballot");
  z3::sort quorum = ctx.uninterpreted_sort("Quorum");
  if (options.rms > 0) {
    rm = EnumerationSort(ctx, "RM", NumberedNames("rm", 1, options.rms));
    acc = EnumerationSort(ctx, "Acceptor",
                          NumberedNames("acc", 1, Acceptors(options)));
    ballot =
        EnumerationSort(ctx, "Ballot", NumberedNames("b", 0, options.ballots));
    quorum = EnumerationSort(ctx, "Quorum", QuorumNames(QuorumMasks(options)));
  }
  return std::make_shared<Vocab>(
      Vocab{ctx, rm, acc, ballot, quorum, rm_state, value, rm_values, values,
            ctx.function("le", ballot, ballot, ctx.bool_sort()),
            ctx.function("member", acc, quorum, ctx.bool_sort()),
            ctx.constant("b0", ballot)});
}

// Pins the rigid symbols of a finite instance: ballots in numeric order from
// b0, quorum membership by mask. The general axioms stay, so the instance is
// checked to satisfy them.
std::vector<z3::expr> FiniteInstance(const Vocab& v,
                                     const PaxosCommitSpecOptions& options) {
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
    for (uint32_t n = 0; n < Acceptors(options); ++n) {
      const z3::expr member = v.member(EnumerationElement(v.acc, n),
                                       EnumerationElement(v.quorum, q));
      facts.push_back(((masks[q] >> n) & 1) != 0 ? member : !member);
    }
  }
  return facts;
}

// Ballots: a total order with least element b0. Quorums: any two share an
// acceptor (with f-plus-one-acceptors only: every quorum has one).
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
  if (bug == Bug::kFPlusOneAcceptors) {
    axioms.push_back(z3::forall(q1, z3::exists(n, v.member(n, q1))));
  } else {
    axioms.push_back(
        z3::forall(q1, q2, z3::exists(n, v.member(n, q1) && v.member(n, q2))));
  }
  return axioms;
}

// post(x...) = (x0 == r && x1 == a) ? changed(x...) : pre(x...), for the
// per-(instance, acceptor) symbols.
z3::expr UpdateSlot(const StateSymbol& symbol, const z3::func_decl& pre,
                    const z3::func_decl& post, const z3::expr& r,
                    const z3::expr& a,
                    const std::function<z3::expr(const Args&)>& changed) {
  return Define(symbol, post, [&](const Args& x) {
    std::vector<z3::expr> rest(x.begin(), x.end());
    return z3::ite(x[0] == r && x[1] == a, changed(x),
                   pre(static_cast<unsigned>(rest.size()), rest.data()));
  });
}

void AddRmActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const Params r_param = {{"r", v->rm}};
  // RMPrepare and RMChooseToAbort: the RM's vote is the 2a of ballot 0.
  auto vote = [=](z3::expr rm_after, z3::expr value) {
    return [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
      return pre[kPcRmState](x[0]) == v->Working() &&
             UpdateAt(sym[kPcRmState], pre[kPcRmState], post[kPcRmState], x[0],
                      rm_after) &&
             Insert(sym[kPcPhase2a], pre[kPcPhase2a], post[kPcPhase2a],
                    {x[0], v->b0, value}) &&
             UnchangedExcept(sym, pre, post, {kPcRmState, kPcPhase2a});
    };
  };
  ts.actions.push_back(
      {"rm-prepare", r_param, vote(v->RmPrepared(), v->Prepared())});
  ts.actions.push_back(
      {"rm-choose-to-abort", r_param, vote(v->RmAborted(), v->Aborted())});
  auto receive = [=](size_t msg, z3::expr outcome) {
    return [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
      return pre[msg]() &&
             UpdateAt(sym[kPcRmState], pre[kPcRmState], post[kPcRmState], x[0],
                      outcome) &&
             UnchangedExcept(sym, pre, post, {kPcRmState});
    };
  };
  ts.actions.push_back(
      {"rm-receive-commit", r_param, receive(kPcCommitMsg, v->Committed())});
  ts.actions.push_back(
      {"rm-receive-abort", r_param, receive(kPcAbortMsg, v->RmAborted())});
}

// The value a leader proposes in phase 2a with the promises of quorum `q`:
// that of the highest vote reported (by `amax`, at `bmax`), or aborted when
// none was reported.
z3::expr ProposedValue(const Vocab& v, const StateCopy& pre, const Args& x,
                       Bug bug) {
  const z3::expr &r = x[0], &b = x[1], &q = x[2], &val = x[3], &amax = x[4],
                 &bmax = x[5];
  if (bug == Bug::kIgnoreReportedVotes) return val == v.Aborted();
  const z3::expr a = v.Var("a!2a", v.acc);
  const z3::expr y = v.Var("y!2a", v.ballot);
  const z3::expr reported = pre[kPcPhase1bBal](r, a, b, y);
  const z3::expr none_reported =
      z3::forall(a, y, z3::implies(v.member(a, q), !reported));
  const z3::expr highest =
      v.member(amax, q) && pre[kPcPhase1bVote](r, amax, b, bmax, val) &&
      z3::forall(a, y, z3::implies(v.member(a, q) && reported, v.le(y, bmax)));
  return (none_reported && val == v.Aborted()) || highest;
}

void AddLeaderActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                      Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"phase1a", Params{{"r", v->rm}, {"b", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return x[1] != v->b0 &&
                Insert(sym[kPcPhase1a], pre[kPcPhase1a], post[kPcPhase1a],
                       {x[0], x[1]}) &&
                UnchangedExcept(sym, pre, post, {kPcPhase1a});
       }});
  // One 2a per instance and ballot: the guard stands for the leaders'
  // durable ballots (see the header).
  ts.actions.push_back(
      {"phase2a",
       Params{{"r", v->rm},
              {"b", v->ballot},
              {"q", v->quorum},
              {"v", v->value},
              {"amax", v->acc},
              {"bmax", v->ballot}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &r = x[0], &b = x[1], &q = x[2];
         const z3::expr a = v->Var("a!2a", v->acc);
         const z3::expr w = v->Var("w!2a", v->value);
         return b != v->b0 && z3::forall(w, !pre[kPcPhase2a](r, b, w)) &&
                z3::forall(a, z3::implies(v->member(a, q),
                                          pre[kPcPhase1b](r, a, b))) &&
                ProposedValue(*v, pre, x, bug) &&
                Insert(sym[kPcPhase2a], pre[kPcPhase2a], post[kPcPhase2a],
                       {r, b, x[3]}) &&
                UnchangedExcept(sym, pre, post, {kPcPhase2a});
       }});
  // Decide: Commit once every instance chose prepared, Abort once one
  // chose aborted.
  ts.actions.push_back(
      {"decide-commit", Params{},
       [=](const StateCopy& pre, const StateCopy& post, const Args&) {
         const z3::expr r = v->Var("r!commit", v->rm);
         const z3::expr b = v->Var("b!commit", v->ballot);
         const z3::expr q = v->Var("q!commit", v->quorum);
         return z3::forall(
                    r, z3::exists(b, q,
                                  v->ChosenBy(pre, r, b, q, v->Prepared()))) &&
                post[kPcCommitMsg]() &&
                UnchangedExcept(sym, pre, post, {kPcCommitMsg});
       }});
  ts.actions.push_back(
      {"decide-abort", Params{{"r", v->rm}, {"b", v->ballot}, {"q", v->quorum}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         return v->ChosenBy(pre, x[0], x[1], x[2], v->Aborted()) &&
                post[kPcAbortMsg]() &&
                UnchangedExcept(sym, pre, post, {kPcAbortMsg});
       }});
}

void AddAcceptorActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                        Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  // Phase1b: promise ballot m (mbal < m: some c < m is not left) and report
  // the last vote, if any (bal_at_least(b0): the acceptor has voted).
  ts.actions.push_back(
      {"phase1b",
       Params{{"r", v->rm},
              {"a", v->acc},
              {"m", v->ballot},
              {"c", v->ballot},
              {"vb", v->ballot},
              {"vv", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &r = x[0], &a = x[1], &m = x[2], &c = x[3], &vb = x[4],
                        &vv = x[5];
         const z3::expr voted = pre[kPcBalAtLeast](r, a, v->b0);
         const z3::expr report =
             (!voted && Unchanged(sym[kPcPhase1bVote], pre[kPcPhase1bVote],
                                  post[kPcPhase1bVote])) ||
             (voted && pre[kPcVote](r, a, vb, vv) &&
              Insert(sym[kPcPhase1bVote], pre[kPcPhase1bVote],
                     post[kPcPhase1bVote], {r, a, m, vb, vv}));
         return pre[kPcPhase1a](r, m) && v->Lt(c, m) &&
                !pre[kPcLeft](r, a, c) &&
                UpdateSlot(sym[kPcLeft], pre[kPcLeft], post[kPcLeft], r, a,
                           [&](const Args& y) {
                             return pre[kPcLeft](r, a, y[2]) || v->Lt(y[2], m);
                           }) &&
                Define(sym[kPcPhase1bBal], post[kPcPhase1bBal],
                       [&](const Args& y) {
                         return z3::ite(
                             y[0] == r && y[1] == a && y[2] == m,
                             pre[kPcBalAtLeast](r, a, y[3]),
                             pre[kPcPhase1bBal](y[0], y[1], y[2], y[3]));
                       }) &&
                Insert(sym[kPcPhase1b], pre[kPcPhase1b], post[kPcPhase1b],
                       {r, a, m}) &&
                report &&
                UnchangedExcept(
                    sym, pre, post,
                    {kPcLeft, kPcPhase1b, kPcPhase1bBal, kPcPhase1bVote});
       }});
  // Phase2b: vote for a 2a of a ballot at or above mbal.
  ts.actions.push_back(
      {"phase2b",
       Params{{"r", v->rm}, {"a", v->acc}, {"b", v->ballot}, {"v", v->value}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         const z3::expr &r = x[0], &a = x[1], &b = x[2], &val = x[3];
         return pre[kPcPhase2a](r, b, val) && !pre[kPcLeft](r, a, b) &&
                UpdateSlot(sym[kPcLeft], pre[kPcLeft], post[kPcLeft], r, a,
                           [&](const Args& z) {
                             return pre[kPcLeft](r, a, z[2]) || v->Lt(z[2], b);
                           }) &&
                UpdateSlot(sym[kPcBalAtLeast], pre[kPcBalAtLeast],
                           post[kPcBalAtLeast], r, a,
                           [&](const Args& z) { return v->le(z[2], b); }) &&
                UpdateSlot(
                    sym[kPcVote], pre[kPcVote], post[kPcVote], r, a,
                    [&](const Args& z) { return z[2] == b && z[3] == val; }) &&
                Insert(sym[kPcPhase2b], pre[kPcPhase2b], post[kPcPhase2b],
                       {r, a, b, val}) &&
                UnchangedExcept(sym, pre, post,
                                {kPcLeft, kPcBalAtLeast, kPcVote, kPcPhase2b});
       }});
  // A restart keeps an acceptor's promises and votes (with the
  // volatile-acceptor bug it is back at its initial state in every
  // instance). RMs keep their state too, and leaders have none here: their
  // restarts change nothing in the model.
  ts.actions.push_back(
      {"acceptor-restart", Params{{"a", v->acc}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& x) {
         if (bug != Bug::kVolatileAcceptor) {
           return UnchangedExcept(sym, pre, post, {});
         }
         const z3::expr& a = x[0];
         auto forget = [&](size_t i) {
           return Define(sym[i], post[i], [&](const Args& y) {
             std::vector<z3::expr> all(y.begin(), y.end());
             return y[1] != a &&
                    pre[i](static_cast<unsigned>(all.size()), all.data());
           });
         };
         return forget(kPcLeft) && forget(kPcBalAtLeast) && forget(kPcVote) &&
                UnchangedExcept(sym, pre, post,
                                {kPcLeft, kPcBalAtLeast, kPcVote});
       }});
}

struct Vars {
  z3::expr r, r2, a, b, b2, b3, m, v, v2, q;
};

void AddGoals(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
              const Vars& x) {
  ts.properties.push_back(
      {"consistency", "no RM has committed while another has aborted", false,
       [=](const StateCopy& s) {
         return z3::forall(x.r, x.r2,
                           !(s[kPcRmState](x.r) == v->Committed() &&
                             s[kPcRmState](x.r2) == v->RmAborted()));
       }});
  ts.properties.push_back({"decisions-agree",
                           "Commit and Abort are never both sent", false,
                           [=](const StateCopy& s) {
                             return !(s[kPcCommitMsg]() && s[kPcAbortMsg]());
                           }});
}

// The classic Paxos inductive invariant, per instance. All but 2a-is-safe
// are universal; that one is forall-exists from ballots to acceptors, and
// no function leads from acceptors back to ballots, so every check stays in
// the decidable EPR fragment.
void AddPaxosLemmas(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                    const Vars& x) {
  auto add = [&](std::string name, std::string description,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, true, holds});
  };
  add("bal-within-mbal", "an acceptor's bal is at most its mbal",
      [=](const StateCopy& s) {
        return z3::forall(
            x.r, x.a, x.b, x.b2,
            z3::implies(s[kPcBalAtLeast](x.r, x.a, x.b) && v->Lt(x.b2, x.b),
                        s[kPcLeft](x.r, x.a, x.b2)));
      });
  add("2b-within-bal", "an acceptor's bal is at least every ballot it voted in",
      [=](const StateCopy& s) {
        return z3::forall(x.r, x.a, x.b, x.v,
                          z3::implies(s[kPcPhase2b](x.r, x.a, x.b, x.v),
                                      s[kPcBalAtLeast](x.r, x.a, x.b)));
      });
  add("vote-is-a-2b-at-bal",
      "an acceptor's (bal, val) is a 2b it sent, and bal is exactly that "
      "ballot",
      [=](const StateCopy& s) {
        return ForAll(
            {x.r, x.a, x.b, x.v, x.b2},
            z3::implies(s[kPcVote](x.r, x.a, x.b, x.v),
                        s[kPcPhase2b](x.r, x.a, x.b, x.v) &&
                            z3::implies(s[kPcBalAtLeast](x.r, x.a, x.b2),
                                        v->le(x.b2, x.b))));
      });
  add("2b-implies-2a", "an acceptor votes only for a proposed value",
      [=](const StateCopy& s) {
        return z3::forall(x.r, x.a, x.b, x.v,
                          z3::implies(s[kPcPhase2b](x.r, x.a, x.b, x.v),
                                      s[kPcPhase2a](x.r, x.b, x.v)));
      });
  add("one-2a-per-ballot",
      "at most one value is proposed per instance and ballot",
      [=](const StateCopy& s) {
        return z3::forall(x.r, x.b, x.v, x.v2,
                          z3::implies(s[kPcPhase2a](x.r, x.b, x.v) &&
                                          s[kPcPhase2a](x.r, x.b, x.v2),
                                      x.v == x.v2));
      });
  add("promise-is-kept", "an acceptor that promised m has mbal >= m",
      [=](const StateCopy& s) {
        return z3::forall(
            x.r, x.a, x.m, x.b,
            z3::implies(s[kPcPhase1b](x.r, x.a, x.m) && v->Lt(x.b, x.m),
                        s[kPcLeft](x.r, x.a, x.b)));
      });
  add("1b-covers-votes-below-m",
      "an acceptor's 1b for m reports a bal at least every ballot below m it "
      "voted in",
      [=](const StateCopy& s) {
        return ForAll({x.r, x.a, x.m, x.b, x.v},
                      z3::implies(s[kPcPhase1b](x.r, x.a, x.m) &&
                                      s[kPcPhase2b](x.r, x.a, x.b, x.v) &&
                                      v->Lt(x.b, x.m),
                                  s[kPcPhase1bBal](x.r, x.a, x.m, x.b)));
      });
  add("1b-vote-is-a-2b", "the (bal, val) a 1b reports is a 2b of its sender",
      [=](const StateCopy& s) {
        return ForAll({x.r, x.a, x.m, x.b, x.v},
                      z3::implies(s[kPcPhase1bVote](x.r, x.a, x.m, x.b, x.v),
                                  s[kPcPhase2b](x.r, x.a, x.b, x.v)));
      });
  add("2a-is-safe",
      "a 2a for (b, v) implies no other value can be chosen below b: every "
      "quorum has an acceptor that left that ballot without voting for it",
      [=](const StateCopy& s) {
        return ForAll(
            {x.r, x.b, x.v, x.b2, x.v2, x.q},
            z3::implies(
                s[kPcPhase2a](x.r, x.b, x.v) && v->Lt(x.b2, x.b) && x.v2 != x.v,
                z3::exists(x.a, v->member(x.a, x.q) &&
                                    s[kPcLeft](x.r, x.a, x.b2) &&
                                    !s[kPcPhase2b](x.r, x.a, x.b2, x.v2))));
      });
}

// How the instances' outcomes tie to the RMs and the decision.
void AddCommitLemmas(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                     const Vars& x) {
  auto add = [&](std::string name, std::string description,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, true, holds});
  };
  add("prepared-2a-implies-rm-prepared",
      "prepared is proposed at a ballot only if the RM proposed it at ballot 0",
      [=](const StateCopy& s) {
        return z3::forall(
            x.r, x.b,
            z3::implies(s[kPcPhase2a](x.r, x.b, v->Prepared()),
                        s[kPcPhase2a](x.r, v->b0, v->Prepared())));
      });
  add("working-rm-has-not-voted", "a working RM has sent no 2a of ballot 0",
      [=](const StateCopy& s) {
        return z3::forall(x.r, x.v,
                          z3::implies(s[kPcRmState](x.r) == v->Working(),
                                      !s[kPcPhase2a](x.r, v->b0, x.v)));
      });
  add("aborted-rm-chose-or-was-told",
      "an aborted RM chose to abort (its ballot-0 2a is aborted) or Abort "
      "was sent",
      [=](const StateCopy& s) {
        return z3::forall(
            x.r, z3::implies(s[kPcRmState](x.r) == v->RmAborted(),
                             s[kPcAbortMsg]() ||
                                 s[kPcPhase2a](x.r, v->b0, v->Aborted())));
      });
  add("committed-rm-implies-commit-msg",
      "an RM commits only after Commit was sent", [=](const StateCopy& s) {
        return z3::forall(x.r, z3::implies(s[kPcRmState](x.r) == v->Committed(),
                                           s[kPcCommitMsg]()));
      });
  add("commit-msg-implies-all-chose-prepared",
      "Commit is sent only when every instance chose prepared",
      [=](const StateCopy& s) {
        return z3::implies(
            s[kPcCommitMsg](),
            z3::forall(
                x.r, z3::exists(x.b, x.q,
                                v->ChosenBy(s, x.r, x.b, x.q, v->Prepared()))));
      });
  add("abort-msg-implies-one-chose-aborted",
      "Abort is sent only when some instance chose aborted",
      [=](const StateCopy& s) {
        return z3::implies(
            s[kPcAbortMsg](),
            z3::exists(x.r, x.b, x.q,
                       v->ChosenBy(s, x.r, x.b, x.q, v->Aborted())));
      });
}

}  // namespace

TransitionSystem PaxosCommitSpec(z3::context& ctx,
                                 const PaxosCommitSpecOptions& options) {
  assert(options.rms <= kPaxosCommitMaxFiniteRms);
  assert(options.rms == 0 ||
         (options.faults >= 1 && options.faults <= 2 && options.ballots >= 2 &&
          options.ballots <= kPaxosCommitMaxFiniteBallots));
  std::shared_ptr<const Vocab> v = MakeVocab(ctx, options);
  const z3::sort boolean = ctx.bool_sort();
  TransitionSystem ts;
  ts.name = "paxoscommit";
  ts.sorts = {{v->rm, "rm", std::nullopt},
              {v->acc, "acc", std::nullopt},
              {v->ballot, "b", v->le},
              {v->quorum, "q", std::nullopt}};
  ts.symbols = {
      {"rm_state", {v->rm}, v->rm_state},
      {"left", {v->rm, v->acc, v->ballot}, boolean},
      {"bal_at_least", {v->rm, v->acc, v->ballot}, boolean},
      {"vote", {v->rm, v->acc, v->ballot, v->value}, boolean},
      {"phase1a", {v->rm, v->ballot}, boolean},
      {"phase1b", {v->rm, v->acc, v->ballot}, boolean},
      {"phase1b_bal", {v->rm, v->acc, v->ballot, v->ballot}, boolean},
      {"phase1b_vote",
       {v->rm, v->acc, v->ballot, v->ballot, v->value},
       boolean},
      {"phase2a", {v->rm, v->ballot, v->value}, boolean},
      {"phase2b", {v->rm, v->acc, v->ballot, v->value}, boolean},
      {"commit_msg", {}, boolean},
      {"abort_msg", {}, boolean},
  };
  ts.rigid = {{"ballot le", v->le}, {"quorum member", v->member}};
  ts.axioms = Axioms(*v, options.bug);
  if (options.rms > 0) {
    for (const z3::expr& fact : FiniteInstance(*v, options)) {
      ts.axioms.push_back(fact);
    }
  }
  const Vars x{ctx.constant("r", v->rm),      ctx.constant("r2", v->rm),
               ctx.constant("a", v->acc),     ctx.constant("b", v->ballot),
               ctx.constant("b2", v->ballot), ctx.constant("b3", v->ballot),
               ctx.constant("m", v->ballot),  ctx.constant("v", v->value),
               ctx.constant("v2", v->value),  ctx.constant("q", v->quorum)};
  ts.init = [v, x](const StateCopy& s) {
    return ForAll({x.r, x.a, x.b, x.v, x.m},
                  s[kPcRmState](x.r) == v->Working() &&
                      !s[kPcLeft](x.r, x.a, x.b) &&
                      !s[kPcBalAtLeast](x.r, x.a, x.b) &&
                      !s[kPcVote](x.r, x.a, x.b, x.v) &&
                      !s[kPcPhase1a](x.r, x.b) &&
                      !s[kPcPhase1b](x.r, x.a, x.m) &&
                      !s[kPcPhase1bBal](x.r, x.a, x.m, x.b) &&
                      !s[kPcPhase1bVote](x.r, x.a, x.m, x.b, x.v) &&
                      !s[kPcPhase2a](x.r, x.b, x.v) &&
                      !s[kPcPhase2b](x.r, x.a, x.b, x.v)) &&
           !s[kPcCommitMsg]() && !s[kPcAbortMsg]();
  };
  AddRmActions(ts, v);
  AddLeaderActions(ts, v, options.bug);
  AddAcceptorActions(ts, v, options.bug);
  AddGoals(ts, v, x);
  AddPaxosLemmas(ts, v, x);
  AddCommitLemmas(ts, v, x);
  return ts;
}

}  // namespace stepwise::spec
