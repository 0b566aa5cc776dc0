// libFuzzer target fuzz_frame: the peer frame decoder, and the hello, refusal
// and Raft message decoders on each frame. See runner_wire.h.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz/runner_wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const stepwise::fuzz::WireCheck check = stepwise::fuzz::CheckFrameInput(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!check.failure.empty()) {
    std::fprintf(stderr, "fuzz_frame: %s\n", check.failure.c_str());
    __builtin_trap();
  }
  return 0;
}
