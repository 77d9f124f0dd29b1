// write_new_keyring: a fresh key file, created exclusively, durable, and never left half-written.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <string>

#include "src/common/build_info.hpp"
#include "src/common/error.hpp"
#include "src/keys/hex.hpp"
#include "src/keys/keyring.hpp"
#include "src/keys/os_random.hpp"
#include "src/common/unique_fd.hpp"

namespace nayose::keys {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

void check_names(const std::filesystem::path& path, std::span<const std::string_view> names) {
  const std::string file = "key file " + path.string();
  if (names.empty()) throw KeyFileError("refusing to write " + file + " with no keys");
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!is_valid_key_name(names[i])) {
      throw KeyFileError("cannot write " + file + ": invalid key name '" + std::string(names[i]) + "' (1-" +
                         std::to_string(kMaxKeyNameSize) +
                         " characters of a-z, 0-9, '-', '_', '.', starting with a letter or digit)");
    }
    const auto earlier = names.first(i);
    if (std::find(earlier.begin(), earlier.end(), names[i]) != earlier.end()) {
      throw KeyFileError("cannot write " + file + ": key name '" + std::string(names[i]) + "' given twice");
    }
  }
}

// The whole file, built in wiped memory: the comment preamble (no secrets) and one line per key.
SecretBytes keyring_text(std::span<const std::string_view> names) {
  constexpr std::string_view kComment =
      "# nayose keyring: one '<name> <64 lowercase hex characters>' line per 256-bit key "
      "(src/keys/README.md).\n"
      "# Keep it mode 0600, owned by the user that runs nayose; never copy it into outputs, logs or "
      "tickets.\n";
  const std::string preamble = std::string(kKeyringHeader) + "\n" + std::string(kComment) + "# Created " +
                               utc_now() + " by nayose " + build_info::version + ".\n";
  std::size_t size = preamble.size();
  for (const auto name : names) size += name.size() + 1 + 2 * kKeySize + 1;

  SecretBytes text(size);
  const std::span<char> out{reinterpret_cast<char*>(text.mutable_view().data()), size};
  std::size_t at = 0;
  const auto append = [&](std::string_view s) {
    std::copy(s.begin(), s.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
    at += s.size();
  };
  append(preamble);
  for (const auto name : names) {
    append(name);
    append(" ");
    const SecretBytes key = random_secret(kKeySize);
    encode_hex(key.view(), out.subspan(at, 2 * kKeySize));
    at += 2 * kKeySize;
    append("\n");
  }
  return text;
}

// false with errno set on failure.
bool fsync_directory_of(const std::filesystem::path& path) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  const UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd && ::fsync(fd.get()) == 0;
}

// Removes the file we created unless dismissed, and only if the path still names that file.
class RemoveOnFailure {
 public:
  RemoveOnFailure(std::filesystem::path path, const struct stat& created)
      : path_(std::move(path)), created_(created) {}
  RemoveOnFailure(const RemoveOnFailure&) = delete;
  RemoveOnFailure& operator=(const RemoveOnFailure&) = delete;
  ~RemoveOnFailure() {
    if (!armed_) return;
    struct stat now {};
    if (::lstat(path_.c_str(), &now) == 0 && now.st_dev == created_.st_dev && now.st_ino == created_.st_ino) {
      ::unlink(path_.c_str());
    }
  }
  void dismiss() noexcept { armed_ = false; }

 private:
  std::filesystem::path path_;
  struct stat created_;
  bool armed_ = true;
};

}  // namespace

void write_new_keyring(const std::filesystem::path& path, std::span<const std::string_view> names) {
  check_names(path, names);
  const std::string file = "key file " + path.string();
  const SecretBytes text = keyring_text(names);

  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    const int error = errno;
    if (error == EEXIST) {
      throw KeyFileError("refusing to overwrite existing " + file +
                         ": new keys would make the lineage hashes and pseudonyms made with the old ones "
                         "unverifiable; choose a new path");
    }
    throw IoError("cannot create " + file + ": " + std::strerror(error));
  }
  struct stat created {};
  if (::fstat(fd.get(), &created) != 0) {
    const int error = errno;
    ::unlink(path.c_str());  // just created by us and not yet written
    throw IoError("cannot examine the new " + file + ": " + std::strerror(error));
  }
  RemoveOnFailure guard(path, created);
  const auto fail = [&](const char* step) {
    const int error = errno;
    throw IoError("cannot " + std::string(step) + " " + file + ": " + std::strerror(error) +
                  " (the partial file is removed)");
  };
  // The umask may have narrowed 0600 (never widened it); set it exactly.
  if (::fchmod(fd.get(), 0600) != 0) fail("set mode 0600 on");
  if (!write_all(fd.get(), text.view())) fail("write");
  if (::fsync(fd.get()) != 0) fail("fsync");
  if (fd.close() != 0) fail("close");
  if (!fsync_directory_of(path)) fail("fsync the directory of");
  guard.dismiss();
}

}  // namespace nayose::keys
