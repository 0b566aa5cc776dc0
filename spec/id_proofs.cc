#include "spec/id_proofs.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace stepwise::spec {
namespace {

using core::id::Outcome;

constexpr unsigned kBits = 64;

z3::expr Bv(z3::context& ctx, uint64_t value) {
  return ctx.bv_val(value, kBits);
}

z3::expr OutcomeTerm(z3::context& ctx, Outcome outcome) {
  return ctx.bv_val(static_cast<unsigned>(outcome), 8);
}

// FieldMax(bits) = (1 << bits) - 1, as snowflake.h computes it.
z3::expr FieldMax(const z3::expr& bits) {
  z3::context& ctx = bits.ctx();
  return z3::shl(Bv(ctx, 1), bits) - Bv(ctx, 1);
}

}  // namespace

std::string IdBugName(IdBug bug) {
  switch (bug) {
    case IdBug::kNone:
      return "none";
    case IdBug::kSequenceOverflow:
      return "sequence-overflow";
    case IdBug::kSequenceWrap:
      return "sequence-wrap";
    case IdBug::kAcceptBackward:
      return "accept-backward";
  }
  return "unknown";
}

IdModelInputs SymbolicIdInputs(z3::context& ctx,
                               const std::optional<core::id::Layout>& layout,
                               const std::string& suffix) {
  auto bv = [&](const std::string& name) {
    return ctx.bv_const((name + suffix).c_str(), kBits);
  };
  auto boolean = [&](const std::string& name) {
    return ctx.bool_const((name + suffix).c_str());
  };
  // The layout is shared by both generators of a two-state query: no suffix.
  auto width = [&](const char* name, uint32_t bits) {
    return layout ? Bv(ctx, bits) : ctx.bv_const(name, kBits);
  };
  return {.timestamp_bits =
              width("timestamp_bits", layout ? layout->timestamp_bits : 0),
          .worker_bits = width("worker_bits", layout ? layout->worker_bits : 0),
          .sequence_bits =
              width("sequence_bits", layout ? layout->sequence_bits : 0),
          .epoch_ms = ctx.bv_const("epoch_ms", kBits),
          .worker = bv("worker"),
          .refuse_backward = boolean("refuse_backward"),
          .issued = boolean("issued"),
          .last_ms = bv("last_ms"),
          .sequence = bv("sequence"),
          .now_ms = bv("now_ms")};
}

IdModelInputs ConcreteIdInputs(z3::context& ctx, const core::id::Config& config,
                               const core::id::State& state, uint64_t now_ms) {
  return {.timestamp_bits = Bv(ctx, config.layout.timestamp_bits),
          .worker_bits = Bv(ctx, config.layout.worker_bits),
          .sequence_bits = Bv(ctx, config.layout.sequence_bits),
          .epoch_ms = Bv(ctx, config.epoch_ms),
          .worker = Bv(ctx, config.worker),
          .refuse_backward = ctx.bool_val(config.backward ==
                                          core::id::BackwardPolicy::kRefuse),
          .issued = ctx.bool_val(state.issued),
          .last_ms = Bv(ctx, state.last_ms),
          .sequence = Bv(ctx, state.sequence),
          .now_ms = Bv(ctx, now_ms)};
}

z3::expr IdEncodeModel(const IdModelInputs& in, const z3::expr& timestamp,
                       const z3::expr& worker, const z3::expr& sequence) {
  return z3::shl(timestamp, in.worker_bits + in.sequence_bits) |
         z3::shl(worker, in.sequence_bits) | sequence;
}

IdDecodedModel IdDecodeModel(const IdModelInputs& in, const z3::expr& id) {
  return {.unix_ms =
              in.epoch_ms + (z3::lshr(id, in.worker_bits + in.sequence_bits) &
                             FieldMax(in.timestamp_bits)),
          .worker = z3::lshr(id, in.sequence_bits) & FieldMax(in.worker_bits),
          .sequence = id & FieldMax(in.sequence_bits)};
}

z3::expr IdValidConfig(const IdModelInputs& in) {
  z3::context& ctx = in.epoch_ms.ctx();
  const z3::expr one = Bv(ctx, 1);
  const z3::expr max_u64 = Bv(ctx, ~uint64_t{0});
  // Widths are 32-bit in C++: below 2^32, as the zero-extended value is.
  const z3::expr narrow = Bv(ctx, uint64_t{1} << 32);
  return z3::ult(in.timestamp_bits, narrow) &&
         z3::ult(in.worker_bits, narrow) && z3::ult(in.sequence_bits, narrow) &&
         z3::uge(in.timestamp_bits, one) && z3::uge(in.worker_bits, one) &&
         z3::uge(in.sequence_bits, one) &&
         in.timestamp_bits + in.worker_bits + in.sequence_bits == Bv(ctx, 63) &&
         z3::ule(in.worker, FieldMax(in.worker_bits)) &&
         z3::ule(in.epoch_ms, max_u64 - FieldMax(in.timestamp_bits) - one);
}

z3::expr IdValidState(const IdModelInputs& in) {
  z3::context& ctx = in.epoch_ms.ctx();
  return z3::ite(in.issued,
                 z3::ule(in.last_ms, FieldMax(in.timestamp_bits)) &&
                     z3::ule(in.sequence, FieldMax(in.sequence_bits)),
                 in.last_ms == Bv(ctx, 0) && in.sequence == Bv(ctx, 0));
}

IdModelStep IdNextModel(const IdModelInputs& in, IdBug bug) {
  z3::context& ctx = in.epoch_ms.ctx();
  const z3::expr zero = Bv(ctx, 0);
  const z3::expr one = Bv(ctx, 1);
  const z3::expr seq_max = FieldMax(in.sequence_bits);
  const z3::expr now = in.now_ms - in.epoch_ms;
  const z3::expr before_epoch = z3::ult(in.now_ms, in.epoch_ms);
  const z3::expr overflow = z3::ugt(now, FieldMax(in.timestamp_bits));
  z3::expr backward = in.issued && z3::ult(now, in.last_ms);
  if (bug == IdBug::kAcceptBackward) backward = ctx.bool_val(false);
  const z3::expr same_ms = in.issued && now == in.last_ms;
  z3::expr exhausted = same_ms && in.sequence == seq_max;
  z3::expr bumped = in.sequence + one;
  if (bug == IdBug::kSequenceOverflow) exhausted = ctx.bool_val(false);
  if (bug == IdBug::kSequenceWrap) {
    exhausted = ctx.bool_val(false);
    bumped = bumped & seq_max;
  }
  const z3::expr next_sequence = z3::ite(same_ms, bumped, zero);
  // The branches in the order Next takes them; the id branch is the default.
  auto pick = [&](const z3::expr& if_before, const z3::expr& if_overflow,
                  const z3::expr& if_refused, const z3::expr& if_backward_wait,
                  const z3::expr& if_exhausted, const z3::expr& if_id) {
    return z3::ite(before_epoch, if_before,
                   z3::ite(overflow, if_overflow,
                           z3::ite(backward,
                                   z3::ite(in.refuse_backward, if_refused,
                                           if_backward_wait),
                                   z3::ite(exhausted, if_exhausted, if_id))));
  };
  const z3::expr outcome =
      pick(OutcomeTerm(ctx, Outcome::kBeforeEpoch),
           OutcomeTerm(ctx, Outcome::kTimestampOverflow),
           OutcomeTerm(ctx, Outcome::kClockBackward),
           OutcomeTerm(ctx, Outcome::kWait), OutcomeTerm(ctx, Outcome::kWait),
           OutcomeTerm(ctx, Outcome::kId));
  const z3::expr id_made = outcome == OutcomeTerm(ctx, Outcome::kId);
  const z3::expr wait_until = pick(
      zero, zero, zero,
      in.epoch_ms + in.last_ms + z3::ite(in.sequence == seq_max, one, zero),
      in.epoch_ms + in.last_ms + one, zero);
  return {.outcome = outcome,
          .id = z3::ite(id_made,
                        IdEncodeModel(in, now, in.worker, next_sequence), zero),
          .wait_until_ms = wait_until,
          .issued = z3::ite(id_made, ctx.bool_val(true), in.issued),
          .last_ms = z3::ite(id_made, now, in.last_ms),
          .sequence = z3::ite(id_made, next_sequence, in.sequence)};
}

absl::Status CheckIdConformance(z3::context& ctx,
                                const core::id::Config& config,
                                const core::id::State& state, uint64_t now_ms,
                                const core::id::Result& result) {
  const IdModelStep step =
      IdNextModel(ConcreteIdInputs(ctx, config, state, now_ms));
  auto number = [](const z3::expr& term) {
    const z3::expr value = term.simplify();
    assert(value.is_numeral());
    return value.get_numeral_uint64();
  };
  const std::string call = "Next(worker " + std::to_string(config.worker) +
                           ", last_ms " + std::to_string(state.last_ms) +
                           ", sequence " + std::to_string(state.sequence) +
                           ", now " + std::to_string(now_ms) + ")";
  auto differs = [&](const std::string& field, uint64_t model, uint64_t code) {
    return absl::InternalError(call + ": the model's " + field + " is " +
                               std::to_string(model) + ", the code's " +
                               std::to_string(code));
  };
  const uint64_t outcome = number(step.outcome);
  if (outcome != static_cast<uint64_t>(result.outcome)) {
    return differs("outcome", outcome, static_cast<uint64_t>(result.outcome));
  }
  const std::vector<std::pair<std::string, std::pair<z3::expr, uint64_t>>>
      fields = {{"id", {step.id, result.id}},
                {"wait_until_ms", {step.wait_until_ms, result.wait_until_ms}},
                {"last_ms", {step.last_ms, result.state.last_ms}},
                {"sequence", {step.sequence, result.state.sequence}}};
  for (const auto& [name, pair] : fields) {
    const uint64_t model = number(pair.first);
    if (model != pair.second) return differs(name, model, pair.second);
  }
  if (result.outcome == Outcome::kId) {
    const IdModelInputs in = ConcreteIdInputs(ctx, config, state, now_ms);
    const IdDecodedModel model = IdDecodeModel(in, Bv(ctx, result.id));
    const core::id::Decoded code = core::id::Decode(config, result.id);
    if (number(model.unix_ms) != code.unix_ms) {
      return differs("decoded unix_ms", number(model.unix_ms), code.unix_ms);
    }
    if (number(model.worker) != code.worker) {
      return differs("decoded worker", number(model.worker), code.worker);
    }
    if (number(model.sequence) != code.sequence) {
      return differs("decoded sequence", number(model.sequence), code.sequence);
    }
  }
  const bool issued = step.issued.simplify().is_true();
  if (issued != result.state.issued) {
    return differs("issued", issued, result.state.issued);
  }
  return absl::OkStatus();
}

namespace {

struct Law {
  std::string name;
  std::string description;
  z3::expr claim;  // valid iff the law holds
  std::vector<std::pair<std::string, z3::expr>> shown;  // in counterexamples
};

std::vector<std::pair<std::string, z3::expr>> Shown(const IdModelInputs& in,
                                                    const IdModelStep& step) {
  return {{"timestamp_bits", in.timestamp_bits},
          {"worker_bits", in.worker_bits},
          {"sequence_bits", in.sequence_bits},
          {"epoch_ms", in.epoch_ms},
          {"worker", in.worker},
          {"refuse_backward", in.refuse_backward},
          {"issued", in.issued},
          {"last_ms", in.last_ms},
          {"sequence", in.sequence},
          {"now_ms", in.now_ms},
          {"last id", IdEncodeModel(in, in.last_ms, in.worker, in.sequence)},
          {"outcome", step.outcome},
          {"id", step.id},
          {"wait_until_ms", step.wait_until_ms},
          {"new last_ms", step.last_ms},
          {"new sequence", step.sequence}};
}

// Laws of one call of Next from any valid state.
std::vector<Law> StepLaws(z3::context& ctx, const IdModelInputs& in,
                          IdBug bug) {
  const IdModelStep step = IdNextModel(in, bug);
  const z3::expr valid = IdValidConfig(in) && IdValidState(in);
  const z3::expr made = step.outcome == OutcomeTerm(ctx, Outcome::kId);
  const z3::expr last_id =
      IdEncodeModel(in, in.last_ms, in.worker, in.sequence);
  std::vector<Law> laws;
  laws.push_back(
      {"strictly-increasing", "an id is greater than the state's last id",
       z3::implies(valid && in.issued && made, z3::ugt(step.id, last_id)),
       Shown(in, step)});
  IdModelInputs after = in;
  after.issued = step.issued;
  after.last_ms = step.last_ms;
  after.sequence = step.sequence;
  laws.push_back(
      {"state-records-the-id",
       "after an id the state is valid and encodes that id; otherwise it is "
       "unchanged",
       z3::implies(valid, z3::ite(made,
                                  IdValidState(after) && step.issued &&
                                      IdEncodeModel(in, step.last_ms, in.worker,
                                                    step.sequence) == step.id,
                                  step.issued == in.issued &&
                                      step.last_ms == in.last_ms &&
                                      step.sequence == in.sequence)),
       Shown(in, step)});
  laws.push_back(
      {"sign-bit-clear", "every id is positive as int64",
       z3::implies(valid && made, z3::lshr(step.id, 63) == Bv(ctx, 0)),
       Shown(in, step)});
  return laws;
}

// Laws of the encoding: two ids (t1, w1, s1) and (t2, w2, s2) under the
// same layout, every field in range.
std::vector<Law> EncodingLaws(z3::context& ctx, const IdProofOptions& options,
                              const IdModelInputs& in) {
  const IdModelInputs other = SymbolicIdInputs(ctx, options.layout, "'");
  const z3::expr t1 = in.last_ms, s1 = in.sequence, w1 = in.worker;
  const z3::expr t2 = other.last_ms, s2 = other.sequence, w2 = other.worker;
  IdModelInputs second = in;
  second.worker = w2;
  const z3::expr fields_fit = IdValidConfig(in) && IdValidConfig(second) &&
                              z3::ule(t1, FieldMax(in.timestamp_bits)) &&
                              z3::ule(t2, FieldMax(in.timestamp_bits)) &&
                              z3::ule(s1, FieldMax(in.sequence_bits)) &&
                              z3::ule(s2, FieldMax(in.sequence_bits));
  std::vector<Law> laws;
  laws.push_back({"workers-never-collide",
                  "encode is injective: equal ids have equal time, worker "
                  "and sequence",
                  z3::implies(fields_fit && IdEncodeModel(in, t1, w1, s1) ==
                                                IdEncodeModel(in, t2, w2, s2),
                              t1 == t2 && w1 == w2 && s1 == s2),
                  {{"timestamp_bits", in.timestamp_bits},
                   {"worker_bits", in.worker_bits},
                   {"sequence_bits", in.sequence_bits},
                   {"t1", t1},
                   {"w1", w1},
                   {"s1", s1},
                   {"t2", t2},
                   {"w2", w2},
                   {"s2", s2}}});
  const z3::expr id = IdEncodeModel(in, t1, w1, s1);
  const IdDecodedModel decoded = IdDecodeModel(in, id);
  laws.push_back({"decode-inverts-encode",
                  "Decode gives back epoch + time, the worker, the sequence",
                  z3::implies(fields_fit, decoded.unix_ms == in.epoch_ms + t1 &&
                                              decoded.worker == w1 &&
                                              decoded.sequence == s1),
                  {{"t1", t1}, {"w1", w1}, {"s1", s1}, {"id", id}}});
  return laws;
}

// Waiting ends: called again at the time it named, the same state gives an
// id, or the layout's end is reached.
Law WaitLaw(z3::context& ctx, const IdModelInputs& in, IdBug bug) {
  const IdModelStep step = IdNextModel(in, bug);
  IdModelInputs later = in;
  later.now_ms = step.wait_until_ms;
  const IdModelStep retry = IdNextModel(later, bug);
  return {"wait-ends",
          "wait-until is later than now, and then the same state gives an id "
          "(or the layout has ended)",
          z3::implies(IdValidConfig(in) && IdValidState(in) &&
                          step.outcome == OutcomeTerm(ctx, Outcome::kWait),
                      z3::ugt(step.wait_until_ms, in.now_ms) &&
                          (retry.outcome == OutcomeTerm(ctx, Outcome::kId) ||
                           retry.outcome ==
                               OutcomeTerm(ctx, Outcome::kTimestampOverflow))),
          Shown(in, step)};
}

std::vector<Law> Laws(z3::context& ctx, const IdProofOptions& options) {
  const IdModelInputs in = SymbolicIdInputs(ctx, options.layout);
  std::vector<Law> laws = StepLaws(ctx, in, options.bug);
  for (Law& law : EncodingLaws(ctx, options, in)) laws.push_back(law);
  laws.push_back(WaitLaw(ctx, in, options.bug));
  return laws;
}

std::string Counterexample(const z3::model& model, const Law& law) {
  std::string text = law.name + " fails for:\n";
  for (const auto& [name, term] : law.shown) {
    const z3::expr value = model.eval(term, true);
    text += "  " + name + " = ";
    if (value.is_bool()) {
      text += value.is_true() ? "true" : "false";
    } else {
      text += std::to_string(value.get_numeral_uint64());
    }
    text += "\n";
  }
  return text;
}

}  // namespace

std::vector<PropertyResult> ProveIdLaws(const IdProofOptions& options) {
  z3::context ctx;
  std::vector<PropertyResult> results;
  for (const Law& law : Laws(ctx, options)) {
    if (!options.only.empty() &&
        std::find(options.only.begin(), options.only.end(), law.name) ==
            options.only.end()) {
      continue;
    }
    z3::solver solver(ctx);
    z3::params params(ctx);
    params.set("timeout", options.timeout_ms);
    solver.set(params);
    solver.add(!law.claim);
    PropertyResult result;
    result.name = law.name;
    result.description = law.description;
    const auto start = std::chrono::steady_clock::now();
    const z3::check_result answer = solver.check();
    result.ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    if (answer == z3::sat) {
      result.verdict = Verdict::kCounterexample;
      result.counterexample = Counterexample(solver.get_model(), law);
    } else if (answer == z3::unknown) {
      result.verdict = Verdict::kUnknown;
      result.counterexample = "solver gave up: " + solver.reason_unknown();
    }
    results.push_back(result);
  }
  return results;
}

TransitionSystem IdTransitionSystem(z3::context& ctx,
                                    const IdProofOptions& options) {
  const z3::sort bool_sort = ctx.bool_sort();
  const z3::sort bv = ctx.bv_sort(kBits);
  // State symbols, in this order.
  enum Symbol : size_t {
    kIssued,
    kLastMs,
    kSequence,
    kLastId,
    kPrevId,
    kTwoIds,
  };
  TransitionSystem ts;
  ts.name = "snowflake id generator";
  ts.symbols = {{"issued", {}, bool_sort}, {"last_ms", {}, bv},
                {"sequence", {}, bv},      {"last_id", {}, bv},
                {"previous_id", {}, bv},   {"two_ids_made", {}, bool_sort}};
  // The configuration: constants shared by every copy of the state.
  const IdModelInputs config = SymbolicIdInputs(ctx, options.layout);
  for (const auto& [name, term] : std::vector<std::pair<std::string, z3::expr>>{
           {"timestamp_bits", config.timestamp_bits},
           {"worker_bits", config.worker_bits},
           {"sequence_bits", config.sequence_bits},
           {"epoch_ms", config.epoch_ms},
           {"worker", config.worker},
           {"refuse_backward", config.refuse_backward}}) {
    if (term.is_const() && !term.is_numeral()) {
      ts.rigid.push_back({name, term.decl()});
    }
  }
  ts.axioms.push_back(IdValidConfig(config));
  auto inputs = [config](const StateCopy& s, const z3::expr& now) {
    IdModelInputs in = config;
    in.issued = s[kIssued]();
    in.last_ms = s[kLastMs]();
    in.sequence = s[kSequence]();
    in.now_ms = now;
    return in;
  };
  const z3::expr zero = Bv(ctx, 0);
  ts.init = [zero](const StateCopy& s) {
    return !s[kIssued]() && s[kLastMs]() == zero && s[kSequence]() == zero &&
           s[kLastId]() == zero && s[kPrevId]() == zero && !s[kTwoIds]();
  };
  const IdBug bug = options.bug;
  ts.actions.push_back(
      {"next",
       {{"now_ms", bv}},
       [inputs, bug, &ctx](const StateCopy& pre, const StateCopy& post,
                           const Args& args) {
         const IdModelStep step = IdNextModel(inputs(pre, args[0]), bug);
         const z3::expr made = step.outcome == OutcomeTerm(ctx, Outcome::kId);
         return post[kIssued]() == step.issued &&
                post[kLastMs]() == step.last_ms &&
                post[kSequence]() == step.sequence &&
                post[kLastId]() == z3::ite(made, step.id, pre[kLastId]()) &&
                post[kPrevId]() ==
                    z3::ite(made, pre[kLastId](), pre[kPrevId]()) &&
                post[kTwoIds]() == (pre[kTwoIds]() || (made && pre[kIssued]()));
       }});
  ts.properties.push_back(
      {"ids-strictly-increase",
       "once two ids are made, the one before the last is smaller", false,
       [](const StateCopy& s) {
         return z3::implies(s[kTwoIds](), z3::ult(s[kPrevId](), s[kLastId]()));
       }});
  ts.properties.push_back({"state-valid",
                           "the generator state is one Next accepts", true,
                           [inputs, zero](const StateCopy& s) {
                             return IdValidState(inputs(s, zero));
                           }});
  ts.properties.push_back(
      {"last-id-encodes-state",
       "the last id made is the encoding of the state's millisecond, worker "
       "and sequence",
       true, [config](const StateCopy& s) {
         return z3::implies(
             s[kIssued](),
             s[kLastId]() == IdEncodeModel(config, s[kLastMs](), config.worker,
                                           s[kSequence]()));
       }});
  ts.properties.push_back({"two-ids-means-issued",
                           "two ids made means the state has one", true,
                           [](const StateCopy& s) {
                             return z3::implies(s[kTwoIds](), s[kIssued]());
                           }});
  return ts;
}

}  // namespace stepwise::spec
