#include "src/ingest/trace.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "src/common/error.hpp"
#include "src/ingest/file_ingest.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/keys/hex.hpp"
#include "src/keys/keyring.hpp"
#include "src/keys/lineage.hpp"
#include "src/keys/sha256.hpp"
#include "src/parse/record.hpp"

namespace nayose::ingest {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// Rows of a bytes[32] column equal to `needle`, searched in this rank's share.
std::vector<std::uint64_t> find_rows(const h5::File& file, const std::string& path, const keys::Digest32& needle) {
  const auto& comm = file.comm();
  const auto slice = h5::slice_for_rank(file.rows(path), comm.rank(), comm.size());
  const auto bytes = h5::read_fixed_bytes(file, path, slice.first, slice.count);
  std::vector<std::uint64_t> local;
  for (std::uint64_t i = 0; i < slice.count; ++i) {
    if (std::memcmp(bytes.data() + i * keys::kDigestSize, needle.data(), keys::kDigestSize) == 0) {
      local.push_back(slice.first + i);
    }
  }
  // Gather every rank's matches (few) on all ranks.
  std::string packed(reinterpret_cast<const char*>(local.data()), local.size() * sizeof(std::uint64_t));
  const auto parts = comm.gather_to_root(packed);
  std::string all;
  for (const auto& p : parts) all += p;
  all = comm.broadcast(std::move(all));
  std::vector<std::uint64_t> rows(all.size() / sizeof(std::uint64_t));
  if (!rows.empty()) std::memcpy(rows.data(), all.data(), rows.size() * sizeof(std::uint64_t));
  return rows;
}

template <typename T>
T one(const h5::File& file, const std::string& path, std::uint64_t row) {
  return h5::read_column<T>(file, path, row, 1).at(0);
}

std::string one_text(const h5::File& file, const std::string& path, std::uint64_t row) {
  const auto column = h5::read_ragged(file, path, row, 1);
  return std::string(column.row_text(0));
}

std::string kind_name(std::uint8_t kind) {
  if (kind == 0) return "unrecognised";
  return std::string(parse::source_kind_name(static_cast<parse::SourceKind>(kind)));
}

}  // namespace

std::uint64_t run_trace(const mpi::Communicator& comm, const TraceOptions& options) {
  keys::Digest32 needle{};
  if (!keys::decode_hex(options.lineage, std::span<std::byte>(needle), keys::HexCase::lower_or_upper)) {
    throw ConfigError({"--lineage must be 64 hexadecimal characters (a lineage hash from a staging file)"});
  }
  const auto keyring = keys::Keyring::load(options.keys);
  keys::HmacSha256 mac(keyring.key("lineage"));
  const std::string key_check = keys::to_hex(mac.mac(std::string_view("nayose lineage key check")));

  const auto file = h5::File::open(comm, options.staging, h5::load_schema("staging"));
  if (file.read_string_attribute("lineage_key_check") != key_check) {
    throw Error("key file " + options.keys + " does not hold the lineage key " + options.staging +
                " was written with (lineage_key_check differs)");
  }
  const auto roots = split_lines(file.read_string_attribute("source_dirs"));

  std::vector<TraceHit> hits;
  for (const std::string table : {"identity", "events", "quarantine"}) {
    for (const auto row : find_rows(file, table + "/lineage", needle)) {
      TraceHit hit;
      hit.table = table;
      hit.row = row;
      hit.position = one<std::uint64_t>(file, table + "/position", row);
      if (table == "events") {
        hit.identity = one<std::uint64_t>(file, "events/identity", row);
        hit.source = one<std::uint64_t>(file, "identity/source", hit.identity);
      } else {
        hit.source = one<std::uint64_t>(file, table + "/source", row);
      }
      hits.push_back(hit);
    }
  }

  std::ostringstream out;
  if (hits.empty()) out << "trace: lineage " << options.lineage << " is not in " << options.staging << "\n";
  for (const auto& hit : hits) {
    const auto root = one<std::uint32_t>(file, "sources/root", hit.source);
    const std::string relative = one_text(file, "sources/path", hit.source);
    const auto kind = one<std::uint8_t>(file, "sources/kind", hit.source);
    const auto digest_bytes = h5::read_fixed_bytes(file, "sources/sha256", hit.source, 1);
    keys::Digest32 digest{};
    std::memcpy(digest.data(), digest_bytes.data(), digest.size());
    const std::string root_dir = root < roots.size() ? roots[root] : std::string("?");
    out << "trace: lineage " << options.lineage << "\n";
    out << "  table      " << hit.table << " row " << hit.row << "\n";
    out << "  source     " << (std::filesystem::path(root_dir) / relative).string() << "  (sources row " << hit.source
        << ", " << kind_name(kind) << ", sha256 " << keys::to_hex(digest) << ")\n";
    out << "  position   " << hit.position << "\n";
    const std::uint64_t offset = one<std::uint64_t>(file, hit.table + "/offset", hit.row);
    const std::uint64_t length = one<std::uint64_t>(file, hit.table + "/length", hit.row);
    out << "  bytes      " << length << " at offset " << offset << "\n";
    // An event is keyed under its record: the record's position, bytes and lineage, and the
    // event's number within the record (its events are consecutive rows).
    std::uint64_t record_position = hit.position;
    std::uint64_t record_offset = offset;
    std::uint64_t record_length = length;
    std::uint64_t ordinal = 0;
    keys::Digest32 record_lineage = needle;
    if (hit.table == "events") {
      record_position = one<std::uint64_t>(file, "identity/position", hit.identity);
      record_offset = one<std::uint64_t>(file, "identity/offset", hit.identity);
      record_length = one<std::uint64_t>(file, "identity/length", hit.identity);
      const auto stored = h5::read_fixed_bytes(file, "identity/lineage", hit.identity, 1);
      std::memcpy(record_lineage.data(), stored.data(), record_lineage.size());
      const std::uint64_t window = std::min<std::uint64_t>(hit.row + 1, 65536);
      const auto owners = h5::read_column<std::uint64_t>(file, "events/identity", hit.row + 1 - window, window);
      for (auto it = owners.rbegin(); it != owners.rend() && *it == hit.identity; ++it) ++ordinal;
      out << "  record     identity row " << hit.identity << " (position " << record_position << "), event "
          << ordinal << " of it\n";
    }
    if (hit.table == "quarantine") {
      const auto reason = static_cast<parse::Reason>(one<std::uint16_t>(file, "quarantine/reason", hit.row));
      out << "  reason     " << static_cast<int>(reason) << " " << parse::reason_name(reason) << ": "
          << one_text(file, "quarantine/message", hit.row) << "\n";
    }
    // Recompute from the source file when it is still there.
    if (comm.is_root()) {
      const std::filesystem::path path = std::filesystem::path(root_dir) / relative;
      std::string bytes;
      if (!read_whole_file(path.string(), std::uint64_t{1} << 40, bytes).empty()) {
        out << "  verified   no: the source file is not readable at that path any more\n";
      } else {
        const auto now = keys::Sha256::digest(bytes);
        if (now != digest) {
          out << "  verified   no: the source file changed since ingest (SHA-256 differs)\n";
        } else if (offset + length > bytes.size() || record_offset + record_length > bytes.size()) {
          out << "  verified   no: the recorded byte range is outside the file\n";
        } else {
          const auto at = [&](std::uint64_t o, std::uint64_t n) {
            return std::as_bytes(std::span<const char>(bytes.data() + o, n));
          };
          bool same = keys::lineage_hash(mac, digest, record_position, at(record_offset, record_length)) ==
                      record_lineage;
          if (hit.table == "events") same = same && keys::lineage_hash(mac, record_lineage, ordinal, at(offset, length)) == needle;
          out << "  verified   " << (same ? "yes: file digest and lineage recomputed from the source file"
                                          : "no: the lineage does not recompute from the source bytes")
              << "\n";
        }
      }
    }
    if (options.show_identity) {
      const std::uint64_t id_row = hit.table == "events" ? hit.identity : hit.row;
      if (hit.table == "quarantine") {
        out << "  identity   (quarantined record: see quarantine/raw row " << hit.row << ")\n";
      } else {
        out << "  identity   (personal data, shown because of --show-identity)\n";
        for (const char* field : {"kanji_name", "kana_name", "sex", "birth", "insurer", "symbol", "number", "branch",
                                  "postal_code", "patient_id"}) {
          out << "    " << field << " = " << one_text(file, std::string("identity/raw/") + field, id_row) << "\n";
        }
      }
    }
  }
  if (comm.is_root()) {
    std::fputs(out.str().c_str(), stdout);
    std::fflush(stdout);
  }
  return hits.size();
}

}  // namespace nayose::ingest
