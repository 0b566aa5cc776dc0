// Cost of one Raft step: a leader's heartbeat, a follower appending one
// entry, a follower granting a vote. Reports ns per step and heap
// allocations per step (the goal is none in the steady state: the Effects
// object is reused, as a runner or the model checker reuses it).
//
//   build/tools/raft_step_bench

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/raft/raft.h"

namespace {

std::atomic<uint64_t> g_allocations{0};

}  // namespace

// Counts every heap allocation of the process (this binary only).
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace stepwise::core::raft {
namespace {

using Fx = Effects<Raft>;

Config BenchConfig() {
  Config config;
  config.nodes = 3;
  config.idle_heartbeats = true;
  config.retransmit = true;
  return config;
}

// Node 0 as leader of term 1 with a committed no-op, followers up to date.
State ElectedLeader(const Config& config) {
  std::vector<State> nodes = {Raft::init(config, 0), Raft::init(config, 1),
                              Raft::init(config, 2)};
  Fx fx;
  auto deliver_all = [&](NodeId from, std::vector<Envelope<Raft>> sends) {
    std::vector<Envelope<Raft>> next;
    for (const auto& send : sends) {
      Fx out;
      Raft::step(config, send.to, nodes[send.to],
                 Receive<Raft>{from, send.message}, out);
      for (const auto& reply : out.sends()) {
        Fx back;
        Raft::step(config, reply.to, nodes[reply.to],
                   Receive<Raft>{send.to, reply.message}, back);
        next.insert(next.end(), back.sends().begin(), back.sends().end());
      }
    }
    return next;
  };
  Raft::step(config, 0, nodes[0], Timeout<Raft>{Timer::kElection}, fx);
  std::vector<Envelope<Raft>> pending = deliver_all(0, fx.sends());
  for (int round = 0; round < 4 && !pending.empty(); ++round) {
    pending = deliver_all(0, pending);
  }
  return nodes[0];
}

void Report(benchmark::State& bench, uint64_t allocations_before) {
  bench.counters["allocs/step"] = benchmark::Counter(
      static_cast<double>(g_allocations.load() - allocations_before),
      benchmark::Counter::kAvgIterations);
}

void BM_LeaderHeartbeat(benchmark::State& bench) {
  const Config config = BenchConfig();
  State leader = ElectedLeader(config);
  if (leader.role != Role::kLeader) bench.SkipWithError("no leader elected");
  Fx fx;
  const Event<Raft> heartbeat = Timeout<Raft>{Timer::kHeartbeat};
  Raft::step(config, 0, leader, heartbeat, fx);  // warm the Effects buffers
  const uint64_t before = g_allocations.load();
  for (auto _ : bench) {
    fx.Clear();
    Raft::step(config, 0, leader, heartbeat, fx);
    benchmark::DoNotOptimize(fx.sends().size());
  }
  Report(bench, before);
}
BENCHMARK(BM_LeaderHeartbeat);

// A follower receives AppendEntries carrying the next entry. The log grows
// by one per step; every 4096 steps it is cut back (outside the timing) so
// memory stays bounded, which is also when the log vector reallocates.
void BM_FollowerAppendOne(benchmark::State& bench) {
  const Config config = BenchConfig();
  State follower = Raft::init(config, 1);
  follower.log.reserve(4096 + 1);
  Fx fx;
  Event<Raft> append = Receive<Raft>{0, AppendEntries{}};
  auto& message =
      std::get<AppendEntries>(std::get<Receive<Raft>>(append).message);
  message.term = 1;
  message.entries.push_back(Entry{1, Noop{}});
  const uint64_t before = g_allocations.load();
  for (auto _ : bench) {
    if (follower.log.size() >= 4096) {
      bench.PauseTiming();
      follower.log.clear();
      follower.commit = follower.applied = 0;
      bench.ResumeTiming();
    }
    message.prev_index = follower.log.size();
    message.prev_term = follower.LastTerm();
    fx.Clear();
    Raft::step(config, 1, follower, append, fx);
    benchmark::DoNotOptimize(follower.log.size());
  }
  Report(bench, before);
}
BENCHMARK(BM_FollowerAppendOne);

// A follower grants a vote in a new term each step.
void BM_GrantVote(benchmark::State& bench) {
  const Config config = BenchConfig();
  State voter = Raft::init(config, 1);
  Fx fx;
  Event<Raft> request = Receive<Raft>{0, RequestVote{}};
  auto& vote = std::get<RequestVote>(std::get<Receive<Raft>>(request).message);
  const uint64_t before = g_allocations.load();
  for (auto _ : bench) {
    vote.term = voter.term + 1;
    fx.Clear();
    Raft::step(config, 1, voter, request, fx);
    benchmark::DoNotOptimize(voter.voted_for);
  }
  Report(bench, before);
}
BENCHMARK(BM_GrantVote);

}  // namespace
}  // namespace stepwise::core::raft
