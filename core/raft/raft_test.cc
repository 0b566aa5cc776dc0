// Unit tests of the Raft step function, one rule each, named after the
// sentence of the paper (Ongaro & Ousterhout 2014, Figure 2 and §5) or the
// dissertation that states it.

#include "core/raft/raft.h"

#include <optional>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/raft/invariants.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::core::raft {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

using Fx = Effects<Raft>;
using Ev = Event<Raft>;

Config Three() {
  Config config;
  config.nodes = 3;
  config.max_term = 100;
  config.max_log_length = 100;
  return config;
}

struct Stepped {
  State state;
  Fx fx;
};

Stepped Step(const Config& config, NodeId self, State before, const Ev& ev) {
  Stepped out{std::move(before), Fx()};
  Raft::step(config, self, out.state, ev, out.fx);
  return out;
}

Ev Deliver(NodeId from, Message message) {
  return Receive<Raft>{from, std::move(message)};
}
Ev Fire(Timer timer) { return Timeout<Raft>{timer}; }

Entry E(uint64_t term) { return Entry{term, Noop{}}; }
Entry Put(uint64_t term, ClientId client, RequestId seq, std::string key,
          std::string value) {
  return Entry{term, Proposal{client, seq,
                              KvCommand{KvOp::kPut, std::move(key),
                                        std::move(value), ""}}};
}

State Follower(uint64_t term, std::vector<Entry> log = {}) {
  State state;
  state.term = term;
  state.log = std::move(log);
  return state;
}

template <typename M>
std::vector<M> SentOf(const Fx& fx) {
  std::vector<M> out;
  for (const auto& envelope : fx.sends()) {
    if (const auto* m = std::get_if<M>(&envelope.message)) out.push_back(*m);
  }
  return out;
}

// Makes node 0 leader of term 1 in a fresh cluster of three (votes from 1).
State Leader0(const Config& config) {
  Stepped c = Step(config, 0, State{}, Fire(Timer::kElection));
  Stepped l = Step(config, 0, c.state, Deliver(1, Vote{1, true, false}));
  EXPECT_EQ(l.state.role, Role::kLeader);
  return l.state;
}

// --- Elections (§5.2) -------------------------------------------------------

TEST(RaftElection, StartArmsTheElectionTimer) {
  Stepped s = Step(Three(), 0, Raft::init(Three(), 0), Start{});
  EXPECT_EQ(s.fx.timers_set(), Fx::Bit(Timer::kElection));
  EXPECT_THAT(s.fx.sends(), IsEmpty());
}

TEST(RaftElection,
     ToBeginAnElectionAFollowerIncrementsItsTermVotesForItselfAndAsksAll) {
  Stepped s =
      Step(Three(), 1, Follower(4, {E(1), E(3)}), Fire(Timer::kElection));
  EXPECT_EQ(s.state.term, 5u);
  EXPECT_EQ(s.state.role, Role::kCandidate);
  EXPECT_EQ(s.state.voted_for, NodeId{1});
  EXPECT_TRUE(s.fx.persisted());
  EXPECT_FALSE(s.fx.output_before_persist());
  const auto requests = SentOf<RequestVote>(s.fx);
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[0], (RequestVote{5, 2, 3, false}));
}

TEST(RaftElection, ACandidateWinsWithVotesFromAMajority) {
  const State leader = Leader0(Three());
  EXPECT_EQ(leader.leader, NodeId{0});
  // "Upon election: send initial empty AppendEntries" -- here with the new
  // term's no-op entry (dissertation §6.4).
  EXPECT_EQ(leader.log, std::vector<Entry>{E(1)});
}

TEST(RaftElection, EachServerVotesForAtMostOneCandidateInATerm) {
  Stepped first =
      Step(Three(), 2, Follower(0), Deliver(0, RequestVote{1, 0, 0, false}));
  EXPECT_EQ(SentOf<Vote>(first.fx), (std::vector<Vote>{Vote{1, true, false}}));
  EXPECT_TRUE(first.fx.persisted());
  EXPECT_FALSE(first.fx.output_before_persist());
  Stepped second =
      Step(Three(), 2, first.state, Deliver(1, RequestVote{1, 0, 0, false}));
  EXPECT_THAT(SentOf<Vote>(second.fx), IsEmpty());
  EXPECT_EQ(second.state.voted_for, NodeId{0});
  // Asking again, the same candidate gets the same answer.
  Stepped again =
      Step(Three(), 2, first.state, Deliver(0, RequestVote{1, 0, 0, false}));
  EXPECT_EQ(SentOf<Vote>(again.fx), (std::vector<Vote>{Vote{1, true, false}}));
}

TEST(RaftElection, TheVoterDeniesItsVoteIfItsOwnLogIsMoreUpToDate) {
  const State voter = Follower(2, {E(1), E(2)});
  // Last term lower: denied.
  Stepped older =
      Step(Three(), 1, voter, Deliver(0, RequestVote{3, 5, 1, false}));
  EXPECT_FALSE(older.state.voted_for.has_value());
  EXPECT_THAT(SentOf<Vote>(older.fx), IsEmpty());
  // Same last term, shorter: denied.
  Stepped shorter =
      Step(Three(), 1, voter, Deliver(0, RequestVote{3, 1, 2, false}));
  EXPECT_FALSE(shorter.state.voted_for.has_value());
  // Same last term, as long: granted.
  Stepped same =
      Step(Three(), 1, voter, Deliver(0, RequestVote{3, 2, 2, false}));
  EXPECT_EQ(same.state.voted_for, NodeId{0});
  // The bug grants it anyway.
  Config buggy = Three();
  buggy.bug = Bug::kVoteWithoutLogCheck;
  Stepped bug = Step(buggy, 1, voter, Deliver(0, RequestVote{3, 5, 1, false}));
  EXPECT_EQ(bug.state.voted_for, NodeId{0});
}

TEST(RaftElection, IfRpcContainsTermGreaterThanCurrentTermConvertToFollower) {
  State leader = Leader0(Three());
  Stepped s = Step(Three(), 0, leader, Deliver(2, Vote{7, false, false}));
  EXPECT_EQ(s.state.role, Role::kFollower);
  EXPECT_EQ(s.state.term, 7u);
  EXPECT_FALSE(s.state.voted_for.has_value());
  EXPECT_TRUE(s.fx.persisted());
  EXPECT_TRUE(s.fx.timers_cancelled() & Fx::Bit(Timer::kHeartbeat));
}

TEST(RaftElection, RequestsWithAStaleTermAreIgnored) {
  const State voter = Follower(5);
  Stepped s = Step(Three(), 1, voter, Deliver(0, RequestVote{4, 9, 4, false}));
  EXPECT_EQ(s.state, voter);
  EXPECT_TRUE(s.fx.empty());
}

TEST(RaftElection, ReplyBeforePersistBugSendsTheVoteBeforePersisting) {
  Config buggy = Three();
  buggy.bug = Bug::kReplyBeforePersist;
  Stepped s =
      Step(buggy, 1, Follower(0), Deliver(0, RequestVote{1, 0, 0, false}));
  EXPECT_TRUE(s.fx.persisted());
  EXPECT_TRUE(s.fx.output_before_persist());
}

TEST(RaftPreVote, APreCandidateDoesNotChangeAnyonesTerm) {
  Config config = Three();
  config.pre_vote = true;
  Stepped pre = Step(config, 0, Follower(3), Fire(Timer::kElection));
  EXPECT_EQ(pre.state.role, Role::kPreCandidate);
  EXPECT_EQ(pre.state.term, 3u);
  EXPECT_FALSE(pre.fx.persisted());
  EXPECT_EQ(SentOf<RequestVote>(pre.fx)[0], (RequestVote{4, 0, 0, true}));
  Stepped voter =
      Step(config, 1, Follower(3), Deliver(0, RequestVote{4, 0, 0, true}));
  EXPECT_EQ(voter.state.term, 3u);
  EXPECT_FALSE(voter.state.voted_for.has_value());
  EXPECT_EQ(SentOf<Vote>(voter.fx), (std::vector<Vote>{Vote{4, true, true}}));
  Stepped won = Step(config, 0, pre.state, Deliver(1, Vote{4, true, true}));
  EXPECT_EQ(won.state.role, Role::kCandidate);
  EXPECT_EQ(won.state.term, 4u);
}

TEST(RaftCheckQuorum, ALeaderStepsDownWithoutHearingFromAQuorum) {
  Config config = Three();
  config.check_quorum = true;
  State leader = Leader0(config);
  Stepped s = Step(config, 0, leader, Fire(Timer::kElection));
  EXPECT_EQ(s.state.role, Role::kFollower);
  EXPECT_EQ(s.state.term, 1u);
  leader.active = 1u << 2;
  Stepped stays = Step(config, 0, leader, Fire(Timer::kElection));
  EXPECT_EQ(stays.state.role, Role::kLeader);
  EXPECT_EQ(stays.state.active, 0u);
}

TEST(RaftCheckQuorum, AFollowerThatKnowsALeaderIgnoresCampaigns) {
  Config config = Three();
  config.check_quorum = true;
  State follower = Follower(2);
  follower.leader = 0;
  Stepped s =
      Step(config, 1, follower, Deliver(2, RequestVote{3, 0, 0, false}));
  EXPECT_EQ(s.state, follower);
  EXPECT_TRUE(s.fx.empty());
}

// --- Log replication (§5.3)
// ---------------------------------------------------

TEST(RaftReplication, ReplyFalseIfLogDoesNotContainAnEntryAtPrevLogIndex) {
  Stepped s = Step(Three(), 1, Follower(3, {E(1)}),
                   Deliver(0, AppendEntries{3, 4, 3, {E(3)}, 0, 0}));
  const auto results = SentOf<AppendResult>(s.fx);
  ASSERT_THAT(results, SizeIs(1));
  EXPECT_FALSE(results[0].success);
  EXPECT_EQ(results[0].conflict_index, 2u);  // our log ends at 1
  EXPECT_EQ(results[0].conflict_term, 0u);
  EXPECT_EQ(s.state.leader, NodeId{0});
}

TEST(RaftReplication, TheFollowerNamesTheConflictingTermAndItsFirstIndex) {
  Stepped s = Step(Three(), 1, Follower(5, {E(1), E(2), E(2), E(2)}),
                   Deliver(0, AppendEntries{5, 4, 4, {}, 0, 0}));
  const auto results = SentOf<AppendResult>(s.fx);
  ASSERT_THAT(results, SizeIs(1));
  EXPECT_EQ(results[0].conflict_term, 2u);
  EXPECT_EQ(results[0].conflict_index, 2u);
}

TEST(RaftReplication, DeleteTheExistingEntryAndAllThatFollowIt) {
  const State follower = Follower(3, {E(1), E(2), E(2)});
  Stepped s = Step(Three(), 1, follower,
                   Deliver(0, AppendEntries{3, 1, 1, {E(3)}, 0, 0}));
  EXPECT_EQ(s.state.log, (std::vector<Entry>{E(1), E(3)}));
  EXPECT_TRUE(s.fx.persisted());
  EXPECT_FALSE(s.fx.output_before_persist());
  EXPECT_EQ(SentOf<AppendResult>(s.fx)[0], (AppendResult{3, true, 2, 0, 0, 0}));

  Config buggy = Three();
  buggy.bug = Bug::kNoTruncateOnConflict;
  Stepped bug = Step(buggy, 1, follower,
                     Deliver(0, AppendEntries{3, 1, 1, {E(3)}, 0, 0}));
  EXPECT_EQ(bug.state.log, (std::vector<Entry>{E(1), E(3), E(2)}));
}

TEST(RaftReplication, AnAppendAlreadyInTheLogChangesNothingDurable) {
  const State follower = Follower(3, {E(1), E(2), E(3)});
  Stepped s = Step(Three(), 1, follower,
                   Deliver(0, AppendEntries{3, 0, 0, {E(1), E(2)}, 0, 0}));
  EXPECT_EQ(s.state.log, follower.log);  // entry 3 is not truncated
  EXPECT_FALSE(s.fx.persisted());
  EXPECT_EQ(SentOf<AppendResult>(s.fx)[0].index, 2u);
}

TEST(RaftReplication, SetCommitIndexToMinOfLeaderCommitAndIndexOfLastNewEntry) {
  Stepped s = Step(Three(), 1, Follower(3, {E(1)}),
                   Deliver(0, AppendEntries{3, 1, 1, {E(3)}, 5, 0}));
  EXPECT_EQ(s.state.commit, 2u);
  EXPECT_EQ(s.state.applied, 2u);
}

TEST(RaftReplication, TheLeaderBacksUpPastTheWholeConflictingTerm) {
  Config config = Three();
  State leader = Follower(0, {E(1), E(1), E(4), E(4)});
  leader.term = 5;
  leader.role = Role::kLeader;
  leader.leader = 0;
  leader.progress.assign(3, Progress{0, 5, 0, 0, 0, true});
  leader.progress[0].match = 4;
  // Follower 1 has term 2 where we have term 4: skip to after our last
  // entry of term 2 -- we have none, so to the follower's first index of it.
  Stepped s =
      Step(config, 0, leader, Deliver(1, AppendResult{5, false, 4, 3, 2, 0}));
  EXPECT_EQ(s.state.progress[1].next, 3u);
  ASSERT_THAT(SentOf<AppendEntries>(s.fx), SizeIs(1));
  EXPECT_EQ(SentOf<AppendEntries>(s.fx)[0].prev_index, 2u);
  // A conflict in a term the leader has: retry after our last entry of it.
  Stepped t =
      Step(config, 0, leader, Deliver(2, AppendResult{5, false, 4, 1, 1, 0}));
  EXPECT_EQ(t.state.progress[2].next, 3u);
}

TEST(RaftReplication, AStaleRejectionIsIgnored) {
  State leader = Leader0(Three());
  leader.progress[1].inflight = true;
  Stepped s =
      Step(Three(), 0, leader, Deliver(1, AppendResult{1, false, 7, 1, 0, 0}));
  EXPECT_EQ(s.state.progress[1].next, leader.progress[1].next);
}

// --- Commitment (§5.3, §5.4.2)
// ------------------------------------------------

TEST(RaftCommit, ALeaderCommitsOnceAMajorityStoresAnEntryOfItsTerm) {
  State leader = Leader0(Three());
  Stepped s =
      Step(Three(), 0, leader, Deliver(2, AppendResult{1, true, 1, 0, 0, 0}));
  EXPECT_EQ(s.state.commit, 1u);
  EXPECT_EQ(s.state.applied, 1u);
}

TEST(RaftCommit, NeverCommitsEntriesFromPreviousTermsByCountingReplicas) {
  // Figure 8 (c): leader of term 4 holding index 2 of term 2 on a majority.
  State leader = Follower(4, {E(1), E(2), E(4)});
  leader.role = Role::kLeader;
  leader.leader = 0;
  leader.progress.assign(3, Progress{0, 4, 0, 0, 0, false});
  leader.progress[0].match = 3;
  leader.progress[1].inflight = true;
  Stepped s =
      Step(Three(), 0, leader, Deliver(1, AppendResult{4, true, 2, 0, 0, 0}));
  EXPECT_EQ(s.state.commit, 0u);
  Config buggy = Three();
  buggy.bug = Bug::kCommitOldTerm;
  Stepped bug =
      Step(buggy, 0, leader, Deliver(1, AppendResult{4, true, 2, 0, 0, 0}));
  EXPECT_EQ(bug.state.commit, 2u);
}

// --- Durability
// -----------------------------------------------------------------

TEST(RaftDurability, RestartKeepsTermVoteAndLogOnly) {
  State leader = Leader0(Three());
  leader.commit = 1;
  leader.applied = 1;
  State restarted = Raft::restart(Three(), 0, leader);
  EXPECT_EQ(restarted.term, 1u);
  EXPECT_EQ(restarted.voted_for, NodeId{0});
  EXPECT_EQ(restarted.log, leader.log);
  EXPECT_EQ(restarted.role, Role::kFollower);
  EXPECT_EQ(restarted.commit, 0u);
  EXPECT_TRUE(restarted.progress.empty());
  Config buggy = Three();
  buggy.bug = Bug::kForgetVoteOnRestart;
  EXPECT_FALSE(Raft::restart(buggy, 0, leader).voted_for.has_value());
}

// --- Clients (§6.3, §6.4)
// -------------------------------------------------------

Ev Client(ClientId client, RequestId id, KvCommand command) {
  return Request<Raft>{client, id, std::move(command)};
}

TEST(RaftClients, AFollowerRejectsRequestsAndNamesTheLeader) {
  State follower = Follower(2);
  follower.leader = 2;
  Stepped s = Step(Three(), 1, follower,
                   Client(9, 1, KvCommand{KvOp::kPut, "x", "1", ""}));
  ASSERT_THAT(s.fx.replies(), SizeIs(1));
  EXPECT_EQ(s.fx.replies()[0].result, KvResult{NotLeader{2}});
}

TEST(RaftClients, TheLeaderRepliesOnlyAfterApplyingAndAppliesARetryOnce) {
  State leader = Leader0(Three());
  leader =
      Step(Three(), 0, leader, Deliver(1, AppendResult{1, true, 1, 0, 0, 0}))
          .state;
  const KvCommand put{KvOp::kPut, "x", "1", ""};
  Stepped proposed = Step(Three(), 0, leader, Client(9, 1, put));
  EXPECT_THAT(proposed.fx.replies(), IsEmpty());
  EXPECT_EQ(proposed.state.log.back(), Put(1, 9, 1, "x", "1"));
  EXPECT_TRUE(proposed.fx.persisted());
  // A retry while in the log is not appended again.
  Stepped retry = Step(Three(), 0, proposed.state, Client(9, 1, put));
  EXPECT_EQ(retry.state.log.size(), proposed.state.log.size());
  // Committed and applied: now the reply.
  Stepped applied = Step(Three(), 0, proposed.state,
                         Deliver(2, AppendResult{1, true, 2, 0, 0, 0}));
  EXPECT_EQ(applied.state.applied, 2u);
  ASSERT_THAT(applied.fx.replies(), SizeIs(1));
  EXPECT_EQ(applied.fx.replies()[0].result, KvResult{KvOk{}});
  ASSERT_THAT(applied.fx.applied(), SizeIs(1));
  EXPECT_EQ(applied.fx.applied()[0].index, 2u);
  // A retry after apply is answered from the session, not applied again.
  Stepped late = Step(Three(), 0, applied.state, Client(9, 1, put));
  EXPECT_EQ(late.state.log.size(), applied.state.log.size());
  ASSERT_THAT(late.fx.replies(), SizeIs(1));
}

TEST(RaftClients, KvStoreAppliesEachSessionCommandOnce) {
  KvStore kv;
  EXPECT_EQ(kv.Apply(1, 1, {KvOp::kPut, "a", "1", ""}), KvResult{KvOk{}});
  EXPECT_EQ(kv.Apply(1, 2, {KvOp::kCas, "a", "2", "0"}),
            KvResult{KvCasFailed{"1"}});
  EXPECT_EQ(kv.Apply(1, 3, {KvOp::kCas, "a", "2", "1"}), KvResult{KvOk{}});
  EXPECT_EQ(kv.Apply(1, 3, {KvOp::kCas, "a", "3", "2"}), KvResult{KvOk{}});
  EXPECT_EQ(kv.Get("a"), KvResult{KvOk{"2"}});  // the retry did nothing
  EXPECT_EQ(kv.Apply(1, 2, {KvOp::kDelete, "a", "", ""}), std::nullopt);
  EXPECT_EQ(kv.Apply(2, 1, {KvOp::kDelete, "a", "", ""}), KvResult{KvOk{}});
  EXPECT_EQ(kv.Get("a"), KvResult{KvNotFound{}});
  EXPECT_EQ(kv.Apply(2, 2, {KvOp::kDelete, "a", "", ""}),
            KvResult{KvNotFound{}});
}

TEST(RaftClients, KvStoreConditionalPutsAndIncrementBehaveLikeRedis) {
  KvStore kv;
  EXPECT_EQ(kv.Apply(1, 1, {KvOp::kPutIfPresent, "a", "1", ""}),
            KvResult{KvNotFound{}});
  EXPECT_EQ(kv.Apply(1, 2, {KvOp::kPutIfAbsent, "a", "1", ""}),
            KvResult{KvOk{}});
  EXPECT_EQ(kv.Apply(1, 3, {KvOp::kPutIfAbsent, "a", "2", ""}),
            KvResult{KvCasFailed{"1"}});
  EXPECT_EQ(kv.Apply(1, 4, {KvOp::kIncr, "a", "", ""}), KvResult{KvOk{"2"}});
  EXPECT_EQ(kv.Apply(1, 4, {KvOp::kIncr, "a", "", ""}), KvResult{KvOk{"2"}})
      << "a retried increment is applied once";
  EXPECT_EQ(kv.Apply(1, 5, {KvOp::kIncr, "fresh", "", ""}),
            KvResult{KvOk{"1"}});
  EXPECT_EQ(kv.Apply(1, 6, {KvOp::kPutIfPresent, "a", "x", ""}),
            KvResult{KvOk{}});
  EXPECT_EQ(kv.Apply(1, 7, {KvOp::kIncr, "a", "", ""}),
            KvResult{KvNotInteger{}});
  EXPECT_EQ(kv.Get("a"), KvResult{KvOk{"x"}});
  for (const char* not_integer :
       {"", " 1", "+1", "01", "-0", "1.0", "9223372036854775807"}) {
    KvStore store;
    store.Apply(1, 1, {KvOp::kPut, "n", not_integer, ""});
    EXPECT_EQ(store.Apply(1, 2, {KvOp::kIncr, "n", "", ""}),
              KvResult{KvNotInteger{}})
        << "'" << not_integer << "'";
  }
  KvStore negative;
  negative.Apply(1, 1, {KvOp::kPut, "n", "-1", ""});
  EXPECT_EQ(negative.Apply(1, 2, {KvOp::kIncr, "n", "", ""}),
            KvResult{KvOk{"0"}});
}

TEST(RaftReadIndex, ANewLeaderServesReadsOnlyAfterCommittingAnEntryOfItsTerm) {
  State leader = Leader0(Three());
  Stepped read = Step(Three(), 0, leader,
                      Client(9, 5, KvCommand{KvOp::kGet, "x", "", ""}));
  ASSERT_THAT(read.state.reads, SizeIs(1));
  EXPECT_EQ(read.state.reads[0].index, 0u);  // waits for the no-op
  EXPECT_THAT(read.fx.replies(), IsEmpty());
  // The no-op commits: read index 1, and a heartbeat round starts.
  Stepped commit = Step(Three(), 0, read.state,
                        Deliver(1, AppendResult{1, true, 1, 0, 0, 0}));
  ASSERT_THAT(commit.state.reads, SizeIs(1));
  EXPECT_EQ(commit.state.reads[0].index, 1u);
  EXPECT_EQ(commit.state.reads[0].round, 1u);
  EXPECT_THAT(commit.fx.replies(), IsEmpty());
  EXPECT_FALSE(SentOf<AppendEntries>(commit.fx).empty());
  // An acknowledgement of the round confirms leadership: served.
  Stepped served = Step(Three(), 0, commit.state,
                        Deliver(1, AppendResult{1, true, 1, 0, 0, 1}));
  ASSERT_THAT(served.fx.replies(), SizeIs(1));
  EXPECT_EQ(served.fx.replies()[0].result, KvResult{KvNotFound{}});
  EXPECT_EQ(served.state.reads_served, 1u);
}

// --- Symmetry
// -------------------------------------------------------------------

TEST(RaftSymmetry, RenameMapsEveryNodeId) {
  State leader = Leader0(Three());
  leader.progress[1].match = 1;
  leader.votes = 0b011;
  const std::vector<NodeId> perm = {2, 0, 1};
  State renamed = Raft::rename(leader, perm);
  EXPECT_EQ(renamed.voted_for, NodeId{2});
  EXPECT_EQ(renamed.leader, NodeId{2});
  EXPECT_EQ(renamed.votes, 0b101u);
  EXPECT_EQ(renamed.progress[0].match, 1u);
  EXPECT_EQ(renamed.progress[2].match, 1u);
}

// --- Invariants
// -----------------------------------------------------------------

TEST(RaftInvariants, TwoLeadersOfOneTermViolateElectionSafety) {
  const Config config = Three();
  std::vector<State> nodes(3);
  nodes[0].role = nodes[1].role = Role::kLeader;
  nodes[0].term = nodes[1].term = 2;
  std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}};
  EXPECT_FALSE(ElectionSafety(view));
  nodes[1].term = 3;
  EXPECT_TRUE(ElectionSafety(view));
}

// Three nodes in term 2: node 0 leads, node 1 has heard from it, node 2
// knows no leader yet.
std::vector<State> LedByNodeZeroInTermTwo() {
  std::vector<State> nodes(3);
  for (State& node : nodes) node.term = 2;
  nodes[0].role = Role::kLeader;
  nodes[1].leader = 0;
  return nodes;
}

TEST(RaftInvariants, NodesOfOneTermThatKnowALeaderNameTheSameOne) {
  const Config config = Three();
  std::vector<State> nodes = LedByNodeZeroInTermTwo();
  std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}};
  EXPECT_TRUE(Agreement(view));
  nodes[2].leader = 0;
  EXPECT_TRUE(Agreement(view));
  // Node 2 names node 1 in term 2, whose leader node 0 is.
  nodes[2].leader = 1;
  EXPECT_FALSE(Agreement(view));
  // Two followers disagreeing, no leader among them.
  nodes[0].role = Role::kFollower;
  nodes[0].leader.reset();
  EXPECT_FALSE(Agreement(view));
  // A newer term's leader is no disagreement.
  nodes[2].term = 3;
  EXPECT_TRUE(Agreement(view));
  // Two nodes that each lead term 3: violated, as election-safety is.
  nodes[2].role = Role::kLeader;
  nodes[1].role = Role::kLeader;
  nodes[1].term = 3;
  EXPECT_FALSE(Agreement(view));
}

TEST(RaftInvariants, ACrashedNodeKnowsNoLeader) {
  const Config config = Three();
  std::vector<State> nodes = LedByNodeZeroInTermTwo();
  nodes[2].leader = 1;  // stale knowledge of a node that is down
  std::vector<uint8_t> up = {1, 1, 0};
  View view{config, nodes, up, {}};
  EXPECT_TRUE(Agreement(view));
  up[2] = 1;
  EXPECT_FALSE(Agreement(view));
}

TEST(RaftLiveness, SomeUpNodeLeads) {
  const Config config = Three();
  std::vector<State> nodes(3);
  std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}};
  EXPECT_FALSE(SomeUpLeader(view));
  nodes[1].role = Role::kLeader;
  EXPECT_TRUE(SomeUpLeader(view));
  up[1] = 0;
  EXPECT_FALSE(SomeUpLeader(view));
  ASSERT_EQ(Raft::liveness().size(), 1u);
  EXPECT_EQ(Raft::liveness()[0].name, "eventually-leader");
  EXPECT_EQ(Raft::liveness()[0].temporal, Temporal::kEventually);
}

TEST(RaftInvariants, LogMatchingAndLeaderCompleteness) {
  const Config config = Three();
  std::vector<State> nodes = {Follower(3, {E(1), E(2)}),
                              Follower(3, {E(1), E(3)}),
                              Follower(3, {E(3), E(3)})};
  std::vector<uint8_t> up(3, 1);
  View view{config, nodes, up, {}};
  EXPECT_FALSE(LogMatching(view));  // nodes 1 and 2 agree at 2, not at 1
  nodes[2].log = {E(1), E(3)};
  EXPECT_TRUE(LogMatching(view));
  nodes[1].role = Role::kLeader;
  nodes[0].commit = 2;  // index 2 of term 2 committed on node 0
  EXPECT_FALSE(LeaderCompleteness(view));
  nodes[0].commit = 1;
  EXPECT_TRUE(LeaderCompleteness(view));
}

}  // namespace
}  // namespace stepwise::core::raft
