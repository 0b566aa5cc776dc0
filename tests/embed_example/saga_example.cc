// Embeds the saga orchestrator through the installed headers, as an order
// service would: the five-step order flow, the log stored before every call,
// services that apply each idempotency key once, a declined payment
// compensated in reverse, and a crash recovered from the stored log without
// charging twice. Exits 0 only if all of that happens.

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/saga/orchestrator.h"

namespace saga = stepwise::core::saga;

namespace {

// One of the order service's partners, keeping a record per key.
struct Partner {
  bool declines = false;
  std::map<uint32_t, saga::KeyState> records;
  int charges = 0;

  saga::Answer Handle(const saga::StepCall& call) {
    const auto it = records.find(call.key);
    if (call.op == saga::Op::kAction) {
      if (it == records.end()) {
        records[call.key] =
            declines ? saga::KeyState::kRefused : saga::KeyState::kApplied;
        charges += declines ? 0 : 1;
      }
      const bool applied = records[call.key] == saga::KeyState::kApplied;
      return {call.op, call.key,
              applied ? saga::Outcome::kDone : saga::Outcome::kRefused};
    }
    records[call.key] =
        it != records.end() && it->second == saga::KeyState::kApplied
            ? saga::KeyState::kCompensated
            : saga::KeyState::kVoid;
    return {call.op, call.key, saga::Outcome::kDone};
  }
};

struct OrderService {
  std::vector<Partner> partners = std::vector<Partner>(saga::kMaxSteps);
  saga::State disk;  // where the log goes
  std::vector<std::string> journal;
  int crash_after_calls = -1;  // the host dies after this many calls

  // Carries out the orchestrator's effects: the log first, then the calls.
  // False if the host crashed.
  bool Carry(saga::Orchestrator& orchestrator) {
    if (orchestrator.must_persist()) disk = orchestrator.log();
    const std::vector<saga::StepCall> calls = orchestrator.calls();
    for (const saga::StepCall& call : calls) {
      journal.push_back(
          std::string(call.op == saga::Op::kAction ? "do " : "undo ") +
          std::string(saga::kStepNames[call.step]));
      const saga::Answer answer = partners[call.step].Handle(call);
      if (crash_after_calls >= 0 && --crash_after_calls < 0) return false;
      orchestrator.Answer(call.step, answer);
      if (!Carry(orchestrator)) return false;
    }
    return true;
  }
};

bool Expect(bool ok, const char* what) {
  if (!ok) std::printf("saga example: %s\n", what);
  return ok;
}

}  // namespace

int main() {
  const saga::Config flow{.steps = 5};
  bool ok = true;

  OrderService declined;
  declined.partners[2].declines = true;  // charge payment
  saga::Orchestrator first(flow);
  first.Start();
  declined.Carry(first);
  ok &= Expect(first.phase() == saga::Phase::kCompensated, "not compensated");
  ok &= Expect(
      declined.journal ==
          std::vector<std::string>{"do validate order", "do reserve stock",
                                   "do charge payment", "undo reserve stock",
                                   "undo validate order"},
      "compensations not in reverse order");

  OrderService crashing;
  crashing.crash_after_calls = 3;  // dies once the payment went through
  saga::Orchestrator before(flow);
  before.Start();
  ok &= Expect(!crashing.Carry(before), "the host did not crash");
  saga::Orchestrator after = saga::Orchestrator::Recover(flow, crashing.disk);
  after.Start();
  ok &= Expect(crashing.Carry(after), "the recovered host crashed");
  ok &= Expect(after.phase() == saga::Phase::kCommitted, "not committed");
  ok &= Expect(crashing.partners[2].charges == 1, "charged twice");
  if (ok) std::printf("saga example: ok\n");
  return ok ? 0 : 1;
}
