// Z3 proofs over 64-bit bit-vectors of the Snowflake id laws of
// core/id/snowflake.h, for every input: every clock reading, every valid
// generator state, every worker, every epoch, and either one given layout or
// every valid layout at once (the field widths are then symbolic too).
//
// `IdNextModel` is `core::id::Next` written again as Z3 terms, operation by
// operation (the same shifts, ors, comparisons and branches on 64-bit
// vectors), so a proof about the model is a proof about that code as long as
// the two agree; `CheckIdConformance` asks the model about one concrete call
// and compares it with what the C++ returned (spec/id_proofs_test.cc runs it
// on many calls).
//
// Thread-safety: one z3::context per thread.

#ifndef STEPWISE_SPEC_ID_PROOFS_H_
#define STEPWISE_SPEC_ID_PROOFS_H_

#include <z3++.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/id/snowflake.h"
#include "spec/prover.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

// Planted mistakes in the model, each of which a proof must catch.
enum class IdBug : uint8_t {
  kNone,
  // Within a millisecond the sequence is incremented without checking for
  // exhaustion: it carries into the worker bits.
  kSequenceOverflow,
  // Within a millisecond an exhausted sequence wraps around to 0.
  kSequenceWrap,
  // A clock reading before the last id's millisecond is used as it is.
  kAcceptBackward,
};

std::string IdBugName(IdBug bug);

// The inputs of one call of Next, as terms: 64-bit vectors and Booleans.
struct IdModelInputs {
  z3::expr timestamp_bits, worker_bits, sequence_bits;  // the layout
  z3::expr epoch_ms, worker;
  z3::expr refuse_backward;  // Bool: BackwardPolicy::kRefuse
  z3::expr issued;           // Bool
  z3::expr last_ms, sequence;
  z3::expr now_ms;
};

// Its outputs: `outcome` is an 8-bit vector holding core::id::Outcome.
struct IdModelStep {
  z3::expr outcome;
  z3::expr id, wait_until_ms;
  z3::expr issued, last_ms, sequence;  // the new state
};

// Fresh symbolic inputs named after the fields; the layout fields are the
// constants of `layout` when given.
IdModelInputs SymbolicIdInputs(z3::context& ctx,
                               const std::optional<core::id::Layout>& layout,
                               const std::string& suffix = "");
// The concrete inputs of Next(config, state, now_ms).
IdModelInputs ConcreteIdInputs(z3::context& ctx, const core::id::Config& config,
                               const core::id::State& state, uint64_t now_ms);

// Encode and Next as terms.
z3::expr IdEncodeModel(const IdModelInputs& in, const z3::expr& timestamp,
                       const z3::expr& worker, const z3::expr& sequence);
IdModelStep IdNextModel(const IdModelInputs& in, IdBug bug = IdBug::kNone);

// Decode (of `id`, under in's layout and epoch) as terms.
struct IdDecodedModel {
  z3::expr unix_ms, worker, sequence;
};
IdDecodedModel IdDecodeModel(const IdModelInputs& in, const z3::expr& id);

// Validate(config) and ValidState(config, state) as terms.
z3::expr IdValidConfig(const IdModelInputs& in);
z3::expr IdValidState(const IdModelInputs& in);

// Does the model, asked about Next(config, state, now_ms), give `result`
// (and, for an id, decode it as Decode does)? Ok, or InternalError naming
// the first field that differs.
absl::Status CheckIdConformance(z3::context& ctx,
                                const core::id::Config& config,
                                const core::id::State& state, uint64_t now_ms,
                                const core::id::Result& result);

struct IdProofOptions {
  // nullopt: every valid layout at once (widths symbolic).
  std::optional<core::id::Layout> layout = core::id::Layout{};
  IdBug bug = IdBug::kNone;
  std::vector<std::string> only = {};  // law names; empty: every law
  unsigned timeout_ms = 60000;         // per solver call
};

// Each law, proved valid for all inputs or refuted with concrete inputs in
// `counterexample`:
//   strictly-increasing        an id is greater than the state's last id
//   state-records-the-id       after an id the state is valid and encodes it;
//                              otherwise the state is unchanged
//   workers-never-collide      encode is injective: ids of different workers
//                              (or times, or sequences) differ
//   sign-bit-clear             every id is positive as int64
//   decode-inverts-encode      Decode gives back the epoch-based time, the
//                              worker and the sequence
//   wait-ends                  "wait until T" is later than now, and at T the
//                              same state gives an id (or the layout's end)
// With the first two, induction over any run of Next gives: the ids a worker
// makes strictly increase, hence never repeat.
std::vector<PropertyResult> ProveIdLaws(const IdProofOptions& options);

// The same induction, done by the inductive prover (spec/prover.h) over a
// whole run: one worker's generator as a transition system whose single
// action is `next(now_ms)` for any reading, with ghost state for the last
// two ids it returned. Config (layout unless given, epoch, worker, policy)
// is rigid: any valid one. Invariant `ids-strictly-increase` (the id before
// the last is smaller than the last), with lemmas `state-valid`,
// `last-id-encodes-state` and `two-ids-means-issued`. Prove(ts, {}) proves
// all four inductive, so over every run of Next, whatever the clock does,
// each id exceeds the one before; `options.bug` gives counterexamples to
// induction.
TransitionSystem IdTransitionSystem(z3::context& ctx,
                                    const IdProofOptions& options);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_ID_PROOFS_H_
