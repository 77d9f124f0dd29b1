#include "src/keys/sha256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/common/error.hpp"
#include "tests/src/keys/test_files.hpp"

namespace nayose::keys {
namespace {

using test_support::message_of;
using test_support::TempDir;
using test_support::write_file;

// FIPS 180-2 / NIST example values.
constexpr std::string_view kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr std::string_view kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kTwoBlock = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr std::string_view kTwoBlockMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

// bytes(i % 251 for i in range(3_000_000)): spans several 1 MiB read chunks and ends mid-chunk.
// Expected value from Python's hashlib (an independent implementation).
constexpr std::size_t kPatternSize = 3'000'000;
constexpr std::string_view kPatternDigest =
    "4d3870d4655ed773027a713ea136507d22e076248e0e9cc920a996039653b76f";

std::string pattern() {
  std::string out(kPatternSize, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(i % 251);
  return out;
}

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(to_hex(Sha256::digest("abc")), kAbc);
  EXPECT_EQ(to_hex(Sha256::digest("")), kEmpty);
  EXPECT_EQ(to_hex(Sha256::digest(kTwoBlockMessage)), kTwoBlock);
}

TEST(Sha256, IncrementalEqualsOneShotAndTheObjectIsReusable) {
  Sha256 sha;
  for (std::size_t split = 0; split <= kTwoBlockMessage.size(); ++split) {
    sha.update(kTwoBlockMessage.substr(0, split)).update(kTwoBlockMessage.substr(split));
    EXPECT_EQ(to_hex(sha.finish()), kTwoBlock) << "split at " << split;
  }
  EXPECT_EQ(to_hex(sha.finish()), kEmpty);
  EXPECT_EQ(to_hex(sha.update("a").update("b").update("c").finish()), kAbc);
}

TEST(Sha256File, SmallAndEmptyFiles) {
  const TempDir dir;
  write_file(dir / "abc", "abc", 0644);
  write_file(dir / "empty", "", 0644);
  EXPECT_EQ(to_hex(sha256_file(dir / "abc")), kAbc);
  EXPECT_EQ(to_hex(sha256_file(dir / "empty")), kEmpty);
}

TEST(Sha256File, MultiChunkFileMatchesAnIndependentDigest) {
  const TempDir dir;
  const std::string content = pattern();
  write_file(dir / "big", content, 0644);
  EXPECT_EQ(to_hex(sha256_file(dir / "big")), kPatternDigest);
  EXPECT_EQ(to_hex(Sha256::digest(content)), kPatternDigest);
}

TEST(Sha256File, ErrorsNameTheFile) {
  const TempDir dir;
  const auto missing = dir / "no-such-file";
  const auto m1 = message_of<IoError>([&] { sha256_file(missing); });
  EXPECT_NE(m1.find(missing.string()), std::string::npos) << m1;
  const auto m2 = message_of<IoError>([&] { sha256_file(dir.path()); });  // read(2) on a directory: EISDIR
  EXPECT_NE(m2.find(dir.path().string()), std::string::npos) << m2;
}

}  // namespace
}  // namespace nayose::keys
