#include "spec/id_proofs.h"

#include <z3++.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/id/snowflake.h"
#include "gtest/gtest.h"

namespace stepwise::spec {
namespace {

using core::id::BackwardPolicy;
using core::id::Config;
using core::id::FieldMax;
using core::id::Layout;
using core::id::Next;
using core::id::Result;
using core::id::State;

void ExpectAllProved(const std::vector<PropertyResult>& results,
                     size_t count = 6) {
  ASSERT_EQ(results.size(), count);
  for (const PropertyResult& result : results) {
    std::printf("  %-24s %s  %.0f ms\n", result.name.c_str(),
                VerdictName(result.verdict).c_str(), result.ms);
    EXPECT_EQ(result.verdict, Verdict::kProved) << result.name << "\n"
                                                << result.counterexample;
  }
}

const PropertyResult* Find(const std::vector<PropertyResult>& results,
                           const std::string& name) {
  for (const PropertyResult& result : results) {
    if (result.name == name) return &result;
  }
  return nullptr;
}

// The laws for every valid layout at once, with the same planted bugs, are
// in id_proofs_any_layout_test.cc (about 30 s: a slow test).

TEST(IdProofs, DefaultLayoutLawsHoldForAllInputs) {
  ExpectAllProved(ProveIdLaws({}));
}

TEST(IdProofs, LawsHoldForAnotherFixedLayout) {
  ExpectAllProved(ProveIdLaws(
      {.layout = Layout{
           .timestamp_bits = 39, .worker_bits = 8, .sequence_bits = 16}}));
}

// Each planted mistake breaks monotonicity, with concrete inputs to show.
TEST(IdProofs, PlantedBugsGiveCounterexamples) {
  for (IdBug bug : {IdBug::kSequenceOverflow, IdBug::kSequenceWrap,
                    IdBug::kAcceptBackward}) {
    for (const Layout& layout :
         {Layout{},
          Layout{.timestamp_bits = 61, .worker_bits = 1, .sequence_bits = 1}}) {
      const std::vector<PropertyResult> results = ProveIdLaws(
          {.layout = layout,
           .bug = bug,
           .only = {"strictly-increasing", "workers-never-collide"}});
      for (const PropertyResult& result : results) {
        std::printf("  %s %u-%u-%u: %-24s %s  %.0f ms\n",
                    IdBugName(bug).c_str(), layout.timestamp_bits,
                    layout.worker_bits, layout.sequence_bits,
                    result.name.c_str(), VerdictName(result.verdict).c_str(),
                    result.ms);
      }
      const PropertyResult* increasing = Find(results, "strictly-increasing");
      ASSERT_NE(increasing, nullptr);
      EXPECT_EQ(increasing->verdict, Verdict::kCounterexample)
          << IdBugName(bug);
      EXPECT_NE(increasing->counterexample.find("now_ms = "),
                std::string::npos);
      // Encoding laws do not depend on Next.
      EXPECT_EQ(Find(results, "workers-never-collide")->verdict,
                Verdict::kProved);
    }
  }
}

// The overflowing sequence also leaves a state that is not valid (its
// sequence no longer fits): the induction would not go through either.
TEST(IdProofs, SequenceOverflowBreaksTheStateLaw) {
  const std::vector<PropertyResult> results =
      ProveIdLaws({.bug = IdBug::kSequenceOverflow});
  EXPECT_EQ(Find(results, "state-records-the-id")->verdict,
            Verdict::kCounterexample);
}

// Over whole runs, with the project's inductive prover: the invariant and
// its three lemmas are inductive, so every run's ids strictly increase.
TEST(IdProofs, IdsStrictlyIncreaseOverEveryRun) {
  z3::context ctx;
  const TransitionSystem ts = IdTransitionSystem(ctx, {});
  const absl::StatusOr<std::vector<PropertyResult>> results = Prove(ts, {});
  ASSERT_TRUE(results.ok()) << results.status();
  ExpectAllProved(*results, 4);
}

// Dropping any one lemma leaves a counterexample to induction.
TEST(IdProofs, EveryLemmaIsNeeded) {
  z3::context ctx;
  const TransitionSystem ts = IdTransitionSystem(ctx, {});
  ASSERT_EQ(ts.LemmaNames().size(), 3u);
  for (const std::string& lemma : ts.LemmaNames()) {
    const absl::StatusOr<std::vector<PropertyResult>> results =
        Prove(ts, {.without = {lemma}});
    ASSERT_TRUE(results.ok()) << results.status();
    EXPECT_EQ(Find(*results, "ids-strictly-increase")->verdict,
              Verdict::kCounterexample)
        << "still inductive without " << lemma;
  }
}

TEST(IdProofs, PlantedBugsAreCounterexamplesToInduction) {
  for (IdBug bug : {IdBug::kSequenceOverflow, IdBug::kSequenceWrap,
                    IdBug::kAcceptBackward}) {
    z3::context ctx;
    const TransitionSystem ts = IdTransitionSystem(ctx, {.bug = bug});
    const absl::StatusOr<std::vector<PropertyResult>> results = Prove(ts, {});
    ASSERT_TRUE(results.ok()) << results.status();
    const PropertyResult* invariant = Find(*results, "ids-strictly-increase");
    EXPECT_EQ(invariant->verdict, Verdict::kCounterexample) << IdBugName(bug);
    EXPECT_NE(invariant->counterexample.find("next(now_ms="), std::string::npos)
        << invariant->counterexample;
    std::printf("  %s: %s  %.0f ms\n%s", IdBugName(bug).c_str(),
                VerdictName(invariant->verdict).c_str(), invariant->ms,
                invariant->counterexample.c_str());
  }
}

// Conformance: the model, asked about concrete calls, answers what the C++
// returned, over random and edge-case inputs and several layouts.
TEST(IdProofs, ModelAgreesWithTheCode) {
  z3::context ctx;
  std::mt19937_64 rng(24);
  const std::vector<Layout> layouts = {
      Layout{},
      Layout{.timestamp_bits = 61, .worker_bits = 1, .sequence_bits = 1},
      Layout{.timestamp_bits = 1, .worker_bits = 31, .sequence_bits = 31},
      Layout{.timestamp_bits = 20, .worker_bits = 20, .sequence_bits = 23}};
  int checked = 0;
  for (const Layout& layout : layouts) {
    for (int i = 0; i < 500; ++i) {
      Config config{
          .layout = layout,
          .epoch_ms = rng() % 2 ? core::id::kDefaultEpochMs : rng() % 100,
          .worker = rng() & FieldMax(layout.worker_bits),
          .backward =
              rng() % 2 ? BackwardPolicy::kWait : BackwardPolicy::kRefuse};
      const uint64_t ts_max = FieldMax(layout.timestamp_bits);
      const uint64_t seq_max = FieldMax(layout.sequence_bits);
      State state;
      if (rng() % 8 != 0) {
        state = {.issued = true,
                 .last_ms = rng() % 4 == 0 ? ts_max : rng() % (ts_max + 1),
                 .sequence = rng() % 3 == 0 ? seq_max : rng() % (seq_max + 1)};
      }
      // Near the last millisecond most of the time: same, earlier, later.
      const uint64_t base = config.epoch_ms + state.last_ms;
      const uint64_t offsets[] = {0, 1, 2, ts_max - state.last_ms + 1};
      uint64_t now = base;
      switch (rng() % 5) {
        case 0:
          now = base - std::min<uint64_t>(base, rng() % 3);
          break;
        case 1:
          now = base + offsets[rng() % 4];
          break;
        case 2:
          now = rng();
          break;
        case 3:
          now = config.epoch_ms - std::min<uint64_t>(config.epoch_ms, 1);
          break;
        default:
          break;
      }
      const Result result = Next(config, state, now);
      const absl::Status status =
          CheckIdConformance(ctx, config, state, now, result);
      ASSERT_TRUE(status.ok()) << status;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2000);
}

}  // namespace
}  // namespace stepwise::spec
