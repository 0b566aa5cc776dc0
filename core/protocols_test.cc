#include "core/protocols.h"

#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"

namespace stepwise::core {
namespace {

// Records what a manifest's BindOptions declares.
struct RecordingBinder {
  template <typename T>
  void operator()(const ConfigOption& option, T* field) {
    options.push_back(option);
    fields.push_back(static_cast<const void*>(field));
  }
  std::vector<ConfigOption> options;
  std::vector<const void*> fields;
};

// Flags every protocol's check command has already (tools/stepwise).
const std::set<std::string>& SharedFlags() {
  static const std::set<std::string> flags = {"--bug",
                                              "--network",
                                              "--crashes",
                                              "--crash-stop",
                                              "--only",
                                              "--drops",
                                              "--partitions",
                                              "--requests",
                                              "--mode",
                                              "--liveness",
                                              "--synchronous-timers",
                                              "--symmetry",
                                              "--threads",
                                              "--memory",
                                              "--max-states",
                                              "--seed",
                                              "--walks",
                                              "--depth",
                                              "--progress",
                                              "--trace-out",
                                              "--stats-json",
                                              "--list"};
  return flags;
}

TEST(ProtocolsTest, NamesAreUniqueAndInListOrder) {
  std::vector<std::string> names;
  Protocols::ForEach([&]<typename P>() { names.emplace_back(P::kName); });
  ASSERT_EQ(names.size(), Protocols::kSize);
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(names[i], Protocols::kNames[i]);
    EXPECT_EQ(Protocols::IndexOfName(names[i]), i);
  }
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(),
            names.size());
  EXPECT_FALSE(Protocols::IndexOfName("nosuch").has_value());
}

TEST(ProtocolsTest, WithNameFindsEachProtocolAndOnlyIt) {
  for (std::string_view name : Protocols::kNames) {
    int calls = 0;
    std::string_view seen;
    EXPECT_TRUE(Protocols::WithName(name, [&]<typename P>() {
      ++calls;
      seen = P::kName;
    }));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(seen, name);
  }
  EXPECT_FALSE(Protocols::WithName("nosuch", []<typename P>() {}));
}

TEST(ProtocolsTest, EveryBugHasHelpAndAKebabNameThatParsesBack) {
  Protocols::ForEach([]<typename P>() {
    SCOPED_TRACE(std::string(P::kName));
    using Bug = typename P::Bug;
    ASSERT_EQ(Manifest<P>::kBugHelp.size(), EnumSize(Bug{}));
    EXPECT_EQ(BugHelp<P>(Bug::kNone), "");
    for (size_t i = 1; i < EnumSize(Bug{}); ++i) {
      const auto bug = static_cast<Bug>(i);
      EXPECT_FALSE(BugHelp<P>(bug).empty()) << EnumName(bug);
      EXPECT_EQ(EnumFromKebab<Bug>(KebabName(EnumName(bug))), bug);
    }
    EXPECT_EQ(EnumFromKebab<Bug>("none"), Bug::kNone);
    EXPECT_FALSE(EnumFromKebab<Bug>("no-such-bug").has_value());
  });
}

TEST(ProtocolsTest, OptionsAreWellFormedAndDistinctFromTheSharedOnes) {
  Protocols::ForEach([]<typename P>() {
    SCOPED_TRACE(std::string(P::kName));
    auto config = DefaultConfig<P>();
    RecordingBinder binder;
    Manifest<P>::BindOptions(binder, &config);
    EXPECT_FALSE(binder.options.empty());
    std::set<std::string> flags;
    std::set<const void*> fields;
    for (size_t i = 0; i < binder.options.size(); ++i) {
      const ConfigOption& option = binder.options[i];
      const std::string flag(option.flag);
      EXPECT_EQ(flag.rfind("--", 0), 0u) << flag;
      EXPECT_FALSE(option.help.empty()) << flag;
      EXPECT_LE(option.min, option.max) << flag;
      EXPECT_TRUE(flags.insert(flag).second) << "repeated " << flag;
      EXPECT_EQ(SharedFlags().count(flag), 0u) << flag << " is shared";
      EXPECT_TRUE(fields.insert(binder.fields[i]).second)
          << flag << " binds a field another option binds";
      // A bound field lies inside the configuration it configures.
      const auto* begin = reinterpret_cast<const char*>(&config);
      const auto* at = static_cast<const char*>(binder.fields[i]);
      EXPECT_TRUE(at >= begin && at < begin + sizeof(config)) << flag;
    }
  });
}

TEST(ProtocolsTest, DefaultConfigurationsAreRunnable) {
  Protocols::ForEach([]<typename P>() {
    EXPECT_EQ(ValidateConfig<P>(DefaultConfig<P>()), "") << P::kName;
  });
}

TEST(ProtocolsTest, PortfolioRunsAreNamedRunnableAndBugFree) {
  Protocols::ForEach([]<typename P>() {
    SCOPED_TRACE(std::string(P::kName));
    const auto runs = Portfolio<P>();
    EXPECT_FALSE(runs.empty());
    std::set<std::string> names;
    for (const CheckRun<P>& run : runs) {
      EXPECT_TRUE(names.insert(run.name).second) << run.name;
      EXPECT_FALSE(run.purpose.empty()) << run.name;
      EXPECT_EQ(ValidateConfig<P>(run.config), "") << run.name;
      // The command line's --bug is what switches a bug on.
      EXPECT_EQ(run.config.bug, typename P::Bug{}) << run.name;
      EXPECT_EQ(run.options.max_seconds, 0) << run.name;
    }
  });
}

TEST(ProtocolsTest, RaftDeclaresItsCheckDefaults) {
  EXPECT_EQ(DefaultCheckOptions<raft::Raft>().crashes, 1);
  EXPECT_EQ(DefaultCheckOptions<twopc::TwoPhase>().crashes, 0);
  raft::Config config = DefaultConfig<raft::Raft>();
  config.auto_propose = config.auto_read = true;
  CheckOptions options;
  options.requests = 2;
  AdaptConfig<raft::Raft>(&config, options);
  EXPECT_FALSE(config.auto_propose);
  EXPECT_FALSE(config.auto_read);
}

TEST(ProtocolsTest, ValidateRejectsWhatTheProtocolRejects) {
  ring::Config ring;
  ring.ids = {1, 1, 2};
  EXPECT_NE(ValidateConfig<ring::ChangRoberts>(ring), "");
}

TEST(KebabNameTest, SpellsEnumValuesAsTheCommandLineDoes) {
  EXPECT_EQ(KebabName("kMajorityCommit"), "majority-commit");
  EXPECT_EQ(KebabName("kNone"), "none");
  EXPECT_EQ(KebabName("kBfs"), "bfs");
  EXPECT_EQ(KebabName("plain"), "plain");
  EXPECT_EQ(KebabName("k"), "k");
  EXPECT_EQ(KebabNames<Network>().front(), "reliable");
  EXPECT_EQ(EnumFromKebab<Network>("monotone"), Network::kMonotone);
  EXPECT_FALSE(EnumFromKebab<Network>("Monotone").has_value());
}

}  // namespace
}  // namespace stepwise::core
