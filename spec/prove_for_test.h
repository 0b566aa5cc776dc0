// Shared by the spec tests: prove a model built in a fresh Z3 context.

#ifndef STEPWISE_SPEC_PROVE_FOR_TEST_H_
#define STEPWISE_SPEC_PROVE_FOR_TEST_H_

#include <z3++.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/prover.h"

namespace stepwise::spec {

// Proves the model `build(ctx, spec_options)` returns; a Prove error fails
// the test and yields no results.
template <typename SpecOptions>
std::vector<PropertyResult> ProveSpec(
    TransitionSystem (*build)(z3::context&, const SpecOptions&),
    const SpecOptions& spec_options, const ProveOptions& options) {
  z3::context ctx;
  const TransitionSystem ts = build(ctx, spec_options);
  absl::StatusOr<std::vector<PropertyResult>> results = Prove(ts, options);
  EXPECT_TRUE(results.ok()) << results.status();
  return results.ok() ? *results : std::vector<PropertyResult>{};
}

inline const PropertyResult* FirstFailure(
    const std::vector<PropertyResult>& all) {
  for (const PropertyResult& result : all) {
    if (result.verdict != Verdict::kProved) return &result;
  }
  return nullptr;
}

// Each of `lemmas`, dropped alone, leaves a counterexample to induction in
// the model `build(ctx, spec_options)`.
template <typename SpecOptions>
void ExpectEachLemmaNeeded(TransitionSystem (*build)(z3::context&,
                                                     const SpecOptions&),
                           const SpecOptions& spec_options,
                           const std::vector<std::string>& lemmas) {
  for (const std::string& lemma : lemmas) {
    const std::vector<PropertyResult> results =
        ProveSpec(build, spec_options, {.without = {lemma}});
    const PropertyResult* failure = FirstFailure(results);
    ASSERT_NE(failure, nullptr) << "still inductive without " << lemma;
    EXPECT_EQ(failure->verdict, Verdict::kCounterexample) << lemma;
    EXPECT_NE(failure->counterexample.find("counterexample to induction"),
              std::string::npos)
        << lemma;
  }
}

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_PROVE_FOR_TEST_H_
