#include "wire/crc32c.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace stepwise::wire {
namespace {

// Bit-reversed 0x1EDC6F41: the table drives a right-shifting (LSB-first) CRC,
// which is how CRC-32C is defined (iSCSI, ext4, SSE4.2's crc32 instruction).
constexpr uint32_t kReflectedPolynomial = 0x82F63B78u;

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) ? (crc >> 1) ^ kReflectedPolynomial : crc >> 1;
    }
    table[byte] = crc;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = MakeTable();

}  // namespace

uint32_t ExtendCrc32c(uint32_t crc, std::string_view data) {
  // The standard pre- and post-inversion, undone and redone here so that
  // extending a finished CRC continues it.
  uint32_t state = ~crc;
  for (const char c : data) {
    state = kTable[(state ^ static_cast<uint8_t>(c)) & 0xff] ^ (state >> 8);
  }
  return ~state;
}

}  // namespace stepwise::wire
