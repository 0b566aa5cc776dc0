// The Snowflake id laws (spec/id_proofs.h) for every valid layout at once:
// the field widths are symbolic too. Slower than one fixed layout (the
// shifts by symbolic amounts), hence a test of its own, labelled slow.

#include <cstdio>
#include <optional>
#include <vector>

#include "gtest/gtest.h"
#include "spec/id_proofs.h"

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
