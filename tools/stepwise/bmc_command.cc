// `stepwise bmc twopc --rms N --depth K`, `stepwise bmc threepc --rms N
// --depth K` (N participants), `stepwise bmc paxos --nodes N --depth K` and
// `stepwise bmc multipaxos --nodes N --depth K` (N acceptors), `stepwise bmc
// raft --nodes N --terms T --depth K`: bounded model checking of the
// protocol's Z3 model for a fixed instance, as a cross-check of the
// explicit-state explorer (`stepwise check`).

#include <z3++.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "spec/bmc.h"
#include "spec/catalog.h"
#include "spec/raft_election_spec.h"
#include "spec/raft_log_spec.h"
#include "tools/stepwise/check_command.h"
#include "tools/stepwise/report.h"
#include "tools/stepwise/spec_commands.h"

namespace stepwise::tools {
namespace {

struct BmcArgs {
  std::string protocol;
  std::string bug = "none";
  uint32_t rms = 3;  // twopc, threepc; `--nodes` is a synonym there
  uint32_t nodes = 3;
  uint32_t terms = 2;       // raft: t0 (initial) and one election term
  uint32_t log_length = 0;  // raft: > 0 selects the replication model
  int depth = 12;  // twopc, threepc; raft: spec::DefaultBmc unless given
  bool lemmas = false;
  std::string stats_json;
  unsigned timeout_ms = 300000;
  // Which size options were given (set after parsing).
  bool rms_given = false;
  bool nodes_given = false;
  bool terms_given = false;
  bool log_length_given = false;
};

bool IsRaft(const BmcArgs& args) { return args.protocol == "raft"; }

// The instance size, or a usage error for options of the other protocol.
absl::StatusOr<spec::SpecSize> Size(const BmcArgs& args) {
  if (IsRaft(args)) {
    if (args.rms_given) {
      return absl::InvalidArgumentError(
          "--rms is for twopc; raft takes --nodes N --terms T");
    }
    return spec::SpecSize{.nodes = args.nodes,
                          .terms = args.terms,
                          .log_length = args.log_length};
  }
  if (args.terms_given || args.log_length_given) {
    return absl::InvalidArgumentError("--terms and --log-length are for raft");
  }
  return spec::SpecSize{.nodes = args.nodes_given ? args.nodes : args.rms};
}

bool WriteStats(const BmcArgs& args, const spec::SpecSize& size,
                const spec::BmcResult& result) {
  mc::Json json = NewReport("bmc", args.protocol);
  if (IsRaft(args)) {
    json["nodes"] = size.nodes;
    json["terms"] = size.terms;
    if (size.log_length > 0) json["log_length"] = size.log_length;
  } else if (args.protocol == "threepc") {
    json["participants"] = size.nodes;
  } else if (args.protocol == "paxos" || args.protocol == "multipaxos") {
    json["acceptors"] = size.nodes;
  } else {
    json["rms"] = size.nodes;
  }
  json["bug"] = args.bug;
  json["max_depth"] = args.depth;
  json["lemmas"] = args.lemmas;
  json["verdict"] = spec::BmcVerdictName(result.verdict);
  json["depth"] = result.depth;
  json["ms"] = result.ms;
  if (result.verdict == spec::BmcVerdict::kViolation) {
    json["violated"] = result.violated;
    json["trace"] = result.trace;
  }
  return WriteJsonFile(args.stats_json, json);
}

int RunBmc(const BmcArgs& args) {
  z3::context ctx;
  const absl::StatusOr<spec::SpecSize> size = Size(args);
  absl::StatusOr<spec::TransitionSystem> ts =
      size.ok() ? spec::BuildSpec(ctx, args.protocol, args.bug, *size)
                : absl::StatusOr<spec::TransitionSystem>(size.status());
  if (!ts.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(ts.status().message()).c_str());
    return kExitUsage;
  }
  std::string instance =
      std::to_string(size->nodes) +
      (args.protocol == "threepc" ? " participants"
       : args.protocol == "paxos" ? " acceptors, 2 ballots, 2 values"
       : args.protocol == "multipaxos"
           ? " acceptors, 2 ballots, 1 slot, values noop and v1"
           : " RMs");
  if (IsRaft(args)) {
    instance = std::to_string(size->nodes) + " nodes, " +
               std::to_string(size->terms) + " terms";
    if (size->log_length > 0) {
      instance += ", log length " + std::to_string(size->log_length);
    }
  }
  std::printf("stepwise bmc %s: %s, depth %d, bug %s, %s\n",
              args.protocol.c_str(), instance.c_str(), args.depth,
              args.bug.c_str(),
              args.lemmas ? "invariants and lemmas" : "invariants");
  absl::StatusOr<spec::BmcResult> result =
      spec::Bmc(*ts, {.depth = args.depth,
                      .timeout_ms = args.timeout_ms,
                      .lemmas = args.lemmas});
  if (!result.ok()) {
    std::fprintf(stderr, "stepwise: %s\n",
                 std::string(result.status().message()).c_str());
    return kExitUsage;
  }
  int code = kExitOk;
  switch (result->verdict) {
    case spec::BmcVerdict::kNoViolation:
      std::printf("No violation within %d steps (Z3 %.1f ms).\nVerdict: ok\n",
                  result->depth, result->ms);
      break;
    case spec::BmcVerdict::kViolation:
      std::printf(
          "Error: %s is violated after %d steps (Z3 %.1f ms).\n"
          "Counterexample, %d states:\n%sVerdict: violation\n",
          result->violated.c_str(), result->depth, result->ms,
          result->depth + 1, result->trace.c_str());
      code = kExitViolation;
      break;
    case spec::BmcVerdict::kUnknown:
      std::printf("%sVerdict: unknown\n", result->trace.c_str());
      code = kExitViolation;
      break;
  }
  if (!args.stats_json.empty() && !WriteStats(args, *size, *result)) {
    return kExitUsage;
  }
  return code;
}

}  // namespace

void RegisterBmc(CLI::App* app, std::function<void(int)> set_exit_code) {
  auto args = std::make_shared<BmcArgs>();
  CLI::App* bmc = app->add_subcommand(
      "bmc",
      "bounded model checking with Z3 for a fixed instance (twopc --rms N, "
      "threepc --rms N, paxoscommit --rms N, paxos --nodes N, multipaxos "
      "--nodes N, raft --nodes "
      "N --terms T [--log-length L])");
  bmc->footer(
      "twopc: consistency, every textbook bug of core/twopc.\n"
      "threepc: crash-stop and a perfect failure detector, N participants "
      "(--rms);\n  consistency and commit-needs-all-votes; bugs "
      "commit-on-timeout, skip-pre-commit,\n  abort-when-undecided, "
      "no-election of core/threepc (2 participants, 3 to 13\n  steps, "
      "unless given).\n"
      "paxos: single-decree Paxos with N acceptors (--nodes, default 3), "
      "ballots b0 < b1,\n  values v1 and v2; agreement, learners-agree, "
      "validity; bugs accept-below-promise,\n  ignore-promised-votes, "
      "half-quorum, volatile-promise of core/paxos (10 to 15\n  steps, "
      "unless given).\n"
      "multipaxos: Multi-Paxos with N acceptors (--nodes, default 3), "
      "ballots b0 < b1,\n  one slot, values noop and v1; slot-agreement, "
      "decided-agree, validity; bugs\n  skip-phase-one, "
      "noop-over-reported-votes, volatile-votes of core/multipaxos\n  (7 to "
      "14 steps, unless given).\n"
      "raft: the election model (terms, votes, counted votes, leaders), "
      "election safety;\n  bugs forget-vote-on-restart and "
      "reply-before-persist of core/raft (9 steps at 3 nodes).\n"
      "raft --log-length L (or a log-level --bug): the coarse replication "
      "model\n  (atomic elections, one-entry AppendEntries, commit, reads): "
      "election safety,\n  log matching, leader completeness, state-machine "
      "safety, monotonic log terms,\n  linearizable reads; bugs "
      "vote-without-log-check, commit-old-term,\n  no-truncate-on-conflict, "
      "read-without-quorum. Each --bug picks the size and\n  depth that find "
      "it unless given.");
  bmc->add_option("protocol", args->protocol,
                  "twopc | threepc | paxoscommit | paxos | multipaxos | raft")
      ->required();
  CLI::Option* rms =
      bmc->add_option("--rms", args->rms,
                      "twopc: number of RMs (default 3); threepc: of "
                      "participants (default 2)")
          ->check(CLI::Range(1u, 31u));
  CLI::Option* nodes =
      bmc->add_option("--nodes", args->nodes,
                      "raft: number of nodes, 1.." +
                          std::to_string(spec::kRaftMaxFiniteNodes) +
                          " (default 3; replication model 1.." +
                          std::to_string(spec::kRaftLogMaxNodes) +
                          "); paxos, multipaxos: number of acceptors (default "
                          "3); "
                          "twopc: same as --rms")
          ->check(CLI::Range(1u, 31u))
          ->excludes(rms);
  CLI::Option* terms =
      bmc->add_option("--terms", args->terms,
                      "raft: number of terms t0 < t1 < ... (default 2; "
                      "replication model: 3 or 4, by bug)")
          ->check(CLI::Range(1u, spec::kRaftMaxFiniteTerms));
  CLI::Option* log_length =
      bmc->add_option("--log-length", args->log_length,
                      "raft: the replication model with this many log slots, "
                      "1.." +
                          std::to_string(spec::kRaftLogMaxLength) +
                          " (default: the election model; a log-level --bug: "
                          "by bug)")
          ->check(CLI::Range(1u, spec::kRaftLogMaxLength));
  CLI::Option* depth =
      bmc->add_option(
             "--depth", args->depth,
             "steps to unroll (default: twopc 12, threepc by bug, 3 "
             "to 13, paxoscommit by bug, 8 to 12, paxos by bug, 10 to "
             "15, multipaxos by bug, 7 to 14, raft by model and bug, 5 "
             "to 9)")
          ->check(CLI::Range(0, spec::kMaxBmcDepth));
  std::string bugs = "plant a mistake in the model:";
  for (const spec::SpecEntry& entry : spec::Specs()) {
    bugs += " " + entry.protocol + ":";
    // "none" comes first and is the default.
    for (size_t i = 1; i < entry.bugs.size(); ++i) {
      bugs += (i == 1 ? " " : ", ") + entry.bugs[i];
    }
    bugs += ";";
  }
  bugs.pop_back();
  bmc->add_option("--bug", args->bug, bugs);
  bmc->add_flag("--lemmas", args->lemmas,
                "also check the lemmas of `stepwise prove`");
  bmc->add_option("--stats-json", args->stats_json, "write the result as JSON");
  bmc->add_option("--timeout-ms", args->timeout_ms, "per Z3 call")
      ->check(CLI::Range(1u, 3600000u));
  bmc->callback([args, rms, nodes, terms, log_length, depth, set_exit_code] {
    args->rms_given = rms->count() > 0;
    args->nodes_given = nodes->count() > 0;
    args->terms_given = terms->count() > 0;
    args->log_length_given = log_length->count() > 0;
    if (args->protocol == "threepc" || args->protocol == "paxoscommit" ||
        args->protocol == "paxos" || args->protocol == "multipaxos") {
      // What is not given comes from the instance that finds the bug.
      const spec::BmcDefaults defaults =
          spec::DefaultBmc(args->protocol, args->bug);
      if (!args->rms_given && !args->nodes_given) {
        args->rms = defaults.size.nodes;
      }
      if (depth->count() == 0) args->depth = defaults.depth;
    }
    if (IsRaft(*args)) {
      // What is not given comes from the instance that finds the bug.
      const spec::BmcDefaults defaults = spec::DefaultBmc(
          "raft", args->bug,
          args->log_length_given || spec::IsRaftLogBug(args->bug));
      if (!args->nodes_given) args->nodes = defaults.size.nodes;
      if (!args->terms_given) args->terms = defaults.size.terms;
      if (!args->log_length_given) args->log_length = defaults.size.log_length;
      if (depth->count() == 0) args->depth = defaults.depth;
    }
    set_exit_code(RunBmc(*args));
  });
}

}  // namespace stepwise::tools
