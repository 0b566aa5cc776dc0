#include "core/linearizability/linearizability.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace stepwise::core::lin {
namespace {

using Op = ModelOperation<KvModel>;

Op Put(uint64_t client, uint64_t call, uint64_t ret, std::string key,
       std::string value) {
  return {client, call, ret, KvInput::Put(std::move(key), std::move(value)),
          KvOutput::Ok()};
}

// get(key) returning `value`, or "not found" for nullopt.
Op Get(uint64_t client, uint64_t call, uint64_t ret, std::string key,
       std::optional<std::string> value) {
  return {client, call, ret, KvInput::Get(std::move(key)),
          value ? KvOutput::Found(*value) : KvOutput::NotFound()};
}

Op Delete(uint64_t client, uint64_t call, uint64_t ret, std::string key,
          bool found) {
  return {client, call, ret, KvInput::Delete(std::move(key)),
          KvOutput::Make(true, found, "")};
}

Op Cas(uint64_t client, uint64_t call, uint64_t ret, std::string key,
       std::string expected, std::string value, bool ok) {
  return {client, call, ret,
          KvInput::Cas(std::move(key), std::move(expected), std::move(value)),
          ok ? KvOutput::Ok() : KvOutput::Failed()};
}

// An operation whose client never heard back.
Op Pending(Op op) {
  op.ret = kPending;
  op.output.reset();
  return op;
}

// True if `order` is a legal sequential run of `history`: every completed
// operation once, real-time order kept, every output possible.
bool IsWitness(const std::vector<Op>& history,
               const std::vector<size_t>& order) {
  std::vector<int> seen(history.size(), 0);
  KvModel::State state = KvModel::Init();
  for (size_t k = 0; k < order.size(); ++k) {
    const Op& op = history[order[k]];
    if (++seen[order[k]] > 1) return false;
    for (size_t j = k + 1; j < order.size(); ++j) {
      const Op& later = history[order[j]];
      if (!later.indeterminate() && later.ret < op.call) return false;
    }
    if (op.indeterminate()) {
      state = KvModel::StepPending(state, op.input).front();
    } else if (auto next = KvModel::Step(state, op.input, *op.output)) {
      state = *next;
    } else {
      return false;
    }
  }
  for (size_t i = 0; i < history.size(); ++i) {
    if (!history[i].indeterminate() && seen[i] != 1) return false;
  }
  return true;
}

LinearizabilityResult Check(const std::vector<Op>& history,
                            Limits limits = {}) {
  LinearizabilityResult result = CheckLinearizable<KvModel>(history, limits);
  EXPECT_FALSE(result.linearizable && result.gave_up);
  if (result.linearizable) {
    EXPECT_TRUE(IsWitness(history, result.order));
    EXPECT_TRUE(result.explanation.empty());
  } else {
    EXPECT_FALSE(result.explanation.empty());
  }
  return result;
}

bool Linearizable(const std::vector<Op>& history) {
  LinearizabilityResult result = Check(history);
  EXPECT_FALSE(result.gave_up);
  return result.linearizable;
}

TEST(LinearizabilityTest, EmptyHistoryIsLinearizable) {
  EXPECT_TRUE(Linearizable({}));
}

TEST(LinearizabilityTest, SequentialHistoryIsLinearizableInItsOwnOrder) {
  const std::vector<Op> history = {
      Get(0, 0, 1, "x", std::nullopt),
      Put(0, 2, 3, "x", "1"),
      Get(1, 4, 5, "x", "1"),
      Cas(1, 6, 7, "x", "1", "2", true),
      Cas(0, 8, 9, "x", "1", "3", false),
      Get(0, 10, 11, "x", "2"),
      Delete(1, 12, 13, "x", true),
      Delete(1, 14, 15, "x", false),
      Get(0, 16, 17, "x", std::nullopt),
      Cas(0, 18, 19, "x", "2", "4", false),
  };
  const LinearizabilityResult result = Check(history);
  ASSERT_TRUE(result.linearizable);
  EXPECT_EQ(result.order, (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(result.partitions, 1u);
}

TEST(LinearizabilityTest, SequentialHistoryWithAWrongResultIsNot) {
  EXPECT_FALSE(Linearizable({Put(0, 0, 1, "x", "1"), Get(0, 2, 3, "x", "2")}));
  EXPECT_FALSE(
      Linearizable({Put(0, 0, 1, "x", "1"), Delete(0, 2, 3, "x", false)}));
  EXPECT_FALSE(Linearizable(
      {Put(0, 0, 1, "x", "1"), Cas(0, 2, 3, "x", "1", "2", false)}));
  EXPECT_FALSE(Linearizable(
      {Get(0, 0, 1, "x", std::nullopt), Cas(0, 2, 3, "x", "", "2", true)}));
}

TEST(LinearizabilityTest, ConditionalPutsAndIncrementFollowTheirRules) {
  const auto op = [](uint64_t call, KvInput input, KvOutput output) {
    return Op{0, call, call + 1, std::move(input), std::move(output)};
  };
  EXPECT_TRUE(Linearizable({
      op(0, KvInput::PutIfPresent("x", "1"), KvOutput::Failed()),
      op(2, KvInput::PutIfAbsent("x", "1"), KvOutput::Ok()),
      op(4, KvInput::PutIfAbsent("x", "2"), KvOutput::Failed()),
      op(6, KvInput::Incr("x"), KvOutput::Make(true, true, "2")),
      op(8, KvInput::PutIfPresent("x", "a"), KvOutput::Ok()),
      op(10, KvInput::Incr("x"), KvOutput::Failed()),
      Get(0, 12, 13, "x", "a"),
  }));
  EXPECT_FALSE(
      Linearizable({op(0, KvInput::PutIfAbsent("x", "1"), KvOutput::Ok()),
                    op(2, KvInput::PutIfAbsent("x", "2"), KvOutput::Ok())}));
  EXPECT_FALSE(Linearizable(
      {op(0, KvInput::Incr("x"), KvOutput::Make(true, true, "1")),
       op(2, KvInput::Incr("x"), KvOutput::Make(true, true, "1"))}))
      << "two increments cannot both see 0";
}

TEST(LinearizabilityTest, OverlappingPutsMayTakeEffectInEitherOrder) {
  for (const char* seen : {"1", "2"}) {
    EXPECT_TRUE(Linearizable({Put(0, 0, 10, "x", "1"), Put(1, 1, 11, "x", "2"),
                              Get(2, 12, 13, "x", seen)}))
        << seen;
  }
  EXPECT_FALSE(Linearizable({Put(0, 0, 10, "x", "1"), Put(1, 1, 11, "x", "2"),
                             Get(2, 12, 13, "x", "3")}));
  // Once one reader saw the later write, no later reader sees the earlier.
  EXPECT_FALSE(
      Linearizable({Put(0, 0, 10, "x", "1"), Put(1, 1, 11, "x", "2"),
                    Get(2, 12, 13, "x", "2"), Get(0, 14, 15, "x", "1")}));
}

TEST(LinearizabilityTest, AReadOverlappingAWriteSeesTheOldOrTheNewValue) {
  for (const char* seen : {"1", "2"}) {
    EXPECT_TRUE(Linearizable({Put(0, 0, 1, "x", "1"), Put(0, 2, 10, "x", "2"),
                              Get(1, 3, 4, "x", seen)}))
        << seen;
  }
}

TEST(LinearizabilityTest, EqualTimesMeanOverlap) {
  // The get is called at the instant the put returns: they overlap.
  EXPECT_TRUE(
      Linearizable({Put(0, 0, 5, "x", "1"), Get(1, 5, 6, "x", std::nullopt)}));
  EXPECT_FALSE(
      Linearizable({Put(0, 0, 5, "x", "1"), Get(1, 6, 7, "x", std::nullopt)}));
}

TEST(LinearizabilityTest, StaleReadAfterACompletedWriteIsNot) {
  const std::vector<Op> history = {
      Put(0, 0, 1, "x", "1"),
      Put(0, 2, 3, "x", "2"),
      Get(1, 4, 5, "x", "1"),
  };
  const LinearizabilityResult result = Check(history);
  EXPECT_FALSE(result.linearizable);
  EXPECT_FALSE(result.gave_up);
  EXPECT_NE(result.explanation.find("cannot place #2 client 1 [4, 5] get(x) "
                                    "-> found 1: its output is impossible"),
            std::string::npos)
      << result.explanation;
}

TEST(LinearizabilityTest, ReadingAValueNeverWrittenIsNot) {
  EXPECT_FALSE(Linearizable({Put(0, 0, 3, "x", "1"), Put(1, 1, 4, "x", "2"),
                             Get(2, 2, 5, "x", "7")}));
  EXPECT_FALSE(Linearizable({Get(0, 0, 1, "x", "")}));
}

TEST(LinearizabilityTest, LostUpdateWithCompareAndSwapIsNot) {
  // Both clients read 1 and both swap it: only one swap can find 1.
  std::vector<Op> history = {
      Put(0, 0, 1, "x", "1"),
      Get(1, 2, 3, "x", "1"),
      Get(2, 2, 3, "x", "1"),
      Cas(1, 4, 8, "x", "1", "2", true),
      Cas(2, 5, 9, "x", "1", "3", true),
  };
  EXPECT_FALSE(Linearizable(history));
  // One wins, the other fails: fine, whichever order the final read implies.
  history[4].output = KvOutput::Failed();
  EXPECT_TRUE(Linearizable(history));
  history.push_back(Get(0, 10, 11, "x", "3"));
  EXPECT_FALSE(Linearizable(history));
  history[3].output = KvOutput::Failed();
  history[4].output = KvOutput::Ok();
  EXPECT_TRUE(Linearizable(history));
}

TEST(LinearizabilityTest, PendingOperationMayOrMayNotHaveTakenEffect) {
  const Op lost = Pending(Put(0, 0, 1, "x", "1"));
  // It took effect ...
  LinearizabilityResult took = Check({lost, Get(1, 5, 6, "x", "1")});
  ASSERT_TRUE(took.linearizable);
  EXPECT_EQ(took.order, (std::vector<size_t>{0, 1}));
  // ... or it did not ...
  LinearizabilityResult did_not =
      Check({lost, Get(1, 5, 6, "x", std::nullopt)});
  ASSERT_TRUE(did_not.linearizable);
  EXPECT_EQ(did_not.order, (std::vector<size_t>{1}));
  // ... or it took effect late, but then it stays.
  EXPECT_TRUE(Linearizable(
      {lost, Get(1, 5, 6, "x", std::nullopt), Get(1, 7, 8, "x", "1")}));
  EXPECT_FALSE(Linearizable(
      {lost, Get(1, 5, 6, "x", "1"), Get(1, 7, 8, "x", std::nullopt)}));
  // It cannot take effect before it was called.
  EXPECT_FALSE(
      Linearizable({Get(1, 0, 1, "x", "1"), Pending(Put(0, 2, 3, "x", "1"))}));
}

TEST(LinearizabilityTest, ATimedOutReplyIsIndeterminate) {
  Op timed_out = Put(0, 0, 1, "x", "1");
  timed_out.output.reset();  // the client gave up at time 1
  EXPECT_TRUE(Linearizable(
      {timed_out, Get(1, 2, 3, "x", std::nullopt), Get(1, 4, 5, "x", "1")}));
}

TEST(LinearizabilityTest, PendingCompareAndSwapAndDelete) {
  std::vector<Op> history = {
      Put(0, 0, 1, "x", "1"),
      Pending(Cas(1, 2, 3, "x", "1", "2", true)),
      Pending(Delete(2, 2, 3, "x", true)),
      Get(0, 4, 5, "x", "2"),
  };
  EXPECT_TRUE(Linearizable(history));  // the swap happened, the delete not yet
  history.push_back(Get(0, 6, 7, "x", std::nullopt));
  EXPECT_TRUE(Linearizable(history));  // then the delete
  history.push_back(Get(0, 8, 9, "x", "1"));
  EXPECT_FALSE(Linearizable(history));
}

// Register histories of the kind Herlihy & Wing (1990) use to separate
// linearizability from weaker conditions. Client 0 writes; 1 and 2 read.
TEST(LinearizabilityTest, HerlihyWingRegisterHistories) {
  const Op init = Put(0, 0, 1, "r", "0");
  // A read overlapping a write may return the old or the new value ...
  EXPECT_TRUE(Linearizable({init, Put(0, 2, 9, "r", "1"),
                            Get(1, 3, 4, "r", "0"), Get(2, 5, 6, "r", "1")}));
  // ... but not new then old (a regular register allows this; an atomic,
  // linearizable one does not: the new-old inversion).
  EXPECT_FALSE(Linearizable({init, Put(0, 2, 9, "r", "1"),
                             Get(1, 3, 4, "r", "1"), Get(2, 5, 6, "r", "0")}));
  // Two overlapping reads may disagree if they overlap each other as well.
  EXPECT_TRUE(Linearizable({init, Put(0, 2, 9, "r", "1"),
                            Get(1, 3, 6, "r", "1"), Get(2, 4, 7, "r", "0")}));
  // Sequentially consistent but not linearizable: the read comes after the
  // write finished in real time, yet returns the old value.
  EXPECT_FALSE(
      Linearizable({init, Put(0, 2, 3, "r", "1"), Get(1, 4, 5, "r", "0")}));
  // A write that completes in the middle of a long read.
  EXPECT_TRUE(
      Linearizable({init, Get(1, 2, 20, "r", "2"), Put(0, 3, 4, "r", "1"),
                    Put(0, 5, 6, "r", "2"), Get(2, 7, 8, "r", "2")}));
}

// A FIFO queue, as in Herlihy & Wing's Figure 1 histories: the checker needs
// nothing from a model beyond the concept (no partitions, no descriptions).
struct QueueModel {
  struct Input {
    bool enqueue = false;
    int value = 0;
  };
  using Output = std::optional<int>;  // dequeue: the value, or empty
  using State = std::deque<int>;

  static State Init() { return {}; }
  static std::optional<State> Step(State state, const Input& input,
                                   const Output& output) {
    if (input.enqueue) {
      state.push_back(input.value);
      return state;
    }
    const Output front = state.empty() ? Output() : Output(state.front());
    if (front != output) return std::nullopt;
    if (!state.empty()) state.pop_front();
    return state;
  }
  static std::vector<State> StepPending(State state, const Input& input) {
    if (input.enqueue) {
      state.push_back(input.value);
    } else if (!state.empty()) {
      state.pop_front();
    }
    return {state};
  }
};
static_assert(LinearizabilityModel<QueueModel>);
static_assert(!PartitionedModel<QueueModel>);
static_assert(!DescribedModel<QueueModel>);
static_assert(PartitionedModel<KvModel> && DescribedModel<KvModel>);

using QueueOp = ModelOperation<QueueModel>;

QueueOp Enq(uint64_t client, uint64_t call, uint64_t ret, int value) {
  // An enqueue returns nothing: an empty Output.
  return {client,
          call,
          ret,
          {.enqueue = true, .value = value},
          std::optional<QueueModel::Output>(std::in_place)};
}
QueueOp Deq(uint64_t client, uint64_t call, uint64_t ret,
            std::optional<int> value) {
  return {client,
          call,
          ret,
          {.enqueue = false},
          std::optional<QueueModel::Output>(value)};
}

bool QueueLinearizable(const std::vector<QueueOp>& history) {
  const LinearizabilityResult result = CheckLinearizable<QueueModel>(history);
  EXPECT_FALSE(result.gave_up);
  return result.linearizable;
}

TEST(LinearizabilityTest, HerlihyWingQueueHistories) {
  // Overlapping enqueues: either may be dequeued first.
  EXPECT_TRUE(QueueLinearizable(
      {Enq(0, 0, 3, 1), Enq(1, 1, 4, 2), Deq(1, 5, 6, 2), Deq(0, 7, 8, 1)}));
  // 1 was enqueued strictly before 2, so 2 cannot come out first.
  EXPECT_FALSE(
      QueueLinearizable({Enq(0, 0, 1, 1), Enq(1, 2, 3, 2), Deq(0, 4, 5, 2)}));
  // A dequeue overlapping the enqueue may see it.
  EXPECT_TRUE(QueueLinearizable({Enq(0, 0, 3, 1), Deq(1, 1, 2, 1)}));
  // Each value comes out once.
  EXPECT_FALSE(
      QueueLinearizable({Enq(0, 0, 1, 1), Deq(0, 2, 3, 1), Deq(1, 2, 4, 1)}));
  // Empty after a completed enqueue is wrong, but fine while it overlaps.
  EXPECT_FALSE(
      QueueLinearizable({Enq(0, 0, 1, 1), Deq(1, 2, 3, std::nullopt)}));
  EXPECT_TRUE(QueueLinearizable({Enq(0, 0, 4, 1), Deq(1, 2, 3, std::nullopt)}));
}

TEST(LinearizabilityTest,
     ExplanationNamesTheLongestPrefixAndTheStuckOperation) {
  const std::vector<Op> history = {
      Put(0, 0, 1, "x", "1"),
      Put(1, 2, 5, "x", "2"),
      Get(2, 3, 4, "x", "2"),
      Get(2, 6, 7, "x", "1"),
  };
  const LinearizabilityResult result = Check(history);
  ASSERT_FALSE(result.linearizable);
  EXPECT_EQ(result.explanation,
            "not linearizable (partition \"x\"): at most 3 of the 4 operations "
            "can be linearized before a dead end; the longest linearizable "
            "prefix:\n"
            "  1. #0 client 0 [0, 1] put(x, 1) -> ok\n"
            "  2. #1 client 1 [2, 5] put(x, 2) -> ok\n"
            "  3. #2 client 2 [3, 4] get(x) -> found 2\n"
            "state after it: {x=2}\n"
            "cannot place #3 client 2 [6, 7] get(x) -> found 1: its output is "
            "impossible in that state");
}

TEST(LinearizabilityTest, KeysAreCheckedSeparatelyAndWitnessesMerged) {
  const std::vector<Op> history = {
      Put(0, 0, 4, "x", "1"),
      Put(1, 1, 2, "y", "1"),
      Get(1, 3, 6, "x", std::nullopt),
      Get(0, 5, 7, "y", "1"),
      Put(2, 8, 9, "y", "2"),
      Get(1, 10, 11, "x", "1"),
      Pending(Put(2, 12, 13, "x", "3")),
      Get(0, 14, 15, "y", "2"),
  };
  const LinearizabilityResult result = Check(history);
  ASSERT_TRUE(result.linearizable);
  EXPECT_EQ(result.partitions, 2u);
  EXPECT_EQ(result.order.size(), 7u);  // the pending put is not needed
}

TEST(LinearizabilityTest, AViolationOnOneKeyIsReportedWithThatKey) {
  const LinearizabilityResult result =
      Check({Put(0, 0, 1, "x", "1"), Put(0, 2, 3, "y", "1"),
             Get(1, 4, 5, "y", std::nullopt), Get(1, 6, 7, "x", "1")});
  EXPECT_FALSE(result.linearizable);
  EXPECT_EQ(result.explanation.rfind("not linearizable (partition \"y\")", 0),
            0u)
      << result.explanation;
}

TEST(LinearizabilityTest, MalformedHistoryIsRejected) {
  const LinearizabilityResult result = Check({Put(0, 5, 4, "x", "1")});
  EXPECT_FALSE(result.linearizable);
  EXPECT_FALSE(result.gave_up);
  EXPECT_EQ(
      result.explanation,
      "malformed history: operation #0 returns at 4 before its call at 5");
}

// n concurrent puts of distinct values, then a read of a value never
// written: without memoization the search tries n! orders; with it, at most
// one configuration per (set of puts done, last value) pair.
std::vector<Op> ManyConcurrentPuts(int n, std::string last_read) {
  std::vector<Op> history;
  for (int i = 0; i < n; ++i) {
    history.push_back(Put(i, i, 100 + i, "x", std::to_string(i)));
  }
  history.push_back(Get(n, 200, 201, "x", std::move(last_read)));
  return history;
}

TEST(LinearizabilityTest, MemoizationKeepsTheSearchSmall) {
  const LinearizabilityResult bad = Check(ManyConcurrentPuts(12, "none"));
  EXPECT_FALSE(bad.linearizable);
  EXPECT_FALSE(bad.gave_up);
  // 12 * 2^11 (set, last value) pairs, each tried by up to 13 steps; 12!
  // (479,001,600) orders without memoization.
  EXPECT_LT(bad.steps, 12u * 2048 * 13);
  EXPECT_TRUE(Linearizable(ManyConcurrentPuts(12, "7")));
}

// A long history of a correct store (5 clients, 3 keys, a fixed
// pseudo-random schedule): the search goes almost straight through.
TEST(LinearizabilityTest, LongCorrectHistoryIsCheckedQuickly) {
  constexpr int kOps = 3000;
  constexpr uint64_t kClients = 5;
  uint64_t seed = 42;
  auto next = [&seed](uint64_t bound) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    return (seed >> 33) % bound;
  };
  std::vector<Op> history;
  std::vector<std::optional<size_t>> open(kClients);  // client's current op
  KvModel::State store;
  uint64_t time = 0;
  while (history.size() < kOps || open[0] || open[1] || open[2] || open[3] ||
         open[4]) {
    const uint64_t client = next(kClients);
    ++time;
    if (!open[client]) {
      if (history.size() >= kOps) continue;
      const std::string key(1, static_cast<char>('a' + next(3)));
      const std::string value = std::to_string(next(4));
      KvInput input = next(2) == 0   ? KvInput::Get(key)
                      : next(2) == 0 ? KvInput::Put(key, value)
                                     : KvInput::Cas(key, "1", value);
      history.push_back(Op{client, time, kPending, input, std::nullopt});
      open[client] = history.size() - 1;
      continue;
    }
    Op& op = history[*open[client]];
    // Take effect now, and return now.
    const auto it = store.find(op.input.key);
    const bool present = it != store.end();
    switch (op.input.op) {
      case KvOp::kGet:
        op.output =
            present ? KvOutput::Found(it->second) : KvOutput::NotFound();
        break;
      case KvOp::kCas:
        op.output =
            present && it->second == "1" ? KvOutput::Ok() : KvOutput::Failed();
        break;
      default:
        op.output = KvOutput::Ok();
        break;
    }
    store = KvModel::StepPending(store, op.input).front();
    op.ret = time;
    open[client].reset();
  }
  const LinearizabilityResult result = Check(history);
  EXPECT_TRUE(result.linearizable);
  EXPECT_EQ(result.partitions, 3u);
  EXPECT_LT(result.steps, 20u * kOps);
}

TEST(LinearizabilityTest, GivesUpWhenTheBudgetRunsOut) {
  const LinearizabilityResult result =
      Check(ManyConcurrentPuts(12, "none"), {.max_steps = 1000});
  EXPECT_TRUE(result.gave_up);
  EXPECT_FALSE(result.linearizable);
  EXPECT_EQ(result.steps, 1000u);
  EXPECT_TRUE(result.order.empty());
  EXPECT_EQ(result.explanation,
            "gave up: the search budget of 1000 model steps ran out "
            "(partition \"x\")");
  // A budget of zero decides nothing, except an empty history.
  EXPECT_TRUE(Check({Put(0, 0, 1, "x", "1")}, {.max_steps = 0}).gave_up);
  EXPECT_TRUE(Check({}, {.max_steps = 0}).linearizable);
}

}  // namespace
}  // namespace stepwise::core::lin
