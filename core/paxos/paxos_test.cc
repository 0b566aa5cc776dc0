// Single-decree Paxos, one step at a time: each role's rule, the
// persist-before-send order, restarts and each textbook bug's effect on the
// step that carries it.

#include "core/paxos/paxos.h"

#include <variant>

#include "core/paxos/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::paxos {
namespace {

using Fx = Effects<Paxos>;

struct Node : TestNode<Paxos> {
  using TestNode::TestNode;
  void Ask(Value value, RequestId id = 1) {
    Step(core::Request<Paxos>{7, id, Propose{value}});
  }
};

TEST(PaxosTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(Paxos::Validate({}), "");
  EXPECT_NE(Paxos::Validate({.nodes = 0}), "");
  EXPECT_NE(Paxos::Validate({.nodes = 3, .proposers = 4}), "");
  EXPECT_NE(Paxos::Validate({.values = 0}), "");
  EXPECT_NE(Paxos::Validate({.ballots = 33}), "");
}

TEST(PaxosTest, QuorumIsAMajorityUnlessTheBugHalvesIt) {
  EXPECT_EQ(Paxos::Quorum({.nodes = 3}), 2u);
  EXPECT_EQ(Paxos::Quorum({.nodes = 4}), 3u);
  EXPECT_EQ(Paxos::Quorum({.nodes = 4, .bug = Bug::kHalfQuorum}), 2u);
  EXPECT_EQ(Paxos::Quorum({.nodes = 1, .bug = Bug::kHalfQuorum}), 1u);
}

TEST(PaxosTest, AskedProposerPersistsItsBallotThenPreparesEveryAcceptor) {
  Node proposer(1);
  proposer.Ask(2);
  EXPECT_EQ(proposer.state.ballot, 1);  // ballot b belongs to b % proposers
  EXPECT_EQ(proposer.state.proposal, 2u);
  EXPECT_EQ(proposer.state.phase, Phase::kPreparing);
  EXPECT_TRUE(proposer.effects.persisted());
  EXPECT_FALSE(proposer.effects.output_before_persist());
  ASSERT_EQ(proposer.effects.sends().size(), 3u);
  EXPECT_EQ(Sent<Prepare>(proposer.effects, 2).ballot, 1);
  EXPECT_TRUE(proposer.effects.timers_set() & Fx::Bit(Timer::kRetry));
}

TEST(PaxosTest, NonProposerSendsTheClientToAProposer) {
  Node acceptor(2);
  acceptor.Ask(1, 7);
  EXPECT_TRUE(acceptor.effects.sends().empty());
  EXPECT_EQ(acceptor.state.proposal, kNoValue);
  EXPECT_TRUE(acceptor.state.waiting.empty());
  ASSERT_EQ(acceptor.effects.replies().size(), 1u);
  EXPECT_EQ(acceptor.effects.replies()[0].request_id, 7u);
  EXPECT_EQ(acceptor.effects.replies()[0].result, Decision{kNoValue});
}

TEST(PaxosTest, AcceptorPromisesOnlyHigherBallotsAndReportsItsVote) {
  Node acceptor(2);
  acceptor.state.voted_ballot = 0;
  acceptor.state.voted_value = 1;
  acceptor.state.promised = 0;
  acceptor.Receive(1, Prepare{1});
  EXPECT_EQ(acceptor.state.promised, 1);
  EXPECT_FALSE(acceptor.effects.output_before_persist());
  ASSERT_EQ(acceptor.effects.sends().size(), 1u);
  EXPECT_EQ(acceptor.effects.sends()[0].to, 1u);
  EXPECT_EQ(Sent<Promise>(acceptor.effects, 0),
            (Promise{.ballot = 1, .voted_ballot = 0, .voted_value = 1}));
  acceptor.Receive(0, Prepare{1});  // not higher: ignored
  EXPECT_TRUE(acceptor.effects.empty());
}

TEST(PaxosTest, ProposerAdoptsTheHighestReportedVote) {
  Node proposer(1);
  proposer.Ask(2);
  proposer.Receive(0, Promise{1, 0, 1});
  EXPECT_TRUE(proposer.effects.sends().empty());  // one promise: no quorum
  proposer.Receive(2, Promise{1, kNoBallot, kNoValue});
  EXPECT_EQ(proposer.state.phase, Phase::kAccepting);
  ASSERT_EQ(proposer.effects.sends().size(), 3u);
  EXPECT_EQ(Sent<Accept>(proposer.effects, 0), (Accept{1, 1}));
}

TEST(PaxosTest, ProposerWithoutReportedVotesProposesTheClientsValue) {
  Node proposer(0);
  proposer.Ask(2);
  proposer.Receive(0, Promise{0, kNoBallot, kNoValue});
  proposer.Receive(1, Promise{0, kNoBallot, kNoValue});
  EXPECT_EQ(Sent<Accept>(proposer.effects, 0), (Accept{0, 2}));
  proposer.Receive(2, Promise{0, kNoBallot, kNoValue});  // late: ignored
  EXPECT_TRUE(proposer.effects.empty());
}

TEST(PaxosTest, IgnorePromisedVotesBugProposesItsOwnValue) {
  Node proposer(1, {.bug = Bug::kIgnorePromisedVotes});
  proposer.Ask(2);
  proposer.Receive(0, Promise{1, 0, 1});
  proposer.Receive(2, Promise{1, kNoBallot, kNoValue});
  EXPECT_EQ(Sent<Accept>(proposer.effects, 0), (Accept{1, 2}));
}

TEST(PaxosTest, AcceptorVotesAtOrAboveItsPromiseAndPersistsFirst) {
  Node acceptor(0);
  acceptor.state.promised = 1;
  acceptor.Receive(0, Accept{0, 1});
  EXPECT_TRUE(acceptor.effects.empty());
  acceptor.Receive(1, Accept{1, 2});
  EXPECT_EQ(acceptor.state.voted_ballot, 1);
  EXPECT_EQ(acceptor.state.voted_value, 2u);
  EXPECT_EQ(acceptor.state.votes, (std::vector<Vote>{{1, 2}}));
  EXPECT_FALSE(acceptor.effects.output_before_persist());
  ASSERT_EQ(acceptor.effects.sends().size(), 2u);  // the learners: proposers
  EXPECT_EQ(Sent<Accepted>(acceptor.effects, 1), (Accepted{1, 2}));
  acceptor.Receive(1, Accept{1, 2});  // again: no second record
  EXPECT_EQ(acceptor.state.votes.size(), 1u);
}

TEST(PaxosTest, AcceptBelowPromiseBugVotesAnyway) {
  Node acceptor(0, {.bug = Bug::kAcceptBelowPromise});
  acceptor.state.promised = 1;
  acceptor.Receive(0, Accept{0, 1});
  EXPECT_EQ(acceptor.state.voted_ballot, 0);
  EXPECT_EQ(acceptor.state.promised, 1);
}

TEST(PaxosTest, LearnerLearnsFromAQuorumOfOneBallotAndAnswersClients) {
  Node learner(1);  // proposers learn
  learner.Ask(1, 5);
  learner.Receive(0, Accepted{0, 1});
  learner.Receive(1, Accepted{1, 2});  // a higher ballot restarts the count
  EXPECT_EQ(learner.state.learned, kNoValue);
  learner.Receive(0, Accepted{0, 1});  // older ballot: ignored
  learner.Receive(2, Accepted{1, 2});
  EXPECT_EQ(learner.state.learned, 2u);
  ASSERT_EQ(learner.effects.replies().size(), 1u);
  EXPECT_EQ(learner.effects.replies()[0].request_id, 5u);
  EXPECT_EQ(learner.effects.replies()[0].result, Decision{2});
  learner.Ask(1, 6);  // decided: answered at once
  ASSERT_EQ(learner.effects.replies().size(), 1u);
  EXPECT_EQ(learner.effects.replies()[0].result, Decision{2});
}

TEST(PaxosTest, RetryStartsTheProposersNextBallotUntilTheyRunOut) {
  Node proposer(1, {.ballots = 4});
  proposer.Ask(1);
  proposer.Step(Timeout<Paxos>{Timer::kRetry});
  EXPECT_EQ(proposer.state.ballot, 3);  // 1 + proposers
  EXPECT_EQ(proposer.state.phase, Phase::kPreparing);
  proposer.Step(Timeout<Paxos>{Timer::kRetry});  // 5 is past the bound
  EXPECT_EQ(proposer.state.ballot, 3);
  EXPECT_EQ(proposer.state.phase, Phase::kIdle);
  EXPECT_TRUE(proposer.effects.sends().empty());
}

TEST(PaxosTest, RestartKeepsPromiseVoteAndBallot) {
  State before;
  before.promised = 2;
  before.voted_ballot = 1;
  before.voted_value = 1;
  before.ballot = 1;
  before.phase = Phase::kAccepting;
  before.learned = 1;
  before.votes = {{1, 1}};
  const State after = Paxos::restart({}, 1, before);
  EXPECT_EQ(after.promised, 2);
  EXPECT_EQ(after.voted_ballot, 1);
  EXPECT_EQ(after.ballot, 1);
  EXPECT_EQ(after.votes, before.votes);
  EXPECT_EQ(after.phase, Phase::kIdle);
  EXPECT_EQ(after.learned, kNoValue);
  const State forgetful =
      Paxos::restart({.bug = Bug::kVolatilePromise}, 1, before);
  EXPECT_EQ(forgetful.promised, 1);  // back to its vote's ballot
}

TEST(PaxosTest, ChosenMeansAQuorumVotedInOneBallot) {
  const Config config;
  std::vector<State> nodes(3);
  nodes[0].votes = {{0, 1}};
  nodes[1].votes = {{1, 2}};
  const std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}};
  EXPECT_TRUE(ChosenValues(view).empty());  // two ballots, one vote each
  nodes[2].votes = {{1, 2}};
  EXPECT_EQ(ChosenValues(view), (std::vector<Value>{2}));
  nodes[2].learned = 1;
  EXPECT_FALSE(LearnedIsChosen(view));
  nodes[0].votes.push_back({2, 1});
  nodes[2].votes.push_back({2, 1});
  EXPECT_FALSE(AtMostOneChosen(view));
}

}  // namespace
}  // namespace stepwise::core::paxos
