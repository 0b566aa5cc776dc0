// A two-node toy protocol for testing the checker itself (not shipped).
//
// Node 0 pings node 1, which answers with a pong. When node 0 is idle it may
// ping again (timer kPing) or give up (timer kGiveUp), which finishes it.
// With `give_up_stays_armed` false, giving up is enabled only while idle, so
// under weak fairness a run may ping forever: the checker must find that
// livelock. With `can_finish` false, the "finished" goal is unreachable: the
// checker must call the model vacuous.

#ifndef STEPWISE_MODEL_CHECK_PING_PONG_FOR_TEST_H_
#define STEPWISE_MODEL_CHECK_PING_PONG_FOR_TEST_H_

#include <array>
#include <span>
#include <string_view>
#include <variant>

#include "core/protocol.h"

namespace stepwise::mc::testing {

STEPWISE_ENUM(PingTimer, kPing, kGiveUp);
STEPWISE_ENUM(PingBug, kNone, kPongTwice);

struct PingConfig {
  bool give_up_stays_armed = false;
  bool can_finish = true;
  PingBug bug = PingBug::kNone;
  STEPWISE_FIELDS(PingConfig, give_up_stays_armed, can_finish, bug)
};
struct PingState {
  bool outstanding = false;
  bool finished = false;
  uint32_t pongs = 0;
  STEPWISE_FIELDS(PingState, outstanding, finished, pongs)
};
struct Ping {
  STEPWISE_NO_FIELDS(Ping)
};
struct Pong {
  STEPWISE_NO_FIELDS(Pong)
};

struct PingPong {
  static constexpr std::string_view kName = "ping-pong";
  using Config = PingConfig;
  using State = PingState;
  using Message = std::variant<Ping, Pong>;
  using Command = std::monostate;
  using Result = std::monostate;
  using Timer = PingTimer;
  using Bug = PingBug;
  using View = core::ClusterView<PingPong>;
  using Fx = core::Effects<PingPong>;

  static size_t node_count(const Config&) { return 2; }
  static State init(const Config&, core::NodeId) { return {}; }
  static State restart(const Config&, core::NodeId, const State& s) {
    return s;
  }
  static bool within_bounds(const Config&, const State&) { return true; }

  static void SendPing(const Config& config, State& state, Fx& fx) {
    state.outstanding = true;
    fx.send(1, Ping{});
    if (!config.give_up_stays_armed) fx.cancel_timer(Timer::kGiveUp);
  }

  static void step(const Config& config, core::NodeId self, State& state,
                   const core::Event<PingPong>& event, Fx& fx) {
    if (state.finished) return;
    if (std::holds_alternative<core::Start>(event)) {
      if (self == 0) SendPing(config, state, fx);
      if (self == 0 && config.give_up_stays_armed && config.can_finish) {
        fx.set_timer(Timer::kGiveUp);
      }
    } else if (auto* r = std::get_if<core::Receive<PingPong>>(&event)) {
      if (std::holds_alternative<Ping>(r->message)) {
        fx.send(0, Pong{});
        if (config.bug == PingBug::kPongTwice) fx.send(0, Pong{});
      } else if (self == 0 && state.outstanding) {
        state.outstanding = false;
        state.pongs = state.pongs < 1 ? state.pongs + 1 : state.pongs;
        fx.set_timer(Timer::kPing);
        if (config.can_finish) fx.set_timer(Timer::kGiveUp);
      } else if (self == 0) {
        state.pongs = 2;  // an unexpected pong
      }
    } else if (auto* t = std::get_if<core::Timeout<PingPong>>(&event)) {
      if (t->timer == Timer::kPing && !state.outstanding) {
        SendPing(config, state, fx);
      } else if (t->timer == Timer::kGiveUp) {
        state.finished = true;
        fx.cancel_timer(Timer::kPing);
      }
    }
  }

  static bool NoUnexpectedPong(const View& v) { return v.nodes[0].pongs < 2; }
  static bool Finished(const View& v) { return v.nodes[0].finished; }

  static std::span<const core::Property<PingPong>> invariants() {
    static constexpr std::array<core::Property<PingPong>, 1> kList = {
        {{"no-unexpected-pong", "node 0 never sees a pong it did not ask for",
          &NoUnexpectedPong}}};
    return kList;
  }
  static std::span<const core::Property<PingPong>> goals() {
    static constexpr std::array<core::Property<PingPong>, 1> kList = {
        {{"finished", "node 0 finishes", &Finished}}};
    return kList;
  }
  static std::span<const core::LivenessProperty<PingPong>> liveness() {
    static constexpr std::array<core::LivenessProperty<PingPong>, 1> kList = {
        {{"eventually-finished", "node 0 eventually finishes",
          core::Temporal::kEventually, &Finished}}};
    return kList;
  }
};

static_assert(core::Protocol<PingPong>);

}  // namespace stepwise::mc::testing

#endif  // STEPWISE_MODEL_CHECK_PING_PONG_FOR_TEST_H_
