// The first kMultiPaxosCoreLemmas lemmas of the Multi-Paxos model are
// needed: dropping any one leaves a counterexample to induction (the
// others: multipaxos_spec_test).

#include <z3++.h>

#include <cstddef>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/multipaxos_spec.h"
#include "spec/prove_for_test.h"

namespace stepwise::spec {
namespace {

class MultiPaxosEarlierLemma : public ::testing::TestWithParam<size_t> {};

TEST_P(MultiPaxosEarlierLemma, IsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = MultiPaxosSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kMultiPaxosLemmas);
  ExpectEachLemmaNeeded(&MultiPaxosSpec, MultiPaxosSpecOptions{},
                        {lemmas[GetParam()]});
}

INSTANTIATE_TEST_SUITE_P(MultiPaxosSpec, MultiPaxosEarlierLemma,
                         ::testing::Range(size_t{0}, kMultiPaxosCoreLemmas));

}  // namespace
}  // namespace stepwise::spec
