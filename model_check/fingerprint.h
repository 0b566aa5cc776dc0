// 64-bit fingerprints of encoded states.
//
// Deterministic across processes and machines (no per-process seed), so a
// visited set can be partitioned by fingerprint across processes. Never 0:
// the visited set uses 0 to mark an empty slot.

#ifndef STEPWISE_MODEL_CHECK_FINGERPRINT_H_
#define STEPWISE_MODEL_CHECK_FINGERPRINT_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace stepwise::mc {

inline uint64_t Mix64(uint64_t x) {
  // The splitmix64 finalizer: every input bit affects every output bit.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t Fingerprint(std::string_view bytes) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  uint64_t h = 0x6a09e667f3bcc909ULL ^ (bytes.size() * kMul);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = Mix64(h ^ word) * kMul;
  }
  if (i < bytes.size()) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, bytes.size() - i);
    h = Mix64(h ^ word ^ 0xff) * kMul;
  }
  h = Mix64(h);
  return h == 0 ? 1 : h;
}

}  // namespace stepwise::mc

#endif  // STEPWISE_MODEL_CHECK_FINGERPRINT_H_
