// The runner's log lines: "<unix seconds>.<ms> node <id>: <text>" on stderr
// (`stepwise cluster` sends each node's stderr to its node.log).

#ifndef STEPWISE_TOOLS_RUNNER_LOG_H_
#define STEPWISE_TOOLS_RUNNER_LOG_H_

#include <cstdint>
#include <string>

namespace stepwise::runner {

void LogLine(uint32_t node_id, const std::string& text);

}  // namespace stepwise::runner

#endif  // STEPWISE_TOOLS_RUNNER_LOG_H_
