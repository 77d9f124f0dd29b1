// The reason codes are a stored contract: unique numbers and names, each documented in the README
// table with its number.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "src/parse/record.hpp"

namespace nayose::parse {
namespace {

TEST(ReasonCodes, AreUniqueNamedAndDescribed) {
  std::set<std::string_view> names;
  std::set<int> numbers;
  for (const Reason r : all_reasons()) {
    EXPECT_TRUE(names.insert(reason_name(r)).second) << reason_name(r);
    EXPECT_TRUE(numbers.insert(static_cast<int>(r)).second);
    EXPECT_NE(reason_name(r), "unknown");
    EXPECT_GT(reason_description(r).size(), 10U);
  }
  EXPECT_EQ(reason_name(Reason::none), "none");
  EXPECT_EQ(reason_name(static_cast<Reason>(999)), "unknown");
}

TEST(ReasonCodes, EveryCodeIsInTheReadmeTable) {
  std::ifstream in(std::string(NAYOSE_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  for (const Reason r : all_reasons()) {
    const std::string row = "| " + std::to_string(static_cast<int>(r)) + " | `" + std::string(reason_name(r)) + "` |";
    EXPECT_NE(readme.find(row), std::string::npos) << "README has no row " << row;
  }
}

}  // namespace
}  // namespace nayose::parse
