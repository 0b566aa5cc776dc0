// Properties of the two-phase commit step function: it is deterministic, it
// keeps the durability order, and it only talks to nodes of its cluster.

#include <cstdint>
#include <variant>
#include <vector>

#include "core/codec/codec.h"
#include "core/protocol.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"
#include "proptests/generators.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"

namespace stepwise::proptests {
namespace {

using core::Effects;
using core::Event;
using core::NodeId;
using core::codec::Encode;
using core::twopc::TwoPhase;
namespace twopc = core::twopc;

using Fx = Effects<TwoPhase>;

rc::Gen<twopc::Config> GenConfig() {
  return rc::gen::map(
      rc::gen::pair(rc::gen::inRange<uint32_t>(1, twopc::kMaxRms + 1),
                    GenEnum<twopc::Bug>()),
      [](std::pair<uint32_t, twopc::Bug> p) {
        return twopc::Config{p.first, p.second};
      });
}

// Mostly senders inside the cluster (plus one past it), sometimes anything.
rc::Gen<Event<TwoPhase>> GenEvent(const twopc::Config& config) {
  return rc::gen::map(
      rc::gen::pair(GenValue<Event<TwoPhase>>(),
                    rc::gen::inRange<NodeId>(0, config.rms + 2)),
      [](std::pair<Event<TwoPhase>, NodeId> p) {
        if (auto* receive = std::get_if<core::Receive<TwoPhase>>(&p.first)) {
          if (receive->from % 4 != 0) receive->from = p.second;
        }
        return p.first;
      });
}

bool SameEffects(const Fx& a, const Fx& b) {
  return a.sends() == b.sends() && a.replies() == b.replies() &&
         a.applied() == b.applied() && a.timers_set() == b.timers_set() &&
         a.timers_cancelled() == b.timers_cancelled() &&
         a.persisted() == b.persisted() &&
         a.output_before_persist() == b.output_before_persist() &&
         a.sends_before_persist() == b.sends_before_persist() &&
         a.replies_before_persist() == b.replies_before_persist();
}

RC_GTEST_PROP(TwoPhaseStep, IsDeterministic, ()) {
  const twopc::Config config = *GenConfig();
  const NodeId self = *rc::gen::inRange<NodeId>(0, config.rms + 1);
  const twopc::State state = *GenValue<twopc::State>();
  const Event<TwoPhase> event = *GenEvent(config);
  RC_LOG() << "config " << Hex(Encode(config)) << " self " << self << " state "
           << Hex(Encode(state)) << " event " << Hex(Encode(event)) << "\n";

  twopc::State first = state;
  Fx first_effects;
  TwoPhase::step(config, self, first, event, first_effects);

  // The second run reuses an Effects object that an unrelated step dirtied,
  // as the model checker does.
  twopc::State second = state;
  Fx second_effects;
  twopc::State scratch = state;
  TwoPhase::step(config, self, scratch, *GenEvent(config), second_effects);
  second_effects.Clear();
  TwoPhase::step(config, self, second, event, second_effects);

  RC_ASSERT(first == second);
  RC_ASSERT(SameEffects(first_effects, second_effects));
}

// Whole runs are deterministic too: no hidden state carries between steps.
RC_GTEST_PROP(TwoPhaseStep, RunsAreDeterministic, ()) {
  const twopc::Config config = *GenConfig();
  const NodeId self = *rc::gen::inRange<NodeId>(0, config.rms + 1);
  const auto events =
      *rc::gen::container<std::vector<Event<TwoPhase>>>(GenEvent(config));
  twopc::State a = TwoPhase::init(config, self);
  twopc::State b = TwoPhase::init(config, self);
  Fx a_effects;
  Fx b_effects;
  for (const Event<TwoPhase>& event : events) {
    a_effects.Clear();
    b_effects.Clear();
    TwoPhase::step(config, self, a, event, a_effects);
    TwoPhase::step(config, self, b, event, b_effects);
    RC_ASSERT(a == b);
    RC_ASSERT(SameEffects(a_effects, b_effects));
  }
}

// The durability contract of core/protocol.h: nothing leaves before persist().
RC_GTEST_PROP(TwoPhaseStep, PersistsBeforeOutput, ()) {
  const twopc::Config config = *GenConfig();
  const NodeId self = *rc::gen::inRange<NodeId>(0, config.rms + 1);
  twopc::State state = *GenValue<twopc::State>();
  Fx effects;
  TwoPhase::step(config, self, state, *GenEvent(config), effects);
  RC_TAG(effects.persisted() ? "persisted" : "volatile");
  RC_ASSERT_FALSE(effects.output_before_persist());
}

// The TM sends only to RMs, an RM only to the TM; replies and applies never.
RC_GTEST_PROP(TwoPhaseStep, SendsStayInsideTheCluster, ()) {
  const twopc::Config config = *GenConfig();
  const NodeId self = *rc::gen::inRange<NodeId>(0, config.rms + 1);
  twopc::State state = *GenValue<twopc::State>();
  Fx effects;
  TwoPhase::step(config, self, state, *GenEvent(config), effects);
  for (const auto& send : effects.sends()) {
    if (self == twopc::kTm) {
      RC_ASSERT(send.to >= 1u);
      RC_ASSERT(send.to <= config.rms);
    } else {
      RC_ASSERT(send.to == twopc::kTm);
    }
  }
  RC_ASSERT(effects.replies().empty());
  RC_ASSERT(effects.applied().empty());
}

}  // namespace
}  // namespace stepwise::proptests
