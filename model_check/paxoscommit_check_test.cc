// The model checker on Paxos Commit: its reachable states, seen through the
// TLA+ specification's variables, are exactly the specification's (the TLA+
// Examples' PaxosCommit.tla, counted independently); the default model
// (early timeouts, one failure and restart) is safe with every goal
// reached; with one node failing for good and timeouts that outlast
// messages, every RM that is up decides; each bug is caught with a trace
// that replays.

#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "core/paxoscommit/manifest.h"
#include "core/paxoscommit/paxoscommit.h"
#include "gtest/gtest.h"
#include "model_check/check_test_support.h"
#include "model_check/semantics.h"

namespace stepwise::mc {
namespace {

using core::paxoscommit::Bug;
using core::paxoscommit::PaxosCommit;

// One state as PaxosCommit.tla sees it: rmState per RM, then aState's
// (mbal, bal, val) per instance and acceptor, then msgs, each message as
// (type, instance, ballot, ballot, value, acceptor) with unused fields -2.
// A message sent to several nodes is one message of the specification.
using TlaMessage = std::tuple<int, int, int, int, int, int>;
using TlaState = std::pair<std::vector<int>, std::set<TlaMessage>>;

TlaState TlaView(const PaxosCommit::Config& config,
                 const Cluster<PaxosCommit>& cluster) {
  using namespace core::paxoscommit;
  TlaState view;
  for (uint32_t r = 0; r < config.rms; ++r) {
    view.first.push_back(
        static_cast<int>(cluster.states[PaxosCommit::FirstRm() + r].rm));
  }
  const NodeId first = PaxosCommit::FirstAcceptor(config);
  for (uint32_t i = 0; i < config.rms; ++i) {
    for (uint32_t a = 0; a < PaxosCommit::Acceptors(config); ++a) {
      const AcceptorSlot& slot = cluster.states[first + a].accepted[i];
      view.first.push_back(slot.promised);
      view.first.push_back(slot.voted_ballot);
      view.first.push_back(static_cast<int>(slot.voted));
    }
  }
  for (const auto& envelope : cluster.network) {
    const int acceptor =
        static_cast<int>(envelope.from) - static_cast<int>(first);
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, Phase1a>) {
            view.second.insert({1, m.instance, m.ballot, -2, -2, -2});
          } else if constexpr (std::is_same_v<M, Phase1b>) {
            view.second.insert({2, m.instance, m.ballot, m.voted_ballot,
                                static_cast<int>(m.voted), acceptor});
          } else if constexpr (std::is_same_v<M, Phase2a>) {
            view.second.insert(
                {3, m.instance, m.ballot, -2, static_cast<int>(m.value), -2});
          } else if constexpr (std::is_same_v<M, Phase2b>) {
            view.second.insert({4, m.instance, m.ballot, -2,
                                static_cast<int>(m.value), acceptor});
          } else if constexpr (std::is_same_v<M, Commit>) {
            view.second.insert({5, -2, -2, -2, -2, -2});
          } else {
            view.second.insert({6, -2, -2, -2, -2, -2});
          }
        },
        envelope.message);
  }
  return view;
}

// Explores every state of the core under TLA+'s network (messages stay and
// may be received again) and counts the distinct specification states they
// show. The core's own states are more (the leaders' promises and tallies,
// timers, who has received what): the count compares what the
// specification can see.
size_t DistinctTlaStates(const PaxosCommit::Config& config,
                         size_t* core_states) {
  Options options;
  options.network = Network::kMonotone;
  Semantics<PaxosCommit> semantics(config, options);
  std::unordered_set<std::string> seen;
  std::set<TlaState> tla;
  std::vector<Cluster<PaxosCommit>> frontier;
  for (auto& cluster : semantics.InitialClusters()) {
    if (seen.insert(Encode(cluster)).second) {
      tla.insert(TlaView(config, cluster));
      frontier.push_back(std::move(cluster));
    }
  }
  while (!frontier.empty()) {
    std::vector<Cluster<PaxosCommit>> next;
    for (const auto& cluster : frontier) {
      semantics.ForEachSuccessor(
          cluster,
          [&](const Action<PaxosCommit>&, Cluster<PaxosCommit>&& successor) {
            if (!seen.insert(Encode(successor)).second) return;
            tla.insert(TlaView(config, successor));
            next.push_back(std::move(successor));
          });
    }
    frontier = std::move(next);
  }
  *core_states = seen.size();
  return tla.size();
}

// The specification's states at sizes whose core state space a unit test
// can search, each counted independently by tools/tla/paxoscommit_states.py.
// That script reproduces TLC's figures for PaxosCommit.cfg (2 RMs, 3
// acceptors, ballots 0..1: 1,321,761 distinct states, from the TLA+
// Examples' manifest.json for specifications/transaction_commit), which
// tools/tla/paxoscommit_states_test.sh pins; at that size the core has
// more than 60 million states of its own, too many for a unit test.
TEST(PaxosCommitCheckTest, SpecificationStatesMatchTheIndependentCount) {
  struct Case {
    PaxosCommit::Config config;
    size_t tla_states;
  };
  const Case cases[] = {
      // 1 RM, 1 acceptor (F = 0), ballots 0..1.
      {{.rms = 1, .faults = 0, .ballots = 2}, 45},
      // 1 RM, 3 acceptors, ballots 0..1.
      {{.rms = 1, .faults = 1, .ballots = 2}, 1461},
      // 2 RMs, 3 acceptors, ballot 0 only.
      {{.rms = 2, .faults = 1, .ballots = 1}, 545},
      // 2 RMs, 1 acceptor, ballots 0..1.
      {{.rms = 2, .faults = 0, .ballots = 2}, 1425},
  };
  for (const Case& c : cases) {
    size_t core_states = 0;
    EXPECT_EQ(DistinctTlaStates(c.config, &core_states), c.tla_states)
        << c.config.rms << " RMs, " << PaxosCommit::Acceptors(c.config)
        << " acceptors, " << c.config.ballots << " ballots";
    EXPECT_GT(core_states, c.tla_states);
  }
}

Options DefaultOptions() { return core::DefaultCheckOptions<PaxosCommit>(); }

void ExpectEveryGoal(const Result<PaxosCommit>& result,
                     const std::string& what) {
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached || !goal.not_applicable.empty())
        << what << ": " << goal.name;
  }
}

// Any one node fails for good, the TM included, and every RM that is up
// still decides; with no failure, with two, and with links that reorder,
// it stays safe.
TEST(PaxosCommitCheckTest, NonBlockingWhenAnyOneNodeFailsForGood) {
  const auto result = CheckQuietly<PaxosCommit>({}, DefaultOptions());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.liveness_checked, std::vector<std::string>{"non-blocking"});
  ExpectEveryGoal(result, "default");
  for (const auto& goal : result.goals) {
    if (goal.name == "committed-without-tm") {
      EXPECT_TRUE(goal.reached);
    }
  }
  Options options = DefaultOptions();
  options.crashes = 0;
  EXPECT_EQ(CheckQuietly<PaxosCommit>({}, options).verdict, Verdict::kOk);
#ifndef STEPWISE_SANITIZED
  options.crashes = 2;
  options.liveness = core::LivenessMode::kOff;
  EXPECT_EQ(CheckQuietly<PaxosCommit>({}, options).verdict, Verdict::kOk);
  options.crashes = 1;
  options.network = Network::kReliable;
  EXPECT_EQ(CheckQuietly<PaxosCommit>({}, options).verdict, Verdict::kOk);
#endif
}

// Timeouts that fire early, one RM: safe, every goal reached; but a leader
// that fails after its promises can leave the other without a higher
// ballot, so termination is not promised there.
TEST(PaxosCommitCheckTest, EarlyTimeoutsStaySafeButMayBlock) {
  const PaxosCommit::Config one_rm{.rms = 1, .ballots = 2};
  Options options;
  options.crashes = 1;
  options.liveness = core::LivenessMode::kOff;
  const auto result = CheckQuietly<PaxosCommit>(one_rm, options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  ExpectEveryGoal(result, "early timeouts");
  options.crash_stop = true;
  options.liveness = core::LivenessMode::kOn;
  const auto blocked = CheckQuietly<PaxosCommit>(one_rm, options);
  ASSERT_EQ(blocked.verdict, Verdict::kViolation);
  EXPECT_EQ(blocked.violation->property, "non-blocking");
}

TEST(PaxosCommitCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  // A recovery that ignores a reported vote, even in the default model.
  ExpectCaughtWithReplay<PaxosCommit>({.bug = Bug::kIgnoreReportedVotes},
                                      DefaultOptions(), "instances-agree",
                                      "ignore-reported-votes");
  // The others need a ballot that races with ballot 0's votes.
  Options early;
  early.crashes = 1;
  early.liveness = core::LivenessMode::kOff;
  const PaxosCommit::Config one_rm{.rms = 1, .ballots = 2};
  for (const Bug bug : {Bug::kFPlusOneAcceptors, Bug::kIgnoreReportedVotes,
                        Bug::kVolatileAcceptor}) {
    PaxosCommit::Config config = one_rm;
    config.bug = bug;
    ExpectCaughtWithReplay<PaxosCommit>(config, early, "consistency",
                                        std::string(EnumName(bug)));
  }
}

}  // namespace
}  // namespace stepwise::mc
