#include "core/raft/raft.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace stepwise::core::raft {
namespace {

using Fx = Effects<Raft>;

constexpr uint32_t kMaxReadsServed = 255;

uint32_t Bit(NodeId node) { return uint32_t{1} << node; }
bool IsQuorum(const Config& config, uint32_t mask) {
  return static_cast<uint32_t>(std::popcount(mask)) * 2 > config.nodes;
}

uint64_t TermOf(const Message& message) {
  return std::visit([](const auto& m) { return m.term; }, message);
}

// One step of one node. All outputs go through Send() and Reply(), which
// persist pending durable changes first: that is how the Ready rule is kept.
class Node {
 public:
  Node(const Config& config, NodeId self, State& state, Fx& effects)
      : config_(config), self_(self), s_(state), fx_(effects) {}

  void OnStart();
  void OnReceive(NodeId from, const Message& message);
  void OnTimeout(Timer timer);
  void OnRequest(const Request<Raft>& request);

  // Persists pending durable changes (called before any output, and at the
  // end of every step).
  void Flush() {
    if (dirty_) fx_.persist();
    dirty_ = false;
  }

 private:
  bool Leader() const { return s_.role == Role::kLeader; }
  bool InLease() const { return config_.check_quorum && s_.leader.has_value(); }
  void MarkDurable() { dirty_ = true; }
  void Send(NodeId to, Message message) {
    Flush();
    fx_.send(to, std::move(message));
  }
  void Reply(ClientId client, RequestId request_id, KvResult result) {
    Flush();
    fx_.reply(client, request_id, std::move(result));
  }

  // Role changes.
  void BecomeFollower(uint64_t term, std::optional<NodeId> leader);
  void Campaign();
  void BecomeCandidate();
  void BecomeLeader();

  // Handlers (the message's term is the node's term, except for PreVote).
  void HandleRequestVote(NodeId from, const RequestVote& m);
  void HandleVote(NodeId from, const Vote& m);
  void HandleAppendEntries(NodeId from, const AppendEntries& m);
  void HandleAppendResult(NodeId from, const AppendResult& m);
  void RejectAppend(NodeId from, const AppendEntries& m);

  // Leader machinery.
  void AppendToOwnLog(Entry entry);
  void SendAppend(NodeId peer);
  // `resend_unanswered`: the heartbeat's retransmission (Config::retransmit)
  // of an AppendEntries still unanswered; otherwise such peers are skipped.
  void SendToIdlePeers(bool resend_unanswered = false);
  void MaybeCommit();
  void ApplyCommitted();
  void Propose(ClientId client, RequestId seq, KvCommand command);
  void StartRead(ClientId client, RequestId request_id, std::string key);
  void StartReadRound();
  void ServeReads();
  bool ReadWaitsFor(const Progress& progress) const;

  const Config& config_;
  const NodeId self_;
  State& s_;
  Fx& fx_;
  bool dirty_ = false;  // durable state changed, persist() not yet called
};

// --- Events
// -------------------------------------------------------------------

void Node::OnStart() {
  if (Leader()) {
    fx_.set_timer(Timer::kHeartbeat);
    if (config_.check_quorum) fx_.set_timer(Timer::kElection);
  } else {
    fx_.set_timer(Timer::kElection);
  }
}

void Node::OnTimeout(Timer timer) {
  switch (timer) {
    case Timer::kElection:
      if (!Leader()) {
        Campaign();
      } else if (config_.check_quorum) {
        // CheckQuorum: a leader that has not heard from a quorum during an
        // election timeout steps down (dissertation §6.2).
        if (!IsQuorum(config_, s_.active | Bit(self_))) {
          BecomeFollower(s_.term, std::nullopt);
          return;
        }
        s_.active = 0;
        fx_.set_timer(Timer::kElection);
      }
      return;
    case Timer::kHeartbeat:
      if (!Leader()) return;
      SendToIdlePeers(/*resend_unanswered=*/true);
      fx_.set_timer(Timer::kHeartbeat);
      return;
    case Timer::kPropose:
      if (!Leader() || !config_.auto_propose) return;
      Propose(Raft::kAutoClient, s_.term,
              KvCommand{KvOp::kPut, "x", std::to_string(s_.term), ""});
      return;
    case Timer::kRead:
      if (!Leader() || !config_.auto_read) return;
      StartRead(Raft::kAutoClient, s_.term, "x");
      return;
  }
}

void Node::OnRequest(const Request<Raft>& request) {
  if (!Leader()) {
    Reply(request.client, request.request_id, NotLeader{s_.leader});
  } else if (request.command.op == KvOp::kGet) {
    StartRead(request.client, request.request_id, request.command.key);
  } else {
    Propose(request.client, request.request_id, request.command);
  }
}

void Node::OnReceive(NodeId from, const Message& message) {
  if (from >= config_.nodes || from == self_) return;  // not a peer
  const uint64_t term = TermOf(message);
  const auto* request_vote = std::get_if<RequestVote>(&message);
  const auto* vote = std::get_if<Vote>(&message);
  if (term > s_.term) {
    if (request_vote != nullptr && InLease()) {
      // A node that hears from a live leader ignores campaigns (etcd with
      // CheckQuorum; dissertation §4.2.3): it keeps its term.
      return;
    }
    const bool future_term_vote =
        (request_vote != nullptr && request_vote->pre_vote) ||
        (vote != nullptr && vote->pre_vote && vote->granted);
    if (!future_term_vote) {
      // "If RPC request or response contains term T > currentTerm: set
      // currentTerm = T, convert to follower."
      const bool from_leader = std::holds_alternative<AppendEntries>(message);
      BecomeFollower(term,
                     from_leader ? std::optional<NodeId>(from) : std::nullopt);
    }
  } else if (term < s_.term) {
    // Stale. Answer what lets the sender step down; ignore the rest.
    if (const auto* append = std::get_if<AppendEntries>(&message)) {
      Send(from, AppendResult{s_.term, false, append->prev_index, 0, 0, 0});
    } else if (request_vote != nullptr && request_vote->pre_vote) {
      Send(from, Vote{s_.term, false, true});
    }
    return;
  }
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, RequestVote>) {
          HandleRequestVote(from, m);
        } else if constexpr (std::is_same_v<M, Vote>) {
          HandleVote(from, m);
        } else if constexpr (std::is_same_v<M, AppendEntries>) {
          HandleAppendEntries(from, m);
        } else {
          HandleAppendResult(from, m);
        }
      },
      message);
}

// --- Elections
// ----------------------------------------------------------------

void Node::BecomeFollower(uint64_t term, std::optional<NodeId> leader) {
  assert(term >= s_.term);
  if (term != s_.term) {
    s_.term = term;
    s_.voted_for.reset();
    MarkDurable();
  }
  if (Leader()) {
    for (const PendingRead& read : s_.reads) {
      Reply(read.client, read.request_id, NotLeader{leader});
    }
    fx_.cancel_timer(Timer::kHeartbeat);
    fx_.cancel_timer(Timer::kPropose);
    fx_.cancel_timer(Timer::kRead);
  }
  s_.role = Role::kFollower;
  s_.leader = leader;
  s_.votes = 0;
  s_.active = 0;
  s_.progress.clear();
  s_.read_round = 0;
  s_.reads.clear();
  fx_.set_timer(Timer::kElection);
}

void Node::Campaign() {
  assert(!Leader());
  if (!config_.pre_vote) {
    BecomeCandidate();
    return;
  }
  // PreVote (dissertation §9.6): ask whether we could win, without
  // disturbing anyone's term.
  s_.role = Role::kPreCandidate;
  s_.leader.reset();
  s_.votes = Bit(self_);
  fx_.set_timer(Timer::kElection);
  if (IsQuorum(config_, s_.votes)) {
    BecomeCandidate();
    return;
  }
  for (NodeId peer = 0; peer < config_.nodes; ++peer) {
    if (peer == self_) continue;
    Send(peer, RequestVote{s_.term + 1, s_.LastIndex(), s_.LastTerm(), true});
  }
}

void Node::BecomeCandidate() {
  // "Increment currentTerm, vote for self, ... send RequestVote RPCs."
  ++s_.term;
  s_.voted_for = self_;
  MarkDurable();
  s_.role = Role::kCandidate;
  s_.leader.reset();
  s_.votes = Bit(self_);
  fx_.set_timer(Timer::kElection);
  if (IsQuorum(config_, s_.votes)) {
    BecomeLeader();
    return;
  }
  for (NodeId peer = 0; peer < config_.nodes; ++peer) {
    if (peer == self_) continue;
    Send(peer, RequestVote{s_.term, s_.LastIndex(), s_.LastTerm(), false});
  }
}

void Node::HandleRequestVote(NodeId from, const RequestVote& m) {
  // A PreVote is granted for a term beyond ours; a vote only once per term,
  // and not while we know a leader of this term.
  const bool can_vote = s_.voted_for == from ||
                        (!s_.voted_for.has_value() && !s_.leader.has_value()) ||
                        (m.pre_vote && m.term > s_.term);
  // "If votedFor is null or candidateId, and candidate's log is at least as
  // up-to-date as receiver's log, grant vote" (§5.4.1).
  const bool up_to_date =
      config_.bug == Bug::kVoteWithoutLogCheck || m.last_term > s_.LastTerm() ||
      (m.last_term == s_.LastTerm() && m.last_index >= s_.LastIndex());
  if (!can_vote || !up_to_date) {
    // Candidates count only grants, so a rejection is worth sending only
    // when it tells a pre-candidate of a term at least the one it asks for
    // (a real RequestVote reaching here has our term).
    if (m.pre_vote && s_.term >= m.term) {
      Send(from, Vote{s_.term, false, true});
    }
    return;
  }
  if (m.pre_vote) {
    Send(from, Vote{m.term, true, true});
    return;
  }
  s_.voted_for = from;
  MarkDurable();
  fx_.set_timer(Timer::kElection);
  if (config_.bug == Bug::kReplyBeforePersist) {
    fx_.send(from, Vote{m.term, true, false});  // bypasses the flush: the bug
    return;
  }
  Send(from, Vote{m.term, true, false});
}

void Node::HandleVote(NodeId from, const Vote& m) {
  if (!m.granted) return;  // a rejection from a higher term stepped us down
  if (m.pre_vote) {
    if (s_.role != Role::kPreCandidate || m.term != s_.term + 1) return;
    s_.votes |= Bit(from);
    if (IsQuorum(config_, s_.votes)) BecomeCandidate();
  } else {
    if (s_.role != Role::kCandidate || m.term != s_.term) return;
    s_.votes |= Bit(from);
    // "If votes received from majority of servers: become leader."
    if (IsQuorum(config_, s_.votes)) BecomeLeader();
  }
}

void Node::BecomeLeader() {
  s_.role = Role::kLeader;
  s_.leader = self_;
  s_.votes = 0;
  s_.active = 0;
  s_.progress.assign(config_.nodes,
                     Progress{0, s_.LastIndex() + 1, 0, 0, 0, false});
  s_.read_round = 0;
  s_.reads.clear();
  // A no-op entry of the new term (dissertation §6.4): once it commits, the
  // leader knows which entries are committed and may serve reads.
  AppendToOwnLog(Entry{s_.term, Noop{}});
  if (config_.check_quorum) {
    fx_.set_timer(Timer::kElection);
  } else {
    fx_.cancel_timer(Timer::kElection);
  }
  fx_.set_timer(Timer::kHeartbeat);
  if (config_.auto_propose && s_.log.size() < config_.max_log_length) {
    fx_.set_timer(Timer::kPropose);
  }
  if (config_.auto_read && s_.reads_served == 0) fx_.set_timer(Timer::kRead);
  SendToIdlePeers();
  MaybeCommit();
}

// --- Replication
// ----------------------------------------------------------------

void Node::AppendToOwnLog(Entry entry) {
  assert(Leader());
  assert(entry.term == s_.term);
  s_.log.push_back(std::move(entry));
  MarkDurable();
  // Counts as acknowledged now: persist() precedes every send of this step.
  s_.progress[self_].match = s_.LastIndex();
  s_.progress[self_].next = s_.LastIndex() + 1;
}

void Node::SendAppend(NodeId peer) {
  Progress& pr = s_.progress[peer];
  assert(pr.next >= 1 && pr.next <= s_.LastIndex() + 1);
  const uint64_t prev = pr.next - 1;
  uint64_t end = s_.LastIndex();
  if (config_.max_append_entries > 0) {
    end = std::min(end, prev + config_.max_append_entries);
  }
  AppendEntries m{s_.term, prev, s_.TermAt(prev), {}, s_.commit, s_.read_round};
  m.entries.assign(s_.log.begin() + static_cast<ptrdiff_t>(prev),
                   s_.log.begin() + static_cast<ptrdiff_t>(end));
  pr.inflight = true;
  if (config_.retransmit) pr.sent_end = end;
  pr.commit_sent = std::max(pr.commit_sent, std::min(s_.commit, end));
  Send(peer, std::move(m));
}

void Node::SendToIdlePeers(bool resend_unanswered) {
  for (NodeId peer = 0; peer < config_.nodes; ++peer) {
    if (peer == self_) continue;
    const Progress& pr = s_.progress[peer];
    if (pr.inflight && !(resend_unanswered && config_.retransmit)) continue;
    const bool news = pr.next <= s_.LastIndex() || ReadWaitsFor(pr) ||
                      std::min(s_.commit, pr.match) > pr.commit_sent;
    if (news || config_.idle_heartbeats || config_.check_quorum) {
      SendAppend(peer);
    }
  }
}

void Node::RejectAppend(NodeId from, const AppendEntries& m) {
  AppendResult r{s_.term, false, m.prev_index, 0, 0, m.round};
  if (m.prev_index > s_.LastIndex()) {
    r.conflict_index = s_.LastIndex() + 1;  // our log ends before prev
  } else {
    // Fast backtracking: skip our whole run of the conflicting term.
    r.conflict_term = s_.TermAt(m.prev_index);
    uint64_t first = m.prev_index;
    while (first > 1 && s_.TermAt(first - 1) == r.conflict_term) --first;
    r.conflict_index = first;
  }
  Send(from, r);
}

void Node::HandleAppendEntries(NodeId from, const AppendEntries& m) {
  if (Leader()) return;  // another leader of our term cannot exist
  if (s_.role != Role::kFollower) {
    BecomeFollower(s_.term, from);  // "If AppendEntries RPC received from new
                                    // leader: convert to follower."
  }
  s_.leader = from;
  fx_.set_timer(Timer::kElection);
  // "Reply false if log doesn't contain an entry at prevLogIndex whose term
  // matches prevLogTerm."
  if (m.prev_index > s_.LastIndex() || s_.TermAt(m.prev_index) != m.prev_term) {
    RejectAppend(from, m);
    return;
  }
  // "If an existing entry conflicts with a new one (same index but different
  // terms), delete the existing entry and all that follow it. Append any new
  // entries not already in the log."
  uint64_t index = m.prev_index;
  for (const Entry& entry : m.entries) {
    ++index;
    if (index <= s_.LastIndex()) {
      if (s_.TermAt(index) == entry.term) continue;
      if (index <= s_.applied) s_.applied_overwritten = true;
      MarkDurable();
      if (config_.bug == Bug::kNoTruncateOnConflict) {
        s_.log[index - 1] = entry;
        continue;
      }
      s_.log.resize(index - 1);
    }
    s_.log.push_back(entry);
    MarkDurable();
  }
  // "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index
  // of last new entry)."
  s_.commit = std::max(s_.commit, std::min(m.commit, index));
  ApplyCommitted();
  Send(from, AppendResult{s_.term, true, index, 0, 0, m.round});
}

void Node::HandleAppendResult(NodeId from, const AppendResult& m) {
  if (!Leader()) return;
  Progress& pr = s_.progress[from];
  // Only retransmission puts two AppendEntries to one follower in flight;
  // without it (the model checker's setting) every answer answers the latest
  // message, and sent_end stays 0 so it adds no states. Rejections name the
  // prev_index they rejected: the latest message's is next - 1 (next moves
  // only on answers). An answer to an older message leaves `inflight` set,
  // so it starts no second chain of messages.
  const bool answers_latest =
      !config_.retransmit ||
      (m.success ? m.index >= pr.sent_end : m.index + 1 == pr.next);
  if (answers_latest) pr.inflight = false;
  if (config_.check_quorum) s_.active |= Bit(from);
  if (m.round > pr.round && m.round <= s_.read_round) pr.round = m.round;
  if (m.success) {
    if (m.index > pr.match && m.index <= s_.LastIndex()) {
      pr.match = m.index;
      pr.next = std::max(pr.next, m.index + 1);
      MaybeCommit();
    }
  } else if (m.index + 1 == pr.next && pr.next > pr.match + 1) {
    // Not stale: back up using the follower's hint (§5.3, "the leader can
    // decrement nextIndex to bypass all of the conflicting entries").
    uint64_t next = m.conflict_index;
    if (m.conflict_term != 0) {
      for (uint64_t i = std::min(m.index, s_.LastIndex()); i > 0; --i) {
        if (s_.TermAt(i) == m.conflict_term) {
          next = i + 1;
          break;
        }
        if (s_.TermAt(i) < m.conflict_term) break;
      }
    }
    pr.next = std::clamp(next, pr.match + 1, pr.next - 1);
  }
  ServeReads();
  // (MaybeCommit or ServeReads may have sent to this follower already.)
  if (answers_latest && !pr.inflight &&
      (pr.next <= s_.LastIndex() || ReadWaitsFor(pr))) {
    SendAppend(from);
  }
}

void Node::MaybeCommit() {
  assert(Leader());
  const uint64_t old_commit = s_.commit;
  // "If there exists an N such that N > commitIndex, a majority of
  // matchIndex[i] >= N, and log[N].term == currentTerm: set commitIndex = N."
  for (uint64_t n = s_.LastIndex(); n > s_.commit; --n) {
    if (s_.TermAt(n) != s_.term && config_.bug != Bug::kCommitOldTerm) break;
    uint32_t stored = 0;
    for (NodeId node = 0; node < config_.nodes; ++node) {
      if (s_.progress[node].match >= n) stored |= Bit(node);
    }
    if (IsQuorum(config_, stored)) {
      s_.commit = n;
      break;
    }
  }
  if (s_.commit == old_commit) return;
  ApplyCommitted();
  if (s_.TermAt(s_.commit) == s_.term) StartReadRound();
}

void Node::ApplyCommitted() {
  // "If commitIndex > lastApplied: increment lastApplied, apply
  // log[lastApplied] to state machine."
  const uint64_t limit = std::min(s_.commit, s_.LastIndex());
  while (s_.applied < limit) {
    ++s_.applied;
    const Entry& entry = s_.log[s_.applied - 1];
    const auto* proposal = std::get_if<Proposal>(&entry.command);
    if (proposal == nullptr) continue;  // a no-op changes nothing
    std::optional<KvResult> result =
        s_.kv.Apply(proposal->client, proposal->seq, proposal->command);
    fx_.apply(s_.applied, proposal->command);
    // Whoever leads answers, also for entries of earlier leaders: the client
    // may have retried here.
    if (Leader() && result.has_value()) {
      Reply(proposal->client, proposal->seq, *std::move(result));
    }
  }
}

// --- Clients
// --------------------------------------------------------------------

void Node::Propose(ClientId client, RequestId seq, KvCommand command) {
  assert(Leader());
  if (std::optional<KvResult> done = s_.kv.Lookup(client, seq)) {
    Reply(client, seq, *std::move(done));  // a retry of an applied command
    return;
  }
  for (uint64_t i = s_.applied + 1; i <= s_.LastIndex(); ++i) {
    const auto* proposal = std::get_if<Proposal>(&s_.log[i - 1].command);
    if (proposal != nullptr && proposal->client == client &&
        proposal->seq == seq) {
      return;  // already in the log: answered when applied
    }
  }
  AppendToOwnLog(Entry{s_.term, Proposal{client, seq, std::move(command)}});
  SendToIdlePeers();
  MaybeCommit();
}

void Node::StartRead(ClientId client, RequestId request_id, std::string key) {
  assert(Leader());
  if (config_.bug == Bug::kReadWithoutQuorum) {
    s_.reads_served = std::min(s_.reads_served + 1, kMaxReadsServed);
    Reply(client, request_id, s_.kv.Get(key));
    return;
  }
  s_.reads.push_back(PendingRead{client, request_id, std::move(key), 0, 0});
  // A new leader serves reads only once an entry of its term committed: only
  // then is its commit index at least that of every earlier leader.
  if (s_.TermAt(s_.commit) == s_.term) StartReadRound();
}

void Node::StartReadRound() {
  bool any = false;
  for (PendingRead& read : s_.reads) {
    if (read.index != 0) continue;
    if (!any) ++s_.read_round;
    any = true;
    read.index = s_.commit;  // ReadIndex: the commit index now
    read.round = s_.read_round;
  }
  if (!any) return;
  // Confirm leadership with a round of heartbeats.
  SendToIdlePeers();
  ServeReads();
}

bool Node::ReadWaitsFor(const Progress& progress) const {
  return !s_.reads.empty() && s_.reads.back().index != 0 &&
         s_.reads.back().round > progress.round;
}

void Node::ServeReads() {
  while (!s_.reads.empty()) {
    const PendingRead& read = s_.reads.front();
    if (read.index == 0 || s_.applied < read.index) return;
    uint32_t confirmed = Bit(self_);
    for (NodeId node = 0; node < config_.nodes; ++node) {
      if (s_.progress[node].round >= read.round) confirmed |= Bit(node);
    }
    if (!IsQuorum(config_, confirmed)) return;
    Reply(read.client, read.request_id, s_.kv.Get(read.key));
    s_.reads_served = std::min(s_.reads_served + 1, kMaxReadsServed);
    s_.reads.erase(s_.reads.begin());
  }
}

}  // namespace

State Raft::init(const Config&, NodeId) { return State{}; }

void Raft::step(const Config& config, NodeId self, State& state,
                const Event<Raft>& event, Effects<Raft>& effects) {
  assert(self < config.nodes);
  assert(config.nodes <= kMaxNodes);
  Node node(config, self, state, effects);
  if (std::holds_alternative<Start>(event)) {
    node.OnStart();
  } else if (const auto* receive = std::get_if<Receive<Raft>>(&event)) {
    node.OnReceive(receive->from, receive->message);
  } else if (const auto* timeout = std::get_if<Timeout<Raft>>(&event)) {
    node.OnTimeout(timeout->timer);
  } else if (const auto* request = std::get_if<Request<Raft>>(&event)) {
    node.OnRequest(*request);
  }
  node.Flush();
}

State Raft::restart(const Config& config, NodeId, const State& before_crash) {
  State state;
  state.term = before_crash.term;
  if (config.bug != Bug::kForgetVoteOnRestart) {
    state.voted_for = before_crash.voted_for;
  }
  state.log = before_crash.log;
  return state;
}

std::vector<NodeId> Raft::symmetric_nodes(const Config& config) {
  std::vector<NodeId> nodes;
  for (NodeId node = 0; node < config.nodes; ++node) nodes.push_back(node);
  return nodes;
}

namespace {

std::optional<NodeId> RenameNode(std::optional<NodeId> node, Permutation perm) {
  if (!node.has_value() || *node >= perm.size()) return node;
  return perm[*node];
}

uint32_t RenameMask(uint32_t mask, Permutation perm) {
  uint32_t renamed = 0;
  for (NodeId node = 0; node < perm.size() && node < 32; ++node) {
    if (mask & Bit(node)) renamed |= Bit(perm[node]);
  }
  return renamed;
}

}  // namespace

State Raft::rename(const State& state, Permutation perm) {
  State renamed = state;
  renamed.voted_for = RenameNode(state.voted_for, perm);
  renamed.leader = RenameNode(state.leader, perm);
  renamed.votes = RenameMask(state.votes, perm);
  renamed.active = RenameMask(state.active, perm);
  if (state.progress.size() == perm.size()) {
    for (NodeId node = 0; node < perm.size(); ++node) {
      renamed.progress[perm[node]] = state.progress[node];
    }
  }
  return renamed;
}

KvResult Raft::rename(const KvResult& result, Permutation perm) {
  KvResult renamed = result;
  if (auto* not_leader = std::get_if<NotLeader>(&renamed)) {
    not_leader->leader = RenameNode(not_leader->leader, perm);
  }
  return renamed;
}

std::vector<KvCommand> Raft::client_commands(const Config&) {
  KvCommand put_1{KvOp::kPut, "x", "1", ""};
  KvCommand put_2{KvOp::kPut, "x", "2", ""};
  KvCommand get{KvOp::kGet, "x", "", ""};
  return {put_1, put_2, get};
}

Config ModelCheckingConfig() {
  Config config;
  config.max_term = 2;
  config.max_log_length = 1;
  config.max_append_entries = 1;
  config.retransmit = false;
  config.idle_heartbeats = false;
  config.auto_propose = true;
  config.auto_read = true;
  return config;
}

}  // namespace stepwise::core::raft
