#include "core/ring/ring.h"

#include <vector>

#include "core/ring/invariants.h"
#include "gtest/gtest.h"

namespace stepwise::core::ring {
namespace {

struct Stepped {
  State state;
  std::vector<Envelope<ChangRoberts>> sends;
};

Stepped Step(const Config& config, NodeId self, State state,
             const Event<ChangRoberts>& event) {
  Effects<ChangRoberts> effects;
  ChangRoberts::step(config, self, state, event, effects);
  return {state, effects.sends()};
}

State Candidate() { return {.initiator = true, .status = Status::kCandidate}; }
State Lost() { return {.initiator = false, .status = Status::kLost}; }

Receive<ChangRoberts> ElectionFrom(NodeId from, uint32_t id) {
  return {from, Election{id}};
}

TEST(RingTest, EveryInitiatorSubsetIsAnInitialState) {
  const auto initial = ChangRoberts::initial_states({.nodes = 3});
  EXPECT_EQ(initial.size(), 8u);
  EXPECT_EQ(initial[5][0].status, Status::kCandidate);
  EXPECT_EQ(initial[5][1].status, Status::kLost);
}

TEST(RingTest, AnInitiatorSendsItsOwnIdToItsSuccessorOnStart) {
  const Stepped s = Step({.nodes = 3}, 2, Candidate(), Start{});
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(s.sends[0].to, 0u);  // the last node sends to the first
  EXPECT_EQ(std::get<Election>(s.sends[0].message).id, 3u);
  EXPECT_TRUE(Step({.nodes = 3}, 1, Lost(), Start{}).sends.empty());
}

TEST(RingTest, ALostNodeForwardsEveryId) {
  const Stepped s = Step({.nodes = 3}, 1, Lost(), ElectionFrom(0, 3));
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(s.sends[0].to, 2u);
  EXPECT_EQ(s.state.status, Status::kLost);
}

TEST(RingTest, ACandidateLosesToASmallerIdAndForwardsIt) {
  const Stepped s = Step({.nodes = 3}, 2, Candidate(), ElectionFrom(1, 1));
  EXPECT_EQ(s.state.status, Status::kLost);
  ASSERT_EQ(s.sends.size(), 1u);
}

TEST(RingTest, ACandidateSwallowsALargerId) {
  const Stepped s = Step({.nodes = 3}, 0, Candidate(), ElectionFrom(2, 3));
  EXPECT_EQ(s.state.status, Status::kCandidate);
  EXPECT_TRUE(s.sends.empty());
}

TEST(RingTest, ACandidateWinsWhenItsOwnIdReturns) {
  const Stepped s =
      Step({.nodes = 3, .announce = true}, 0, Candidate(), ElectionFrom(2, 1));
  EXPECT_EQ(s.state.status, Status::kWon);
  EXPECT_EQ(s.state.leader, 1u);
  ASSERT_EQ(s.sends.size(), 1u);
  EXPECT_EQ(std::get<Coordinator>(s.sends[0].message).id, 1u);
}

TEST(RingTest, TheLargestWinsRuleReversesTheComparison) {
  const Config config{.nodes = 3, .largest_wins = true};
  EXPECT_EQ(Step(config, 0, Candidate(), ElectionFrom(2, 3)).state.status,
            Status::kLost);
  EXPECT_EQ(Step(config, 2, Candidate(), ElectionFrom(1, 1)).state.status,
            Status::kCandidate);
}

TEST(RingTest, TheCoordinatorRoundStopsAtTheWinner) {
  const Stepped passing =
      Step({.nodes = 3}, 1, Lost(), Receive<ChangRoberts>{0, Coordinator{1}});
  EXPECT_EQ(passing.state.leader, 1u);
  EXPECT_EQ(passing.sends.size(), 1u);
  State winner = Candidate();
  winner.status = Status::kWon;
  EXPECT_TRUE(
      Step({.nodes = 3}, 0, winner, Receive<ChangRoberts>{2, Coordinator{1}})
          .sends.empty());
}

TEST(RingTest, BugsChangeOnlyWhatTheySay) {
  const Config weaker{.nodes = 3, .bug = Bug::kWinOnWeakerId};
  EXPECT_EQ(Step(weaker, 0, Candidate(), ElectionFrom(2, 3)).state.status,
            Status::kWon);
  const Config swallow{.nodes = 3, .bug = Bug::kLostNodeSwallows};
  EXPECT_TRUE(Step(swallow, 1, Lost(), ElectionFrom(0, 3)).sends.empty());
}

TEST(RingTest, InvariantsOnSnapshots) {
  const Config config{.nodes = 3};
  std::vector<State> nodes = {Candidate(), Lost(), Lost()};
  nodes[0].status = Status::kWon;
  std::vector<uint8_t> up(3, 1);
  View good{config, nodes, up, {}};
  EXPECT_TRUE(WinnerIsBestInitiator(good));
  EXPECT_TRUE(AtMostOneLeader(good));
  nodes[2] = Candidate();  // node 2 (id 3) initiated and has not lost
  View bad{config, nodes, up, {}};
  EXPECT_FALSE(WinnerIsBestInitiator(bad));
  nodes[2].status = Status::kWon;
  EXPECT_FALSE(AtMostOneLeader(View{config, nodes, up, {}}));
}

}  // namespace
}  // namespace stepwise::core::ring
