#include "src/keys/keyring.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "src/common/error.hpp"
#include "src/common/log.hpp"
#include "src/keys/hex.hpp"
#include "src/keys/key_file.hpp"

namespace nayose::keys {
namespace {

bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on runs of blanks; stops after `max_fields + 1` fields (enough to tell "too many").
std::size_t split_fields(std::string_view line, std::string_view* fields, std::size_t max_fields) noexcept {
  std::size_t count = 0;
  while (!line.empty() && count <= max_fields) {
    const auto end =
        static_cast<std::size_t>(std::find_if(line.begin(), line.end(), is_blank) - line.begin());
    if (count < max_fields) fields[count] = line.substr(0, end);
    ++count;
    line = trim(line.substr(end));
  }
  return count;
}

// Reads the whole (already checked) file into `buffer`, which wipes itself; returns the byte count.
std::size_t read_key_file(const std::filesystem::path& path, const OpenedKeyFile& file, SecretBytes& buffer) {
  const std::string name = "key file " + path.string();
  if (file.size > kMaxKeyFileSize) {
    throw KeyFileError(name + " is " + std::to_string(file.size) + " bytes; a keyring is at most " +
                       std::to_string(kMaxKeyFileSize) + " bytes (is this the right file?)");
  }
  buffer = SecretBytes(kMaxKeyFileSize + 1);
  const auto bytes = buffer.mutable_view();
  std::size_t used = 0;
  while (used < bytes.size()) {
    const ssize_t got = ::read(file.fd.get(), bytes.data() + used, bytes.size() - used);
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      throw KeyFileError("cannot read " + name + ": " + std::strerror(error));
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > kMaxKeyFileSize) {
    throw KeyFileError(name + " grew beyond " + std::to_string(kMaxKeyFileSize) + " bytes while being read");
  }
  return used;
}

}  // namespace

bool is_valid_key_name(std::string_view name) noexcept {
  const auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.empty() || name.size() > kMaxKeyNameSize || !lower_or_digit(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_or_digit(c) || c == '-' || c == '_' || c == '.'; });
}

Keyring Keyring::load(const std::filesystem::path& path) {
  SecretBytes contents;
  std::size_t size = 0;
  {
    const OpenedKeyFile file = open_key_file(path);
    if (!file.check.ok) throw KeyFileError(file.check.message);
    size = read_key_file(path, file, contents);
  }
  Keyring ring = parse(path, {reinterpret_cast<const char*>(contents.view().data()), size});
  NAYOSE_LOG(debug) << "loaded key file " << path.string() << " (" << ring.size() << " keys)";
  return ring;
}

Keyring Keyring::parse(const std::filesystem::path& path, std::string_view text) {
  const std::string file = "key file " + path.string();
  if (text.empty()) {
    throw KeyFileError(file + " is empty; its first line must be '" + std::string(kKeyringHeader) + "'");
  }

  Keyring ring;
  ring.path_ = path;
  std::vector<std::size_t> defined_on_line;  // parallel to ring.entries_
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    const std::string_view line = trim(text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_number;
    const auto fail = [&](const std::string& reason) -> KeyFileError {
      return KeyFileError(file + " line " + std::to_string(line_number) + ": " + reason);
    };

    if (line_number == 1) {
      if (line == kKeyringHeader) continue;
      if (line.starts_with("nayose-keyring ")) {
        throw fail("unsupported keyring format version; this build reads '" + std::string(kKeyringHeader) +
                   "'");
      }
      throw fail("not a nayose keyring: the first line must be '" + std::string(kKeyringHeader) + "'");
    }
    if (line.empty() || line.front() == '#') continue;

    std::string_view fields[2];
    if (split_fields(line, fields, 2) != 2) {
      throw fail("expected '<name> <64 lowercase hex characters>' or a '#' comment");
    }
    const std::string_view name = fields[0];
    const std::string_view hex = fields[1];
    if (!is_valid_key_name(name)) {
      throw fail("invalid key name (1-" + std::to_string(kMaxKeyNameSize) +
                 " characters of a-z, 0-9, '-', '_', '.', starting with a letter or digit)");
    }
    if (hex.size() != 2 * kKeySize) {
      throw fail("the key must be " + std::to_string(2 * kKeySize) + " lowercase hex characters (" +
                 std::to_string(8 * kKeySize) + " bits), found " + std::to_string(hex.size()) +
                 " characters");
    }
    SecretBytes key(kKeySize);
    if (!decode_hex(hex, key.mutable_view(), HexCase::lower_only)) {
      throw fail("the key contains a character that is not lowercase hex (0-9, a-f)");
    }
    const auto key_bytes = key.view();
    if (std::all_of(key_bytes.begin(), key_bytes.end(), [](std::byte b) { return b == std::byte{0}; })) {
      throw fail(
          "the key is all zeros, a placeholder rather than a key (generate keys with `nayose keygen`)");
    }
    if (const Entry* first = ring.find(name)) {
      const auto index = static_cast<std::size_t>(first - ring.entries_.data());
      throw fail("duplicate key name (first defined on line " + std::to_string(defined_on_line[index]) + ")");
    }
    ring.entries_.push_back(Entry{std::string(name), std::move(key)});
    defined_on_line.push_back(line_number);
  }
  if (ring.entries_.empty()) throw KeyFileError(file + " contains no keys");
  return ring;
}

const Keyring::Entry* Keyring::find(std::string_view name) const noexcept {
  const auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.name == name; });
  return it == entries_.end() ? nullptr : &*it;
}

const SecretBytes& Keyring::key(std::string_view name) const {
  if (const Entry* entry = find(name)) return entry->key;
  throw KeyFileError("key file " + path_.string() + " has no key named " + std::string(name));
}

bool Keyring::has(std::string_view name) const noexcept {
  return find(name) != nullptr;
}

std::vector<std::string> Keyring::names() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& entry : entries_) out.push_back(entry.name);
  return out;
}

}  // namespace nayose::keys
