#include "core/quorum/invariants.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/linearizability/history.h"
#include "core/linearizability/linearizability.h"

namespace stepwise::core::quorum {
namespace {

// An operation a client asked for, with its answer if it has one; times are
// positions in the history.
struct Call {
  Operation operation;
  uint64_t call = 0;
  std::optional<uint64_t> ret;
  Outcome outcome;
};

std::vector<Call> Calls(const View& view) {
  std::vector<Call> calls;
  for (const lin::CallAndAnswer& pair : lin::PairCalls(view.history)) {
    Call call{view.history[pair.call].command, pair.call, pair.answer,
              Outcome{}};
    if (pair.answer.has_value()) {
      call.outcome = view.history[*pair.answer].result;
    }
    calls.push_back(call);
  }
  return calls;
}

bool Succeeded(const Call& call) {
  return call.ret.has_value() && call.outcome.status == Status::kOk;
}

// The register as the linearizability checker's key-value model sees it: one
// key, absent while the register holds its initial 0.
constexpr std::string_view kKey = "register";

lin::KvInput ToInput(const Operation& operation) {
  if (operation.kind == Kind::kWrite) {
    return lin::KvInput::Put(std::string(kKey),
                             std::to_string(operation.value));
  }
  return lin::KvInput::Get(std::string(kKey));
}

lin::Answer<lin::KvOutput> Classify(const Operation& operation,
                                    const Outcome& outcome) {
  switch (outcome.status) {
    case Status::kBusy:
      return {true, std::nullopt};  // turned away: it did not happen
    case Status::kTimedOut:
      return {false, std::nullopt};  // it may or may not take effect
    case Status::kOk:
      break;
  }
  if (operation.kind == Kind::kWrite) return {false, lin::KvOutput::Ok()};
  if (outcome.value == 0) return {false, lin::KvOutput::NotFound()};
  return {false, lin::KvOutput::Found(std::to_string(outcome.value))};
}

}  // namespace

bool HistoryLinearizable(const View& view) {
  if (view.history.empty()) return true;
  const auto operations =
      lin::OperationsOf<lin::KvModel>(view.history, &ToInput, &Classify);
  const lin::LinearizabilityResult result =
      lin::CheckLinearizable<lin::KvModel>(operations);
  // A search that gives up proves nothing either way; histories here are a
  // few operations long, far below the budget.
  return result.linearizable || result.gave_up;
}

bool AnswersStayOnAWriteQuorum(const View& view) {
  const uint32_t quorum = QuorumRegister::WriteQuorum(view.config);
  for (const Call& call : Calls(view)) {
    if (!Succeeded(call)) continue;
    uint32_t holders = 0;
    for (const State& node : view.nodes) {
      if (!Newer(call.outcome.tag, node.tag)) ++holders;
    }
    if (holders < quorum) return false;
  }
  return true;
}

bool LaterWritesHaveHigherTags(const View& view) {
  const std::vector<Call> calls = Calls(view);
  for (const Call& first : calls) {
    if (first.operation.kind != Kind::kWrite || !Succeeded(first)) continue;
    for (const Call& later : calls) {
      if (later.operation.kind == Kind::kWrite && Succeeded(later) &&
          later.call > *first.ret &&
          !Newer(later.outcome.tag, first.outcome.tag)) {
        return false;
      }
    }
  }
  return true;
}

bool TagNamesOneValue(const View& view) {
  std::vector<std::pair<Tag, Value>> seen;
  auto consistent = [&seen](const Tag& tag, Value value) {
    for (const auto& [known, known_value] : seen) {
      if (known == tag) return known_value == value;
    }
    seen.emplace_back(tag, value);
    return true;
  };
  if (!consistent(Tag{}, 0)) return false;
  for (const State& node : view.nodes) {
    if (!consistent(node.tag, node.value)) return false;
  }
  for (const auto& envelope : view.in_flight) {
    if (const auto* reply = std::get_if<QueryReply>(&envelope.message)) {
      if (!consistent(reply->tag, reply->value)) return false;
    } else if (const auto* store = std::get_if<Store>(&envelope.message)) {
      if (!consistent(store->tag, store->value)) return false;
    }
  }
  return true;
}

bool SomeWriteAcknowledged(const View& view) {
  const std::vector<Call> calls = Calls(view);
  return std::any_of(calls.begin(), calls.end(), [](const Call& call) {
    return call.operation.kind == Kind::kWrite && Succeeded(call);
  });
}

bool SomeReadSeesAWrite(const View& view) {
  const std::vector<Call> calls = Calls(view);
  return std::any_of(calls.begin(), calls.end(), [](const Call& call) {
    return call.operation.kind == Kind::kRead && Succeeded(call) &&
           call.outcome.value != 0;
  });
}

bool SomeWriteFollowsAWrite(const View& view) {
  const std::vector<Call> calls = Calls(view);
  return std::any_of(calls.begin(), calls.end(), [](const Call& call) {
    return call.operation.kind == Kind::kWrite && Succeeded(call) &&
           call.outcome.tag.counter >= 2;
  });
}

bool EveryOperationSucceeded(const View& view) {
  const std::vector<Call> calls = Calls(view);
  return std::all_of(calls.begin(), calls.end(), &Succeeded);
}

namespace {

constexpr std::array<Property<QuorumRegister>, 4> kInvariants = {{
    {"linearizable", "the clients' reads and writes are linearizable",
     &HistoryLinearizable},
    {"answers-stay-on-a-write-quorum",
     "every answered operation's tag is held (or overtaken) by W replicas",
     &AnswersStayOnAWriteQuorum},
    {"later-writes-have-higher-tags",
     "a write that starts after another returned gets a higher tag",
     &LaterWritesHaveHigherTags},
    {"tag-names-one-value",
     "one tag names one value at every replica and in every message",
     &TagNamesOneValue},
}};

constexpr std::array<Property<QuorumRegister>, 3> kGoals = {{
    {"write-acknowledged", "some write returns ok", &SomeWriteAcknowledged,
     Needs::kClientRequests},
    {"read-sees-a-write", "some read returns a written value",
     &SomeReadSeesAWrite, Needs::kTwoRequests},
    {"write-follows-a-write", "some write overtakes an earlier write's tag",
     &SomeWriteFollowsAWrite, Needs::kTwoRequests},
}};

constexpr std::array<LivenessProperty<QuorumRegister>, 1> kLiveness = {{
    {"operations-succeed",
     "every operation eventually succeeds (not while a partition or crashes "
     "keep a quorum away: consistency over availability)",
     Temporal::kAlwaysEventually, &EveryOperationSucceeded},
}};

}  // namespace

std::span<const Property<QuorumRegister>> QuorumRegister::invariants() {
  return kInvariants;
}
std::span<const Property<QuorumRegister>> QuorumRegister::goals() {
  return kGoals;
}
std::span<const LivenessProperty<QuorumRegister>> QuorumRegister::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::quorum
