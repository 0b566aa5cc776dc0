#include "core/reflect.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/hash/hash_testing.h"
#include "core/twopc/twopc.h"
#include "gtest/gtest.h"

namespace stepwise::core {
namespace {

STEPWISE_ENUM(Fruit, kApple, kBanana, kCherry);
STEPWISE_ENUM(Single, kOnly);
STEPWISE_ENUM(Trailing, kFirst, kSecond, );
STEPWISE_ENUM(Commented,
              kA,  // a comment between names
              /* another */ kB, kC);

struct Vote {
  uint64_t term = 0;
  bool granted = false;
  std::string voter;
  STEPWISE_FIELDS(Vote, term, granted, voter)
};

struct Nested {
  Vote vote;
  std::vector<uint32_t> ids;
  Fruit fruit = Fruit::kApple;
  STEPWISE_FIELDS(Nested, vote, ids, fruit)
};

struct Nothing {
  STEPWISE_NO_FIELDS(Nothing)
};

struct NotReflected {
  int x = 0;
};

// --- Name lists -------------------------------------------------------------

static_assert(CountNames("") == 0);
static_assert(CountNames("a") == 1);
static_assert(CountNames("a, b") == 2);
static_assert(CountNames("a,b,c") == 3);
static_assert(CountNames("a, b,") == 2);
static_assert(CountNames("a, b, ") == 2);
static_assert(NthName("a, b", 0) == "a");
static_assert(NthName("a, b", 1) == "b");
static_assert(NthName("a, b", 2) == "?");
static_assert(NthName("", 0) == "?");

TEST(ReflectNames, CountNames) {
  EXPECT_EQ(CountNames(""), 0u);
  EXPECT_EQ(CountNames("x"), 1u);
  EXPECT_EQ(CountNames("term, granted, voter"), 3u);
  EXPECT_EQ(CountNames("a,b"), 2u);
  EXPECT_EQ(CountNames("a, b,"), 2u);
}

TEST(ReflectNames, NthNameTrimsWhitespace) {
  constexpr std::string_view kNames = "term,  granted ,\nvoter\n";
  EXPECT_EQ(NthName(kNames, 0), "term");
  EXPECT_EQ(NthName(kNames, 1), "granted");
  EXPECT_EQ(NthName(kNames, 2), "voter");
}

TEST(ReflectNames, NthNameOutOfRange) {
  EXPECT_EQ(NthName("a, b", 2), "?");
  EXPECT_EQ(NthName("a, b", 100), "?");
  EXPECT_EQ(NthName("", 0), "?");
  EXPECT_EQ(NthName("a, b,", 2), "?");
}

// --- STEPWISE_FIELDS --------------------------------------------------------

static_assert(Reflected<Vote>);
static_assert(Reflected<Nested>);
static_assert(Reflected<Nothing>);
static_assert(!Reflected<NotReflected>);
static_assert(!Reflected<int>);
static_assert(
    std::tuple_size_v<decltype(std::declval<const Vote&>().fields())> == 3);
static_assert(Vote::field_names() == "term, granted, voter");
static_assert(CountNames(Nothing::field_names()) == 0);

TEST(ReflectFields, FieldNames) {
  EXPECT_EQ(Vote::field_names(), "term, granted, voter");
  EXPECT_EQ(CountNames(Vote::field_names()), 3u);
  EXPECT_EQ(NthName(Nested::field_names(), 1), "ids");
  EXPECT_EQ(Nothing::field_names(), "");
  EXPECT_EQ(twopc::State::field_names(), "rm, tm, prepared");
}

TEST(ReflectFields, ConstFieldsAreReferencesToMembers) {
  const Vote vote{7, true, "n1"};
  auto fields = vote.fields();
  static_assert(
      std::is_same_v<decltype(fields), std::tuple<const uint64_t&, const bool&,
                                                  const std::string&>>);
  EXPECT_EQ(&std::get<0>(fields), &vote.term);
  EXPECT_EQ(std::get<0>(fields), 7u);
  EXPECT_TRUE(std::get<1>(fields));
  EXPECT_EQ(std::get<2>(fields), "n1");
}

TEST(ReflectFields, MutableFieldsWriteThrough) {
  Vote vote;
  auto fields = vote.fields();
  static_assert(std::is_same_v<decltype(fields),
                               std::tuple<uint64_t&, bool&, std::string&>>);
  std::get<0>(fields) = 9;
  std::get<1>(fields) = true;
  std::get<2>(fields) = "n2";
  EXPECT_EQ(vote, (Vote{9, true, "n2"}));
  // Assigning a whole tuple works too (this is how a decoder fills values).
  vote.fields() = std::make_tuple(uint64_t{1}, false, std::string("x"));
  EXPECT_EQ(vote, (Vote{1, false, "x"}));
}

TEST(ReflectFields, NoFields) {
  Nothing nothing;
  EXPECT_EQ(std::tuple_size_v<decltype(nothing.fields())>, 0u);
  EXPECT_EQ(nothing, Nothing{});
}

TEST(ReflectFields, Equality) {
  const Vote a{3, true, "n1"};
  EXPECT_EQ(a, (Vote{3, true, "n1"}));
  EXPECT_NE(a, (Vote{4, true, "n1"}));
  EXPECT_NE(a, (Vote{3, false, "n1"}));
  EXPECT_NE(a, (Vote{3, true, "n2"}));
  const Nested n{a, {1, 2}, Fruit::kCherry};
  EXPECT_EQ(n, (Nested{a, {1, 2}, Fruit::kCherry}));
  EXPECT_NE(n, (Nested{a, {1, 2}, Fruit::kBanana}));
  EXPECT_NE(n, (Nested{a, {1}, Fruit::kCherry}));
}

TEST(ReflectFields, HashAgreesWithEquality) {
  const Vote a{3, true, "n1"};
  const Vote b{3, true, "n1"};
  EXPECT_EQ(absl::HashOf(a), absl::HashOf(b));
  EXPECT_EQ(absl::Hash<Vote>()(a), absl::Hash<Vote>()(b));
  // Hashing a struct is hashing its fields.
  EXPECT_EQ(absl::HashOf(a), absl::HashOf(std::make_tuple(uint64_t{3}, true,
                                                          std::string("n1"))));
  EXPECT_NE(absl::HashOf(a), absl::HashOf(Vote{4, true, "n1"}));
  EXPECT_EQ(absl::HashOf(Nothing{}), absl::HashOf(Nothing{}));
}

TEST(ReflectFields, HashIsCorrectByAbslHashTesting) {
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly({
      Vote{},
      Vote{1, false, ""},
      Vote{0, true, ""},
      Vote{0, false, "a"},
      Vote{1, true, "ab"},
      Vote{1 << 20, true, "ab"},
  }));
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly({
      Nested{},
      Nested{{}, {1}, Fruit::kApple},
      Nested{{}, {1, 2}, Fruit::kApple},
      Nested{{2, false, ""}, {}, Fruit::kApple},
      Nested{{}, {}, Fruit::kBanana},
  }));
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly({
      twopc::State{},
      twopc::State{twopc::RmState::kPrepared, twopc::TmState::kInit, 0},
      twopc::State{twopc::RmState::kWorking, twopc::TmState::kAborted, 0},
      twopc::State{twopc::RmState::kWorking, twopc::TmState::kInit, 6},
  }));
}

// --- STEPWISE_ENUM ----------------------------------------------------------

static_assert(ReflectedEnum<Fruit>);
static_assert(ReflectedEnum<twopc::Timer>);
static_assert(!ReflectedEnum<int>);
static_assert(std::is_same_v<std::underlying_type_t<Fruit>, uint8_t>);
static_assert(EnumSize(Fruit{}) == 3);
static_assert(EnumName(Fruit::kBanana) == "kBanana");

TEST(ReflectEnum, SizeAndNames) {
  EXPECT_EQ(EnumSize(Fruit{}), 3u);
  EXPECT_EQ(EnumName(Fruit::kApple), "kApple");
  EXPECT_EQ(EnumName(Fruit::kBanana), "kBanana");
  EXPECT_EQ(EnumName(Fruit::kCherry), "kCherry");
  EXPECT_EQ(EnumSize(Single{}), 1u);
  EXPECT_EQ(EnumName(Single::kOnly), "kOnly");
}

TEST(ReflectEnum, ValuesAreDeclarationOrder) {
  EXPECT_EQ(static_cast<int>(Fruit::kApple), 0);
  EXPECT_EQ(static_cast<int>(Fruit::kCherry), 2);
  for (size_t i = 0; i < EnumSize(Fruit{}); ++i) {
    EXPECT_NE(EnumName(static_cast<Fruit>(i)), "?") << i;
  }
}

TEST(ReflectEnum, OutOfRangeIsQuestionMark) {
  EXPECT_EQ(EnumName(static_cast<Fruit>(3)), "?");
  EXPECT_EQ(EnumName(static_cast<Fruit>(255)), "?");
}

TEST(ReflectEnum, TrailingCommaAndComments) {
  EXPECT_EQ(EnumSize(Trailing{}), 2u);
  EXPECT_EQ(EnumName(Trailing::kSecond), "kSecond");
  EXPECT_EQ(EnumName(static_cast<Trailing>(2)), "?");
  EXPECT_EQ(EnumSize(Commented{}), 3u);
  EXPECT_EQ(EnumName(Commented::kA), "kA");
  EXPECT_EQ(EnumName(Commented::kB), "kB");
  EXPECT_EQ(EnumName(Commented::kC), "kC");
}

TEST(ReflectEnum, TwoPhaseEnums) {
  EXPECT_EQ(EnumSize(twopc::Bug{}), 5u);
  EXPECT_EQ(EnumName(twopc::Bug::kVolatilePrepare), "kVolatilePrepare");
  EXPECT_EQ(EnumSize(twopc::RmState{}), 4u);
  EXPECT_EQ(EnumSize(twopc::TmState{}), 3u);
  EXPECT_EQ(EnumSize(twopc::Timer{}), 4u);
  EXPECT_EQ(EnumName(twopc::Timer::kGiveUp), "kGiveUp");
}

}  // namespace
}  // namespace stepwise::core
