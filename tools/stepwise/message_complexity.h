// Message complexity of the election algorithms, measured by simulation:
// the shipped step functions run on a reliable network that delivers
// messages in the order they were sent, and every message of one election is
// counted. `stepwise messages` prints the table; docs/election.md carries it.
//
// Scenarios, chosen to hit each algorithm's best and worst case:
//   Chang-Roberts (smallest id wins, every node initiates, winner announces):
//     the ids' arrangement around the ring decides how far each id travels.
//     Best: ids decrease in the direction of travel (each id is swallowed by
//     the next node); worst: they increase (id k travels until node 0);
//     average: uniformly random arrangements.
//   Bully (n nodes, node n-1 leads, then fails and stays down): the election
//     that follows, started by the one node that notices first. Best: the
//     node just below the failed leader; worst: the lowest node.
//
// Thread-safety: pure functions.

#ifndef STEPWISE_TOOLS_STEPWISE_MESSAGE_COMPLEXITY_H_
#define STEPWISE_TOOLS_STEPWISE_MESSAGE_COMPLEXITY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/protocol.h"

namespace stepwise::tools::complexity {

struct ElectionCount {
  bool elected = false;  // every up node ended up following one live leader
  uint64_t leader = 0;   // the elected node's id
  std::map<std::string, uint64_t> by_type;  // "Election" -> 6, ...
  // Messages of the given types only.
  uint64_t Of(const std::vector<std::string>& types) const;
};

// Chang-Roberts with every node initiating; `ids[i]` is node i's id.
ElectionCount RingElection(const std::vector<uint32_t>& ids);

// Bully on `nodes` nodes after the leader (the highest node) fails for good;
// `detector` is the node whose leader check notices first.
ElectionCount BullyElection(uint32_t nodes, core::NodeId detector);

struct Row {
  uint32_t nodes = 0;
  uint64_t bully_best = 0;  // Election, Answer and Coordinator messages
  uint64_t bully_worst = 0;
  uint64_t ring_best = 0;  // Election messages (the announcement adds n)
  double ring_average = 0;
  uint64_t ring_worst = 0;
};

// One row per cluster size; `samples` random arrangements per ring average,
// drawn from `seed`. An error names the first scenario that elected no
// single leader (a finding: every scenario runs on a reliable network).
absl::StatusOr<std::vector<Row>> MeasureMessages(uint32_t min_nodes,
                                                 uint32_t max_nodes,
                                                 uint32_t samples,
                                                 uint64_t seed);

// The rows as a Markdown table beside the textbook bounds.
std::string MessagesMarkdown(const std::vector<Row>& rows, uint32_t samples);

}  // namespace stepwise::tools::complexity

#endif  // STEPWISE_TOOLS_STEPWISE_MESSAGE_COMPLEXITY_H_
