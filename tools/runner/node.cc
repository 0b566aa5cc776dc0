#include "tools/runner/node.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "asio.hpp"
#include "core/codec/codec.h"
#include "core/raft/raft.h"
#include "core/reflect.h"
#include "fmt/core.h"
#include "tools/runner/client_commands.h"
#include "tools/runner/durable_tracker.h"
#include "tools/runner/log.h"
#include "tools/runner/metrics.h"
#include "tools/runner/peer_link.h"
#include "wire/frame.h"
#include "wire/resp.h"
#include "wire/wal.h"

namespace stepwise::runner {
namespace {

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using core::NodeId;
using core::raft::Raft;
using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 << 10;
// A client that stops reading replies is cut off past this much backlog.
constexpr size_t kClientBacklogLimit = 64u << 20;

std::string RandomBytes(std::mt19937_64& rng, size_t count) {
  std::string bytes(count, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  return bytes;
}

uint64_t Nanos(Clock::duration d) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
}

// One RESP connection: a Raft client session.
struct ClientConnection {
  struct Slot {
    core::RequestId request_id = 0;  // 0: answered locally
    bool ready = false;
    bool is_write = false;
    ReplyStyle style = ReplyStyle::kGet;
    Clock::time_point start;
    std::string reply;
  };

  explicit ClientConnection(tcp::socket s) : socket(std::move(s)) {}

  tcp::socket socket;
  core::ClientId client = 0;
  core::RequestId next_request = 1;
  wire::RespRequestParser parser;
  std::deque<Slot> slots;  // in request order
  std::string out;         // replies waiting for the socket
  bool writing = false;
  bool close_after_write = false;
  bool closed = false;
};

class Node : public PeerHost {
 public:
  Node(asio::io_context& io, const NodeOptions& options,
       std::unique_ptr<wire::Wal> wal, const wire::DurableState& recovered)
      : io_(io),
        options_(options),
        self_(options.id - 1),
        wal_(std::move(wal)),
        tracker_(recovered.term, recovered.voted_for, recovered.log),
        rng_(std::random_device{}()),
        election_timer_(io),
        heartbeat_timer_(io),
        sweep_timer_(io) {
    config_.nodes = static_cast<uint32_t>(options.peers.size());
    config_.max_term = UINT64_MAX;
    config_.max_log_length = UINT64_MAX;
    config_.max_append_entries = options.max_append_entries;
    config_.pre_vote = options.pre_vote;
    config_.check_quorum = options.check_quorum;
    config_.retransmit = true;
    config_.idle_heartbeats = true;
    core::raft::State before;
    before.term = recovered.term;
    before.voted_for = recovered.voted_for;
    before.log = recovered.log;
    state_ = Raft::restart(config_, self_, before);
  }

  absl::Status Start();
  void Stop();

  // --- PeerHost, for the peer links.
  uint32_t id() const override { return options_.id; }
  const NodeOptions& options() const override { return options_; }
  NodeMetrics& metrics() override { return metrics_; }
  std::mt19937_64& rng() { return rng_; }
  bool Isolated() const { return Clock::now() < isolated_until_; }
  wire::PeerHello MakeHello() override {
    wire::PeerHello hello;
    hello.magic = std::string(wire::kPeerMagic);
    hello.version = 1;
    hello.cluster_id = options_.cluster_id;
    hello.node_id = options_.id;
    hello.client_address = options_.client.ToString();
    hello.nonce = RandomBytes(rng_, 32);
    return hello;
  }
  void LearnClientAddress(uint32_t peer_id,
                          const std::string& address) override {
    client_addresses_[peer_id] = address;
  }
  void Enqueue(core::Event<Raft> event) {
    inbox_.push_back(std::move(event));
    if (!drain_posted_) {
      drain_posted_ = true;
      asio::post(io_, [this] { Drain(); });
    }
  }

 private:
  // Accepts connections until Stop() closes the acceptor.
  awaitable<void> Accept(tcp::acceptor acceptor,
                         std::function<void(tcp::socket)> on_accept);
  awaitable<void> ServePeer(tcp::socket socket);
  void OnClientAccepted(tcp::socket socket);
  awaitable<void> ServeClient(std::shared_ptr<ClientConnection> connection);
  awaitable<void> ServeMetrics(tcp::socket socket);

  void Drain();
  // What ObserveStep compares across a step (copying the state would copy
  // the log).
  struct Observed {
    core::raft::Role role;
    uint64_t term;
    std::optional<NodeId> leader;
  };
  Observed Observe() const { return {state_.role, state_.term, state_.leader}; }
  void ObserveStep(const Observed& before);
  void ApplyTimers(const core::Effects<Raft>& effects);
  void ArmTimer(core::raft::Timer timer);
  void Deliver(const core::Reply<Raft>& reply);
  void FailPendingWrites(std::string_view why);
  void Sweep();

  void HandleCommand(ClientConnection& connection,
                     std::span<const std::string> args);
  std::string LocalReply(ClientConnection& connection,
                         const LocalCommand& command);
  void Flush(const std::shared_ptr<ClientConnection>& connection);
  void Close(ClientConnection& connection);
  std::string ClientAddressOf(NodeId node) const;
  std::vector<MetricField> Fields() const;

  asio::io_context& io_;
  NodeOptions options_;
  NodeId self_;
  core::raft::Config config_;
  core::raft::State state_;
  core::Effects<Raft> effects_;
  std::unique_ptr<wire::Wal> wal_;
  DurableTracker tracker_;
  std::mt19937_64 rng_;

  std::vector<core::Event<Raft>> inbox_;
  bool drain_posted_ = false;
  std::vector<core::Envelope<Raft>> outbox_;
  std::vector<core::Reply<Raft>> replies_;

  asio::steady_timer election_timer_;
  asio::steady_timer heartbeat_timer_;
  asio::steady_timer sweep_timer_;
  uint64_t election_generation_ = 0;
  uint64_t heartbeat_generation_ = 0;

  std::map<uint32_t, std::unique_ptr<PeerLink>> links_;  // by 1-based id
  std::map<uint32_t, std::string> client_addresses_;     // by 1-based id
  absl::flat_hash_map<core::ClientId, std::shared_ptr<ClientConnection>>
      clients_;
  std::vector<tcp::acceptor*> acceptors_;
  Clock::time_point isolated_until_{};
  NodeMetrics metrics_;
  bool stopping_ = false;
};

// ---------------------------------------------------------------------------
// The step loop.

void Node::Drain() {
  drain_posted_ = false;
  std::vector<core::Event<Raft>> events;
  events.swap(inbox_);
  for (const core::Event<Raft>& event : events) {
    const Observed before = Observe();
    effects_.Clear();
    Raft::step(config_, self_, state_, event, effects_);
    ++metrics_.steps;
    if (effects_.persisted()) tracker_.Save(state_, *wal_);
    ApplyTimers(effects_);
    for (const core::Envelope<Raft>& send : effects_.sends()) {
      outbox_.push_back(send);
    }
    for (const core::Reply<Raft>& reply : effects_.replies()) {
      replies_.push_back(reply);
    }
    metrics_.entries_applied += effects_.applied().size();
    ObserveStep(before);
  }
  // The Ready rule: every durable change of the batch is on disk before any
  // of the batch's messages or replies leaves.
  if (wal_->HasPending()) {
    if (absl::Status status = wal_->Sync(); !status.ok()) {
      LogLine(options_.id, absl::StrCat("FATAL: WAL sync failed, stopping: ",
                                        status.ToString()));
      std::fflush(stderr);
      std::_Exit(1);
    }
    ++metrics_.batches;
  }
  for (core::Envelope<Raft>& send : outbox_) {
    auto link = links_.find(send.to + 1);
    if (link == links_.end()) continue;
    if (Isolated()) {
      ++metrics_.peer_messages_dropped;
      continue;
    }
    std::string frame;
    wire::AppendFrame(&frame, core::codec::Encode(send.message));
    link->second->Send(std::move(frame));
  }
  outbox_.clear();
  for (const core::Reply<Raft>& reply : replies_) Deliver(reply);
  replies_.clear();
}

// Bookkeeping the core leaves to its interpreter: metrics, log lines, and
// answering the writes a deposed leader still holds.
void Node::ObserveStep(const Observed& before) {
  using core::raft::Role;
  const bool campaigning =
      state_.role == Role::kCandidate || state_.role == Role::kPreCandidate;
  const bool was_campaigning =
      before.role == Role::kCandidate || before.role == Role::kPreCandidate;
  if (campaigning && (!was_campaigning || state_.term != before.term)) {
    ++metrics_.elections_started;
  }
  if (state_.leader != before.leader && state_.leader.has_value()) {
    ++metrics_.leader_changes;
    LogLine(options_.id, absl::StrCat("leader is node ", *state_.leader + 1,
                                      " in term ", state_.term));
  }
  if (state_.role == Role::kLeader && before.role != Role::kLeader) {
    ++metrics_.became_leader;
    LogLine(options_.id, absl::StrCat("became leader in term ", state_.term));
  }
  if (before.role == Role::kLeader && state_.role != Role::kLeader) {
    LogLine(options_.id, absl::StrCat("stepped down in term ", state_.term));
    FailPendingWrites(
        "leadership lost before the write was answered; it may or may not "
        "take effect");
  }
}

void Node::ApplyTimers(const core::Effects<Raft>& effects) {
  using core::raft::Timer;
  for (Timer timer : {Timer::kElection, Timer::kHeartbeat}) {
    const uint32_t bit = core::Effects<Raft>::Bit(timer);
    if (effects.timers_set() & bit) {
      ArmTimer(timer);
    } else if (effects.timers_cancelled() & bit) {
      auto& generation = timer == Timer::kElection ? election_generation_
                                                   : heartbeat_generation_;
      ++generation;
      (timer == Timer::kElection ? election_timer_ : heartbeat_timer_).cancel();
    }
  }
}

void Node::ArmTimer(core::raft::Timer timer) {
  using core::raft::Timer;
  const bool election = timer == Timer::kElection;
  asio::steady_timer& t = election ? election_timer_ : heartbeat_timer_;
  uint64_t& generation =
      election ? election_generation_ : heartbeat_generation_;
  std::chrono::milliseconds delay(options_.heartbeat_ms);
  if (election) {
    std::uniform_int_distribution<uint32_t> jitter(
        options_.election_timeout_ms, 2 * options_.election_timeout_ms - 1);
    delay = std::chrono::milliseconds(jitter(rng_));
  }
  const uint64_t armed = ++generation;
  t.expires_after(delay);
  t.async_wait([this, timer, armed, &generation](const asio::error_code& e) {
    // A handler that completed before the timer was re-armed or cancelled
    // still runs; the generation tells it that it is stale.
    if (e || armed != generation || stopping_) return;
    Enqueue(core::Timeout<Raft>{timer});
  });
}

// ---------------------------------------------------------------------------
// Clients.

std::string Node::ClientAddressOf(NodeId node) const {
  if (node == self_) return options_.client.ToString();
  auto it = client_addresses_.find(node + 1);
  return it == client_addresses_.end() ? std::string() : it->second;
}

void Node::Deliver(const core::Reply<Raft>& reply) {
  auto it = clients_.find(reply.client);
  if (it == clients_.end()) return;  // the client went away
  ClientConnection& connection = *it->second;
  for (ClientConnection::Slot& slot : connection.slots) {
    if (slot.request_id != reply.request_id || slot.ready) continue;
    AppendResultReply(&slot.reply, slot.style, reply.result,
                      [this](NodeId node) { return ClientAddressOf(node); });
    slot.ready = true;
    const uint64_t nanos = Nanos(Clock::now() - slot.start);
    (slot.is_write ? metrics_.write_latency : metrics_.read_latency)
        .Record(nanos);
    break;
  }
  Flush(it->second);
}

void Node::FailPendingWrites(std::string_view why) {
  for (auto& [client, connection] : clients_) {
    bool any = false;
    for (ClientConnection::Slot& slot : connection->slots) {
      if (slot.ready || !slot.is_write) continue;
      wire::AppendErrorWithPrefix(&slot.reply, "TRYAGAIN", why);
      slot.ready = true;
      any = true;
    }
    if (any) Flush(connection);
  }
}

void Node::Sweep() {
  const auto deadline =
      Clock::now() - std::chrono::milliseconds(options_.request_timeout_ms);
  for (auto& [client, connection] : clients_) {
    bool any = false;
    for (ClientConnection::Slot& slot : connection->slots) {
      if (slot.ready || slot.start > deadline) continue;
      wire::AppendErrorWithPrefix(
          &slot.reply, "TIMEOUT",
          "no answer in time; the command may or may not take effect");
      slot.ready = true;
      ++metrics_.client_timeouts;
      any = true;
    }
    if (any) Flush(connection);
  }
  sweep_timer_.expires_after(std::chrono::milliseconds(200));
  sweep_timer_.async_wait([this](const asio::error_code& e) {
    if (!e && !stopping_) Sweep();
  });
}

void Node::HandleCommand(ClientConnection& connection,
                         std::span<const std::string> args) {
  ++metrics_.client_commands;
  ClientConnection::Slot slot;
  slot.start = Clock::now();
  ClientAction action = InterpretCommand(args, options_.fault_injection);
  if (auto* immediate = std::get_if<ImmediateReply>(&action)) {
    slot.ready = true;
    slot.reply = std::move(immediate->resp);
  } else if (auto* local = std::get_if<LocalCommand>(&action)) {
    slot.ready = true;
    slot.reply = LocalReply(connection, *local);
  } else {
    auto& replicated = std::get<ReplicatedCommand>(action);
    slot.request_id = connection.next_request++;
    slot.style = replicated.style;
    slot.is_write = replicated.command.op != core::raft::KvOp::kGet;
    ++(slot.is_write ? metrics_.proposals : metrics_.reads);
    Enqueue(core::Request<Raft>{connection.client, slot.request_id,
                                std::move(replicated.command)});
  }
  connection.slots.push_back(std::move(slot));
}

std::string Node::LocalReply(ClientConnection& connection,
                             const LocalCommand& command) {
  std::string reply;
  switch (command.op) {
    case LocalOp::kPing:
      if (command.argument.empty()) {
        wire::AppendSimpleString(&reply, "PONG");
      } else {
        wire::AppendBulkString(&reply, command.argument);
      }
      break;
    case LocalOp::kQuit:
      wire::AppendSimpleString(&reply, "OK");
      connection.close_after_write = true;
      break;
    case LocalOp::kInfo:
      wire::AppendBulkString(&reply, RenderInfo(Fields()));
      break;
    case LocalOp::kRole: {
      wire::AppendArrayHeader(&reply, 3);
      wire::AppendBulkString(&reply, core::KebabName(EnumName(state_.role)));
      wire::AppendInteger(&reply, static_cast<int64_t>(state_.term));
      wire::AppendInteger(
          &reply, state_.leader ? static_cast<int64_t>(*state_.leader + 1) : 0);
      break;
    }
    case LocalOp::kLocalGet: {
      core::raft::KvResult value = state_.kv.Get(command.argument);
      if (const auto* ok = std::get_if<core::raft::KvOk>(&value)) {
        wire::AppendBulkString(&reply, ok->value);
      } else {
        wire::AppendNullBulk(&reply);
      }
      break;
    }
    case LocalOp::kIsolate:
      isolated_until_ =
          Clock::now() + std::chrono::milliseconds(command.number);
      LogLine(options_.id,
              absl::StrCat("isolated from peers for ", command.number,
                           " ms (fault injection)"));
      wire::AppendSimpleString(&reply, "OK");
      break;
  }
  return reply;
}

void Node::Flush(const std::shared_ptr<ClientConnection>& connection) {
  ClientConnection& c = *connection;
  while (!c.slots.empty() && c.slots.front().ready) {
    c.out += c.slots.front().reply;
    c.slots.pop_front();
  }
  if (c.writing || c.closed) return;
  if (c.out.empty()) {
    if (c.close_after_write) Close(c);
    return;
  }
  if (c.out.size() > kClientBacklogLimit) {
    LogLine(options_.id, "client does not read its replies; disconnecting it");
    Close(c);
    return;
  }
  c.writing = true;
  auto buffer = std::make_shared<std::string>(std::move(c.out));
  c.out.clear();
  metrics_.client_bytes_out += buffer->size();
  asio::async_write(
      c.socket, asio::buffer(*buffer),
      [this, connection, buffer](const asio::error_code& e, size_t) {
        connection->writing = false;
        if (e) {
          Close(*connection);
          return;
        }
        Flush(connection);
      });
}

void Node::Close(ClientConnection& connection) {
  if (connection.closed) return;
  connection.closed = true;
  asio::error_code ignored;
  connection.socket.shutdown(tcp::socket::shutdown_both, ignored);
  connection.socket.close(ignored);
  clients_.erase(connection.client);
}

void Node::OnClientAccepted(tcp::socket socket) {
  asio::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto connection = std::make_shared<ClientConnection>(std::move(socket));
  do {
    connection->client = rng_();
  } while (connection->client == 0 || clients_.contains(connection->client));
  clients_[connection->client] = connection;
  ++metrics_.client_connections;
  asio::co_spawn(io_, ServeClient(connection), asio::detached);
}

awaitable<void> Node::ServeClient(
    std::shared_ptr<ClientConnection> connection) {
  std::vector<char> buffer(kReadChunk);
  std::vector<std::string> args;
  std::string error;
  for (;;) {
    asio::error_code read_error;
    const size_t n = co_await connection->socket.async_read_some(
        asio::buffer(buffer), asio::redirect_error(use_awaitable, read_error));
    if (read_error || connection->closed) break;
    metrics_.client_bytes_in += n;
    connection->parser.Feed(std::string_view(buffer.data(), n));
    bool bad = false;
    for (;;) {
      const wire::ParseStatus status = connection->parser.Next(&args, &error);
      if (status == wire::ParseStatus::kNeedMore) break;
      if (status == wire::ParseStatus::kError) {
        ++metrics_.client_protocol_errors;
        LogLine(options_.id, absl::StrCat("client protocol error: ", error));
        ClientConnection::Slot slot;
        slot.ready = true;
        wire::AppendError(&slot.reply, absl::StrCat("Protocol error: ", error));
        connection->slots.push_back(std::move(slot));
        connection->close_after_write = true;
        bad = true;
        break;
      }
      HandleCommand(*connection, args);
    }
    Flush(connection);
    if (bad) co_return;
  }
  Close(*connection);
}

// ---------------------------------------------------------------------------
// Peers.

awaitable<void> Node::Accept(tcp::acceptor acceptor,
                             std::function<void(tcp::socket)> on_accept) {
  acceptors_.push_back(&acceptor);
  for (;;) {
    asio::error_code error;
    tcp::socket socket = co_await acceptor.async_accept(
        asio::redirect_error(use_awaitable, error));
    if (stopping_) co_return;
    if (!error) on_accept(std::move(socket));
  }
}

awaitable<void> Node::ServePeer(tcp::socket socket) {
  std::string remote = "?";
  asio::error_code ignored;
  if (auto endpoint = socket.remote_endpoint(ignored); !ignored) {
    remote = absl::StrCat(endpoint.address().to_string(), ":", endpoint.port());
  }
  uint32_t peer = 0;
  wire::FrameDecoder decoder;
  try {
    socket.set_option(tcp::no_delay(true));
    const auto deadline = HandshakeDeadline(socket);
    const std::string hello_bytes =
        co_await ReadFrame(socket, decoder, &metrics_.peer_bytes_in);
    absl::StatusOr<wire::PeerHello> theirs = wire::DecodeHello(hello_bytes);
    std::string refusal;
    if (!theirs.ok()) {
      refusal = std::string(theirs.status().message());
    } else if (theirs->cluster_id != options_.cluster_id) {
      refusal =
          absl::StrCat("cluster id '", theirs->cluster_id,
                       "' is not this cluster's ('", options_.cluster_id, "')");
    } else if (theirs->node_id == options_.id ||
               !options_.peers.contains(theirs->node_id)) {
      refusal = absl::StrCat("node id ", theirs->node_id,
                             " is not a peer of node ", options_.id);
    }
    if (!refusal.empty()) {
      co_await WriteFrame(socket, wire::EncodeRefusal(refusal),
                          &metrics_.peer_bytes_out);
      throw std::runtime_error(absl::StrCat("refused: ", refusal));
    }
    const wire::PeerHello mine = MakeHello();
    co_await WriteFrame(socket, wire::EncodeHello(mine),
                        &metrics_.peer_bytes_out);
    const std::string proof =
        co_await ReadFrame(socket, decoder, &metrics_.peer_bytes_in);
    if (!wire::ProofMatches(
            wire::PeerProof(options_.secret, wire::PeerRole::kDialer, *theirs,
                            mine),
            proof)) {
      throw std::runtime_error(
          absl::StrCat("node ", theirs->node_id,
                       " failed authentication (cluster secret differs)"));
    }
    co_await WriteFrame(
        socket,
        wire::PeerProof(options_.secret, wire::PeerRole::kAcceptor, *theirs,
                        mine),
        &metrics_.peer_bytes_out);
    deadline->cancel();
    peer = theirs->node_id;
    LearnClientAddress(peer, theirs->client_address);

    core::codec::Limits limits;
    limits.max_length = wire::kDefaultMaxFrameBytes;
    for (;;) {
      const std::string payload =
          co_await ReadFrame(socket, decoder, &metrics_.peer_bytes_in);
      absl::StatusOr<core::raft::Message> message =
          core::codec::Decode<core::raft::Message>(payload, limits);
      if (!message.ok()) {
        throw std::runtime_error(absl::StrCat("undecodable message from node ",
                                              peer, ": ",
                                              message.status().message()));
      }
      if (Isolated()) continue;
      ++metrics_.peer_messages_in;
      Enqueue(core::Receive<Raft>{peer - 1, *std::move(message)});
    }
  } catch (const std::exception& e) {
    const bool eof = std::string_view(e.what()).find("End of file") !=
                     std::string_view::npos;
    if (!eof && !stopping_) {
      ++metrics_.peer_rejected;
      LogLine(options_.id,
              absl::StrCat("peer connection from ", remote,
                           peer ? absl::StrCat(" (node ", peer, ")") : "",
                           " closed: ", e.what()));
    }
  }
  socket.close(ignored);
}

// ---------------------------------------------------------------------------
// Metrics endpoint: any GET /metrics gets the Prometheus text.

awaitable<void> Node::ServeMetrics(tcp::socket socket) {
  std::string request;
  std::vector<char> buffer(1024);
  asio::error_code error;
  while (request.find("\r\n\r\n") == std::string::npos &&
         request.size() < 8192) {
    const size_t n = co_await socket.async_read_some(
        asio::buffer(buffer), asio::redirect_error(use_awaitable, error));
    if (error) co_return;
    request.append(buffer.data(), n);
  }
  const bool metrics = request.starts_with("GET /metrics ");
  const std::string body =
      metrics ? RenderPrometheus(Fields()) : "not found: try /metrics\n";
  const std::string response = absl::StrCat(
      "HTTP/1.1 ", metrics ? "200 OK" : "404 Not Found",
      "\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: ",
      body.size(), "\r\nConnection: close\r\n\r\n", body);
  co_await asio::async_write(socket, asio::buffer(response),
                             asio::redirect_error(use_awaitable, error));
  socket.close(error);
}

std::vector<MetricField> Node::Fields() const {
  const auto number = [](uint64_t value) { return std::to_string(value); };
  const auto micros = [](uint64_t nanos) {
    return fmt::format("{:.1f}", static_cast<double>(nanos) / 1000.0);
  };
  const wire::WalStats& wal = wal_->stats();
  const uint32_t peers_connected = static_cast<uint32_t>(
      std::count_if(links_.begin(), links_.end(),
                    [](const auto& link) { return link.second->connected(); }));
  return {
      {"node_id", "this node's id", number(options_.id)},
      {"raft_role", "follower, precandidate, candidate or leader",
       core::KebabName(EnumName(state_.role)), false, false},
      {"raft_term", "current term", number(state_.term)},
      {"raft_leader", "known leader's node id (0: none)",
       number(state_.leader ? *state_.leader + 1 : 0)},
      {"raft_log_length", "entries in the log", number(state_.LastIndex())},
      {"raft_commit_index", "highest committed index", number(state_.commit)},
      {"raft_applied_index", "highest applied index", number(state_.applied)},
      {"elections_started_total", "elections this node started",
       number(metrics_.elections_started), true},
      {"leader_changes_total", "times the known leader changed",
       number(metrics_.leader_changes), true},
      {"became_leader_total", "times this node became leader",
       number(metrics_.became_leader), true},
      {"proposals_total", "client writes received", number(metrics_.proposals),
       true},
      {"reads_total", "client reads received", number(metrics_.reads), true},
      {"entries_applied_total", "log entries applied to the store",
       number(metrics_.entries_applied), true},
      {"write_latency_p50_us", "client write latency, median (recent)",
       micros(metrics_.write_latency.Quantile(0.5))},
      {"write_latency_p99_us", "client write latency, 99th percentile",
       micros(metrics_.write_latency.Quantile(0.99))},
      {"read_latency_p50_us", "client read latency, median (recent)",
       micros(metrics_.read_latency.Quantile(0.5))},
      {"read_latency_p99_us", "client read latency, 99th percentile",
       micros(metrics_.read_latency.Quantile(0.99))},
      {"wal_syncs_total", "WAL write+fsync batches", number(wal.syncs), true},
      {"wal_sync_last_us", "duration of the last WAL sync",
       micros(wal.last_sync_nanos)},
      {"wal_sync_avg_us", "mean WAL sync duration",
       micros(wal.syncs ? wal.sync_nanos / wal.syncs : 0)},
      {"wal_bytes_total", "bytes written to the WAL", number(wal.bytes_written),
       true},
      {"step_batches_total", "step batches that synced the WAL",
       number(metrics_.batches), true},
      {"steps_total", "events stepped through the core", number(metrics_.steps),
       true},
      {"peers_connected", "outgoing peer links up", number(peers_connected)},
      {"peer_bytes_in_total", "bytes received from peers",
       number(metrics_.peer_bytes_in), true},
      {"peer_bytes_out_total", "bytes sent to peers",
       number(metrics_.peer_bytes_out), true},
      {"peer_messages_in_total", "Raft messages received",
       number(metrics_.peer_messages_in), true},
      {"peer_messages_out_total", "Raft messages queued to peers",
       number(metrics_.peer_messages_out), true},
      {"peer_messages_dropped_total",
       "Raft messages dropped (link down, queue full, isolated)",
       number(metrics_.peer_messages_dropped), true},
      {"peer_rejected_total", "peer connections closed for bad input",
       number(metrics_.peer_rejected), true},
      {"client_connections_total", "client connections accepted",
       number(metrics_.client_connections), true},
      {"client_connections", "client connections open",
       number(clients_.size())},
      {"client_commands_total", "client commands received",
       number(metrics_.client_commands), true},
      {"client_protocol_errors_total", "malformed client input",
       number(metrics_.client_protocol_errors), true},
      {"client_timeouts_total", "commands answered TIMEOUT",
       number(metrics_.client_timeouts), true},
      {"client_bytes_in_total", "bytes received from clients",
       number(metrics_.client_bytes_in), true},
      {"client_bytes_out_total", "bytes sent to clients",
       number(metrics_.client_bytes_out), true},
  };
}

// ---------------------------------------------------------------------------

absl::StatusOr<tcp::acceptor> Listen(asio::io_context& io,
                                     const HostPort& address,
                                     std::string_view what) {
  try {
    tcp::resolver resolver(io);
    auto endpoints =
        resolver.resolve(address.host, std::to_string(address.port));
    tcp::acceptor acceptor(io);
    const tcp::endpoint endpoint = *endpoints.begin();
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    return acceptor;
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for ", std::string(what), " on ",
                     address.ToString(), ": ", e.what()));
  }
}

absl::Status Node::Start() {
  absl::StatusOr<tcp::acceptor> peers =
      Listen(io_, options_.peers.at(options_.id), "peers");
  if (!peers.ok()) return peers.status();
  absl::StatusOr<tcp::acceptor> clients =
      Listen(io_, options_.client, "clients");
  if (!clients.ok()) return clients.status();
  std::optional<tcp::acceptor> metrics;
  if (options_.metrics) {
    absl::StatusOr<tcp::acceptor> listening =
        Listen(io_, *options_.metrics, "metrics");
    if (!listening.ok()) return listening.status();
    metrics.emplace(*std::move(listening));
  }
  const auto spawn = [this](awaitable<void> task) {
    asio::co_spawn(io_, std::move(task), asio::detached);
  };
  spawn(Accept(*std::move(peers), [this, spawn](tcp::socket socket) {
    spawn(ServePeer(std::move(socket)));
  }));
  spawn(Accept(*std::move(clients), [this](tcp::socket socket) {
    OnClientAccepted(std::move(socket));
  }));
  if (metrics) {
    spawn(Accept(*std::move(metrics), [this, spawn](tcp::socket socket) {
      spawn(ServeMetrics(std::move(socket)));
    }));
  }
  for (const auto& [peer_id, address] : options_.peers) {
    if (peer_id == options_.id) continue;
    auto link = std::make_unique<PeerLink>(this, peer_id, address);
    asio::co_spawn(io_, link->Run(), asio::detached);
    links_[peer_id] = std::move(link);
  }
  Sweep();
  Enqueue(core::Start{});
  LogLine(
      options_.id,
      absl::StrCat("serving clients on ", options_.client.ToString(),
                   ", peers on ", options_.peers.at(options_.id).ToString(),
                   options_.metrics
                       ? absl::StrCat(", metrics on http://",
                                      options_.metrics->ToString(), "/metrics")
                       : "",
                   "; term ", state_.term, ", ", state_.LastIndex(),
                   " log entries recovered"));
  return absl::OkStatus();
}

void Node::Stop() {
  stopping_ = true;
  for (tcp::acceptor* acceptor : acceptors_) {
    asio::error_code ignored;
    acceptor->close(ignored);
  }
  io_.stop();
}

}  // namespace

int RunNode(const NodeOptions& options) {
  if (options.peers.empty() || !options.peers.contains(options.id)) {
    std::fprintf(stderr, "stepwise node: --id %u is not in --peers\n",
                 options.id);
    return 2;
  }
  if (options.secret.empty()) {
    std::fprintf(stderr,
                 "stepwise node: no cluster secret (--secret-file or "
                 "STEPWISE_CLUSTER_SECRET)\n");
    return 2;
  }
  wire::WalOptions wal_options;
  wal_options.fsync = options.fsync;
  wire::DurableState recovered;
  std::vector<std::string> warnings;
  absl::StatusOr<std::unique_ptr<wire::Wal>> wal =
      wire::Wal::Open(options.data_dir, wal_options, &recovered, &warnings);
  for (const std::string& warning : warnings) {
    LogLine(options.id, absl::StrCat("warning: ", warning));
  }
  if (!wal.ok()) {
    std::fprintf(stderr, "stepwise node: cannot recover the WAL: %s\n",
                 std::string(wal.status().message()).c_str());
    return 2;
  }
  asio::io_context io(1);
  Node node(io, options, *std::move(wal), recovered);
  if (absl::Status status = node.Start(); !status.ok()) {
    std::fprintf(stderr, "stepwise node: %s\n",
                 std::string(status.message()).c_str());
    return 2;
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& e, int signal) {
    if (e) return;
    LogLine(options.id, absl::StrCat("stopping on signal ", signal));
    node.Stop();
  });
  io.run();
  return 0;
}

}  // namespace stepwise::runner
