#include "core/paxos/invariants.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <utility>

namespace stepwise::core::paxos {
namespace {

// For every (ballot, value) some acceptor voted for, the acceptors that did.
std::map<std::pair<Ballot, Value>, uint32_t> VotersByBallot(const View& view) {
  std::map<std::pair<Ballot, Value>, uint32_t> voters;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    for (const Vote& vote : view.nodes[n].votes) {
      voters[{vote.ballot, vote.value}] |= uint32_t{1} << n;
    }
  }
  return voters;
}

// The (ballot, value) pairs a quorum voted for.
std::vector<std::pair<Ballot, Value>> ChosenPairs(const View& view) {
  std::vector<std::pair<Ballot, Value>> chosen;
  const int quorum = static_cast<int>(Paxos::Quorum(view.config));
  for (const auto& [vote, voters] : VotersByBallot(view)) {
    if (std::popcount(voters) >= quorum) chosen.push_back(vote);
  }
  return chosen;
}

bool Contains(const std::vector<Value>& values, Value value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

std::vector<Value> ChosenValues(const View& view) {
  std::vector<Value> values;
  for (const auto& [ballot, value] : ChosenPairs(view)) {
    if (!Contains(values, value)) values.push_back(value);
  }
  std::sort(values.begin(), values.end());
  return values;
}

bool AtMostOneChosen(const View& view) {
  return ChosenValues(view).size() <= 1;
}

bool ChosenWasProposed(const View& view) {
  std::vector<Value> proposed;
  for (const auto& event : view.history) {
    if (!event.is_return) proposed.push_back(event.command.value);
  }
  for (Value value : ChosenValues(view)) {
    if (!Contains(proposed, value)) return false;
  }
  return true;
}

bool LearnedIsChosen(const View& view) {
  const std::vector<Value> chosen = ChosenValues(view);
  for (const State& state : view.nodes) {
    if (state.learned != kNoValue && !Contains(chosen, state.learned)) {
      return false;
    }
  }
  return true;
}

bool AnswersAreChosen(const View& view) {
  const std::vector<Value> chosen = ChosenValues(view);
  for (const auto& event : view.history) {
    if (event.is_return && event.result.value != kNoValue &&
        !Contains(chosen, event.result.value)) {
      return false;
    }
  }
  return true;
}

bool SomeValueChosen(const View& view) { return !ChosenPairs(view).empty(); }

bool SomeClientAnswered(const View& view) {
  return std::any_of(view.history.begin(), view.history.end(),
                     [](const auto& event) {
                       return event.is_return && event.result.value != kNoValue;
                     });
}

bool ChosenInTwoBallots(const View& view) {
  return ChosenPairs(view).size() >= 2;
}

bool ChosenOrNothingProposed(const View& view) {
  if (SomeValueChosen(view)) return true;
  for (NodeId n = 0; n < view.nodes.size(); ++n) {
    if (view.up[n] && view.nodes[n].proposal != kNoValue) return false;
  }
  return true;
}

namespace {

constexpr std::array<Property<Paxos>, 4> kInvariants = {{
    {"agreement", "at most one value is chosen", &AtMostOneChosen},
    {"validity", "a chosen value was proposed by a client", &ChosenWasProposed},
    {"learned-is-chosen", "a learner learns only a chosen value",
     &LearnedIsChosen},
    {"answers-are-chosen", "every decision a client hears was chosen",
     &AnswersAreChosen},
}};

constexpr std::array<Property<Paxos>, 3> kGoals = {{
    {"value-chosen", "some run chooses a value", &SomeValueChosen,
     Needs::kClientRequests},
    {"client-answered", "some client hears the decision", &SomeClientAnswered,
     Needs::kClientRequests},
    {"chosen-in-two-ballots",
     "a later ballot adopts a chosen value (needs two proposers or a retry)",
     &ChosenInTwoBallots, Needs::kClientRequests},
}};

constexpr std::array<LivenessProperty<Paxos>, 1> kLiveness = {{
    {"eventually-chosen",
     "once a proposer has a value, a value is eventually chosen (needs one "
     "proposer whose timeouts outlast its messages)",
     Temporal::kAlwaysEventually, &ChosenOrNothingProposed},
}};

}  // namespace

std::span<const Property<Paxos>> Paxos::invariants() { return kInvariants; }
std::span<const Property<Paxos>> Paxos::goals() { return kGoals; }
std::span<const LivenessProperty<Paxos>> Paxos::liveness() { return kLiveness; }

}  // namespace stepwise::core::paxos
