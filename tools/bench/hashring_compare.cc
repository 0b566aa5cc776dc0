// Side by side: the consistent-hash ring at several virtual-node counts,
// jump consistent hash and rendezvous hashing (core/hashring/). For N nodes
// of equal weight and K keys, with one owner per key:
//
//   max/mean   the most loaded node's keys over the mean (1 is perfect)
//   moved+     fraction of keys whose owner changed when node N+1 joined
//              (the ideal is 1/(N+1): only the newcomer's share)
//   moved-     fraction whose owner changed when the last node left (ideal
//              1/N); jump hash can only remove the last node
//   lookups/s  LookupHash on pre-hashed keys, one core, one owner and three
//
//   build/tools/hashring_compare [keys]     (default 100000 keys)

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/hashring/jump.h"
#include "core/hashring/placement.h"
#include "core/hashring/rendezvous.h"
#include "core/hashring/ring.h"

namespace stepwise::core::hashring {
namespace {

std::string NodeName(int i) { return "node-" + std::to_string(i); }

template <Placement P>
std::vector<std::string> Primaries(const P& p,
                                   const std::vector<uint64_t>& keys) {
  std::vector<std::string> out;
  out.reserve(keys.size());
  std::vector<std::string_view> owners;
  for (uint64_t key : keys) {
    p.LookupHash(key, &owners);
    out.emplace_back(owners.at(0));
  }
  return out;
}

double Moved(const std::vector<std::string>& a,
             const std::vector<std::string>& b) {
  size_t moved = 0;
  for (size_t i = 0; i < a.size(); ++i) moved += a[i] != b[i];
  return static_cast<double>(moved) / static_cast<double>(a.size());
}

template <Placement P>
double LookupsPerSecond(const P& p, const std::vector<uint64_t>& keys) {
  std::vector<std::string_view> owners;
  size_t done = 0;
  uint64_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  double seconds = 0;
  // At least 0.2 s, at most 1,000 passes.
  for (int pass = 0; pass < 1000 && seconds < 0.2; ++pass) {
    for (uint64_t key : keys) {
      p.LookupHash(key, &owners);
      sink += owners.size();
    }
    done += keys.size();
    seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  if (sink == 0) std::printf("(no owners)\n");
  return static_cast<double>(done) / seconds;
}

// `make(replication)` builds an empty placement.
template <typename Make>
void Row(const char* name, Make make, int nodes,
         const std::vector<uint64_t>& keys) {
  auto p = make(1);
  for (int i = 0; i < nodes; ++i) {
    if (!p.AddNode(NodeName(i), 1).ok()) std::abort();
  }
  const std::vector<std::string> base = Primaries(p, keys);
  std::map<std::string, size_t> load;
  for (const std::string& owner : base) ++load[owner];
  size_t max = 0;
  for (const auto& [node, count] : load) max = std::max(max, count);
  const double mean =
      static_cast<double>(keys.size()) / static_cast<double>(nodes);
  const double lookups1 = LookupsPerSecond(p, keys);

  if (!p.AddNode(NodeName(nodes), 1).ok()) std::abort();
  const double moved_add = Moved(base, Primaries(p, keys));
  if (!p.RemoveNode(NodeName(nodes)).ok()) std::abort();
  if (!p.RemoveNode(NodeName(nodes - 1)).ok()) std::abort();
  const double moved_remove = Moved(base, Primaries(p, keys));

  auto p3 = make(3);
  for (int i = 0; i < nodes; ++i) {
    if (!p3.AddNode(NodeName(i), 1).ok()) std::abort();
  }
  const double lookups3 = LookupsPerSecond(p3, keys);
  std::printf("| %-18s | %5d | %8.3f | %7.4f | %7.4f | %11.1f M | %11.1f M |\n",
              name, nodes, static_cast<double>(max) / mean, moved_add,
              moved_remove, lookups1 / 1e6, lookups3 / 1e6);
}

void Table(int nodes, const std::vector<uint64_t>& keys) {
  std::printf(
      "\n%d nodes, %zu keys: ideal moved+ %.4f, moved- %.4f\n\n"
      "| placement          | nodes | max/mean | moved+  | moved-  | "
      "lookups/s r=1 | lookups/s r=3 |\n"
      "|---|---|---|---|---|---|---|\n",
      nodes, keys.size(), 1.0 / (nodes + 1), 1.0 / nodes);
  for (uint32_t vnodes : {1u, 10u, 100u, 1000u}) {
    const std::string name = "ring, " + std::to_string(vnodes) + " vnodes";
    Row(
        name.c_str(),
        [vnodes](uint32_t r) {
          return *HashRing::Create(
              {.replication = r, .vnodes_per_weight = vnodes});
        },
        nodes, keys);
  }
  Row(
      "jump", [](uint32_t r) { return *JumpPlacement::Create(r); }, nodes,
      keys);
  Row(
      "rendezvous", [](uint32_t r) { return *RendezvousPlacement::Create(r); },
      nodes, keys);
}

}  // namespace
}  // namespace stepwise::core::hashring

int main(int argc, char** argv) {
  using namespace stepwise::core::hashring;
  const long keys_wanted = argc > 1 ? std::atol(argv[1]) : 100000;
  if (keys_wanted < 1 || keys_wanted > 100000000) {
    std::fprintf(stderr, "hashring_compare: keys must be 1..100000000\n");
    return 2;
  }
  std::vector<uint64_t> keys;
  keys.reserve(static_cast<size_t>(keys_wanted));
  for (long k = 0; k < keys_wanted; ++k) {
    keys.push_back(KeyHash("key-" + std::to_string(k)));
  }
  Table(10, keys);
  Table(100, keys);
  return 0;
}
