// Paxos Commit (Gray and Lamport, "Consensus on Transaction Commit", 2006):
// each resource manager's vote, prepared or aborted, is decided by its own
// Paxos instance among 2F+1 acceptors, so the transaction decides despite F
// failures, the transaction manager's included.
//
// Nodes. Node 0 is the transaction manager (the TM, the leader of ballot 0),
// node 1 a backup leader, then the resource managers (RMs), then the
// acceptors. Instance i is RM i's vote.
//
// Normal run (ballot 0). An RM chooses on its own (timers the environment
// fires) to prepare or to abort, and sends its vote as the phase 2a message
// of ballot 0 of its instance straight to the acceptors. An acceptor that
// has promised nothing higher accepts it and tells the TM (phase 2b; the
// votes of the backup's ballots go to the backup as well). A leader that
// learns a value chosen in every instance (a quorum of acceptors accepted
// it in one ballot) announces the decision to the RMs: Commit when every
// instance chose prepared, Abort as soon as one chose aborted. The TM also
// tells the backup, which then has nothing left to recover.
//
// Recovery (ballots above 0). A leader that has not learned an instance's
// value in time starts a ballot of its own for it: phase 1a to the
// acceptors, which promise (phase 1b) and report their last vote. With a
// quorum of promises the leader proposes the value of the highest vote
// reported, or aborted if none was, and acceptors vote as in ballot 0. The
// backup owns the odd ballots and retries per instance (kRecover0..); the TM
// owns the even ballots above 0 and retries every unlearned instance at
// once, only after the backup's waits (timeout_class): under
// --synchronous-timers two leaders never run ballots at the same time
// unless one of them failed, and the backup recovers only when the TM
// failed before deciding.
//
// TLA+. Under --network monotone, with ballots 0..1 and no faults, the
// core's reachable states seen through the specification's variables
// (rmState, aState, msgs) are exactly those of the TLA+ Examples'
// PaxosCommit.tla (model_check/paxoscommit_check_test.cc).
//
// Durable: an RM's state, an acceptor's per-instance promise and vote, a
// leader's highest ballot per instance. A leader that restarts abandons the
// ballots it had started (it may have sent their phase 2a already) and
// moves on to its next ones.

#ifndef STEPWISE_CORE_PAXOSCOMMIT_PAXOSCOMMIT_H_
#define STEPWISE_CORE_PAXOSCOMMIT_PAXOSCOMMIT_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::paxoscommit {

inline constexpr NodeId kTm = 0;
inline constexpr NodeId kBackup = 1;
inline constexpr uint32_t kLeaders = 2;
inline constexpr uint32_t kMaxRms = 8;        // one kRecover timer each
inline constexpr uint32_t kMaxFaults = 3;     // up to 7 acceptors
inline constexpr uint32_t kMaxBallots = 8;    // ballots 0..7
inline constexpr uint32_t kMaxAcceptors = 8;  // acceptor sets are 8-bit masks

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // F+1 acceptors instead of 2F+1, a leader still waiting for all
              // but F of them: two quorums of one acceptor need not meet.
              kFPlusOneAcceptors,
              // A recovering leader proposes aborted without looking at the
              // votes the promises report.
              kIgnoreReportedVotes,
              // An acceptor's promise and vote are lost when it restarts.
              kVolatileAcceptor);

STEPWISE_ENUM(RmState, kWorking, kPrepared, kCommitted, kAborted);
// A value of an instance: none yet, prepared or aborted.
STEPWISE_ENUM(Vote, kNone, kPrepared, kAborted);
STEPWISE_ENUM(Decision, kUndecided, kCommit, kAbort);
STEPWISE_ENUM(Timer, kPrepare, kGiveUp, kTmRecover, kRecover0, kRecover1,
              kRecover2, kRecover3, kRecover4, kRecover5, kRecover6, kRecover7);

using Ballot = int8_t;  // 0 .. kMaxBallots-1; kNoBallot before any
inline constexpr Ballot kNoBallot = -1;

struct Config {
  uint32_t rms = 2;
  uint32_t faults = 1;   // F: 2F+1 acceptors, quorums of F+1
  uint32_t ballots = 3;  // ballots 0 .. ballots-1 may start
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, rms, faults, ballots, bug)
};

// An acceptor's state for one instance: PaxosCommit.tla's aState[ins][acc].
struct AcceptorSlot {
  Ballot promised = 0;  // mbal: no ballot below it is accepted any more
  Ballot voted_ballot = kNoBallot;
  Vote voted = Vote::kNone;
  STEPWISE_FIELDS(AcceptorSlot, promised, voted_ballot, voted)
};

// A leader's state for one instance.
struct LeaderSlot {
  Ballot ballot = kNoBallot;  // the highest ballot it started (durable)
  bool proposed = false;      // its phase 2a for `ballot` is out, or abandoned
  uint8_t promises = 0;       // acceptors that promised `ballot`
  Ballot prior_ballot = kNoBallot;  // the highest vote they reported
  Vote prior = Vote::kNone;
  Vote learned = Vote::kNone;  // the value it knows chosen
  STEPWISE_FIELDS(LeaderSlot, ballot, proposed, promises, prior_ballot, prior,
                  learned)
};

// One node's state; one flat type for the three roles keeps clusters small.
struct State {
  RmState rm = RmState::kWorking;      // RM (durable)
  std::vector<AcceptorSlot> accepted;  // acceptor: one per instance (durable)
  std::vector<LeaderSlot> instances;   // leader: one per instance
  // Leader: phase 2b messages counted, one acceptor mask per instance,
  // ballot and value (index (instance * ballots + ballot) * 2 + value - 1).
  std::vector<uint8_t> tally;
  // Leader: what it announced (the backup: or what the TM announced).
  Decision decision = Decision::kUndecided;
  STEPWISE_FIELDS(State, rm, accepted, instances, tally, decision)
};

struct Phase1a {
  uint8_t instance = 0;
  Ballot ballot = 0;
  STEPWISE_FIELDS(Phase1a, instance, ballot)
};
struct Phase1b {
  uint8_t instance = 0;
  Ballot ballot = 0;  // the ballot promised
  Ballot voted_ballot = kNoBallot;
  Vote voted = Vote::kNone;
  STEPWISE_FIELDS(Phase1b, instance, ballot, voted_ballot, voted)
};
struct Phase2a {
  uint8_t instance = 0;
  Ballot ballot = 0;
  Vote value = Vote::kNone;
  STEPWISE_FIELDS(Phase2a, instance, ballot, value)
};
struct Phase2b {
  uint8_t instance = 0;
  Ballot ballot = 0;
  Vote value = Vote::kNone;
  STEPWISE_FIELDS(Phase2b, instance, ballot, value)
};
struct Commit {
  STEPWISE_NO_FIELDS(Commit)
};
struct Abort {
  STEPWISE_NO_FIELDS(Abort)
};
using Message = std::variant<Phase1a, Phase1b, Phase2a, Phase2b, Commit, Abort>;

struct PaxosCommit {
  static constexpr std::string_view kName = "paxoscommit";
  using Config = paxoscommit::Config;
  using State = paxoscommit::State;
  using Message = paxoscommit::Message;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = paxoscommit::Timer;
  using Bug = paxoscommit::Bug;

  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  static uint32_t Acceptors(const Config& config) {
    return config.bug == Bug::kFPlusOneAcceptors ? config.faults + 1
                                                 : 2 * config.faults + 1;
  }
  // A leader waits for all acceptors but F: a majority of 2F+1.
  static uint32_t Quorum(const Config& config) {
    return Acceptors(config) - config.faults;
  }
  static size_t node_count(const Config& config) {
    return kLeaders + config.rms + Acceptors(config);
  }
  static NodeId FirstRm() { return kLeaders; }
  static NodeId FirstAcceptor(const Config& config) {
    return kLeaders + config.rms;
  }
  static bool IsRm(const Config& config, NodeId node) {
    return node >= FirstRm() && node < FirstAcceptor(config);
  }
  static bool IsAcceptor(const Config& config, NodeId node) {
    return node >= FirstAcceptor(config);
  }
  // Ballot 0 is the TM's (the RMs send its phase 2a); the backup owns the
  // odd ballots and the TM the even ones above 0.
  static NodeId OwnerOf(Ballot ballot) {
    return ballot % 2 == 1 ? kBackup : kTm;
  }

  static State init(const Config& config, NodeId self);
  static void step(const Config& config, NodeId self, State& state,
                   const Event<PaxosCommit>& event,
                   Effects<PaxosCommit>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  // How the timeouts compare under --synchronous-timers
  // (model_check/semantics.h): an RM's choices are not timeouts; the
  // backup gives up on an instance before the TM does.
  static uint8_t timeout_class(Timer timer) {
    switch (timer) {
      case Timer::kPrepare:
      case Timer::kGiveUp:
        return 0;
      case Timer::kTmRecover:
        return 2;
      default:
        break;
    }
    return 1;
  }

  static std::span<const Property<PaxosCommit>> invariants();
  static std::span<const Property<PaxosCommit>> goals();
  static std::span<const LivenessProperty<PaxosCommit>> liveness();

  // For readable traces: a leader shows only its own fields (an RM's
  // `accepted` is empty, an acceptor's `rm` stays working).
  static bool shows_field(NodeId node, std::string_view field) {
    if (node < kLeaders) {
      return field == "instances" || field == "tally" || field == "decision";
    }
    return field == "rm" || field == "accepted";
  }
};

static_assert(Protocol<PaxosCommit>);
static_assert(HasLiveness<PaxosCommit>);

// The recovery timer of instance `instance` (the backup's).
inline Timer RecoverTimer(uint32_t instance) {
  return static_cast<Timer>(static_cast<uint32_t>(Timer::kRecover0) + instance);
}

}  // namespace stepwise::core::paxoscommit

#endif  // STEPWISE_CORE_PAXOSCOMMIT_PAXOSCOMMIT_H_
