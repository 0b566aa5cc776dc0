#include "tools/stepwise/message_complexity.h"

#include <algorithm>
#include <deque>
#include <numeric>
#include <random>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/bully/bully.h"
#include "core/ring/ring.h"
#include "fmt/core.h"

namespace stepwise::tools::complexity {
namespace {

using core::NodeId;

// Runs a cluster of P on a reliable network that delivers in send order
// (first in, first out across all links), counting messages by type once
// counting is switched on.
template <typename P>
class Simulation {
 public:
  Simulation(typename P::Config config, std::vector<typename P::State> states)
      : config_(std::move(config)),
        states_(std::move(states)),
        up_(states_.size(), true),
        timers_(states_.size(), 0) {}

  const typename P::State& state(NodeId id) const { return states_[id]; }
  bool up(NodeId id) const { return up_[id]; }
  size_t size() const { return states_.size(); }
  ElectionCount& count() { return count_; }

  void StartCounting() { counting_ = true; }
  void Crash(NodeId id) { up_[id] = false; }

  void Step(NodeId id, const core::Event<P>& event) {
    effects_.Clear();
    P::step(config_, id, states_[id], event, effects_);
    timers_[id] =
        (timers_[id] & ~effects_.timers_cancelled()) | effects_.timers_set();
    for (const auto& envelope : effects_.sends()) {
      if (counting_) {
        const std::string_view type =
            std::visit([](const auto& message) { return message.type_name(); },
                       envelope.message);
        ++count_.by_type[std::string(type)];
      }
      in_flight_.push_back({id, envelope.to, envelope.message});
    }
  }

  // Delivers every message in flight, and every message they cause, in the
  // order sent. A message to a down node is lost.
  void DeliverAll() {
    while (!in_flight_.empty()) {
      core::Envelope<P> envelope = std::move(in_flight_.front());
      in_flight_.pop_front();
      if (!up_[envelope.to]) continue;
      Step(envelope.to,
           core::Receive<P>{envelope.from, std::move(envelope.message)});
    }
  }

  // Fires `timer` at `id` if it is armed there.
  bool Fire(NodeId id, typename P::Timer timer) {
    const uint32_t bit = core::Effects<P>::Bit(timer);
    if (!up_[id] || (timers_[id] & bit) == 0) return false;
    timers_[id] &= ~bit;
    Step(id, core::Timeout<P>{timer});
    return true;
  }

 private:
  typename P::Config config_;
  std::vector<typename P::State> states_;
  std::vector<bool> up_;
  std::vector<uint32_t> timers_;
  std::deque<core::Envelope<P>> in_flight_;
  core::Effects<P> effects_;
  bool counting_ = false;
  ElectionCount count_;
};

using BullySimulation = Simulation<core::bully::Bully>;

// The id every up node follows when they agree on one live leader, else 0.
uint32_t BullyAgreedLeader(const BullySimulation& sim) {
  uint32_t leader = 0;
  for (NodeId n = 0; n < sim.size(); ++n) {
    if (!sim.up(n)) continue;
    const uint32_t known = sim.state(n).leader;
    if (known == 0 || (leader != 0 && known != leader)) return 0;
    leader = known;
  }
  const NodeId node = leader - 1;
  if (leader == 0 || !sim.up(node) ||
      sim.state(node).role != core::bully::Role::kLeader) {
    return 0;
  }
  return leader;
}

// Delivers messages and, whenever none is in flight, fires one pending
// election timer, as a synchronous system would: every timeout outlasts
// every message delay, and waiting for a Coordinator outlasts waiting for an
// Answer (so answer timers go first; lowest node first among equals).
// Leader checks are not fired: they only matter once a leader fails, which
// the caller stages. Returns the agreed leader's id, or 0 (also when the
// nodes keep timing out without agreeing, as a broken step function could).
uint32_t SettleBully(BullySimulation& sim) {
  using core::bully::Timer;
  const size_t max_timeouts = 4 * sim.size() * sim.size();
  for (size_t timeouts = 0; timeouts <= max_timeouts; ++timeouts) {
    sim.DeliverAll();
    if (const uint32_t leader = BullyAgreedLeader(sim); leader != 0) {
      return leader;
    }
    bool fired = false;
    for (Timer timer : {Timer::kAnswer, Timer::kCoordinator}) {
      for (NodeId n = 0; n < sim.size() && !fired; ++n) {
        fired = sim.Fire(n, timer);
      }
    }
    if (!fired) return 0;
  }
  return 0;
}

const std::vector<std::string> kBullyElectionTypes = {"Election", "Answer",
                                                      "Coordinator"};

double Harmonic(uint32_t n) {
  double sum = 0;
  for (uint32_t k = 1; k <= n; ++k) sum += 1.0 / k;
  return sum;
}

}  // namespace

uint64_t ElectionCount::Of(const std::vector<std::string>& types) const {
  uint64_t total = 0;
  for (const std::string& type : types) {
    const auto it = by_type.find(type);
    if (it != by_type.end()) total += it->second;
  }
  return total;
}

ElectionCount RingElection(const std::vector<uint32_t>& ids) {
  using core::ring::ChangRoberts;
  const ChangRoberts::Config config{
      .nodes = static_cast<uint32_t>(ids.size()), .announce = true, .ids = ids};
  std::vector<ChangRoberts::State> states(
      ids.size(),
      {.initiator = true, .status = core::ring::Status::kCandidate});
  Simulation<ChangRoberts> sim(config, std::move(states));
  sim.StartCounting();
  for (NodeId n = 0; n < ids.size(); ++n) sim.Step(n, core::Start{});
  sim.DeliverAll();

  ElectionCount count = std::move(sim.count());
  int winners = 0;
  for (NodeId n = 0; n < ids.size(); ++n) {
    if (sim.state(n).status == core::ring::Status::kWon) {
      ++winners;
      count.leader = ids[n];
    }
  }
  count.elected = winners == 1;
  for (NodeId n = 0; n < ids.size(); ++n) {
    if (sim.state(n).leader != count.leader) count.elected = false;
  }
  return count;
}

ElectionCount BullyElection(uint32_t nodes, NodeId detector) {
  using core::bully::Bully;
  using core::bully::Timer;
  const Bully::Config config{.nodes = nodes};
  BullySimulation sim(config, std::vector<Bully::State>(nodes));
  for (NodeId n = 0; n < nodes; ++n) sim.Step(n, core::Start{});
  ElectionCount count;
  if (SettleBully(sim) != nodes) return count;  // the highest must lead

  sim.Crash(nodes - 1);
  sim.StartCounting();
  // The detector's first leader check sends a Ping that is never answered;
  // its second one suspects the leader and starts the election.
  for (int check = 0; check < 2; ++check) {
    if (!sim.Fire(detector, Timer::kLeaderCheck)) return count;
    sim.DeliverAll();
  }
  const uint32_t leader = SettleBully(sim);
  count = std::move(sim.count());
  count.leader = leader;
  count.elected = leader == nodes - 1;  // the best live node, id n-1
  return count;
}

absl::StatusOr<std::vector<Row>> MeasureMessages(uint32_t min_nodes,
                                                 uint32_t max_nodes,
                                                 uint32_t samples,
                                                 uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Row> rows;
  auto failed = [](std::string scenario) {
    return absl::InternalError(
        absl::StrCat(scenario, " did not elect exactly one leader"));
  };
  for (uint32_t n = std::max(min_nodes, 2u); n <= max_nodes; ++n) {
    Row row;
    row.nodes = n;
    for (auto [detector, out] :
         {std::pair{n - 2, &row.bully_best}, std::pair{0u, &row.bully_worst}}) {
      const ElectionCount count = BullyElection(n, detector);
      if (!count.elected) {
        return failed(
            absl::StrCat("bully with ", n, " nodes, detector ", detector + 1));
      }
      *out = count.Of(kBullyElectionTypes);
    }
    auto ring =
        [&](const std::vector<uint32_t>& ids) -> absl::StatusOr<uint64_t> {
      const ElectionCount count = RingElection(ids);
      if (!count.elected) {
        return failed(absl::StrCat("ring with ids ", absl::StrJoin(ids, ",")));
      }
      return count.Of({"Election"});
    };
    std::vector<uint32_t> ids(n);
    std::iota(ids.begin(), ids.end(), 1u);  // increasing: the worst case
    absl::StatusOr<uint64_t> worst = ring(ids);
    if (!worst.ok()) return worst.status();
    row.ring_worst = *worst;
    absl::StatusOr<uint64_t> best =
        ring(std::vector<uint32_t>(ids.rbegin(), ids.rend()));
    if (!best.ok()) return best.status();
    row.ring_best = *best;
    uint64_t sum = 0;
    for (uint32_t s = 0; s < samples; ++s) {
      std::shuffle(ids.begin(), ids.end(), random);
      absl::StatusOr<uint64_t> messages = ring(ids);
      if (!messages.ok()) return messages.status();
      sum += *messages;
    }
    row.ring_average = samples == 0 ? 0 : static_cast<double>(sum) / samples;
    rows.push_back(row);
  }
  return rows;
}

std::string MessagesMarkdown(const std::vector<Row>& rows, uint32_t samples) {
  std::string out =
      "| n | Bully best | Bully worst | worst / n² | Ring best | 2n−1 | "
      "Ring average | n·H(n) | Ring worst | n(n+1)/2 |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const Row& row : rows) {
    const uint32_t n = row.nodes;
    absl::StrAppend(
        &out, "| ", n, " | ", row.bully_best, " | ", row.bully_worst, " | ",
        fmt::format("{:.2f}", static_cast<double>(row.bully_worst) / (n * n)),
        " | ", row.ring_best, " | ", 2 * n - 1, " | ",
        fmt::format("{:.1f}", row.ring_average), " | ",
        fmt::format("{:.1f}", n * Harmonic(n)), " | ", row.ring_worst, " | ",
        n * (n + 1) / 2, " |\n");
  }
  absl::StrAppend(
      &out,
      "\nBully: Election, Answer and Coordinator messages of the "
      "election after the leader (node n) fails for good; best: node "
      "n−1 notices first, worst: node 1 does. Ring: Chang–Roberts "
      "Election messages with every node initiating (the winner's "
      "announcement adds n); best and worst arrangements of the ids "
      "around the ring, average over ",
      samples, " random arrangements.\n");
  return out;
}

}  // namespace stepwise::tools::complexity
