// Properties of the linearizability checker: on small key-value histories it
// agrees with a brute-force search over every order of the operations, and
// its witnesses are legal sequential runs.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/linearizability/linearizability.h"
#include "gtest/gtest.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"

namespace stepwise::proptests {
namespace {

using core::lin::KvInput;
using core::lin::KvModel;
using core::lin::KvOp;
using core::lin::KvOutput;
using Op = core::lin::ModelOperation<KvModel>;

// KvModel without PartitionKey: the whole history is one search.
struct WholeKv {
  using Input = KvModel::Input;
  using Output = KvModel::Output;
  using State = KvModel::State;
  static State Init() { return KvModel::Init(); }
  static std::optional<State> Step(const State& state, const Input& input,
                                   const Output& output) {
    return KvModel::Step(state, input, output);
  }
  static std::vector<State> StepPending(const State& state,
                                        const Input& input) {
    return KvModel::StepPending(state, input);
  }
};
static_assert(!core::lin::PartitionedModel<WholeKv>);

uint64_t ReturnTime(const Op& op) {
  return op.indeterminate() ? core::lin::kPending : op.ret;
}

// True if running `order` sequentially is legal: real-time order kept and
// every output possible. (Completeness is the caller's business.)
bool IsLegal(const std::vector<Op>& history, const std::vector<size_t>& order) {
  for (size_t i = 0; i < order.size(); ++i) {
    for (size_t j = i + 1; j < order.size(); ++j) {
      if (ReturnTime(history[order[j]]) < history[order[i]].call) return false;
    }
  }
  KvModel::State state = KvModel::Init();
  for (size_t index : order) {
    const Op& op = history[index];
    if (op.indeterminate()) {
      state = KvModel::StepPending(state, op.input).front();
    } else if (auto next = KvModel::Step(state, op.input, *op.output)) {
      state = *next;
    } else {
      return false;
    }
  }
  return true;
}

// Every subset of the indeterminate operations, every permutation.
bool BruteForceLinearizable(const std::vector<Op>& history) {
  std::vector<size_t> completed;
  std::vector<size_t> indeterminate;
  for (size_t i = 0; i < history.size(); ++i) {
    (history[i].indeterminate() ? indeterminate : completed).push_back(i);
  }
  for (uint32_t mask = 0; mask < (1u << indeterminate.size()); ++mask) {
    std::vector<size_t> order = completed;
    for (size_t k = 0; k < indeterminate.size(); ++k) {
      if (mask & (1u << k)) order.push_back(indeterminate[k]);
    }
    std::sort(order.begin(), order.end());
    do {
      if (IsLegal(history, order)) return true;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return false;
}

bool IsWitness(const std::vector<Op>& history,
               const std::vector<size_t>& order) {
  std::vector<int> count(history.size(), 0);
  for (size_t index : order) {
    if (index >= history.size() || ++count[index] > 1) return false;
  }
  for (size_t i = 0; i < history.size(); ++i) {
    if (!history[i].indeterminate() && count[i] != 1) return false;
  }
  return IsLegal(history, order);
}

std::string Show(const std::vector<Op>& history) {
  std::string text;
  for (size_t i = 0; i < history.size(); ++i) {
    const Op& op = history[i];
    absl::StrAppend(
        &text, "#", i, " client ", op.client, " [", op.call, ", ",
        op.ret == core::lin::kPending ? "pending" : absl::StrCat(op.ret), "] ",
        KvModel::Describe(op.input, op.output), "\n");
  }
  return text;
}

KvInput GenInput() {
  const auto kind = *rc::gen::inRange(0, 4);
  const std::string key = *rc::gen::element<std::string>("a", "b");
  const std::string value = *rc::gen::element<std::string>("1", "2", "3");
  switch (kind) {
    case 0:
      return KvInput::Put(key, value);
    case 1:
      return KvInput::Get(key);
    case 2:
      return KvInput::Delete(key);
    default:
      return KvInput::Cas(key, *rc::gen::element<std::string>("1", "2", "3"),
                          value);
  }
}

// A history of a correct store: clients issue operations one at a time, and
// each takes effect atomically between its call and its return. Some never
// take effect or never return (indeterminate).
std::vector<Op> GenCorrectHistory() {
  const uint64_t clients = *rc::gen::inRange<uint64_t>(2, 4);
  const size_t n = *rc::gen::inRange<size_t>(1, 7);
  std::vector<Op> history(n);
  std::vector<std::vector<size_t>> queues(clients);
  for (size_t i = 0; i < n; ++i) {
    history[i].client = *rc::gen::inRange<uint64_t>(0, clients);
    history[i].input = GenInput();
    queues[history[i].client].push_back(i);
  }
  enum Fate { kNormal, kLost, kNoReply, kTimeout };
  std::vector<Fate> fates(n);
  for (auto& fate : fates) {
    fate = *rc::gen::weightedElement<Fate>(
        {{12, kNormal}, {1, kLost}, {1, kNoReply}, {1, kTimeout}});
  }
  std::vector<int> phase(n, 0);  // 0 idle, 1 called, 2 effected
  std::vector<size_t> head(clients, 0);
  KvModel::State store;
  uint64_t time = 0;
  for (size_t events = 0; events < 3 * n; ++events) {
    std::vector<uint64_t> busy;
    for (uint64_t c = 0; c < clients; ++c) {
      if (head[c] < queues[c].size()) busy.push_back(c);
    }
    const uint64_t c = *rc::gen::elementOf(busy);
    const size_t i = queues[c][head[c]];
    Op& op = history[i];
    time += *rc::gen::inRange<uint64_t>(0, 2);  // equal times overlap
    if (phase[i] == 0) {
      op.call = time;
      phase[i] = 1;
      continue;
    }
    if (phase[i] == 1) {
      if (fates[i] != kLost) {
        // The output the store gives, found by trying each candidate.
        const KvModel::State before = store;
        store = KvModel::StepPending(before, op.input).front();
        const auto it = before.find(op.input.key);
        const bool present = it != before.end();
        KvOutput out{
            .ok = true, .found = present, .value = present ? it->second : ""};
        if (op.input.op == KvOp::kCas) {
          out = KvOutput::Make(present && it->second == op.input.expected,
                               false, "");
        } else if (op.input.op == KvOp::kPut) {
          out = KvOutput::Ok();
        } else if (op.input.op == KvOp::kDelete) {
          out.value.clear();
        }
        op.output = out;
      }
      phase[i] = 2;
      continue;
    }
    op.ret = fates[i] == kNormal || fates[i] == kTimeout ? time
                                                         : core::lin::kPending;
    if (fates[i] != kNormal) op.output.reset();
    ++head[c];
  }
  return history;
}

// Perhaps breaks one output, so that some histories are not linearizable.
std::vector<Op> GenHistory() {
  std::vector<Op> history = GenCorrectHistory();
  std::vector<size_t> answered;
  for (size_t i = 0; i < history.size(); ++i) {
    if (history[i].output) answered.push_back(i);
  }
  if (answered.empty() || *rc::gen::inRange(0, 3) == 0) return history;
  KvOutput& out = *history[*rc::gen::elementOf(answered)].output;
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      out.ok = !out.ok;
      break;
    case 1:
      out.found = !out.found;
      break;
    default:
      out.value = *rc::gen::element<std::string>("1", "2", "3", "4");
      break;
  }
  return history;
}

RC_GTEST_PROP(Linearizability, CorrectStoreHistoriesAreLinearizable, ()) {
  const std::vector<Op> history = GenCorrectHistory();
  RC_LOG() << Show(history);
  const auto result = core::lin::CheckLinearizable<KvModel>(history);
  RC_ASSERT(result.linearizable);
  RC_ASSERT(IsWitness(history, result.order));
}

RC_GTEST_PROP(Linearizability, AgreesWithBruteForce, ()) {
  const std::vector<Op> history = GenHistory();
  RC_LOG() << Show(history);
  const bool expected = BruteForceLinearizable(history);
  RC_TAG(expected ? "linearizable" : "not linearizable");
  const auto result = core::lin::CheckLinearizable<KvModel>(history);
  RC_LOG() << result.explanation << "\n";
  RC_ASSERT(!result.gave_up);
  RC_ASSERT(result.linearizable == expected);
  if (result.linearizable) {
    RC_ASSERT(IsWitness(history, result.order));
    RC_ASSERT(result.explanation.empty());
  } else {
    RC_ASSERT(!result.explanation.empty());
  }
  // Checking per key (locality) or all at once gives the same verdict.
  const auto whole = core::lin::CheckLinearizable<WholeKv>(history);
  RC_ASSERT(!whole.gave_up);
  RC_ASSERT(whole.linearizable == expected);
  if (whole.linearizable) RC_ASSERT(IsWitness(history, whole.order));
}

}  // namespace
}  // namespace stepwise::proptests
