#include "spec/twopc_conformance.h"

#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::spec {
namespace {

using core::twopc::Bug;
using core::twopc::Config;
using core::twopc::Timer;
using core::twopc::TwoPhase;
using ::testing::HasSubstr;

// Random schedules of the C++ step function (timers, deliveries of any
// message ever sent, crashes with restart), every step checked against the
// Z3 model. Returns the first non-conforming step's error, or OK.
class Schedules {
 public:
  Schedules(const Config& config, uint32_t seed)
      : config_(config), conformance_(config.rms), rng_(seed) {}

  absl::Status Run(int schedules, int steps) {
    for (int s = 0; s < schedules; ++s) {
      state_ = TwoPcAbstractState{};
      state_.nodes.assign(config_.rms + 1, core::twopc::State{});
      sent_.clear();
      for (core::NodeId node = 0; node <= config_.rms; ++node) {
        if (absl::Status status = Step(node, core::Start{}, "Start");
            !status.ok()) {
          return status;
        }
      }
      for (int i = 0; i < steps; ++i) {
        if (absl::Status status = RandomStep(); !status.ok()) return status;
      }
    }
    return absl::OkStatus();
  }

  int checked() const { return checked_; }
  int committed_steps() const { return committed_steps_; }

 private:
  absl::Status RandomStep() {
    // Weighted so that many runs get as far as a decision: giving up and
    // aborting are rarer than preparing and committing, crashes rarer still.
    const core::NodeId node = Pick(config_.rms + 1);
    const size_t kind = Pick(20);
    switch (kind < 10 ? 0 : kind < 19 ? 1 : 2) {
      case 0: {
        const size_t roll = Pick(20);
        const Timer timer = roll < 9    ? Timer::kPrepare
                            : roll < 18 ? Timer::kCommit
                            : roll < 19 ? Timer::kGiveUp
                                        : Timer::kAbort;
        return Step(node, core::Timeout<TwoPhase>{timer},
                    "Timeout " + std::string(EnumName(timer)) + " at node " +
                        std::to_string(node));
      }
      case 1: {
        if (sent_.empty()) return absl::OkStatus();
        const auto& envelope = sent_[Pick(sent_.size())];
        return Step(envelope.to,
                    core::Receive<TwoPhase>{envelope.from, envelope.message},
                    "Deliver to node " + std::to_string(envelope.to));
      }
      default: {
        const TwoPcAbstractState pre = state_;
        state_.nodes[node] =
            TwoPhase::restart(config_, node, state_.nodes[node]);
        return Step(node, core::Start{}, "Restart node " + std::to_string(node),
                    &pre);
      }
    }
  }

  absl::Status Step(core::NodeId node, const core::Event<TwoPhase>& event,
                    const std::string& what,
                    const TwoPcAbstractState* before = nullptr) {
    const TwoPcAbstractState pre = before ? *before : state_;
    core::Effects<TwoPhase> effects;
    TwoPhase::step(config_, node, state_.nodes[node], event, effects);
    state_.RecordSends(node, effects);
    for (const auto& send : effects.sends()) {
      sent_.push_back({node, send.to, send.message});
    }
    ++checked_;
    for (const core::twopc::State& state : state_.nodes) {
      if (state.rm == core::twopc::RmState::kCommitted) ++committed_steps_;
    }
    return conformance_.Check(pre, state_, what);
  }

  size_t Pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  Config config_;
  TwoPcConformance conformance_;
  std::mt19937 rng_;
  TwoPcAbstractState state_;
  std::vector<core::Envelope<TwoPhase>> sent_;
  int checked_ = 0;
  int committed_steps_ = 0;
};

TEST(TwoPcConformance, EveryStepOfTheCorrectProtocolIsAModelStep) {
  for (uint32_t rms : {1u, 2u, 3u}) {
    Schedules schedules({.rms = rms}, rms);
    const absl::Status status = schedules.Run(1000, 30);
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_GT(schedules.checked(), 25000);
    EXPECT_GT(schedules.committed_steps(), 0) << "no schedule commits";
  }
}

TEST(TwoPcConformance, EveryTextbookBugIsNonConforming) {
  const struct {
    Bug bug;
    const char* event;
    const char* change;
  } cases[] = {
      {Bug::kMajorityCommit, "Timeout kCommit at node 0",
       "tm_state: init -> committed"},
      {Bug::kAbortAfterPrepare, "Timeout kGiveUp", "prepared -> aborted"},
      {Bug::kVolatileDecision, "Restart node 0", " -> init"},
      {Bug::kVolatilePrepare, "Restart node", "prepared -> working"},
  };
  for (const auto& c : cases) {
    Schedules schedules({.rms = 3, .bug = c.bug}, 7);
    const absl::Status status = schedules.Run(2000, 30);
    ASSERT_FALSE(status.ok()) << EnumName(c.bug);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.event));
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.change));
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("not a step of the twopc model"));
  }
}

TEST(TwoPcConformance, ReportsTheDifferingField) {
  TwoPcConformance conformance(2);
  TwoPcAbstractState pre;
  pre.nodes.assign(3, core::twopc::State{});
  TwoPcAbstractState post = pre;
  post.nodes[2].rm = core::twopc::RmState::kCommitted;  // without a Commit
  const absl::Status status = conformance.Check(pre, post, "made-up event");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("made-up event: not a step of the twopc model; it "
                        "changes rm_state: rm2 working -> committed"));
}

}  // namespace
}  // namespace stepwise::spec
