#include "tools/runner/log.h"

#include <chrono>
#include <cstdio>

namespace stepwise::runner {

void LogLine(uint32_t id, const std::string& line) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  std::fprintf(stderr, "%lld.%03lld node %u: %s\n",
               static_cast<long long>(millis / 1000),
               static_cast<long long>(millis % 1000), id, line.c_str());
}

}  // namespace stepwise::runner
