#include "spec/paxos_conformance.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::spec {
namespace {

using core::paxos::Bug;
using core::paxos::Config;
using core::paxos::Paxos;
using ::testing::HasSubstr;

// Sanitizers slow the step function and Z3 several times over.
#ifdef STEPWISE_SANITIZED
constexpr int kWalks = 75;
#else
constexpr int kWalks = 300;
#endif
constexpr int kStepsPerWalk = 40;

// Random walks of the C++ step function (client requests, retry timers,
// deliveries of any message ever sent, restarts), every step checked
// against the Z3 model. Run() returns the first non-conforming step's
// error, or OK.
class Walks {
 public:
  Walks(const Config& config, uint32_t seed)
      : config_(config), conformance_(config), rng_(seed) {}

  absl::Status Run(int walks, int steps) {
    for (int w = 0; w < walks; ++w) {
      view_ = PaxosView::Initial(config_);
      sent_.clear();
      for (int i = 0; i < steps; ++i) {
        if (absl::Status status = RandomStep(); !status.ok()) return status;
      }
    }
    return absl::OkStatus();
  }

  int checked() const { return checked_; }
  int learned_steps() const { return learned_steps_; }
  int adopted() const { return adopted_; }

 private:
  absl::Status RandomStep() {
    // Weighted towards deliveries so that ballots get as far as a decision;
    // restarts are rare.
    const size_t kind = Pick(40);
    if (kind < 4) {
      const core::NodeId node = Pick(config_.nodes);
      const core::paxos::Value value =
          static_cast<core::paxos::Value>(1 + Pick(config_.values));
      return Step(
          node,
          core::Request<Paxos>{
              .client = 1, .request_id = ++request_id_, .command = {value}},
          "Request " + std::to_string(value) + " at node " +
              std::to_string(node));
    }
    if (kind < 7) {
      const core::NodeId node = Pick(config_.proposers);
      return Step(node, core::Timeout<Paxos>{core::paxos::Timer::kRetry},
                  "Timeout kRetry at node " + std::to_string(node));
    }
    if (kind < 39) {
      if (sent_.empty()) return absl::OkStatus();
      // Half the time one of the latest few messages, so that ballots
      // complete; otherwise any message ever sent (loss, duplication,
      // reordering).
      const size_t index =
          Pick(2) == 0
              ? sent_.size() - 1 -
                    Pick(std::min<size_t>(sent_.size(), 2 * config_.nodes))
              : Pick(sent_.size());
      const auto& envelope = sent_[index];
      return Step(envelope.to,
                  core::Receive<Paxos>{envelope.from, envelope.message},
                  "Deliver " + MessageName(envelope.message) + " from node " +
                      std::to_string(envelope.from) + " to node " +
                      std::to_string(envelope.to));
    }
    const core::NodeId node = Pick(config_.nodes);
    const PaxosView pre = view_;
    view_.nodes[node] = Paxos::restart(config_, node, view_.nodes[node]);
    return Check(pre, "Restart node " + std::to_string(node));
  }

  static std::string MessageName(const core::paxos::Message& message) {
    switch (message.index()) {
      case 0:
        return "Prepare";
      case 1:
        return "Promise";
      case 2:
        return "Accept";
      default:
        return "Accepted";
    }
  }

  absl::Status Step(core::NodeId node, const core::Event<Paxos>& event,
                    const std::string& what) {
    const PaxosView pre = view_;
    core::Effects<Paxos> effects;
    Paxos::step(config_, node, view_.nodes[node], event, effects);
    view_.Record(config_, node, effects);
    for (const auto& send : effects.sends()) {
      sent_.push_back({node, send.to, send.message});
      if (const auto* accept = std::get_if<core::paxos::Accept>(&send.message);
          accept != nullptr && send.to == 0 &&
          view_.nodes[node].prior_ballot != core::paxos::kNoBallot) {
        ++adopted_;
      }
    }
    return Check(pre, what);
  }

  absl::Status Check(const PaxosView& pre, const std::string& what) {
    ++checked_;
    if (view_.learned != 0) ++learned_steps_;
    return conformance_.Check(pre, view_, what);
  }

  size_t Pick(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  Config config_;
  PaxosConformance conformance_;
  std::mt19937 rng_;
  PaxosView view_;
  std::vector<core::Envelope<Paxos>> sent_;
  core::RequestId request_id_ = 0;
  int checked_ = 0;
  int learned_steps_ = 0;
  int adopted_ = 0;
};

TEST(PaxosConformance, EveryStepOfTheCorrectProtocolIsAModelStep) {
  // Three acceptors get the most walks; two (a quorum of both) and four
  // (quorums of three, three values) fewer.
  const struct {
    Config config;
    int walks;
  } cases[] = {
      {{.nodes = 3, .proposers = 2, .values = 2, .ballots = 3}, kWalks},
      {{.nodes = 2, .proposers = 2, .values = 2, .ballots = 4}, kWalks / 3},
      {{.nodes = 4, .proposers = 2, .values = 3, .ballots = 4}, kWalks / 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.config.nodes);
    Walks walks(c.config, c.config.nodes);
    const absl::Status status = walks.Run(c.walks, kStepsPerWalk);
    EXPECT_TRUE(status.ok()) << status;
    // Deliveries before anything was sent are skipped, not checked.
    EXPECT_GT(walks.checked(), c.walks * kStepsPerWalk / 2);
    EXPECT_GT(walks.learned_steps(), 0) << "no walk learns a value";
    // A proposer adopting a reported vote (phase 2a's harder case) is rare
    // with quorums of three; the smaller clusters must show it.
    if (c.config.nodes <= 3) {
      EXPECT_GT(walks.adopted(), 0) << "no proposer adopts a reported vote";
    }
  }
}

// Each bug of core/paxos makes the code take a step the proved model does
// not: the event and the change are named.
TEST(PaxosConformance, EveryTextbookBugIsNonConforming) {
  const struct {
    Bug bug;
    const char* event;
    const char* change;
  } cases[] = {
      {Bug::kAcceptBelowPromise, "Deliver Accept", "phase2b: +"},
      {Bug::kIgnorePromisedVotes, "Deliver Promise", "phase2a: +"},
      {Bug::kHalfQuorum, "Deliver Promise", "phase2a: +"},
      {Bug::kVolatilePromise, "Restart node", "left: -"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(EnumName(c.bug));
    Walks walks(
        {.nodes = 3, .proposers = 2, .values = 2, .ballots = 3, .bug = c.bug},
        7);
    const absl::Status status = walks.Run(8 * kWalks, kStepsPerWalk);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.event));
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.change));
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("not a step of the paxos model"));
  }
}

TEST(PaxosConformance, ReportsTheDifferingField) {
  const Config config{.nodes = 2, .proposers = 1, .values = 2, .ballots = 2};
  PaxosConformance conformance(config);
  const PaxosView pre = PaxosView::Initial(config);
  PaxosView post = pre;
  post.nodes[1].voted_ballot = 1;  // a vote without an Accept
  post.nodes[1].voted_value = 2;
  const absl::Status status = conformance.Check(pre, post, "made-up event");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("made-up event: not a step of the paxos model; it "
                        "changes bal_at_least"));
}

}  // namespace
}  // namespace stepwise::spec
