// Raft's entry in the protocol list: its summary, options, bug help and the
// defaults `stepwise check raft` starts from (see core/manifest.h).

#ifndef STEPWISE_CORE_RAFT_MANIFEST_H_
#define STEPWISE_CORE_RAFT_MANIFEST_H_

#include <array>
#include <string_view>
#include <vector>

#include "core/manifest.h"
#include "core/raft/raft.h"

namespace stepwise::core {

template <>
struct Manifest<raft::Raft> {
  static constexpr std::string_view kSummary =
      "Raft: elections, log replication, a replicated key-value store, "
      "ReadIndex reads";
  static constexpr std::array<std::string_view, 7> kBugHelp = {
      "",
      "a leader commits an earlier term's entry once a majority stores it "
      "(Figure 8)",
      "votes are granted without the log up-to-date check",
      "a vote leaves before the vote is persisted",
      "a follower overwrites a conflicting entry but keeps those after it",
      "a restarted node forgets its vote",
      "a leader answers reads from its own state without confirming it "
      "still leads",
  };
  template <typename Binder>
  static void BindOptions(Binder& bind, raft::Config* config) {
    bind({.flag = "--nodes",
          .value_name = "N",
          .help = "cluster size",
          .min = 1,
          .max = raft::kMaxNodes},
         &config->nodes);
    bind({.flag = "--max-term",
          .value_name = "T",
          .help = "bound: states past term T are not expanded"},
         &config->max_term);
    bind({.flag = "--max-log",
          .value_name = "L",
          .help = "bound: states with logs longer than L are not expanded"},
         &config->max_log_length);
    bind({.flag = "--max-append",
          .value_name = "K",
          .help = "entries per AppendEntries, 0: no limit"},
         &config->max_append_entries);
    bind({.flag = "--pre-vote", .help = "PreVote before elections"},
         &config->pre_vote);
    bind({.flag = "--check-quorum",
          .help = "leaders step down without a live quorum; followers with a "
                  "leader ignore campaigns"},
         &config->check_quorum);
    bind({.flag = "--no-auto-propose",
          .help = "leaders do not propose the model's client command",
          .negated = true},
         &config->auto_propose);
    bind({.flag = "--no-auto-read",
          .help = "leaders do not start the model's ReadIndex read",
          .negated = true},
         &config->auto_read);
    bind({.flag = "--idle-heartbeats",
          .help = "heartbeat followers with nothing to learn"},
         &config->idle_heartbeats);
  }
  static raft::Config DefaultConfig() { return raft::ModelCheckingConfig(); }
  // One crash by default, so the default run can reach every sanity goal,
  // new-leader-after-crash included (--crashes 0 for none).
  static void DefaultCheckOptions(CheckOptions* options) {
    options->crashes = 1;
  }
  // K clients sending put/get requests replace the leaders' stand-in
  // proposal and read, and their history must be linearizable.
  static void Adapt(raft::Config* config, const CheckOptions& options) {
    if (options.requests > 0) {
      config->auto_propose = false;
      config->auto_read = false;
    }
  }
  // `stepwise check raft --ci`: small targeted models that together catch
  // the bugs one entry per node cannot show (no conflicting logs with
  // --max-log 1), each bounded so the whole portfolio fits five minutes on
  // two cores. The sizes come from the smallest models in which each
  // textbook bug shows (tools/bench/fuzz_sharpness.sh, docs/raft.md).
  static std::vector<CheckRun<raft::Raft>> Portfolio() {
    const raft::Config base = raft::ModelCheckingConfig();
    CheckOptions crash;
    crash.crashes = 1;
    crash.symmetry = true;

    raft::Config longer_logs = base;
    longer_logs.max_log_length = 2;
    longer_logs.auto_read = false;
    CheckOptions bounded;
    bounded.max_states = 6'000'000;

    raft::Config third_term = longer_logs;
    third_term.max_term = 3;
    third_term.auto_propose = false;
    CheckOptions third_term_options;
    third_term_options.max_states = 4'000'000;
    third_term_options.symmetry = true;

    raft::Config clients = base;
    clients.max_log_length = 2;
    clients.auto_propose = false;
    clients.auto_read = false;
    CheckOptions clients_options = bounded;
    clients_options.requests = 2;
    clients_options.symmetry = true;
    clients_options.max_states = 5'000'000;

    raft::Config guarded = base;
    guarded.pre_vote = true;
    guarded.check_quorum = true;
    CheckOptions guarded_options = bounded;
    guarded_options.crashes = 1;
    guarded_options.max_states = 4'000'000;

    raft::Config four = base;
    four.nodes = 4;
    CheckOptions four_options;
    four_options.max_states = 4'000'000;

    return {
        {"elections-crash",
         "the default model with one crash: votes, durability", base, crash},
        {"longer-logs", "two entries, no crash: conflicting logs", longer_logs,
         bounded},
        {"third-term", "three terms of two entries: Figure 8", third_term,
         third_term_options},
        {"clients", "two client requests: linearizable puts and reads", clients,
         clients_options},
        {"pre-vote-check-quorum", "PreVote and CheckQuorum with a crash",
         guarded, guarded_options},
        {"four-nodes", "a four-node cluster, one entry", four, four_options},
    };
  }
};

}  // namespace stepwise::core

#endif  // STEPWISE_CORE_RAFT_MANIFEST_H_
