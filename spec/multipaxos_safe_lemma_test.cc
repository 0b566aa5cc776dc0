// 2a-is-safe, the heart of the Multi-Paxos proof, is needed: without it
// slot-agreement has a counterexample to induction (two quorums voting for
// different values at two ballots of one slot). Z3 needs about a minute to
// build that model, so this test has a binary of its own and a solver
// timeout of five minutes per call.

#include <z3++.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/multipaxos_spec.h"
#include "spec/prove_for_test.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

TEST(MultiPaxosSpec, TwoAIsSafeIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = MultiPaxosSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kMultiPaxosLemmas);
  ASSERT_EQ(lemmas[kMultiPaxosCoreLemmas], "2a-is-safe");
  const std::vector<PropertyResult> results =
      ProveSpec(&MultiPaxosSpec, MultiPaxosSpecOptions{},
                {.without = {"2a-is-safe"}, .timeout_ms = 300000});
  const PropertyResult* failure = FirstFailure(results);
  ASSERT_NE(failure, nullptr) << "still inductive without 2a-is-safe";
  EXPECT_EQ(failure->verdict, Verdict::kCounterexample);
  EXPECT_EQ(failure->name, "slot-agreement");
  EXPECT_EQ(failure->broken_by, "phase2b");
  EXPECT_NE(failure->counterexample.find("counterexample to induction"),
            std::string::npos);
}

}  // namespace
}  // namespace stepwise::spec
