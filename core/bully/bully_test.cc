#include "core/bully/bully.h"

#include <vector>

#include "core/bully/invariants.h"
#include "gtest/gtest.h"

namespace stepwise::core::bully {
namespace {

using Fx = Effects<Bully>;

struct Stepped {
  State state;
  std::vector<Envelope<Bully>> sends;
  uint32_t timers_set = 0;
  uint32_t timers_cancelled = 0;
};

Stepped Step(const Config& config, NodeId self, State state,
             const Event<Bully>& event) {
  Fx effects;
  Bully::step(config, self, state, event, effects);
  return {state, effects.sends(), effects.timers_set(),
          effects.timers_cancelled()};
}

bool Sets(const Stepped& s, Timer timer) {
  return (s.timers_set & Fx::Bit(timer)) != 0;
}

template <typename M>
std::vector<NodeId> Recipients(const Stepped& s) {
  std::vector<NodeId> to;
  for (const auto& e : s.sends) {
    if (std::holds_alternative<M>(e.message)) to.push_back(e.to);
  }
  return to;
}

State WithRole(Role role, uint32_t leader = 0) {
  return {.role = role, .leader = leader, .elections = 1};
}

const Config kThree{.nodes = 3};

TEST(BullyTest, StartSendsElectionToEveryHigherNode) {
  const Stepped s = Step(kThree, 0, State{}, Start{});
  EXPECT_EQ(s.state.role, Role::kElecting);
  EXPECT_EQ(s.state.elections, 1u);
  EXPECT_EQ(Recipients<Election>(s), (std::vector<NodeId>{1, 2}));
  EXPECT_TRUE(Sets(s, Timer::kAnswer));
}

TEST(BullyTest, TheHighestNodeWinsAtOnceAndTellsEveryone) {
  const Stepped s = Step(kThree, 2, State{}, Start{});
  EXPECT_EQ(s.state.role, Role::kLeader);
  EXPECT_EQ(s.state.leader, 3u);
  EXPECT_EQ(Recipients<Coordinator>(s), (std::vector<NodeId>{0, 1}));
  EXPECT_FALSE(Sets(s, Timer::kAnswer));
}

TEST(BullyTest, AHigherNodeAnswersAndHoldsItsOwnElection) {
  const Stepped s = Step(kThree, 1, State{}, Receive<Bully>{0, Election{}});
  EXPECT_EQ(Recipients<Answer>(s), (std::vector<NodeId>{0}));
  EXPECT_EQ(Recipients<Election>(s), (std::vector<NodeId>{2}));
  EXPECT_EQ(s.state.role, Role::kElecting);
}

TEST(BullyTest, ANodeAlreadyCampaigningOnlyAnswers) {
  const Stepped s =
      Step(kThree, 1, WithRole(Role::kElecting), Receive<Bully>{0, Election{}});
  EXPECT_EQ(Recipients<Answer>(s), (std::vector<NodeId>{0}));
  EXPECT_TRUE(Recipients<Election>(s).empty());
  EXPECT_EQ(s.state.elections, 1u);
}

TEST(BullyTest, ALeaderAnswersAndReannounces) {
  const Stepped s = Step(kThree, 2, WithRole(Role::kLeader, 3),
                         Receive<Bully>{0, Election{}});
  EXPECT_EQ(Recipients<Answer>(s), (std::vector<NodeId>{0}));
  EXPECT_EQ(Recipients<Coordinator>(s), (std::vector<NodeId>{0}));
  EXPECT_EQ(s.state.role, Role::kLeader);
}

TEST(BullyTest, AnElectionFromAboveIsIgnored) {
  const Stepped s = Step(kThree, 0, State{}, Receive<Bully>{2, Election{}});
  EXPECT_TRUE(s.sends.empty());
  EXPECT_EQ(s.state, State{});
}

TEST(BullyTest, AnAnswerStopsTheCampaign) {
  const Stepped s =
      Step(kThree, 0, WithRole(Role::kElecting), Receive<Bully>{2, Answer{}});
  EXPECT_EQ(s.state.role, Role::kAwaitingCoordinator);
  EXPECT_TRUE(Sets(s, Timer::kCoordinator));
  EXPECT_TRUE(s.timers_cancelled & Fx::Bit(Timer::kAnswer));
  // A late Answer changes nothing.
  EXPECT_EQ(
      Step(kThree, 0, WithRole(Role::kFollower, 3), Receive<Bully>{2, Answer{}})
          .state.role,
      Role::kFollower);
}

TEST(BullyTest, NoAnswerBeforeTheTimeoutMeansVictory) {
  const Stepped s = Step(kThree, 0, WithRole(Role::kElecting),
                         Timeout<Bully>{Timer::kAnswer});
  EXPECT_EQ(s.state.role, Role::kLeader);
  EXPECT_EQ(s.state.leader, 1u);
  EXPECT_EQ(Recipients<Coordinator>(s), (std::vector<NodeId>{1, 2}));
}

TEST(BullyTest, NoCoordinatorBeforeTheTimeoutMeansAnotherElection) {
  const Stepped s = Step(kThree, 0, WithRole(Role::kAwaitingCoordinator),
                         Timeout<Bully>{Timer::kCoordinator});
  EXPECT_EQ(s.state.role, Role::kElecting);
  EXPECT_EQ(s.state.elections, 2u);
  EXPECT_EQ(Recipients<Election>(s).size(), 2u);
}

TEST(BullyTest, ACoordinatorFromAboveIsFollowed) {
  const Stepped s = Step(kThree, 0, WithRole(Role::kAwaitingCoordinator),
                         Receive<Bully>{2, Coordinator{}});
  EXPECT_EQ(s.state.role, Role::kFollower);
  EXPECT_EQ(s.state.leader, 3u);
  EXPECT_TRUE(Sets(s, Timer::kLeaderCheck));
  // A leader steps down for a better one.
  const Stepped down = Step(kThree, 1, WithRole(Role::kLeader, 2),
                            Receive<Bully>{2, Coordinator{}});
  EXPECT_EQ(down.state.role, Role::kFollower);
  EXPECT_EQ(down.state.leader, 3u);
}

TEST(BullyTest, ACoordinatorFromBelowIsBullied) {
  const Stepped leader = Step(kThree, 2, WithRole(Role::kLeader, 3),
                              Receive<Bully>{0, Coordinator{}});
  EXPECT_EQ(leader.state.role, Role::kLeader);
  EXPECT_EQ(Recipients<Coordinator>(leader), (std::vector<NodeId>{0, 1}));
  const Stepped follower = Step(kThree, 1, WithRole(Role::kFollower, 3),
                                Receive<Bully>{0, Coordinator{}});
  EXPECT_EQ(follower.state.role, Role::kElecting);
  EXPECT_EQ(Recipients<Election>(follower), (std::vector<NodeId>{2}));
}

TEST(BullyTest, AFollowerProbesItsLeaderAndSuspectsASilentOne) {
  const Stepped ping = Step(kThree, 0, WithRole(Role::kFollower, 3),
                            Timeout<Bully>{Timer::kLeaderCheck});
  EXPECT_TRUE(ping.state.awaiting_ack);
  EXPECT_EQ(Recipients<Ping>(ping), (std::vector<NodeId>{2}));
  EXPECT_TRUE(Sets(ping, Timer::kLeaderCheck));
  const Stepped ack = Step(kThree, 0, ping.state, Receive<Bully>{2, Ack{}});
  EXPECT_FALSE(ack.state.awaiting_ack);
  const Stepped suspect =
      Step(kThree, 0, ping.state, Timeout<Bully>{Timer::kLeaderCheck});
  EXPECT_EQ(suspect.state.role, Role::kElecting);
  EXPECT_EQ(suspect.state.leader, 0u);
}

TEST(BullyTest, OnlyALeaderAcksAPing) {
  EXPECT_EQ(Recipients<Ack>(Step(kThree, 2, WithRole(Role::kLeader, 3),
                                 Receive<Bully>{0, Ping{}})),
            (std::vector<NodeId>{0}));
  EXPECT_TRUE(
      Step(kThree, 2, WithRole(Role::kElecting), Receive<Bully>{0, Ping{}})
          .sends.empty());
}

TEST(BullyTest, ARestartedNodeForgetsAllButItsBoundAndBulliesBack) {
  const State before = WithRole(Role::kFollower, 2);
  const State after = Bully::restart(kThree, 2, before);
  EXPECT_EQ(after.role, Role::kFollower);
  EXPECT_EQ(after.leader, 0u);
  EXPECT_EQ(after.elections, 1u);
  // Its start step is a new election, which the highest node wins at once.
  const Stepped s = Step(kThree, 2, after, Start{});
  EXPECT_EQ(s.state.role, Role::kLeader);
  EXPECT_EQ(s.state.elections, 2u);
}

TEST(BullyTest, PrioritiesDecideTheRankTiesGoToTheLargerId) {
  const Config config{.nodes = 3, .priorities = {5, 1, 5}};
  EXPECT_TRUE(Bully::Outranks(config, 0, 1));
  EXPECT_TRUE(Bully::Outranks(config, 2, 0));  // tie: larger id
  EXPECT_FALSE(Bully::Outranks(config, 0, 2));
  const Config ranked{.nodes = 3, .priorities = {3, 1, 2}};
  const Stepped top = Step(ranked, 0, State{}, Start{});
  EXPECT_EQ(top.state.role, Role::kLeader);
  const Stepped mid = Step(ranked, 2, State{}, Start{});
  EXPECT_EQ(Recipients<Election>(mid), (std::vector<NodeId>{0}));
}

TEST(BullyTest, ValidateRejectsAMismatchedPriorityList) {
  EXPECT_TRUE(Bully::Validate(kThree).empty());
  EXPECT_FALSE(Bully::Validate({.nodes = 3, .priorities = {1, 2}}).empty());
  EXPECT_FALSE(Bully::Validate({.nodes = 9}).empty());
}

TEST(BullyTest, BugsChangeOnlyWhatTheySay) {
  const Config no_answer{.nodes = 3, .bug = Bug::kNoAnswer};
  const Stepped s = Step(no_answer, 1, State{}, Receive<Bully>{0, Election{}});
  EXPECT_TRUE(Recipients<Answer>(s).empty());
  EXPECT_EQ(s.state.role, Role::kElecting);
  const Config reversed{.nodes = 3, .bug = Bug::kLowestWinsCompare};
  EXPECT_EQ(Step(reversed, 0, State{}, Start{}).state.role, Role::kLeader);
  EXPECT_TRUE(Bully::TrulyOutranks(reversed, 2, 0));
  const Config tie{
      .nodes = 3, .priorities = {2, 2, 1}, .bug = Bug::kNoTieBreak};
  EXPECT_FALSE(Bully::Outranks(tie, 1, 0));
  EXPECT_FALSE(Bully::Outranks(tie, 0, 1));
  EXPECT_TRUE(Bully::TrulyOutranks(tie, 1, 0));
  EXPECT_TRUE(Bully::Outranks(tie, 0, 2));
}

TEST(BullyTest, MalformedSendersAreIgnored) {
  EXPECT_TRUE(
      Step(kThree, 1, State{}, Receive<Bully>{7, Election{}}).sends.empty());
  EXPECT_TRUE(
      Step(kThree, 1, State{}, Receive<Bully>{1, Election{}}).sends.empty());
}

TEST(BullyTest, InvariantsOnSnapshots) {
  std::vector<State> nodes = {WithRole(Role::kFollower, 3),
                              WithRole(Role::kFollower, 3),
                              WithRole(Role::kLeader, 3)};
  std::vector<uint8_t> up(3, 1);
  EXPECT_TRUE(AtMostOneLeader(View{kThree, nodes, up, {}}));
  EXPECT_TRUE(Agreement(View{kThree, nodes, up, {}}));
  EXPECT_TRUE(HighestLeads(View{kThree, nodes, up, {}}));
  EXPECT_TRUE(AllAgree(View{kThree, nodes, up, {}}));
  nodes[0] = WithRole(Role::kLeader, 1);
  EXPECT_FALSE(AtMostOneLeader(View{kThree, nodes, up, {}}));
  EXPECT_FALSE(Agreement(View{kThree, nodes, up, {}}));
  EXPECT_FALSE(HighestLeads(View{kThree, nodes, up, {}}));
  // Down nodes make no claims.
  up[2] = 0;
  EXPECT_TRUE(AtMostOneLeader(View{kThree, nodes, up, {}}));
  EXPECT_FALSE(HighestLeads(View{kThree, nodes, up, {}}));  // node 1 is up
  EXPECT_FALSE(AllAgree(View{kThree, nodes, up, {}}));
  up[1] = 0;
  EXPECT_TRUE(HighestLeads(View{kThree, nodes, up, {}}));
}

}  // namespace
}  // namespace stepwise::core::bully
