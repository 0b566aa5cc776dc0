// libFuzzer target fuzz_resp: the RESP request and reply parsers on arbitrary
// bytes in arbitrary chunks. See runner_wire.h.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz/runner_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const stepwise::fuzz::WireCheck check = stepwise::fuzz::CheckRespInput(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!check.failure.empty()) {
    std::fprintf(stderr, "fuzz_resp: %s\n", check.failure.c_str());
    __builtin_trap();
  }
  return 0;
}
