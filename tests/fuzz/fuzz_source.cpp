// libFuzzer target: one source format's parser, normaliser and lineage hashing on arbitrary bytes
// (src/ingest/file_ingest.hpp ingest_bytes). Built once per format with NAYOSE_FUZZ_KIND set to
// the parse::SourceKind value; the path is a valid one for that format so that the bytes, not the
// path, decide what happens. Invariants checked beyond "no crash, no sanitizer report":
//   read = accepted + quarantined, positions and byte spans inside the file, no message quoting
//   more than a few bytes of input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/ingest/file_ingest.hpp"
#include "src/keys/hmac_sha256.hpp"

namespace {

constexpr std::string_view path_for_kind() {
  switch (NAYOSE_FUZZ_KIND) {
    case 1: return "uke/13/1312345/202405/RECEIPTC.UKE";
    case 2: return "cyo/13/1345678/202405/RECEIPTY.CYO";
    case 3: return "ssmix2/1312345/000/042/000042/-/ADT-00/000042_-_ADT-00_999999999999999_20240514090000000_-_1";
    case 4: return "checkup/1311234567/DATA/h131123456720240514110000001.xml";
    case 5: return "care/1312345678/202405.csv";
    default: return "death/13/202405.csv";
  }
}

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nayose::keys::HmacSha256 mac(std::as_bytes(std::span<const char>("fuzzing lineage key 0123456789ab", 32)));
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto outcome = nayose::ingest::ingest_bytes(path_for_kind(), bytes, mac);
  require(outcome.bytes == size);
  for (const auto& id : outcome.identities) {
    require(id.bytes.offset + id.bytes.size <= size);
    for (const auto& e : id.events) require(e.position > 0);
  }
  for (const auto& q : outcome.quarantine) {
    require(q.bytes.offset + q.bytes.size <= size);
    require(q.raw.size() == q.bytes.size);
    require(q.reason != nayose::parse::Reason::none);
    require(!q.message.empty());
  }
  if (outcome.reason != nayose::parse::Reason::none) require(outcome.records_read() == 0);
  return 0;
}
