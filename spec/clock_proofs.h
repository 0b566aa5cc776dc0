// Z3 models of the clocks of core/clock, proved with spec/prover.h for any
// number of nodes and messages (both are uninterpreted sorts; timestamps and
// physical times are unbounded integers).
//
// Why models of clocks: the laws docs/clocks.md states (happened-before
// implies a smaller stamp; vector clocks characterize happened-before; the
// HLC bound) hold for executions of any length and cluster size. RapidCheck
// (proptests/clock_props_test.cc) samples executions of the C++ code; these
// inductive proofs cover every execution of the models, whose actions are
// the update rules of lamport.h, vector_clock.h and hlc.h written as
// formulas. Nothing checks mechanically that the C++ and the formulas agree
// (there is no conformance walk for clocks): the rules are a few lines each,
// and the property tests check the C++ against the same laws.
//
// Messages are the set of stamps ever sent, so loss, duplication, delay and
// reordering are all covered; a local event is a send nobody receives.
// Each model can plant a mistake (`mistake`), which must then yield a
// counterexample to induction (spec/clock_proofs_test.cc checks both).
//
// Thread-safety: one z3::context, one thread.

#ifndef STEPWISE_SPEC_CLOCK_PROOFS_H_
#define STEPWISE_SPEC_CLOCK_PROOFS_H_

#include <z3++.h>

#include <cstdint>

#include "spec/transition_system.h"

namespace stepwise::spec {

// --- Lamport clocks: each node's time only grows, and a receive is later
// than the send it receives (so happened-before implies a smaller time,
// by transitivity along program order and messages).
enum class LamportMistake { kNone, kReceiveForgetsMessage };
struct LamportSpecOptions {
  LamportMistake mistake = LamportMistake::kNone;
};
TransitionSystem LamportSpec(z3::context& ctx,
                             const LamportSpecOptions& options);

// --- Hybrid logical clocks (hlc.h). Physical clocks are state that an
// action `tick` sets; with kAny a clock may jump anywhere (backward too) and
// the receive refuses a message more than epsilon ahead (OffsetPolicy::
// kReject). With kSynchronized the clocks are monotone and within epsilon of
// each other, and the receive accepts everything (kReport): the model then
// shows that nothing would have been refused.
enum class HlcClocks { kAny, kSynchronized };
enum class HlcMistake {
  kNone,
  kReceiveForgetsMessage,  // l' = max(l, pt): drops the message's l
  kReceiveForgetsOwn,      // l' = max(l_m, pt): drops the node's own l
  kNoOffsetCheck,          // kAny accepts messages however far ahead
};
struct HlcSpecOptions {
  HlcClocks clocks = HlcClocks::kAny;
  HlcMistake mistake = HlcMistake::kNone;
};
TransitionSystem HlcSpec(z3::context& ctx, const HlcSpecOptions& options);

// --- Vector clocks: events are an uninterpreted sort with a ghost
// happened-before relation, built as events happen (program order plus
// receive edges, closed transitively). Goal: for any two events,
// a -> b iff VC(a) < VC(b) (every entry <=, one <).
enum class VectorClockMistake {
  kNone,
  kReceiveForgetsMerge,  // receive ticks without the pointwise max
  kReceiveForgetsTick,   // receive merges without counting its own event
};
struct VectorClockSpecOptions {
  VectorClockMistake mistake = VectorClockMistake::kNone;
  // 0: uninterpreted sorts (any size, for Prove). Otherwise exactly this
  // many nodes and events, for Bmc (spec/bmc.h): a planted mistake then
  // shows as a reachable execution, not only a counterexample to induction.
  // REQUIRES: both zero or both positive.
  uint32_t nodes = 0;
  uint32_t events = 0;
};
TransitionSystem VectorClockSpec(z3::context& ctx,
                                 const VectorClockSpecOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_CLOCK_PROOFS_H_
