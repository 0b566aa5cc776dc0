#include "spec/raft_conformance.h"

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/raft/raft.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model_check/semantics.h"
#include "model_check/trace_format.h"

namespace stepwise::spec {
namespace {

using core::NodeId;
using core::raft::Bug;
using core::raft::Raft;
using mc::ActionKind;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

// Sanitizers slow the step function and Z3 several times over.
#ifdef STEPWISE_SANITIZED
constexpr int kWalks = 300;
#else
constexpr int kWalks = 2000;
#endif
constexpr int kStepsPerWalk = 40;

constexpr uint32_t kNodes = 3;
constexpr uint64_t kMaxTerm = 3;
// Bounds stop expanding a state past kMaxTerm, so terms reach kMaxTerm + 1.
constexpr uint32_t kTerms = kMaxTerm + 2;

// The walk's cluster: 3 nodes, leaders proposing and reading on their own;
// pre-vote and CheckQuorum in turn, so their messages are covered too.
Raft::Config WalkConfig(Bug bug, int walk) {
  Raft::Config config = core::raft::ModelCheckingConfig();
  config.nodes = kNodes;
  config.max_term = kMaxTerm;
  config.max_log_length = 2;
  config.pre_vote = walk % 4 == 1 || walk % 4 == 3;
  config.check_quorum = walk % 4 >= 2;
  config.bug = bug;
  return config;
}

// Every network semantics that can lose, repeat or reorder messages, with
// crashes (and the crash window before a persist) and a partition.
mc::Options WalkOptions(int walk) {
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kLossy, mc::Network::kDuplicating, mc::Network::kReliable,
      mc::Network::kOrdered};
  mc::Options options;
  options.network = kNetworks[(walk / 4) % 4];
  options.drops = 4;
  options.crashes = 3;
  options.partitions = 1;
  return options;
}

// One checker for every walk: building it grounds the model (a fraction of
// a second), and the steps it has found conforming stay cached.
RaftConformance& SharedConformance() {
  static RaftConformance* const conformance =
      new RaftConformance(kNodes, kTerms);
  return *conformance;
}

// Whether a vote for a candidate whose last entry is (last_term, last_index)
// skips Raft's up-to-date check against `voter`'s log (§5.4.1).
bool CandidateLogIsBehind(const core::raft::State& voter, uint64_t last_term,
                          uint64_t last_index) {
  return last_term < voter.LastTerm() ||
         (last_term == voter.LastTerm() && last_index < voter.LastIndex());
}

// Random walks through the model checker's successors of a Raft cluster
// (mc::Semantics, the explorer's own transition relation), every step
// checked against the Z3 model. Run() returns the first non-conforming
// step's error, or OK.
class Walks {
 public:
  Walks(Bug bug, uint32_t seed) : bug_(bug), conformance_(SharedConformance()) {
    rng_.seed(seed);
  }

  absl::Status Run(int walks, int steps) {
    for (int walk = 0; walk < walks; ++walk) {
      if (absl::Status status = Walk(walk, steps); !status.ok()) return status;
    }
    return absl::OkStatus();
  }

  int checked() const { return checked_; }
  int elections() const { return elections_; }
  int crashes_holding_a_vote() const { return crashes_holding_a_vote_; }
  int stale_log_votes() const { return stale_log_votes_; }

 private:
  using Cluster = mc::Cluster<Raft>;
  using Action = mc::Action<Raft>;

  absl::Status Walk(int walk, int steps) {
    const Raft::Config config = WalkConfig(bug_, walk);
    mc::Semantics<Raft> semantics(config, WalkOptions(walk));
    Cluster cluster = semantics.InitialClusters().front();
    abstract_ = RaftAbstractState(cluster.states);
    std::vector<std::pair<Action, Cluster>> successors;
    for (int i = 0; i < steps && semantics.WithinBounds(cluster); ++i) {
      successors.clear();
      semantics.ForEachSuccessor(
          cluster, [&](const Action& action, Cluster&& next) {
            successors.emplace_back(action, std::move(next));
          });
      if (successors.empty()) break;
      auto& [action, next] = successors[Pick(successors.size())];
      if (absl::Status status = Follow(config, cluster, action, next);
          !status.ok()) {
        return status;
      }
      cluster = std::move(next);
    }
    return absl::OkStatus();
  }

  // Moves the abstract state along the concrete step and checks it.
  absl::Status Follow(const Raft::Config& config, const Cluster& pre,
                      const Action& action, const Cluster& post) {
    RaftAbstractState next = abstract_;
    const NodeId node = action.node;
    switch (action.kind) {
      case ActionKind::kStart:
      case ActionKind::kRestart:
        Stepped(config, pre, action, post, core::Start{}, next);
        break;
      case ActionKind::kDeliver:
      case ActionKind::kReceive:
        Stepped(
            config, pre, action, post,
            core::Receive<Raft>{action.envelope.from, action.envelope.message},
            next);
        break;
      case ActionKind::kTimeout:
        Stepped(
            config, pre, action, post,
            core::Timeout<Raft>{static_cast<core::raft::Timer>(action.timer)},
            next);
        break;
      case ActionKind::kCrash:
        if (pre.states[node].voted_for.has_value()) ++crashes_holding_a_vote_;
        next.RecordCrash(node, post.states[node]);
        break;
      case ActionKind::kRequest:  // the walks issue no client requests
      case ActionKind::kDrop:
      case ActionKind::kPartition:
      case ActionKind::kHeal:
        break;
    }
    for (const auto& envelope : post.network) {
      next.RecordMessage(envelope.from, envelope.to, envelope.message);
    }
    for (NodeId n = 0; n < kNodes; ++n) {
      const uint64_t term = post.states[n].term;
      if (next.Leader(n, term) && !abstract_.Leader(n, term)) ++elections_;
    }
    ++checked_;
    absl::Status status =
        conformance_.Check(abstract_, next, mc::DescribeAction(action));
    abstract_ = std::move(next);
    return status;
  }

  // A step of `action.node` on `event`. In the crash window before persist
  // the successor holds only what the node kept, so the lost post-step
  // state is computed again: the step happened (its messages left), then
  // the crash.
  void Stepped(const Raft::Config& config, const Cluster& pre,
               const Action& action, const Cluster& post,
               const core::Event<Raft>& event, RaftAbstractState& next) {
    const NodeId node = action.node;
    core::raft::State after = post.states[node];
    if (action.crash_before_persist) {
      after = pre.states[node];
      core::Effects<Raft> effects;
      Raft::step(config, node, after, event, effects);
    }
    CountStaleLogVote(pre.states[node], event, after);
    next.RecordStep(node, event, after);
    if (action.crash_before_persist) next.RecordCrash(node, post.states[node]);
  }

  void CountStaleLogVote(const core::raft::State& before,
                         const core::Event<Raft>& event,
                         const core::raft::State& after) {
    const auto* receive = std::get_if<core::Receive<Raft>>(&event);
    if (receive == nullptr) return;
    const auto* request =
        std::get_if<core::raft::RequestVote>(&receive->message);
    if (request == nullptr || request->pre_vote) return;
    const bool new_vote =
        after.voted_for == receive->from &&
        (before.voted_for != receive->from || before.term != after.term);
    if (new_vote &&
        CandidateLogIsBehind(before, request->last_term, request->last_index)) {
      ++stale_log_votes_;
    }
  }

  size_t Pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  Bug bug_;
  RaftConformance& conformance_;
  std::mt19937 rng_;
  RaftAbstractState abstract_{{}};
  int checked_ = 0;
  int elections_ = 0;
  int crashes_holding_a_vote_ = 0;
  int stale_log_votes_ = 0;
};

// Hand-picked steps of a 3-node cluster, each checked as it is taken.
class Script {
 public:
  explicit Script(Bug bug)
      : config_(WalkConfig(bug, 0)),
        conformance_(SharedConformance()),
        states_(InitialStates(config_)),
        abstract_(states_) {}

  absl::Status Step(NodeId node, const core::Event<Raft>& event) {
    RaftAbstractState next = abstract_;
    core::Effects<Raft> effects;
    Raft::step(config_, node, states_[node], event, effects);
    next.RecordStep(node, event, states_[node]);
    for (const auto& send : effects.sends()) {
      next.RecordMessage(node, send.to, send.message);
    }
    return Check(std::move(next), "step of node " + std::to_string(node));
  }

  absl::Status Crash(NodeId node) {
    RaftAbstractState next = abstract_;
    states_[node] = Raft::restart(config_, node, states_[node]);
    next.RecordCrash(node, states_[node]);
    return Check(std::move(next), "crash of node " + std::to_string(node));
  }

 private:
  static std::vector<core::raft::State> InitialStates(
      const Raft::Config& config) {
    std::vector<core::raft::State> states;
    for (NodeId node = 0; node < config.nodes; ++node) {
      states.push_back(Raft::init(config, node));
    }
    return states;
  }

  absl::Status Check(RaftAbstractState next, const std::string& what) {
    absl::Status status = conformance_.Check(abstract_, next, what);
    abstract_ = std::move(next);
    return status;
  }

  Raft::Config config_;
  RaftConformance& conformance_;
  std::vector<core::raft::State> states_;
  RaftAbstractState abstract_;
};

TEST(RaftConformance, EveryStepOfTheCorrectProtocolIsAModelStep) {
  Walks walks(Bug::kNone, 1);
  const absl::Status status = walks.Run(kWalks, kStepsPerWalk);
  EXPECT_TRUE(status.ok()) << status;
  // Not vacuous: the walks elect leaders and crash nodes that hold a vote.
  EXPECT_GT(walks.checked(), kWalks * kStepsPerWalk / 2);
  EXPECT_GT(walks.elections(), kWalks / 5);
  EXPECT_GT(walks.crashes_holding_a_vote(), kWalks / 10);
}

// The first non-conforming step of random walks of a buggy cluster.
std::string FirstNonConformance(Bug bug, uint32_t seed) {
  Walks walks(bug, seed);
  const absl::Status status = walks.Run(kWalks, kStepsPerWalk);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  return std::string(status.message());
}

// A lost durable vote shows at once when the crashed node voted for itself
// (nothing else records that vote), or at the second vote of the term when
// its Vote message had left (the model's vote is also the message).
TEST(RaftConformance, ForgettingTheVoteOnRestartIsNonConforming) {
  const std::string message = FirstNonConformance(Bug::kForgetVoteOnRestart, 2);
  EXPECT_THAT(message, ContainsRegex("^(Crash node [0-9]|Deliver RequestVote)"
                                     ".*: not a step of the raft model"));
  EXPECT_THAT(message, ContainsRegex("it changes voted: [-+]\\(n[0-9], "
                                     "t[0-9], n[0-9]\\)"));
}

// The Vote leaves, then the node crashes before its new term and vote reach
// disk: the model has that vote granted in a term the voter never entered.
TEST(RaftConformance, ReplyingBeforePersistingIsNonConforming) {
  const std::string message = FirstNonConformance(Bug::kReplyBeforePersist, 3);
  EXPECT_THAT(message,
              ContainsRegex("^(Deliver|Receive \\(copy stays\\)) RequestVote "
                            ".*then crash before persisting: not a step of "
                            "the raft model"));
  EXPECT_THAT(message, ContainsRegex("it changes voted: \\+\\(n[0-9], t[0-9], "
                                     "n[0-9]\\)"));
}

// The other way forget-vote-on-restart shows, step by step: node 1 votes
// for node 0 in term 1, crashes and forgets, then votes for node 2 in the
// same term.
TEST(RaftConformance, ASecondVoteInATermIsNonConforming) {
  Script script(Bug::kForgetVoteOnRestart);
  using core::raft::RequestVote;
  using core::raft::Timer;
  ASSERT_TRUE(script.Step(0, core::Timeout<Raft>{Timer::kElection}).ok());
  ASSERT_TRUE(script.Step(2, core::Timeout<Raft>{Timer::kElection}).ok());
  ASSERT_TRUE(
      script.Step(1, core::Receive<Raft>{0, RequestVote{1, 0, 0, false}}).ok());
  ASSERT_TRUE(script.Crash(1).ok()) << "the vote message still records it";
  ASSERT_TRUE(script.Step(1, core::Start{}).ok());
  const absl::Status status =
      script.Step(1, core::Receive<Raft>{2, RequestVote{1, 0, 0, false}});
  EXPECT_EQ(std::string(status.message()),
            "step of node 1: not a step of the raft model; it changes voted: "
            "+(n1, t1, n2)");
}

// What the election model cannot see: it has no logs, so granting a vote
// without the up-to-date check, committing an old term's entry, keeping
// entries after a conflict, and serving reads without a quorum all conform.
// Those bugs break log matching, leader completeness or linearizability,
// which only the model checker covers (model_check/raft_check_test.cc).
TEST(RaftConformance, LogAndReadBugsAreInvisibleToTheElectionModel) {
  for (Bug bug : {Bug::kVoteWithoutLogCheck, Bug::kCommitOldTerm,
                  Bug::kNoTruncateOnConflict, Bug::kReadWithoutQuorum}) {
    Walks walks(bug, 4);
    const absl::Status status = walks.Run(kWalks / 8, kStepsPerWalk);
    EXPECT_TRUE(status.ok()) << EnumName(bug) << ": " << status;
    if (bug == Bug::kVoteWithoutLogCheck) {
      EXPECT_GT(walks.stale_log_votes(), 0) << "the bug never acted";
    } else {
      EXPECT_EQ(walks.stale_log_votes(), 0) << EnumName(bug);
    }
  }
}

TEST(RaftConformance, ReportsTheEventAndTheDifferingField) {
  RaftConformance& conformance = SharedConformance();
  std::vector<core::raft::State> nodes(kNodes);
  nodes[1].term = 1;
  nodes[1].voted_for = 0;
  const RaftAbstractState pre(nodes);
  RaftAbstractState post = pre;
  nodes[1].voted_for = 2;  // a second vote in term 1
  post.RecordStep(1, core::Start{}, nodes[1]);
  const absl::Status status = conformance.Check(pre, post, "made-up event");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("made-up event: not a step of the raft model; it "
                        "changes voted: +(n1, t1, n2), -(n1, t1, n0)"));
}

TEST(RaftConformance, ReceivingAVoteAndBecomingLeaderIsOneStep) {
  RaftConformance& conformance = SharedConformance();
  std::vector<core::raft::State> nodes(kNodes);
  nodes[0].term = nodes[1].term = 1;
  nodes[0].voted_for = 0;
  nodes[1].voted_for = 0;
  nodes[0].role = core::raft::Role::kCandidate;
  nodes[0].votes = 1;
  RaftAbstractState pre(nodes);
  pre.RecordStep(0, core::Start{}, nodes[0]);
  pre.RecordMessage(1, 0, core::raft::Vote{1, true, false});
  RaftAbstractState post = pre;
  core::raft::State leader = nodes[0];
  leader.role = core::raft::Role::kLeader;
  leader.votes = 0;
  const core::Receive<Raft> vote{1, core::raft::Vote{1, true, false}};
  post.RecordStep(0, vote, leader);
  EXPECT_TRUE(post.Received(0, 1, 1));
  EXPECT_TRUE(conformance.Check(pre, post, "vote and lead").ok());

  // Without the deciding vote the candidate holds no quorum.
  RaftAbstractState usurper = pre;
  usurper.RecordStep(0, core::Start{}, leader);
  const absl::Status status = conformance.Check(pre, usurper, "lead");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("it changes leader: +(n0, t1)"));
}

TEST(RaftConformance, TermsBeyondTheInstanceAreRejected) {
  RaftConformance conformance(kNodes, 2);
  std::vector<core::raft::State> nodes(kNodes);
  const RaftAbstractState pre(nodes);
  nodes[2].term = 2;
  const RaftAbstractState post(nodes);
  EXPECT_EQ(conformance.Check(pre, post, "e").code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace stepwise::spec
