// The guarantee matrix behind `stepwise matrix`: every algorithm of a family
// against every fault model, for a few cluster sizes. The election family:
// Bully, priority Bully, Chang-Roberts ring, Raft's election. The atomic
// commit family: two- and three-phase commit (nodes = participants). One
// exhaustive (bounded) model checking run per (algorithm, nodes, fault
// model), plus a run checking only
// the properties an earlier run's violation left open. Each run's verdict is
// turned into cells: holds, violated (with a counterexample trace that
// `stepwise replay` re-executes), unknown (bound hit) or not declared by the
// algorithm.
//
// Thread-safety: RunMatrix is not reentrant with respect to `out_dir` (it
// writes trace files there); the rest are pure functions.

#ifndef STEPWISE_TOOLS_STEPWISE_MATRIX_H_
#define STEPWISE_TOOLS_STEPWISE_MATRIX_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "model_check/json.h"

namespace stepwise::tools::matrix {

enum class Family { kElection, kCommit };
enum class Algorithm {
  kBully,
  kPriority,
  kRing,
  kRaftElection,
  kTwoPc,
  kThreePc,
  kPaxosCommit,
};
enum class Fault {
  kReliable,
  kLossy,
  kDuplicating,
  kCrashes,
  kPartitions,
  kAsynchronousTimers,
  kCrashStop,
};
enum class Property {
  kAtMostOneLeader,
  kAgreement,
  kEventuallyLeader,
  kConsistency,
  kNonBlocking,
};
enum class CellVerdict { kHolds, kViolated, kUnknown, kNotDeclared };

inline constexpr Family kAllFamilies[] = {Family::kElection, Family::kCommit};
inline constexpr Algorithm kAllAlgorithms[] = {
    Algorithm::kBully,        Algorithm::kPriority, Algorithm::kRing,
    Algorithm::kRaftElection, Algorithm::kTwoPc,    Algorithm::kThreePc,
    Algorithm::kPaxosCommit};
inline constexpr Fault kAllFaults[] = {
    Fault::kReliable, Fault::kLossy,      Fault::kDuplicating,
    Fault::kCrashes,  Fault::kPartitions, Fault::kAsynchronousTimers,
    Fault::kCrashStop};

Family FamilyOf(Algorithm algorithm);
// What a family's matrix runs and shows by default, in order.
std::vector<Algorithm> AlgorithmsOf(Family family);
std::vector<Fault> FaultsOf(Family family);
std::vector<Property> PropertiesOf(Family family);

// Command-line spellings: "bully", "raft-election", "partitions", ...
std::string Name(Family family);
std::string Name(Algorithm algorithm);
std::string Name(Fault fault);
std::string Name(Property property);
std::string Name(CellVerdict verdict);
std::optional<Family> ParseFamily(std::string_view name);
std::optional<Algorithm> ParseAlgorithm(std::string_view name);
std::optional<Fault> ParseFault(std::string_view name);

struct MatrixOptions {
  Family family = Family::kElection;
  std::vector<int> nodes = {3, 4};
  // Empty: the family's (AlgorithmsOf, FaultsOf). Every algorithm must be of
  // the family.
  std::vector<Algorithm> algorithms;
  std::vector<Fault> faults;
  uint64_t max_states = 2'000'000;  // per run; beyond it cells are unknown
  int threads = 0;                  // 0: every core
  std::string out_dir = "matrix-traces";
  // Called with one line per finished run (no newline); may be empty.
  std::function<void(const std::string&)> progress;
};

// One model-checking run: one (algorithm, nodes, fault model).
struct Run {
  Algorithm algorithm = Algorithm::kBully;
  int nodes = 3;
  Fault fault = Fault::kReliable;
  std::string verdict;             // the checker's: ok, violation, incomplete
  std::string violated;            // first violated property, if any
  std::string violation_kind;      // invariant, liveness, vacuous
  std::string trace_path;          // where its counterexample was written
  std::string incomplete_reason;   // why the run was not exhaustive
  std::vector<std::string> notes;  // the checker's caveats
  // The properties a follow-up run checked alone (empty: all of them).
  std::vector<std::string> only;
  uint64_t states = 0;
  double seconds = 0;
};

struct Cell {
  Algorithm algorithm = Algorithm::kBully;
  int nodes = 3;
  Fault fault = Fault::kReliable;
  Property property = Property::kAtMostOneLeader;
  std::string checked_as;  // the algorithm's own name for the property
  CellVerdict verdict = CellVerdict::kNotDeclared;
  std::string reason;      // for unknown: why
  std::string trace_path;  // for violated
  uint64_t states = 0;
  double seconds = 0;
};

struct Matrix {
  MatrixOptions options;
  std::vector<Run> runs;
  std::vector<Cell> cells;
  double seconds = 0;
};

// Runs every selected (algorithm, nodes, fault model) and writes each
// counterexample under options.out_dir (created if missing). Fails only when
// a file cannot be written or an option is out of range (an algorithm of
// another family included). The result's options name the algorithms and
// faults it ran.
absl::StatusOr<Matrix> RunMatrix(const MatrixOptions& options);

// One Markdown table per property, plus notes on how to read them.
std::string MatrixMarkdown(const Matrix& matrix);
mc::Json MatrixJson(const Matrix& matrix);

}  // namespace stepwise::tools::matrix

#endif  // STEPWISE_TOOLS_STEPWISE_MATRIX_H_
