#pragma once
// SHA-256 (unkeyed) through OpenSSL's EVP_Digest* API: source file digests for lineage hashes and
// manifests. A Sha256 is not thread-safe; use one per thread.
#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>

#include "src/keys/digest.hpp"
#include "src/keys/openssl.hpp"

namespace nayose::keys {

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept = default;
  Sha256& operator=(Sha256&&) noexcept = default;

  Sha256& update(std::span<const std::byte> bytes);
  Sha256& update(std::string_view text) { return update(std::as_bytes(std::span(text))); }
  // The digest of everything passed to update() since construction or the previous finish();
  // the object is then ready for a new message.
  Digest32 finish();

  static Digest32 digest(std::span<const std::byte> bytes);
  static Digest32 digest(std::string_view text) { return digest(std::as_bytes(std::span(text))); }

 private:
  OpenSslPtr<EVP_MD> md_;
  OpenSslPtr<EVP_MD_CTX> ctx_;
};

// SHA-256 of a whole file, read in 1 MiB chunks (constant memory for any file size). Throws
// nayose::IoError naming the file if it cannot be opened or read.
Digest32 sha256_file(const std::filesystem::path& path);

}  // namespace nayose::keys
