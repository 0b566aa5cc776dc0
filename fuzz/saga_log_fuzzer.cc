// libFuzzer target for the saga log: see saga_log_fuzzer.h.

#include "fuzz/saga_log_fuzzer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wire/saga_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const stepwise::wire::SagaLogRead read =
      stepwise::wire::ReadSagaLog("fuzz", bytes);
  if (read.good_bytes > size) std::abort();
  if (read.status.ok() != (read.good_bytes == size)) std::abort();
  if (read.records > 0) {
    if (!read.last.has_value()) std::abort();
    // The last intact record is canonical: its bytes end the good prefix.
    const std::string last = stepwise::wire::SagaLogRecord(*read.last);
    if (last.size() > read.good_bytes ||
        bytes.substr(read.good_bytes - last.size(), last.size()) != last) {
      std::abort();
    }
  }
  return 0;
}
