#include "core/eventual/invariants.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "core/linearizability/history.h"
#include "core/linearizability/linearizability.h"

namespace stepwise::core::eventual {
namespace {

// The object a linearizable store would be: one register (its value) or one
// set (a bit per element), for the linearizability checker.
struct SingleCopyModel {
  struct Input {
    bool set = false;
    Operation operation;
  };
  using Output = std::vector<Value>;  // what a read returned; empty otherwise
  using State = uint32_t;

  static State Init() { return 0; }
  static State Apply(State state, const Input& input) {
    const Operation& op = input.operation;
    switch (op.kind) {
      case Kind::kWrite:
        return op.value;
      case Kind::kAdd:
        return state | (uint32_t{1} << op.value);
      case Kind::kRemove:
        return state & ~(uint32_t{1} << op.value);
      case Kind::kRead:
        break;
    }
    return state;
  }
  static Output Contents(State state, bool set) {
    Output values;
    if (!set) {
      if (state != 0) values.push_back(state);
      return values;
    }
    for (Value v = 0; v < 32; ++v) {
      if ((state >> v) & 1) values.push_back(v);
    }
    return values;
  }
  static std::optional<State> Step(State state, const Input& input,
                                   const Output& output) {
    if (input.operation.kind == Kind::kRead) {
      if (output != Contents(state, input.set)) return std::nullopt;
      return state;
    }
    return Apply(state, input);
  }
  static std::vector<State> StepPending(State state, const Input& input) {
    if (input.operation.kind == Kind::kRead) return {state};
    return {state, Apply(state, input)};
  }
};
static_assert(lin::LinearizabilityModel<SingleCopyModel>);

// Every replica's data and every gossiped state: what strong eventual
// consistency compares.
std::vector<const Data*> AllData(const View& view) {
  std::vector<const Data*> all;
  for (const State& node : view.nodes) all.push_back(&node.data);
  for (const auto& envelope : view.in_flight) {
    if (const auto* gossip = std::get_if<Gossip>(&envelope.message)) {
      all.push_back(&gossip->data);
    }
  }
  return all;
}

// The non-zero entries of a version vector.
size_t Origins(const std::vector<uint32_t>& version) {
  return static_cast<size_t>(
      std::count_if(version.begin(), version.end(),
                    [](uint32_t updates) { return updates != 0; }));
}

}  // namespace

bool SameUpdatesSameData(const View& view) {
  const std::vector<const Data*> all = AllData(view);
  for (size_t i = 0; i < all.size(); ++i) {
    for (size_t j = i + 1; j < all.size(); ++j) {
      if (all[i]->version == all[j]->version && !(*all[i] == *all[j])) {
        return false;
      }
    }
  }
  return true;
}

bool EveryRequestAnswered(const View& view) {
  for (const lin::CallAndAnswer& pair : lin::PairCalls(view.history)) {
    if (!pair.answer.has_value()) return false;
    if (view.history[*pair.answer].result.status != Status::kOk) return false;
  }
  return true;
}

bool EntriesWithinVersion(const View& view) {
  for (const Data* data : AllData(view)) {
    std::vector<Dot> dots;
    for (const Sibling& sibling : data->siblings) dots.push_back(sibling.dot);
    for (const Member& member : data->members) dots.push_back(member.dot);
    for (const Dot& dot : dots) {
      if (dot.node >= view.config.nodes || dot.counter == 0 ||
          !Covers(data->version, dot)) {
        return false;
      }
    }
    std::sort(dots.begin(), dots.end());
    const auto same = [](const Dot& a, const Dot& b) { return a == b; };
    if (std::adjacent_find(dots.begin(), dots.end(), same) != dots.end()) {
      return false;
    }
  }
  return true;
}

bool HistoryLinearizable(const View& view) {
  if (view.history.empty()) return true;
  const bool set = view.config.set;
  const auto to_input = [set](const Operation& operation) {
    return SingleCopyModel::Input{set, operation};
  };
  const auto classify = [](const Operation&, const Outcome& outcome) {
    lin::Answer<SingleCopyModel::Output> answer;
    answer.rejected = outcome.status != Status::kOk;
    answer.output = outcome.values;
    return answer;
  };
  const auto operations =
      lin::OperationsOf<SingleCopyModel>(view.history, to_input, classify);
  const lin::LinearizabilityResult result =
      lin::CheckLinearizable<SingleCopyModel>(operations);
  // A search that gives up proves nothing either way; histories here are a
  // few operations long, far below the budget.
  return result.linearizable || result.gave_up;
}

bool SomeUpdatePropagated(const View& view) {
  for (NodeId id = 0; id < view.nodes.size(); ++id) {
    const std::vector<uint32_t>& version = view.nodes[id].data.version;
    for (NodeId origin = 0; origin < version.size(); ++origin) {
      if (origin != id && version[origin] != 0) return true;
    }
  }
  return false;
}

bool SomeUpdatesOfTwoReplicasMerged(const View& view) {
  return std::any_of(
      view.nodes.begin(), view.nodes.end(),
      [](const State& node) { return Origins(node.data.version) >= 2; });
}

bool ConvergedAfterAnUpdate(const View& view) {
  return Origins(view.nodes[0].data.version) >= 1 && AllReplicasEqual(view);
}

bool AllReplicasEqual(const View& view) {
  return std::all_of(
      view.nodes.begin(), view.nodes.end(),
      [&](const State& node) { return node.data == view.nodes[0].data; });
}

namespace {

constexpr std::array<Property<EventualStore>, 4> kInvariants = {{
    {"same-updates-same-data",
     "replicas and gossiped states with the same version vector hold the "
     "same data (strong eventual consistency)",
     &SameUpdatesSameData},
    {"available",
     "every request a running replica receives is answered ok at once, "
     "partitioned or not",
     &EveryRequestAnswered},
    {"entries-within-version",
     "every sibling and set entry is an update its holder has seen, once",
     &EntriesWithinVersion},
    {"linearizable",
     "NOT promised (check it with --only linearizable to see the stale read "
     "an available store allows): the clients' history is linearizable",
     &HistoryLinearizable},
}};

constexpr std::array<Property<EventualStore>, 3> kGoals = {{
    {"update-propagated", "a replica holds an update made at another",
     &SomeUpdatePropagated, Needs::kClientRequests},
    {"updates-of-two-replicas-merged",
     "a replica holds updates made at two replicas",
     &SomeUpdatesOfTwoReplicasMerged, Needs::kTwoRequests},
    {"converged-after-update", "every replica holds the same updated data",
     &ConvergedAfterAnUpdate, Needs::kClientRequests},
}};

constexpr std::array<LivenessProperty<EventualStore>, 1> kLiveness = {{
    {"converges",
     "every replica eventually holds the same data again (once updates stop "
     "and gossip gets through)",
     Temporal::kAlwaysEventually, &AllReplicasEqual},
}};

}  // namespace

std::span<const Property<EventualStore>> EventualStore::invariants() {
  return kInvariants;
}
std::span<const Property<EventualStore>> EventualStore::goals() {
  return kGoals;
}
std::span<const LivenessProperty<EventualStore>> EventualStore::liveness() {
  return kLiveness;
}

}  // namespace stepwise::core::eventual
