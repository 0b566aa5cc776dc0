// The explorer on listed protocols (TwoPhase, Chang-Roberts): checked through
// mc::Explore<P> (model_check/explore.h), whose instantiations are compiled
// once in stepwise_listed_checks. The test-only protocols are checked in
// explorer_toy_test.cc, which compiles the explorer itself.

#include <string>

#include "core/ring/ring.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/listed_traces.h"
#include "model_check/replay.h"
#include "model_check/trace_format.h"

namespace stepwise::mc {
namespace {

using core::twopc::Bug;
using core::twopc::TwoPhase;

template <typename P>
Result<P> Check(typename P::Config config, Options options) {
  options.quiet = true;
  return Explore<P>(config, options);
}

Result<TwoPhase> CheckTwoPhase(uint32_t rms, Options options,
                               Bug bug = Bug::kNone) {
  return Check<TwoPhase>({.rms = rms, .bug = bug}, options);
}

// TLC's recorded result for TwoPhase.tla with RM = {r1, r2, r3}.
TEST(ExplorerTest, TwoPhaseMonotoneMatchesTlc) {
  // Five threads on a two-core machine: more threads than there are chunks
  // in the first levels, so some reach each level's barrier with no work.
  for (int threads : {1, 2, 5}) {
    auto result =
        CheckTwoPhase(3, {.network = Network::kMonotone, .threads = threads});
    EXPECT_EQ(result.verdict, Verdict::kOk);
    EXPECT_EQ(result.distinct_states, 288u);
    EXPECT_EQ(result.max_depth, 11u);
    EXPECT_EQ(result.generated_states, 1602u);
  }
}

// The same counting for other sizes, kept as regression values: the
// sequence grows by the factor TwoPhase's per-RM choices give (~6x).
#ifdef STEPWISE_SANITIZED
// Six RMs take minutes in the sanitizers' unoptimized build.
constexpr uint32_t kMaxRms = 5;
#else
constexpr uint32_t kMaxRms = 6;
#endif

TEST(ExplorerTest, TwoPhaseMonotoneOtherSizes) {
  const uint64_t expected_states[] = {12, 56, 288, 1568, 8832, 50816};
  for (uint32_t rms = 1; rms <= kMaxRms; ++rms) {
    auto result = CheckTwoPhase(rms, {.network = Network::kMonotone});
    EXPECT_EQ(result.distinct_states, expected_states[rms - 1]) << rms;
    EXPECT_EQ(result.max_depth, 3 * rms + 2) << rms;
  }
}

// TLC's recorded result for MCChangRoberts (tlaplus Examples, N = 3, ids
// 1..3 in ring order, every subset of nodes may initiate).
TEST(ExplorerTest, ChangRobertsMatchesTlc) {
  using core::ring::ChangRoberts;
  auto result = Check<ChangRoberts>({.nodes = 3}, {});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.distinct_states, 137u);
  EXPECT_EQ(result.generated_states, 227u);
  EXPECT_EQ(result.max_depth, 10u);
}

TEST(ExplorerTest, ChangRobertsBugsAreCaught) {
  using core::ring::Bug;
  using core::ring::ChangRoberts;
  auto weaker =
      Check<ChangRoberts>({.nodes = 3, .bug = Bug::kWinOnWeakerId}, {});
  ASSERT_EQ(weaker.verdict, Verdict::kViolation);
  EXPECT_EQ(weaker.violation->property, "correctness");
  const Json json =
      TraceJson<ChangRoberts>({.nodes = 3, .bug = Bug::kWinOnWeakerId}, {},
                              weaker.violation->trace, &*weaker.violation);
  EXPECT_EQ(Replay<ChangRoberts>(json).exit_code, 1);
  auto swallow =
      Check<ChangRoberts>({.nodes = 3, .bug = Bug::kLostNodeSwallows}, {});
  ASSERT_EQ(swallow.verdict, Verdict::kViolation);
  EXPECT_EQ(swallow.violation->kind, ViolationKind::kLiveness);
  // With the announcement round every node agrees on the leader.
  auto announce = Check<ChangRoberts>({.nodes = 4, .announce = true}, {});
  EXPECT_EQ(announce.verdict, Verdict::kOk);
}

TEST(ExplorerTest, TwoPhaseSymmetryHas80Orbits) {
  auto result = CheckTwoPhase(
      3, {.network = Network::kMonotone, .symmetry = true, .threads = 2});
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.distinct_states, 80u);
}

TEST(ExplorerTest, EveryNetworkAndFaultModelKeepsTwoPhaseSafe) {
  for (auto network : {Network::kReliable, Network::kDuplicating,
                       Network::kMonotone, Network::kOrdered}) {
    auto result =
        CheckTwoPhase(2, {.network = network, .crashes = 1, .partitions = 1});
    EXPECT_EQ(result.verdict, Verdict::kOk) << EnumName(network);
    EXPECT_GT(result.distinct_states, 56u);
  }
  // Under loss two-phase commit stays safe but is not live: a lost decision
  // leaves a prepared RM in doubt forever.
  auto lossy = CheckTwoPhase(2, {.network = Network::kLossy, .crashes = 1});
  ASSERT_TRUE(lossy.violation.has_value());
  EXPECT_EQ(lossy.violation->kind, ViolationKind::kLiveness);
  EXPECT_EQ(lossy.violation->property, "all-decided");
}

TEST(ExplorerTest, EveryTextbookBugIsCaughtWithAShortestTrace) {
  struct Case {
    Bug bug;
    std::string property;
    size_t trace_states;
  };
  for (const Case& c : {Case{Bug::kMajorityCommit, "consistency", 8},
                        Case{Bug::kAbortAfterPrepare, "consistency", 10},
                        Case{Bug::kVolatileDecision, "decision-stable", 3},
                        Case{Bug::kVolatilePrepare, "consistency", 12}}) {
    for (int threads : {1, 2}) {
      auto result = CheckTwoPhase(
          3, {.network = Network::kReliable, .crashes = 1, .threads = threads},
          c.bug);
      ASSERT_EQ(result.verdict, Verdict::kViolation) << EnumName(c.bug);
      ASSERT_TRUE(result.violation.has_value());
      EXPECT_EQ(result.violation->property, c.property);
      const auto& trace = result.violation->trace;
      EXPECT_EQ(trace.states.size(), c.trace_states) << EnumName(c.bug);
      EXPECT_EQ(trace.actions.size() + 1, trace.states.size());
      EXPECT_NE(FormatTrace(trace).find("State 2: <"), std::string::npos);
      // The written trace re-executes to the same violation.
      const Json json =
          TraceJson<TwoPhase>({.rms = 3, .bug = c.bug},
                              {.network = Network::kReliable, .crashes = 1},
                              trace, &*result.violation);
      const ReplayOutcome outcome = Replay<TwoPhase>(json);
      EXPECT_EQ(outcome.exit_code, 1) << outcome.message;
      EXPECT_EQ(outcome.property, c.property);
    }
  }
}

TEST(ExplorerTest, DfsAndSimulationFindBugsToo) {
  auto dfs = CheckTwoPhase(3, {.mode = Mode::kDfs}, Bug::kMajorityCommit);
  EXPECT_EQ(dfs.verdict, Verdict::kViolation);
  auto sim = CheckTwoPhase(3, {.mode = Mode::kSimulate, .walks = 5000},
                           Bug::kMajorityCommit);
  EXPECT_EQ(sim.verdict, Verdict::kViolation);
  auto clean = CheckTwoPhase(3, {.mode = Mode::kSimulate, .walks = 100});
  EXPECT_EQ(clean.verdict, Verdict::kIncomplete);
}

TEST(ExplorerTest, DfsExploresTheSameStates) {
  auto dfs =
      CheckTwoPhase(3, {.network = Network::kMonotone, .mode = Mode::kDfs});
  EXPECT_EQ(dfs.verdict, Verdict::kOk);
  EXPECT_EQ(dfs.distinct_states, 288u);
}

TEST(ExplorerTest, FrontierSpillsToDiskPastTheMemoryBudget) {
  // 64 KiB: the visited set alone exceeds it, so every chunk is spilled.
#ifdef STEPWISE_SANITIZED
  // Unoptimized, each run takes about 12 s: one and several threads suffice.
  for (int threads : {1, 2}) {
#else
  for (int threads : {1, 2, 5}) {
#endif
    auto result = CheckTwoPhase(5, {.network = Network::kMonotone,
                                    .threads = threads,
                                    .memory_gb = 64.0 / (1024 * 1024)});
    EXPECT_EQ(result.verdict, Verdict::kOk) << result.incomplete_reason;
    EXPECT_EQ(result.distinct_states, 8832u);
    EXPECT_EQ(result.max_depth, 17u);
    bool spilled = false;
    for (const auto& note : result.notes) {
      spilled |= note.find("outgrew --memory") != std::string::npos;
    }
    EXPECT_TRUE(spilled);
  }
}

TEST(ExplorerTest, MaxStatesMakesTheRunIncomplete) {
  auto result = CheckTwoPhase(3, {.max_states = 20});
  EXPECT_EQ(result.verdict, Verdict::kIncomplete);
  EXPECT_FALSE(result.incomplete_reason.empty());
}

TEST(ReplayTest, TamperedTraceIsAMismatch) {
  auto result = CheckTwoPhase(3, {}, Bug::kMajorityCommit);
  ASSERT_TRUE(result.violation.has_value());
  Json json = TraceJson<TwoPhase>({.rms = 3, .bug = Bug::kMajorityCommit}, {},
                                  result.violation->trace, &*result.violation);
  Json wrong_step = json;
  wrong_step["states"][2]["state_bytes"] = json["states"][3]["state_bytes"];
  EXPECT_EQ(Replay<TwoPhase>(wrong_step).exit_code, 2);
  Json bad_hex = json;
  bad_hex["states"][1]["action_bytes"] = "zz";
  const ReplayOutcome outcome = Replay<TwoPhase>(bad_hex);
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_NE(outcome.message.find("state 2"), std::string::npos);
  Json truncated = json;
  truncated["states"][1]["state_bytes"] = "01";
  EXPECT_EQ(Replay<TwoPhase>(truncated).exit_code, 2);
}

}  // namespace
}  // namespace stepwise::mc
