// Tests of the two-phase commit invariants and goals on hand-built cluster
// snapshots: node 0 is the TM, nodes 1..3 the RMs.

#include "core/twopc/invariants.h"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/protocol.h"
#include "core/twopc/twopc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::core::twopc {
namespace {

using ::testing::ElementsAre;

using Sent = Envelope<TwoPhase>;

// A cluster snapshot that owns what its View points at.
struct Snapshot {
  Config config;
  std::vector<State> nodes;
  std::vector<uint8_t> up;
  std::vector<Sent> in_flight;

  View view() const { return View{config, nodes, up, in_flight}; }
};

// A snapshot with the TM in `tm` and one RM per entry of `rms`, all up.
Snapshot Cluster(TmState tm, std::initializer_list<RmState> rms,
                 std::vector<Sent> in_flight = {}) {
  Snapshot snapshot;
  snapshot.config.rms = static_cast<uint32_t>(rms.size());
  State tm_state;
  tm_state.tm = tm;
  snapshot.nodes.push_back(tm_state);
  for (RmState rm : rms) {
    State rm_state;
    rm_state.rm = rm;
    snapshot.nodes.push_back(rm_state);
  }
  snapshot.up.assign(snapshot.nodes.size(), 1);
  snapshot.in_flight = std::move(in_flight);
  return snapshot;
}

Sent FromTm(NodeId to, Message message) { return Sent{kTm, to, message}; }

constexpr RmState kWorking = RmState::kWorking;
constexpr RmState kPrepared = RmState::kPrepared;
constexpr RmState kCommitted = RmState::kCommitted;
constexpr RmState kAborted = RmState::kAborted;

// --- Consistent -------------------------------------------------------------

TEST(TwoPhaseInvariants, ConsistentHoldsWhileNoRmHasBothOutcomes) {
  EXPECT_TRUE(Consistent(
      Cluster(TmState::kInit, {kWorking, kWorking, kWorking}).view()));
  EXPECT_TRUE(Consistent(
      Cluster(TmState::kInit, {kWorking, kPrepared, kAborted}).view()));
  EXPECT_TRUE(Consistent(
      Cluster(TmState::kCommitted, {kCommitted, kPrepared, kCommitted})
          .view()));
  EXPECT_TRUE(Consistent(
      Cluster(TmState::kAborted, {kAborted, kAborted, kAborted}).view()));
}

TEST(TwoPhaseInvariants, ConsistentFailsWhenOneRmCommittedAndAnotherAborted) {
  EXPECT_FALSE(Consistent(
      Cluster(TmState::kCommitted, {kCommitted, kPrepared, kAborted}).view()));
  EXPECT_FALSE(Consistent(
      Cluster(TmState::kInit, {kAborted, kCommitted, kWorking}).view()));
}

TEST(TwoPhaseInvariants, ConsistentCountsCrashedRmsByTheirDurableState) {
  Snapshot snapshot = Cluster(TmState::kCommitted, {kCommitted, kAborted});
  snapshot.up[2] = 0;
  EXPECT_FALSE(Consistent(snapshot.view()));
}

TEST(TwoPhaseInvariants, ConsistentLooksOnlyAtRms) {
  // The TM's unused `rm` field is not an RM's outcome.
  Snapshot snapshot = Cluster(TmState::kCommitted, {kCommitted, kCommitted});
  snapshot.nodes[kTm].rm = kAborted;
  EXPECT_TRUE(Consistent(snapshot.view()));
}

// --- DecisionStable ---------------------------------------------------------

TEST(TwoPhaseInvariants, DecisionStableHoldsWhenEverythingAgreesWithTheTm) {
  EXPECT_TRUE(DecisionStable(
      Cluster(TmState::kInit, {kWorking, kPrepared, kAborted}).view()));
  EXPECT_TRUE(DecisionStable(Cluster(TmState::kCommitted,
                                     {kCommitted, kPrepared, kPrepared},
                                     {FromTm(2, Commit{}), FromTm(3, Commit{})})
                                 .view()));
  EXPECT_TRUE(
      DecisionStable(Cluster(TmState::kAborted, {kAborted, kPrepared, kWorking},
                             {FromTm(2, Abort{}), FromTm(3, Abort{})})
                         .view()));
}

TEST(TwoPhaseInvariants, DecisionStableFailsOnCommitInFlightFromUndecidedTm) {
  // For example a TM that lost its decision in a crash.
  EXPECT_FALSE(DecisionStable(
      Cluster(TmState::kInit, {kPrepared, kPrepared}, {FromTm(1, Commit{})})
          .view()));
}

TEST(TwoPhaseInvariants, DecisionStableFailsOnDecisionInFlightThatDisagrees) {
  EXPECT_FALSE(DecisionStable(
      Cluster(TmState::kAborted, {kPrepared, kAborted}, {FromTm(1, Commit{})})
          .view()));
  EXPECT_FALSE(
      DecisionStable(Cluster(TmState::kCommitted, {kPrepared, kCommitted},
                             {FromTm(1, Abort{})})
                         .view()));
  EXPECT_FALSE(DecisionStable(
      Cluster(TmState::kInit, {kPrepared, kWorking}, {FromTm(2, Abort{})})
          .view()));
}

TEST(TwoPhaseInvariants, DecisionStableFailsOnCommittedRmWithoutTmCommit) {
  EXPECT_FALSE(
      DecisionStable(Cluster(TmState::kInit, {kCommitted, kPrepared}).view()));
  EXPECT_FALSE(DecisionStable(
      Cluster(TmState::kAborted, {kCommitted, kAborted}).view()));
}

TEST(TwoPhaseInvariants, DecisionStableIgnoresMessagesNotFromTheTm) {
  // RMs ignore such messages; so does the invariant.
  EXPECT_TRUE(DecisionStable(Cluster(TmState::kInit, {kPrepared, kWorking},
                                     {Sent{1, 2, Commit{}}, Sent{2, 1, Abort{}},
                                      Sent{1, kTm, Prepared{}}})
                                 .view()));
}

// --- Goals ------------------------------------------------------------------

TEST(TwoPhaseGoals, AllCommittedOnlyWhenEveryRmCommitted) {
  EXPECT_TRUE(AllCommitted(
      Cluster(TmState::kCommitted, {kCommitted, kCommitted, kCommitted})
          .view()));
  EXPECT_FALSE(AllCommitted(
      Cluster(TmState::kCommitted, {kCommitted, kPrepared, kCommitted})
          .view()));
  EXPECT_FALSE(AllCommitted(
      Cluster(TmState::kInit, {kWorking, kWorking, kWorking}).view()));
}

TEST(TwoPhaseGoals, TmAbortedOnlyWhenTheTmAborted) {
  EXPECT_TRUE(
      TmAborted(Cluster(TmState::kAborted, {kPrepared, kWorking}).view()));
  EXPECT_FALSE(TmAborted(Cluster(TmState::kInit, {kAborted, kAborted}).view()));
  EXPECT_FALSE(
      TmAborted(Cluster(TmState::kCommitted, {kCommitted, kCommitted}).view()));
}

// --- Registry ---------------------------------------------------------------

std::vector<std::string_view> Names(std::span<const Property<TwoPhase>> list) {
  std::vector<std::string_view> names;
  for (const Property<TwoPhase>& property : list) {
    EXPECT_FALSE(property.description.empty()) << property.name;
    names.push_back(property.name);
  }
  return names;
}

TEST(TwoPhaseProperties, InvariantsAreConsistencyAndDecisionStable) {
  const auto invariants = TwoPhase::invariants();
  EXPECT_THAT(Names(invariants), ElementsAre("consistency", "decision-stable"));
  ASSERT_EQ(invariants.size(), 2u);
  EXPECT_EQ(invariants[0].holds, &Consistent);
  EXPECT_EQ(invariants[1].holds, &DecisionStable);
}

TEST(TwoPhaseProperties, GoalsAreAllCommittedAndTmAborted) {
  const auto goals = TwoPhase::goals();
  EXPECT_THAT(Names(goals), ElementsAre("all-committed", "tm-aborted"));
  ASSERT_EQ(goals.size(), 2u);
  EXPECT_EQ(goals[0].holds, &AllCommitted);
  EXPECT_EQ(goals[1].holds, &TmAborted);
}

}  // namespace
}  // namespace stepwise::core::twopc
