#include "spec/clock_proofs.h"

#include <cassert>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::spec {
namespace {

using Params = std::vector<std::pair<std::string, z3::sort>>;

z3::expr Max(const z3::expr& a, const z3::expr& b) {
  return z3::ite(a >= b, a, b);
}

// (l1, c1) > (l2, c2), lexicographically: the order of HlcTimestamp.
z3::expr Later(const z3::expr& l1, const z3::expr& c1, const z3::expr& l2,
               const z3::expr& c2) {
  return l1 > l2 || (l1 == l2 && c1 > c2);
}

void AddProperty(TransitionSystem& ts, std::string name,
                 std::string description, bool lemma,
                 std::function<z3::expr(const StateCopy&)> holds) {
  ts.properties.push_back(
      {std::move(name), std::move(description), lemma, std::move(holds)});
}

// ---------------------------------------------------------------------------
// Lamport clocks.

enum LamportSymbol : size_t {
  kLamTime,      // time(Node): the node's clock
  kLamPrev,      // prev(Node): its clock before its latest event (ghost)
  kLamSent,      // sent(Msg)
  kLamMsgTime,   // msg_time(Msg)
  kLamReceived,  // received(Node, Msg): ghost, which node received what
};

}  // namespace

TransitionSystem LamportSpec(z3::context& ctx,
                             const LamportSpecOptions& options) {
  const z3::sort node = ctx.uninterpreted_sort("Node");
  const z3::sort msg = ctx.uninterpreted_sort("Msg");
  const z3::sort i = ctx.int_sort();
  const z3::sort b = ctx.bool_sort();
  TransitionSystem ts;
  ts.name = "lamport";
  ts.sorts = {{node, "n", std::nullopt}, {msg, "m", std::nullopt}};
  ts.symbols = {{"time", {node}, i},
                {"prev", {node}, i},
                {"sent", {msg}, b},
                {"msg_time", {msg}, i},
                {"received", {node, msg}, b}};
  const z3::expr n = ctx.constant("n", node);
  const z3::expr m = ctx.constant("m", msg);
  ts.init = [=](const StateCopy& s) {
    return z3::forall(n, s[kLamTime](n) == 0 && s[kLamPrev](n) == -1) &&
           z3::forall(m, !s[kLamSent](m)) &&
           z3::forall(n, m, !s[kLamReceived](n, m));
  };
  const std::vector<StateSymbol> sym = ts.symbols;
  const Params params = {{"n", node}, {"m", msg}};
  // A send (or, never received, a local event): time + 1, stamped on m.
  ts.actions.push_back(
      {"send", params,
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr t = pre[kLamTime](a[0]) + 1;
         return !pre[kLamSent](a[1]) &&
                UpdateAt(sym[kLamTime], pre[kLamTime], post[kLamTime], a[0],
                         t) &&
                UpdateAt(sym[kLamPrev], pre[kLamPrev], post[kLamPrev], a[0],
                         pre[kLamTime](a[0])) &&
                Insert(sym[kLamSent], pre[kLamSent], post[kLamSent], {a[1]}) &&
                UpdateAt(sym[kLamMsgTime], pre[kLamMsgTime], post[kLamMsgTime],
                         a[1], t) &&
                UnchangedExcept(sym, pre, post,
                                {kLamTime, kLamPrev, kLamSent, kLamMsgTime});
       }});
  const bool forgets =
      options.mistake == LamportMistake::kReceiveForgetsMessage;
  ts.actions.push_back(
      {"receive", params,
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr own = pre[kLamTime](a[0]);
         const z3::expr t =
             (forgets ? own : Max(own, pre[kLamMsgTime](a[1]))) + 1;
         return pre[kLamSent](a[1]) &&
                UpdateAt(sym[kLamTime], pre[kLamTime], post[kLamTime], a[0],
                         t) &&
                UpdateAt(sym[kLamPrev], pre[kLamPrev], post[kLamPrev], a[0],
                         own) &&
                Insert(sym[kLamReceived], pre[kLamReceived], post[kLamReceived],
                       {a[0], a[1]}) &&
                UnchangedExcept(sym, pre, post,
                                {kLamTime, kLamPrev, kLamReceived});
       }});
  AddProperty(ts, "monotonic", "every event gets a larger time than the last",
              false, [=](const StateCopy& s) {
                return z3::forall(n, s[kLamTime](n) > s[kLamPrev](n));
              });
  AddProperty(
      ts, "receive-after-send", "a node that received m is later than m's send",
      false, [=](const StateCopy& s) {
        return z3::forall(n, m,
                          z3::implies(s[kLamReceived](n, m),
                                      s[kLamTime](n) > s[kLamMsgTime](m)));
      });
  AddProperty(ts, "received-were-sent", "only sent messages are received", true,
              [=](const StateCopy& s) {
                return z3::forall(
                    n, m, z3::implies(s[kLamReceived](n, m), s[kLamSent](m)));
              });
  return ts;
}

namespace {

// ---------------------------------------------------------------------------
// Hybrid logical clocks.

enum HlcSymbol : size_t {
  kPt,        // pt(Node): the physical clock now
  kL,         // l(Node)
  kC,         // c(Node)
  kPrevL,     // prev_l(Node): l before the latest event (ghost)
  kPrevC,     // prev_c(Node)
  kRead,      // read(Node): pt read at the latest event (ghost)
  kMaxRead,   // max_read(Node): the largest pt the node has read (ghost)
  kSent,      // sent(Msg)
  kMsgL,      // msg_l(Msg)
  kMsgC,      // msg_c(Msg)
  kReceived,  // received(Node, Msg): ghost
};

struct HlcVocab {
  z3::sort node;
  z3::sort msg;
  z3::expr eps;  // the max clock offset, rigid
};

// The state after an event at node a[0] that yields (l, c), reading pt.
z3::expr HlcEvent(const std::vector<StateSymbol>& sym, const StateCopy& pre,
                  const StateCopy& post, const z3::expr& at, const z3::expr& l,
                  const z3::expr& c) {
  const z3::expr pt = pre[kPt](at);
  return UpdateAt(sym[kL], pre[kL], post[kL], at, l) &&
         UpdateAt(sym[kC], pre[kC], post[kC], at, c) &&
         UpdateAt(sym[kPrevL], pre[kPrevL], post[kPrevL], at, pre[kL](at)) &&
         UpdateAt(sym[kPrevC], pre[kPrevC], post[kPrevC], at, pre[kC](at)) &&
         UpdateAt(sym[kRead], pre[kRead], post[kRead], at, pt) &&
         UpdateAt(sym[kMaxRead], pre[kMaxRead], post[kMaxRead], at,
                  Max(pre[kMaxRead](at), pt));
}

const std::vector<size_t> kEventChanges = {kL,     kC,    kPrevL,
                                           kPrevC, kRead, kMaxRead};

std::vector<size_t> With(std::vector<size_t> changed,
                         std::initializer_list<size_t> more) {
  changed.insert(changed.end(), more);
  return changed;
}

void AddHlcActions(TransitionSystem& ts, const HlcVocab& v,
                   const HlcSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  const bool synchronized = options.clocks == HlcClocks::kSynchronized;
  const z3::expr eps = v.eps;
  const z3::expr k = eps.ctx().constant("k", v.node);
  // The physical clock of a[0] shows a[1]: anything (kAny), or later and
  // within epsilon of every other clock (kSynchronized).
  ts.actions.push_back(
      {"tick",
       {{"n", v.node}, {"t", eps.ctx().int_sort()}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         z3::expr guard = a[1] >= 0;
         if (synchronized) {
           guard = guard && a[1] >= pre[kPt](a[0]) &&
                   z3::forall(k, a[1] - pre[kPt](k) <= eps &&
                                     pre[kPt](k) - a[1] <= eps);
         }
         return guard && UpdateAt(sym[kPt], pre[kPt], post[kPt], a[0], a[1]) &&
                UnchangedExcept(sym, pre, post, {kPt});
       }});
  const Params params = {{"n", v.node}, {"m", v.msg}};
  // Send (a local event is a send nobody receives): l' = max(l, pt);
  // c' = c + 1 if l stayed, else 0.
  ts.actions.push_back(
      {"send", params,
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr l = pre[kL](a[0]);
         const z3::expr next_l = Max(l, pre[kPt](a[0]));
         const z3::expr next_c =
             z3::ite(next_l == l, pre[kC](a[0]) + 1, l.ctx().int_val(0));
         return !pre[kSent](a[1]) &&
                HlcEvent(sym, pre, post, a[0], next_l, next_c) &&
                Insert(sym[kSent], pre[kSent], post[kSent], {a[1]}) &&
                UpdateAt(sym[kMsgL], pre[kMsgL], post[kMsgL], a[1], next_l) &&
                UpdateAt(sym[kMsgC], pre[kMsgC], post[kMsgC], a[1], next_c) &&
                UnchangedExcept(sym, pre, post,
                                With(kEventChanges, {kSent, kMsgL, kMsgC}));
       }});
  const HlcMistake mistake = options.mistake;
  ts.actions.push_back(
      {"receive", params,
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr l = pre[kL](a[0]);
         const z3::expr c = pre[kC](a[0]);
         const z3::expr pt = pre[kPt](a[0]);
         const z3::expr ml = pre[kMsgL](a[1]);
         const z3::expr mc = pre[kMsgC](a[1]);
         z3::expr next_l = Max(Max(l, ml), pt);
         if (mistake == HlcMistake::kReceiveForgetsMessage) next_l = Max(l, pt);
         if (mistake == HlcMistake::kReceiveForgetsOwn) next_l = Max(ml, pt);
         const z3::expr next_c = z3::ite(
             next_l == l && next_l == ml, Max(c, mc) + 1,
             z3::ite(next_l == l, c + 1,
                     z3::ite(next_l == ml, mc + 1, l.ctx().int_val(0))));
         // OffsetPolicy::kReject: refuse l_m > pt + epsilon (a refused
         // message is no event: the action is not enabled).
         z3::expr guard = pre[kSent](a[1]);
         if (!synchronized && mistake != HlcMistake::kNoOffsetCheck) {
           guard = guard && ml - pt <= eps;
         }
         return guard && HlcEvent(sym, pre, post, a[0], next_l, next_c) &&
                Insert(sym[kReceived], pre[kReceived], post[kReceived],
                       {a[0], a[1]}) &&
                UnchangedExcept(sym, pre, post,
                                With(kEventChanges, {kReceived}));
       }});
}

void AddHlcProperties(TransitionSystem& ts, const HlcVocab& v,
                      const HlcSpecOptions& options) {
  z3::context& ctx = v.eps.ctx();
  const z3::expr n = ctx.constant("n", v.node);
  const z3::expr k = ctx.constant("k", v.node);
  const z3::expr m = ctx.constant("m", v.msg);
  const z3::expr eps = v.eps;
  AddProperty(ts, "monotonic",
              "every event's (l, c) is larger than the node's previous one, "
              "whatever the physical clock did",
              false, [=](const StateCopy& s) {
                return z3::forall(
                    n, Later(s[kL](n), s[kC](n), s[kPrevL](n), s[kPrevC](n)));
              });
  AddProperty(ts, "receive-after-send",
              "a node that received m has a larger (l, c) than m", false,
              [=](const StateCopy& s) {
                return z3::forall(n, m,
                                  z3::implies(s[kReceived](n, m),
                                              Later(s[kL](n), s[kC](n),
                                                    s[kMsgL](m), s[kMsgC](m))));
              });
  AddProperty(ts, "at-least-physical",
              "l >= the physical time read at the node's latest event", false,
              [=](const StateCopy& s) {
                return z3::forall(n, s[kL](n) >= s[kRead](n));
              });
  AddProperty(ts, "within-offset-of-max-read",
              "l <= the largest physical time the node has read + epsilon",
              false, [=](const StateCopy& s) {
                return z3::forall(n, s[kL](n) <= s[kMaxRead](n) + eps);
              });
  AddProperty(ts, "received-were-sent", "only sent messages are received", true,
              [=](const StateCopy& s) {
                return z3::forall(n, m,
                                  z3::implies(s[kReceived](n, m), s[kSent](m)));
              });
  if (options.clocks != HlcClocks::kSynchronized) return;
  AddProperty(ts, "within-epsilon-of-event-time",
              "l - pt <= epsilon at every event (Kulkarni et al., Theorem 2)",
              false, [=](const StateCopy& s) {
                return z3::forall(n, s[kL](n) - s[kRead](n) <= eps);
              });
  AddProperty(ts, "never-refused",
              "every message is within epsilon of every physical clock, so "
              "OffsetPolicy::kReject refuses nothing",
              false, [=](const StateCopy& s) {
                return z3::forall(
                    m, k,
                    z3::implies(s[kSent](m), s[kMsgL](m) <= s[kPt](k) + eps));
              });
  AddProperty(ts, "clocks-within-epsilon",
              "any two physical clocks differ by at most epsilon", true,
              [=](const StateCopy& s) {
                return z3::forall(n, k, s[kPt](n) - s[kPt](k) <= eps);
              });
  AddProperty(ts, "l-within-epsilon-of-every-clock",
              "every l is at most epsilon above every physical clock", true,
              [=](const StateCopy& s) {
                return z3::forall(n, k, s[kL](n) <= s[kPt](k) + eps);
              });
}

}  // namespace

TransitionSystem HlcSpec(z3::context& ctx, const HlcSpecOptions& options) {
  const z3::sort node = ctx.uninterpreted_sort("Node");
  const z3::sort msg = ctx.uninterpreted_sort("Msg");
  const z3::sort i = ctx.int_sort();
  const z3::sort b = ctx.bool_sort();
  const z3::func_decl eps_decl = ctx.function("epsilon", 0, nullptr, i);
  const HlcVocab v{node, msg, eps_decl()};
  TransitionSystem ts;
  ts.name =
      options.clocks == HlcClocks::kSynchronized ? "hlc-synchronized" : "hlc";
  ts.sorts = {{node, "n", std::nullopt}, {msg, "m", std::nullopt}};
  ts.symbols = {{"pt", {node}, i},
                {"l", {node}, i},
                {"c", {node}, i},
                {"prev_l", {node}, i},
                {"prev_c", {node}, i},
                {"read", {node}, i},
                {"max_read", {node}, i},
                {"sent", {msg}, b},
                {"msg_l", {msg}, i},
                {"msg_c", {msg}, i},
                {"received", {node, msg}, b}};
  ts.rigid = {{"epsilon", eps_decl}};
  ts.axioms = {v.eps >= 0};
  const bool synchronized = options.clocks == HlcClocks::kSynchronized;
  ts.init = [=, &ctx](const StateCopy& s) {
    const z3::expr n = ctx.constant("n", node);
    const z3::expr k = ctx.constant("k", node);
    const z3::expr m = ctx.constant("m", msg);
    z3::expr init =
        z3::forall(n, s[kPt](n) >= 0 && s[kL](n) == 0 && s[kC](n) == 0 &&
                          s[kPrevL](n) == -1 && s[kPrevC](n) == 0 &&
                          s[kRead](n) == 0 && s[kMaxRead](n) == 0) &&
        z3::forall(m, !s[kSent](m)) && z3::forall(n, m, !s[kReceived](n, m));
    if (synchronized) {
      init = init && z3::forall(n, k, s[kPt](n) - s[kPt](k) <= v.eps);
    }
    return init;
  };
  AddHlcActions(ts, v, options);
  AddHlcProperties(ts, v, options);
  return ts;
}

namespace {

// ---------------------------------------------------------------------------
// Vector clocks.

enum VcSymbol : size_t {
  kVc,      // vc(Node, Node): node n's clock, entry k
  kActive,  // active(Node): n has had an event
  kLast,    // last(Node): Event, n's latest event (when active)
  kDone,    // done(Event): the event has happened
  kOwner,   // owner(Event): Node
  kEvc,     // evc(Event, Node): the event's vector timestamp
  kHb,      // hb(Event, Event): happened-before (ghost)
};

struct VcVocab {
  z3::sort node;
  z3::sort event;
};

// leq(a, b): every entry of a's timestamp <= b's.
z3::expr Leq(const VcVocab& v, const StateCopy& s, const z3::expr& a,
             const z3::expr& b) {
  const z3::expr k = a.ctx().constant("k!leq", v.node);
  return z3::forall(k, s[kEvc](a, k) <= s[kEvc](b, k));
}

// Event e happens at node n with timestamp entries value(k); the events
// that happened before it are those `before(x)` says.
z3::expr NewEvent(const std::vector<StateSymbol>& sym, const StateCopy& pre,
                  const StateCopy& post, const z3::expr& n, const z3::expr& e,
                  const std::function<z3::expr(const z3::expr&)>& value,
                  const std::function<z3::expr(const z3::expr&)>& before) {
  return !pre[kDone](e) &&
         Define(sym[kVc], post[kVc],
                [&](const Args& x) {
                  return z3::ite(x[0] == n, value(x[1]), pre[kVc](x[0], x[1]));
                }) &&
         Insert(sym[kActive], pre[kActive], post[kActive], {n}) &&
         UpdateAt(sym[kLast], pre[kLast], post[kLast], n, e) &&
         Insert(sym[kDone], pre[kDone], post[kDone], {e}) &&
         UpdateAt(sym[kOwner], pre[kOwner], post[kOwner], e, n) &&
         Define(sym[kEvc], post[kEvc],
                [&](const Args& x) {
                  return z3::ite(x[0] == e, value(x[1]), pre[kEvc](x[0], x[1]));
                }) &&
         Define(sym[kHb], post[kHb], [&](const Args& x) {
           return pre[kHb](x[0], x[1]) || (x[1] == e && before(x[0]));
         });
}

// x == n's latest event, or happened before it.
z3::expr UpToLast(const StateCopy& pre, const z3::expr& n, const z3::expr& x) {
  return pre[kActive](n) && (x == pre[kLast](n) || pre[kHb](x, pre[kLast](n)));
}

void AddVcActions(TransitionSystem& ts, const VcVocab& v,
                  const VectorClockSpecOptions& options) {
  const std::vector<StateSymbol> sym = ts.symbols;
  // Local event or send (its timestamp is what a message carries):
  // VectorClock::Tick.
  ts.actions.push_back(
      {"local-or-send",
       {{"n", v.node}, {"e", v.event}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr n = a[0];
         return NewEvent(
             sym, pre, post, n, a[1],
             [&](const z3::expr& k) {
               return pre[kVc](n, k) +
                      z3::ite(k == n, k.ctx().int_val(1), k.ctx().int_val(0));
             },
             [&](const z3::expr& x) { return UpToLast(pre, n, x); });
       }});
  // Receive at n, as event e, of the timestamp of any event s that has
  // happened (every event may be a send): VectorClock::Receive.
  const VectorClockMistake mistake = options.mistake;
  ts.actions.push_back(
      {"receive",
       {{"n", v.node}, {"e", v.event}, {"s", v.event}},
       [=](const StateCopy& pre, const StateCopy& post, const Args& a) {
         const z3::expr n = a[0];
         const z3::expr sender = a[2];
         auto value = [&](const z3::expr& k) {
           const z3::expr own = pre[kVc](n, k);
           const z3::expr tick =
               z3::ite(k == n, k.ctx().int_val(1), k.ctx().int_val(0));
           switch (mistake) {
             case VectorClockMistake::kReceiveForgetsMerge:
               return own + tick;
             case VectorClockMistake::kReceiveForgetsTick:
               return Max(own, pre[kEvc](sender, k));
             case VectorClockMistake::kNone:
               break;
           }
           return Max(own, pre[kEvc](sender, k)) + tick;
         };
         return pre[kDone](sender) && NewEvent(sym, pre, post, n, a[1], value,
                                               [&](const z3::expr& x) {
                                                 return UpToLast(pre, n, x) ||
                                                        x == sender ||
                                                        pre[kHb](x, sender);
                                               });
       }});
}

void AddVcProperties(TransitionSystem& ts, const VcVocab& v) {
  z3::context& ctx = v.node.ctx();
  const z3::expr n = ctx.constant("n", v.node);
  const z3::expr k = ctx.constant("k", v.node);
  const z3::expr a = ctx.constant("a", v.event);
  const z3::expr b = ctx.constant("b", v.event);
  const z3::expr c = ctx.constant("c", v.event);
  auto both_done = [=](const StateCopy& s) {
    return s[kDone](a) && s[kDone](b);
  };
  AddProperty(
      ts, "characterization",
      "a -> b iff VC(a) < VC(b) (every entry <=, and not equal)", false,
      [=](const StateCopy& s) {
        return z3::forall(
            a, b,
            z3::implies(both_done(s),
                        s[kHb](a, b) == (Leq(v, s, a, b) && !Leq(v, s, b, a))));
      });
  AddProperty(ts, "distinct-events-distinct-clocks",
              "two events never have equal timestamps (so concurrent iff "
              "incomparable)",
              false, [=](const StateCopy& s) {
                return z3::forall(
                    a, b,
                    z3::implies(both_done(s) && a != b,
                                !(Leq(v, s, a, b) && Leq(v, s, b, a))));
              });
  AddProperty(
      ts, "own-entry-decides",
      "a = b or a -> b iff VC(a)[owner(a)] <= VC(b)[owner(a)]", true,
      [=](const StateCopy& s) {
        const z3::expr o = s[kOwner](a);
        return z3::forall(
            a, b,
            z3::implies(both_done(s), (a == b || s[kHb](a, b)) ==
                                          (s[kEvc](a, o) <= s[kEvc](b, o))));
      });
  AddProperty(ts, "hb-monotone", "a -> b implies VC(a) <= VC(b)", true,
              [=](const StateCopy& s) {
                return z3::forall(
                    a, b, k,
                    z3::implies(s[kHb](a, b), s[kEvc](a, k) <= s[kEvc](b, k)));
              });
  AddProperty(
      ts, "current-is-last",
      "a node's clock is its latest event's timestamp (0 before)", true,
      [=, &ctx](const StateCopy& s) {
        return z3::forall(
            n, k,
            s[kVc](n, k) == z3::ite(s[kActive](n), s[kEvc](s[kLast](n), k),
                                    ctx.int_val(0)));
      });
  AddProperty(
      ts, "last-is-own", "a node's latest event is its own and done", true,
      [=](const StateCopy& s) {
        return z3::forall(
            n, z3::implies(s[kActive](n), s[kDone](s[kLast](n)) &&
                                              s[kOwner](s[kLast](n)) == n));
      });
  AddProperty(ts, "own-events-up-to-last",
              "a node's events are its latest or happened before it", true,
              [=](const StateCopy& s) {
                const z3::expr o = s[kOwner](a);
                return z3::forall(
                    a, z3::implies(s[kDone](a),
                                   s[kActive](o) && (a == s[kLast](o) ||
                                                     s[kHb](a, s[kLast](o)))));
              });
  AddProperty(ts, "own-entry-positive", "an event counts itself", true,
              [=](const StateCopy& s) {
                return z3::forall(
                    a, z3::implies(s[kDone](a), s[kEvc](a, s[kOwner](a)) >= 1));
              });
  AddProperty(ts, "no-one-ahead-of-owner",
              "no timestamp has seen more events of k than k has had (what "
              "VectorClock::Receive checks)",
              true, [=](const StateCopy& s) {
                return z3::forall(
                    a, k,
                    z3::implies(s[kDone](a), s[kEvc](a, k) <= s[kVc](k, k)));
              });
  AddProperty(ts, "hb-between-done", "only happened events are related", true,
              [=](const StateCopy& s) {
                return z3::forall(a, b,
                                  z3::implies(s[kHb](a, b), both_done(s)));
              });
  AddProperty(ts, "hb-irreflexive", "no event happened before itself", true,
              [=](const StateCopy& s) { return z3::forall(a, !s[kHb](a, a)); });
  AddProperty(ts, "hb-transitive", "happened-before is transitive", true,
              [=](const StateCopy& s) {
                return z3::forall(
                    a, b, c,
                    z3::implies(s[kHb](a, b) && s[kHb](b, c), s[kHb](a, c)));
              });
}

}  // namespace

TransitionSystem VectorClockSpec(z3::context& ctx,
                                 const VectorClockSpecOptions& options) {
  assert((options.nodes == 0) == (options.events == 0));
  const bool finite = options.nodes > 0;
  const z3::sort node =
      finite
          ? EnumerationSort(ctx, "Node", NumberedNames("n", 0, options.nodes))
          : ctx.uninterpreted_sort("Node");
  const z3::sort event =
      finite
          ? EnumerationSort(ctx, "Event", NumberedNames("e", 0, options.events))
          : ctx.uninterpreted_sort("Event");
  const z3::sort i = ctx.int_sort();
  const z3::sort b = ctx.bool_sort();
  const VcVocab v{node, event};
  TransitionSystem ts;
  ts.name = "vector-clock";
  ts.sorts = {{node, "n", std::nullopt}, {event, "e", std::nullopt}};
  ts.symbols = {{"vc", {node, node}, i},  {"active", {node}, b},
                {"last", {node}, event},  {"done", {event}, b},
                {"owner", {event}, node}, {"evc", {event, node}, i},
                {"hb", {event, event}, b}};
  ts.init = [=, &ctx](const StateCopy& s) {
    const z3::expr n = ctx.constant("n", node);
    const z3::expr k = ctx.constant("k", node);
    const z3::expr e = ctx.constant("e", event);
    const z3::expr f = ctx.constant("f", event);
    return z3::forall(n, k, s[kVc](n, k) == 0) &&
           z3::forall(n, !s[kActive](n)) && z3::forall(e, !s[kDone](e)) &&
           z3::forall(e, f, !s[kHb](e, f));
  };
  AddVcActions(ts, v, options);
  AddVcProperties(ts, v);
  return ts;
}

}  // namespace stepwise::spec
