#pragma once
// An owning buffer for key material. The bytes are wiped with OPENSSL_cleanse (a write the compiler
// may not elide) when the buffer is destroyed or overwritten by a move; a moved-from SecretBytes is
// empty. It cannot be copied, printed or converted to a string, so key bytes cannot end up in a log
// line, an exception message or a stray std::string copy by accident: reading them takes an explicit
// view().
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <span>

namespace nayose::keys {

class SecretBytes {
 public:
  SecretBytes() noexcept = default;
  // `size` zero bytes.
  explicit SecretBytes(std::size_t size);
  // A copy of `bytes` (the caller remains responsible for wiping its own buffer).
  static SecretBytes copy_of(std::span<const std::byte> bytes);

  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  std::span<const std::byte> view() const noexcept { return {data_.get(), size_}; }
  // For filling the buffer in place (key generation, hex decoding).
  std::span<std::byte> mutable_view() noexcept { return {data_.get(), size_}; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  // Key bytes are never printed.
  friend std::ostream& operator<<(std::ostream&, const SecretBytes&) = delete;

 private:
  void wipe() noexcept;

  std::unique_ptr<std::byte[]> data_;
  std::size_t size_ = 0;
};

// Equality in time independent of where the bytes differ (CRYPTO_memcmp); sizes are not secret.
bool constant_time_equal(std::span<const std::byte> a, std::span<const std::byte> b) noexcept;

}  // namespace nayose::keys
