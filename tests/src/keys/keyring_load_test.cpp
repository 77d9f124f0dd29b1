#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "src/common/error.hpp"
#include "src/keys/hex.hpp"
#include "src/keys/keyring.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::message_of;
using test_support::TempDir;
using test_support::write_file;

// Distinctive key texts, so a test can assert they never appear in a message.
const std::string kHexA = "3f1c0b6e9a2d4c7f8e1a5b3c9d0e2f4a6b8c0d1e3f5a7b9c1d3e5f7a9b0c2d4e";
const std::string kHexB = "9b2d17c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const std::string kHexC = "0a775b21c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

std::string valid_keyring() {
  return "nayose-keyring v1\n"
         "# test keyring\n"
         "\n"
         "lineage " +
         kHexA +
         "\n"
         "research-id " +
         kHexB +
         "\n"
         "provision " +
         kHexC + "\n";
}

std::vector<std::byte> bytes_from_hex(const std::string& hex) {
  std::vector<std::byte> out(hex.size() / 2);
  EXPECT_TRUE(decode_hex(hex, out, HexCase::lower_only));
  return out;
}

// The message must name the file and must not carry any of the given secrets (or a prefix of one).
void expect_safe_message(const std::string& message, const std::filesystem::path& path,
                         const std::vector<std::string>& secrets) {
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  for (const auto& secret : secrets) {
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
    EXPECT_EQ(message.find(secret.substr(0, 12)), std::string::npos) << message;
  }
}

class KeyringLoadTest : public ::testing::Test {
 protected:
  std::filesystem::path write(std::string_view name, std::string_view content, ::mode_t mode = 0600) {
    const auto path = dir_ / name;
    write_file(path, content, mode);
    return path;
  }
  std::string load_error(const std::filesystem::path& path) {
    return message_of<KeyFileError>([&] { Keyring::load(path); });
  }
  TempDir dir_;
};

TEST_F(KeyringLoadTest, LoadsAValidKeyring) {
  const auto path = write("keys", valid_keyring());
  const Keyring ring = Keyring::load(path);
  EXPECT_EQ(ring.names(), (std::vector<std::string>{"lineage", "research-id", "provision"}));
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.path(), path);
  for (const auto name : kStandardKeyNames) {
    EXPECT_TRUE(ring.has(name));
    EXPECT_EQ(ring.key(name).size(), kKeySize);
  }
  EXPECT_TRUE(constant_time_equal(ring.key(kLineageKeyName).view(), bytes_from_hex(kHexA)));
  EXPECT_TRUE(constant_time_equal(ring.key(kResearchIdKeyName).view(), bytes_from_hex(kHexB)));
  EXPECT_TRUE(constant_time_equal(ring.key(kProvisionKeyName).view(), bytes_from_hex(kHexC)));
}

TEST_F(KeyringLoadTest, ToleratesCrlfBlanksAndComments) {
  const auto path = write("keys",
                          "nayose-keyring v1\r\n"
                          "  # indented comment\r\n"
                          "\t\r\n"
                          "  lineage \t " +
                              kHexA +
                              "  \r\n"
                              "other.key_2 " +
                              kHexB);  // no final newline
  const Keyring ring = Keyring::load(path);
  EXPECT_EQ(ring.names(), (std::vector<std::string>{"lineage", "other.key_2"}));
  EXPECT_TRUE(constant_time_equal(ring.key("other.key_2").view(), bytes_from_hex(kHexB)));
}

TEST_F(KeyringLoadTest, MissingKeyNamesTheFileAndTheKey) {
  const auto path = write("keys", "nayose-keyring v1\nlineage " + kHexA + "\n");
  const Keyring ring = Keyring::load(path);
  EXPECT_FALSE(ring.has(kProvisionKeyName));
  const auto m = message_of<KeyFileError>([&] { ring.key(kProvisionKeyName); });
  EXPECT_EQ(m, "key file " + path.string() + " has no key named provision");
}

TEST_F(KeyringLoadTest, GroupOrOtherPermissionsAreRefused) {
  for (const ::mode_t mode : {0644u, 0640u, 0604u, 0660u, 0610u, 0601u}) {
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", mode);
    const auto path = write(std::string("keys-") + octal, valid_keyring(), mode);
    const auto m = load_error(path);
    EXPECT_NE(m.find(octal), std::string::npos) << m;
    EXPECT_NE(m.find("chmod 600 " + path.string()), std::string::npos) << m;
    expect_safe_message(m, path, {kHexA, kHexB, kHexC});

    const auto check = check_key_file_permissions(path);
    EXPECT_FALSE(check.ok);
    EXPECT_EQ(check.mode, mode);
    EXPECT_EQ(check.message, m);
  }
}

TEST_F(KeyringLoadTest, OwnerOnlyPermissionsAreAccepted) {
  for (const ::mode_t mode : {0600u, 0400u}) {
    const auto path = write("keys-" + std::to_string(mode), valid_keyring(), mode);
    EXPECT_EQ(Keyring::load(path).size(), 3u) << mode;
    const auto check = check_key_file_permissions(path);
    EXPECT_TRUE(check.ok) << check.message;
    EXPECT_EQ(check.mode, mode);
  }
}

TEST_F(KeyringLoadTest, SymlinkIsRefusedEvenToAGoodFile) {
  const auto target = write("keys", valid_keyring());
  const auto link = dir_ / "link";
  std::filesystem::create_symlink(target, link);
  const auto m = load_error(link);
  EXPECT_NE(m.find("symbolic link"), std::string::npos) << m;
  expect_safe_message(m, link, {kHexA});
  EXPECT_FALSE(check_key_file_permissions(link).ok);
}

TEST_F(KeyringLoadTest, NonRegularFilesAreRefused) {
  const auto m1 = load_error(dir_.path());
  EXPECT_NE(m1.find("a directory"), std::string::npos) << m1;

  // A FIFO must be refused at once, not block the open waiting for a writer.
  const auto fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto m2 = load_error(fifo);
  EXPECT_NE(m2.find("a FIFO"), std::string::npos) << m2;
  const auto check = check_key_file_permissions(fifo);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.mode, 0600u);
}

TEST_F(KeyringLoadTest, MissingFile) {
  const auto path = dir_ / "absent";
  EXPECT_EQ(load_error(path), "key file " + path.string() + " does not exist");
  const auto check = check_key_file_permissions(path);
  EXPECT_FALSE(check.ok);
  EXPECT_EQ(check.mode, 0u);
}

TEST_F(KeyringLoadTest, FileOwnedBySomeoneElseIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file to another user";
  const auto path = write("keys", valid_keyring());
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  const auto m = load_error(path);
  EXPECT_NE(m.find("owned by uid 65534"), std::string::npos) << m;
  EXPECT_NE(m.find("chown 0 " + path.string()), std::string::npos) << m;
  // Both problems are reported together.
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  const auto check = check_key_file_permissions(path);
  EXPECT_FALSE(check.ok);
  EXPECT_NE(check.message.find("owned by uid 65534"), std::string::npos) << check.message;
  EXPECT_NE(check.message.find("chmod 600"), std::string::npos) << check.message;
}

struct Malformed {
  const char* what;
  std::string content;
  int line;
  const char* reason;  // a fragment of the expected message
};

TEST_F(KeyringLoadTest, MalformedFilesNameTheLineButNeverItsContent) {
  const std::string header = "nayose-keyring v1\n";
  std::string upper = kHexB;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string non_hex = kHexB;
  non_hex[40] = 'g';
  const std::vector<Malformed> cases = {
      {"bad header", "lineage " + kHexA + "\n", 1, "first line must be"},
      {"future version", "nayose-keyring v2\nlineage " + kHexA + "\n", 1,
       "unsupported keyring format version"},
      {"short hex", header + "lineage " + kHexA + "\nprovision " + kHexB.substr(0, 62) + "\n", 3,
       "found 62 characters"},
      {"long hex", header + "# c\nprovision " + kHexB + "00\n", 3, "found 66 characters"},
      {"non-hex", header + "lineage " + kHexA + "\n\nprovision " + non_hex + "\n", 4, "not lowercase hex"},
      {"uppercase hex", header + "provision " + upper + "\n", 2, "not lowercase hex"},
      {"duplicate", header + "lineage " + kHexA + "\nprovision " + kHexC + "\nlineage " + kHexB + "\n", 4,
       "duplicate key name (first defined on line 2)"},
      {"key only", header + kHexB + "\n", 2, "expected '<name> <64 lowercase hex characters>'"},
      {"three fields", header + "lineage " + kHexA + " " + kHexB + "\n", 2, "expected '<name>"},
      {"name = key", header + "lineage = " + kHexB + "\n", 2, "expected '<name>"},
      {"bad name", header + "Lineage " + kHexB + "\n", 2, "invalid key name"},
      {"all zeros", header + "lineage " + std::string(64, '0') + "\n", 2, "all zeros"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto path = write(std::string("keys-") + std::to_string(&c - cases.data()), c.content);
    const auto m = load_error(path);
    EXPECT_NE(m.find("key file " + path.string() + " line " + std::to_string(c.line) + ": "),
              std::string::npos)
        << m;
    EXPECT_NE(m.find(c.reason), std::string::npos) << m;
    expect_safe_message(m, path, {kHexA, kHexB, kHexC, upper, non_hex, kHexB.substr(0, 62)});
  }
}

TEST_F(KeyringLoadTest, EmptyOrKeylessFilesAreRefused) {
  const auto empty = write("empty", "");
  EXPECT_NE(load_error(empty).find("is empty"), std::string::npos);
  const auto keyless = write("keyless", "nayose-keyring v1\n# nothing here\n");
  EXPECT_EQ(load_error(keyless), "key file " + keyless.string() + " contains no keys");
}

TEST_F(KeyringLoadTest, OversizedFileIsRefused) {
  std::string content = valid_keyring();
  content += std::string(kMaxKeyFileSize, '#');
  const auto path = write("big", content);
  EXPECT_NE(load_error(path).find("at most 65536 bytes"), std::string::npos);
}

TEST(KeyName, Validity) {
  for (const auto name : kStandardKeyNames) EXPECT_TRUE(is_valid_key_name(name)) << name;
  EXPECT_TRUE(is_valid_key_name("a"));
  EXPECT_TRUE(is_valid_key_name("2026.provision_a-b"));
  EXPECT_TRUE(is_valid_key_name(std::string(kMaxKeyNameSize, 'k')));
  EXPECT_FALSE(is_valid_key_name(std::string(kMaxKeyNameSize + 1, 'k')));
  EXPECT_FALSE(is_valid_key_name(""));
  EXPECT_FALSE(is_valid_key_name("-lineage"));
  EXPECT_FALSE(is_valid_key_name(".lineage"));
  EXPECT_FALSE(is_valid_key_name("Lineage"));
  EXPECT_FALSE(is_valid_key_name("line age"));
  EXPECT_FALSE(is_valid_key_name("鍵"));
}

}  // namespace
}  // namespace nayose::keys
