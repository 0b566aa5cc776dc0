// The libFuzzer main of every schedule fuzzer: CMake compiles it once per
// protocol of the list that has a ScheduleShape (fuzz/<name>_schedule.h),
// as fuzz_<name>_schedule, with STEPWISE_PROTOCOL_NAME set to the
// protocol's CLI name and STEPWISE_SCHEDULE_SHAPE to its shape's header
// (only that protocol's schedule library is linked). The input's bytes
// schedule a cluster; findings become trace files (see schedule_fuzzer.h for
// the environment variables).

#ifndef STEPWISE_PROTOCOL_NAME
#error "STEPWISE_PROTOCOL_NAME must name a protocol of core/protocols.h"
#endif
#ifndef STEPWISE_SCHEDULE_SHAPE
#error "STEPWISE_SCHEDULE_SHAPE must name the protocol's fuzz/<name>_schedule.h"
#endif

#include "core/protocols.h"
#include STEPWISE_SCHEDULE_SHAPE

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
