// Writes a long run of a Raft cluster as a trace file, to time the viewer
// on large traces (viewer_test.sh): a seeded random walk through the
// checker's own transition relation (model_check/semantics.h), so
// `stepwise view` re-executes it like any other trace.
//
// Usage: long_trace NODES STEPS SEED OUT.json. Exit 0 when written, 2 on bad
// arguments, a stuck run or a file that cannot be written.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/raft/raft.h"
#include "model_check/listed_traces.h"
#include "model_check/semantics.h"

namespace {

using stepwise::core::raft::Raft;
namespace mc = stepwise::mc;

int Run(uint32_t nodes, size_t steps, uint64_t seed, const char* out) {
  Raft::Config config = stepwise::core::raft::ModelCheckingConfig();
  config.nodes = nodes;
  // Bounds far past what the walk reaches: they only stop expansion in the
  // checker, and a walk should look like a deployment's run.
  config.max_term = 1'000'000;
  config.max_log_length = 1'000'000;
  mc::Options options;
  mc::Semantics<Raft> semantics(config, options);
  mc::Trace<Raft> trace;
  trace.states.push_back(semantics.InitialClusters().front());
  std::mt19937_64 random(seed);
  std::vector<mc::Action<Raft>> actions;
  while (trace.actions.size() < steps) {
    actions.clear();
    semantics.ForEachAction(
        trace.states.back(),
        [&](const mc::Action<Raft>& action) { actions.push_back(action); });
    if (actions.empty()) {
      std::fprintf(stderr, "long_trace: no step enabled after %zu steps\n",
                   trace.actions.size());
      return 2;
    }
    const mc::Action<Raft>& action = actions[random() % actions.size()];
    auto next = semantics.Apply(trace.states.back(), action);
    if (!next.ok()) {
      std::fprintf(stderr, "long_trace: %s\n",
                   std::string(next.status().message()).c_str());
      return 2;
    }
    trace.actions.push_back(action);
    trace.states.push_back(*std::move(next));
  }
  std::ofstream file(out);
  file << mc::TraceJson<Raft>(config, options, trace, nullptr).dump() << "\n";
  file.close();
  if (!file) {
    std::fprintf(stderr, "long_trace: cannot write %s\n", out);
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: long_trace NODES STEPS SEED OUT.json\n");
    return 2;
  }
  const long nodes = std::strtol(argv[1], nullptr, 10);
  const long steps = std::strtol(argv[2], nullptr, 10);
  if (nodes < 1 || nodes > 8 || steps < 1 || steps > 1'000'000) {
    std::fprintf(stderr, "long_trace: NODES must be 1..8, STEPS 1..1000000\n");
    return 2;
  }
  return Run(static_cast<uint32_t>(nodes), static_cast<size_t>(steps),
             std::strtoull(argv[3], nullptr, 10), argv[4]);
}
