// The quorums of the finite Raft models (raft_election_spec.h with a size,
// raft_log_spec.h): every majority of the nodes, as a bit mask (bit n: node
// n), and its element name in the quorum sort (q01, q012, ...).

#ifndef STEPWISE_SPEC_MAJORITIES_H_
#define STEPWISE_SPEC_MAJORITIES_H_

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace stepwise::spec {

// In increasing mask order. REQUIRES: nodes < 32.
inline std::vector<uint32_t> Majorities(uint32_t nodes) {
  std::vector<uint32_t> masks;
  for (uint32_t mask = 1; mask < (uint32_t{1} << nodes); ++mask) {
    if (2 * static_cast<uint32_t>(std::popcount(mask)) > nodes) {
      masks.push_back(mask);
    }
  }
  return masks;
}

// "q" and the members' numbers, for Majorities(nodes).
inline std::vector<std::string> MajorityNames(uint32_t nodes) {
  std::vector<std::string> names;
  for (uint32_t mask : Majorities(nodes)) {
    std::string name = "q";
    for (uint32_t n = 0; n < nodes; ++n) {
      if ((mask >> n) & 1) name += std::to_string(n);
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace stepwise::spec

#endif  // STEPWISE_SPEC_MAJORITIES_H_
