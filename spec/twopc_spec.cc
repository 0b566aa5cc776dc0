#include "spec/twopc_spec.h"

#include <memory>
#include <string>
#include <vector>

namespace stepwise::spec {
namespace {

using core::twopc::Bug;

// The sorts and enum values every formula below uses.
struct Vocab {
  z3::context& ctx;
  z3::sort rm;
  z3::sort rm_state;
  z3::sort tm_state;
  z3::func_decl_vector rm_values;  // working, prepared, committed, aborted
  z3::func_decl_vector tm_values;  // init, committed, aborted
  z3::func_decl_vector rm_names;   // finite RM sort only: rm1..rmN
  std::optional<z3::sort> majority;
  std::optional<z3::func_decl> member;  // member(RM, Majority)

  z3::expr Working() const { return rm_values[0](); }
  z3::expr Prepared() const { return rm_values[1](); }
  z3::expr Committed() const { return rm_values[2](); }
  z3::expr Aborted() const { return rm_values[3](); }
  z3::expr TmInit() const { return tm_values[0](); }
  z3::expr TmCommitted() const { return tm_values[1](); }
  z3::expr TmAborted() const { return tm_values[2](); }
};

z3::sort Enum(z3::context& ctx, const char* name,
              const std::vector<const char*>& values,
              z3::func_decl_vector& constants) {
  z3::func_decl_vector testers(ctx);
  return ctx.enumeration_sort(name, static_cast<unsigned>(values.size()),
                              values.data(), constants, testers);
}

std::shared_ptr<Vocab> MakeVocab(z3::context& ctx,
                                 const TwoPcSpecOptions& options) {
  z3::func_decl_vector rm_values(ctx), tm_values(ctx), rm_names(ctx);
  z3::sort rm_state =
      Enum(ctx, "RmState", {"working", "prepared", "committed", "aborted"},
           rm_values);
  z3::sort tm_state =
      Enum(ctx, "TmState", {"init", "committed", "aborted"}, tm_values);
  z3::sort rm = ctx.uninterpreted_sort("RM");
  if (options.rms > 0) {
    std::vector<std::string> names;
    for (uint32_t i = 1; i <= options.rms; ++i) {
      names.push_back("rm" + std::to_string(i));
    }
    std::vector<const char*> pointers;
    for (const std::string& name : names) pointers.push_back(name.c_str());
    rm = Enum(ctx, "RM", pointers, rm_names);
  }
  auto vocab = std::make_shared<Vocab>(Vocab{ctx, rm, rm_state, tm_state,
                                             rm_values, tm_values, rm_names,
                                             std::nullopt, std::nullopt});
  if (options.bug == Bug::kMajorityCommit && options.rms == 0) {
    vocab->majority = ctx.uninterpreted_sort("Majority");
    vocab->member =
        ctx.function("member", rm, *vocab->majority, ctx.bool_sort());
  }
  return vocab;
}

// The TM commits: every RM prepared (with the majority-commit bug: a
// majority did; for any N that is a member of a sort of pairwise
// intersecting majorities, for N RMs a count).
z3::expr EnoughPrepared(const Vocab& v, const StateCopy& s, const Args& args,
                        uint32_t rms, Bug bug) {
  const z3::expr r = v.ctx.constant("r!commit", v.rm);
  if (bug != Bug::kMajorityCommit) {
    return z3::forall(r, s[kTwoPcTmPrepared](r));
  }
  if (rms == 0) {
    return z3::forall(
        r, z3::implies((*v.member)(r, args.at(0)), s[kTwoPcTmPrepared](r)));
  }
  z3::expr count = v.ctx.int_val(0);
  for (unsigned i = 0; i < v.rm_names.size(); ++i) {
    count = count + z3::ite(s[kTwoPcTmPrepared](v.rm_names[i]()),
                            v.ctx.int_val(1), v.ctx.int_val(0));
  }
  return 2 * count > v.ctx.int_val(static_cast<int>(rms));
}

void AddRmActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                  Bug bug) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const std::vector<std::pair<std::string, z3::sort>> r_param = {{"r", v->rm}};
  ts.actions.push_back(
      {"rm-prepare", r_param, [=](auto& pre, auto& post, const Args& a) {
         return pre[kTwoPcRmState](a[0]) == v->Working() &&
                UpdateAt(sym[kTwoPcRmState], pre[kTwoPcRmState],
                         post[kTwoPcRmState], a[0], v->Prepared()) &&
                Insert(sym[kTwoPcPreparedMsg], pre[kTwoPcPreparedMsg],
                       post[kTwoPcPreparedMsg], {a[0]}) &&
                UnchangedExcept(sym, pre, post,
                                {kTwoPcRmState, kTwoPcPreparedMsg});
       }});
  ts.actions.push_back(
      {"rm-give-up", r_param, [=](auto& pre, auto& post, const Args& a) {
         z3::expr enabled = pre[kTwoPcRmState](a[0]) == v->Working();
         if (bug == Bug::kAbortAfterPrepare) {
           enabled = enabled || pre[kTwoPcRmState](a[0]) == v->Prepared();
         }
         return enabled &&
                UpdateAt(sym[kTwoPcRmState], pre[kTwoPcRmState],
                         post[kTwoPcRmState], a[0], v->Aborted()) &&
                UnchangedExcept(sym, pre, post, {kTwoPcRmState});
       }});
  auto receive = [=](size_t msg, z3::expr outcome) {
    return [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
      return pre[msg]() &&
             UpdateAt(sym[kTwoPcRmState], pre[kTwoPcRmState],
                      post[kTwoPcRmState], a[0], outcome) &&
             UnchangedExcept(sym, pre, post, {kTwoPcRmState});
    };
  };
  ts.actions.push_back(
      {"rm-receive-commit", r_param, receive(kTwoPcCommitMsg, v->Committed())});
  ts.actions.push_back(
      {"rm-receive-abort", r_param, receive(kTwoPcAbortMsg, v->Aborted())});
  // Restart: the state is durable (but for the volatile-prepare bug); a
  // prepared RM announces itself again.
  ts.actions.push_back(
      {"rm-restart", r_param, [=](auto& pre, auto& post, const Args& a) {
         const z3::expr before = pre[kTwoPcRmState](a[0]);
         const z3::expr after =
             bug == Bug::kVolatilePrepare
                 ? z3::ite(before == v->Prepared(), v->Working(), before)
                 : before;
         return UpdateAt(sym[kTwoPcRmState], pre[kTwoPcRmState],
                         post[kTwoPcRmState], a[0], after) &&
                Define(sym[kTwoPcPreparedMsg], post[kTwoPcPreparedMsg],
                       [&](const Args& x) {
                         return pre[kTwoPcPreparedMsg](x[0]) ||
                                (x[0] == a[0] && before == v->Prepared());
                       }) &&
                UnchangedExcept(sym, pre, post,
                                {kTwoPcRmState, kTwoPcPreparedMsg});
       }});
}

void AddTmActions(TransitionSystem& ts, std::shared_ptr<const Vocab> v,
                  const TwoPcSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  ts.actions.push_back(
      {"tm-receive-prepared",
       {{"r", v->rm}},
       [=](auto& pre, auto& post, const Args& a) {
         return pre[kTwoPcTmState]() == v->TmInit() &&
                pre[kTwoPcPreparedMsg](a[0]) &&
                Insert(sym[kTwoPcTmPrepared], pre[kTwoPcTmPrepared],
                       post[kTwoPcTmPrepared], {a[0]}) &&
                UnchangedExcept(sym, pre, post, {kTwoPcTmPrepared});
       }});
  auto decide =
      [=](z3::expr decision, size_t msg,
          std::function<z3::expr(const StateCopy&, const Args&)> guard) {
        return [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
          return pre[kTwoPcTmState]() == v->TmInit() && guard(pre, a) &&
                 post[kTwoPcTmState]() == decision && post[msg]() &&
                 UnchangedExcept(sym, pre, post, {kTwoPcTmState, msg});
        };
      };
  std::vector<std::pair<std::string, z3::sort>> commit_params;
  if (v->majority) commit_params.push_back({"majority", *v->majority});
  const uint32_t rms = options.rms;
  const Bug bug = options.bug;
  ts.actions.push_back({"tm-commit", commit_params,
                        decide(v->TmCommitted(), kTwoPcCommitMsg,
                               [=](const StateCopy& pre, const Args& a) {
                                 return EnoughPrepared(*v, pre, a, rms, bug);
                               })});
  ts.actions.push_back({"tm-abort",
                        {},
                        decide(v->TmAborted(), kTwoPcAbortMsg,
                               [=](const StateCopy&, const Args&) {
                                 return v->ctx.bool_val(true);
                               })});
  // Restart: the prepared set is volatile, the decision durable (but for the
  // volatile-decision bug) and broadcast again.
  ts.actions.push_back(
      {"tm-restart", {}, [=](auto& pre, auto& post, const Args&) {
         const z3::expr tm = pre[kTwoPcTmState]();
         const z3::expr tm_after =
             bug == Bug::kVolatileDecision ? v->TmInit() : tm;
         return post[kTwoPcTmState]() == tm_after &&
                Define(sym[kTwoPcTmPrepared], post[kTwoPcTmPrepared],
                       [&](const Args&) { return v->ctx.bool_val(false); }) &&
                post[kTwoPcCommitMsg]() ==
                    (pre[kTwoPcCommitMsg]() || tm == v->TmCommitted()) &&
                post[kTwoPcAbortMsg]() ==
                    (pre[kTwoPcAbortMsg]() || tm == v->TmAborted()) &&
                UnchangedExcept(sym, pre, post,
                                {kTwoPcTmState, kTwoPcTmPrepared,
                                 kTwoPcCommitMsg, kTwoPcAbortMsg});
       }});
}

void AddProperties(TransitionSystem& ts, std::shared_ptr<const Vocab> v) {
  const z3::expr r = v->ctx.constant("r", v->rm);
  const z3::expr r2 = v->ctx.constant("r2", v->rm);
  auto add = [&](std::string name, std::string description, bool lemma,
                 std::function<z3::expr(const StateCopy&)> holds) {
    ts.properties.push_back({name, description, lemma, holds});
  };
  add("consistency", "no RM has committed while another has aborted", false,
      [=](const StateCopy& s) {
        return z3::forall(r, r2,
                          !(s[kTwoPcRmState](r) == v->Committed() &&
                            s[kTwoPcRmState](r2) == v->Aborted()));
      });
  add("commit-msg-implies-tm-committed",
      "a Commit message is only ever sent by a committed TM", true,
      [=](const StateCopy& s) {
        return z3::implies(s[kTwoPcCommitMsg](),
                           s[kTwoPcTmState]() == v->TmCommitted());
      });
  add("abort-msg-implies-tm-aborted",
      "an Abort message is only ever sent by an aborted TM", true,
      [=](const StateCopy& s) {
        return z3::implies(s[kTwoPcAbortMsg](),
                           s[kTwoPcTmState]() == v->TmAborted());
      });
  add("tm-prepared-implies-prepared-msg",
      "the TM records an RM as prepared only after its Prepared message", true,
      [=](const StateCopy& s) {
        return z3::forall(
            r, z3::implies(s[kTwoPcTmPrepared](r), s[kTwoPcPreparedMsg](r)));
      });
  add("prepared-msg-implies-not-working",
      "an RM that sent Prepared never works again", true,
      [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(s[kTwoPcPreparedMsg](r),
                                         s[kTwoPcRmState](r) != v->Working()));
      });
  add("prepared-rm-aborts-only-on-abort-msg",
      "an RM that sent Prepared is aborted only by the TM's Abort", true,
      [=](const StateCopy& s) {
        return z3::forall(r,
                          z3::implies(s[kTwoPcPreparedMsg](r) &&
                                          s[kTwoPcRmState](r) == v->Aborted(),
                                      s[kTwoPcAbortMsg]()));
      });
  add("tm-committed-implies-all-prepared",
      "once the TM commits every RM is prepared or committed", true,
      [=](const StateCopy& s) {
        return z3::forall(
            r, z3::implies(s[kTwoPcTmState]() == v->TmCommitted(),
                           s[kTwoPcRmState](r) == v->Prepared() ||
                               s[kTwoPcRmState](r) == v->Committed()));
      });
  add("committed-rm-implies-commit-msg",
      "an RM commits only after the TM's Commit was sent", true,
      [=](const StateCopy& s) {
        return z3::forall(r, z3::implies(s[kTwoPcRmState](r) == v->Committed(),
                                         s[kTwoPcCommitMsg]()));
      });
}

}  // namespace

TransitionSystem TwoPcSpec(z3::context& ctx, const TwoPcSpecOptions& options) {
  std::shared_ptr<const Vocab> v = MakeVocab(ctx, options);
  TransitionSystem ts;
  ts.name = "twopc";
  ts.sorts.push_back({v->rm, "rm", std::nullopt});
  ts.symbols = {
      {"rm_state", {v->rm}, v->rm_state},
      {"tm_state", {}, v->tm_state},
      {"tm_prepared", {v->rm}, ctx.bool_sort()},
      {"prepared_msg", {v->rm}, ctx.bool_sort()},
      {"commit_msg", {}, ctx.bool_sort()},
      {"abort_msg", {}, ctx.bool_sort()},
  };
  if (v->majority) {
    ts.sorts.push_back({*v->majority, "majority", std::nullopt});
    ts.rigid.push_back({"majority member", *v->member});
    const z3::expr a = ctx.constant("a", *v->majority);
    const z3::expr b = ctx.constant("b", *v->majority);
    const z3::expr r = ctx.constant("r", v->rm);
    ts.axioms.push_back(z3::forall(
        a, b, z3::exists(r, (*v->member)(r, a) && (*v->member)(r, b))));
  }
  ts.init = [v](const StateCopy& s) {
    const z3::expr r = v->ctx.constant("r", v->rm);
    return z3::forall(r, s[kTwoPcRmState](r) == v->Working() &&
                             !s[kTwoPcTmPrepared](r) &&
                             !s[kTwoPcPreparedMsg](r)) &&
           s[kTwoPcTmState]() == v->TmInit() && !s[kTwoPcCommitMsg]() &&
           !s[kTwoPcAbortMsg]();
  };
  AddRmActions(ts, v, options.bug);
  AddTmActions(ts, v, options);
  AddProperties(ts, v);
  return ts;
}

}  // namespace stepwise::spec
