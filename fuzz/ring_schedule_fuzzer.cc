// libFuzzer target `fuzz_ring_schedule`: the input's bytes schedule a
// Ring cluster (see ring_schedule.h); findings become trace files (see
// schedule_fuzzer.h for the environment variables).

#include "fuzz/ring_schedule.h"

STEPWISE_SCHEDULE_FUZZER_WITH_STATES(stepwise::core::ring::ChangRoberts,
                                     stepwise::fuzz::RunRingSchedule,
                                     stepwise::fuzz::RingStateSummary)
