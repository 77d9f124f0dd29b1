#include "src/ingest/file_ingest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "src/common/unique_fd.hpp"

#include "src/keys/lineage.hpp"
#include "src/keys/sha256.hpp"
#include "src/parse/source.hpp"

namespace nayose::ingest {

namespace {

std::span<const std::byte> bytes_of(std::string_view bytes, const parse::ByteSpan& span) {
  // Parsers promise spans inside the file; clamp anyway so a parser bug cannot read outside it.
  const std::uint64_t offset = std::min<std::uint64_t>(span.offset, bytes.size());
  const std::uint64_t size = std::min<std::uint64_t>(span.size, bytes.size() - offset);
  return std::as_bytes(std::span<const char>(bytes.data() + offset, size));
}

}  // namespace

std::string read_whole_file(const std::string& path, std::uint64_t max_bytes, std::string& out) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return std::string("cannot stat: ") + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) return "larger than the size limit (" + std::to_string(size) + " bytes)";
  out.resize(size);
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = ::read(fd.get(), out.data() + done, out.size() - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      return std::string("read failed: ") + std::strerror(errno);
    }
    if (got == 0) break;  // shrank while being read: take what is there
    done += static_cast<std::size_t>(got);
  }
  out.resize(done);
  return {};
}

std::string hex(const keys::Digest32& digest) { return keys::to_hex(digest); }

FileOutcome unreadable_file(std::string_view relative_path, std::string message) {
  FileOutcome out;
  if (const auto kind = parse::detect_kind(relative_path)) out.kind = static_cast<std::uint8_t>(*kind);
  out.reason = parse::Reason::file_unreadable;
  out.message = std::move(message);
  return out;
}

FileOutcome ingest_bytes(std::string_view relative_path, std::string_view bytes, keys::HmacSha256& mac) {
  FileOutcome out;
  out.bytes = bytes.size();
  out.sha256 = keys::Sha256::digest(bytes);
  const auto kind = parse::detect_kind(relative_path);
  if (!kind) {
    out.reason = parse::Reason::file_unrecognised;
    out.message = "the path matches no source layout";
    return out;
  }
  out.kind = static_cast<std::uint8_t>(*kind);
  parse::ParsedFile parsed = parse::parse_source(*kind, relative_path, bytes);
  if (parsed.problem) {
    out.reason = parsed.problem->reason;
    out.message = std::move(parsed.problem->message);
    return out;
  }

  // Records and quarantine entries interleave by position; each list is already in order.
  out.identities.reserve(parsed.records.size());
  for (auto& q : parsed.quarantined) {
    QuarantineRow row;
    row.position = q.position;
    row.bytes = q.bytes;
    row.reason = q.reason;
    row.message = std::move(q.message);
    const auto raw = bytes_of(bytes, q.bytes);
    row.raw.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
    row.lineage = keys::lineage_hash(mac, out.sha256, row.position, raw);
    out.quarantine.push_back(std::move(row));
  }
  std::vector<QuarantineRow> late;  // records that parsed but failed validation
  for (auto& record : parsed.records) {
    NormalizedRecord normalized;
    if (record.events.size() > parse::kMaxEventsPerRecord) {
      normalized.reason = parse::Reason::record_too_long;
      normalized.message = "record at position " + std::to_string(record.position) + " has more than " +
                           std::to_string(parse::kMaxEventsPerRecord) + " clinical events";
    } else {
      normalized = normalize_record(*kind, record);
    }
    const auto raw = bytes_of(bytes, record.bytes);
    const keys::Digest32 lineage = keys::lineage_hash(mac, out.sha256, record.position, raw);
    if (normalized.reason != parse::Reason::none) {
      QuarantineRow row;
      row.position = record.position;
      row.bytes = record.bytes;
      row.reason = normalized.reason;
      row.message = std::move(normalized.message);
      row.raw.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
      row.lineage = lineage;
      late.push_back(std::move(row));
      continue;
    }
    IdentityRow row;
    row.position = record.position;
    row.bytes = record.bytes;
    row.lineage = lineage;
    row.facility = std::move(record.facility);
    row.raw = std::move(record.identity);
    row.norm = std::move(normalized.identity);
    row.events.reserve(record.events.size());
    for (std::size_t i = 0; i < record.events.size(); ++i) {
      auto& e = record.events[i];
      EventRow ev;
      ev.kind = e.kind;
      ev.position = e.position;
      ev.bytes = e.bytes;
      // Several events can come from the same bytes (a death line and its causes, an XML
      // document's observations), so an event is keyed under its record's lineage and its
      // 1-based number within the record.
      ev.lineage = keys::lineage_hash(mac, lineage, i + 1, bytes_of(bytes, e.bytes));
      ev.code = std::move(e.code);
      ev.name = std::move(e.name);
      ev.value = std::move(e.value);
      ev.unit = std::move(e.unit);
      ev.extra = std::move(e.extra);
      ev.date = i < normalized.events.size() ? normalized.events[i].date : 0;
      ev.points = e.points;
      ev.count = e.count;
      row.events.push_back(std::move(ev));
    }
    out.identities.push_back(std::move(row));
  }
  if (!late.empty()) {
    // Merge by position (both lists are sorted), keeping the parser's order for equal positions.
    std::vector<QuarantineRow> merged;
    merged.reserve(out.quarantine.size() + late.size());
    std::size_t a = 0;
    std::size_t b = 0;
    while (a < out.quarantine.size() || b < late.size()) {
      if (b == late.size() || (a < out.quarantine.size() && out.quarantine[a].position <= late[b].position)) {
        merged.push_back(std::move(out.quarantine[a++]));
      } else {
        merged.push_back(std::move(late[b++]));
      }
    }
    out.quarantine = std::move(merged);
  }
  return out;
}

}  // namespace nayose::ingest
