// Laws of the clocks of core/clock over random distributed executions.
//
// An execution is N processes (2..6) and a random sequence of local, send
// and receive events (a receive picks any message sent earlier; messages may
// be delivered late, out of order, twice or never). The true happened-before
// relation is computed independently of every clock, by reachability in the
// event graph (program order plus send -> receive edges). Physical clocks are
// either "wild" (each reading moves by -30..+30 units: they step backward)
// or "synchronized" (monotone, every reading within epsilon above true time,
// so any two clocks are within epsilon of each other: the HLC paper's
// assumption).
//
// Laws:
//   Lamport:  a -> b  implies  L(a) < L(b).
//   Vector:   a -> b  iff  VC(a) < VC(b); concurrent iff incomparable;
//             distinct events never compare equal.
//   HLC:      a -> b  implies  ts(a) < ts(b); each process's timestamps
//             strictly increase even when its physical clock steps back;
//             l >= pt at every event; l is the physical reading of some
//             event in the causal past (so never ahead of every clock seen);
//             with OffsetPolicy::kReject, l <= (largest physical reading of
//             the process so far) + epsilon and a refused receive changes
//             nothing; with synchronized clocks nothing is refused and
//             l - pt <= epsilon at every event (the paper's Theorem 2);
//             c(e) <= |{f -> e : l(f) = l(e)}| (the paper's Theorem 3).
// Each law is also run against a planted mistake (a receive that forgets
// the message) and must fail there, so the laws are not vacuous.
//
// Properties run with a fixed seed (FixedParams) unless RC_PARAMS sets one;
// fewer cases under the sanitizers.

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock/hlc.h"
#include "core/clock/lamport.h"
#include "core/clock/vector_clock.h"
#include "gtest/gtest.h"
#include "proptests/fixed_params.h"
#include "rapidcheck.h"
#include "rapidcheck/gtest.h"

namespace stepwise::proptests {
namespace {

using core::clock::Compare;
using core::clock::HlcOptions;
using core::clock::HlcTimestamp;
using core::clock::HybridClock;
using core::clock::LamportClock;
using core::clock::OffsetPolicy;
using core::clock::Order;
using core::clock::OrderName;
using core::clock::VectorClock;

#ifdef STEPWISE_SANITIZED
constexpr int kCases = 200;
#else
constexpr int kCases = 2000;
#endif
constexpr size_t kMaxSteps = 80;
constexpr size_t kMaxEvents = 128;  // >= kMaxSteps: one event per step at most
using EventSet = std::bitset<kMaxEvents>;

enum class Kind { kLocal, kSend, kReceive };
enum class Clocks { kWild, kSynchronized };
// A planted mistake in the receive rule, to show a law can fail.
enum class Mistake {
  kNone,
  kLamportForgetsMessage,
  kVectorForgetsMerge,
  kHlcForgetsMessage
};

// The raw random choices of one step, interpreted by Run.
struct Draw {
  uint32_t process = 0;
  uint32_t kind = 0;
  uint32_t pick = 0;
  uint32_t clock = 0;
};

struct Scenario {
  uint32_t processes = 2;
  uint64_t epsilon = 0;
  Clocks clocks = Clocks::kWild;
  OffsetPolicy policy = OffsetPolicy::kReject;
  std::vector<Draw> draws;
};

struct Event {
  uint32_t process = 0;
  Kind kind = Kind::kLocal;
  int prev = -1;  // the previous event of the same process
  int from = -1;  // receives: the send event
  uint64_t lamport = 0;
  VectorClock vc{1};
  HlcTimestamp hlc;
  uint64_t pt = 0;        // the physical reading at the event
  uint64_t max_read = 0;  // the process's largest reading so far
  EventSet before;        // the events that happened before this one
};

struct Execution {
  Scenario scenario;
  std::vector<Event> events;
  int refused = 0;  // receives the HLC refused (not events)
  bool refusal_changed_clock = false;
  bool clock_stepped_back = false;
};

rc::Gen<Draw> GenDraw() {
  return rc::gen::map(
      rc::gen::tuple(
          rc::gen::arbitrary<uint32_t>(), rc::gen::arbitrary<uint32_t>(),
          rc::gen::arbitrary<uint32_t>(), rc::gen::arbitrary<uint32_t>()),
      [](const std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>& t) {
        return Draw{std::get<0>(t), std::get<1>(t), std::get<2>(t),
                    std::get<3>(t)};
      });
}

Scenario DrawScenario(Clocks clocks, OffsetPolicy policy) {
  Scenario scenario;
  scenario.processes = *rc::gen::inRange<uint32_t>(2, 7);
  scenario.epsilon = *rc::gen::inRange<uint64_t>(0, 41);
  scenario.clocks = clocks;
  scenario.policy = policy;
  const size_t steps = *rc::gen::inRange<size_t>(0, kMaxSteps + 1);
  scenario.draws = *rc::gen::container<std::vector<Draw>>(steps, GenDraw());
  return scenario;
}

// Happened-before by reachability: the union of the predecessors' own sets.
EventSet Before(const std::vector<Event>& events, int prev, int from) {
  EventSet set;
  for (int p : {prev, from}) {
    if (p < 0) continue;
    set |= events[static_cast<size_t>(p)].before;
    set.set(static_cast<size_t>(p));
  }
  return set;
}

// The next physical reading of a process.
uint64_t Read(const Scenario& s, const Draw& draw, uint64_t true_time,
              uint64_t last) {
  if (s.clocks == Clocks::kSynchronized) {
    // Monotone and within [T, T + epsilon]: clocks within epsilon.
    return std::max(last, true_time + (draw.clock >> 8) % (s.epsilon + 1));
  }
  const int64_t step = static_cast<int64_t>(draw.clock % 61) - 30;
  return static_cast<uint64_t>(
      std::max<int64_t>(0, static_cast<int64_t>(last) + step));
}

struct Process {
  LamportClock lamport;
  VectorClock vc;
  HybridClock hlc;
  uint64_t pt = 0;
  uint64_t max_read = 0;
  int last = -1;
};

Execution Run(const Scenario& s, Mistake mistake = Mistake::kNone) {
  Execution run;
  run.scenario = s;
  std::vector<Process> procs;
  for (uint32_t p = 0; p < s.processes; ++p) {
    procs.push_back(
        Process{{},
                VectorClock(s.processes),
                HybridClock({.max_offset = s.epsilon, .policy = s.policy}),
                0,
                0,
                -1});
  }
  std::vector<int> sends;  // event indices of sends: the messages
  uint64_t true_time = 0;
  for (const Draw& draw : s.draws) {
    true_time += draw.clock % 4;
    const uint32_t p = draw.process % s.processes;
    Process& proc = procs[p];
    Kind kind = static_cast<Kind>(draw.kind % 3);
    if (kind == Kind::kReceive && sends.empty()) kind = Kind::kLocal;
    const uint64_t pt = Read(s, draw, true_time, proc.pt);
    run.clock_stepped_back = run.clock_stepped_back || pt < proc.pt;
    proc.pt = pt;
    Event event;
    event.process = p;
    event.kind = kind;
    event.prev = proc.last;
    event.pt = pt;
    if (kind == Kind::kReceive) {
      event.from = sends[draw.pick % sends.size()];
      const Event& sent = run.events[static_cast<size_t>(event.from)];
      const HybridClock before = proc.hlc;
      auto receipt = mistake == Mistake::kHlcForgetsMessage
                         ? proc.hlc.Tick(pt).status()
                         : proc.hlc.Receive(sent.hlc, pt).status();
      if (!receipt.ok()) {
        // Refused (too far ahead): not an event; nothing may change.
        ++run.refused;
        run.refusal_changed_clock =
            run.refusal_changed_clock || !(proc.hlc == before);
        continue;
      }
      event.lamport = mistake == Mistake::kLamportForgetsMessage
                          ? proc.lamport.Tick()
                          : *proc.lamport.Receive(sent.lamport);
      if (mistake == Mistake::kVectorForgetsMerge) {
        proc.vc.Tick(p);
      } else {
        const absl::Status status = proc.vc.Receive(p, sent.vc);
        RC_ASSERT(status.ok());
      }
    } else {
      const auto ts = proc.hlc.Tick(pt);
      RC_ASSERT(ts.ok());  // c cannot reach 2^32 in 80 steps
      event.lamport = proc.lamport.Tick();
      proc.vc.Tick(p);
    }
    proc.max_read = std::max(proc.max_read, pt);
    event.max_read = proc.max_read;
    event.hlc = proc.hlc.last();
    event.vc = proc.vc;
    event.before = Before(run.events, event.prev, event.from);
    proc.last = static_cast<int>(run.events.size());
    if (kind == Kind::kSend) sends.push_back(proc.last);
    run.events.push_back(std::move(event));
  }
  return run;
}

bool HappenedBefore(const Execution& run, size_t a, size_t b) {
  return run.events[b].before.test(a);
}

// --- The laws: each returns a description of the first violation.

using Law = std::function<std::optional<std::string>(const Execution&)>;

std::string Pair(size_t a, size_t b) {
  return "events " + std::to_string(a) + " -> " + std::to_string(b);
}

std::optional<std::string> LamportLaw(const Execution& run) {
  for (size_t b = 0; b < run.events.size(); ++b) {
    for (size_t a = 0; a < run.events.size(); ++a) {
      if (HappenedBefore(run, a, b) &&
          run.events[a].lamport >= run.events[b].lamport) {
        return Pair(a, b) + " but Lamport " +
               std::to_string(run.events[a].lamport) +
               " >= " + std::to_string(run.events[b].lamport);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> VectorLaw(const Execution& run) {
  for (size_t a = 0; a < run.events.size(); ++a) {
    for (size_t b = 0; b < run.events.size(); ++b) {
      Order expected = Order::kConcurrent;
      if (a == b) expected = Order::kEqual;
      if (HappenedBefore(run, a, b)) expected = Order::kBefore;
      if (HappenedBefore(run, b, a)) expected = Order::kAfter;
      const Order got = Compare(run.events[a].vc, run.events[b].vc);
      if (got != expected) {
        return "events " + std::to_string(a) + ", " + std::to_string(b) +
               " are " + OrderName(expected) + " but their vector clocks " +
               run.events[a].vc.ToString() + ", " +
               run.events[b].vc.ToString() + " compare " + OrderName(got);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> HlcCausalityLaw(const Execution& run) {
  for (size_t b = 0; b < run.events.size(); ++b) {
    for (size_t a = 0; a < run.events.size(); ++a) {
      if (HappenedBefore(run, a, b) && run.events[a].hlc >= run.events[b].hlc) {
        return Pair(a, b) + " but HLC " + run.events[a].hlc.ToString() +
               " >= " + run.events[b].hlc.ToString();
      }
    }
  }
  return std::nullopt;
}

// Per process: strictly increasing timestamps, l >= pt, and l one of the
// physical readings of the causal past.
std::optional<std::string> HlcMonotoneLaw(const Execution& run) {
  for (size_t e = 0; e < run.events.size(); ++e) {
    const Event& event = run.events[e];
    if (event.prev >= 0 &&
        !(run.events[static_cast<size_t>(event.prev)].hlc < event.hlc)) {
      return "event " + std::to_string(e) + " went backward to " +
             event.hlc.ToString();
    }
    if (event.hlc.l < event.pt) {
      return "event " + std::to_string(e) + ": l below pt " +
             std::to_string(event.pt);
    }
    bool seen = event.hlc.l == event.pt;
    for (size_t g = 0; g < e && !seen; ++g) {
      seen = event.before.test(g) && run.events[g].pt == event.hlc.l;
    }
    if (!seen) {
      return "event " + std::to_string(e) + ": l " +
             std::to_string(event.hlc.l) +
             " is no physical reading of its causal past";
    }
  }
  return std::nullopt;
}

// c(e) <= |{f -> e : l(f) = l(e)}|, where every process's initial state
// (0,0) counts as an event before its first one.
std::optional<std::string> HlcCounterLaw(const Execution& run) {
  for (size_t e = 0; e < run.events.size(); ++e) {
    const Event& event = run.events[e];
    size_t same_l = 0;
    std::vector<bool> in_past(run.scenario.processes, false);
    in_past[event.process] = true;
    for (size_t f = 0; f < e; ++f) {
      if (!event.before.test(f)) continue;
      in_past[run.events[f].process] = true;
      same_l += run.events[f].hlc.l == event.hlc.l;
    }
    if (event.hlc.l == 0) {
      same_l +=
          static_cast<size_t>(std::count(in_past.begin(), in_past.end(), true));
    }
    if (event.hlc.c > same_l) {
      return "event " + std::to_string(e) + ": c " +
             std::to_string(event.hlc.c) + " > " + std::to_string(same_l) +
             " causal predecessors with its l";
    }
  }
  return std::nullopt;
}

// kReject: l <= largest reading so far + epsilon; refusals change nothing.
std::optional<std::string> HlcOffsetLaw(const Execution& run) {
  if (run.refusal_changed_clock) return "a refused receive changed the clock";
  for (size_t e = 0; e < run.events.size(); ++e) {
    const Event& event = run.events[e];
    if (event.hlc.l > event.max_read + run.scenario.epsilon) {
      return "event " + std::to_string(e) + ": l " +
             std::to_string(event.hlc.l) + " > largest reading " +
             std::to_string(event.max_read) + " + epsilon " +
             std::to_string(run.scenario.epsilon);
    }
  }
  return std::nullopt;
}

// Synchronized clocks: nothing refused, and l - pt <= epsilon.
std::optional<std::string> HlcSynchronizedLaw(const Execution& run) {
  if (run.refused > 0) {
    return std::to_string(run.refused) + " receives refused";
  }
  for (size_t e = 0; e < run.events.size(); ++e) {
    const Event& event = run.events[e];
    if (event.hlc.l - event.pt > run.scenario.epsilon) {
      return "event " + std::to_string(e) +
             ": l - pt = " + std::to_string(event.hlc.l - event.pt) +
             " > epsilon";
    }
  }
  return std::nullopt;
}

void Holds(const Law& law, const Execution& run) {
  const std::optional<std::string> violation = law(run);
  if (violation.has_value()) RC_FAIL(*violation);
}

// Checks `law` over random executions; it must hold unless there is a
// planted mistake (or `expect_holds` says otherwise), then it must fail.
void Check(const Law& law, Clocks clocks, OffsetPolicy policy,
           Mistake mistake = Mistake::kNone, bool expect_holds_arg = true) {
  const bool expect_holds = expect_holds_arg && mistake == Mistake::kNone;
  const auto result = rc::detail::checkTestable(
      [&] {
        const Execution run = Run(DrawScenario(clocks, policy), mistake);
        RC_CLASSIFY(run.clock_stepped_back, "a clock stepped back");
        RC_CLASSIFY(run.refused > 0, "a receive was refused");
        Holds(law, run);
      },
      rc::detail::TestMetadata{}, FixedParams(1, kCases));
  const bool held = result.template is<rc::detail::SuccessResult>();
  if (expect_holds && !held) {
    std::ostringstream report;
    rc::detail::printResultMessage(result, report);
    ADD_FAILURE() << report.str();
  }
  if (!expect_holds) {
    EXPECT_FALSE(held) << "the law missed a planted mistake";
  }
}

TEST(ClockLaws, HappenedBeforeImpliesSmallerLamportTime) {
  Check(LamportLaw, Clocks::kWild, OffsetPolicy::kReport);
  Check(LamportLaw, Clocks::kWild, OffsetPolicy::kReport,
        Mistake::kLamportForgetsMessage);
}

TEST(ClockLaws, VectorClocksCharacterizeHappenedBefore) {
  Check(VectorLaw, Clocks::kWild, OffsetPolicy::kReport);
  Check(VectorLaw, Clocks::kWild, OffsetPolicy::kReport,
        Mistake::kVectorForgetsMerge);
}

TEST(ClockLaws, HappenedBeforeImpliesSmallerHlcTimestamp) {
  Check(HlcCausalityLaw, Clocks::kWild, OffsetPolicy::kReport);
  Check(HlcCausalityLaw, Clocks::kWild, OffsetPolicy::kReject);
  Check(HlcCausalityLaw, Clocks::kWild, OffsetPolicy::kReport,
        Mistake::kHlcForgetsMessage);
}

TEST(ClockLaws, HlcNeverGoesBackwardEvenWhenPhysicalClocksDo) {
  Check(HlcMonotoneLaw, Clocks::kWild, OffsetPolicy::kReport);
  Check(HlcMonotoneLaw, Clocks::kWild, OffsetPolicy::kReject);
}

TEST(ClockLaws, HlcCounterIsBoundedByCausalPredecessorsWithTheSameL) {
  Check(HlcCounterLaw, Clocks::kWild, OffsetPolicy::kReport);
  Check(HlcCounterLaw, Clocks::kSynchronized, OffsetPolicy::kReject);
}

TEST(ClockLaws, HlcStaysWithinMaxOffsetOfLargestPhysicalTimeRead) {
  Check(HlcOffsetLaw, Clocks::kWild, OffsetPolicy::kReject);
  // Accepting everything (kReport) gives no such bound: the law must fail.
  Check(HlcOffsetLaw, Clocks::kWild, OffsetPolicy::kReport, Mistake::kNone,
        /*expect_holds_arg=*/false);
}

TEST(ClockLaws, SynchronizedClocksAreNeverRefusedAndStayWithinEpsilon) {
  Check(HlcSynchronizedLaw, Clocks::kSynchronized, OffsetPolicy::kReject);
  Check(HlcSynchronizedLaw, Clocks::kSynchronized, OffsetPolicy::kReport);
}

}  // namespace
}  // namespace stepwise::proptests
