#include "src/keys/openssl.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>

#include "src/common/error.hpp"

namespace nayose::keys {

void OpenSslDeleter::operator()(EVP_MD* p) const noexcept {
  EVP_MD_free(p);
}
void OpenSslDeleter::operator()(EVP_MD_CTX* p) const noexcept {
  EVP_MD_CTX_free(p);
}
void OpenSslDeleter::operator()(EVP_MAC* p) const noexcept {
  EVP_MAC_free(p);
}
void OpenSslDeleter::operator()(EVP_MAC_CTX* p) const noexcept {
  EVP_MAC_CTX_free(p);
}

std::string openssl_error_message(std::string_view what) {
  std::string message(what);
  message += ": ";
  bool any = false;
  while (const unsigned long code = ERR_get_error()) {
    // ERR_error_string_n is ERR_error_string with a caller-owned buffer (the latter's static buffer
    // is not thread-safe).
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    if (any) message += "; ";
    message += text.data();
    any = true;
  }
  if (!any) message += "OpenSSL reported no error detail";
  return message;
}

void throw_openssl_error(std::string_view what) {
  throw Error(openssl_error_message(what));
}

}  // namespace nayose::keys
