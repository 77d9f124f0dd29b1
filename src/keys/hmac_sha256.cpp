#include "src/keys/hmac_sha256.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <string>

#include "src/common/error.hpp"

namespace nayose::keys {
namespace {

OpenSslPtr<EVP_MAC_CTX> new_keyed_context(std::span<const std::byte> key) {
  if (key.empty()) throw Error("HMAC-SHA256 key is empty");
  // The EVP_MAC_CTX holds its own reference to the algorithm, so the fetched handle can go.
  const auto hmac = check_openssl(EVP_MAC_fetch(nullptr, "HMAC", nullptr), "fetching HMAC");
  auto ctx = check_openssl(EVP_MAC_CTX_new(hmac.get()), "allocating an HMAC context");
  std::array<char, 7> digest_name{"SHA256"};
  const std::array params{
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name.data(), 0),
      OSSL_PARAM_construct_end(),
  };
  check_openssl(
      EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params.data()),
      "initialising HMAC-SHA256 with its key");
  const std::size_t size = EVP_MAC_CTX_get_mac_size(ctx.get());
  if (size != kDigestSize) {
    throw Error("HMAC-SHA256 context reports a " + std::to_string(size) + "-byte output, expected 32");
  }
  return ctx;
}

OpenSslPtr<EVP_MAC_CTX> dup_context(const OpenSslPtr<EVP_MAC_CTX>& ctx) {
  return check_openssl(EVP_MAC_CTX_dup(ctx.get()), "duplicating an HMAC-SHA256 context");
}

}  // namespace

HmacSha256::HmacSha256(std::span<const std::byte> key, HmacReinit reinit) : reinit_(reinit) {
  if (reinit_ == HmacReinit::dup_template) {
    template_ = new_keyed_context(key);
    ctx_ = dup_context(template_);
  } else {
    ctx_ = new_keyed_context(key);
  }
  fresh_ = true;
}

HmacSha256 HmacSha256::clone() const {
  HmacSha256 copy;
  copy.reinit_ = reinit_;
  if (reinit_ == HmacReinit::dup_template) {
    copy.template_ = dup_context(template_);
    copy.ctx_ = dup_context(template_);
    copy.fresh_ = true;
  } else {
    // ctx_ may be mid-message; the copy resets itself to the keyed start state before first use.
    copy.ctx_ = dup_context(ctx_);
    copy.fresh_ = false;
  }
  return copy;
}

void HmacSha256::start_message() {
  if (!fresh_) {
    if (reinit_ == HmacReinit::dup_template) {
      ctx_ = dup_context(template_);
    } else {
      // A null key keeps the key and digest set at construction and only resets the state.
      check_openssl(EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr), "re-initialising HMAC-SHA256");
    }
  }
  // From here on the context holds message state until it is reset again (also after a throw).
  fresh_ = false;
}

Digest32 HmacSha256::final_digest() {
  Digest32 out{};
  std::size_t size = 0;
  check_openssl(EVP_MAC_final(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &size, out.size()),
                "HMAC-SHA256 final");
  if (size != out.size()) throw Error("HMAC-SHA256 produced " + std::to_string(size) + " bytes, expected 32");
  return out;
}

Digest32 HmacSha256::mac(std::span<const std::byte> message) {
  if (in_message_) {
    throw Error("HmacSha256::mac called while an incremental message is in progress (update without finish)");
  }
  start_message();
  check_openssl(
      EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()),
      "HMAC-SHA256 update");
  return final_digest();
}

HmacSha256& HmacSha256::update(std::span<const std::byte> part) {
  if (!in_message_) {
    start_message();
    in_message_ = true;
  }
  if (EVP_MAC_update(ctx_.get(), reinterpret_cast<const unsigned char*>(part.data()), part.size()) != 1) {
    in_message_ = false;  // the message is lost; the next call starts a new one
    throw_openssl_error("HMAC-SHA256 update");
  }
  return *this;
}

Digest32 HmacSha256::finish() {
  if (!in_message_) start_message();  // the HMAC of the empty message
  in_message_ = false;
  return final_digest();
}

}  // namespace nayose::keys
