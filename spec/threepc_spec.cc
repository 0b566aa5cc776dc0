// The three-phase commit model: actions for the participants, the rule's
// winner, the termination rounds and the coordinator, then the invariants
// `consistency` and `commit-needs-all-votes` and the fifteen lemmas that make
// them inductive together (AddProperties). Under the model's guards a round
// only ever runs beside a coordinator that is down or decided, so
// `heard_coordinator` stays false: the rule's first case (leave a live
// coordinator to finish) matters only where time-outs are not ranked.

#include "spec/threepc_spec.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::spec {
namespace {

using core::threepc::Bug;

// The sorts, enum values and the participants' order every formula uses.
struct Vocab {
  z3::context& ctx;
  z3::sort p;           // participants
  z3::sort rm_phase;    // working, uncertain, pre-committed, committed, aborted
  z3::sort tm_phase;    // waiting, pre-committing, committed, aborted
  z3::func_decl lower;  // lower(a, b): a's id is below b's (rigid)

  z3::expr Rm(unsigned i) const { return EnumerationElement(rm_phase, i); }
  z3::expr Working() const { return Rm(0); }
  z3::expr Uncertain() const { return Rm(1); }
  z3::expr PreCommitted() const { return Rm(2); }
  z3::expr Committed() const { return Rm(3); }
  z3::expr Aborted() const { return Rm(4); }
  z3::expr Tm(unsigned i) const { return EnumerationElement(tm_phase, i); }
  z3::expr TmWaiting() const { return Tm(0); }
  z3::expr TmPreCommitting() const { return Tm(1); }
  z3::expr TmCommitted() const { return Tm(2); }
  z3::expr TmAborted() const { return Tm(3); }

  z3::expr Decided(const z3::expr& rm) const {
    return rm == Committed() || rm == Aborted();
  }
  z3::expr Undecided(const z3::expr& rm) const {
    return rm == Uncertain() || rm == PreCommitted();
  }
  // Pre-committed or beyond, on the commit side.
  z3::expr WentOn(const z3::expr& rm) const {
    return rm == PreCommitted() || rm == Committed();
  }
  z3::expr TmWentOn(const StateCopy& s) const {
    return s[kThreePcTm]() == TmPreCommitting() ||
           s[kThreePcTm]() == TmCommitted();
  }
  z3::expr Var(const char* name) const { return ctx.constant(name, p); }
  // Someone decided commit / abort: the coordinator or a participant.
  z3::expr AnyCommitted(const StateCopy& s) const {
    const z3::expr r = Var("r!c");
    return s[kThreePcTm]() == TmCommitted() ||
           z3::exists(r, s[kThreePcRm](r) == Committed());
  }
  z3::expr AnyAborted(const StateCopy& s) const {
    const z3::expr r = Var("r!a");
    return s[kThreePcTm]() == TmAborted() ||
           z3::exists(r, s[kThreePcRm](r) == Aborted());
  }
  // Synchrony: no PreCommit, Commit or Abort is on its way to a node that
  // is up (a time-out fires only after every message has arrived).
  z3::expr Quiet(const StateCopy& s) const {
    const z3::expr q = Var("q!quiet");
    return z3::forall(
        q, z3::implies(s[kThreePcUp](q), !s[kThreePcPreCommitMsg](q) &&
                                             !s[kThreePcCommitMsg](q) &&
                                             !s[kThreePcAbortMsg](q)));
  }
  // Every participant but `except` that is up has pre-committed (or
  // committed): a broadcast of PreCommit may end.
  z3::expr OthersUpWentOn(const StateCopy& s,
                          const std::optional<z3::expr>& except) const {
    const z3::expr q = Var("q!acked");
    z3::expr counted = s[kThreePcUp](q);
    if (except) counted = counted && q != *except;
    return z3::forall(q, z3::implies(counted, WentOn(s[kThreePcRm](q))));
  }
};

std::shared_ptr<const Vocab> MakeVocab(z3::context& ctx,
                                       const ThreePcSpecOptions& options) {
  z3::sort rm_phase = EnumerationSort(
      ctx, "ParticipantPhase",
      {"working", "uncertain", "pre-committed", "committed", "aborted"});
  z3::sort tm_phase =
      EnumerationSort(ctx, "CoordinatorPhase",
                      {"waiting", "pre-committing", "committed", "aborted"});
  z3::sort p =
      options.participants > 0
          ? EnumerationSort(ctx, "Participant",
                            NumberedNames("p", 1, options.participants))
          : ctx.uninterpreted_sort("Participant");
  z3::func_decl lower = ctx.function("lower", p, p, ctx.bool_sort());
  return std::make_shared<const Vocab>(
      Vocab{ctx, p, rm_phase, tm_phase, lower});
}

// The order of participant ids: strict and total for any number; p1 < p2 <
// ... for exactly N.
std::vector<z3::expr> OrderAxioms(const Vocab& v, uint32_t participants) {
  std::vector<z3::expr> axioms;
  if (participants > 0) {
    const std::vector<z3::expr> all = EnumerationElements(v.p);
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t j = 0; j < all.size(); ++j) {
        z3::expr fact = v.lower(all[i], all[j]);
        axioms.push_back(i < j ? fact : !fact);
      }
    }
    return axioms;
  }
  const z3::expr a = v.Var("a");
  const z3::expr b = v.Var("b");
  const z3::expr c = v.Var("c");
  axioms.push_back(z3::forall(a, !v.lower(a, a)));
  axioms.push_back(z3::forall(
      a, b, c, z3::implies(v.lower(a, b) && v.lower(b, c), v.lower(a, c))));
  axioms.push_back(
      z3::forall(a, b, z3::implies(a != b, v.lower(a, b) || v.lower(b, a))));
  return axioms;
}

// Participant p's round is over (decided, or the rule applied): not
// collecting, nothing heard.
z3::expr EndRound(const std::vector<StateSymbol>& sym, const Vocab& v,
                  const StateCopy& pre, const StateCopy& post,
                  const z3::expr& p) {
  z3::expr all = v.ctx.bool_val(true);
  for (size_t symbol :
       {kThreePcCollecting, kThreePcHeardWorking, kThreePcHeardPreCommitted,
        kThreePcHeardLower, kThreePcHeardCoordinator}) {
    all = all && UpdateAt(sym[symbol], pre[symbol], post[symbol], p,
                          v.ctx.bool_val(false));
  }
  return all;
}

// PreCommit goes to participants in id order, moving on only when the
// one before has pre-committed (acked) or is down (its ack time-out): so
// every lower participant that is up has pre-committed.
z3::expr LowerUpWentOn(const Vocab& v, const StateCopy& s, const z3::expr& q) {
  const z3::expr r = v.Var("r!order");
  return z3::forall(r, z3::implies(v.lower(r, q) && s[kThreePcUp](r),
                                   v.WentOn(s[kThreePcRm](r))));
}

using Formula = std::function<z3::expr(const StateCopy& pre,
                                       const StateCopy& post, const Args&)>;

// A participant's own steps: vote, give up, receive, send, crash.
void AddParticipantSteps(TransitionSystem& ts, std::shared_ptr<const Vocab> v) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const std::vector<std::pair<std::string, z3::sort>> p_param = {{"p", v->p}};
  const std::vector<std::pair<std::string, z3::sort>> pq_params = {{"p", v->p},
                                                                   {"q", v->p}};
  auto set_rm = [=](const StateCopy& pre, const StateCopy& post,
                    const z3::expr& at, const z3::expr& value) {
    return UpdateAt(sym[kThreePcRm], pre[kThreePcRm], post[kThreePcRm], at,
                    value);
  };
  auto set_flag = [=](size_t symbol, const StateCopy& pre,
                      const StateCopy& post, const z3::expr& at, bool value) {
    return UpdateAt(sym[symbol], pre[symbol], post[symbol], at,
                    v->ctx.bool_val(value));
  };
  ts.actions.push_back(
      {"prepare", p_param, [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcUp](a[0]) &&
                pre[kThreePcRm](a[0]) == v->Working() &&
                set_rm(pre, post, a[0], v->Uncertain()) &&
                set_flag(kThreePcVoted, pre, post, a[0], true) &&
                UnchangedExcept(sym, pre, post, {kThreePcRm, kThreePcVoted});
       }});
  ts.actions.push_back(
      {"give-up", p_param, [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcUp](a[0]) &&
                pre[kThreePcRm](a[0]) == v->Working() &&
                set_rm(pre, post, a[0], v->Aborted()) &&
                UnchangedExcept(sym, pre, post, {kThreePcRm});
       }});
  // An uncertain participant pre-commits; any other keeps its phase (a
  // decided one answers with its decision: `send-decision`).
  ts.actions.push_back(
      {"receive-pre-commit", p_param,
       [=](auto& pre, auto& post, const Args& a) {
         const z3::expr rm = pre[kThreePcRm](a[0]);
         return pre[kThreePcUp](a[0]) && pre[kThreePcPreCommitMsg](a[0]) &&
                set_flag(kThreePcPreCommitMsg, pre, post, a[0], false) &&
                set_rm(pre, post, a[0],
                       z3::ite(rm == v->Uncertain(), v->PreCommitted(), rm)) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcRm, kThreePcPreCommitMsg});
       }});
  // An undecided participant adopts a decision (and stops a pre-commit it
  // was sending); a decided one only acknowledges.
  auto receive = [=](size_t msg, z3::expr outcome) -> Formula {
    return [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
      const z3::expr rm = pre[kThreePcRm](a[0]);
      return pre[kThreePcUp](a[0]) && pre[msg](a[0]) &&
             set_flag(msg, pre, post, a[0], false) &&
             set_rm(pre, post, a[0], z3::ite(v->Decided(rm), rm, outcome)) &&
             set_flag(kThreePcPreCommitting, pre, post, a[0], false) &&
             EndRound(sym, *v, pre, post, a[0]) &&
             UnchangedExcept(
                 sym, pre, post,
                 {kThreePcRm, msg, kThreePcPreCommitting, kThreePcCollecting,
                  kThreePcHeardWorking, kThreePcHeardPreCommitted,
                  kThreePcHeardLower, kThreePcHeardCoordinator});
    };
  };
  ts.actions.push_back(
      {"receive-commit", p_param, receive(kThreePcCommitMsg, v->Committed())});
  ts.actions.push_back(
      {"receive-abort", p_param, receive(kThreePcAbortMsg, v->Aborted())});
  // A decided participant tells another its decision: the termination
  // winner's broadcast, or an answer to a StateRequest or a PreCommit.
  ts.actions.push_back(
      {"send-decision", pq_params, [=](auto& pre, auto& post, const Args& a) {
         const z3::expr rm = pre[kThreePcRm](a[0]);
         return pre[kThreePcUp](a[0]) && v->Decided(rm) && a[0] != a[1] &&
                Define(sym[kThreePcCommitMsg], post[kThreePcCommitMsg],
                       [&](const Args& x) {
                         return pre[kThreePcCommitMsg](x[0]) ||
                                (x[0] == a[1] && rm == v->Committed());
                       }) &&
                Define(sym[kThreePcAbortMsg], post[kThreePcAbortMsg],
                       [&](const Args& x) {
                         return pre[kThreePcAbortMsg](x[0]) ||
                                (x[0] == a[1] && rm == v->Aborted());
                       }) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcCommitMsg, kThreePcAbortMsg});
       }});
  ts.actions.push_back(
      {"crash", p_param, [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcUp](a[0]) &&
                set_flag(kThreePcUp, pre, post, a[0], false) &&
                UnchangedExcept(sym, pre, post, {kThreePcUp});
       }});
}

// The termination rule's winner pre-commits the others one at a time, then
// commits (and tells them: `send-decision`).
void AddParticipantPreCommit(TransitionSystem& ts,
                             std::shared_ptr<const Vocab> v) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"send-pre-commit",
       {{"p", v->p}, {"q", v->p}},
       [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcUp](a[0]) && pre[kThreePcPreCommitting](a[0]) &&
                a[0] != a[1] && LowerUpWentOn(*v, pre, a[1]) &&
                Insert(sym[kThreePcPreCommitMsg], pre[kThreePcPreCommitMsg],
                       post[kThreePcPreCommitMsg], {a[1]}) &&
                UnchangedExcept(sym, pre, post, {kThreePcPreCommitMsg});
       }});
  ts.actions.push_back(
      {"finish-pre-commit",
       {{"p", v->p}},
       [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcUp](a[0]) && pre[kThreePcPreCommitting](a[0]) &&
                v->OthersUpWentOn(pre, a[0]) &&
                UpdateAt(sym[kThreePcRm], pre[kThreePcRm], post[kThreePcRm],
                         a[0], v->Committed()) &&
                UpdateAt(sym[kThreePcPreCommitting], pre[kThreePcPreCommitting],
                         post[kThreePcPreCommitting], a[0],
                         v->ctx.bool_val(false)) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcRm, kThreePcPreCommitting});
       }});
}

// A round can start only while the coordinator is down or decided: while it
// is up and undecided, one of its short time-outs (votes, acks) is armed,
// and a participant's patience (the long time-out) does not run out before
// a short one; a lower participant asked by a higher one starts at once,
// but the higher one's round started under the same condition, and the
// coordinator neither restarts nor changes its mind. Over-approximated:
// a round may start whenever that holds.
z3::expr RoundMayStart(const Vocab& v, const StateCopy& s, const z3::expr& p) {
  return s[kThreePcUp](p) && v.Undecided(s[kThreePcRm](p)) &&
         !s[kThreePcCollecting](p) && !s[kThreePcPreCommitting](p) &&
         (!s[kThreePcTmUp]() || s[kThreePcTm]() == v.TmCommitted() ||
          s[kThreePcTm]() == v.TmAborted());
}

// Skeen's termination protocol as core/threepc runs it: a round asks every
// node (`begin-round`), each node that is up answers once with its phase at
// that moment (`answer`, `tm-answer`; a decided node answers with its
// decision, which the asker adopts on delivery and which ends its round),
// and the round's time-out (`apply-rule`) applies the rule to what was
// heard, however stale by then. The time-out fires only when every node
// that is up has answered this round, this participant has answered every
// other open round, and nothing is in flight to a node that is up (a
// perfect failure detector).
void AddTermination(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                    Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const z3::expr f = v->ctx.bool_val(false);
  ts.actions.push_back(
      {"begin-round", {{"p", v->p}}, [=](auto& pre, auto& post, const Args& a) {
         const z3::expr p = a[0];
         auto set = [&](size_t symbol, const z3::expr& value) {
           return UpdateAt(sym[symbol], pre[symbol], post[symbol], p, value);
         };
         return RoundMayStart(*v, pre, p) &&
                set(kThreePcCollecting, v->ctx.bool_val(true)) &&
                set(kThreePcTmAnswered, f) && set(kThreePcHeardWorking, f) &&
                set(kThreePcHeardPreCommitted, f) &&
                set(kThreePcHeardLower, f) &&
                set(kThreePcHeardCoordinator, f) &&
                Define(sym[kThreePcAnswered], post[kThreePcAnswered],
                       [&](const Args& x) {
                         return x[0] != p && pre[kThreePcAnswered](x[0], x[1]);
                       }) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcCollecting, kThreePcTmAnswered,
                                 kThreePcHeardWorking,
                                 kThreePcHeardPreCommitted, kThreePcHeardLower,
                                 kThreePcHeardCoordinator, kThreePcAnswered});
       }});
  // Participant q answers p's round with its phase now.
  ts.actions.push_back(
      {"answer",
       {{"p", v->p}, {"q", v->p}},
       [=](auto& pre, auto& post, const Args& a) {
         const z3::expr p = a[0];
         const z3::expr q = a[1];
         const z3::expr rm = pre[kThreePcRm](q);
         auto add = [&](size_t symbol, const z3::expr& heard) {
           return UpdateAt(sym[symbol], pre[symbol], post[symbol], p,
                           pre[symbol](p) || heard);
         };
         return p != q && pre[kThreePcUp](q) && pre[kThreePcCollecting](p) &&
                !pre[kThreePcAnswered](p, q) &&
                Insert(sym[kThreePcAnswered], pre[kThreePcAnswered],
                       post[kThreePcAnswered], {p, q}) &&
                add(kThreePcHeardWorking, rm == v->Working()) &&
                add(kThreePcHeardPreCommitted, rm == v->PreCommitted()) &&
                add(kThreePcHeardLower, v->lower(q, p) && !v->Decided(rm)) &&
                add(kThreePcCommitMsg, rm == v->Committed()) &&
                add(kThreePcAbortMsg, rm == v->Aborted()) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcAnswered, kThreePcHeardWorking,
                                 kThreePcHeardPreCommitted, kThreePcHeardLower,
                                 kThreePcCommitMsg, kThreePcAbortMsg});
       }});
  ts.actions.push_back(
      {"tm-answer", {{"p", v->p}}, [=](auto& pre, auto& post, const Args& a) {
         const z3::expr p = a[0];
         const z3::expr tm = pre[kThreePcTm]();
         auto add = [&](size_t symbol, const z3::expr& heard) {
           return UpdateAt(sym[symbol], pre[symbol], post[symbol], p,
                           pre[symbol](p) || heard);
         };
         return pre[kThreePcTmUp]() && pre[kThreePcCollecting](p) &&
                !pre[kThreePcTmAnswered](p) &&
                add(kThreePcTmAnswered, v->ctx.bool_val(true)) &&
                add(kThreePcHeardCoordinator,
                    tm == v->TmWaiting() || tm == v->TmPreCommitting()) &&
                add(kThreePcCommitMsg, tm == v->TmCommitted()) &&
                add(kThreePcAbortMsg, tm == v->TmAborted()) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcTmAnswered, kThreePcHeardCoordinator,
                                 kThreePcCommitMsg, kThreePcAbortMsg});
       }});
  // The round's time-out: the rule, on what was heard. A live coordinator
  // is left to finish; a lower undecided participant is left to decide,
  // unless someone has not voted; a working participant means abort; a
  // pre-committed one (p included, as it is now) means pre-commit everyone,
  // then commit; else abort.
  ts.actions.push_back(
      {"apply-rule", {{"p", v->p}}, [=](auto& pre, auto& post, const Args& a) {
         const z3::expr p = a[0];
         const z3::expr q = v->Var("q!rule");
         const z3::expr rm = pre[kThreePcRm](p);
         const z3::expr all_answered =
             z3::forall(q, z3::implies(pre[kThreePcUp](q) && q != p,
                                       pre[kThreePcAnswered](p, q))) &&
             z3::implies(pre[kThreePcTmUp](), pre[kThreePcTmAnswered](p)) &&
             z3::forall(q, z3::implies(pre[kThreePcCollecting](q) && q != p,
                                       pre[kThreePcAnswered](q, p)));
         const z3::expr working = pre[kThreePcHeardWorking](p);
         z3::expr defer = pre[kThreePcHeardCoordinator](p);
         if (bug != Bug::kNoElection) {
           defer = defer || (!working && pre[kThreePcHeardLower](p));
         }
         z3::expr pre_committed =
             rm == v->PreCommitted() || pre[kThreePcHeardPreCommitted](p);
         if (bug == Bug::kAbortWhenUndecided) pre_committed = f;
         const z3::expr abort = working || !pre_committed;
         const z3::expr after = z3::ite(
             defer, rm, z3::ite(abort, v->Aborted(), v->PreCommitted()));
         return pre[kThreePcUp](p) && pre[kThreePcCollecting](p) &&
                v->Undecided(rm) && v->Quiet(pre) && all_answered &&
                EndRound(sym, *v, pre, post, p) &&
                UpdateAt(sym[kThreePcRm], pre[kThreePcRm], post[kThreePcRm], p,
                         after) &&
                UpdateAt(sym[kThreePcPreCommitting], pre[kThreePcPreCommitting],
                         post[kThreePcPreCommitting], p, !defer && !abort) &&
                UnchangedExcept(
                    sym, pre, post,
                    {kThreePcRm, kThreePcPreCommitting, kThreePcCollecting,
                     kThreePcHeardWorking, kThreePcHeardPreCommitted,
                     kThreePcHeardLower, kThreePcHeardCoordinator});
       }});
  if (bug != Bug::kCommitOnTimeout) return;
  // The bug: an uncertain participant whose patience runs out commits.
  ts.actions.push_back({"commit-on-timeout",
                        {{"p", v->p}},
                        [=](auto& pre, auto& post, const Args& a) {
                          return RoundMayStart(*v, pre, a[0]) &&
                                 pre[kThreePcRm](a[0]) == v->Uncertain() &&
                                 v->Quiet(pre) &&
                                 UpdateAt(sym[kThreePcRm], pre[kThreePcRm],
                                          post[kThreePcRm], a[0],
                                          v->Committed()) &&
                                 UnchangedExcept(sym, pre, post, {kThreePcRm});
                        }});
}

void AddCoordinatorSteps(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                         Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  auto set_tm = [=](const StateCopy& pre, const StateCopy& post,
                    const z3::expr& from, const z3::expr& to) {
    return pre[kThreePcTmUp]() && pre[kThreePcTm]() == from &&
           post[kThreePcTm]() == to &&
           UnchangedExcept(sym, pre, post, {kThreePcTm});
  };
  // Every vote in: pre-commit (with skip-pre-commit: commit).
  ts.actions.push_back(
      {"tm-pre-commit", {}, [=](auto& pre, auto& post, const Args&) {
         const z3::expr q = v->Var("q!vote");
         return z3::forall(q, pre[kThreePcVoted](q)) &&
                set_tm(pre, post, v->TmWaiting(),
                       bug == Bug::kSkipPreCommit ? v->TmCommitted()
                                                  : v->TmPreCommitting());
       }});
  ts.actions.push_back(
      {"tm-vote-timeout", {}, [=](auto& pre, auto& post, const Args&) {
         return set_tm(pre, post, v->TmWaiting(), v->TmAborted());
       }});
  ts.actions.push_back(
      {"tm-send-pre-commit",
       {{"q", v->p}},
       [=](auto& pre, auto& post, const Args& a) {
         return pre[kThreePcTmUp]() &&
                pre[kThreePcTm]() == v->TmPreCommitting() &&
                LowerUpWentOn(*v, pre, a[0]) &&
                Insert(sym[kThreePcPreCommitMsg], pre[kThreePcPreCommitMsg],
                       post[kThreePcPreCommitMsg], {a[0]}) &&
                UnchangedExcept(sym, pre, post, {kThreePcPreCommitMsg});
       }});
  // The broadcast ends: every participant that is up acknowledged (one that
  // is down timed out).
  ts.actions.push_back(
      {"tm-finish-pre-commit", {}, [=](auto& pre, auto& post, const Args&) {
         return v->OthersUpWentOn(pre, std::nullopt) &&
                set_tm(pre, post, v->TmPreCommitting(), v->TmCommitted());
       }});
  ts.actions.push_back(
      {"tm-send-decision",
       {{"q", v->p}},
       [=](auto& pre, auto& post, const Args& a) {
         const z3::expr tm = pre[kThreePcTm]();
         return pre[kThreePcTmUp]() &&
                (tm == v->TmCommitted() || tm == v->TmAborted()) &&
                Define(sym[kThreePcCommitMsg], post[kThreePcCommitMsg],
                       [&](const Args& x) {
                         return pre[kThreePcCommitMsg](x[0]) ||
                                (x[0] == a[0] && tm == v->TmCommitted());
                       }) &&
                Define(sym[kThreePcAbortMsg], post[kThreePcAbortMsg],
                       [&](const Args& x) {
                         return pre[kThreePcAbortMsg](x[0]) ||
                                (x[0] == a[0] && tm == v->TmAborted());
                       }) &&
                UnchangedExcept(sym, pre, post,
                                {kThreePcCommitMsg, kThreePcAbortMsg});
       }});
  ts.actions.push_back(
      {"tm-crash", {}, [=](auto& pre, auto& post, const Args&) {
         return pre[kThreePcTmUp]() && !post[kThreePcTmUp]() &&
                UnchangedExcept(sym, pre, post, {kThreePcTmUp});
       }});
}

void AddProperties(TransitionSystem& ts, std::shared_ptr<const Vocab> v) {
  const z3::expr r = v->Var("r");
  const z3::expr q = v->Var("q");
  auto add = [&](std::string name, std::string description, bool lemma,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back(
        {std::move(name), std::move(description), lemma, std::move(holds)});
  };
  add("consistency",
      "no node committed while another aborted (coordinator included)", false,
      [=](const StateCopy& s) {
        return !(v->AnyCommitted(s) && v->AnyAborted(s));
      });
  add("commit-needs-all-votes",
      "nobody pre-commits or commits before every participant voted yes", false,
      [=](const StateCopy& s) {
        const z3::expr went_on =
            v->TmWentOn(s) || z3::exists(r, v->WentOn(s[kThreePcRm](r)));
        return !(went_on && z3::exists(q, s[kThreePcRm](q) == v->Working()));
      });
  add("voted-implies-not-working", "a participant that voted never works again",
      true, [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(s[kThreePcVoted](r),
                                         s[kThreePcRm](r) != v->Working()));
      });
  add("pre-commit-implies-tm-went-on",
      "a participant pre-commits, commits or is sent PreCommit only after "
      "the coordinator pre-committed",
      true, [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(v->WentOn(s[kThreePcRm](r)) ||
                                             s[kThreePcPreCommitMsg](r),
                                         v->TmWentOn(s)));
      });
  add("pre-committing-implies-pre-committed",
      "the termination winner is pre-committed while it pre-commits others",
      true, [=](const StateCopy& s) {
        return z3::forall(r,
                          z3::implies(s[kThreePcPreCommitting](r),
                                      s[kThreePcRm](r) == v->PreCommitted()));
      });
  add("commit-msg-implies-committed",
      "a Commit is only sent by a node that committed", true,
      [=](const StateCopy& s) {
        return z3::implies(z3::exists(r, s[kThreePcCommitMsg](r)),
                           v->AnyCommitted(s));
      });
  add("abort-msg-implies-aborted",
      "an Abort is only sent by a node that aborted", true,
      [=](const StateCopy& s) {
        return z3::implies(z3::exists(r, s[kThreePcAbortMsg](r)),
                           v->AnyAborted(s));
      });
  add("commit-implies-up-went-on",
      "once anyone committed, every participant that is up is pre-committed "
      "or committed",
      true, [=](const StateCopy& s) {
        return z3::implies(v->AnyCommitted(s),
                           v->OthersUpWentOn(s, std::nullopt));
      });
  add("abort-implies-no-pre-commit-up",
      "once anyone aborted, no node that is up is pre-committed, "
      "pre-committing or committed, and no PreCommit is on its way to one",
      true, [=](const StateCopy& s) {
        return z3::implies(
            v->AnyAborted(s),
            z3::forall(r, z3::implies(s[kThreePcUp](r),
                                      !v->WentOn(s[kThreePcRm](r)) &&
                                          !s[kThreePcPreCommitMsg](r))) &&
                z3::implies(s[kThreePcTmUp](), !v->TmWentOn(s)));
      });
  add("abort-beside-live-tm-implies-give-up",
      "while the coordinator is up and not aborted, a participant aborted only "
      "if some participant gave up without voting",
      true, [=](const StateCopy& s) {
        return z3::implies(s[kThreePcTmUp]() &&
                               s[kThreePcTm]() != v->TmAborted() &&
                               z3::exists(r, s[kThreePcRm](r) == v->Aborted()),
                           z3::exists(q, s[kThreePcRm](q) == v->Aborted() &&
                                             !s[kThreePcVoted](q)));
      });
  add("round-beside-down-or-decided-tm",
      "while a termination round is open the coordinator is down or decided",
      true, [=](const StateCopy& s) {
        return z3::forall(r,
                          z3::implies(s[kThreePcCollecting](r),
                                      !s[kThreePcTmUp]() ||
                                          s[kThreePcTm]() == v->TmCommitted() ||
                                          s[kThreePcTm]() == v->TmAborted()));
      });
  add("heard-working-implies-tm-not-went-on",
      "a round that heard a working participant saw a coordinator that never "
      "pre-committed",
      true, [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(s[kThreePcCollecting](r) &&
                                             s[kThreePcHeardWorking](r),
                                         !v->TmWentOn(s)));
      });
  add("heard-pre-committed-implies-tm-went-on",
      "a round that heard a pre-committed participant saw a coordinator that "
      "pre-committed",
      true, [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(s[kThreePcCollecting](r) &&
                                             s[kThreePcHeardPreCommitted](r),
                                         v->TmWentOn(s)));
      });
  add("undecided-lower-answer-is-heard",
      "a round has heard from a lower participant that answered and is still "
      "undecided",
      true, [=](const StateCopy& s) {
        return z3::forall(
            r, q,
            z3::implies(s[kThreePcCollecting](r) && s[kThreePcAnswered](r, q) &&
                            v->lower(q, r) && !v->Decided(s[kThreePcRm](q)),
                        s[kThreePcHeardLower](r)));
      });
  add("went-on-prefix",
      "a participant that is up and below a pre-committed or committed one "
      "is pre-committed or committed too",
      true, [=](const StateCopy& s) {
        return z3::forall(r, q,
                          z3::implies(v->WentOn(s[kThreePcRm](q)) &&
                                          v->lower(r, q) && s[kThreePcUp](r),
                                      v->WentOn(s[kThreePcRm](r))));
      });
  add("pre-commit-msg-prefix",
      "a participant that is up and below one sent PreCommit is "
      "pre-committed or committed",
      true, [=](const StateCopy& s) {
        return z3::forall(r, q,
                          z3::implies(s[kThreePcPreCommitMsg](q) &&
                                          v->lower(r, q) && s[kThreePcUp](r),
                                      v->WentOn(s[kThreePcRm](r))));
      });
  add("heard-pre-committed-implies-no-abort",
      "while a live participant's round has heard a pre-committed participant "
      "and no lower undecided one, nobody has aborted",
      true, [=](const StateCopy& s) {
        return z3::implies(
            z3::exists(r, s[kThreePcCollecting](r) && s[kThreePcUp](r) &&
                              s[kThreePcHeardPreCommitted](r) &&
                              !s[kThreePcHeardLower](r)),
            !v->AnyAborted(s));
      });
}

}  // namespace

TransitionSystem ThreePcSpec(z3::context& ctx,
                             const ThreePcSpecOptions& options) {
  std::shared_ptr<const Vocab> v = MakeVocab(ctx, options);
  TransitionSystem ts;
  ts.name = "threepc";
  ts.sorts.push_back({v->p, "p", v->lower});
  ts.symbols = {
      {"rm", {v->p}, v->rm_phase},
      {"up", {v->p}, ctx.bool_sort()},
      {"tm", {}, v->tm_phase},
      {"tm_up", {}, ctx.bool_sort()},
      {"voted", {v->p}, ctx.bool_sort()},
      {"pre_commit_msg", {v->p}, ctx.bool_sort()},
      {"commit_msg", {v->p}, ctx.bool_sort()},
      {"abort_msg", {v->p}, ctx.bool_sort()},
      {"pre_committing", {v->p}, ctx.bool_sort()},
      {"collecting", {v->p}, ctx.bool_sort()},
      {"answered", {v->p, v->p}, ctx.bool_sort()},
      {"tm_answered", {v->p}, ctx.bool_sort()},
      {"heard_working", {v->p}, ctx.bool_sort()},
      {"heard_pre_committed", {v->p}, ctx.bool_sort()},
      {"heard_lower", {v->p}, ctx.bool_sort()},
      {"heard_coordinator", {v->p}, ctx.bool_sort()},
  };
  ts.rigid.push_back({"lower", v->lower});
  ts.axioms = OrderAxioms(*v, options.participants);
  ts.init = [v](const StateCopy& s) {
    const z3::expr r = v->Var("r");
    const z3::expr q = v->Var("q");
    return z3::forall(
               r, s[kThreePcRm](r) == v->Working() && s[kThreePcUp](r) &&
                      !s[kThreePcVoted](r) && !s[kThreePcPreCommitMsg](r) &&
                      !s[kThreePcCommitMsg](r) && !s[kThreePcAbortMsg](r) &&
                      !s[kThreePcPreCommitting](r) &&
                      !s[kThreePcCollecting](r) && !s[kThreePcTmAnswered](r) &&
                      !s[kThreePcHeardWorking](r) &&
                      !s[kThreePcHeardPreCommitted](r) &&
                      !s[kThreePcHeardLower](r) &&
                      !s[kThreePcHeardCoordinator](r) &&
                      z3::forall(q, !s[kThreePcAnswered](r, q))) &&
           s[kThreePcTm]() == v->TmWaiting() && s[kThreePcTmUp]();
  };
  AddParticipantSteps(ts, v);
  AddParticipantPreCommit(ts, v);
  AddTermination(ts, v, options.bug);
  AddCoordinatorSteps(ts, v, options.bug);
  AddProperties(ts, v);
  return ts;
}

}  // namespace stepwise::spec
