// Deterministic 64-bit hashing for placing keys and nodes: the same bytes
// give the same hash on every platform, build and run (std::hash promises
// none of that, and Abseil's hash is salted per process).
//
// Mix64 is a bijection on 64-bit words (xor-shifts and multiplications by
// odd constants, each invertible) that spreads every input bit over the
// output: hash_test.cc checks that flipping one input bit flips about half
// of the output bits. HashString feeds 8-byte little-endian words through
// it. Not a cryptographic hash: an adversary choosing keys can choose
// collisions.
//
// Thread-safety: pure functions.

#ifndef STEPWISE_CORE_HASHRING_HASH_H_
#define STEPWISE_CORE_HASHRING_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stepwise::core::hashring {

// Odd constants picked at random for this file (odd: invertible mod 2^64).
inline constexpr uint64_t kMixA = 0xc0dbebbed4125199;
inline constexpr uint64_t kMixB = 0x7ba2e4568feaaa6b;
inline constexpr uint64_t kLengthMix = 0x27cd635af5b98c87;

constexpr uint64_t Mix64(uint64_t x) {
  x ^= x >> 31;
  x *= kMixA;
  x ^= x >> 29;
  x *= kMixB;
  x ^= x >> 32;
  return x;
}

// The hash of `bytes` under `seed` (different seeds give unrelated hashes).
constexpr uint64_t HashString(std::string_view bytes, uint64_t seed = 0) {
  uint64_t h = Mix64(seed ^ (uint64_t{bytes.size()} * kLengthMix));
  size_t i = 0;
  // Whole words, assembled byte by byte: the same on any endianness.
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word = 0;
    for (size_t b = 0; b < 8; ++b) {
      word |= uint64_t{static_cast<unsigned char>(bytes[i + b])} << (8 * b);
    }
    h = Mix64(h ^ word);
  }
  // The tail (0 to 7 bytes); the length, mixed in first, tells "a" from
  // "a\0".
  uint64_t tail = 0;
  for (size_t b = 0; i + b < bytes.size(); ++b) {
    tail |= uint64_t{static_cast<unsigned char>(bytes[i + b])} << (8 * b);
  }
  return Mix64(h ^ tail ^ kMixB);
}

}  // namespace stepwise::core::hashring

#endif  // STEPWISE_CORE_HASHRING_HASH_H_
