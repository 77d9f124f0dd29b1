#pragma once
// One source file through ingest, without MPI or HDF5: parse (src/parse), normalise and validate
// each record (identity.hpp), and key every row with its lineage hash. Pure apart from the HMAC
// object it is given (one per thread); the result depends only on the file's bytes, its path and
// the lineage key, never on which rank or thread ran it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/ingest/identity.hpp"
#include "src/keys/digest.hpp"
#include "src/keys/hmac_sha256.hpp"
#include "src/parse/record.hpp"

namespace nayose::ingest {

// An input file: which --sources directory it is under and its path relative to it.
struct SourceFile {
  std::uint32_t root = 0;
  std::string path;          // relative, '/'-separated
  std::uint64_t size = 0;    // from the directory walk (the bytes read are authoritative)
};

// Lineage (src/keys/lineage.hpp's encoding): a record (identity or quarantine row) hashes
//   HMAC(lineage key, SHA-256(file) ‖ position ‖ the record's bytes);
// an event hashes HMAC(lineage key, its record's lineage ‖ its number within the record (1-based) ‖
// the event's bytes), since several events may come from the same bytes.
struct EventRow {
  parse::EventKind kind = parse::EventKind::diagnosis;
  std::uint64_t position = 0;
  parse::ByteSpan bytes;
  keys::Digest32 lineage{};
  std::string code, name, value, unit, extra;
  std::uint32_t date = 0;
  std::int32_t points = 0;
  std::int32_t count = 1;
};

struct IdentityRow {
  std::uint64_t position = 0;
  parse::ByteSpan bytes;
  keys::Digest32 lineage{};
  std::string facility;
  parse::RawIdentity raw;
  StagedIdentity norm;
  std::vector<EventRow> events;
};

struct QuarantineRow {
  std::uint64_t position = 0;
  parse::ByteSpan bytes;
  parse::Reason reason = parse::Reason::none;
  std::string message;
  std::string raw;
  keys::Digest32 lineage{};
};

// Everything one file contributes to staging.
struct FileOutcome {
  std::uint8_t kind = 0;  // parse::SourceKind value, 0 = unrecognised
  std::uint64_t bytes = 0;
  keys::Digest32 sha256{};
  parse::Reason reason = parse::Reason::none;  // file-level
  std::string message;                         // file-level, no content
  std::vector<IdentityRow> identities;
  std::vector<QuarantineRow> quarantine;
  std::uint64_t records_read() const { return identities.size() + quarantine.size(); }
};

// Parses, normalises and hashes one file's bytes. `mac` is keyed with the lineage key.
FileOutcome ingest_bytes(std::string_view relative_path, std::string_view bytes, keys::HmacSha256& mac);

// A file that could not be read at all (the message says why, without content).
FileOutcome unreadable_file(std::string_view relative_path, std::string message);

// Reads a whole regular file (no symlink) of at most `max_bytes` into `out`. Returns "" or why not
// (the OS error; never content).
std::string read_whole_file(const std::string& path, std::uint64_t max_bytes, std::string& out);

// Text of a lineage / digest for messages and trace output.
std::string hex(const keys::Digest32& digest);

}  // namespace nayose::ingest
