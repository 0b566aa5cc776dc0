#include "fuzz/raft_schedule.h"

#include "fuzz/state_summary.h"
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
  // there; the rest cover client requests (the only way to see stale
  // reads), the options and a larger cluster.
  switch ((shape / 24) % 11) {
    case 1:
    case 4:
      // Clients instead of the leaders' stand-in proposal and read: their
      // history must be linearizable, which is what read-without-quorum
      // breaks. The input places the requests in time (say a put reaching
      // a new leader, then a get a deposed one), rather than leaving them
      // to crowd the menu. (Cases 1 and 4 because no stored finding uses
      // them.)
      run.options.requests = 3;
      run.timed_requests = 3;
      config.auto_propose = false;
      config.auto_read = false;
      break;
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
  return RunShapedSchedule<core::raft::Raft>(RaftShape, input, bug,
                                             kRaftMaxSteps);
}

uint64_t RaftStateSummary(const mc::Cluster<core::raft::Raft>& cluster) {
  // Terms and logs stay below 256 within the fuzzer's bounds (6 and 6), so
  // one byte per field loses nothing that matters. With clients, how far
  // their calls have got (issued, answered) counts too: read-without-quorum
  // needs a put answered by one leader before a deposed one serves a get.
  const uint64_t clients = (static_cast<uint64_t>(cluster.requests_left) << 8) |
                           (cluster.history.size() & 0xff);
  const uint64_t nodes = SummarizeNodes(cluster, [&](size_t i) {
    const core::raft::State& s = cluster.states[i];
    return (uint64_t{cluster.up[i]} << 40) |
           (uint64_t{static_cast<uint8_t>(s.role)} << 32) |
           ((s.term & 0xff) << 24) | ((s.log.size() & 0xff) << 16) |
           ((s.LastTerm() & 0xff) << 8) | (s.commit & 0xff);
  });
  return (nodes ^ clients) * 0x100000001b3;
}

}  // namespace stepwise::fuzz
