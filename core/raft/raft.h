// Raft (Ongaro & Ousterhout 2014; Ongaro's dissertation 2014) as a pure step
// function, shaped after etcd's raft package.
//
// Nodes 0..nodes-1 are interchangeable. Every choice a node makes on its own is
// a named timer the environment fires (the model checker tries every order;
// the runner jitters real timers):
//   kElection  - follower/candidate: start an election (or a pre-vote round);
//                leader with CheckQuorum: step down unless a quorum was heard
//                from since the last firing;
//   kHeartbeat - leader: send AppendEntries to every follower with nothing in
//                flight (only to those with something to learn, unless
//                Config::idle_heartbeats);
//   kPropose   - leader, Config::auto_propose only: propose one fixed client
//                command of its term (model checking has no clients yet);
//   kRead      - leader, Config::auto_read only: start one ReadIndex read.
//
// Durability (etcd's Ready rule). Term, vote and log are durable; everything
// else is volatile and rebuilt after `restart()` (the commit index is learned
// again from a leader and the key-value store is rebuilt by re-applying the
// log). Every step that changes the durable part calls `Effects::persist()`
// before it emits any message or reply: all sends go through one helper that
// persists pending durable changes first. A leader counts its own log as
// acknowledged as soon as it appends: the append's persist() precedes, in the
// same step, every message that could bring back the acknowledgements that
// complete a quorum, so by the time any entry can commit the leader's copy is
// on disk.
//
// Flow control: a leader keeps at most one AppendEntries in flight per
// follower (etcd's probe state) and sends the next one when the answer
// arrives (at once after a rejection, if entries or a read round wait); so
// in-flight messages
// stay bounded when Config::retransmit is off, which keeps model checking
// finite; with it on (the default) heartbeats also resend unanswered ones.
//
// Thread-safety: everything is a value; `step` is a pure function.

#ifndef STEPWISE_CORE_RAFT_RAFT_H_
#define STEPWISE_CORE_RAFT_RAFT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/raft/kv.h"
#include "core/reflect.h"

namespace stepwise::core::raft {

inline constexpr uint32_t kMaxNodes =
    31;  // vote and activity masks are 32 bits

// Textbook mistakes the checkers must catch (`--bug`).
STEPWISE_ENUM(Bug, kNone,
              // A leader commits an entry of an earlier term once a majority
              // stores it (the paper's Figure 8).
              kCommitOldTerm,
              // Votes are granted without the log up-to-date check.
              kVoteWithoutLogCheck,
              // A vote leaves before the vote (and term) are persisted.
              kReplyBeforePersist,
              // A follower overwrites a conflicting entry but keeps the
              // entries after it.
              kNoTruncateOnConflict,
              // The vote is not durable: a restarted node forgets it.
              kForgetVoteOnRestart,
              // A leader answers a read from its own state at once, without
              // confirming it still leads (a deposed leader reads stale).
              kReadWithoutQuorum);

STEPWISE_ENUM(Role, kFollower, kPreCandidate, kCandidate, kLeader);
STEPWISE_ENUM(Timer, kElection, kHeartbeat, kPropose, kRead);

struct Config {
  uint32_t nodes = 3;
  // Model-checking bounds (within_bounds): states past them are kept but not
  // expanded. They never change what a node does.
  uint64_t max_term = 3;
  uint64_t max_log_length = 2;
  // Most entries per AppendEntries; 0 means no limit (etcd's MaxSizePerMsg).
  uint32_t max_append_entries = 0;
  bool pre_vote = false;
  bool check_quorum = false;
  // Resend AppendEntries on a heartbeat even when one is still unanswered
  // (what a deployment needs, where messages to a crashed node are lost).
  // The model checker switches it off: unanswered resends make its state
  // space infinite; there a lost message is recovered by a new election.
  bool retransmit = true;
  // Heartbeat followers that have nothing to learn (what resets their
  // election timers in a deployment). The model checker fires timers in
  // every order regardless, so there these only multiply states; CheckQuorum
  // always sends them (they are how a leader hears from a quorum).
  bool idle_heartbeats = true;
  // Model-checking stand-ins for clients (see kPropose and kRead).
  bool auto_propose = false;
  bool auto_read = false;
  Bug bug = Bug::kNone;
  STEPWISE_FIELDS(Config, nodes, max_term, max_log_length, max_append_entries,
                  pre_vote, check_quorum, retransmit, idle_heartbeats,
                  auto_propose, auto_read, bug)
};

// The configuration `stepwise check raft`, the schedule fuzzer and the
// checker tests start from: leaders stand in for clients (kPropose, kRead),
// one entry per AppendEntries, no idle heartbeats and no retransmission
// (each multiplies states without adding behaviour the checker does not
// already try), and bounds small enough to finish in seconds (term 2, one
// log entry beyond which states are not expanded).
Config ModelCheckingConfig();

// --- The log --------------------------------------------------------------

// The entry a new leader appends at the start of its term.
struct Noop {
  STEPWISE_NO_FIELDS(Noop)
};
// A client command, with its session: client id and sequence number.
struct Proposal {
  ClientId client = 0;
  RequestId seq = 0;
  KvCommand command;
  STEPWISE_FIELDS(Proposal, client, seq, command)
};
struct Entry {
  uint64_t term = 0;
  std::variant<Noop, Proposal> command;
  STEPWISE_FIELDS(Entry, term, command)
};

// --- Node state -------------------------------------------------------------

// A leader's view of one follower.
struct Progress {
  uint64_t match = 0;        // highest index known replicated there
  uint64_t next = 1;         // next index to send
  uint64_t round = 0;        // highest read round it acknowledged
  uint64_t commit_sent = 0;  // highest commit index it was sent
  // With Config::retransmit: the last index the latest AppendEntries
  // covered. An answer below it answers an older or retransmitted message:
  // it may raise `match` but sends nothing, so retransmissions never
  // multiply the messages in flight. Always 0 without retransmission.
  uint64_t sent_end = 0;
  bool inflight = false;  // the latest AppendEntries is unanswered
  STEPWISE_FIELDS(Progress, match, next, round, commit_sent, sent_end, inflight)
};

// A ReadIndex read waiting at the leader.
struct PendingRead {
  ClientId client = 0;
  RequestId request_id = 0;
  std::string key;
  uint64_t index = 0;  // the read index; 0: waiting for a commit in this term
  uint64_t round = 0;  // heartbeat round that must confirm leadership
  STEPWISE_FIELDS(PendingRead, client, request_id, key, index, round)
};

struct State {
  // Durable.
  uint64_t term = 0;
  std::optional<NodeId> voted_for;
  std::vector<Entry> log;  // log[i - 1] is the entry at index i
  // Volatile.
  Role role = Role::kFollower;
  std::optional<NodeId> leader;  // known leader of `term`
  uint64_t commit = 0;
  uint64_t applied = 0;
  uint32_t votes = 0;   // (pre-)candidate: bit i set when node i granted
  uint32_t active = 0;  // leader with CheckQuorum: bit i set when heard from
  std::vector<Progress> progress;  // leader only: indexed by node
  uint64_t read_round = 0;         // leader only: last heartbeat round started
  std::vector<PendingRead> reads;  // leader only
  KvStore kv;                      // log[1..applied] applied
  uint32_t reads_served = 0;       // saturates at 255
  // Bookkeeping for the state-machine-safety invariant: set when this node
  // replaced an entry it had already applied (only a broken protocol does).
  bool applied_overwritten = false;
  STEPWISE_FIELDS(State, term, voted_for, log, role, leader, commit, applied,
                  votes, active, progress, read_round, reads, kv, reads_served,
                  applied_overwritten)

  uint64_t LastIndex() const { return log.size(); }
  uint64_t LastTerm() const { return log.empty() ? 0 : log.back().term; }
  // 0 for index 0 and for indexes past the end.
  uint64_t TermAt(uint64_t index) const {
    return index == 0 || index > log.size() ? 0 : log[index - 1].term;
  }
};

// --- Messages
// -----------------------------------------------------------------

// RequestVote, or a PreVote when `pre_vote` (then `term` is the term the
// sender would campaign in, and nobody changes term or vote because of it).
struct RequestVote {
  uint64_t term = 0;
  uint64_t last_index = 0;
  uint64_t last_term = 0;
  bool pre_vote = false;
  STEPWISE_FIELDS(RequestVote, term, last_index, last_term, pre_vote)
};
struct Vote {
  uint64_t term = 0;
  bool granted = false;
  bool pre_vote = false;
  STEPWISE_FIELDS(Vote, term, granted, pre_vote)
};
struct AppendEntries {
  uint64_t term = 0;
  uint64_t prev_index = 0;
  uint64_t prev_term = 0;
  std::vector<Entry> entries;
  uint64_t commit = 0;
  uint64_t round = 0;  // ReadIndex heartbeat round, echoed back
  STEPWISE_FIELDS(AppendEntries, term, prev_index, prev_term, entries, commit,
                  round)
};
// Success: `index` is the last index now known to match the leader's log.
// Rejection: `index` is the rejected prev_index, and the conflict hint says
// where to retry (conflict_term 0: the follower's log ends before
// conflict_index; otherwise conflict_index is the first index of
// conflict_term in the follower's log).
struct AppendResult {
  uint64_t term = 0;
  bool success = false;
  uint64_t index = 0;
  uint64_t conflict_index = 0;
  uint64_t conflict_term = 0;
  uint64_t round = 0;
  STEPWISE_FIELDS(AppendResult, term, success, index, conflict_index,
                  conflict_term, round)
};
using Message = std::variant<RequestVote, Vote, AppendEntries, AppendResult>;

// --- The protocol
// -------------------------------------------------------------

struct Raft {
  static constexpr std::string_view kName = "raft";
  using Config = raft::Config;
  using State = raft::State;
  using Message = raft::Message;
  using Command = KvCommand;
  using Result = KvResult;
  using Timer = raft::Timer;
  using Bug = raft::Bug;

  // The fixed command kPropose proposes (client kAutoClient, sequence number
  // = the leader's term): put x = <term>.
  static constexpr ClientId kAutoClient = 1;

  static size_t node_count(const Config& config) { return config.nodes; }
  static State init(const Config& config, NodeId self);
  static void step(const Config& config, NodeId self, State& state,
                   const Event<Raft>& event, Effects<Raft>& effects);
  static State restart(const Config& config, NodeId self,
                       const State& before_crash);
  static bool within_bounds(const Config& config, const State& state) {
    return state.term <= config.max_term &&
           state.log.size() <= config.max_log_length;
  }

  // What the model checker's clients send (--requests): writes of two
  // values and a read of one key, so a lost, doubled or stale operation
  // shows in the history.
  static std::vector<KvCommand> client_commands(const Config& config);

  static std::span<const Property<Raft>> invariants();
  static std::span<const Property<Raft>> goals();
  // Under weak fairness; see core/raft/invariants.h.
  static std::span<const LivenessProperty<Raft>> liveness();

  static std::vector<NodeId> symmetric_nodes(const Config& config);
  static State rename(const State& state, Permutation perm);
  // Messages name no nodes.
  static Message rename(const Message& message, Permutation) { return message; }
  // A NotLeader result names the leader its node believed in.
  static KvResult rename(const KvResult& result, Permutation perm);
};

static_assert(Protocol<Raft>);
static_assert(SymmetricProtocol<Raft>);
static_assert(RenamesResults<Raft>);
static_assert(HasClientCommands<Raft>);
static_assert(HasLiveness<Raft>);

}  // namespace stepwise::core::raft

#endif  // STEPWISE_CORE_RAFT_RAFT_H_
