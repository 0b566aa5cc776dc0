// The Z3 catalog agrees with the protocol list: every model belongs to a
// listed protocol and names its bugs as that protocol's --bug does.

#include "spec/catalog.h"

#include <set>
#include <string>

#include "core/protocols.h"
#include "gtest/gtest.h"

namespace stepwise::spec {
namespace {

// Bugs a model has of its own (tests of the model itself), not the core's.
const std::set<std::string> kModelOnlyBugs = {"double-vote"};

TEST(CatalogTest, EveryModelIsAListedProtocolWithItsBugNames) {
  ASSERT_FALSE(Specs().empty());
  for (const SpecEntry& entry : Specs()) {
    SCOPED_TRACE(entry.protocol);
    bool listed = core::Protocols::WithName(entry.protocol, [&]<typename P>() {
      EXPECT_EQ(entry.bugs.front(), "none");
      for (const std::string& bug : entry.bugs) {
        if (kModelOnlyBugs.count(bug) != 0) continue;
        EXPECT_TRUE(core::EnumFromKebab<typename P::Bug>(bug).has_value())
            << bug;
      }
      for (const std::string& bug : entry.finite_only_bugs) {
        EXPECT_TRUE(core::EnumFromKebab<typename P::Bug>(bug).has_value())
            << bug;
      }
    });
    EXPECT_TRUE(listed) << "not in core/protocols.h";
  }
}

}  // namespace
}  // namespace stepwise::spec
