#include "tools/stepwise/matrix.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/bully/bully.h"
#include "core/paxoscommit/paxoscommit.h"
#include "core/raft/raft.h"
#include "core/ring/ring.h"
#include "core/threepc/threepc.h"
#include "core/twopc/twopc.h"
#include "fmt/core.h"
#include "model_check/explore.h"
#include "model_check/listed_traces.h"
#include "model_check/liveness_after_run.h"
#include "model_check/trace_format.h"
#include "tools/stepwise/report.h"

namespace stepwise::tools::matrix {
namespace {

namespace fs = std::filesystem;

// The names a property goes by in the algorithms' own property lists.
std::vector<std::string_view> ProtocolNames(Property property) {
  switch (property) {
    case Property::kAtMostOneLeader:
      return {"at-most-one-leader", "election-safety"};
    case Property::kAgreement:
      return {"agreement"};
    case Property::kEventuallyLeader:
      return {"eventually-leader"};
    case Property::kConsistency:
      return {"consistency"};
    case Property::kNonBlocking:
      return {"non-blocking"};
  }
  return {};
}

// The algorithm's name for `property`, empty if it declares none.
template <typename P>
std::string DeclaredAs(Property property, bool* is_liveness) {
  for (std::string_view name : ProtocolNames(property)) {
    for (const auto& invariant : P::invariants()) {
      if (invariant.name == name) {
        *is_liveness = false;
        return std::string(name);
      }
    }
    if constexpr (core::HasLiveness<P>) {
      for (const auto& liveness : P::liveness()) {
        if (liveness.name == name) {
          *is_liveness = true;
          return std::string(name);
        }
      }
    }
  }
  return "";
}

std::string WithCommas(uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), ",");
  }
  return digits;
}

// Whether an invariant not named by the violation still held everywhere.
bool SafetyRunCompleted(const Run& run) {
  return run.verdict == "ok" || run.violation_kind == "liveness" ||
         run.violation_kind == "vacuous";
}

// Derives one property's cell from its run.
Cell MakeCell(const Run& run, Property property, const std::string& name,
              bool is_liveness, const std::vector<std::string>& live_ok) {
  Cell cell;
  cell.algorithm = run.algorithm;
  cell.nodes = run.nodes;
  cell.fault = run.fault;
  cell.property = property;
  cell.checked_as = name;
  cell.states = run.states;
  cell.seconds = run.seconds;
  if (name.empty()) {
    cell.verdict = CellVerdict::kNotDeclared;
  } else if (run.violated == name) {
    cell.verdict = CellVerdict::kViolated;
    cell.trace_path = run.trace_path;
  } else if (!is_liveness && SafetyRunCompleted(run)) {
    cell.verdict = CellVerdict::kHolds;
  } else if (is_liveness &&
             std::find(live_ok.begin(), live_ok.end(), name) != live_ok.end()) {
    cell.verdict = CellVerdict::kHolds;
  } else {
    cell.verdict = CellVerdict::kUnknown;
    if (!run.violated.empty()) {
      cell.reason = absl::StrCat("stopped at ", run.violated, " ✗");
    } else if (!run.incomplete_reason.empty()) {
      cell.reason = absl::StrCat(WithCommas(run.states), " states");
    } else if (!run.notes.empty()) {
      cell.reason = run.notes.front();
    } else {
      cell.reason = "not checked";
    }
  }
  return cell;
}

struct Key {
  Algorithm algorithm;
  int nodes;
  Fault fault;
};

// A sanity goal the row cannot reach by construction: raft-election leaves
// out the client reads that Raft's read-served goal needs. The checker calls
// the model vacuous on it and stops before liveness; the matrix reports it
// as a note and checks liveness itself.
std::string_view GoalOutOfReach(Algorithm algorithm) {
  return algorithm == Algorithm::kRaftElection ? "read-served" : "";
}

std::string TracePath(const MatrixOptions& matrix_options, const Key& key,
                      const std::string& property) {
  return (fs::path(matrix_options.out_dir) /
          absl::StrCat(Name(key.algorithm), "-", key.nodes, "-",
                       Name(key.fault), "-", property, ".json"))
      .string();
}

// Marks `run` as violating `violation` and, unless the model was vacuous,
// writes its counterexample.
template <typename P>
absl::Status RecordViolation(const typename P::Config& config,
                             const mc::Options& options, const Key& key,
                             const MatrixOptions& matrix_options,
                             const mc::Violation<P>& violation, Run* run) {
  run->verdict = "violation";
  run->violated = violation.property;
  run->violation_kind = mc::KebabName(mc::EnumName(violation.kind));
  if (violation.kind == mc::ViolationKind::kVacuous) return absl::OkStatus();
  run->trace_path = TracePath(matrix_options, key, violation.property);
  return WriteJson(
      run->trace_path,
      mc::TraceJson<P>(config, options, violation.trace, &violation));
}

// The explorer's liveness step (mc::CheckLivenessAfterRun), which the
// explorer skips when a sanity goal is unreached: checks the liveness
// properties `options` selects on the unreduced graph, under the same
// automatic state limit (here counted in the run's states, reduced or not).
template <typename P>
absl::Status CheckLiveness(const typename P::Config& config,
                           const mc::Options& options, const Key& key,
                           const MatrixOptions& matrix_options, Run* run,
                           std::vector<std::string>* liveness_checked) {
  const auto start = std::chrono::steady_clock::now();
  mc::LivenessAfterRun<P> liveness =
      mc::CheckLivenessAfterRun<P>(config, options, run->states);
  switch (liveness.outcome) {
    case mc::LivenessOutcome::kNotAsked:
      return absl::OkStatus();
    case mc::LivenessOutcome::kTooManyStates:
      run->notes.push_back(absl::StrCat("liveness not checked: over ",
                                        WithCommas(mc::kAutoLivenessStates),
                                        " states"));
      return absl::OkStatus();
    case mc::LivenessOutcome::kGraphTooLarge:
      run->notes.push_back(
          absl::StrCat("liveness not checked: unreduced graph over ",
                       WithCommas(liveness.graph_limit), " states"));
      break;
    case mc::LivenessOutcome::kChecked:
      run->notes.push_back(absl::StrCat(
          "liveness checked on the unreduced graph (",
          WithCommas(liveness.graph_states),
          " states), within the bounds and fault budgets, under weak "
          "fairness"));
      break;
  }
  for (std::string& name : liveness.holds) {
    liveness_checked->push_back(std::move(name));
  }
  if (liveness.violation.has_value()) {
    absl::Status status = RecordViolation<P>(
        config, options, key, matrix_options, *liveness.violation, run);
    if (!status.ok()) return status;
  }
  run->seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return absl::OkStatus();
}

// Runs one exploration into `run`; writes its counterexample, if any.
template <typename P>
absl::Status Explore(const typename P::Config& config,
                     const mc::Options& options, const Key& key,
                     const MatrixOptions& matrix_options, Run* run,
                     std::vector<std::string>* liveness_checked) {
  const mc::Result<P> result = mc::Explore<P>(config, options);
  run->algorithm = key.algorithm;
  run->nodes = key.nodes;
  run->fault = key.fault;
  run->only = options.only_properties;
  run->verdict = mc::KebabName(mc::EnumName(result.verdict));
  run->incomplete_reason = result.incomplete_reason;
  run->notes = result.notes;
  run->states = result.distinct_states;
  run->seconds = result.seconds;
  *liveness_checked = result.liveness_checked;
  if (!result.violation.has_value()) return absl::OkStatus();
  const auto& violation = *result.violation;
  if (violation.kind == mc::ViolationKind::kVacuous &&
      violation.property == GoalOutOfReach(key.algorithm)) {
    run->verdict = "ok";
    absl::Status status = CheckLiveness<P>(config, options, key, matrix_options,
                                           run, liveness_checked);
    run->notes.push_back(absl::StrCat("sanity goal ", violation.property,
                                      " not reached: this row leaves out "
                                      "what it needs"));
    return status;
  }
  return RecordViolation<P>(config, options, key, matrix_options, violation,
                            run);
}

// Runs the explorations behind one (algorithm, nodes, fault model) and
// derives its cells. A run stops at its first violation, so the properties
// it could not settle get a further run that checks only them, until every
// cell is settled or a run leaves nothing new to learn.
template <typename P>
absl::Status RunOne(const typename P::Config& config,
                    const mc::Options& options, const Key& key,
                    const MatrixOptions& matrix_options, Matrix* matrix) {
  const size_t first_cell = matrix->cells.size();
  const std::vector<Property> properties =
      PropertiesOf(FamilyOf(key.algorithm));
  std::vector<std::string> only;  // empty: the first run checks everything
  for (size_t pass = 0; pass < properties.size(); ++pass) {
    mc::Options pass_options = options;
    pass_options.only_properties = only;
    Run run;
    std::vector<std::string> liveness_checked;
    absl::Status status = Explore<P>(config, pass_options, key, matrix_options,
                                     &run, &liveness_checked);
    if (!status.ok()) return status;
    std::vector<std::string> stopped;
    for (size_t i = 0; i < properties.size(); ++i) {
      bool is_liveness = false;
      const std::string name = DeclaredAs<P>(properties[i], &is_liveness);
      // A later run settles only the properties it checked.
      if (pass > 0 && std::find(only.begin(), only.end(), name) == only.end()) {
        continue;
      }
      Cell cell =
          MakeCell(run, properties[i], name, is_liveness, liveness_checked);
      const bool stopped_by_another = cell.verdict == CellVerdict::kUnknown &&
                                      (run.violation_kind == "invariant" ||
                                       run.violation_kind == "liveness");
      if (stopped_by_another) stopped.push_back(name);
      if (pass == 0) {
        matrix->cells.push_back(std::move(cell));
      } else {
        matrix->cells[first_cell + i] = std::move(cell);
      }
    }
    matrix->runs.push_back(std::move(run));
    if (stopped.empty()) break;
    only = std::move(stopped);
  }
  return absl::OkStatus();
}

mc::Options FaultOptions(Fault fault, bool synchronous_timers,
                         const MatrixOptions& matrix_options) {
  mc::Options options;
  options.quiet = true;
  options.progress_seconds = 0;
  options.threads = matrix_options.threads;
  options.max_states = matrix_options.max_states;
  options.liveness = mc::LivenessMode::kAuto;
  options.synchronous_timers = synchronous_timers;
  switch (fault) {
    case Fault::kReliable:
      break;
    case Fault::kLossy:
      options.network = mc::Network::kLossy;
      options.drops = 1;
      break;
    case Fault::kDuplicating:
      options.network = mc::Network::kDuplicating;
      break;
    case Fault::kCrashes:
      options.crashes = 1;
      break;
    case Fault::kPartitions:
      options.partitions = 1;
      break;
    case Fault::kAsynchronousTimers:
      options.synchronous_timers = false;
      break;
    case Fault::kCrashStop:
      options.crashes = 1;
      options.crash_stop = true;
      break;
  }
  return options;
}

// Priorities for the priority-election rows: not in id order.
std::vector<uint32_t> Priorities(int nodes) {
  if (nodes == 3) return {2, 3, 1};
  if (nodes == 4) return {2, 4, 1, 3};
  std::vector<uint32_t> priorities;
  for (int i = 0; i < nodes; ++i) {
    priorities.push_back(static_cast<uint32_t>((i * 2 + 1) % nodes + 1));
  }
  return priorities;
}

absl::Status RunCell(const Key& key, const MatrixOptions& matrix_options,
                     Matrix* matrix) {
  const auto n = static_cast<uint32_t>(key.nodes);
  switch (key.algorithm) {
    case Algorithm::kBully:
    case Algorithm::kPriority: {
      core::bully::Config config{.nodes = n};
      if (key.algorithm == Algorithm::kPriority) {
        config.priorities = Priorities(key.nodes);
      }
      return RunOne<core::bully::Bully>(
          config, FaultOptions(key.fault, true, matrix_options), key,
          matrix_options, matrix);
    }
    case Algorithm::kRing: {
      core::ring::Config config{.nodes = n, .announce = true};
      return RunOne<core::ring::ChangRoberts>(
          config, FaultOptions(key.fault, false, matrix_options), key,
          matrix_options, matrix);
    }
    case Algorithm::kRaftElection: {
      core::raft::Config config = core::raft::ModelCheckingConfig();
      config.nodes = n;
      config.auto_propose = false;
      config.auto_read = false;
      config.max_log_length = 1;
      config.max_term = 2;
      // Raft's nodes are interchangeable and election-safety does not name
      // one, so symmetry reduction is sound; it finishes more 3-node runs,
      // but with 4 nodes (24 permutations per state) it is too slow.
      mc::Options options = FaultOptions(key.fault, false, matrix_options);
      options.symmetry = key.nodes <= 3;
      return RunOne<core::raft::Raft>(config, options, key, matrix_options,
                                      matrix);
    }
    // Atomic commit: both with synchronous timers but in the async-timers
    // column, the setting in which three-phase commit is meant to work.
    case Algorithm::kTwoPc:
      return RunOne<core::twopc::TwoPhase>(
          core::twopc::Config{.rms = n},
          FaultOptions(key.fault, true, matrix_options), key, matrix_options,
          matrix);
    case Algorithm::kThreePc:
      return RunOne<core::threepc::ThreePhase>(
          core::threepc::Config{.participants = n},
          FaultOptions(key.fault, true, matrix_options), key, matrix_options,
          matrix);
    // Paxos Commit over FIFO links where the column keeps links reliable
    // (its default model): unordered links multiply its states past what a
    // cell can explore.
    case Algorithm::kPaxosCommit: {
      mc::Options options = FaultOptions(key.fault, true, matrix_options);
      if (options.network == mc::Network::kReliable) {
        options.network = mc::Network::kOrdered;
      }
      return RunOne<core::paxoscommit::PaxosCommit>(
          core::paxoscommit::Config{.rms = n}, options, key, matrix_options,
          matrix);
    }
  }
  return absl::InternalError("unknown algorithm");
}

// Ring and Raft never use synchronous timers: their asynchronous-timers
// column is their reliable run.
bool SameAsReliable(const Key& key) {
  return key.fault == Fault::kAsynchronousTimers &&
         (key.algorithm == Algorithm::kRing ||
          key.algorithm == Algorithm::kRaftElection);
}

absl::Status CopyReliable(const Key& key, const MatrixOptions& matrix_options,
                          Matrix* matrix) {
  std::vector<Run> copies;
  for (const Run& run : matrix->runs) {
    if (run.algorithm == key.algorithm && run.nodes == key.nodes &&
        run.fault == Fault::kReliable) {
      copies.push_back(run);
      copies.back().fault = key.fault;
    }
  }
  if (!copies.empty()) {
    std::vector<Cell> cells;
    for (const Cell& cell : matrix->cells) {
      if (cell.algorithm == key.algorithm && cell.nodes == key.nodes &&
          cell.fault == Fault::kReliable) {
        cells.push_back(cell);
        cells.back().fault = key.fault;
      }
    }
    matrix->runs.insert(matrix->runs.end(), copies.begin(), copies.end());
    matrix->cells.insert(matrix->cells.end(), cells.begin(), cells.end());
    return absl::OkStatus();
  }
  // The reliable column was not selected: run it (its cells stay in JSON).
  absl::Status status = RunCell({key.algorithm, key.nodes, Fault::kReliable},
                                matrix_options, matrix);
  if (!status.ok()) return status;
  return CopyReliable(key, matrix_options, matrix);
}

std::string ProgressLine(const Run& run) {
  std::string outcome;
  if (run.violation_kind == "vacuous") {
    outcome = absl::StrCat("exhaustive, no invariant violated; sanity goal ",
                           run.violated, " unreachable in this configuration");
  } else if (!run.violated.empty()) {
    outcome = absl::StrCat("violated ", run.violated);
    if (!run.trace_path.empty())
      absl::StrAppend(&outcome, " (", run.trace_path, ")");
  } else if (run.verdict == "incomplete") {
    outcome = absl::StrCat("incomplete (", run.incomplete_reason, ")");
  } else {
    outcome = "no violation";
  }
  const std::string only =
      run.only.empty()
          ? ""
          : absl::StrCat(" (only ", absl::StrJoin(run.only, ","), ")");
  return absl::StrCat(Name(run.algorithm), " n=", run.nodes, " ",
                      Name(run.fault), only, ": ", WithCommas(run.states),
                      " states, ", fmt::format("{:.1f}", run.seconds), " s, ",
                      outcome);
}

}  // namespace

Family FamilyOf(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kTwoPc:
    case Algorithm::kThreePc:
    case Algorithm::kPaxosCommit:
      return Family::kCommit;
    case Algorithm::kBully:
    case Algorithm::kPriority:
    case Algorithm::kRing:
    case Algorithm::kRaftElection:
      break;
  }
  return Family::kElection;
}

std::vector<Algorithm> AlgorithmsOf(Family family) {
  std::vector<Algorithm> algorithms;
  for (Algorithm algorithm : kAllAlgorithms) {
    if (FamilyOf(algorithm) == family) algorithms.push_back(algorithm);
  }
  return algorithms;
}

std::vector<Fault> FaultsOf(Family family) {
  if (family == Family::kElection) {
    return {Fault::kReliable, Fault::kLossy,      Fault::kDuplicating,
            Fault::kCrashes,  Fault::kPartitions, Fault::kAsynchronousTimers};
  }
  return {Fault::kReliable,          Fault::kCrashStop,
          Fault::kCrashes,           Fault::kLossy,
          Fault::kDuplicating,       Fault::kPartitions,
          Fault::kAsynchronousTimers};
}

std::vector<Property> PropertiesOf(Family family) {
  if (family == Family::kElection) {
    return {Property::kAtMostOneLeader, Property::kAgreement,
            Property::kEventuallyLeader};
  }
  return {Property::kConsistency, Property::kNonBlocking};
}

std::string Name(Family family) {
  return family == Family::kElection ? "election" : "commit";
}

std::string Name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kBully:
      return "bully";
    case Algorithm::kPriority:
      return "priority";
    case Algorithm::kRing:
      return "ring";
    case Algorithm::kRaftElection:
      return "raft-election";
    case Algorithm::kTwoPc:
      return "twopc";
    case Algorithm::kThreePc:
      return "threepc";
    case Algorithm::kPaxosCommit:
      return "paxoscommit";
  }
  return "?";
}

std::string Name(Fault fault) {
  switch (fault) {
    case Fault::kReliable:
      return "reliable";
    case Fault::kLossy:
      return "lossy";
    case Fault::kDuplicating:
      return "duplicating";
    case Fault::kCrashes:
      return "crashes";
    case Fault::kPartitions:
      return "partitions";
    case Fault::kAsynchronousTimers:
      return "async-timers";
    case Fault::kCrashStop:
      return "crash-stop";
  }
  return "?";
}

std::string Name(Property property) {
  switch (property) {
    case Property::kAtMostOneLeader:
      return "at-most-one-leader";
    case Property::kAgreement:
      return "agreement";
    case Property::kEventuallyLeader:
      return "eventually-leader";
    case Property::kConsistency:
      return "consistency";
    case Property::kNonBlocking:
      return "non-blocking";
  }
  return "?";
}

std::string Name(CellVerdict verdict) {
  switch (verdict) {
    case CellVerdict::kHolds:
      return "holds";
    case CellVerdict::kViolated:
      return "violated";
    case CellVerdict::kUnknown:
      return "unknown";
    case CellVerdict::kNotDeclared:
      return "not-declared";
  }
  return "?";
}

std::optional<Family> ParseFamily(std::string_view name) {
  for (Family family : kAllFamilies) {
    if (Name(family) == name) return family;
  }
  return std::nullopt;
}

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  for (Algorithm algorithm : kAllAlgorithms) {
    if (Name(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

std::optional<Fault> ParseFault(std::string_view name) {
  for (Fault fault : kAllFaults) {
    if (Name(fault) == name) return fault;
  }
  return std::nullopt;
}

absl::StatusOr<Matrix> RunMatrix(const MatrixOptions& requested) {
  MatrixOptions options = requested;
  if (options.algorithms.empty())
    options.algorithms = AlgorithmsOf(options.family);
  if (options.faults.empty()) options.faults = FaultsOf(options.family);
  for (Algorithm algorithm : options.algorithms) {
    if (FamilyOf(algorithm) != options.family) {
      return absl::InvalidArgumentError(
          absl::StrCat(Name(algorithm), " is not of the ", Name(options.family),
                       " family (--family ", Name(FamilyOf(algorithm)), ")"));
    }
  }
  for (int nodes : options.nodes) {
    if (nodes < 2 || nodes > 8) {
      return absl::InvalidArgumentError(
          absl::StrCat("--nodes ", nodes, " is outside 2..8"));
    }
  }
  std::error_code error;
  fs::create_directories(options.out_dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", options.out_dir, ": ", error.message()));
  }
  const auto start = std::chrono::steady_clock::now();
  Matrix matrix;
  matrix.options = options;
  for (Algorithm algorithm : options.algorithms) {
    for (int nodes : options.nodes) {
      for (Fault fault : options.faults) {
        const Key key{algorithm, nodes, fault};
        const size_t runs_before = matrix.runs.size();
        absl::Status status = SameAsReliable(key)
                                  ? CopyReliable(key, options, &matrix)
                                  : RunCell(key, options, &matrix);
        if (!status.ok()) return status;
        for (size_t i = runs_before; options.progress && i < matrix.runs.size();
             ++i) {
          options.progress(ProgressLine(matrix.runs[i]));
        }
      }
    }
  }
  matrix.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return matrix;
}

namespace {

std::string CellText(const Cell& cell) {
  switch (cell.verdict) {
    case CellVerdict::kHolds:
      return "✓";
    case CellVerdict::kViolated:
      return absl::StrCat("✗ `", cell.trace_path, "`");
    case CellVerdict::kUnknown:
      return absl::StrCat("? (", cell.reason, ")");
    case CellVerdict::kNotDeclared:
      return "—";
  }
  return "";
}

const Cell* FindCell(const Matrix& matrix, Algorithm algorithm, int nodes,
                     Fault fault, Property property) {
  for (const Cell& cell : matrix.cells) {
    if (cell.algorithm == algorithm && cell.nodes == nodes &&
        cell.fault == fault && cell.property == property) {
      return &cell;
    }
  }
  return nullptr;
}

void AppendTable(const Matrix& matrix, Property property, std::string* out) {
  const MatrixOptions& options = matrix.options;
  absl::StrAppend(out, "### ", Name(property), "\n\n| algorithm | n |");
  for (Fault fault : options.faults)
    absl::StrAppend(out, " ", Name(fault), " |");
  absl::StrAppend(out, "\n|---|---|");
  for (size_t i = 0; i < options.faults.size(); ++i)
    absl::StrAppend(out, "---|");
  absl::StrAppend(out, "\n");
  for (Algorithm algorithm : options.algorithms) {
    for (int nodes : options.nodes) {
      absl::StrAppend(out, "| ", Name(algorithm), " | ", nodes, " |");
      for (Fault fault : options.faults) {
        const Cell* cell = FindCell(matrix, algorithm, nodes, fault, property);
        absl::StrAppend(out, " ", cell ? CellText(*cell) : "", " |");
      }
      absl::StrAppend(out, "\n");
    }
  }
  absl::StrAppend(out, "\n");
}

}  // namespace

std::string MatrixMarkdown(const Matrix& matrix) {
  const bool election = matrix.options.family == Family::kElection;
  std::string out = absl::StrCat(
      "## Guarantee matrix: ", election ? "leader election" : "atomic commit",
      "\n\n");
  absl::StrAppend(
      &out,
      "✓ holds in every state explored exhaustively; ✗ violated (the path is "
      "a counterexample trace for `stepwise replay`); ? not established "
      "(the run hit --max-states ",
      WithCommas(matrix.options.max_states),
      "; a property another one's violation left open is re-checked alone "
      "with `--only`); — the algorithm does not declare the property.\n\n");
  for (Property property : PropertiesOf(matrix.options.family)) {
    AppendTable(matrix, property, &out);
  }
  absl::StrAppend(
      &out,
      "Notes:\n\n"
      "* Fault models: reliable (unordered, no loss); lossy (one message may "
      "be lost); duplicating (a delivery may leave a copy behind); crashes "
      "(reliable, one crash-and-restart); crash-stop (reliable, one node "
      "fails for good); partitions (reliable, links may be cut once; heal is "
      "free); async-timers (reliable, timers may fire at any moment).\n");
  if (!election) {
    absl::StrAppend(
        &out,
        "* n is the number of participants (resource managers), beside one "
        "coordinator (paxoscommit: beside a TM, a backup leader and three "
        "acceptors, ballots 0..2). All three run with synchronous timers in "
        "every column but async-timers, the setting three-phase commit is "
        "designed for (Skeen's synchronous system); threepc and paxoscommit "
        "also rank their timeouts (a participant outlasts the coordinator; "
        "the TM outlasts the backup).\n"
        "* consistency: no node committed while another aborted (the "
        "coordinator and nodes that are down included). non-blocking: "
        "eventually every participant that is up has committed or aborted.\n"
        "* Liveness is checked (weak fairness, within the fault budgets) "
        "only after a complete safety run of at most 1,000,000 states.\n");
    return out;
  }
  absl::StrAppend(
      &out,
      "* bully and priority run with synchronous timers (a timer fires only "
      "once no message can be delivered) in every column but async-timers: "
      "Bully assumes a synchronous system. ring and raft-election never use "
      "synchronous timers, so their async-timers column is their reliable "
      "run.\n"
      "* priority: Bully with priorities 2,3,1 (3 nodes) and 2,4,1,3 "
      "(4 nodes). ring: Chang-Roberts with a Coordinator announcement. "
      "raft-election: Raft without client proposals or reads, max term 2, "
      "max log length 1, with symmetry reduction for 3 nodes (states counted "
      "up to "
      "renaming nodes); its at-most-one-leader is election-safety (at most "
      "one leader per term) and its agreement is per term (up nodes of one "
      "term that know a leader name the same one). Its sanity goal "
      "read-served needs the client reads this row leaves out (a note, not "
      "a violation; the matrix then checks liveness itself). Its "
      "eventually-leader ✓ means every fair run elects a leader or "
      "campaigns past term 2: a run whose next election would leave the "
      "bounds is not judged.\n"
      "* Liveness is checked (weak fairness, within the bounds and fault "
      "budgets) only after a complete safety run of at most 1,000,000 "
      "states.\n");
  return out;
}

mc::Json MatrixJson(const Matrix& matrix) {
  mc::Json json = mc::Json::object();
  json["family"] = Name(matrix.options.family);
  json["max_states"] = matrix.options.max_states;
  json["seconds"] = matrix.seconds;
  mc::Json cells = mc::Json::array();
  for (const Cell& cell : matrix.cells) {
    mc::Json entry = {{"algorithm", Name(cell.algorithm)},
                      {"nodes", cell.nodes},
                      {"fault_model", Name(cell.fault)},
                      {"property", Name(cell.property)},
                      {"checked_as", cell.checked_as},
                      {"verdict", Name(cell.verdict)},
                      {"states", cell.states},
                      {"seconds", cell.seconds}};
    entry["trace"] =
        cell.trace_path.empty() ? mc::Json(nullptr) : mc::Json(cell.trace_path);
    if (!cell.reason.empty()) entry["reason"] = cell.reason;
    cells.push_back(std::move(entry));
  }
  json["cells"] = std::move(cells);
  mc::Json runs = mc::Json::array();
  for (const Run& run : matrix.runs) {
    runs.push_back({{"algorithm", Name(run.algorithm)},
                    {"nodes", run.nodes},
                    {"fault_model", Name(run.fault)},
                    {"verdict", run.verdict},
                    {"violated", run.violated},
                    {"violation_kind", run.violation_kind},
                    {"trace", run.trace_path},
                    {"incomplete_reason", run.incomplete_reason},
                    {"notes", run.notes},
                    {"only_properties", run.only},
                    {"states", run.states},
                    {"seconds", run.seconds}});
  }
  json["runs"] = std::move(runs);
  return json;
}

}  // namespace stepwise::tools::matrix
