#include "core/paxoscommit/paxoscommit.h"

#include <bit>
#include <cassert>
#include <variant>

namespace stepwise::core::paxoscommit {
namespace {

using Fx = Effects<PaxosCommit>;

bool Chosen(const Config& config, uint8_t acceptors) {
  return static_cast<uint32_t>(std::popcount(acceptors)) >=
         PaxosCommit::Quorum(config);
}

size_t TallyIndex(const Config& config, uint32_t instance, Ballot ballot,
                  Vote value) {
  assert(value != Vote::kNone);
  return (instance * config.ballots + static_cast<uint32_t>(ballot)) * 2 +
         (value == Vote::kPrepared ? 0 : 1);
}

// Acceptor `from`'s bit in a leader's promise and vote masks.
uint8_t AcceptorBit(const Config& config, NodeId from) {
  return static_cast<uint8_t>(1u
                              << (from - PaxosCommit::FirstAcceptor(config)));
}

bool ValidBallot(const Config& config, Ballot ballot) {
  return ballot >= 0 && static_cast<uint32_t>(ballot) < config.ballots;
}
bool ValidValue(Vote value) {
  return value == Vote::kPrepared || value == Vote::kAborted;
}

void SendToAcceptors(const Config& config, const Message& message,
                     Fx& effects) {
  const NodeId first = PaxosCommit::FirstAcceptor(config);
  for (uint32_t a = 0; a < PaxosCommit::Acceptors(config); ++a) {
    effects.send(first + a, message);
  }
}

// --- Leaders ---------------------------------------------------------------

Message MessageOf(Decision decision) {
  assert(decision != Decision::kUndecided);
  if (decision == Decision::kCommit) return Commit{};
  return Abort{};
}

// The first ballot above `after` that leader `self` owns, or kNoBallot.
// Ballot 0 is never started this way: the RMs run it.
Ballot NextOwnedBallot(const Config& config, NodeId self, Ballot after) {
  for (int b = after < 1 ? 1 : after + 1; b < static_cast<int>(config.ballots);
       ++b) {
    if (PaxosCommit::OwnerOf(static_cast<Ballot>(b)) == self) {
      return static_cast<Ballot>(b);
    }
  }
  return kNoBallot;
}

bool CanRecover(const Config& config, NodeId self, const LeaderSlot& slot) {
  return slot.learned == Vote::kNone &&
         NextOwnedBallot(config, self, slot.ballot) != kNoBallot;
}

// Arms the leader's recovery timers for the instances it could still start
// a ballot for: the backup one per instance, the TM one for all.
void ArmRecovery(const Config& config, NodeId self, const State& state,
                 Fx& effects) {
  for (uint32_t i = 0; i < config.rms; ++i) {
    if (!CanRecover(config, self, state.instances[i])) continue;
    if (self == kTm) {
      effects.set_timer(Timer::kTmRecover);
      return;
    }
    effects.set_timer(RecoverTimer(i));
  }
}

void CancelRecovery(const Config& config, NodeId self, Fx& effects) {
  if (self == kTm) {
    effects.cancel_timer(Timer::kTmRecover);
    return;
  }
  for (uint32_t i = 0; i < config.rms; ++i) {
    effects.cancel_timer(RecoverTimer(i));
  }
}

void StartBallot(const Config& config, NodeId self, uint32_t instance,
                 State& state, Fx& effects) {
  LeaderSlot& slot = state.instances[instance];
  const Ballot ballot = NextOwnedBallot(config, self, slot.ballot);
  assert(ballot != kNoBallot);
  slot = LeaderSlot{.ballot = ballot, .learned = slot.learned};
  effects.persist();  // never start the same ballot twice
  SendToAcceptors(
      config,
      Phase1a{.instance = static_cast<uint8_t>(instance), .ballot = ballot},
      effects);
}

void LeaderTimeout(const Config& config, NodeId self, Timer timer, State& state,
                   Fx& effects) {
  if (state.decision != Decision::kUndecided) return;
  if (self == kTm) {
    if (timer != Timer::kTmRecover) return;
    for (uint32_t i = 0; i < config.rms; ++i) {
      if (CanRecover(config, self, state.instances[i])) {
        StartBallot(config, self, i, state, effects);
      }
    }
    ArmRecovery(config, self, state, effects);  // a retry, if ballots remain
    return;
  }
  const uint32_t instance =
      static_cast<uint32_t>(timer) - static_cast<uint32_t>(Timer::kRecover0);
  if (timer < Timer::kRecover0 || instance >= config.rms) return;
  if (!CanRecover(config, self, state.instances[instance])) return;
  StartBallot(config, self, instance, state, effects);
  if (CanRecover(config, self, state.instances[instance])) {
    effects.set_timer(timer);  // a retry with its next ballot
  }
}

// With a quorum of promises, proposes the value of the highest vote they
// report, or aborted when none voted: that RM may not have prepared.
void ReceivePromise(const Config& config, NodeId from, const Phase1b& promise,
                    State& state, Fx& effects) {
  LeaderSlot& slot = state.instances[promise.instance];
  if (promise.ballot != slot.ballot || slot.proposed) return;  // stale
  const uint8_t bit = AcceptorBit(config, from);
  if (slot.promises & bit) return;
  slot.promises |= bit;
  if (promise.voted_ballot > slot.prior_ballot && ValidValue(promise.voted)) {
    slot.prior_ballot = promise.voted_ballot;
    slot.prior = promise.voted;
  }
  if (!Chosen(config, slot.promises)) return;
  slot.proposed = true;
  const bool adopt =
      slot.prior_ballot != kNoBallot && config.bug != Bug::kIgnoreReportedVotes;
  SendToAcceptors(config,
                  Phase2a{.instance = promise.instance,
                          .ballot = slot.ballot,
                          .value = adopt ? slot.prior : Vote::kAborted},
                  effects);
}

// Announces the outcome once every instance's value is known to be chosen
// prepared (Commit), or as soon as one is known to be chosen aborted.
void MaybeDecide(const Config& config, NodeId self, State& state, Fx& effects) {
  if (state.decision != Decision::kUndecided) return;
  bool all_prepared = true;
  bool any_aborted = false;
  for (const LeaderSlot& slot : state.instances) {
    all_prepared &= slot.learned == Vote::kPrepared;
    any_aborted |= slot.learned == Vote::kAborted;
  }
  if (!all_prepared && !any_aborted) return;
  state.decision = any_aborted ? Decision::kAbort : Decision::kCommit;
  CancelRecovery(config, self, effects);
  // The backup hears it too, so it recovers nothing while the TM is alive.
  if (self == kTm) effects.send(kBackup, MessageOf(state.decision));
  for (uint32_t r = 0; r < config.rms; ++r) {
    const NodeId rm = PaxosCommit::FirstRm() + r;
    effects.send(rm, MessageOf(state.decision));
  }
}

void ReceiveVote(const Config& config, NodeId self, NodeId from,
                 const Phase2b& vote, State& state, Fx& effects) {
  uint8_t& voters =
      state.tally[TallyIndex(config, vote.instance, vote.ballot, vote.value)];
  voters |= AcceptorBit(config, from);
  LeaderSlot& slot = state.instances[vote.instance];
  if (slot.learned != Vote::kNone || !Chosen(config, voters)) return;
  slot.learned = vote.value;
  if (self == kBackup) effects.cancel_timer(RecoverTimer(vote.instance));
  MaybeDecide(config, self, state, effects);
}

// The backup told of the TM's decision: nothing is left to recover.
void AdoptDecision(const Config& config, Decision decision, State& state,
                   Fx& effects) {
  if (state.decision != Decision::kUndecided) return;
  state.decision = decision;
  CancelRecovery(config, kBackup, effects);
}

void LeaderReceive(const Config& config, NodeId self, NodeId from,
                   const Message& message, State& state, Fx& effects) {
  if (self == kBackup && from == kTm) {
    if (std::holds_alternative<Commit>(message)) {
      AdoptDecision(config, Decision::kCommit, state, effects);
    } else if (std::holds_alternative<Abort>(message)) {
      AdoptDecision(config, Decision::kAbort, state, effects);
    }
    return;
  }
  if (!PaxosCommit::IsAcceptor(config, from)) return;
  if (const auto* promise = std::get_if<Phase1b>(&message)) {
    if (promise->instance < config.rms &&
        ValidBallot(config, promise->ballot)) {
      ReceivePromise(config, from, *promise, state, effects);
    }
  } else if (const auto* vote = std::get_if<Phase2b>(&message)) {
    if (vote->instance < config.rms && ValidBallot(config, vote->ballot) &&
        ValidValue(vote->value)) {
      ReceiveVote(config, self, from, *vote, state, effects);
    }
  }
}

// --- Resource managers -----------------------------------------------------

void RmVote(const Config& config, NodeId self, Vote vote, State& state,
            Fx& effects) {
  if (state.rm != RmState::kWorking) return;
  state.rm = vote == Vote::kPrepared ? RmState::kPrepared : RmState::kAborted;
  effects.cancel_timer(Timer::kPrepare);
  effects.cancel_timer(Timer::kGiveUp);
  effects.persist();
  SendToAcceptors(
      config,
      Phase2a{.instance = static_cast<uint8_t>(self - PaxosCommit::FirstRm()),
              .ballot = 0,
              .value = vote},
      effects);
}

// As PaxosCommit.tla's RMRcvCommitMsg and RMRcvAbortMsg: the announcement
// sets the RM's state (a consistent run never tells one RM both).
void RmReceive(NodeId from, const Message& message, State& state, Fx& effects) {
  if (from >= kLeaders) return;
  RmState next;
  if (std::holds_alternative<Commit>(message)) {
    next = RmState::kCommitted;
  } else if (std::holds_alternative<Abort>(message)) {
    next = RmState::kAborted;
  } else {
    return;
  }
  effects.cancel_timer(Timer::kPrepare);
  effects.cancel_timer(Timer::kGiveUp);
  if (state.rm == next) return;
  state.rm = next;
  effects.persist();
}

// --- Acceptors -------------------------------------------------------------

void AcceptorReceive(const Config& config, NodeId from, const Message& message,
                     State& state, Fx& effects) {
  if (const auto* prepare = std::get_if<Phase1a>(&message)) {
    if (from >= kLeaders || prepare->instance >= config.rms ||
        !ValidBallot(config, prepare->ballot)) {
      return;
    }
    AcceptorSlot& slot = state.accepted[prepare->instance];
    if (prepare->ballot <= slot.promised) return;
    slot.promised = prepare->ballot;
    effects.persist();
    effects.send(from, Phase1b{.instance = prepare->instance,
                               .ballot = prepare->ballot,
                               .voted_ballot = slot.voted_ballot,
                               .voted = slot.voted});
  } else if (const auto* proposal = std::get_if<Phase2a>(&message)) {
    if (proposal->instance >= config.rms ||
        !ValidBallot(config, proposal->ballot) ||
        !ValidValue(proposal->value)) {
      return;
    }
    AcceptorSlot& slot = state.accepted[proposal->instance];
    if (proposal->ballot < slot.promised) return;
    slot = AcceptorSlot{.promised = proposal->ballot,
                        .voted_ballot = proposal->ballot,
                        .voted = proposal->value};
    effects.persist();
    // The TM hears every vote; the backup only those of its own ballots.
    const Phase2b vote{.instance = proposal->instance,
                       .ballot = proposal->ballot,
                       .value = proposal->value};
    effects.send(kTm, vote);
    if (PaxosCommit::OwnerOf(proposal->ballot) == kBackup) {
      effects.send(kBackup, vote);
    }
  }
}

}  // namespace

std::string_view PaxosCommit::Validate(const Config& config) {
  if (config.rms < 1 || config.rms > kMaxRms) {
    return "rms must be 1 to 8 (one recovery timer each)";
  }
  if (config.faults > kMaxFaults) return "faults must be at most 3";
  if (config.ballots < 1 || config.ballots > kMaxBallots) {
    return "ballots must be 1 to 8";
  }
  return "";
}

State PaxosCommit::init(const Config& config, NodeId self) {
  State state;
  if (self < kLeaders) {
    state.instances.resize(config.rms);
    state.tally.resize(size_t{config.rms} * config.ballots * 2);
  } else if (IsAcceptor(config, self)) {
    state.accepted.resize(config.rms);
  }
  return state;
}

void PaxosCommit::step(const Config& config, NodeId self, State& state,
                       const Event<PaxosCommit>& event,
                       Effects<PaxosCommit>& effects) {
  assert(self < node_count(config));
  if (std::holds_alternative<Start>(event)) {
    if (self < kLeaders) {
      if (state.decision == Decision::kUndecided) {
        ArmRecovery(config, self, state, effects);
      }
    } else if (IsRm(config, self) && state.rm == RmState::kWorking) {
      effects.set_timer(Timer::kPrepare);
      effects.set_timer(Timer::kGiveUp);
    }
  } else if (const auto* receive = std::get_if<Receive<PaxosCommit>>(&event)) {
    if (receive->from >= node_count(config)) return;
    if (self < kLeaders) {
      LeaderReceive(config, self, receive->from, receive->message, state,
                    effects);
    } else if (IsRm(config, self)) {
      RmReceive(receive->from, receive->message, state, effects);
    } else {
      AcceptorReceive(config, receive->from, receive->message, state, effects);
    }
  } else if (const auto* timeout = std::get_if<Timeout<PaxosCommit>>(&event)) {
    if (self < kLeaders) {
      LeaderTimeout(config, self, timeout->timer, state, effects);
    } else if (IsRm(config, self) && timeout->timer == Timer::kPrepare) {
      RmVote(config, self, Vote::kPrepared, state, effects);
    } else if (IsRm(config, self) && timeout->timer == Timer::kGiveUp) {
      RmVote(config, self, Vote::kAborted, state, effects);
    }
  }
  // Client requests carry nothing for Paxos Commit: ignored.
}

State PaxosCommit::restart(const Config& config, NodeId self,
                           const State& before_crash) {
  State state = init(config, self);
  if (self < kLeaders) {
    // The ballots started are durable; the ones in progress are abandoned,
    // since their phase 2a may be out already.
    for (uint32_t i = 0; i < config.rms; ++i) {
      state.instances[i].ballot = before_crash.instances[i].ballot;
      state.instances[i].proposed = true;
    }
  } else if (IsRm(config, self)) {
    state.rm = before_crash.rm;
  } else if (config.bug != Bug::kVolatileAcceptor) {
    state.accepted = before_crash.accepted;
  }
  return state;
}

}  // namespace stepwise::core::paxoscommit
