#pragma once
// Keyrings: the operator's secret keys, read from a key file named in the configuration (never from
// the command line or the environment, never logged, never written to outputs).
//
// Key file format, version 1 (text, ASCII; also in src/keys/README.md):
//
//   nayose-keyring v1
//   # comment lines start with '#' (after optional blanks); blank lines are ignored
//   lineage 3f1c...e9a0          <- <name> <64 lowercase hex characters> = one 256-bit key
//   research-id 9b2d...17c4
//   provision 0a77...5b21
//
//  - line 1 is exactly `nayose-keyring v1` (trailing blanks and a CR are tolerated on every line);
//  - a key line is a name and the key's 64 lowercase hex characters, separated by spaces or tabs;
//  - names are 1-64 characters of [a-z0-9._-], starting with a letter or digit, each at most once;
//  - a key of all zeros is refused (it is a placeholder, not a key); the file holds at least one key
//    and is at most 64 KiB.
// The file must be a regular file (not a symlink), owned by the effective user, with no group or
// other permission bits (chmod 600, or 400). Errors name the file, the line number and the reason,
// and never quote the line: it may hold key material.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/keys/secret_bytes.hpp"

namespace nayose::keys {

inline constexpr std::string_view kKeyringHeader = "nayose-keyring v1";
inline constexpr std::size_t kKeySize = 32;  // bytes (256 bits)
inline constexpr std::size_t kMaxKeyFileSize = 64 * 1024;
inline constexpr std::size_t kMaxKeyNameSize = 64;

// The keys the stages use.
inline constexpr std::string_view kLineageKeyName = "lineage";         // lineage hashes (lineage.hpp)
inline constexpr std::string_view kResearchIdKeyName = "research-id";  // research ID registry
inline constexpr std::string_view kProvisionKeyName = "provision";     // per-provision pseudonyms
inline constexpr std::array<std::string_view, 3> kStandardKeyNames{kLineageKeyName, kResearchIdKeyName,
                                                                   kProvisionKeyName};

// [a-z0-9][a-z0-9._-]*, at most kMaxKeyNameSize characters.
bool is_valid_key_name(std::string_view name) noexcept;

class Keyring {
 public:
  // Opens `path` without following a symlink (O_NOFOLLOW), checks the open file itself (fstat: no
  // window between check and read), reads and parses it. Throws nayose::KeyFileError for a missing,
  // unsafe or malformed file.
  static Keyring load(const std::filesystem::path& path);

  // The key called `name`; throws KeyFileError "key file <path> has no key named <name>".
  const SecretBytes& key(std::string_view name) const;
  bool has(std::string_view name) const noexcept;
  // Key names in file order.
  std::vector<std::string> names() const;
  std::size_t size() const noexcept { return entries_.size(); }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  struct Entry {
    std::string name;
    SecretBytes key;
  };
  Keyring() = default;
  // `text` is the whole file, held by the caller in wiped memory.
  static Keyring parse(const std::filesystem::path& path, std::string_view text);
  const Entry* find(std::string_view name) const noexcept;

  std::filesystem::path path_;
  std::vector<Entry> entries_;
};

// A key file's safety as `nayose doctor` reports it, without throwing: ok is true when the file is a
// regular file (not a symlink) owned by the effective user with no group/other permission bits.
// mode is the permission bits (st_mode & 07777), 0 when the file could not be examined; message
// says what was found and, when something is wrong, how to fix it.
struct KeyFilePermissionCheck {
  bool ok = false;
  std::uint32_t mode = 0;
  std::string message;
};
KeyFilePermissionCheck check_key_file_permissions(const std::filesystem::path& path);

// Creates a new key file at `path` holding one fresh 256-bit key per name, from the OS CSPRNG
// (getrandom). The file is created exclusively (an existing file, or a symlink, is never
// overwritten: KeyFileError), mode 0600 whatever the umask, written, fsynced, and its directory
// fsynced. On any failure the partial file is removed and nayose::IoError (or KeyFileError for bad
// names) is thrown. The keys and their hex text are wiped from memory before returning.
void write_new_keyring(const std::filesystem::path& path, std::span<const std::string_view> names);

}  // namespace nayose::keys
