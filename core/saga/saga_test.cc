// The saga orchestrator and its services, one step at a time: the order of
// actions and compensations, retries and back-off, idempotency keys, the
// log persisted before each call, restarts, needs-attention, each bug's
// effect on the step that carries it, and the invariants on hand-built
// clusters.

#include "core/saga/saga.h"

#include <variant>
#include <vector>

#include "core/saga/invariants.h"
#include "core/test_node.h"
#include "gtest/gtest.h"

namespace stepwise::core::saga {
namespace {

using Fx = Effects<Saga>;
using Node = TestNode<Saga>;

// The one call the last step sent, checked against `op`, `to` and `key`.
void ExpectCall(const Node& node, Op op, NodeId to, uint32_t key) {
  ASSERT_EQ(node.effects.sends().size(), 1u);
  EXPECT_EQ(node.effects.sends()[0].to, to);
  const Call& call = Sent<Call>(node.effects, 0);
  EXPECT_EQ(call.op, op);
  EXPECT_EQ(call.key, key);
}

Answer Done(Op op, uint32_t key) { return {op, key, Outcome::kDone}; }

// An orchestrator started and answered `done` for the first `done` steps.
Node RunSteps(Config config, uint32_t done) {
  Node node(kOrchestrator, config);
  node.Step(Start{});
  for (uint32_t step = 0; step < done; ++step) {
    node.Receive(step + 1, Done(Op::kAction, step + 1));
  }
  return node;
}

TEST(SagaTest, ValidateNamesWhatIsWrong) {
  EXPECT_EQ(Saga::Validate({}), "");
  EXPECT_EQ(Saga::Validate({.steps = 5, .attempts = 4}), "");
  EXPECT_NE(Saga::Validate({.steps = 0}), "");
  EXPECT_NE(Saga::Validate({.steps = 6}), "");
  EXPECT_NE(Saga::Validate({.attempts = 0}), "");
  EXPECT_NE(Saga::Validate({.attempts = 5}), "");
}

TEST(SagaTest, KeysNameTheRunAndTheStep) {
  EXPECT_EQ(Saga::Key({}, 0, 0), 1u);
  EXPECT_EQ(Saga::Key({}, 0, 2), 3u);
  EXPECT_EQ(Saga::Key({}, 1, 0), 11u);
  EXPECT_EQ(Saga::Key({.bug = Bug::kNoIdempotencyKey}, 0, 2), 0u);
}

TEST(SagaTest, TheFirstCallIsLoggedBeforeItLeaves) {
  Node node(kOrchestrator);
  node.Step(Start{});
  ExpectCall(node, Op::kAction, 1, 1);
  EXPECT_TRUE(node.effects.persisted());
  EXPECT_FALSE(node.effects.output_before_persist());
  EXPECT_EQ(node.state.attempts, 1u);
  EXPECT_EQ(node.effects.timers_set(), Fx::Bit(Timer::kRetry));
}

TEST(SagaTest, ActionsRunInOrderAndTheLastOneCommits) {
  Node node = RunSteps({}, 2);
  ExpectCall(node, Op::kAction, 3, 3);
  EXPECT_EQ(node.state.step, 2u);
  node.Receive(3, Done(Op::kAction, 3));
  EXPECT_EQ(node.state.phase, Phase::kCommitted);
  EXPECT_TRUE(node.effects.persisted());
  EXPECT_TRUE(node.effects.sends().empty());
  EXPECT_EQ(node.effects.timers_cancelled(), Fx::Bit(Timer::kRetry));
}

TEST(SagaTest, ARefusalCompensatesTheStepsBeforeItLastFirst) {
  Node node = RunSteps({}, 2);
  node.Receive(3, Answer{Op::kAction, 3, Outcome::kRefused});
  EXPECT_EQ(node.state.phase, Phase::kCompensating);
  ExpectCall(node, Op::kCompensate, 2, 2);  // step 1 first, then step 0
  node.Receive(2, Done(Op::kCompensate, 2));
  ExpectCall(node, Op::kCompensate, 1, 1);
  node.Receive(1, Done(Op::kCompensate, 1));
  EXPECT_EQ(node.state.phase, Phase::kCompensated);
}

TEST(SagaTest, ARefusedFirstStepHasNothingToCompensate) {
  Node node = RunSteps({}, 0);
  node.Receive(1, Answer{Op::kAction, 1, Outcome::kRefused});
  EXPECT_EQ(node.state.phase, Phase::kCompensated);
  EXPECT_TRUE(node.effects.sends().empty());
}

TEST(SagaTest, StaleAndDuplicateAnswersAreIgnored) {
  Node node = RunSteps({}, 1);
  const State before = node.state;
  node.Receive(1, Done(Op::kAction, 1));      // the previous step again
  node.Receive(2, Done(Op::kCompensate, 2));  // not what was asked
  node.Receive(2, Done(Op::kAction, 12));     // another run's key
  node.Receive(3, Done(Op::kAction, 2));      // the wrong service
  EXPECT_EQ(node.state, before);
  EXPECT_TRUE(node.effects.empty());
}

TEST(SagaTest, ARetryResendsUnderTheSameKeyAfterABackOff) {
  Node node = RunSteps({.attempts = 3}, 0);
  node.Fire(Timer::kRetry);  // no back-off before the second attempt
  ExpectCall(node, Op::kAction, 1, 1);
  EXPECT_EQ(node.state.attempts, 2u);
  EXPECT_TRUE(node.effects.persisted());
  node.Fire(Timer::kRetry);  // one tick of back-off before the third
  EXPECT_TRUE(node.effects.sends().empty());
  EXPECT_EQ(node.effects.timers_set(), Fx::Bit(Timer::kRetry));
  node.Fire(Timer::kRetry);
  ExpectCall(node, Op::kAction, 1, 1);
  EXPECT_EQ(node.state.attempts, 3u);
}

TEST(SagaTest, AnActionThatNeverAnsweredIsCompensatedToo) {
  Node node = RunSteps({}, 1);
  node.Fire(Timer::kRetry);
  node.Fire(Timer::kRetry);  // both attempts of step 1 unanswered
  EXPECT_EQ(node.state.phase, Phase::kCompensating);
  EXPECT_EQ(node.state.last, 1u);
  ExpectCall(node, Op::kCompensate, 2, 2);
}

TEST(SagaTest, ACompensationThatKeepsFailingNeedsAttention) {
  Node node = RunSteps({}, 1);
  node.Receive(2, Answer{Op::kAction, 2, Outcome::kRefused});
  ExpectCall(node, Op::kCompensate, 1, 1);
  node.Receive(1, Answer{Op::kCompensate, 1, Outcome::kFailed});
  EXPECT_TRUE(node.effects.empty());  // the retry timer resends
  node.Fire(Timer::kRetry);
  ExpectCall(node, Op::kCompensate, 1, 1);
  node.Receive(1, Answer{Op::kCompensate, 1, Outcome::kFailed});
  EXPECT_EQ(node.state.phase, Phase::kNeedsAttention);
  node.Fire(Timer::kRetry);
  EXPECT_TRUE(node.effects.empty());  // parked: no more calls
}

TEST(SagaTest, ARestartResumesTheLoggedCallUnderTheSameKey) {
  Node node = RunSteps({}, 2);
  node.state = Saga::restart(node.config, kOrchestrator, node.state);
  EXPECT_EQ(node.state.step, 2u);
  EXPECT_EQ(node.state.boots, 1u);
  node.Step(Start{});
  ExpectCall(node, Op::kAction, 3, 3);
  EXPECT_EQ(node.state.attempts, 1u);  // the logged attempt, not a new one
}

TEST(SagaTest, ARestartedFinishedSagaStaysFinished) {
  Node node = RunSteps({}, 3);
  node.state = Saga::restart(node.config, kOrchestrator, node.state);
  node.Step(Start{});
  EXPECT_EQ(node.state.phase, Phase::kCommitted);
  EXPECT_EQ(node.state.boots, 0u);  // nothing was resumed
  EXPECT_TRUE(node.effects.empty());
}

// --- Services ---------------------------------------------------------------

Node Service(Config config = {}) { return Node(1, config); }

// Service 1 receives `op` under key 1.
void Ask(Node& service, Op op) { service.Receive(kOrchestrator, Call{op, 1}); }
Outcome Answered(const Node& service) {
  return Sent<Answer>(service.effects, 0).outcome;
}

// Service 1 after it applied the action of key 1.
Node AppliedService() {
  Node service = Service();
  Ask(service, Op::kAction);
  service.Fire(Timer::kSucceed);
  return service;
}

TEST(SagaTest, AServiceDecidesANewCallWhenTheEnvironmentSays) {
  Node service = Service();
  service.Receive(kOrchestrator, Call{Op::kAction, 1});
  EXPECT_EQ(service.state.pending, Op::kAction);
  EXPECT_EQ(service.effects.timers_set(),
            Fx::Bit(Timer::kSucceed) | Fx::Bit(Timer::kFail));
  service.Fire(Timer::kSucceed);
  EXPECT_EQ(service.state.applied, 1u);
  EXPECT_EQ(service.state.records,
            (std::vector<Record>{{1, KeyState::kApplied}}));
  EXPECT_FALSE(service.effects.output_before_persist());
  EXPECT_EQ(Sent<Answer>(service.effects, 0), Done(Op::kAction, 1));
}

TEST(SagaTest, AServiceThatMayNotRefuseArmsOnlySuccess) {
  Node service = Service({.refusals = false});
  service.Receive(kOrchestrator, Call{Op::kAction, 1});
  EXPECT_EQ(service.effects.timers_set(), Fx::Bit(Timer::kSucceed));
}

TEST(SagaTest, ARepeatedKeyIsAnsweredFromTheRecordAndAppliedOnce) {
  Node service = Service();
  Ask(service, Op::kAction);
  Ask(service, Op::kAction);  // busy: dropped
  EXPECT_TRUE(service.effects.empty());
  service.Fire(Timer::kSucceed);
  Ask(service, Op::kAction);
  EXPECT_EQ(Sent<Answer>(service.effects, 0), Done(Op::kAction, 1));
  EXPECT_EQ(service.state.applied, 1u);
}

TEST(SagaTest, ARefusalIsRecordedAndRepeated) {
  Node service = Service();
  Ask(service, Op::kAction);
  service.Fire(Timer::kFail);
  EXPECT_EQ(Answered(service), Outcome::kRefused);
  Ask(service, Op::kAction);
  EXPECT_EQ(Answered(service), Outcome::kRefused);
  EXPECT_EQ(service.state.applied, 0u);
}

TEST(SagaTest, ACompensationUndoesOnceAndMayFail) {
  Node service = AppliedService();
  Ask(service, Op::kCompensate);
  service.Fire(Timer::kFail);
  EXPECT_EQ(Answered(service), Outcome::kFailed);
  EXPECT_EQ(service.state.undone, 0u);
  Ask(service, Op::kCompensate);
  service.Fire(Timer::kSucceed);
  EXPECT_EQ(service.state.undone, 1u);
  Ask(service, Op::kCompensate);
  EXPECT_EQ(Sent<Answer>(service.effects, 0), Done(Op::kCompensate, 1));
  EXPECT_EQ(service.state.undone, 1u);
  Ask(service, Op::kAction);  // too late
  EXPECT_EQ(Answered(service), Outcome::kRefused);
  EXPECT_EQ(service.state.applied, 1u);
}

TEST(SagaTest, ACompensationBeforeItsActionVoidsTheKey) {
  Node service = Service();
  Ask(service, Op::kCompensate);
  EXPECT_EQ(Sent<Answer>(service.effects, 0), Done(Op::kCompensate, 1));
  EXPECT_EQ(service.state.records, (std::vector<Record>{{1, KeyState::kVoid}}));
  Ask(service, Op::kAction);
  EXPECT_EQ(Answered(service), Outcome::kRefused);
  EXPECT_EQ(service.state.applied, 0u);
}

TEST(SagaTest, ACompensationCancelsTheActionBeingDecided) {
  Node service = Service();
  Ask(service, Op::kAction);
  Ask(service, Op::kCompensate);
  EXPECT_EQ(service.state.pending, Op::kNone);
  EXPECT_EQ(service.effects.timers_cancelled(),
            Fx::Bit(Timer::kSucceed) | Fx::Bit(Timer::kFail));
  service.Fire(Timer::kSucceed);  // a stale firing changes nothing
  EXPECT_EQ(service.state.applied, 0u);
}

TEST(SagaTest, AServiceOutOfRecordsRefusesNewKeys) {
  Node service = Service();
  for (uint32_t run = 0; run < kMaxRecords; ++run) {
    service.state.records.push_back({Saga::Key({}, run, 0), KeyState::kVoid});
  }
  service.Receive(kOrchestrator, Call{Op::kAction, Saga::Key({}, 9, 0)});
  EXPECT_EQ(Answered(service), Outcome::kRefused);
  service.Receive(kOrchestrator, Call{Op::kCompensate, Saga::Key({}, 9, 0)});
  EXPECT_EQ(Answered(service), Outcome::kDone);
  EXPECT_EQ(service.state.records.size(), kMaxRecords);
}

TEST(SagaTest, AServiceRestartKeepsItsRecordsAndLosesItsDecision) {
  Node service = AppliedService();
  Ask(service, Op::kCompensate);
  const State after = Saga::restart(service.config, 1, service.state);
  EXPECT_EQ(after.records, service.state.records);
  EXPECT_EQ(after.applied, 1u);
  EXPECT_EQ(after.pending, Op::kNone);
}

// --- Bugs -----------------------------------------------------------------

TEST(SagaTest, ForwardCompensationBugStartsFromTheFirstStep) {
  Node node = RunSteps({.bug = Bug::kForwardCompensation}, 2);
  node.Receive(3, Answer{Op::kAction, 3, Outcome::kRefused});
  ExpectCall(node, Op::kCompensate, 1, 1);
  node.Receive(1, Done(Op::kCompensate, 1));
  ExpectCall(node, Op::kCompensate, 2, 2);
}

TEST(SagaTest, WithoutAKeyARetriedActionIsAppliedTwice) {
  Node service = Service({.bug = Bug::kNoIdempotencyKey});
  for (int i = 0; i < 2; ++i) {
    service.Receive(kOrchestrator, Call{Op::kAction, 0});
    service.Fire(Timer::kSucceed);
  }
  EXPECT_EQ(service.state.applied, 2u);
  EXPECT_TRUE(service.state.records.empty());
}

TEST(SagaTest, ForgetLogPositionBugRunsTheSagaAgainUnderNewKeys) {
  const Config config{.bug = Bug::kForgetLogPosition};
  Node node = RunSteps(config, 3);
  node.state = Saga::restart(config, kOrchestrator, node.state);
  EXPECT_EQ(node.state.phase, Phase::kRunning);
  node.Step(Start{});
  ExpectCall(node, Op::kAction, 1, 11);
}

// --- Invariants -------------------------------------------------------------

struct Cluster {
  Config config;
  std::vector<State> nodes;
  std::vector<uint8_t> up;
  std::vector<Envelope<Saga>> in_flight;
  explicit Cluster(Config c)
      : config(c), nodes(c.steps + 1), up(c.steps + 1, 1) {}
  View view() const { return {config, nodes, up, in_flight}; }
  State& service(uint32_t step) { return nodes[step + 1]; }
};

TEST(SagaTest, ReverseOrderFailsWhenAnEarlierStepIsUndoneFirst) {
  Cluster c({});
  c.service(0).applied = 1;
  c.service(1).applied = 1;
  EXPECT_TRUE(ReverseOrder(c.view()));
  c.service(1).undone = 1;
  EXPECT_TRUE(ReverseOrder(c.view()));
  c.service(1).undone = 0;
  c.service(0).undone = 1;
  EXPECT_FALSE(ReverseOrder(c.view()));
}

TEST(SagaTest, AtomicityIsJudgedAtRestOnTheServices) {
  Cluster c({.steps = 2});
  c.nodes[kOrchestrator].phase = Phase::kCommitted;
  c.service(0).applied = 1;
  EXPECT_FALSE(SemanticAtomicity(c.view()));  // the log claims too much
  c.in_flight.push_back({kOrchestrator, 2, Call{Op::kAction, 2}});
  EXPECT_TRUE(SemanticAtomicity(c.view()));  // not at rest
  c.in_flight.clear();
  c.service(1).applied = 1;
  EXPECT_TRUE(SemanticAtomicity(c.view()));
  c.nodes[kOrchestrator].phase = Phase::kCompensated;
  c.service(0).undone = 1;
  EXPECT_FALSE(SemanticAtomicity(c.view()));
  c.nodes[kOrchestrator].phase = Phase::kNeedsAttention;
  EXPECT_TRUE(SemanticAtomicity(c.view()));  // a person takes over
}

TEST(SagaTest, AtMostOnceAndOnlyWhatRanReadTheCounts) {
  Cluster c({.steps = 1});
  c.service(0).undone = 1;
  EXPECT_FALSE(CompensatesOnlyWhatRan(c.view()));
  c.service(0).applied = 2;
  EXPECT_TRUE(CompensatesOnlyWhatRan(c.view()));
  EXPECT_FALSE(AppliedAtMostOnce(c.view()));
}

}  // namespace
}  // namespace stepwise::core::saga
