// The libFuzzer main of every schedule fuzzer: CMake compiles it once per
// protocol of the list that has a ScheduleShape (fuzz/<name>_schedule.h),
// as fuzz_<name>_schedule, with STEPWISE_PROTOCOL_NAME set to the
// protocol's CLI name. The input's bytes schedule a cluster; findings become
// trace files (see schedule_fuzzer.h for the environment variables).

#include "core/protocols.h"
#include "fuzz/schedule_shapes.h"

#ifndef STEPWISE_PROTOCOL_NAME
#error "STEPWISE_PROTOCOL_NAME must name a protocol of core/protocols.h"
#endif

namespace {

constexpr auto kProtocolIndex =
    stepwise::core::Protocols::IndexOfName(STEPWISE_PROTOCOL_NAME);
static_assert(kProtocolIndex.has_value(),
              "STEPWISE_PROTOCOL_NAME is not in core/protocols.h");
using Protocol = stepwise::core::Protocols::At<*kProtocolIndex>;
static_assert(stepwise::fuzz::HasScheduleShape<Protocol>,
              "the protocol declares no ScheduleShape");

}  // namespace

STEPWISE_LISTED_SCHEDULE_FUZZER(Protocol)
