// libFuzzer target `fuzz_twopc_schedule`: the input's bytes schedule a
// two-phase commit cluster (see twopc_schedule.h); findings become trace
// files (see schedule_fuzzer.h for the environment variables).

#include "fuzz/twopc_schedule.h"

STEPWISE_SCHEDULE_FUZZER(stepwise::core::twopc::TwoPhase,
                         stepwise::fuzz::RunTwoPcSchedule)
