// Runs the scripted Raft scenarios in core/raft/testdata/*.txt.
//
// A scenario drives a small cluster by hand: every message, timer, crash and
// client request is a line, and `expect` lines check the result. Unless the
// configuration switches on a bug, every invariant of invariants.h is checked
// after every step. The language, one command per line (`#` starts a comment):
//
//   config nodes=N [pre-vote] [check-quorum] [max-append=K] [bug=NAME]
//   state N term=T [vote=V] [log=T,T,...]   durable state (no-op entries),
//                                           as after a restart; then Start
//   timeout N election|heartbeat|propose|read
//   deliver A->B [times]     the oldest message from A to B (B must be up)
//   drop A->B                loses the oldest message from A to B
//   drop-all                 loses every message in flight
//   deliver-all              delivers oldest-first until nothing is in flight
//                            (messages to down nodes are lost)
//   crash N / restart N      restart() keeps the durable state only
//   request N CLIENT SEQ put K V | delete K | cas K EXPECTED NEW | get K
//   expect N|all [role=R] [term=T] [vote=V|none] [leader=L|none] [commit=C]
//                [applied=A] [terms=T,T,...] [log=T:noop,T:put(k,v),...]
//                [kv=k=v,...] [reads-served=R]
//   expect reply CLIENT SEQ ok[=V] | not-found | cas-failed=V |
//   not-leader=L|none expect in-flight N expect-violation NAME    the named
//   invariant is violated now

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/raft/invariants.h"
#include "core/raft/raft.h"
#include "gtest/gtest.h"

namespace stepwise::core::raft {
namespace {

using Fx = Effects<Raft>;

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string EntryText(const Entry& entry) {
  std::string text = std::to_string(entry.term) + ":";
  if (std::holds_alternative<Noop>(entry.command)) return text + "noop";
  const KvCommand& c = std::get<Proposal>(entry.command).command;
  switch (c.op) {
    case KvOp::kGet:
      return text + "get(" + c.key + ")";
    case KvOp::kPut:
      return text + "put(" + c.key + "," + c.value + ")";
    case KvOp::kDelete:
      return text + "delete(" + c.key + ")";
    case KvOp::kCas:
      return text + "cas(" + c.key + "," + c.expected + "," + c.value + ")";
    case KvOp::kPutIfAbsent:
      return text + "put-if-absent(" + c.key + "," + c.value + ")";
    case KvOp::kPutIfPresent:
      return text + "put-if-present(" + c.key + "," + c.value + ")";
    case KvOp::kIncr:
      return text + "incr(" + c.key + ")";
  }
  return text;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out;
}

std::string ResultText(const KvResult& result) {
  if (const auto* ok = std::get_if<KvOk>(&result)) {
    return ok->value.empty() ? "ok" : "ok=" + ok->value;
  }
  if (std::holds_alternative<KvNotFound>(result)) return "not-found";
  if (const auto* failed = std::get_if<KvCasFailed>(&result)) {
    return "cas-failed=" + failed->current;
  }
  if (std::holds_alternative<KvNotInteger>(result)) return "not-integer";
  const auto& hint = std::get<NotLeader>(result).leader;
  return "not-leader=" + (hint ? std::to_string(*hint) : std::string("none"));
}

std::string OptionalNode(const std::optional<NodeId>& node) {
  return node ? std::to_string(*node) : "none";
}

class Scenario {
 public:
  explicit Scenario(std::string where) : where_(std::move(where)) {}

  void Run(const std::string& path) {
    std::ifstream in(path);
    ASSERT_TRUE(in) << "cannot read " << path;
    std::string line;
    while (std::getline(in, line)) {
      ++line_number_;
      if (auto hash = line.find('#'); hash != std::string::npos) {
        line.resize(hash);
      }
      const std::vector<std::string> words = Split(line, ' ');
      if (words.empty()) continue;
      SCOPED_TRACE(where_ + ":" + std::to_string(line_number_) + ": " + line);
      Execute(words);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

 private:
  void Execute(const std::vector<std::string>& w) {
    const std::string& cmd = w[0];
    if (cmd == "config") {
      Configure(w);
    } else if (cmd == "state") {
      SetState(w);
    } else if (cmd == "timeout") {
      ASSERT_EQ(w.size(), 3u);
      Fire(Node(w[1]), w[2]);
    } else if (cmd == "deliver") {
      ASSERT_GE(w.size(), 2u);
      const int times = w.size() > 2 ? std::stoi(w[2]) : 1;
      for (int i = 0; i < times; ++i) Deliver(w[1], /*drop=*/false);
    } else if (cmd == "drop") {
      ASSERT_EQ(w.size(), 2u);
      Deliver(w[1], /*drop=*/true);
    } else if (cmd == "drop-all") {
      net_.clear();
    } else if (cmd == "deliver-all") {
      DeliverAll();
    } else if (cmd == "crash") {
      const NodeId n = Node(w[1]);
      nodes_[n] = Raft::restart(config_, n, nodes_[n]);
      up_[n] = false;
      timers_[n] = 0;
    } else if (cmd == "restart") {
      const NodeId n = Node(w[1]);
      ASSERT_FALSE(up_[n]) << "node " << n << " is up";
      up_[n] = true;
      StepNode(n, Start{});
    } else if (cmd == "request") {
      ClientRequest(w);
    } else if (cmd == "expect") {
      Expect(w);
    } else if (cmd == "expect-violation") {
      ASSERT_EQ(w.size(), 2u);
      ExpectViolation(w[1]);
    } else {
      FAIL() << "unknown command " << cmd;
    }
  }

  NodeId Node(const std::string& text) {
    const NodeId n = static_cast<NodeId>(std::stoul(text));
    EXPECT_LT(n, nodes_.size()) << "no node " << text;
    return std::min<NodeId>(n, static_cast<NodeId>(nodes_.size() - 1));
  }

  void Configure(const std::vector<std::string>& w) {
    config_ = Config{};
    config_.max_term = config_.max_log_length = 1000;
    for (size_t i = 1; i < w.size(); ++i) {
      const auto kv = Split(w[i], '=');
      if (kv[0] == "nodes") {
        config_.nodes = static_cast<uint32_t>(std::stoul(kv[1]));
      } else if (kv[0] == "pre-vote") {
        config_.pre_vote = true;
      } else if (kv[0] == "check-quorum") {
        config_.check_quorum = true;
      } else if (kv[0] == "max-append") {
        config_.max_append_entries = static_cast<uint32_t>(std::stoul(kv[1]));
      } else if (kv[0] == "bug") {
        bool found = false;
        for (size_t b = 0; b < EnumSize(Bug{}); ++b) {
          if (BugName(static_cast<Bug>(b)) == kv[1]) {
            config_.bug = static_cast<Bug>(b);
            found = true;
          }
        }
        ASSERT_TRUE(found) << "unknown bug " << kv[1];
      } else {
        FAIL() << "unknown config " << w[i];
      }
    }
    nodes_.assign(config_.nodes, State{});
    up_.assign(config_.nodes, true);
    timers_.assign(config_.nodes, 0);
    net_.clear();
    for (NodeId n = 0; n < config_.nodes; ++n) {
      nodes_[n] = Raft::init(config_, n);
      StepNode(n, Start{});
    }
  }

  // "kCommitOldTerm" -> "commit-old-term".
  static std::string BugName(Bug bug) {
    std::string out;
    for (char c : EnumName(bug).substr(1)) {
      if (c >= 'A' && c <= 'Z') {
        if (!out.empty()) out += '-';
        out += static_cast<char>(c - 'A' + 'a');
      } else {
        out += c;
      }
    }
    return out;
  }

  void SetState(const std::vector<std::string>& w) {
    const NodeId n = Node(w[1]);
    State durable;
    for (size_t i = 2; i < w.size(); ++i) {
      const auto kv = Split(w[i], '=');
      ASSERT_EQ(kv.size(), 2u) << w[i];
      if (kv[0] == "term") {
        durable.term = std::stoull(kv[1]);
      } else if (kv[0] == "vote") {
        durable.voted_for = static_cast<NodeId>(std::stoul(kv[1]));
      } else if (kv[0] == "log") {
        for (const auto& t : Split(kv[1], ',')) {
          durable.log.push_back(Entry{std::stoull(t), Noop{}});
        }
      } else {
        FAIL() << "unknown state field " << kv[0];
      }
    }
    nodes_[n] = Raft::restart(config_, n, durable);
    up_[n] = true;
    timers_[n] = 0;
    StepNode(n, Start{});
  }

  void Fire(NodeId n, const std::string& name) {
    static const std::map<std::string, Timer> kTimers = {
        {"election", Timer::kElection},
        {"heartbeat", Timer::kHeartbeat},
        {"propose", Timer::kPropose},
        {"read", Timer::kRead}};
    auto it = kTimers.find(name);
    ASSERT_NE(it, kTimers.end()) << "unknown timer " << name;
    ASSERT_TRUE(up_[n]) << "node " << n << " is down";
    ASSERT_TRUE(timers_[n] & Fx::Bit(it->second))
        << "timer " << name << " is not armed at node " << n;
    timers_[n] &= ~Fx::Bit(it->second);
    StepNode(n, Timeout<Raft>{it->second});
  }

  void Deliver(const std::string& link, bool drop) {
    const auto ends = Split(link, '-');
    ASSERT_EQ(ends.size(), 2u) << "want A->B, got " << link;
    const NodeId from = Node(ends[0]);
    const NodeId to = Node(ends[1].substr(1));
    auto it = std::find_if(net_.begin(), net_.end(), [&](const auto& e) {
      return e.from == from && e.to == to;
    });
    ASSERT_NE(it, net_.end()) << "nothing in flight " << from << "->" << to;
    Envelope<Raft> envelope = *it;
    net_.erase(it);
    if (drop) return;
    ASSERT_TRUE(up_[to]) << "node " << to << " is down";
    StepNode(to, Receive<Raft>{from, envelope.message});
  }

  void DeliverAll() {
    for (int steps = 0; !net_.empty(); ++steps) {
      ASSERT_LT(steps, 10000) << "deliver-all does not quiesce";
      Envelope<Raft> envelope = net_.front();
      net_.erase(net_.begin());
      if (up_[envelope.to]) {
        StepNode(envelope.to, Receive<Raft>{envelope.from, envelope.message});
      }
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

  void ClientRequest(const std::vector<std::string>& w) {
    ASSERT_GE(w.size(), 6u);
    const NodeId n = Node(w[1]);
    KvCommand command;
    const std::string& op = w[4];
    command.key = w[5];
    if (op == "put") {
      ASSERT_EQ(w.size(), 7u);
      command.op = KvOp::kPut;
      command.value = w[6];
    } else if (op == "delete") {
      command.op = KvOp::kDelete;
    } else if (op == "get") {
      command.op = KvOp::kGet;
    } else if (op == "cas") {
      ASSERT_EQ(w.size(), 8u);
      command.op = KvOp::kCas;
      command.expected = w[6];
      command.value = w[7];
    } else {
      FAIL() << "unknown operation " << op;
    }
    StepNode(n, Request<Raft>{std::stoull(w[2]), std::stoull(w[3]), command});
  }

  void StepNode(NodeId n, const Event<Raft>& event) {
    fx_.Clear();
    Raft::step(config_, n, nodes_[n], event, fx_);
    if (config_.bug == Bug::kNone) {
      EXPECT_FALSE(fx_.output_before_persist()) << "output before persist()";
    }
    for (auto envelope : fx_.sends()) {
      envelope.from = n;
      net_.push_back(std::move(envelope));
    }
    for (const auto& reply : fx_.replies()) replies_.push_back(reply);
    timers_[n] = (timers_[n] & ~fx_.timers_cancelled()) | fx_.timers_set();
    if (config_.bug == Bug::kNone) CheckInvariants();
  }

  View MakeView() {
    up_bytes_.assign(up_.begin(), up_.end());
    return View{config_, nodes_, up_bytes_, net_};
  }

  void CheckInvariants() {
    const View view = MakeView();
    for (const auto& property : Raft::invariants()) {
      EXPECT_TRUE(property.holds(view))
          << "invariant " << property.name << " violated";
    }
  }

  void ExpectViolation(const std::string& name) {
    const View view = MakeView();
    for (const auto& property : Raft::invariants()) {
      if (property.name == name) {
        EXPECT_FALSE(property.holds(view)) << name << " still holds";
        return;
      }
    }
    FAIL() << "unknown invariant " << name;
  }

  void Expect(const std::vector<std::string>& w) {
    ASSERT_GE(w.size(), 2u);
    if (w[1] == "reply") {
      ASSERT_EQ(w.size(), 5u);
      std::vector<std::string> seen;
      for (const auto& reply : replies_) {
        if (reply.client == std::stoull(w[2]) &&
            reply.request_id == std::stoull(w[3])) {
          seen.push_back(ResultText(reply.result));
        }
      }
      EXPECT_NE(std::find(seen.begin(), seen.end(), w[4]), seen.end())
          << "replies to " << w[2] << "/" << w[3] << ": " << Join(seen);
      return;
    }
    if (w[1] == "in-flight") {
      EXPECT_EQ(net_.size(), std::stoul(w[2]));
      return;
    }
    for (NodeId n = 0; n < nodes_.size(); ++n) {
      if (w[1] != "all" && Node(w[1]) != n) continue;
      for (size_t i = 2; i < w.size(); ++i) {
        const size_t eq = w[i].find('=');
        ASSERT_NE(eq, std::string::npos) << w[i];
        const std::string key = w[i].substr(0, eq);
        const std::string want = w[i].substr(eq + 1);
        EXPECT_EQ(Field(nodes_[n], key), want)
            << "node " << n << " field " << key;
      }
    }
  }

  std::string Field(const State& s, const std::string& key) {
    if (key == "role") {
      static const char* kRoles[] = {"follower", "pre-candidate", "candidate",
                                     "leader"};
      return kRoles[static_cast<size_t>(s.role)];
    }
    if (key == "term") return std::to_string(s.term);
    if (key == "vote") return OptionalNode(s.voted_for);
    if (key == "leader") return OptionalNode(s.leader);
    if (key == "commit") return std::to_string(s.commit);
    if (key == "applied") return std::to_string(s.applied);
    if (key == "reads-served") return std::to_string(s.reads_served);
    std::vector<std::string> parts;
    if (key == "terms") {
      for (const Entry& e : s.log) parts.push_back(std::to_string(e.term));
    } else if (key == "log") {
      for (const Entry& e : s.log) parts.push_back(EntryText(e));
    } else if (key == "kv") {
      for (const KvPair& p : s.kv.pairs) parts.push_back(p.key + "=" + p.value);
    } else {
      ADD_FAILURE() << "unknown field " << key;
    }
    return Join(parts);
  }

  std::string where_;
  int line_number_ = 0;
  Config config_;
  std::vector<State> nodes_;
  std::vector<bool> up_;
  std::vector<uint8_t> up_bytes_;
  std::vector<uint32_t> timers_;
  std::vector<Envelope<Raft>> net_;
  std::vector<Reply<Raft>> replies_;
  Fx fx_;
};

std::vector<std::filesystem::path> ScenarioFiles() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = "core/raft/testdata";
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class RaftScenario : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(RaftScenario, Runs) {
  Scenario scenario(GetParam().filename().string());
  scenario.Run(GetParam().string());
}

INSTANTIATE_TEST_SUITE_P(
    Testdata, RaftScenario, ::testing::ValuesIn(ScenarioFiles()),
    [](const ::testing::TestParamInfo<std::filesystem::path>& info) {
      std::string name = info.param.stem().string();
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

// The test runs from the repository root (see stepwise_test()).
TEST(RaftScenarioFiles, AreFound) { EXPECT_GE(ScenarioFiles().size(), 4u); }

}  // namespace
}  // namespace stepwise::core::raft
