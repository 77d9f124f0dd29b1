#include "src/keys/secret_bytes.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

namespace nayose::keys {

SecretBytes::SecretBytes(std::size_t size)
    : data_(size == 0 ? nullptr : std::make_unique<std::byte[]>(size)), size_(size) {}

SecretBytes SecretBytes::copy_of(std::span<const std::byte> bytes) {
  SecretBytes out(bytes.size());
  std::ranges::copy(bytes, out.data_.get());
  return out;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() {
  wipe();
}

void SecretBytes::wipe() noexcept {
  if (data_) OPENSSL_cleanse(data_.get(), size_);
}

bool constant_time_equal(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace nayose::keys
