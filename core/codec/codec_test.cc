#include "core/codec/codec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "core/protocol.h"
#include "core/reflect.h"
#include "core/twopc/twopc.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace stepwise::core::codec {
namespace {

using ::testing::HasSubstr;
using twopc::TwoPhase;

STEPWISE_ENUM(Color, kRed, kGreen, kBlue);

struct Point {
  int32_t x = 0;
  int32_t y = 0;
  STEPWISE_FIELDS(Point, x, y)
};

struct Shape {
  std::string name;
  Color color = Color::kRed;
  std::vector<Point> points;
  std::optional<Point> center;
  std::variant<std::monostate, uint64_t, std::string> tag;
  std::array<bool, 2> flags{};
  STEPWISE_FIELDS(Shape, name, color, points, center, tag, flags)
};

struct Empty {
  STEPWISE_NO_FIELDS(Empty)
};

// A field that encodes to zero bytes although the struct is not empty.
struct Wrapper {
  std::monostate nothing;
  std::array<Empty, 2> pair;
  STEPWISE_FIELDS(Wrapper, nothing, pair)
};

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto byte = static_cast<uint8_t>(c);
    if (!out.empty()) out += ' ';
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xf];
  }
  return out;
}

// Frames raw body bytes with the format version.
std::string Framed(std::string_view body) {
  std::string out(1, static_cast<char>(kFormatVersion));
  out.append(body);
  return out;
}

template <typename T>
void ExpectRoundTrip(const T& value) {
  const std::string bytes = Encode(value);
  absl::StatusOr<T> decoded = Decode<T>(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status() << " for " << Hex(bytes);
  EXPECT_TRUE(*decoded == value) << Hex(bytes);
  EXPECT_EQ(Encode(*decoded), bytes);
  // The unframed body decodes the same way.
  std::string body;
  AppendBody(value, &body);
  EXPECT_EQ(Framed(body), bytes);
  absl::StatusOr<T> from_body = DecodeBody<T>(body);
  ASSERT_TRUE(from_body.ok()) << from_body.status();
  EXPECT_TRUE(*from_body == value);
}

// Decodes framed `bytes` as T and expects an InvalidArgument error whose
// message contains both `what` and "byte offset <offset>".
template <typename T>
void ExpectError(std::string_view bytes, std::string_view what, size_t offset,
                 Limits limits = {});

// String literals keep their embedded zero bytes.
template <typename T, size_t N>
void ExpectError(const char (&bytes)[N], std::string_view what, size_t offset,
                 Limits limits = {}) {
  ExpectError<T>(std::string_view(bytes, N - 1), what, offset, limits);
}

template <typename T>
void ExpectError(std::string_view bytes, std::string_view what, size_t offset,
                 Limits limits) {
  absl::StatusOr<T> decoded = Decode<T>(bytes, limits);
  ASSERT_FALSE(decoded.ok()) << "decoded " << Hex(bytes);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(decoded.status().message());
  EXPECT_THAT(message, HasSubstr(std::string(what))) << Hex(bytes);
  EXPECT_THAT(message, HasSubstr("byte offset " + std::to_string(offset)))
      << Hex(bytes);
}

// --- Round trips ------------------------------------------------------------

TEST(CodecRoundTrip, UnsignedEdges) {
  for (uint8_t v : {uint8_t{0}, uint8_t{1}, uint8_t{127}, uint8_t{128},
                    std::numeric_limits<uint8_t>::max()}) {
    ExpectRoundTrip(v);
  }
  for (uint16_t v : {uint16_t{0}, uint16_t{300}, uint16_t{16383},
                     uint16_t{16384}, std::numeric_limits<uint16_t>::max()}) {
    ExpectRoundTrip(v);
  }
  for (uint32_t v : {0u, 127u, 128u, (1u << 21) - 1, 1u << 21, 1u << 28,
                     std::numeric_limits<uint32_t>::max()}) {
    ExpectRoundTrip(v);
  }
  for (uint64_t v :
       {uint64_t{0}, uint64_t{1} << 35, uint64_t{1} << 56, uint64_t{1} << 63,
        std::numeric_limits<uint64_t>::max() - 1,
        std::numeric_limits<uint64_t>::max()}) {
    ExpectRoundTrip(v);
  }
}

template <typename T>
void SignedEdges() {
  using L = std::numeric_limits<T>;
  for (T v : {L::min(), static_cast<T>(L::min() + 1), T{-64}, T{-1}, T{0}, T{1},
              T{63}, T{64}, static_cast<T>(L::max() - 1), L::max()}) {
    ExpectRoundTrip(v);
  }
}

TEST(CodecRoundTrip, SignedEdges) {
  SignedEdges<int8_t>();
  SignedEdges<int16_t>();
  SignedEdges<int32_t>();
  SignedEdges<int64_t>();
}

TEST(CodecRoundTrip, BoolAndString) {
  ExpectRoundTrip(true);
  ExpectRoundTrip(false);
  ExpectRoundTrip(std::string());
  ExpectRoundTrip(std::string("hello"));
  ExpectRoundTrip(std::string("\0\x80\xff", 3));
  ExpectRoundTrip(std::string(300, 'x'));
  ExpectRoundTrip(std::monostate{});
}

TEST(CodecRoundTrip, Containers) {
  ExpectRoundTrip(std::vector<uint32_t>{});
  ExpectRoundTrip(std::vector<uint32_t>{1, 2, 300, 70000});
  ExpectRoundTrip(std::vector<std::string>{"", "a", "bc"});
  ExpectRoundTrip(std::vector<std::vector<int8_t>>{{}, {-1, 1}, {0}});
  ExpectRoundTrip(std::array<uint16_t, 3>{1, 2, 65535});
  ExpectRoundTrip(std::array<std::string, 0>{});
  ExpectRoundTrip(std::optional<uint32_t>());
  ExpectRoundTrip(std::optional<uint32_t>(0));
  ExpectRoundTrip(std::optional<std::string>("x"));
  ExpectRoundTrip(std::optional<std::optional<bool>>(std::optional<bool>()));
  using V = std::variant<std::monostate, uint64_t, std::string, bool>;
  ExpectRoundTrip(V());
  ExpectRoundTrip(V(uint64_t{1} << 40));
  ExpectRoundTrip(V(std::string("v")));
  ExpectRoundTrip(V(true));
  ExpectRoundTrip(std::tuple<>());
  ExpectRoundTrip(
      std::tuple<int8_t, uint64_t, std::string, bool>(-5, 1000, "t", true));
  using Generic =
      std::vector<std::optional<std::variant<uint64_t, std::string>>>;
  ExpectRoundTrip(
      Generic{std::nullopt, uint64_t{7}, std::string("s"), std::nullopt});
}

TEST(CodecRoundTrip, ReflectedStructsAndEnums) {
  ExpectRoundTrip(Color::kRed);
  ExpectRoundTrip(Color::kBlue);
  ExpectRoundTrip(Point{-3, 4});
  ExpectRoundTrip(Empty{});
  ExpectRoundTrip(Shape{});
  Shape shape;
  shape.name = "triangle";
  shape.color = Color::kGreen;
  shape.points = {{0, 0}, {1, 0}, {0, -1}};
  shape.center = Point{1, 1};
  shape.tag = std::string("t");
  shape.flags = {true, false};
  ExpectRoundTrip(shape);
  ExpectRoundTrip(std::vector<Shape>{shape, Shape{}, shape});
}

// Elements that encode to zero bytes: a count with nothing after it is the
// whole, canonical encoding and must decode.
TEST(CodecRoundTrip, ZeroByteElements) {
  ExpectRoundTrip(std::vector<std::monostate>(5));
  ExpectRoundTrip(std::vector<Empty>(3));
  ExpectRoundTrip(std::vector<std::tuple<>>(2));
  ExpectRoundTrip(std::vector<Wrapper>(4));
  ExpectRoundTrip(std::vector<std::array<std::monostate, 3>>(2));
  EXPECT_EQ(Hex(Encode(std::vector<Wrapper>(4))), "01 04");
}

// Plain enums (without STEPWISE_ENUM) are checked against their underlying
// type, including negative values of a signed one.
enum class Signed : int8_t {
  kMin = -128,
  kMinusOne = -1,
  kZero = 0,
  kMax = 127
};
enum class Wide : uint16_t { kZero = 0, kBig = 65535 };

TEST(CodecRoundTrip, PlainEnums) {
  ExpectRoundTrip(Signed::kMin);
  ExpectRoundTrip(Signed::kMinusOne);
  ExpectRoundTrip(Signed::kZero);
  ExpectRoundTrip(Signed::kMax);
  ExpectRoundTrip(Wide::kZero);
  ExpectRoundTrip(Wide::kBig);
  ExpectRoundTrip(static_cast<Wide>(300));
  ExpectError<Wide>("\x01\x80\x80\x04", "enum value out of range", 1);
  ExpectError<Signed>("\x01\x80\x01", "enum value out of range", 1);
}

TEST(CodecRoundTrip, TwoPhaseValues) {
  for (auto rm : {twopc::RmState::kWorking, twopc::RmState::kPrepared,
                  twopc::RmState::kCommitted, twopc::RmState::kAborted}) {
    for (auto tm : {twopc::TmState::kInit, twopc::TmState::kCommitted,
                    twopc::TmState::kAborted}) {
      ExpectRoundTrip(twopc::State{rm, tm, 0});
      ExpectRoundTrip(twopc::State{rm, tm, 0xfffffffeu});
    }
  }
  ExpectRoundTrip(twopc::Message(twopc::Prepared{}));
  ExpectRoundTrip(twopc::Message(twopc::Commit{}));
  ExpectRoundTrip(twopc::Message(twopc::Abort{}));
  ExpectRoundTrip(twopc::Config{});
  ExpectRoundTrip(twopc::Config{twopc::kMaxRms, twopc::Bug::kVolatilePrepare});
}

TEST(CodecRoundTrip, EventsAndEnvelopes) {
  using E = Event<TwoPhase>;
  ExpectRoundTrip(E(Start{}));
  ExpectRoundTrip(E(Receive<TwoPhase>{3, twopc::Commit{}}));
  ExpectRoundTrip(E(Receive<TwoPhase>{0xffffffffu, twopc::Abort{}}));
  ExpectRoundTrip(E(Timeout<TwoPhase>{twopc::Timer::kCommit}));
  ExpectRoundTrip(E(Request<TwoPhase>{1, 2, std::monostate{}}));
  ExpectRoundTrip(Envelope<TwoPhase>{0, 2, twopc::Prepared{}});
  ExpectRoundTrip(Envelope<TwoPhase>{31, 0, twopc::Abort{}});
  ExpectRoundTrip(std::vector<Envelope<TwoPhase>>{{0, 1, twopc::Commit{}},
                                                  {0, 2, twopc::Commit{}}});
}

// --- Exact bytes ------------------------------------------------------------

TEST(CodecBytes, Varints) {
  EXPECT_EQ(Hex(Encode(uint64_t{0})), "01 00");
  EXPECT_EQ(Hex(Encode(uint64_t{1})), "01 01");
  EXPECT_EQ(Hex(Encode(uint64_t{127})), "01 7f");
  EXPECT_EQ(Hex(Encode(uint64_t{128})), "01 80 01");
  EXPECT_EQ(Hex(Encode(uint64_t{300})), "01 ac 02");
  EXPECT_EQ(Hex(Encode(uint16_t{300})), "01 ac 02");
  EXPECT_EQ(Hex(Encode(std::numeric_limits<uint64_t>::max())),
            "01 ff ff ff ff ff ff ff ff ff 01");
}

TEST(CodecBytes, Zigzag) {
  EXPECT_EQ(Hex(Encode(int64_t{0})), "01 00");
  EXPECT_EQ(Hex(Encode(int64_t{-1})), "01 01");
  EXPECT_EQ(Hex(Encode(int64_t{1})), "01 02");
  EXPECT_EQ(Hex(Encode(int64_t{-2})), "01 03");
  EXPECT_EQ(Hex(Encode(int32_t{-64})), "01 7f");
  EXPECT_EQ(Hex(Encode(int32_t{64})), "01 80 01");
  EXPECT_EQ(Hex(Encode(int8_t{-128})), "01 ff 01");
  EXPECT_EQ(Hex(Encode(std::numeric_limits<int64_t>::max())),
            "01 fe ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(Hex(Encode(std::numeric_limits<int64_t>::min())),
            "01 ff ff ff ff ff ff ff ff ff 01");
}

TEST(CodecBytes, Composites) {
  EXPECT_EQ(Hex(Encode(true)), "01 01");
  EXPECT_EQ(Hex(Encode(std::string("hi"))), "01 02 68 69");
  EXPECT_EQ(Hex(Encode(std::vector<uint8_t>{1, 2})), "01 02 01 02");
  EXPECT_EQ(Hex(Encode(std::array<uint8_t, 2>{1, 2})), "01 01 02");
  EXPECT_EQ(Hex(Encode(std::optional<uint8_t>())), "01 00");
  EXPECT_EQ(Hex(Encode(std::optional<uint8_t>(5))), "01 01 05");
  EXPECT_EQ(Hex(Encode(std::variant<bool, std::string>("a"))), "01 01 01 61");
  EXPECT_EQ(Hex(Encode(Point{-1, 1})), "01 01 02");
  EXPECT_EQ(Hex(Encode(Color::kBlue)), "01 02");
  EXPECT_EQ(Hex(Encode(twopc::State{twopc::RmState::kPrepared,
                                    twopc::TmState::kAborted, 6})),
            "01 01 02 06");
  EXPECT_EQ(Hex(Encode(twopc::Message(twopc::Abort{}))), "01 02");
  EXPECT_EQ(Hex(Encode(Event<TwoPhase>(Receive<TwoPhase>{2, twopc::Commit{}}))),
            "01 01 02 01");
  EXPECT_EQ(Hex(Encode(Envelope<TwoPhase>{1, 0, twopc::Prepared{}})),
            "01 01 00 00");
  std::string body;
  AppendBody(uint64_t{300}, &body);
  EXPECT_EQ(Hex(body), "ac 02");
}

// --- Strict decoding --------------------------------------------------------

TEST(CodecErrors, EmptyAndUnknownVersion) {
  ExpectError<uint32_t>("", "truncated buffer", 0);
  ExpectError<uint32_t>("\x02\x05", "unknown format version 2", 0);
  ExpectError<uint32_t>(std::string("\x00\x05", 2), "unknown format version 0",
                        0);
}

TEST(CodecErrors, Truncated) {
  // The varint starts at offset 1 and has no final byte.
  ExpectError<uint64_t>("\x01\xac", "truncated varint", 1);
  ExpectError<uint64_t>("\x01", "truncated", 1);
  ExpectError<bool>("\x01", "truncated buffer", 1);
  // Point{x, y}: y is missing.
  ExpectError<Point>("\x01\x02", "truncated", 2);
  // A string of length 5 with only 2 bytes after its length prefix.
  ExpectError<std::string>(
      "\x01\x05"
      "ab",
      "only 2 bytes left", 1);
  // A vector of 3 non-empty elements with 2 bytes left.
  ExpectError<std::vector<uint8_t>>("\x01\x03\x01\x02", "truncated buffer", 1);
  // An optional that says "present" and then ends.
  ExpectError<std::optional<uint32_t>>("\x01\x01", "truncated", 2);
  // twopc::State with only two of its three fields.
  ExpectError<twopc::State>("\x01\x01\x01", "truncated", 3);
  // A Receive event without its message.
  ExpectError<Event<TwoPhase>>("\x01\x01\x02", "truncated", 3);
}

TEST(CodecErrors, TrailingBytes) {
  ExpectError<uint8_t>("\x01\x05\x06", "1 trailing bytes", 2);
  ExpectError<twopc::Message>("\x01\x00\x00\x00", "2 trailing bytes", 2);
  absl::StatusOr<uint8_t> body = DecodeBody<uint8_t>("\x05\x06");
  ASSERT_FALSE(body.ok());
  EXPECT_THAT(std::string(body.status().message()),
              HasSubstr("1 trailing bytes at byte offset 1"));
}

TEST(CodecErrors, UnknownVariantTag) {
  ExpectError<twopc::Message>("\x01\x03", "unknown variant tag 3", 1);
  ExpectError<Event<TwoPhase>>("\x01\x04", "unknown variant tag 4", 1);
  ExpectError<Envelope<TwoPhase>>("\x01\x00\x01\x07", "unknown variant tag 7",
                                  3);
  // Tag 300 (ac 02) in a two-byte varint.
  ExpectError<twopc::Message>("\x01\xac\x02", "unknown variant tag 300", 1);
}

TEST(CodecErrors, UnknownEnumValue) {
  ExpectError<Color>("\x01\x03", "unknown enum value", 1);
  ExpectError<twopc::Timer>("\x01\x04", "unknown enum value", 1);
  // twopc::State{rm, tm = 3 (out of range), prepared}.
  ExpectError<twopc::State>("\x01\x00\x03\x00", "unknown enum value", 2);
  ExpectError<twopc::Config>("\x01\x03\x05", "unknown enum value", 2);
}

TEST(CodecErrors, BoolAndOptionalBytes) {
  ExpectError<bool>("\x01\x02", "bool byte is not 0 or 1", 1);
  ExpectError<std::tuple<uint8_t, bool>>("\x01\x07\xff", "bool", 2);
  ExpectError<std::optional<bool>>("\x01\x02", "optional flag", 1);
}

TEST(CodecErrors, IntegerOutOfRange) {
  ExpectError<uint8_t>("\x01\x80\x02", "integer out of range", 1);
  ExpectError<uint32_t>("\x01\x80\x80\x80\x80\x10", "integer out of range", 1);
  // Zigzag 256 is +128: one more than int8_t holds.
  ExpectError<int8_t>("\x01\x80\x02", "integer out of range", 1);
  ExpectError<int8_t>("\x01\x81\x02", "integer out of range", 1);
}

TEST(CodecErrors, NonMinimalVarint) {
  ExpectError<uint64_t>("\x01\x80\x00", "non-minimal varint", 1);
  ExpectError<uint64_t>("\x01\x81\x80\x00", "non-minimal varint", 1);
  ExpectError<uint64_t>("\x01\x85\x00", "non-minimal varint", 1);
  // Also for lengths and tags.
  ExpectError<std::string>("\x01\x80\x00", "non-minimal varint", 1);
  ExpectError<twopc::Message>("\x01\x81\x00", "non-minimal varint", 1);
  ExpectError<twopc::State>("\x01\x00\x00\x80\x00", "non-minimal varint", 3);
}

TEST(CodecErrors, VarintOverflow) {
  // Ten bytes whose last carries more than bit 63.
  ExpectError<uint64_t>("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02",
                        "overflows 64 bits", 1);
  // Ten bytes with the continuation bit still set in the tenth.
  ExpectError<uint64_t>("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\x81\x00",
                        "overflows 64 bits", 1);
  ExpectError<uint64_t>("\x01\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
                        "overflows 64 bits", 1);
}

// 2^40 as a varint: 80 80 80 80 80 20.
constexpr std::string_view kTwoTo40 = "\x80\x80\x80\x80\x80\x20";

TEST(CodecErrors, LengthOverLimitFailsBeforeAllocating) {
  const std::string huge_vector = Framed(kTwoTo40);
  ExpectError<std::vector<uint64_t>>(
      huge_vector, "vector length 1099511627776 exceeds limit 1048576", 1);
  ExpectError<std::string>(huge_vector, "string length 1099511627776", 1);
  // Elements that encode to zero bytes are bounded by the limit alone.
  ExpectError<std::vector<std::monostate>>(huge_vector, "exceeds limit", 1);
  ExpectError<std::vector<Empty>>(huge_vector, "exceeds limit", 1);
  // Inside a struct the offset is the length's own.
  ExpectError<std::tuple<uint8_t, std::vector<Point>>>(
      Framed(std::string("\x07") + std::string(kTwoTo40)), "exceeds limit", 2);
  // A custom limit.
  ExpectError<std::string>(
      "\x01\x03"
      "abc",
      "string length 3 exceeds limit 2", 1, Limits{.max_length = 2});
  ExpectError<std::vector<uint8_t>>("\x01\x03\x01\x02\x03",
                                    "vector length 3 exceeds limit 2", 1,
                                    Limits{.max_length = 2});
}

TEST(CodecErrors, LengthOverRemainingFailsBeforeAllocating) {
  // With a limit that would allow 2^40 elements, the bytes left still bound
  // the count before anything is reserved.
  const Limits generous{.max_length = uint64_t{1} << 62};
  const std::string huge_vector = Framed(kTwoTo40);
  ExpectError<std::vector<uint64_t>>(huge_vector, "truncated buffer", 1,
                                     generous);
  ExpectError<std::string>(huge_vector, "truncated buffer", 1, generous);
  ExpectError<std::vector<std::vector<uint64_t>>>(
      huge_vector, "truncated buffer", 1, generous);
  ExpectError<std::vector<Point>>(huge_vector + std::string(2, '\0'),
                                  "only 2 bytes left", 1, generous);
}

// Records the largest single allocation made through it.
struct AllocationLog {
  static inline size_t largest = 0;
  static inline size_t count = 0;
  static void Reset() { largest = count = 0; }
};

template <typename T>
struct LoggingAllocator {
  using value_type = T;
  LoggingAllocator() = default;
  template <typename U>
  LoggingAllocator(const LoggingAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(size_t n) {
    AllocationLog::largest = std::max(AllocationLog::largest, n * sizeof(T));
    ++AllocationLog::count;
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) { std::allocator<T>().deallocate(p, n); }
  friend bool operator==(const LoggingAllocator&,
                         const LoggingAllocator&) = default;
};

TEST(CodecErrors, HugeCountAllocatesNothing) {
  using Logged = std::vector<uint64_t, LoggingAllocator<uint64_t>>;
  ExpectRoundTrip(Logged{1, 2, 3});
  for (const Limits limits : {Limits{}, Limits{.max_length = ~uint64_t{0}}}) {
    AllocationLog::Reset();
    EXPECT_FALSE(Decode<Logged>(Framed(kTwoTo40), limits).ok());
    EXPECT_EQ(AllocationLog::count, 0u);
  }
}

TEST(CodecErrors, ReservationIsCapped) {
  // Each element takes one byte on the wire but 4 KiB in memory: a count the
  // input could fill must still not reserve count * 4 KiB up front.
  using Big = std::variant<uint8_t, std::array<uint64_t, 512>>;
  using Logged = std::vector<Big, LoggingAllocator<Big>>;
  std::string bytes = Framed("\xe8\x07");  // 1000 elements
  bytes += std::string(2, '\0');           // two of them: tag 0, value 0
  bytes += std::string(998, '\x05');       // then unknown tags
  AllocationLog::Reset();
  absl::StatusOr<Logged> decoded = Decode<Logged>(bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(std::string(decoded.status().message()),
              HasSubstr("unknown variant tag 5 at byte offset 5"));
  EXPECT_GT(AllocationLog::count, 0u);
  EXPECT_LE(AllocationLog::largest, internal::kMaxReserveBytes + sizeof(Big));
}

TEST(CodecErrors, NestingDepth) {
  using Deep = std::vector<std::vector<std::vector<uint8_t>>>;
  const Deep value = {{{1}}};
  const std::string bytes = Encode(value);
  EXPECT_EQ(Hex(bytes), "01 01 01 01 01");
  EXPECT_TRUE(Decode<Deep>(bytes, Limits{.max_depth = 3}).ok());
  ExpectError<Deep>(bytes, "nesting too deep", 3, Limits{.max_depth = 2});
  ExpectError<Deep>(bytes, "nesting too deep", 1, Limits{.max_depth = 0});
  // Optional and variant count as nesting too.
  using Nested = std::optional<std::variant<std::optional<uint8_t>>>;
  const std::string nested = Encode(Nested(std::optional<uint8_t>(4)));
  EXPECT_EQ(Hex(nested), "01 01 00 01 04");
  EXPECT_TRUE(Decode<Nested>(nested, Limits{.max_depth = 3}).ok());
  ExpectError<Nested>(nested, "nesting too deep", 3, Limits{.max_depth = 2});
  // Siblings do not add up: depth is the deepest path, not the total.
  const Deep wide = {{{1}, {2}}, {{3}}, {}};
  EXPECT_TRUE(Decode<Deep>(Encode(wide), Limits{.max_depth = 3}).ok());
}

TEST(CodecErrors, FirstErrorWins) {
  Reader r("\x05");
  uint8_t byte = 0;
  EXPECT_FALSE(r.Fail("first"));
  EXPECT_FALSE(r.Byte(&byte));
  EXPECT_FALSE(r.Fail("second"));
  EXPECT_EQ(r.status().message(), "first at byte offset 0");
}

TEST(CodecErrors, EveryPrefixOfAValidEncodingFails) {
  Shape shape;
  shape.name = "abc";
  shape.points = {{1, 2}, {-300, 70000}};
  shape.center = Point{5, 6};
  shape.tag = std::string("xyz");
  const std::string bytes = Encode(shape);
  for (size_t n = 0; n < bytes.size(); ++n) {
    absl::StatusOr<Shape> decoded = Decode<Shape>(bytes.substr(0, n));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " bytes decoded";
    EXPECT_THAT(std::string(decoded.status().message()),
                HasSubstr("truncated"));
  }
}

}  // namespace
}  // namespace stepwise::core::codec
