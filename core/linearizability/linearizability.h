// Linearizability checking: is a concurrent history of operations explained by
// some sequential run of a model that respects the history's real-time order?
//
// The search is Wing & Gong's (1993): repeatedly pick an operation that no
// un-linearized operation precedes in real time, apply it to the model, and
// backtrack on failure. Lowe's improvement (2017) memoizes every (set of
// linearized operations, model state) pair already explored, so a
// configuration reached along two orders is explored once; and, for models
// that declare `PartitionKey`, each partition (a key of a key-value store) is
// checked on its own, which linearizability's locality (Herlihy & Wing, 1990,
// Theorem 1) makes exact.
//
// Semantics of a history:
//  * Operation a precedes b in real time iff a.ret < b.call: equal times mean
//    overlap.
//  * An operation without an output (ret == kPending, or a reply whose result
//    is unknown, e.g. a timeout) is indeterminate: it may take effect at any
//    point after its call, or never (as in Knossos and Porcupine). Its ret is
//    then ignored.
//
// The search is bounded by Limits::max_steps model steps; past it the checker
// gives up (the verdict is unknown). Everything here is a pure function of its
// arguments and thread-compatible.

#ifndef STEPWISE_CORE_LINEARIZABILITY_LINEARIZABILITY_H_
#define STEPWISE_CORE_LINEARIZABILITY_LINEARIZABILITY_H_

#include <algorithm>
#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/decimal.h"

namespace stepwise::core::lin {

// The return time of an operation that never returned.
inline constexpr uint64_t kPending = std::numeric_limits<uint64_t>::max();

template <typename Input, typename Output>
struct Operation {
  uint64_t client = 0;
  uint64_t call = 0;        // logical time of the invocation
  uint64_t ret = kPending;  // logical time of the response
  Input input{};
  std::optional<Output> output;  // nullopt: the result is unknown

  // True if the operation may or may not have taken effect.
  bool indeterminate() const { return ret == kPending || !output.has_value(); }
};

// A sequential specification. Step returns the next state, or nullopt if
// `output` is impossible from `state`; StepPending returns every state an
// operation with an unknown output may lead to.
template <typename M>
concept LinearizabilityModel =
    requires(const typename M::State& state, const typename M::Input& input,
             const typename M::Output& output) {
      { M::Init() } -> std::convertible_to<typename M::State>;
      {
        M::Step(state, input, output)
      } -> std::convertible_to<std::optional<typename M::State>>;
      {
        M::StepPending(state, input)
      } -> std::convertible_to<std::vector<typename M::State>>;
    } &&
    std::equality_comparable<typename M::State> &&
    std::is_default_constructible_v<absl::Hash<typename M::State>>;

// Optional: operations with different keys never interact, so each key's
// sub-history is checked alone (the model then sees only that key's
// operations).
template <typename M>
concept PartitionedModel =
    LinearizabilityModel<M> && requires(const typename M::Input& input) {
      { M::PartitionKey(input) } -> std::convertible_to<std::string>;
    };

// Optional: readable operations and states for explanations.
template <typename M>
concept DescribedModel =
    LinearizabilityModel<M> &&
    requires(const typename M::State& state, const typename M::Input& input,
             const std::optional<typename M::Output>& output) {
      { M::Describe(input, output) } -> std::convertible_to<std::string>;
      { M::DescribeState(state) } -> std::convertible_to<std::string>;
    };

template <typename M>
using ModelOperation = Operation<typename M::Input, typename M::Output>;

struct Limits {
  // Model steps (calls of Step or StepPending) over the whole check.
  uint64_t max_steps = 10'000'000;
};

struct LinearizabilityResult {
  bool linearizable = false;
  bool gave_up = false;  // the budget ran out: neither verdict holds
  // When linearizable: indices into the history in a legal sequential order.
  // Every completed operation appears once; an indeterminate one appears iff
  // this order lets it take effect.
  std::vector<size_t> order;
  std::string explanation;  // why not (or why no verdict); empty when ok
  uint64_t steps = 0;       // model steps taken
  size_t partitions = 0;    // sub-histories checked
};

namespace lin_internal {

inline constexpr size_t kNone = std::numeric_limits<size_t>::max();

template <typename M>
std::string DescribeOp(std::span<const ModelOperation<M>> history,
                       size_t index) {
  const auto& op = history[index];
  std::string text =
      absl::StrCat("#", index, " client ", op.client, " [", op.call, ", ");
  absl::StrAppend(&text, op.ret == kPending ? "pending" : absl::StrCat(op.ret),
                  "] ");
  if constexpr (DescribedModel<M>) {
    absl::StrAppend(&text, M::Describe(op.input, op.output));
  } else {
    absl::StrAppend(&text, op.output ? "(returned)" : "(no result)");
  }
  return text;
}

template <typename M>
std::string DescribeState(const typename M::State& state) {
  if constexpr (DescribedModel<M>) {
    return M::DescribeState(state);
  } else {
    return "(a model state)";
  }
}

enum class Outcome { kLinearizable, kNotLinearizable, kGaveUp };

// The search over one sub-history. `budget` is shared by all partitions.
template <LinearizabilityModel M>
class PartitionSearch {
 public:
  using State = typename M::State;
  using Op = ModelOperation<M>;

  // REQUIRES: `members` indexes `history`, sorted by call time.
  PartitionSearch(std::span<const Op> history, std::vector<size_t> members,
                  uint64_t& budget)
      : history_(history),
        members_(std::move(members)),
        done_((members_.size() + 63) / 64, 0),
        budget_(budget) {
    for (size_t local = 0; local < members_.size(); ++local) {
      if (!op(local).indeterminate()) by_return_.push_back(local);
    }
    std::stable_sort(
        by_return_.begin(), by_return_.end(),
        [this](size_t a, size_t b) { return op(a).ret < op(b).ret; });
  }

  Outcome Run();
  // The witness, as history indices. REQUIRES: Run() was kLinearizable.
  std::vector<size_t> Witness() const;
  // Why Run() was kNotLinearizable.
  std::string Explain() const;

 private:
  struct Frame {
    Frame(State state, size_t via, uint64_t horizon)
        : state(std::move(state)), via(via), horizon(horizon) {}
    State state;
    size_t via = kNone;           // the member that led here
    uint64_t horizon = kPending;  // no member calling after it may go next
    size_t cursor = 0;            // next member to try
    std::vector<State> next;      // successors via member cursor - 1
    size_t next_used = 0;
  };
  using Key = std::pair<std::vector<uint64_t>, State>;

  const Op& op(size_t local) const { return history_[members_[local]]; }
  bool IsDone(size_t local) const {
    return (done_[local / 64] >> (local % 64)) & 1;
  }
  void Flip(size_t local) {
    done_[local / 64] ^= uint64_t{1} << (local % 64);
    if (op(local).indeterminate()) return;
    if (IsDone(local)) {
      ++completed_done_;
    } else {
      assert(completed_done_ > 0);
      --completed_done_;
    }
  }
  // The earliest return among completed, un-linearized members.
  uint64_t Horizon() const {
    for (size_t local : by_return_) {
      if (!IsDone(local)) return op(local).ret;
    }
    return kPending;
  }
  std::optional<std::pair<size_t, State>> NextChild(Frame& frame);

  std::span<const Op> history_;
  std::vector<size_t> members_;    // history indices, by call time
  std::vector<size_t> by_return_;  // completed members, by return time
  std::vector<uint64_t> done_;     // bitset: linearized members
  size_t completed_done_ = 0;
  uint64_t& budget_;
  bool gave_up_ = false;
  std::vector<Frame> stack_;
  std::unordered_set<Key, absl::Hash<Key>> seen_;
  std::vector<size_t> best_;  // the longest linearized prefix (members)
  std::optional<State> best_state_;
};

// The next (member, successor state) to try from `frame`, or nullopt when the
// frame is exhausted or the budget ran out.
template <LinearizabilityModel M>
std::optional<std::pair<size_t, typename M::State>>
PartitionSearch<M>::NextChild(Frame& frame) {
  // Each pass either returns or advances the cursor: at most members_ passes.
  for (size_t pass = 0; pass <= members_.size(); ++pass) {
    if (frame.next_used < frame.next.size()) {
      return std::make_pair(frame.cursor - 1,
                            std::move(frame.next[frame.next_used++]));
    }
    while (frame.cursor < members_.size() && IsDone(frame.cursor)) {
      ++frame.cursor;
    }
    if (frame.cursor == members_.size() ||
        op(frame.cursor).call > frame.horizon) {
      return std::nullopt;
    }
    if (budget_ == 0) {
      gave_up_ = true;
      return std::nullopt;
    }
    --budget_;
    const Op& candidate = op(frame.cursor++);
    frame.next.clear();
    frame.next_used = 0;
    if (candidate.indeterminate()) {
      frame.next = M::StepPending(frame.state, candidate.input);
    } else if (auto next =
                   M::Step(frame.state, candidate.input, *candidate.output)) {
      frame.next.push_back(std::move(*next));
    }
  }
  assert(false && "NextChild: cursor did not advance");
  return std::nullopt;
}

template <LinearizabilityModel M>
Outcome PartitionSearch<M>::Run() {
  assert(stack_.empty());
  stack_.emplace_back(M::Init(), kNone, Horizon());
  best_state_ = stack_.back().state;
  // Every iteration takes a model step (at most max_steps), pushes a
  // successor a step produced, skips one already seen, or pops a push: the
  // loop is bounded by the budget times StepPending's branching.
  while (!stack_.empty()) {
    if (completed_done_ == by_return_.size()) return Outcome::kLinearizable;
    auto child = NextChild(stack_.back());
    if (!child) {
      if (gave_up_) return Outcome::kGaveUp;
      if (stack_.back().via != kNone) Flip(stack_.back().via);
      stack_.pop_back();
      continue;
    }
    auto& [member, state] = *child;
    Flip(member);
    if (!seen_.emplace(done_, state).second) {
      Flip(member);
      continue;
    }
    stack_.emplace_back(std::move(state), member, Horizon());
    if (stack_.size() - 1 > best_.size()) {
      best_.clear();
      for (size_t k = 1; k < stack_.size(); ++k) best_.push_back(stack_[k].via);
      best_state_ = stack_.back().state;
    }
  }
  return Outcome::kNotLinearizable;
}

template <LinearizabilityModel M>
std::vector<size_t> PartitionSearch<M>::Witness() const {
  assert(completed_done_ == by_return_.size());
  std::vector<size_t> order;
  for (size_t k = 1; k < stack_.size(); ++k) {
    order.push_back(members_[stack_[k].via]);
  }
  return order;
}

template <LinearizabilityModel M>
std::string PartitionSearch<M>::Explain() const {
  assert(best_state_.has_value());
  std::vector<bool> placed(members_.size(), false);
  std::string text = absl::StrCat(
      "at most ", best_.size(), " of the ", members_.size(),
      " operations can be linearized before a dead end; the longest "
      "linearizable prefix:\n");
  for (size_t k = 0; k < best_.size(); ++k) {
    placed[best_[k]] = true;
    absl::StrAppend(&text, "  ", k + 1, ". ",
                    DescribeOp<M>(history_, members_[best_[k]]), "\n");
  }
  absl::StrAppend(&text, "state after it: ", DescribeState<M>(*best_state_),
                  "\n");
  // The completed operation that returns first must be placed next or be
  // preceded by operations concurrent with it.
  size_t stuck = kNone;
  for (size_t local : by_return_) {
    if (!placed[local]) {
      stuck = local;
      break;
    }
  }
  assert(stuck != kNone);
  absl::StrAppend(&text, "cannot place ",
                  DescribeOp<M>(history_, members_[stuck]), ": ");
  if (!M::Step(*best_state_, op(stuck).input, *op(stuck).output)) {
    absl::StrAppend(&text, "its output is impossible in that state");
  } else {
    absl::StrAppend(&text,
                    "no order of the operations concurrent with it lets "
                    "every completed operation return what it returned");
  }
  return text;
}

// Joins per-partition witnesses into one order that respects real time:
// repeatedly take the partition head that is called first. (If some other
// remaining operation returned before that head's call, its own partition's
// head would be called earlier still; so the head is never preceded.)
template <typename Op>
std::vector<size_t> MergeWitnesses(
    std::span<const Op> history,
    const std::vector<std::vector<size_t>>& orders) {
  std::vector<size_t> heads(orders.size(), 0);
  std::vector<size_t> merged;
  for (;;) {
    size_t pick = kNone;
    for (size_t p = 0; p < orders.size(); ++p) {
      if (heads[p] == orders[p].size()) continue;
      if (pick == kNone || history[orders[p][heads[p]]].call <
                               history[orders[pick][heads[pick]]].call) {
        pick = p;
      }
    }
    if (pick == kNone) return merged;
    merged.push_back(orders[pick][heads[pick]++]);
  }
}

}  // namespace lin_internal

// Checks `history` against the sequential model M. A malformed history (an
// operation that returns before it is called) is reported as not
// linearizable, with the reason in `explanation`.
template <LinearizabilityModel M>
LinearizabilityResult CheckLinearizable(
    std::span<const ModelOperation<M>> history, Limits limits = {}) {
  LinearizabilityResult result;
  for (size_t i = 0; i < history.size(); ++i) {
    const auto& op = history[i];
    if (!op.indeterminate() && op.ret < op.call) {
      result.explanation =
          absl::StrCat("malformed history: operation #", i, " returns at ",
                       op.ret, " before its call at ", op.call);
      return result;
    }
  }
  std::vector<size_t> by_call(history.size());
  for (size_t i = 0; i < by_call.size(); ++i) by_call[i] = i;
  std::stable_sort(by_call.begin(), by_call.end(), [&](size_t a, size_t b) {
    return history[a].call < history[b].call;
  });
  std::vector<std::vector<size_t>> partitions;
  std::vector<std::string> partition_names;
  if constexpr (PartitionedModel<M>) {
    std::unordered_map<std::string, size_t> index;
    for (size_t i : by_call) {
      std::string key = M::PartitionKey(history[i].input);
      auto [it, fresh] = index.emplace(key, partitions.size());
      if (fresh) {
        partitions.emplace_back();
        partition_names.push_back(std::move(key));
      }
      partitions[it->second].push_back(i);
    }
  } else {
    partitions.push_back(std::move(by_call));
    partition_names.emplace_back();
  }
  uint64_t budget = limits.max_steps;
  std::vector<std::vector<size_t>> witnesses;
  for (size_t p = 0; p < partitions.size(); ++p) {
    ++result.partitions;
    lin_internal::PartitionSearch<M> search(history, std::move(partitions[p]),
                                            budget);
    const lin_internal::Outcome outcome = search.Run();
    result.steps = limits.max_steps - budget;
    const std::string where =
        partition_names[p].empty()
            ? std::string()
            : absl::StrCat(" (partition \"", partition_names[p], "\")");
    if (outcome == lin_internal::Outcome::kGaveUp) {
      result.gave_up = true;
      result.explanation =
          absl::StrCat("gave up: the search budget of ", limits.max_steps,
                       " model steps ran out", where);
      return result;
    }
    if (outcome == lin_internal::Outcome::kNotLinearizable) {
      result.explanation =
          absl::StrCat("not linearizable", where, ": ", search.Explain());
      return result;
    }
    witnesses.push_back(search.Witness());
  }
  result.linearizable = true;
  result.order = lin_internal::MergeWitnesses(history, witnesses);
  return result;
}

// ---------------------------------------------------------------------------
// KvModel: a replicated key-value store with string keys and values.
//
//   put(k, v)       -> ok                  sets k to v
//   get(k)          -> ok, found, value    reads k
//   delete(k)       -> ok, found           removes k; found: k was present
//   cas(k, e, v)    -> ok                  if k is present with value e, sets
//                                          it to v (ok); otherwise no change
//                                          (not ok)
//   put_if_absent(k, v) -> ok              sets k to v if k is absent (ok);
//                                          otherwise no change (not ok)
//   put_if_present(k, v) -> ok             sets k to v if k is present (ok);
//                                          otherwise no change (not ok)
//   incr(k)         -> ok, value           adds one to k's decimal value (a
//                                          missing key counts as 0) and
//                                          returns it; not ok, and no change,
//                                          if the value is not an integer
//
// For put, get and delete, ok must be true: a request the store definitely
// rejected (e.g. "not the leader") did not happen and is left out of the
// history; one whose fate is unknown has no output. Fields an operation does
// not define are ignored.

enum class KvOp : uint8_t {
  kPut,
  kGet,
  kDelete,
  kCas,
  kPutIfAbsent,
  kPutIfPresent,
  kIncr
};

struct KvInput {
  KvOp op = KvOp::kGet;
  std::string key;
  std::string value;     // put, cas: the new value
  std::string expected;  // cas: the value required before

  static KvInput Put(std::string key, std::string value) {
    return Make(KvOp::kPut, std::move(key), std::move(value), {});
  }
  static KvInput Get(std::string key) {
    return Make(KvOp::kGet, std::move(key), {}, {});
  }
  static KvInput Delete(std::string key) {
    return Make(KvOp::kDelete, std::move(key), {}, {});
  }
  static KvInput Cas(std::string key, std::string expected, std::string value) {
    return Make(KvOp::kCas, std::move(key), std::move(value),
                std::move(expected));
  }
  static KvInput PutIfAbsent(std::string key, std::string value) {
    return Make(KvOp::kPutIfAbsent, std::move(key), std::move(value), {});
  }
  static KvInput PutIfPresent(std::string key, std::string value) {
    return Make(KvOp::kPutIfPresent, std::move(key), std::move(value), {});
  }
  static KvInput Incr(std::string key) {
    return Make(KvOp::kIncr, std::move(key), {}, {});
  }
  static KvInput Make(KvOp op, std::string key, std::string value,
                      std::string expected) {
    KvInput input;
    input.op = op;
    input.key = std::move(key);
    input.value = std::move(value);
    input.expected = std::move(expected);
    return input;
  }
  friend bool operator==(const KvInput&, const KvInput&) = default;
};

struct KvOutput {
  bool ok = true;
  bool found = false;  // get, delete: the key was present
  std::string value;   // get: the value read, when found; incr: the new value

  static KvOutput Ok() { return Make(true, false, {}); }
  static KvOutput Failed() { return Make(false, false, {}); }
  static KvOutput Found(std::string value) {
    return Make(true, true, std::move(value));
  }
  static KvOutput NotFound() { return Make(true, false, {}); }
  static KvOutput Make(bool ok, bool found, std::string value) {
    KvOutput output;
    output.ok = ok;
    output.found = found;
    output.value = std::move(value);
    return output;
  }
  friend bool operator==(const KvOutput&, const KvOutput&) = default;
};

struct KvModel {
  using Input = KvInput;
  using Output = KvOutput;
  using State = std::map<std::string, std::string>;

  static State Init() { return {}; }

  static std::optional<State> Step(const State& state, const Input& input,
                                   const Output& output) {
    const auto it = state.find(input.key);
    const bool present = it != state.end();
    switch (input.op) {
      case KvOp::kPut:
        if (!output.ok) return std::nullopt;
        return Apply(state, input);
      case KvOp::kGet:
        if (!output.ok || output.found != present) return std::nullopt;
        if (present && output.value != it->second) return std::nullopt;
        return state;
      case KvOp::kDelete:
        if (!output.ok || output.found != present) return std::nullopt;
        return Apply(state, input);
      case KvOp::kCas:
        if (output.ok != (present && it->second == input.expected)) {
          return std::nullopt;
        }
        return Apply(state, input);
      case KvOp::kPutIfAbsent:
        if (output.ok == present) return std::nullopt;
        return Apply(state, input);
      case KvOp::kPutIfPresent:
        if (output.ok != present) return std::nullopt;
        return Apply(state, input);
      case KvOp::kIncr: {
        std::optional<std::string> next =
            IncrementDecimal(present ? it->second : "0");
        if (output.ok != next.has_value()) return std::nullopt;
        if (next.has_value() && output.value != *next) return std::nullopt;
        return Apply(state, input);
      }
    }
    return std::nullopt;
  }

  static std::vector<State> StepPending(const State& state,
                                        const Input& input) {
    return {Apply(state, input)};
  }

  static std::string PartitionKey(const Input& input) { return input.key; }

  static std::string Describe(const Input& input,
                              const std::optional<Output>& output) {
    std::string text;
    switch (input.op) {
      case KvOp::kPut:
        text = absl::StrCat("put(", input.key, ", ", input.value, ")");
        break;
      case KvOp::kGet:
        text = absl::StrCat("get(", input.key, ")");
        break;
      case KvOp::kDelete:
        text = absl::StrCat("delete(", input.key, ")");
        break;
      case KvOp::kCas:
        text = absl::StrCat("cas(", input.key, ", ", input.expected, " -> ",
                            input.value, ")");
        break;
      case KvOp::kPutIfAbsent:
        text =
            absl::StrCat("put_if_absent(", input.key, ", ", input.value, ")");
        break;
      case KvOp::kPutIfPresent:
        text =
            absl::StrCat("put_if_present(", input.key, ", ", input.value, ")");
        break;
      case KvOp::kIncr:
        text = absl::StrCat("incr(", input.key, ")");
        break;
    }
    if (!output) return absl::StrCat(text, " -> ?");
    if (!output->ok) return absl::StrCat(text, " -> failed");
    if (input.op == KvOp::kIncr)
      return absl::StrCat(text, " -> ", output->value);
    if (input.op == KvOp::kGet && output->found) {
      return absl::StrCat(text, " -> found ", output->value);
    }
    if (input.op == KvOp::kGet || input.op == KvOp::kDelete) {
      return absl::StrCat(text, output->found ? " -> found" : " -> not found");
    }
    return absl::StrCat(text, " -> ok");
  }

  static std::string DescribeState(const State& state) {
    return absl::StrCat("{",
                        absl::StrJoin(state, ", ",
                                      [](std::string* out, const auto& entry) {
                                        absl::StrAppend(out, entry.first, "=",
                                                        entry.second);
                                      }),
                        "}");
  }

 private:
  // The effect of `input` when it takes effect, whatever it returned.
  static State Apply(State state, const Input& input) {
    switch (input.op) {
      case KvOp::kPut:
        state[input.key] = input.value;
        break;
      case KvOp::kGet:
        break;
      case KvOp::kDelete:
        state.erase(input.key);
        break;
      case KvOp::kCas: {
        auto it = state.find(input.key);
        if (it != state.end() && it->second == input.expected) {
          it->second = input.value;
        }
        break;
      }
      case KvOp::kPutIfAbsent:
        state.try_emplace(input.key, input.value);
        break;
      case KvOp::kPutIfPresent: {
        auto it = state.find(input.key);
        if (it != state.end()) it->second = input.value;
        break;
      }
      case KvOp::kIncr: {
        auto it = state.find(input.key);
        std::optional<std::string> next =
            IncrementDecimal(it != state.end() ? it->second : "0");
        if (next.has_value()) state[input.key] = *std::move(next);
        break;
      }
    }
    return state;
  }
};

}  // namespace stepwise::core::lin

#endif  // STEPWISE_CORE_LINEARIZABILITY_LINEARIZABILITY_H_
