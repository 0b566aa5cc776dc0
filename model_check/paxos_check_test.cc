// The model checker on the Paxos core: its reachable states, seen through
// the TLA+ specification's variables, are exactly the specification's (the
// TLA+ Examples' Paxos.tla, counted independently); the default model is
// safe and not vacuous; each textbook bug is caught with a trace that
// replays; one proposer whose timeouts outlast its messages always gets a
// value chosen, and one whose timeouts are too short may not.

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "core/paxos/invariants.h"
#include "core/paxos/manifest.h"
#include "core/paxos/paxos.h"
#include "gtest/gtest.h"
#include "model_check/explore.h"
#include "model_check/json.h"
#include "model_check/listed_traces.h"
#include "model_check/replay.h"
#include "model_check/semantics.h"

namespace stepwise::mc {
namespace {

using core::paxos::Accept;
using core::paxos::Accepted;
using core::paxos::Bug;
using core::paxos::Paxos;
using core::paxos::Prepare;
using core::paxos::Promise;

// One state as Paxos.tla sees it: maxBal, maxVBal and maxVal per acceptor,
// then msgs, each message as (type, acceptor, ballot, ballot, value) with
// unused fields -2. A message sent to every acceptor or learner is one
// message of the specification, as it is there.
using TlaMessage = std::tuple<int, int, int, int, int>;
using TlaState = std::pair<std::vector<int>, std::set<TlaMessage>>;

TlaState TlaView(const Cluster<Paxos>& cluster) {
  TlaState view;
  for (const auto& node : cluster.states) {
    view.first.push_back(node.promised);
    view.first.push_back(node.voted_ballot);
    view.first.push_back(static_cast<int>(node.voted_value));
  }
  for (const auto& envelope : cluster.network) {
    const int from = static_cast<int>(envelope.from);
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, Prepare>) {
            view.second.insert({1, -2, m.ballot, -2, -2});
          } else if constexpr (std::is_same_v<M, Promise>) {
            view.second.insert({2, from, m.ballot, m.voted_ballot,
                                static_cast<int>(m.voted_value)});
          } else if constexpr (std::is_same_v<M, Accept>) {
            view.second.insert(
                {3, -2, m.ballot, -2, static_cast<int>(m.value)});
          } else {
            view.second.insert(
                {4, from, m.ballot, -2, static_cast<int>(m.value)});
          }
        },
        envelope.message);
  }
  return view;
}

// Explores every state of the core under TLA+'s network (messages stay and
// may be received again) with `requests` client requests, and counts the
// distinct specification states they show. The core's own states are more
// (a proposer's promises, a learner's tally, clients): the count compares
// what the specification can see.
size_t DistinctTlaStates(const Paxos::Config& config, int requests,
                         size_t* core_states) {
  Options options;
  options.network = Network::kMonotone;
  options.requests = requests;
  Semantics<Paxos> semantics(config, options);
  std::unordered_set<std::string> seen;
  std::set<TlaState> tla;
  std::vector<Cluster<Paxos>> frontier;
  for (auto& cluster : semantics.InitialClusters()) {
    if (seen.insert(Encode(cluster)).second) {
      tla.insert(TlaView(cluster));
      frontier.push_back(std::move(cluster));
    }
  }
  while (!frontier.empty()) {
    std::vector<Cluster<Paxos>> next;
    for (const auto& cluster : frontier) {
      semantics.ForEachSuccessor(
          cluster, [&](const Action<Paxos>&, Cluster<Paxos>&& successor) {
            if (!seen.insert(Encode(successor)).second) return;
            tla.insert(TlaView(successor));
            next.push_back(std::move(successor));
          });
    }
    frontier = std::move(next);
  }
  *core_states = seen.size();
  return tla.size();
}

// The specification's states at sizes whose core state space a unit test
// can search, each counted independently by tools/tla/paxos_states.py. That
// script reproduces TLC's figure for MCPaxosTiny (3 acceptors, 2 values,
// ballots 0..1: 3,921 distinct states, from the TLA+ Examples' manifest.json
// for specifications/PaxosHowToWinATuringAward), which
// tools/tla/paxos_states_test.sh pins; the core needs some 10^8 states of
// its own to show those 3,921. Two requests let each ballot's proposer be
// asked for either value, as Phase2a(b, v) may pick any v.
TEST(PaxosCheckTest, SpecificationStatesMatchTheIndependentCount) {
  struct Case {
    Paxos::Config config;
    size_t tla_states;
  };
  const Case cases[] = {
      // 2 acceptors (both must vote), 2 values, ballots 0..1.
      {{.nodes = 2, .proposers = 2, .values = 2, .ballots = 2}, 145},
      // 2 acceptors, 1 value, ballots 0..1.
      {{.nodes = 2, .proposers = 2, .values = 1, .ballots = 2}, 81},
      // 3 acceptors, 2 values, ballot 0 only.
      {{.nodes = 3, .proposers = 2, .values = 2, .ballots = 1}, 73},
  };
  for (const Case& c : cases) {
    size_t core_states = 0;
    EXPECT_EQ(DistinctTlaStates(c.config, 2, &core_states), c.tla_states)
        << c.config.nodes << " nodes, " << c.config.values << " values, "
        << c.config.ballots << " ballots";
    EXPECT_GT(core_states, c.tla_states);
  }
}

Result<Paxos> Check(const Paxos::Config& config, Options options) {
  options.quiet = true;
  return Explore<Paxos>(config, options);
}

Options DefaultOptions() { return core::DefaultCheckOptions<Paxos>(); }

TEST(PaxosCheckTest, DefaultModelIsSafeAndReachesEveryGoal) {
  const auto result = Check(core::DefaultConfig<Paxos>(), DefaultOptions());
  EXPECT_EQ(result.verdict, Verdict::kOk);
  for (const auto& goal : result.goals) {
    EXPECT_TRUE(goal.reached) << goal.name;
  }
}

void ExpectCaught(const Paxos::Config& config, const Options& options,
                  const std::string& property) {
  const auto result = Check(config, options);
  ASSERT_EQ(result.verdict, Verdict::kViolation) << EnumName(config.bug);
  EXPECT_EQ(result.violation->property, property) << EnumName(config.bug);
  const Json json = TraceJson<Paxos>(config, options, result.violation->trace,
                                     &*result.violation);
  EXPECT_EQ(Replay<Paxos>(json).exit_code, 1) << EnumName(config.bug);
}

TEST(PaxosCheckTest, EveryBugIsCaughtWithATraceThatReplays) {
  // Two proposers with a ballot each, asked for different values.
  Options options = DefaultOptions();
  options.requests = 2;
  const Paxos::Config duel{.ballots = 2};
  Paxos::Config config = duel;
  config.bug = Bug::kAcceptBelowPromise;
  ExpectCaught(config, options, "agreement");
  config.bug = Bug::kIgnorePromisedVotes;
  ExpectCaught(config, options, "agreement");
  config.nodes = 2;
  config.bug = Bug::kHalfQuorum;
  ExpectCaught(config, options, "agreement");
  // An acceptor forgets a promise when it restarts. Ordered links and
  // timeouts that outlast messages keep the search small.
  options.crashes = 1;
  options.network = Network::kOrdered;
  options.synchronous_timers = true;
  config = duel;
  config.bug = Bug::kVolatilePromise;
  ExpectCaught(config, options, "agreement");
}

// With one proposer and timeouts longer than message delays, every request
// ends in a chosen value; a crash makes it start its second ballot.
TEST(PaxosCheckTest, ASingleProposerAlwaysGetsAValueChosen) {
  Options options = DefaultOptions();
  options.requests = 2;
  options.crashes = 1;
  options.synchronous_timers = true;
  options.liveness = core::LivenessMode::kOn;
  const auto result = Check(core::DefaultConfig<Paxos>(), options);
  EXPECT_EQ(result.verdict, Verdict::kOk);
  EXPECT_EQ(result.liveness_checked,
            std::vector<std::string>{"eventually-chosen"});
}

// A proposer whose timeouts are shorter than its messages' delays abandons
// each ballot before it can finish, until the model's ballots run out: the
// liveness checker finds the lasso. (Two such proposers duel the same way.)
TEST(PaxosCheckTest, TimeoutsShorterThanMessagesAreALivenessCounterexample) {
  Options options = DefaultOptions();
  options.liveness = core::LivenessMode::kOn;
  const auto result = Check(core::DefaultConfig<Paxos>(), options);
  ASSERT_EQ(result.verdict, Verdict::kViolation);
  EXPECT_EQ(result.violation->kind, ViolationKind::kLiveness);
  EXPECT_EQ(result.violation->property, "eventually-chosen");
}

}  // namespace
}  // namespace stepwise::mc
