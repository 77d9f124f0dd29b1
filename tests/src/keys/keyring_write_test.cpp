#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <regex>
#include <string>
#include <vector>

#include "src/common/error.hpp"
#include "src/keys/keyring.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::file_mode;
using test_support::message_of;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

class KeyringWriteTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(KeyringWriteTest, RoundTrip) {
  const auto path = dir_ / "keys";
  write_new_keyring(path, kStandardKeyNames);
  EXPECT_EQ(file_mode(path), 0600u);
  EXPECT_TRUE(check_key_file_permissions(path).ok);

  const Keyring ring = Keyring::load(path);
  EXPECT_EQ(ring.names(), (std::vector<std::string>{"lineage", "research-id", "provision"}));
  for (const auto name : kStandardKeyNames) EXPECT_EQ(ring.key(name).size(), kKeySize) << name;
  // Distinct keys for distinct purposes.
  EXPECT_FALSE(constant_time_equal(ring.key(kLineageKeyName).view(), ring.key(kResearchIdKeyName).view()));
  EXPECT_FALSE(constant_time_equal(ring.key(kLineageKeyName).view(), ring.key(kProvisionKeyName).view()));
}

TEST_F(KeyringWriteTest, TwoKeyringsDiffer) {
  write_new_keyring(dir_ / "a", kStandardKeyNames);
  write_new_keyring(dir_ / "b", kStandardKeyNames);
  const Keyring a = Keyring::load(dir_ / "a");
  const Keyring b = Keyring::load(dir_ / "b");
  for (const auto name : kStandardKeyNames) {
    EXPECT_FALSE(constant_time_equal(a.key(name).view(), b.key(name).view())) << name;
  }
}

TEST_F(KeyringWriteTest, FileFollowsTheDocumentedFormat) {
  const auto path = dir_ / "keys";
  const std::vector<std::string_view> names{"lineage", "extra.key-1"};
  write_new_keyring(path, names);
  const std::string text = read_file(path);
  EXPECT_TRUE(text.starts_with("nayose-keyring v1\n")) << text.substr(0, 40);
  EXPECT_TRUE(std::regex_search(text, std::regex("\nlineage [0-9a-f]{64}\n")));
  EXPECT_TRUE(std::regex_search(text, std::regex("\nextra\\.key-1 [0-9a-f]{64}\n$")));
  EXPECT_EQ(Keyring::load(path).names(), (std::vector<std::string>{"lineage", "extra.key-1"}));
}

TEST_F(KeyringWriteTest, Mode0600WhateverTheUmask) {
  const ::mode_t old_umask = ::umask(0277);  // would leave 0400
  write_new_keyring(dir_ / "narrow", kStandardKeyNames);
  ::umask(0);  // would leave 0600 anyway; checks nothing widens it
  write_new_keyring(dir_ / "open", kStandardKeyNames);
  ::umask(old_umask);
  EXPECT_EQ(file_mode(dir_ / "narrow"), 0600u);
  EXPECT_EQ(file_mode(dir_ / "open"), 0600u);
}

TEST_F(KeyringWriteTest, NeverOverwrites) {
  const auto path = dir_ / "keys";
  write_file(path, "precious", 0600);
  const auto m = message_of<KeyFileError>([&] { write_new_keyring(path, kStandardKeyNames); });
  EXPECT_NE(m.find("refusing to overwrite"), std::string::npos) << m;
  EXPECT_NE(m.find(path.string()), std::string::npos) << m;
  EXPECT_EQ(read_file(path), "precious");

  // Nor writes through a symlink, dangling or not.
  const auto link = dir_ / "link";
  std::filesystem::create_symlink(dir_ / "target", link);
  EXPECT_THROW(write_new_keyring(link, kStandardKeyNames), KeyFileError);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "target"));
}

TEST_F(KeyringWriteTest, BadNamesAreRefusedBeforeAnythingIsCreated) {
  const auto path = dir_ / "keys";
  const std::vector<std::string_view> none;
  const std::vector<std::string_view> invalid{"lineage", "Bad Name"};
  const std::vector<std::string_view> twice{"lineage", "provision", "lineage"};
  EXPECT_NE(message_of<KeyFileError>([&] { write_new_keyring(path, none); }).find("no keys"),
            std::string::npos);
  EXPECT_NE(message_of<KeyFileError>([&] { write_new_keyring(path, invalid); }).find("'Bad Name'"),
            std::string::npos);
  EXPECT_NE(message_of<KeyFileError>([&] { write_new_keyring(path, twice); }).find("'lineage' given twice"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(KeyringWriteTest, MissingDirectoryIsAnIoError) {
  const auto path = dir_ / "no-such-dir" / "keys";
  const auto m = message_of<IoError>([&] { write_new_keyring(path, kStandardKeyNames); });
  EXPECT_NE(m.find(path.string()), std::string::npos) << m;
}

TEST_F(KeyringWriteTest, FailedWriteRemovesThePartialFile) {
  // A file-size limit makes write(2) fail with EFBIG part-way (SIGXFSZ ignored so it is an error,
  // not a kill): the half-written key file must not survive.
  struct rlimit old_limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit small = old_limit;
  small.rlim_cur = 100;
  const auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const auto path = dir_ / "keys";
  const auto m = message_of<IoError>([&] { write_new_keyring(path, kStandardKeyNames); });
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);
  EXPECT_NE(m.find("cannot write key file " + path.string()), std::string::npos) << m;
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace nayose::keys
