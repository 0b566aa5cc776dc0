// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of the
// write-ahead log's records, plus the masking the WAL stores it under.
//
// A portable byte-at-a-time table: the WAL checksums each record once before
// an fdatasync that costs far more, so a hardware (SSE4.2) path is not worth
// its platform checks yet.
//
// Thread-safety: pure functions over a constant table.

#ifndef STEPWISE_WIRE_CRC32C_H_
#define STEPWISE_WIRE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace stepwise::wire {

// The CRC-32C of `data` appended to bytes whose CRC-32C is `crc`, so that
// ExtendCrc32c(Crc32c(a), b) == Crc32c(a + b).
uint32_t ExtendCrc32c(uint32_t crc, std::string_view data);

inline uint32_t Crc32c(std::string_view data) { return ExtendCrc32c(0, data); }

// What the WAL stores instead of the raw CRC. Computing a CRC over bytes that
// end with their own CRC gives a constant (the CRC's residue), so a record
// that holds another record (a WAL segment stored as a value, a record copied
// into a payload) would otherwise carry checksums that "verify" in the wrong
// place. Rotating and offsetting breaks that algebra at no cost.
inline uint32_t MaskCrc32c(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0x9e3779b9u;
}
inline uint32_t UnmaskCrc32c(uint32_t masked) {
  const uint32_t rotated = masked - 0x9e3779b9u;
  return (rotated << 15) | (rotated >> 17);
}

}  // namespace stepwise::wire

#endif  // STEPWISE_WIRE_CRC32C_H_
