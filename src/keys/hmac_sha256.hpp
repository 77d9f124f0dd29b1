#pragma once
// HMAC-SHA256 (RFC 2104 / FIPS 198-1) through OpenSSL 3's EVP_MAC API, built for hashing many short
// messages under one key (a lineage hash per staged record): the key is processed once at
// construction, and each message only resets the context.
//
// Not thread-safe, by design: an HmacSha256 carries per-message state. Give each thread its own
// (construct one from the key per thread, or clone() a prototype), e.g. in a
// tbb::enumerable_thread_specific. The results do not depend on which object computes them.
#include <cstddef>
#include <span>
#include <string_view>

#include "src/keys/digest.hpp"
#include "src/keys/openssl.hpp"
#include "src/keys/secret_bytes.hpp"

namespace nayose::keys {

// How a context is made ready for the next message. Both give identical results; the default is the
// one bench/keys/hmac_bench.cpp measured faster (see src/keys/README.md for the numbers).
enum class HmacReinit {
  // EVP_MAC_init(ctx, nullptr, 0, nullptr): reset the one context to its keyed start state.
  init_in_place,
  // EVP_MAC_CTX_dup of a keyed template context, a fresh context per message.
  dup_template,
};

class HmacSha256 {
 public:
  // Throws nayose::Error for an empty key or if OpenSSL fails. The key bytes are copied into
  // OpenSSL's context (which wipes them when freed); the caller keeps ownership of `key`.
  explicit HmacSha256(std::span<const std::byte> key, HmacReinit reinit = HmacReinit::init_in_place);
  explicit HmacSha256(const SecretBytes& key, HmacReinit reinit = HmacReinit::init_in_place)
      : HmacSha256(key.view(), reinit) {}

  HmacSha256(const HmacSha256&) = delete;
  HmacSha256& operator=(const HmacSha256&) = delete;
  HmacSha256(HmacSha256&&) noexcept = default;
  HmacSha256& operator=(HmacSha256&&) noexcept = default;
  ~HmacSha256() = default;

  // An independent object with the same key and strategy, ready for a new message (for handing one
  // to each thread without keeping the raw key around).
  HmacSha256 clone() const;

  // HMAC of one complete message. Throws nayose::Error if called while an incremental message
  // (update() without finish()) is in progress.
  Digest32 mac(std::span<const std::byte> message);
  Digest32 mac(std::string_view message) { return mac(std::as_bytes(std::span(message))); }

  // Incremental form for multi-part messages: update(a).update(b).finish() == mac(a ‖ b).
  HmacSha256& update(std::span<const std::byte> part);
  // The HMAC of the parts since the previous finish() (or construction); then ready for a new message.
  Digest32 finish();
  // True between the first update() of a message and its finish().
  bool in_message() const noexcept { return in_message_; }

 private:
  HmacSha256() = default;
  // Makes ctx_ ready to take the first bytes of a message.
  void start_message();
  Digest32 final_digest();

  OpenSslPtr<EVP_MAC_CTX> ctx_;       // the context messages are fed to
  OpenSslPtr<EVP_MAC_CTX> template_;  // dup_template only: keyed, never fed
  HmacReinit reinit_ = HmacReinit::init_in_place;
  bool fresh_ = false;       // ctx_ is in its keyed start state
  bool in_message_ = false;  // update() called, finish() not yet
};

}  // namespace nayose::keys
