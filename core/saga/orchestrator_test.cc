// The embeddable orchestrator, used as a host would: the five-step order
// flow against in-process services that keep their own records by key. A
// declined payment is compensated in reverse; a host that crashes after
// storing the log resumes without charging twice; a compensation that keeps
// failing parks the saga.

#include "core/saga/orchestrator.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stepwise::core::saga {
namespace {

// A host's service: applies each key once, and can be told to decline
// actions or to fail compensations.
struct FakeService {
  bool declines = false;
  bool undo_fails = false;
  std::map<uint32_t, KeyState> records;
  int applied = 0;
  int undone = 0;

  saga::Answer Handle(const StepCall& call) {
    auto it = records.find(call.key);
    if (call.op == Op::kAction) {
      if (it != records.end()) {
        return {call.op, call.key,
                it->second == KeyState::kApplied ? Outcome::kDone
                                                 : Outcome::kRefused};
      }
      records[call.key] = declines ? KeyState::kRefused : KeyState::kApplied;
      applied += declines ? 0 : 1;
      return {call.op, call.key, declines ? Outcome::kRefused : Outcome::kDone};
    }
    if (it == records.end() || it->second != KeyState::kApplied) {
      records[call.key] = KeyState::kVoid;  // nothing to undo
      return {call.op, call.key, Outcome::kDone};
    }
    if (undo_fails) return {call.op, call.key, Outcome::kFailed};
    it->second = KeyState::kCompensated;
    ++undone;
    return {call.op, call.key, Outcome::kDone};
  }
};

// The host: stores the log when asked, makes the calls, and remembers the
// order of the calls for the test.
struct Host {
  std::vector<FakeService> services = std::vector<FakeService>(kMaxSteps);
  State stored_log;
  std::vector<std::string> journal;

  // Carries out the orchestrator's last effects; answers come back at once.
  void Carry(Orchestrator& orchestrator) {
    if (orchestrator.must_persist()) stored_log = orchestrator.log();
    const std::vector<StepCall> calls = orchestrator.calls();
    for (const StepCall& call : calls) {
      journal.push_back(std::string(call.op == Op::kAction ? "do " : "undo ") +
                        std::string(kStepNames[call.step]));
      orchestrator.Answer(call.step, services[call.step].Handle(call));
      Carry(orchestrator);
    }
  }

  // Runs until the saga is over, firing the retry timer when nothing else
  // is left to do (at most `ticks` times).
  void Run(Orchestrator& orchestrator, int ticks = 16) {
    Carry(orchestrator);
    while (!orchestrator.done() && orchestrator.retry_armed() && ticks-- > 0) {
      orchestrator.Retry();
      Carry(orchestrator);
    }
  }
};

constexpr Config kOrderFlow{.steps = 5, .attempts = 2};

TEST(OrchestratorTest, TheOrderFlowCommits) {
  Host host;
  Orchestrator orchestrator(kOrderFlow);
  orchestrator.Start();
  host.Run(orchestrator);
  EXPECT_EQ(orchestrator.phase(), Phase::kCommitted);
  EXPECT_EQ(host.journal,
            (std::vector<std::string>{"do validate order", "do reserve stock",
                                      "do charge payment", "do create order",
                                      "do notify"}));
  EXPECT_EQ(host.stored_log.phase, Phase::kCommitted);
}

TEST(OrchestratorTest, ADeclinedPaymentIsCompensatedInReverse) {
  Host host;
  host.services[2].declines = true;  // charge payment
  Orchestrator orchestrator(kOrderFlow);
  orchestrator.Start();
  host.Run(orchestrator);
  EXPECT_EQ(orchestrator.phase(), Phase::kCompensated);
  EXPECT_EQ(host.journal,
            (std::vector<std::string>{"do validate order", "do reserve stock",
                                      "do charge payment", "undo reserve stock",
                                      "undo validate order"}));
  EXPECT_EQ(host.services[1].undone, 1);
  EXPECT_EQ(host.services[2].applied, 0);
}

TEST(OrchestratorTest, ARecoveredHostResumesWithoutChargingTwice) {
  Host host;
  Orchestrator first(kOrderFlow);
  first.Start();
  // The host stores the log before each call; the charge is applied, and
  // the host crashes before it hands the answer back.
  for (uint32_t step = 0; step < 3; ++step) {
    ASSERT_TRUE(first.must_persist());
    host.stored_log = first.log();
    const StepCall call = first.calls().at(0);
    const saga::Answer answer = host.services[call.step].Handle(call);
    if (step < 2) first.Answer(call.step, answer);
  }
  Orchestrator recovered = Orchestrator::Recover(kOrderFlow, host.stored_log);
  recovered.Start();
  EXPECT_EQ(recovered.calls(),
            (std::vector<StepCall>{{2, Op::kAction, Saga::Key({}, 0, 2)}}));
  host.Run(recovered);
  EXPECT_EQ(recovered.phase(), Phase::kCommitted);
  EXPECT_EQ(host.services[2].applied, 1);  // answered from its record
  EXPECT_EQ(host.services[4].applied, 1);
}

TEST(OrchestratorTest, ACompensationThatKeepsFailingParksTheSaga) {
  Host host;
  host.services[1].declines = true;    // reserve stock
  host.services[0].undo_fails = true;  // validate order cannot be undone
  Orchestrator orchestrator(kOrderFlow);
  orchestrator.Start();
  host.Run(orchestrator);
  EXPECT_EQ(orchestrator.phase(), Phase::kNeedsAttention);
  EXPECT_FALSE(orchestrator.retry_armed());
  EXPECT_EQ(host.journal, (std::vector<std::string>{
                              "do validate order", "do reserve stock",
                              "undo validate order", "undo validate order"}));
}

}  // namespace
}  // namespace stepwise::core::saga
