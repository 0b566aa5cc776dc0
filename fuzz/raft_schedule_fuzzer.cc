// libFuzzer target `fuzz_raft_schedule`: the input's bytes schedule a Raft
// cluster (see raft_schedule.h); findings become trace files (see
// schedule_fuzzer.h for the environment variables). Raft's bugs need 15 or
// more well-chosen steps, so the fuzzer also gets state feedback.

#include "fuzz/raft_schedule.h"

STEPWISE_SCHEDULE_FUZZER_WITH_STATES(stepwise::core::raft::Raft,
                                     stepwise::fuzz::RunRaftSchedule,
                                     stepwise::fuzz::RaftStateSummary)
