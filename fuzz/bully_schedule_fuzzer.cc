// libFuzzer target `fuzz_bully_schedule`: the input's bytes schedule a
// Bully cluster (see bully_schedule.h); findings become trace files (see
// schedule_fuzzer.h for the environment variables).

#include "fuzz/bully_schedule.h"

STEPWISE_SCHEDULE_FUZZER_WITH_STATES(stepwise::core::bully::Bully,
                                     stepwise::fuzz::RunBullySchedule,
                                     stepwise::fuzz::BullyStateSummary)
