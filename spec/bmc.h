// Bounded model checking of a TransitionSystem with Z3: unrolls Init and the
// actions up to `depth` steps and asks, one depth at a time, for a reachable
// state that violates an invariant (and, with `lemmas`, a lemma: lemmas are
// claimed to hold in every reachable state too). Quantifiers over finite
// sorts are expanded first (spec/ground.h). Meant for models with finite sorts
// (e.g. TwoPcSpec with `rms = N`), as a cross-check of the explicit-state
// explorer.
//
// Thread-safety: one z3::context, one thread.

#ifndef STEPWISE_SPEC_BMC_H_
#define STEPWISE_SPEC_BMC_H_

#include <string>

#include "absl/status/statusor.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

struct BmcOptions {
  int depth = 10;                // steps; REQUIRES: 0 <= depth <= kMaxDepth
  unsigned timeout_ms = 300000;  // per solver call
  bool lemmas = false;           // check lemmas, not only invariants
};

inline constexpr int kMaxBmcDepth = 100;

enum class BmcVerdict { kNoViolation, kViolation, kUnknown };

struct BmcResult {
  BmcVerdict verdict = BmcVerdict::kNoViolation;
  int depth = 0;         // violation: steps to it; else deepest depth checked
  std::string violated;  // the first property violated in the last state
  std::string trace;     // readable: State 0 ..., each step's action and diff
  double ms = 0;         // solver time
};

absl::StatusOr<BmcResult> Bmc(const TransitionSystem& ts,
                              const BmcOptions& options);

std::string BmcVerdictName(BmcVerdict verdict);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_BMC_H_
