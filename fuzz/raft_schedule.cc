#include "fuzz/raft_schedule.h"

#include <algorithm>
#include <array>

#include "model_check/options.h"
#include "model_check/schedule.h"

namespace stepwise::fuzz {

using core::raft::Bug;

RaftRun RaftShape(uint8_t shape, Bug bug) {
  RaftRun run;
  core::raft::Config& config = run.config;
  config.bug = bug;
  config.max_term = 6;
  config.max_log_length = 6;
  config.auto_propose = true;
  config.auto_read = true;
  config.max_append_entries = 1;
  config.idle_heartbeats = false;
  config.retransmit = false;
  static constexpr mc::Network kNetworks[] = {
      mc::Network::kReliable, mc::Network::kLossy, mc::Network::kDuplicating,
      mc::Network::kOrdered};
  run.options.network = kNetworks[shape % 4];
  run.options.crashes = (shape / 4) % 3;
  run.options.partitions = (shape / 12) % 2;
  // A bounded loss budget: unlimited drops would let most bytes of a
  // schedule be spent losing messages.
  if (run.options.network == mc::Network::kLossy) run.options.drops = 6;
  // Plain 3-node clusters get most shapes because every textbook bug shows
  // there; the rest cover the options and a larger cluster.
  switch ((shape / 24) % 11) {
    case 6:
      config.pre_vote = true;
      break;
    case 7:
      config.check_quorum = true;
      break;
    case 8:
      config.pre_vote = true;
      config.check_quorum = true;
      break;
    case 9:
    case 10:
      config.nodes = 5;
      break;
    default:
      break;
  }
  return run;
}

RaftRun RunRaftSchedule(std::span<const uint8_t> input, Bug bug) {
  RaftRun run = RaftShape(input.empty() ? 0 : input[0], bug);
  run.outcome = mc::RunSchedule<core::raft::Raft>(
      run.config, run.options, input.empty() ? input : input.subspan(1),
      kRaftMaxSteps);
  return run;
}

uint64_t RaftStateSummary(const mc::Cluster<core::raft::Raft>& cluster) {
  // Terms and logs stay below 256 within the fuzzer's bounds (6 and 6), so
  // one byte per field loses nothing that matters.
  std::array<uint64_t, core::raft::kMaxNodes> nodes{};
  const size_t n = std::min<size_t>(cluster.size(), nodes.size());
  for (size_t i = 0; i < n; ++i) {
    const core::raft::State& s = cluster.states[i];
    nodes[i] = (uint64_t{cluster.up[i]} << 40) |
               (uint64_t{static_cast<uint8_t>(s.role)} << 32) |
               ((s.term & 0xff) << 24) | ((s.log.size() & 0xff) << 16) |
               ((s.LastTerm() & 0xff) << 8) | (s.commit & 0xff);
  }
  std::sort(nodes.begin(), nodes.begin() + n);
  uint64_t hash = 0xcbf29ce484222325;  // FNV-1a over the sorted fields
  for (size_t i = 0; i < n; ++i) {
    hash = (hash ^ nodes[i]) * 0x100000001b3;
    hash ^= hash >> 29;
  }
  return hash;
}

}  // namespace stepwise::fuzz
