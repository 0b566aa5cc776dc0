// The Snowflake id laws (spec/id_proofs.h) for every valid layout at once:
// the field widths are symbolic too. Slower than one fixed layout (the
// shifts by symbolic amounts), hence a test of its own, labelled slow.

#include <z3++.h>

#include <cstdio>
#include <optional>
#include <vector>

#include "gtest/gtest.h"
#include "spec/id_proofs.h"
#include "spec/prover.h"

namespace stepwise::spec {
namespace {

void Print(const std::string& label,
           const std::vector<PropertyResult>& results) {
  for (const PropertyResult& result : results) {
    std::printf("  %s: %-24s %s  %.0f ms\n", label.c_str(), result.name.c_str(),
                VerdictName(result.verdict).c_str(), result.ms);
  }
}

TEST(IdProofsAnyLayout, LawsHoldForEveryValidLayout) {
  const std::vector<PropertyResult> results =
      ProveIdLaws({.layout = std::nullopt});
  Print("any layout", results);
  ASSERT_EQ(results.size(), 6u);
  for (const PropertyResult& result : results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

TEST(IdProofsAnyLayout, IdsStrictlyIncreaseOverEveryRun) {
  z3::context ctx;
  const TransitionSystem ts = IdTransitionSystem(ctx, {.layout = std::nullopt});
  const absl::StatusOr<std::vector<PropertyResult>> results = Prove(ts, {});
  ASSERT_TRUE(results.ok()) << results.status();
  Print("any layout, every run", *results);
  ASSERT_EQ(results->size(), 4u);
  for (const PropertyResult& result : *results) {
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

TEST(IdProofsAnyLayout, PlantedBugsGiveCounterexamples) {
  for (IdBug bug : {IdBug::kSequenceOverflow, IdBug::kSequenceWrap,
                    IdBug::kAcceptBackward}) {
    const std::vector<PropertyResult> results = ProveIdLaws(
        {.layout = std::nullopt, .bug = bug, .only = {"strictly-increasing"}});
    Print(IdBugName(bug), results);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].verdict, Verdict::kCounterexample) << IdBugName(bug);
  }
}

}  // namespace
}  // namespace stepwise::spec
