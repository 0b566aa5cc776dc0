// Unit tests for the two-phase commit step function: one test per transition,
// each named after the rule it checks (Gray & Lamport, "Consensus on
// Transaction Commit"; TwoPhase.tla). Node 0 is the TM, nodes 1..3 the RMs.

#include "core/twopc/twopc.h"

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::core::twopc {

// Readable failure messages (found by argument-dependent lookup).
std::string_view MessageName(const Message& message) {
  constexpr std::string_view kNames[] = {"Prepared", "Commit", "Abort"};
  return kNames[message.index()];
}
void PrintTo(RmState value, std::ostream* os) { *os << EnumName(value); }
void PrintTo(TmState value, std::ostream* os) { *os << EnumName(value); }
void PrintTo(Timer value, std::ostream* os) { *os << EnumName(value); }
void PrintTo(const State& state, std::ostream* os) {
  *os << "{rm: " << EnumName(state.rm) << ", tm: " << EnumName(state.tm)
      << ", prepared: 0x" << std::hex << state.prepared << std::dec << "}";
}
void PrintTo(const Envelope<TwoPhase>& envelope, std::ostream* os) {
  *os << MessageName(envelope.message) << " " << envelope.from << "->"
      << envelope.to;
}

namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::UnorderedElementsAre;

using Fx = Effects<TwoPhase>;
using Ev = Event<TwoPhase>;
using Sent = Envelope<TwoPhase>;

const Config kConfig{.rms = 3, .bug = Bug::kNone};

Config WithBug(Bug bug) { return Config{.rms = 3, .bug = bug}; }

// --- Building blocks --------------------------------------------------------

// What one step left behind.
struct Stepped {
  State state;
  Fx effects;
};

// Runs one step of node `self` from `before`.
Stepped Step(const Config& config, NodeId self, State before, const Ev& event) {
  Stepped out{before, Fx()};
  TwoPhase::step(config, self, out.state, event, out.effects);
  return out;
}

Ev Deliver(NodeId from, Message message) {
  return Receive<TwoPhase>{from, message};
}
Ev Fire(Timer timer) { return Timeout<TwoPhase>{timer}; }
Ev ClientRequest() { return Request<TwoPhase>{7, 1, std::monostate{}}; }

State Tm(TmState tm, uint32_t prepared = 0) {
  State state;
  state.tm = tm;
  state.prepared = prepared;
  return state;
}
State Rm(RmState rm) {
  State state;
  state.rm = rm;
  return state;
}

// The `prepared` mask naming the given RMs.
uint32_t Mask(std::initializer_list<NodeId> rms) {
  uint32_t mask = 0;
  for (NodeId rm : rms) mask |= uint32_t{1} << rm;
  return mask;
}
const uint32_t kAllPrepared = Mask({1, 2, 3});

template <typename E>
std::vector<E> EveryValue() {
  std::vector<E> values;
  for (size_t i = 0; i < EnumSize(E{}); ++i) {
    values.push_back(static_cast<E>(i));
  }
  return values;
}

std::vector<Timer> TimersIn(uint32_t mask) {
  std::vector<Timer> timers;
  for (Timer timer : EveryValue<Timer>()) {
    if (mask & Fx::Bit(timer)) timers.push_back(timer);
  }
  return timers;
}
std::vector<Timer> Armed(const Fx& effects) {
  return TimersIn(effects.timers_set());
}
std::vector<Timer> Cancelled(const Fx& effects) {
  return TimersIn(effects.timers_cancelled());
}

Sent To(NodeId to, Message message) { return Sent{0, to, message}; }
std::vector<Sent> ToEveryRm(Message message) {
  return {To(1, message), To(2, message), To(3, message)};
}

std::string Describe(const Ev& event) {
  std::ostringstream out;
  if (std::holds_alternative<Start>(event)) {
    out << "Start";
  } else if (const auto* receive = std::get_if<Receive<TwoPhase>>(&event)) {
    out << "Receive " << MessageName(receive->message) << " from "
        << receive->from;
  } else if (const auto* timeout = std::get_if<Timeout<TwoPhase>>(&event)) {
    out << "Timeout " << EnumName(timeout->timer);
  } else {
    out << "Request";
  }
  return out.str();
}

// The step left the node exactly as it was and asked for nothing.
void ExpectIgnored(const Config& config, NodeId self, const State& before,
                   const Ev& event) {
  SCOPED_TRACE(::testing::Message()
               << "node " << self << " in " << ::testing::PrintToString(before)
               << " on " << Describe(event));
  Stepped after = Step(config, self, before, event);
  EXPECT_EQ(after.state, before);
  EXPECT_TRUE(after.effects.empty());
}

// --- Transaction manager ----------------------------------------------------

TEST(TwoPhaseTm, StartArmsAbortTimer) {
  const State init = TwoPhase::init(kConfig, kTm);
  EXPECT_EQ(init, Tm(TmState::kInit));

  auto [state, fx] = Step(kConfig, kTm, init, Start{});
  EXPECT_EQ(state, init);
  EXPECT_THAT(Armed(fx), ElementsAre(Timer::kAbort));
  EXPECT_THAT(fx.sends(), IsEmpty());
  EXPECT_FALSE(fx.persisted());
}

TEST(TwoPhaseTm, RecordsPreparedFromEachRmAndArmsCommitOnlyWhenAllPrepared) {
  State tm = Tm(TmState::kInit);
  for (NodeId rm : {2, 3, 1}) {
    SCOPED_TRACE(::testing::Message() << "Prepared from RM " << rm);
    auto [after, fx] = Step(kConfig, kTm, tm, Deliver(rm, Prepared{}));
    EXPECT_EQ(after.tm, TmState::kInit);
    EXPECT_EQ(after.prepared, tm.prepared | Mask({rm}));
    EXPECT_THAT(fx.sends(), IsEmpty());
    EXPECT_FALSE(fx.persisted());
    if (after.prepared == kAllPrepared) {
      EXPECT_THAT(Armed(fx), ElementsAre(Timer::kCommit));
    } else {
      EXPECT_THAT(Armed(fx), IsEmpty());
    }
    tm = after;
  }
  EXPECT_EQ(tm.prepared, kAllPrepared);
}

TEST(TwoPhaseTm, CommitTimerCommitsDurablyThenBroadcastsCommit) {
  auto [state, fx] = Step(kConfig, kTm, Tm(TmState::kInit, kAllPrepared),
                          Fire(Timer::kCommit));
  EXPECT_EQ(state.tm, TmState::kCommitted);
  EXPECT_TRUE(fx.persisted());
  EXPECT_FALSE(fx.output_before_persist());
  EXPECT_EQ(fx.sends(), ToEveryRm(Commit{}));
  EXPECT_THAT(Cancelled(fx), IsSupersetOf({Timer::kAbort, Timer::kCommit}));
  EXPECT_THAT(Armed(fx), IsEmpty());
}

TEST(TwoPhaseTm, CommitTimerIsIgnoredUntilEveryRmPrepared) {
  for (uint32_t prepared : {0u, Mask({1}), Mask({1, 3})}) {
    ExpectIgnored(kConfig, kTm, Tm(TmState::kInit, prepared),
                  Fire(Timer::kCommit));
  }
}

TEST(TwoPhaseTm, AbortTimerAbortsDurablyThenBroadcastsAbort) {
  // The TM may abort whenever it is undecided, even once every RM prepared.
  for (uint32_t prepared : {0u, Mask({2}), kAllPrepared}) {
    SCOPED_TRACE(::testing::Message() << "prepared 0x" << std::hex << prepared);
    auto [state, fx] =
        Step(kConfig, kTm, Tm(TmState::kInit, prepared), Fire(Timer::kAbort));
    EXPECT_EQ(state.tm, TmState::kAborted);
    EXPECT_TRUE(fx.persisted());
    EXPECT_FALSE(fx.output_before_persist());
    EXPECT_EQ(fx.sends(), ToEveryRm(Abort{}));
    EXPECT_THAT(Cancelled(fx), IsSupersetOf({Timer::kAbort, Timer::kCommit}));
    EXPECT_THAT(Armed(fx), IsEmpty());
  }
}

TEST(TwoPhaseTm, IgnoresPreparedAfterDecidingAsStale) {
  ExpectIgnored(kConfig, kTm, Tm(TmState::kCommitted, kAllPrepared),
                Deliver(2, Prepared{}));
  ExpectIgnored(kConfig, kTm, Tm(TmState::kAborted, Mask({1})),
                Deliver(2, Prepared{}));
}

TEST(TwoPhaseTm, IgnoresDuplicatePrepared) {
  ExpectIgnored(kConfig, kTm, Tm(TmState::kInit, Mask({1, 2})),
                Deliver(2, Prepared{}));

  // Once all have prepared, a duplicate at most re-arms the commit timer the
  // first copy armed: idempotent.
  const State all = Tm(TmState::kInit, kAllPrepared);
  auto [state, fx] = Step(kConfig, kTm, all, Deliver(2, Prepared{}));
  EXPECT_EQ(state, all);
  EXPECT_THAT(fx.sends(), IsEmpty());
  EXPECT_FALSE(fx.persisted());
  EXPECT_THAT(Cancelled(fx), IsEmpty());
  for (Timer timer : Armed(fx)) EXPECT_EQ(timer, Timer::kCommit);
}

TEST(TwoPhaseTm, IgnoresDecisionMessages) {
  for (TmState tm : EveryValue<TmState>()) {
    for (NodeId from = 0; from <= kConfig.rms + 1; ++from) {
      ExpectIgnored(kConfig, kTm, Tm(tm, Mask({1})), Deliver(from, Commit{}));
      ExpectIgnored(kConfig, kTm, Tm(tm, Mask({1})), Deliver(from, Abort{}));
    }
  }
}

TEST(TwoPhaseTm, IgnoresPreparedFromItselfOrFromNodesThatAreNotRms) {
  for (NodeId from : {kTm, NodeId{4}, NodeId{31}, NodeId{32}, NodeId{1000},
                      std::numeric_limits<NodeId>::max()}) {
    ExpectIgnored(kConfig, kTm, Tm(TmState::kInit, Mask({1, 2})),
                  Deliver(from, Prepared{}));
  }
}

TEST(TwoPhaseTm, IgnoresItsTimersAfterDeciding) {
  for (TmState decided : {TmState::kCommitted, TmState::kAborted}) {
    ExpectIgnored(kConfig, kTm, Tm(decided, kAllPrepared), Fire(Timer::kAbort));
    ExpectIgnored(kConfig, kTm, Tm(decided, kAllPrepared),
                  Fire(Timer::kCommit));
  }
}

TEST(TwoPhaseTm, IgnoresRmTimers) {
  for (TmState tm : EveryValue<TmState>()) {
    ExpectIgnored(kConfig, kTm, Tm(tm), Fire(Timer::kPrepare));
    ExpectIgnored(kConfig, kTm, Tm(tm), Fire(Timer::kGiveUp));
  }
}

// --- Resource managers ------------------------------------------------------

TEST(TwoPhaseRm, StartArmsPrepareAndGiveUpTimers) {
  for (NodeId rm = 1; rm <= kConfig.rms; ++rm) {
    const State init = TwoPhase::init(kConfig, rm);
    EXPECT_EQ(init, Rm(RmState::kWorking));

    auto [state, fx] = Step(kConfig, rm, init, Start{});
    EXPECT_EQ(state, init);
    EXPECT_THAT(Armed(fx),
                UnorderedElementsAre(Timer::kPrepare, Timer::kGiveUp));
    EXPECT_THAT(fx.sends(), IsEmpty());
    EXPECT_FALSE(fx.persisted());
  }
}

TEST(TwoPhaseRm, PrepareTimerMakesRmPreparedDurablyThenTellsTm) {
  auto [state, fx] =
      Step(kConfig, 2, Rm(RmState::kWorking), Fire(Timer::kPrepare));
  EXPECT_EQ(state, Rm(RmState::kPrepared));
  EXPECT_TRUE(fx.persisted());
  EXPECT_FALSE(fx.output_before_persist());
  EXPECT_THAT(fx.sends(), ElementsAre(To(kTm, Prepared{})));
  // A prepared RM has given up its right to abort on its own.
  EXPECT_THAT(Cancelled(fx), Contains(Timer::kGiveUp));
  EXPECT_THAT(Armed(fx), IsEmpty());
}

TEST(TwoPhaseRm, GiveUpTimerAbortsWorkingRmDurably) {
  auto [state, fx] =
      Step(kConfig, 1, Rm(RmState::kWorking), Fire(Timer::kGiveUp));
  EXPECT_EQ(state, Rm(RmState::kAborted));
  EXPECT_TRUE(fx.persisted());
  EXPECT_THAT(fx.sends(), IsEmpty());
  EXPECT_THAT(Cancelled(fx), IsSupersetOf({Timer::kPrepare, Timer::kGiveUp}));
  EXPECT_THAT(Armed(fx), IsEmpty());
}

TEST(TwoPhaseRm, CommitFromTmCommitsRmDurably) {
  auto [state, fx] =
      Step(kConfig, 3, Rm(RmState::kPrepared), Deliver(kTm, Commit{}));
  EXPECT_EQ(state, Rm(RmState::kCommitted));
  EXPECT_TRUE(fx.persisted());
  EXPECT_THAT(fx.sends(), IsEmpty());
  EXPECT_THAT(Armed(fx), IsEmpty());
}

TEST(TwoPhaseRm, AbortFromTmAbortsRmDurablyAndStopsItsTimers) {
  for (RmState before : {RmState::kWorking, RmState::kPrepared}) {
    SCOPED_TRACE(EnumName(before));
    auto [state, fx] = Step(kConfig, 1, Rm(before), Deliver(kTm, Abort{}));
    EXPECT_EQ(state, Rm(RmState::kAborted));
    EXPECT_TRUE(fx.persisted());
    EXPECT_THAT(fx.sends(), IsEmpty());
    EXPECT_THAT(Cancelled(fx), IsSupersetOf({Timer::kPrepare, Timer::kGiveUp}));
    EXPECT_THAT(Armed(fx), IsEmpty());
  }
}

TEST(TwoPhaseRm, IgnoresDecisionsNotFromTm) {
  for (NodeId from : {NodeId{1}, NodeId{2}, NodeId{3}, NodeId{4}, NodeId{99}}) {
    for (RmState rm : {RmState::kWorking, RmState::kPrepared}) {
      ExpectIgnored(kConfig, 2, Rm(rm), Deliver(from, Commit{}));
      ExpectIgnored(kConfig, 2, Rm(rm), Deliver(from, Abort{}));
    }
  }
}

TEST(TwoPhaseRm, DuplicateDecisionIsNotPersistedAgain) {
  ExpectIgnored(kConfig, 1, Rm(RmState::kCommitted), Deliver(kTm, Commit{}));
  ExpectIgnored(kConfig, 1, Rm(RmState::kAborted), Deliver(kTm, Abort{}));
}

TEST(TwoPhaseRm, IgnoresPreparedMessages) {
  for (RmState rm : EveryValue<RmState>()) {
    for (NodeId from = 0; from <= kConfig.rms; ++from) {
      ExpectIgnored(kConfig, 2, Rm(rm), Deliver(from, Prepared{}));
    }
  }
}

TEST(TwoPhaseRm, IgnoresItsTimersAfterLeavingWorking) {
  for (RmState rm :
       {RmState::kPrepared, RmState::kCommitted, RmState::kAborted}) {
    ExpectIgnored(kConfig, 3, Rm(rm), Fire(Timer::kPrepare));
    ExpectIgnored(kConfig, 3, Rm(rm), Fire(Timer::kGiveUp));
  }
}

TEST(TwoPhaseRm, IgnoresTmTimers) {
  for (RmState rm : EveryValue<RmState>()) {
    ExpectIgnored(kConfig, 3, Rm(rm), Fire(Timer::kAbort));
    ExpectIgnored(kConfig, 3, Rm(rm), Fire(Timer::kCommit));
  }
}

// --- Any node ---------------------------------------------------------------

TEST(TwoPhase, IgnoresClientRequests) {
  for (TmState tm : EveryValue<TmState>()) {
    ExpectIgnored(kConfig, kTm, Tm(tm, Mask({1})), ClientRequest());
  }
  for (RmState rm : EveryValue<RmState>()) {
    ExpectIgnored(kConfig, 1, Rm(rm), ClientRequest());
  }
}

// --- Crash and restart ------------------------------------------------------

TEST(TwoPhaseRestart, TmKeepsItsDecisionButForgetsWhoPrepared) {
  for (TmState tm : EveryValue<TmState>()) {
    EXPECT_EQ(TwoPhase::restart(kConfig, kTm, Tm(tm, kAllPrepared)), Tm(tm));
  }
}

TEST(TwoPhaseRestart, RmKeepsItsState) {
  for (RmState rm : EveryValue<RmState>()) {
    EXPECT_EQ(TwoPhase::restart(kConfig, 2, Rm(rm)), Rm(rm));
  }
}

TEST(TwoPhaseRestart, RestartedPreparedRmResendsPreparedOnStart) {
  const State restarted = TwoPhase::restart(kConfig, 1, Rm(RmState::kPrepared));
  auto [state, fx] = Step(kConfig, 1, restarted, Start{});
  EXPECT_EQ(state, Rm(RmState::kPrepared));
  EXPECT_THAT(fx.sends(), ElementsAre(To(kTm, Prepared{})));
  EXPECT_THAT(Armed(fx), IsEmpty());  // no longer free to prepare or give up
  EXPECT_FALSE(fx.persisted());
}

TEST(TwoPhaseRestart, RestartedDecidedRmStaysQuietOnStart) {
  for (RmState rm : {RmState::kCommitted, RmState::kAborted}) {
    ExpectIgnored(kConfig, 1, TwoPhase::restart(kConfig, 1, Rm(rm)), Start{});
  }
}

TEST(TwoPhaseRestart, RestartedDecidedTmRebroadcastsItsDecisionOnStart) {
  const State committed =
      TwoPhase::restart(kConfig, kTm, Tm(TmState::kCommitted, kAllPrepared));
  auto [after_commit, commit_fx] = Step(kConfig, kTm, committed, Start{});
  EXPECT_EQ(after_commit, committed);
  EXPECT_EQ(commit_fx.sends(), ToEveryRm(Commit{}));
  EXPECT_THAT(Armed(commit_fx), IsEmpty());

  const State aborted =
      TwoPhase::restart(kConfig, kTm, Tm(TmState::kAborted, Mask({1})));
  auto [after_abort, abort_fx] = Step(kConfig, kTm, aborted, Start{});
  EXPECT_EQ(after_abort, aborted);
  EXPECT_EQ(abort_fx.sends(), ToEveryRm(Abort{}));
  EXPECT_THAT(Armed(abort_fx), IsEmpty());
}

TEST(TwoPhaseRestart, RestartedUndecidedTmCanOnlyAbortUntilRmsAnnounceAgain) {
  const State restarted =
      TwoPhase::restart(kConfig, kTm, Tm(TmState::kInit, kAllPrepared));
  auto [state, fx] = Step(kConfig, kTm, restarted, Start{});
  EXPECT_EQ(state, Tm(TmState::kInit));
  EXPECT_THAT(Armed(fx), ElementsAre(Timer::kAbort));
  EXPECT_THAT(fx.sends(), IsEmpty());
}

// --- Textbook bugs ----------------------------------------------------------

TEST(TwoPhaseBug, MajorityCommitLetsTmCommitOnceAMajorityPrepared) {
  const Config bug = WithBug(Bug::kMajorityCommit);
  const State one = Tm(TmState::kInit, Mask({1}));

  auto [two, fx] = Step(bug, kTm, one, Deliver(3, Prepared{}));
  EXPECT_EQ(two.prepared, Mask({1, 3}));
  EXPECT_THAT(Armed(fx), ElementsAre(Timer::kCommit));
  EXPECT_THAT(Armed(Step(kConfig, kTm, one, Deliver(3, Prepared{})).effects),
              IsEmpty());

  auto [committed, commit_fx] = Step(bug, kTm, two, Fire(Timer::kCommit));
  EXPECT_EQ(committed.tm, TmState::kCommitted);
  EXPECT_EQ(commit_fx.sends(), ToEveryRm(Commit{}));
  ExpectIgnored(kConfig, kTm, two, Fire(Timer::kCommit));

  // A minority, or exactly half, is still not enough.
  ExpectIgnored(bug, kTm, one, Fire(Timer::kCommit));
  const Config four{.rms = 4, .bug = Bug::kMajorityCommit};
  ExpectIgnored(four, kTm, Tm(TmState::kInit, Mask({1, 4})),
                Fire(Timer::kCommit));
  EXPECT_EQ(
      Step(four, kTm, Tm(TmState::kInit, Mask({1, 2, 4})), Fire(Timer::kCommit))
          .state.tm,
      TmState::kCommitted);
}

TEST(TwoPhaseBug, AbortAfterPrepareLetsPreparedRmGiveUp) {
  const Config bug = WithBug(Bug::kAbortAfterPrepare);

  auto [prepared, fx] =
      Step(bug, 2, Rm(RmState::kWorking), Fire(Timer::kPrepare));
  EXPECT_EQ(prepared, Rm(RmState::kPrepared));
  EXPECT_THAT(Cancelled(fx), IsEmpty());  // kGiveUp stays armed

  auto [aborted, abort_fx] = Step(bug, 2, prepared, Fire(Timer::kGiveUp));
  EXPECT_EQ(aborted, Rm(RmState::kAborted));
  EXPECT_TRUE(abort_fx.persisted());
  ExpectIgnored(kConfig, 2, prepared, Fire(Timer::kGiveUp));
}

TEST(TwoPhaseBug, VolatileDecisionLeavesRestartedTmUndecided) {
  const Config bug = WithBug(Bug::kVolatileDecision);
  for (TmState decided : {TmState::kCommitted, TmState::kAborted}) {
    const State restarted = TwoPhase::restart(bug, kTm, Tm(decided));
    EXPECT_EQ(restarted, Tm(TmState::kInit));
    auto [state, fx] = Step(bug, kTm, restarted, Start{});
    EXPECT_THAT(fx.sends(), IsEmpty());  // no decision to repeat
    EXPECT_THAT(Armed(fx), ElementsAre(Timer::kAbort));
  }
}

TEST(TwoPhaseBug, VolatilePrepareLeavesRestartedRmWorking) {
  const Config bug = WithBug(Bug::kVolatilePrepare);
  const State restarted = TwoPhase::restart(bug, 1, Rm(RmState::kPrepared));
  EXPECT_EQ(restarted, Rm(RmState::kWorking));
  auto [state, fx] = Step(bug, 1, restarted, Start{});
  EXPECT_THAT(fx.sends(), IsEmpty());  // nothing to announce
  EXPECT_THAT(Armed(fx), UnorderedElementsAre(Timer::kPrepare, Timer::kGiveUp));
  // Decisions are still durable.
  EXPECT_EQ(TwoPhase::restart(bug, 1, Rm(RmState::kCommitted)),
            Rm(RmState::kCommitted));
  EXPECT_EQ(TwoPhase::restart(bug, 1, Rm(RmState::kAborted)),
            Rm(RmState::kAborted));
}

// Every (node, state, event) of a 3-RM cluster: the TM in each decision with
// each `prepared` mask, each RM in each state, under every event including
// messages from a node outside the cluster.
struct StepCase {
  NodeId self;
  State state;
  Ev event;
};
std::vector<StepCase> EveryStepCase() {
  std::vector<Ev> events = {Start{}, ClientRequest()};
  for (Timer timer : EveryValue<Timer>()) events.push_back(Fire(timer));
  for (NodeId from = 0; from <= kConfig.rms + 1; ++from) {
    for (Message message :
         {Message(Prepared{}), Message(Commit{}), Message(Abort{})}) {
      events.push_back(Deliver(from, message));
    }
  }
  std::vector<StepCase> cases;
  for (const Ev& event : events) {
    for (TmState tm : EveryValue<TmState>()) {
      for (uint32_t prepared = 0; prepared <= kAllPrepared; prepared += 2) {
        cases.push_back({kTm, Tm(tm, prepared), event});
      }
    }
    for (NodeId rm = 1; rm <= kConfig.rms; ++rm) {
      for (RmState state : EveryValue<RmState>()) {
        cases.push_back({rm, Rm(state), event});
      }
    }
  }
  return cases;
}

bool SameOutcome(const Stepped& a, const Stepped& b) {
  return a.state == b.state && a.effects.sends() == b.effects.sends() &&
         a.effects.timers_set() == b.effects.timers_set() &&
         a.effects.timers_cancelled() == b.effects.timers_cancelled() &&
         a.effects.persisted() == b.effects.persisted() &&
         a.effects.output_before_persist() == b.effects.output_before_persist();
}

// Where each bug's comment says it departs from the protocol.
bool BugMayChangeStep(Bug bug, const StepCase& c) {
  const auto* timeout = std::get_if<Timeout<TwoPhase>>(&c.event);
  const auto* receive = std::get_if<Receive<TwoPhase>>(&c.event);
  switch (bug) {
    case Bug::kMajorityCommit: {
      // Only an undecided TM that knows of a majority, but not all, of the
      // RMs as prepared (counting the Prepared it is receiving).
      if (c.self != kTm || c.state.tm != TmState::kInit) return false;
      uint32_t known = c.state.prepared;
      if (receive != nullptr &&
          std::holds_alternative<Prepared>(receive->message) &&
          receive->from >= 1 && receive->from <= kConfig.rms) {
        known |= Mask({receive->from});
      }
      return 2 * static_cast<uint32_t>(std::popcount(known)) > kConfig.rms &&
             known != kAllPrepared;
    }
    case Bug::kAbortAfterPrepare:
      // Only an RM preparing (kGiveUp stays armed) or giving up prepared.
      return c.self != kTm && timeout != nullptr &&
             ((c.state.rm == RmState::kWorking &&
               timeout->timer == Timer::kPrepare) ||
              (c.state.rm == RmState::kPrepared &&
               timeout->timer == Timer::kGiveUp));
    case Bug::kNone:
    case Bug::kVolatileDecision:  // restart only
    case Bug::kVolatilePrepare:   // restart only
      return false;
  }
  return false;
}

bool BugMayChangeRestart(Bug bug, NodeId self, const State& state) {
  switch (bug) {
    case Bug::kVolatileDecision:
      return self == kTm && state.tm != TmState::kInit;
    case Bug::kVolatilePrepare:
      return self != kTm && state.rm == RmState::kPrepared;
    case Bug::kNone:
    case Bug::kMajorityCommit:
    case Bug::kAbortAfterPrepare:
      return false;
  }
  return false;
}

TEST(TwoPhaseBug, EachBugChangesOnlyWhatItsCommentDescribes) {
  const std::vector<StepCase> cases = EveryStepCase();
  for (Bug bug : EveryValue<Bug>()) {
    SCOPED_TRACE(EnumName(bug));
    const Config config = WithBug(bug);
    int changed = 0;
    for (const StepCase& c : cases) {
      if (SameOutcome(Step(config, c.self, c.state, c.event),
                      Step(kConfig, c.self, c.state, c.event))) {
        continue;
      }
      ++changed;
      EXPECT_TRUE(BugMayChangeStep(bug, c))
          << "step of node " << c.self << " in "
          << ::testing::PrintToString(c.state) << " on " << Describe(c.event);
    }
    for (const StepCase& c : cases) {
      if (!std::holds_alternative<Start>(c.event)) continue;
      if (TwoPhase::restart(config, c.self, c.state) ==
          TwoPhase::restart(kConfig, c.self, c.state)) {
        continue;
      }
      ++changed;
      EXPECT_TRUE(BugMayChangeRestart(bug, c.self, c.state))
          << "restart of node " << c.self << " in "
          << ::testing::PrintToString(c.state);
    }
    if (bug == Bug::kNone) {
      EXPECT_EQ(changed, 0);
    } else {
      EXPECT_GT(changed, 0) << "the bug changes nothing";
    }
  }
}

// --- Symmetry ---------------------------------------------------------------

TEST(TwoPhaseSymmetry, RmsAreInterchangeableAndTheTmIsNot) {
  EXPECT_THAT(TwoPhase::symmetric_nodes(kConfig), ElementsAre(1, 2, 3));
}

TEST(TwoPhaseSymmetry, RenamePermutesThePreparedMask) {
  const NodeId map[] = {0, 2, 3, 1};  // RM 1 -> 2, 2 -> 3, 3 -> 1
  EXPECT_EQ(TwoPhase::rename(Tm(TmState::kInit, Mask({1, 2})), map),
            Tm(TmState::kInit, Mask({2, 3})));
  EXPECT_EQ(TwoPhase::rename(Tm(TmState::kCommitted, kAllPrepared), map),
            Tm(TmState::kCommitted, kAllPrepared));
  EXPECT_EQ(TwoPhase::rename(Tm(TmState::kAborted), map),
            Tm(TmState::kAborted));
  EXPECT_EQ(TwoPhase::rename(Rm(RmState::kPrepared), map),
            Rm(RmState::kPrepared));
  EXPECT_EQ(TwoPhase::rename(Message(Commit{}), map), Message(Commit{}));
}

TEST(TwoPhaseSymmetry, RenamingCommutesWithTheTmRecordingPrepared) {
  const NodeId map[] = {0, 3, 1, 2};
  for (uint32_t prepared = 0; prepared <= kAllPrepared; prepared += 2) {
    for (NodeId rm = 1; rm <= kConfig.rms; ++rm) {
      const State before = Tm(TmState::kInit, prepared);
      const State renamed_after = TwoPhase::rename(
          Step(kConfig, kTm, before, Deliver(rm, Prepared{})).state, map);
      const State after_renamed =
          Step(kConfig, kTm, TwoPhase::rename(before, map),
               Deliver(map[rm], Prepared{}))
              .state;
      EXPECT_EQ(renamed_after, after_renamed);
    }
  }
}

}  // namespace
}  // namespace stepwise::core::twopc
