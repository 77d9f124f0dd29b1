#pragma once
// The OpenSSL glue of src/keys: owning pointers for OpenSSL objects, and OpenSSL failures as
// nayose::Error. Every OpenSSL call that can fail goes through check_openssl / throw_openssl_error,
// which drain OpenSSL's thread-local error queue into the message (ERR_error_string_n text,
// "; "-separated), so no stale error is left behind for the next caller. Messages carry OpenSSL's
// reasons only, never key material or message bytes.
#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

namespace nayose::keys {

struct OpenSslDeleter {
  void operator()(EVP_MD* p) const noexcept;
  void operator()(EVP_MD_CTX* p) const noexcept;
  void operator()(EVP_MAC* p) const noexcept;
  void operator()(EVP_MAC_CTX* p) const noexcept;
};
template <typename T>
using OpenSslPtr = std::unique_ptr<T, OpenSslDeleter>;

// "<what>: <OpenSSL error text>", emptying the calling thread's OpenSSL error queue.
std::string openssl_error_message(std::string_view what);

[[noreturn]] void throw_openssl_error(std::string_view what);

// For OpenSSL's "1 on success" convention.
inline void check_openssl(int rc, std::string_view what) {
  if (rc != 1) throw_openssl_error(what);
}

// For constructors and fetches that return nullptr on failure.
template <typename T>
OpenSslPtr<T> check_openssl(T* p, std::string_view what) {
  if (p == nullptr) throw_openssl_error(what);
  return OpenSslPtr<T>(p);
}

}  // namespace nayose::keys
