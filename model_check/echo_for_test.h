// A one-node toy service for testing the checker's client requests and its
// persist-ordering crash window (not shipped).
//
// The node answers command v with v + 1 and counts its answers durably. With
// kReplyBeforePersist it answers before persisting the count, so a crash in
// that window loses an acknowledged answer, which the "acks-durable"
// invariant catches.

#ifndef STEPWISE_MODEL_CHECK_ECHO_FOR_TEST_H_
#define STEPWISE_MODEL_CHECK_ECHO_FOR_TEST_H_

#include <array>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol.h"

namespace stepwise::mc::testing {

STEPWISE_ENUM(EchoTimer, kUnused);
STEPWISE_ENUM(EchoBug, kNone, kReplyBeforePersist, kWrongAnswer);

struct EchoConfig {
  EchoBug bug = EchoBug::kNone;
  STEPWISE_FIELDS(EchoConfig, bug)
};
struct EchoState {
  uint32_t acked = 0;  // durable: answers given
  STEPWISE_FIELDS(EchoState, acked)
};

struct Echo {
  static constexpr std::string_view kName = "echo";
  using Config = EchoConfig;
  using State = EchoState;
  using Message = std::variant<std::monostate>;
  using Command = uint32_t;
  using Result = uint32_t;
  using Timer = EchoTimer;
  using Bug = EchoBug;
  using View = core::ClusterView<Echo>;

  static size_t node_count(const Config&) { return 1; }
  static State init(const Config&, core::NodeId) { return {}; }
  static State restart(const Config&, core::NodeId, const State& s) {
    return s;
  }
  static bool within_bounds(const Config&, const State&) { return true; }
  static std::vector<Command> client_commands(const Config&) { return {7, 9}; }

  static void step(const Config& config, core::NodeId, State& state,
                   const core::Event<Echo>& event, core::Effects<Echo>& fx) {
    const auto* request = std::get_if<core::Request<Echo>>(&event);
    if (request == nullptr) return;
    const uint32_t answer =
        request->command + (config.bug == EchoBug::kWrongAnswer ? 2 : 1);
    if (config.bug == EchoBug::kReplyBeforePersist) {
      fx.reply(request->client, request->request_id, answer);
    }
    ++state.acked;
    fx.persist();
    if (config.bug != EchoBug::kReplyBeforePersist) {
      fx.reply(request->client, request->request_id, answer);
    }
  }

  static bool AcksDurable(const View& v) {
    uint32_t returns = 0;
    for (const auto& event : v.history) returns += event.is_return ? 1 : 0;
    return returns <= v.nodes[0].acked;
  }
  static bool AnswersRight(const View& v) {
    for (const auto& ret : v.history) {
      if (!ret.is_return) continue;
      for (const auto& call : v.history) {
        if (!call.is_return && call.client == ret.client &&
            ret.result != call.command + 1) {
          return false;
        }
      }
    }
    return true;
  }
  static bool TwoAnswered(const View& v) {
    uint32_t returns = 0;
    for (const auto& event : v.history) returns += event.is_return ? 1 : 0;
    return returns == 2;
  }

  static std::span<const core::Property<Echo>> invariants() {
    static constexpr std::array<core::Property<Echo>, 2> kList = {{
        {"acks-durable", "every answer given is counted durably", &AcksDurable},
        {"answers-right", "command v is answered with v + 1", &AnswersRight},
    }};
    return kList;
  }
  static std::span<const core::Property<Echo>> goals() {
    static constexpr std::array<core::Property<Echo>, 1> kList = {
        {{"two-answered", "two requests are answered", &TwoAnswered}}};
    return kList;
  }
};

static_assert(core::Protocol<Echo>);
static_assert(core::HasClientCommands<Echo>);

}  // namespace stepwise::mc::testing

#endif  // STEPWISE_MODEL_CHECK_ECHO_FOR_TEST_H_
