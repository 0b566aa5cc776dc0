// The first kPaxosCoreLemmas lemmas of the Paxos model are needed: dropping
// any one leaves a counterexample to induction (the others:
// paxos_spec_test).

#include <z3++.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/paxos_spec.h"
#include "spec/prove_for_test.h"

namespace stepwise::spec {
namespace {

TEST(PaxosSpec, EveryEarlierLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = PaxosSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kPaxosLemmas);
  ExpectEachLemmaNeeded(&PaxosSpec, PaxosSpecOptions{},
                        std::vector<std::string>(
                            lemmas.begin(), lemmas.begin() + kPaxosCoreLemmas));
}

}  // namespace
}  // namespace stepwise::spec
