// Inductive invariant checking over uninterpreted sorts: for every property
// P (invariant or lemma) of a TransitionSystem, checks
//   Init => P                                  (initiation)
//   Axioms && Props && Action => P'            (consecution, per action)
// where Props are all properties not dropped with `without`. Because the
// sorts are uninterpreted, a proof holds for every cluster size. A failing
// check yields a counterexample to induction: a concrete pre-state satisfying
// every kept property, the action (with its arguments) and the post-state
// that breaks P.
//
// Thread-safety: one z3::context, one thread.

#ifndef STEPWISE_SPEC_PROVER_H_
#define STEPWISE_SPEC_PROVER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "spec/transition_system.h"

namespace stepwise::spec {

enum class Verdict { kProved, kCounterexample, kUnknown };

struct PropertyResult {
  std::string name;
  std::string description;
  bool lemma = false;
  Verdict verdict = Verdict::kProved;
  double ms = 0;               // solver time over all checks of this property
  std::string broken_by;       // "init" or the action's name, when not proved
  std::string counterexample;  // readable text, when not proved
};

struct ProveOptions {
  std::vector<std::string> without;  // lemmas neither assumed nor checked
  unsigned timeout_ms = 60000;       // per solver call
};

// Fails (InvalidArgument) when `without` names no lemma of `ts`.
absl::StatusOr<std::vector<PropertyResult>> Prove(const TransitionSystem& ts,
                                                  const ProveOptions& options);

std::string VerdictName(Verdict verdict);

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PROVER_H_
