// Single-decree Paxos: proposers, acceptors and learners agree on one value.
//
// Lamport, "Paxos Made Simple" (2001), with the variable names of the
// Paxos specification in the TLA+ Examples (PaxosHowToWinATuringAward):
// every node is an acceptor; nodes 0 .. proposers-1 are also proposers and
// learners ("distinguished learners": votes go only to them, which keeps
// messages and model states few), and ballot b belongs to proposer
// b % proposers. A client asks a proposer to propose a value (a Request; any
// other node answers at once that it is no proposer); the proposer runs
// ballot b:
//
//   Prepare(b)  1a  proposer -> every acceptor
//   Promise     1b  acceptor -> proposer, when b > its promise: it promises
//                   b and reports its latest vote (ballot and value)
//   Accept(b,v) 2a  proposer -> every acceptor, once a majority promised: v
//                   is the value of the highest vote reported, else its own
//   Accepted    2b  acceptor -> every learner, when b >= its promise
//
// A learner learns v once a majority has Accepted (b, v) for one ballot b,
// and answers its waiting clients with the decision. A proposer whose ballot
// stalls (its kRetry timer fires before it learns) starts its next ballot;
// two proposers doing so can pre-empt each other for ever (the "duelling
// proposers"), so progress needs a single live proposer.
//
// Durability: an acceptor's promise and vote, and the highest ballot a
// proposer started, persist before the message that reveals them leaves
// (a restarted proposer must never reuse a ballot). Everything else is
// volatile.
//
// `Config::ballots` bounds the ballots a model may start, as the TLA+
// model's `Ballot` constant does; 0 leaves them unbounded.

#ifndef STEPWISE_CORE_PAXOS_PAXOS_H_
#define STEPWISE_CORE_PAXOS_PAXOS_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"

namespace stepwise::core::paxos {

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // An acceptor votes in a ballot below the one it promised.
              kAcceptBelowPromise,
              // A proposer proposes its own value even when a promise
              // reports an earlier vote.
              kIgnorePromisedVotes,
              // Quorums of n/2 acceptors instead of a majority.
              kHalfQuorum,
              // An acceptor's promise is not durable: after a restart it
              // remembers only its vote.
              kVolatilePromise);

STEPWISE_ENUM(Phase, kIdle, kPreparing, kAccepting);
STEPWISE_ENUM(Timer, kRetry);

using Ballot = int32_t;  // 0, 1, 2, ...; kNoBallot before any
using Value = uint32_t;  // 1, 2, ...; kNoValue for none
inline constexpr Ballot kNoBallot = -1;
inline constexpr Value kNoValue = 0;
inline constexpr uint32_t kMaxNodes = 16;   // acceptor sets are 32-bit masks
inline constexpr uint32_t kMaxWaiting = 4;  // clients one node answers
inline constexpr uint32_t kMaxRecordedVotes = 32;

struct Config {
  uint32_t nodes = 3;      // acceptors
  uint32_t proposers = 2;  // nodes 0 .. proposers-1 also propose and learn
  uint32_t values = 2;     // clients propose values 1 .. values
  uint32_t ballots = 3;    // ballots 0 .. ballots-1 may start; 0: unbounded
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, proposers, values, ballots, bug)
};

// One vote an acceptor cast: what Voting.tla calls an element of votes[a].
struct Vote {
  Ballot ballot = kNoBallot;
  Value value = kNoValue;
  STEPWISE_FIELDS(Vote, ballot, value)
};

// A client waiting for the decision.
struct Waiter {
  ClientId client = 0;
  RequestId request_id = 0;
  STEPWISE_FIELDS(Waiter, client, request_id)
};

struct State {
  // Acceptor (durable): Paxos.tla's maxBal, maxVBal and maxVal.
  Ballot promised = kNoBallot;
  Ballot voted_ballot = kNoBallot;
  Value voted_value = kNoValue;
  // Proposer. `ballot`, the highest ballot it started, is durable.
  Ballot ballot = kNoBallot;
  Phase phase = Phase::kIdle;
  uint32_t promises = 0;            // acceptors that promised `ballot`
  Ballot prior_ballot = kNoBallot;  // the highest vote they reported
  Value prior_value = kNoValue;
  Value proposal = kNoValue;  // the value a client asked it to propose
  // Learner: Accepted messages counted for the highest ballot seen.
  Ballot tally_ballot = kNoBallot;
  Value tally_value = kNoValue;
  uint32_t tally = 0;  // acceptors that accepted (tally_ballot, tally_value)
  Value learned = kNoValue;
  std::vector<Waiter> waiting;  // at most kMaxWaiting
  // The record of every vote cast, oldest first (at most kMaxRecordedVotes,
  // the oldest forgotten first). Only the invariants read it: "a value is
  // chosen" is a fact about votes, which the current vote alone forgets.
  std::vector<Vote> votes;
  STEPWISE_FIELDS(State, promised, voted_ballot, voted_value, ballot, phase,
                  promises, prior_ballot, prior_value, proposal, tally_ballot,
                  tally_value, tally, learned, waiting, votes)
};

struct Prepare {  // 1a
  Ballot ballot = 0;
  STEPWISE_FIELDS(Prepare, ballot)
};
struct Promise {  // 1b
  Ballot ballot = 0;
  Ballot voted_ballot = kNoBallot;
  Value voted_value = kNoValue;
  STEPWISE_FIELDS(Promise, ballot, voted_ballot, voted_value)
};
struct Accept {  // 2a
  Ballot ballot = 0;
  Value value = kNoValue;
  STEPWISE_FIELDS(Accept, ballot, value)
};
struct Accepted {  // 2b
  Ballot ballot = 0;
  Value value = kNoValue;
  STEPWISE_FIELDS(Accepted, ballot, value)
};
using Message = std::variant<Prepare, Promise, Accept, Accepted>;

struct Propose {
  Value value = kNoValue;
  STEPWISE_FIELDS(Propose, value)
};
// The chosen value, or kNoValue from a node that is no proposer: the client
// should ask one of nodes 0 .. proposers-1.
struct Decision {
  Value value = kNoValue;
  STEPWISE_FIELDS(Decision, value)
};

struct Paxos {
  static constexpr std::string_view kName = "paxos";
  using Config = paxos::Config;
  using State = paxos::State;
  using Message = paxos::Message;
  using Command = Propose;
  using Result = Decision;
  using Timer = paxos::Timer;
  using Bug = paxos::Bug;

  static size_t node_count(const Config& config) { return config.nodes; }
  // "" if the configuration is runnable, else what is wrong with it.
  static std::string_view Validate(const Config& config);
  // How many acceptors make a quorum (a majority; n/2 under kHalfQuorum).
  static uint32_t Quorum(const Config& config);
  // The proposer that owns ballot `ballot`.
  static NodeId OwnerOf(const Config& config, Ballot ballot) {
    return static_cast<NodeId>(ballot) % config.proposers;
  }
  static bool IsProposer(const Config& config, NodeId node) {
    return node < config.proposers;
  }

  static State init(const Config&, NodeId) { return State{}; }
  static void step(const Config& config, NodeId self, State& state,
                   const Event<Paxos>& event, Effects<Paxos>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config&, const State&) { return true; }
  static std::vector<Propose> client_commands(const Config& config);

  static std::span<const Property<Paxos>> invariants();
  static std::span<const Property<Paxos>> goals();
  static std::span<const LivenessProperty<Paxos>> liveness();
};

static_assert(Protocol<Paxos>);
static_assert(HasClientCommands<Paxos>);
static_assert(HasLiveness<Paxos>);

}  // namespace stepwise::core::paxos

#endif  // STEPWISE_CORE_PAXOS_PAXOS_H_
