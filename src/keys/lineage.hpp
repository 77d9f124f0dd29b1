#pragma once
// The lineage hash of a staged record: a keyed fingerprint that lets an auditor holding the lineage
// key recompute, from the source file alone, which staged record came from where, while nobody
// without the key can link records to source files.
//
// Exact definition (byte-for-byte; an auditor recomputes it with any HMAC-SHA256 implementation):
//
//   lineage_hash = HMAC-SHA256(key = lineage key (the keyring's `lineage` entry, 32 raw bytes),
//                              message = file_digest ‖ position ‖ raw_record)
//
//   file_digest  32 bytes: the raw (binary, not hex) SHA-256 of the whole source file as received,
//                           as computed by sha256_file();
//   position     8 bytes:  record_position as an unsigned 64-bit integer, big-endian
//                           (position 1 is 00 00 00 00 00 00 00 01);
//   raw_record   n bytes:  the record's bytes exactly as they appear in the source file
//                           (no decoding, normalisation or trimming).
//
// The message is 40 + n bytes; the three parts are concatenated with no separators or length
// prefixes (the first two are fixed-length, so the split is unambiguous). What `record_position`
// counts (record index or byte offset) is fixed by each source reader's documentation; this
// function only fixes the encoding. In Python:
//   hmac.new(key, digest + pos.to_bytes(8, "big") + raw, hashlib.sha256).digest()
#include <cstddef>
#include <cstdint>
#include <span>

#include "src/keys/digest.hpp"
#include "src/keys/hmac_sha256.hpp"

namespace nayose::keys {

inline constexpr std::size_t kLineagePrefixSize = kDigestSize + sizeof(std::uint64_t);

// `mac` must be keyed with the lineage key; it is used for one complete message (it must not be in
// the middle of an incremental update) and is ready for the next call afterwards.
Digest32 lineage_hash(HmacSha256& mac, const Digest32& file_digest, std::uint64_t record_position,
                      std::span<const std::byte> raw_record);

}  // namespace nayose::keys
