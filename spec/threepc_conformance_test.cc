#include "spec/threepc_conformance.h"

#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/threepc/manifest.h"
#include "core/threepc/threepc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model_check/semantics.h"
#include "model_check/trace_format.h"

namespace stepwise::spec {
namespace {

using core::NodeId;
using core::threepc::Bug;
using core::threepc::ThreePhase;
using mc::ActionKind;
using ::testing::HasSubstr;

// Sanitizers slow the step function and Z3 several times over.
#ifdef STEPWISE_SANITIZED
constexpr int kWalks = 500;
#else
constexpr int kWalks = 4000;
#endif
constexpr int kStepsPerWalk = 60;
constexpr uint32_t kParticipants = 3;

// One checker per size for every walk: building it grounds the model.
// REQUIRES: 1 <= participants <= 4.
ThreePcConformance& SharedConformance(uint32_t participants) {
  static std::unique_ptr<ThreePcConformance> conformance[5];
  assert(participants >= 1 && participants <= 4);
  if (conformance[participants] == nullptr) {
    conformance[participants] =
        std::make_unique<ThreePcConformance>(participants);
  }
  return *conformance[participants];
}

// Skeen's setting as `stepwise check threepc` explores it (crash-stop,
// synchronous timers, ranked time-outs), with up to `crashes` crashes.
mc::Options WalkOptions(int32_t crashes) {
  mc::Options options;
  core::Manifest<ThreePhase>::DefaultCheckOptions(&options);
  options.crashes = crashes;
  return options;
}

// Random walks through the model checker's successors of a three-phase
// commit cluster (mc::Semantics, the explorer's own transition relation),
// every step checked against the Z3 model. Run() returns the first
// non-conforming step's error, or OK.
class Walks {
 public:
  Walks(Bug bug, uint32_t seed, uint32_t participants = kParticipants)
      : bug_(bug),
        participants_(participants),
        conformance_(SharedConformance(participants)),
        rng_(seed) {}

  absl::Status Run(int walks, int steps) {
    for (int walk = 0; walk < walks; ++walk) {
      if (absl::Status status = Walk(walk, steps); !status.ok()) return status;
    }
    return absl::OkStatus();
  }

  int checked() const { return checked_; }
  int rule_decisions() const { return rule_decisions_; }
  int rule_commits() const { return rule_commits_; }

 private:
  using Cluster = mc::Cluster<ThreePhase>;
  using Action = mc::Action<ThreePhase>;

  absl::Status Walk(int walk, int steps) {
    ThreePhase::Config config;
    config.participants = participants_;
    config.bug = bug_;
    mc::Semantics<ThreePhase> semantics(config, WalkOptions(walk % 4));
    Cluster cluster = semantics.InitialClusters().front();
    view_ = ThreePcView::Initial(participants_);
    std::vector<std::pair<Action, Cluster>> successors;
    for (int i = 0; i < steps && semantics.WithinBounds(cluster); ++i) {
      successors.clear();
      semantics.ForEachSuccessor(
          cluster, [&](const Action& action, Cluster&& next) {
            successors.emplace_back(action, std::move(next));
          });
      if (successors.empty()) break;
      auto& [action, next] = successors[Choose(successors)];
      if (absl::Status status = Follow(config, cluster, action, next);
          !status.ok()) {
        return status;
      }
      cluster = std::move(next);
    }
    return absl::OkStatus();
  }

  // Moves the view along the concrete step and checks it. In the crash
  // window before persist the successor holds only what the node kept:
  // the step is computed again and checked, then the crash.
  absl::Status Follow(const ThreePhase::Config& config, const Cluster& pre,
                      const Action& action, const Cluster& post) {
    std::optional<std::pair<NodeId, NodeId>> request;
    if ((action.kind == ActionKind::kDeliver ||
         action.kind == ActionKind::kReceive) &&
        std::holds_alternative<core::threepc::StateRequest>(
            action.envelope.message)) {
      request = {action.envelope.from, action.envelope.to};
    }
    const std::string event = mc::DescribeAction(action);
    if (action.crash_before_persist) {
      std::vector<core::threepc::State> states = post.states;
      std::vector<uint8_t> up = post.up;
      states[action.node] = pre.states[action.node];
      core::Effects<ThreePhase> effects;
      ThreePhase::step(config, action.node, states[action.node],
                       EventOf(action), effects);
      up[action.node] = 1;
      ThreePcView stepped =
          FollowStep(view_, states, up, post.network, request);
      if (absl::Status status = Check(stepped, event); !status.ok()) {
        return status;
      }
      request.reset();
    }
    return Check(FollowStep(view_, post.states, post.up, post.network, request),
                 event);
  }

  absl::Status Check(ThreePcView next, const std::string& event) {
    for (NodeId p = 1; p <= participants_; ++p) {
      // The rule ended p's round with a decision: abort, or pre-commit
      // everyone.
      if (!view_.nodes[p].collecting || next.nodes[p].collecting) continue;
      if (next.nodes[p].sending == core::threepc::Sending::kPreCommit) {
        ++rule_commits_;
        ++rule_decisions_;
      } else if (next.nodes[p].rm == core::threepc::RmState::kAborted) {
        ++rule_decisions_;
      }
    }
    ++checked_;
    absl::Status status = conformance_.Check(view_, next, event);
    view_ = std::move(next);
    return status;
  }

  static core::Event<ThreePhase> EventOf(const Action& action) {
    switch (action.kind) {
      case ActionKind::kDeliver:
      case ActionKind::kReceive:
        return core::Receive<ThreePhase>{action.envelope.from,
                                         action.envelope.message};
      case ActionKind::kTimeout:
        return core::Timeout<ThreePhase>{
            static_cast<core::threepc::Timer>(action.timer)};
      default:
        return core::Start{};
    }
  }

  // Crashes are rare (one step in 15 where one is possible), so that runs
  // get far enough for the termination rule to pre-commit and commit.
  size_t Choose(const std::vector<std::pair<Action, Cluster>>& successors) {
    std::vector<size_t> crashes, others;
    for (size_t i = 0; i < successors.size(); ++i) {
      (successors[i].first.kind == ActionKind::kCrash ? crashes : others)
          .push_back(i);
    }
    if (!crashes.empty() && (others.empty() || Pick(15) == 0)) {
      return crashes[Pick(crashes.size())];
    }
    return others[Pick(others.size())];
  }

  size_t Pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  Bug bug_;
  uint32_t participants_;
  ThreePcConformance& conformance_;
  std::mt19937 rng_;
  ThreePcView view_;
  int checked_ = 0;
  int rule_decisions_ = 0;
  int rule_commits_ = 0;
};

TEST(ThreePcConformance, EveryStepOfTheCorrectProtocolIsAModelStep) {
  Walks walks(Bug::kNone, 1);
  const absl::Status status = walks.Run(kWalks, kStepsPerWalk);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_GT(walks.checked(), kWalks * 8);
  // The walks reach the termination rule, both ways (measured: 45,903
  // steps, 328 decisions by the rule, 12 of them to pre-commit and commit).
  EXPECT_GT(walks.rule_decisions(), walks.rule_commits());
  EXPECT_GT(walks.rule_commits(), 0);
}

// Fewer walks at the other sizes: 2 participants (the smallest election)
// and 4 (longer broadcasts, more overlapping rounds).
TEST(ThreePcConformance, EveryStepConformsWithTwoAndFourParticipants) {
  for (uint32_t participants : {2u, 4u}) {
    Walks walks(Bug::kNone, participants, participants);
    const absl::Status status = walks.Run(kWalks / 4, kStepsPerWalk);
    EXPECT_TRUE(status.ok()) << participants << ": " << status;
    EXPECT_GT(walks.rule_decisions(), 0) << participants;
  }
}

// Each bug of core/threepc makes the code take a step the proved model
// does not: the event and the change are named.
TEST(ThreePcConformance, EveryBugIsNonConforming) {
  const struct {
    Bug bug;
    const char* event;
    const char* change;
  } cases[] = {
      {Bug::kCommitOnTimeout, "terminate", "uncertain -> committed"},
      {Bug::kSkipPreCommit, "", "tm: waiting -> committed"},
      {Bug::kAbortWhenUndecided, "collect", "-> aborted"},
      {Bug::kNoElection, "collect", ""},
  };
  for (const auto& c : cases) {
    Walks walks(c.bug, 7);
    const absl::Status status = walks.Run(kWalks, kStepsPerWalk);
    ASSERT_FALSE(status.ok()) << EnumName(c.bug);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.event))
        << EnumName(c.bug);
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.change))
        << EnumName(c.bug);
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("not a step of the threepc model"));
  }
}

TEST(ThreePcConformance, ReportsTheDifferingField) {
  ThreePcConformance conformance(2);
  const ThreePcView pre = ThreePcView::Initial(2);
  ThreePcView post = pre;
  post.nodes[2].rm = core::threepc::RmState::kCommitted;  // out of nowhere
  const absl::Status status = conformance.Check(pre, post, "made-up event");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("made-up event: not a step of the threepc model; it "
                        "changes rm: p2 working -> committed"));
}

}  // namespace
}  // namespace stepwise::spec
