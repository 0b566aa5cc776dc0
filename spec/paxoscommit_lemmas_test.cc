// Every Paxos lemma of the Paxos Commit model is needed: dropping any one
// leaves a counterexample to induction (the other lemmas:
// paxoscommit_spec_test).

#include <z3++.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "spec/paxoscommit_spec.h"
#include "spec/prove_for_test.h"

namespace stepwise::spec {
namespace {

TEST(PaxosCommitSpec, EveryPaxosLemmaIsNeeded) {
  z3::context ctx;
  const std::vector<std::string> lemmas = PaxosCommitSpec(ctx, {}).LemmaNames();
  ASSERT_EQ(lemmas.size(), kPaxosCommitLemmas);
  ExpectEachLemmaNeeded(
      &PaxosCommitSpec, PaxosCommitSpecOptions{},
      std::vector<std::string>(lemmas.begin(),
                               lemmas.begin() + kPaxosCommitPaxosLemmas));
}

}  // namespace
}  // namespace stepwise::spec
