// Test support: one node of a protocol driven one event at a time, with the
// effects of its last step kept for the test to inspect. Unit tests of a
// protocol's step rules use it (core/<name>/*_test.cc).

#ifndef STEPWISE_CORE_TEST_NODE_H_
#define STEPWISE_CORE_TEST_NODE_H_

#include <cstddef>
#include <utility>
#include <variant>

#include "core/protocol.h"

namespace stepwise::core {

template <typename P>
struct TestNode {
  explicit TestNode(NodeId id, typename P::Config c = {})
      : config(c), self(id), state(P::init(c, id)) {}

  typename P::Config config;
  NodeId self = 0;
  typename P::State state;
  Effects<P> effects;  // of the last step only

  void Step(const Event<P>& event) {
    effects.Clear();
    P::step(config, self, state, event, effects);
  }
  void Receive(NodeId from, typename P::Message message) {
    Step(core::Receive<P>{from, std::move(message)});
  }
  void Fire(typename P::Timer timer) { Step(Timeout<P>{timer}); }
};

// The `index`th message the last step sent, as message type M.
template <typename M, typename P>
const M& Sent(const Effects<P>& effects, size_t index) {
  return std::get<M>(effects.sends().at(index).message);
}

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_TEST_NODE_H_
