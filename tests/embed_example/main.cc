// Drives two-phase commit by hand through the installed headers, carrying out
// each step's effects the way a runner would, then model-checks it with the
// installed library's explorer (Explore<P>, compiled there for every listed
// protocol). Exits 0 only if both behave as expected.

#include <cstdio>
#include <deque>
#include <vector>

#include "core/twopc/invariants.h"
#include "core/twopc/twopc.h"
#include "model_check/explore.h"

namespace twopc = stepwise::core::twopc;
using stepwise::core::Effects;
using stepwise::core::Envelope;
using stepwise::core::NodeId;
using twopc::TwoPhase;

int main() {
  const TwoPhase::Config config{.rms = 2};
  std::vector<TwoPhase::State> nodes;
  for (NodeId id = 0; id < TwoPhase::node_count(config); ++id) {
    nodes.push_back(TwoPhase::init(config, id));
  }
  std::deque<Envelope<TwoPhase>> network;
  Effects<TwoPhase> effects;
  auto run = [&](NodeId id, const stepwise::core::Event<TwoPhase>& event) {
    effects.Clear();
    TwoPhase::step(config, id, nodes[id], event, effects);
    // A real runner would write nodes[id]'s durable part to disk here when
    // effects.persisted(), before sending anything.
    for (auto envelope : effects.sends()) {
      envelope.from = id;
      network.push_back(envelope);
    }
  };
  for (NodeId id = 0; id < nodes.size(); ++id) run(id, stepwise::core::Start{});
  // Both RMs finish their work, then the TM commits once both prepared.
  run(1, stepwise::core::Timeout<TwoPhase>{twopc::Timer::kPrepare});
  run(2, stepwise::core::Timeout<TwoPhase>{twopc::Timer::kPrepare});
  while (!network.empty()) {
    const auto envelope = network.front();
    network.pop_front();
    run(envelope.to,
        stepwise::core::Receive<TwoPhase>{envelope.from, envelope.message});
    if (envelope.to == twopc::kTm && effects.timers_set() != 0) {
      run(twopc::kTm, stepwise::core::Timeout<TwoPhase>{twopc::Timer::kCommit});
    }
  }
  for (NodeId id = 1; id < nodes.size(); ++id) {
    if (nodes[id].rm != twopc::RmState::kCommitted) {
      std::printf("RM %u did not commit\n", id);
      return 1;
    }
  }

  stepwise::mc::Options options;
  options.quiet = true;
  const auto result = stepwise::mc::Explore<TwoPhase>(config, options);
  std::printf("committed on every RM; model check: %llu states, %s\n",
              static_cast<unsigned long long>(result.distinct_states),
              result.verdict == stepwise::mc::Verdict::kOk ? "ok" : "FAILED");
  return result.verdict == stepwise::mc::Verdict::kOk ? 0 : 1;
}
