// End-to-end tests of the runner: real `stepwise node` processes on loopback.
//
//  * Faults: while clients write and read, the leader is killed with SIGKILL
//    and restarted, a follower is paused (SIGSTOP/SIGCONT), and the leader of
//    the moment is cut off from its peers (STEPWISE.ISOLATE). Afterwards
//    every acknowledged write is on every node and the recorded history is
//    linearizable by core/linearizability.
//  * WAL damage: a torn tail is cut with a warning; a corrupt record in the
//    middle stops the node with an error naming file and offset.
//  * Bad input on the peer and client ports is refused and logged while the
//    node keeps serving.
//
// The binary under test comes from STEPWISE_BINARY (set by CMake).

#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/linearizability/linearizability.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/runner/resp_client.h"
#include "tools/runner/test_cluster.h"
#include "wire/frame.h"
#include "wire/resp.h"

namespace stepwise::runner {
namespace {

using core::lin::KvInput;
using core::lin::KvModel;
using core::lin::KvOutput;
using ::testing::HasSubstr;
using Op = core::lin::ModelOperation<KvModel>;
using namespace std::chrono_literals;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// The history every client appends to; `Now` gives the logical times whose
// order is the real-time order linearizability needs.
class History {
 public:
  uint64_t Now() { return clock_.fetch_add(1); }
  void Add(Op op) {
    std::lock_guard<std::mutex> lock(mu_);
    ops_.push_back(std::move(op));
  }
  std::vector<Op> ops() {
    std::lock_guard<std::mutex> lock(mu_);
    return ops_;
  }

 private:
  std::atomic<uint64_t> clock_{1};
  std::mutex mu_;
  std::vector<Op> ops_;
};

struct ClientStats {
  int acknowledged_writes = 0;
  int unknown = 0;
  int redirects = 0;
  std::map<std::string, std::string> acknowledged_unique;  // key -> value
};

// One client: writes unique values to a few shared keys (what makes the
// linearizability check meaningful), writes keys of its own (what the
// acknowledged-writes check reads back), and reads shared keys. It follows
// MOVED, moves on from nodes that do not answer, and records every call.
class Client {
 public:
  Client(TestCluster* cluster, History* history, uint64_t id)
      : cluster_(cluster), history_(history), id_(id), rng_(id) {}

  void Run(const std::atomic<bool>& stop) {
    uint64_t n = 0;
    while (!stop.load()) {
      ++n;
      const int dice = static_cast<int>(rng_() % 100);
      const std::string shared_key = absl::StrCat("k", rng_() % 4);
      if (dice < 40) {
        Do(KvInput::Put(shared_key, absl::StrCat("c", id_, "-", n)));
      } else if (dice < 70) {
        Do(KvInput::Get(shared_key));
      } else {
        Do(KvInput::Put(absl::StrCat("u", id_, "-", n), absl::StrCat(n)));
      }
      std::this_thread::sleep_for(3ms);
    }
  }

  const ClientStats& stats() const { return stats_; }

 private:
  bool Connect() {
    for (int attempt = 0; attempt < static_cast<int>(cluster_->size());
         ++attempt) {
      absl::StatusOr<RespClient> connection =
          RespClient::Connect(target_, 2500ms);
      if (connection.ok()) {
        connection_.emplace(*std::move(connection));
        return true;
      }
      NextNode();
    }
    return false;
  }
  void NextNode() {
    node_ = node_ % cluster_->size() + 1;
    target_ = cluster_->client_address(node_);
    connection_.reset();
  }

  void Do(const KvInput& input) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      if (!connection_ && !Connect()) {
        std::this_thread::sleep_for(50ms);
        continue;
      }
      std::vector<std::string> args =
          input.op == core::lin::KvOp::kGet
              ? std::vector<std::string>{"GET", input.key}
              : std::vector<std::string>{"SET", input.key, input.value};
      Op op;
      op.client = id_;
      op.input = input;
      op.call = history_->Now();
      absl::StatusOr<wire::RespValue> reply = connection_->Call(args);
      const uint64_t ret = history_->Now();
      if (!reply.ok()) {  // timeout or reset: the outcome is unknown
        history_->Add(op);
        ++stats_.unknown;
        NextNode();
        return;
      }
      if (reply->kind == wire::RespValue::Kind::kError) {
        const std::string& text = reply->text;
        if (text.starts_with("MOVED ")) {
          // Definitely not carried out: the node was not the leader.
          ++stats_.redirects;
          auto address = ParseHostPort(text.substr(text.rfind(' ') + 1), "");
          if (address.ok()) {
            target_ = *address;
            connection_.reset();
          }
          continue;
        }
        if (text.starts_with("CLUSTERDOWN")) {
          std::this_thread::sleep_for(30ms);
          NextNode();
          continue;
        }
        // TRYAGAIN / TIMEOUT: it may or may not take effect.
        history_->Add(op);
        ++stats_.unknown;
        NextNode();
        return;
      }
      op.ret = ret;
      if (input.op == core::lin::KvOp::kGet) {
        op.output = reply->kind == wire::RespValue::Kind::kNull
                        ? KvOutput::NotFound()
                        : KvOutput::Found(reply->text);
      } else {
        EXPECT_EQ(reply->text, "OK") << wire::DebugString(*reply);
        op.output = KvOutput::Ok();
        ++stats_.acknowledged_writes;
        if (input.key.starts_with("u")) {
          stats_.acknowledged_unique[input.key] = input.value;
        }
      }
      history_->Add(op);
      return;
    }
  }

  TestCluster* cluster_;
  History* history_;
  uint64_t id_;
  std::mt19937_64 rng_;
  uint32_t node_ = 1;
  HostPort target_{cluster_->client_address(1)};
  std::optional<RespClient> connection_;
  ClientStats stats_;
};

std::optional<uint32_t> Leader(TestCluster& cluster) {
  return cluster.WaitForLeader(10s);
}

// Waits until every node has applied the same, committed index.
bool WaitForConvergence(TestCluster& cluster, std::chrono::seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    std::set<std::string> applied;
    for (uint32_t id = 1; id <= cluster.size(); ++id) {
      absl::StatusOr<wire::RespValue> info = cluster.Call(id, {"INFO"});
      if (!info.ok()) break;
      const std::string& text = info->text;
      const size_t at = text.find("raft_applied_index:");
      const size_t commit = text.find("raft_commit_index:");
      if (at == std::string::npos || commit == std::string::npos) break;
      const std::string a = text.substr(at + 19, text.find('\r', at) - at - 19);
      const std::string c =
          text.substr(commit + 18, text.find('\r', commit) - commit - 18);
      if (a != c) break;
      applied.insert(a);
    }
    if (applied.size() == 1) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

const char* Binary() { return STEPWISE_BINARY; }

TEST(ClusterFaultTest, AcknowledgedWritesSurviveKillPauseAndIsolation) {
  TestCluster cluster(Binary(), {});
  cluster.StartAll();
  std::optional<uint32_t> leader = Leader(cluster);
  ASSERT_TRUE(leader.has_value()) << "no leader elected";

  History history;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Client>> clients;
  std::vector<std::thread> threads;
  for (uint64_t id = 1; id <= 4; ++id) {
    clients.push_back(std::make_unique<Client>(&cluster, &history, id));
  }
  for (auto& client : clients) {
    threads.emplace_back([&stop, c = client.get()] { c->Run(stop); });
  }
  std::set<uint32_t> leaders = {*leader};

  std::this_thread::sleep_for(1500ms);
  // 1. kill -9 the leader, then restart it from its WAL.
  cluster.Signal(*leader, SIGKILL);
  const uint32_t killed = *leader;
  leader = Leader(cluster);
  ASSERT_TRUE(leader.has_value()) << "no new leader after killing one";
  EXPECT_NE(*leader, killed);
  leaders.insert(*leader);
  std::this_thread::sleep_for(1000ms);
  cluster.Start(killed);
  std::this_thread::sleep_for(1500ms);

  // 2. Pause a follower, then let it go on.
  const uint32_t paused = *leader % cluster.size() + 1;
  cluster.Signal(paused, SIGSTOP);
  std::this_thread::sleep_for(1500ms);
  cluster.Signal(paused, SIGCONT);
  std::this_thread::sleep_for(1000ms);

  // 3. Cut the leader of the moment off from its peers.
  leader = Leader(cluster);
  ASSERT_TRUE(leader.has_value());
  absl::StatusOr<wire::RespValue> isolated =
      cluster.Call(*leader, {"STEPWISE.ISOLATE", "2000"});
  ASSERT_TRUE(isolated.ok());
  EXPECT_EQ(isolated->text, "OK");
  std::this_thread::sleep_for(3500ms);
  leader = Leader(cluster);
  ASSERT_TRUE(leader.has_value());
  leaders.insert(*leader);
  std::this_thread::sleep_for(1000ms);

  stop = true;
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(WaitForConvergence(cluster, 15s))
      << "nodes did not converge on one applied index";

  // Every acknowledged write is on every node.
  int acknowledged = 0;
  int unknown = 0;
  int checked = 0;
  for (const auto& client : clients) {
    acknowledged += client->stats().acknowledged_writes;
    unknown += client->stats().unknown;
    for (const auto& [key, value] : client->stats().acknowledged_unique) {
      for (uint32_t id = 1; id <= cluster.size(); ++id) {
        absl::StatusOr<wire::RespValue> local =
            cluster.Call(id, {"STEPWISE.LOCALGET", key});
        ASSERT_TRUE(local.ok()) << local.status();
        ASSERT_EQ(local->text, value) << key << " on node " << id;
        ++checked;
      }
    }
  }
  // The shared keys agree across nodes too.
  for (int k = 0; k < 4; ++k) {
    const std::string key = absl::StrCat("k", k);
    absl::StatusOr<wire::RespValue> first =
        cluster.Call(1, {"STEPWISE.LOCALGET", key});
    ASSERT_TRUE(first.ok());
    for (uint32_t id = 2; id <= cluster.size(); ++id) {
      EXPECT_EQ(cluster.Call(id, {"STEPWISE.LOCALGET", key})->text,
                first->text);
    }
  }
  // Not vacuous: the clients got work done and the faults moved leadership.
  EXPECT_GT(acknowledged, 200) << "too few writes to say anything";
  EXPECT_GT(checked, 100);
  EXPECT_GE(leaders.size(), 2u) << "leadership never moved";

  const std::vector<Op> ops = history.ops();
  core::lin::Limits limits;
  limits.max_steps = 200'000'000;
  const core::lin::LinearizabilityResult result =
      core::lin::CheckLinearizable<KvModel>(ops, limits);
  EXPECT_FALSE(result.gave_up) << "linearizability check ran out of budget";
  EXPECT_TRUE(result.linearizable) << result.explanation;
  std::printf(
      "fault test: %zu operations (%d acknowledged writes, %d with unknown "
      "outcome), %zu leaders, %d reads of acknowledged keys\n",
      ops.size(), acknowledged, unknown, leaders.size(), checked);
}

// Writes `count` keys through the leader of a one-node cluster.
void WriteKeys(TestCluster& cluster, int count) {
  ASSERT_TRUE(cluster.WaitForLeader(10s).has_value());
  for (int i = 0; i < count; ++i) {
    absl::StatusOr<wire::RespValue> reply =
        cluster.Call(1, {"SET", absl::StrCat("key", i), "value"});
    ASSERT_TRUE(reply.ok());
    ASSERT_EQ(reply->text, "OK");
  }
}

std::filesystem::path OnlySegment(const std::filesystem::path& wal) {
  std::vector<std::filesystem::path> segments;
  for (const auto& entry : std::filesystem::directory_iterator(wal)) {
    if (entry.path().extension() == ".log") segments.push_back(entry.path());
  }
  EXPECT_EQ(segments.size(), 1u);
  return segments.empty() ? std::filesystem::path() : segments.front();
}

TestCluster::Options OneNode() {
  TestCluster::Options options;
  options.nodes = 1;
  return options;
}

// Starts the one-node cluster, writes through it, kills it with SIGKILL and
// returns its WAL segment.
std::filesystem::path WriteAndKill(TestCluster& cluster) {
  cluster.Start(1);
  WriteKeys(cluster, 20);
  cluster.Signal(1, SIGKILL);
  return OnlySegment(cluster.wal_dir(1));
}

TEST(ClusterWalTest, ATornTailIsCutWithAWarningAndEarlierWritesSurvive) {
  TestCluster cluster(Binary(), OneNode());
  const std::filesystem::path segment = WriteAndKill(cluster);
  std::filesystem::resize_file(segment,
                               std::filesystem::file_size(segment) - 3);

  cluster.Start(1);
  ASSERT_TRUE(cluster.WaitForLeader(10s).has_value());
  absl::StatusOr<wire::RespValue> early = cluster.Call(1, {"GET", "key0"});
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->text, "value");
  EXPECT_THAT(ReadFile(cluster.log_path(1)), HasSubstr("warning"));
  EXPECT_THAT(ReadFile(cluster.log_path(1)), HasSubstr(segment.filename()));
}

TEST(ClusterWalTest, ACorruptRecordStopsTheNodeNamingFileAndOffset) {
  TestCluster cluster(Binary(), OneNode());
  const std::filesystem::path segment = WriteAndKill(cluster);
  std::string bytes = ReadFile(segment);
  bytes[bytes.size() / 2] ^= 0x5a;
  std::ofstream(segment, std::ios::binary | std::ios::trunc) << bytes;

  std::string output;
  EXPECT_EQ(cluster.RunToExit(1, &output), 2) << output;
  EXPECT_THAT(output, HasSubstr(segment.filename()));
  EXPECT_THAT(output, HasSubstr("offset"));
}

TEST(ClusterBadInputTest, GarbageIsRefusedAndTheNodeKeepsServing) {
  TestCluster cluster(Binary(), OneNode());
  cluster.Start(1);
  ASSERT_TRUE(cluster.WaitForLeader(10s).has_value());

  // Peer port: garbage, an oversized frame, a stranger's cluster id.
  const auto send_to_peer_port = [&](const std::string& bytes) {
    absl::StatusOr<RespClient> raw =
        RespClient::Connect(cluster.peer_address(1), 2000ms);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->SendRaw(bytes).ok());
    // The node answers at most a refusal, then closes: reading ends.
    (void)raw->ReadReply();
  };
  send_to_peer_port("GET / HTTP/1.1\r\n\r\n");
  send_to_peer_port(std::string("\xff\xff\xff\xff", 4) + "x");
  wire::PeerHello stranger;
  stranger.magic = std::string(wire::kPeerMagic);
  stranger.version = wire::kPeerVersion;
  stranger.cluster_id = "someone-else";
  stranger.node_id = 2;
  stranger.client_address = "127.0.0.1:1";
  stranger.nonce = std::string(wire::kNonceBytes, 'n');
  std::string hello;
  wire::AppendFrame(&hello, wire::EncodeHello(stranger));
  send_to_peer_port(hello);

  // Client port: malformed RESP gets an error, then the connection closes.
  absl::StatusOr<RespClient> bad =
      RespClient::Connect(cluster.client_address(1), 2000ms);
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(bad->SendRaw("*2\r\n$3\r\nGET\r\n:1\r\n").ok());
  absl::StatusOr<wire::RespValue> error = bad->ReadReply();
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->kind, wire::RespValue::Kind::kError);
  EXPECT_THAT(error->text, HasSubstr("Protocol error"));

  absl::StatusOr<wire::RespValue> ping = cluster.Call(1, {"PING"});
  ASSERT_TRUE(ping.ok());
  EXPECT_EQ(ping->text, "PONG");
  absl::StatusOr<wire::RespValue> set =
      cluster.Call(1, {"SET", "still", "here"});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->text, "OK");

  const std::string log = ReadFile(cluster.log_path(1));
  EXPECT_THAT(log, HasSubstr("someone-else"));
  EXPECT_THAT(log, HasSubstr("frame length"));
  EXPECT_THAT(log, HasSubstr("client protocol error"));
}

}  // namespace
}  // namespace stepwise::runner
