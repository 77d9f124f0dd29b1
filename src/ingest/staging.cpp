#include "src/ingest/staging.hpp"

#include <array>
#include <string>

#include "src/h5/columns.hpp"

namespace nayose::ingest {

namespace {

constexpr std::array<const char*, 17> kRawNames = {
    "kanji_name", "kana_name", "kanji_surname", "kanji_given", "kana_surname", "kana_given",
    "sex",        "birth",     "insurer",       "symbol",      "number",       "branch",
    "postal_code", "address",  "municipality",  "patient_id",  "care_number"};

std::array<const std::string*, 17> raw_fields(const parse::RawIdentity& r) {
  return {&r.kanji_name, &r.kana_name, &r.kanji_surname, &r.kanji_given, &r.kana_surname, &r.kana_given,
          &r.sex,        &r.birth,     &r.insurer,       &r.symbol,      &r.number,       &r.branch,
          &r.postal_code, &r.address,  &r.municipality,  &r.patient_id,  &r.care_number};
}

constexpr std::array<const char*, 18> kNormNames = {
    "kanji_name", "kanji_surname", "kanji_given", "kanji_soft_key", "kana_name", "kana_surname",
    "kana_given", "kana_key",      "kana_surname_key", "kana_given_key", "insurer", "symbol",
    "number",     "branch",        "postal_code", "municipality",   "patient_id", "care_number"};

std::array<const std::string*, 18> norm_fields(const StagedIdentity& n) {
  return {&n.kanji_name, &n.kanji_surname, &n.kanji_given, &n.kanji_soft_key, &n.kana_name, &n.kana_surname,
          &n.kana_given, &n.kana_key,      &n.kana_surname_key, &n.kana_given_key, &n.insurer, &n.symbol,
          &n.number,     &n.branch,        &n.postal_code, &n.municipality,   &n.patient_id, &n.care_number};
}

// A column of `T` written from its spill file, with `shift` added to every value (rank-local row
// references made global).
template <typename T>
void write_spilled(h5::File& file, const char* path, SpillColumn& column, T shift = 0) {
  h5::write_column_streamed<T>(file, path, column.rows(), [&](std::uint64_t first, std::uint64_t count, void* out) {
    column.read_rows(first, count, out);
    if (shift != 0) {
      T* values = static_cast<T*>(out);
      for (std::uint64_t i = 0; i < count; ++i) values[i] += shift;
    }
  });
}

void write_spilled_bytes(h5::File& file, const char* path, SpillColumn& column, std::size_t width) {
  h5::write_fixed_bytes_streamed(file, path, column.rows(), width,
                                 [&](std::uint64_t first, std::uint64_t count, void* out) {
                                   column.read_rows(first, count, out);
                                 });
}

void write_spilled_ragged(h5::File& file, const std::string& path, SpillRagged& column) {
  h5::write_ragged_streamed(
      file, path, column.rows(), column.data_bytes(),
      [&](std::uint64_t first, std::uint64_t count, void* out) { column.read_ends(first, count, out); },
      [&](std::uint64_t first, std::uint64_t count, void* out) { column.read_data(first, count, out); });
}

}  // namespace

struct StagingColumns::Columns {
  explicit Columns(const std::filesystem::path& d)
      : source_root(d, 4), source_path(d), source_kind(d, 1), source_bytes(d, 8), source_sha256(d, 32),
        source_read(d, 8), source_accepted(d, 8), source_quarantined(d, 8), source_reason(d, 2), source_message(d),
        identity_source(d, 8), identity_kind(d, 1), identity_position(d, 8), identity_offset(d, 8),
        identity_length(d, 8), identity_lineage(d, 32), identity_facility(d), identity_service_month(d, 4),
        identity_service_date(d, 4), norm_sex(d, 1), norm_birth(d, 4), norm_flags(d, 4), event_identity(d, 8),
        event_kind(d, 1), event_position(d, 8), event_offset(d, 8), event_length(d, 8), event_lineage(d, 32),
        event_code(d), event_name(d), event_value(d), event_unit(d), event_extra(d), event_date(d, 4),
        event_points(d, 4), event_count(d, 4), quarantine_source(d, 8), quarantine_kind(d, 1),
        quarantine_position(d, 8), quarantine_offset(d, 8), quarantine_length(d, 8), quarantine_reason(d, 2),
        quarantine_message(d), quarantine_raw(d), quarantine_lineage(d, 32) {
    for (std::size_t i = 0; i < kRawNames.size(); ++i) raw.emplace_back(d);
    for (std::size_t i = 0; i < kNormNames.size(); ++i) norm_text.emplace_back(d);
  }
  // sources/*
  SpillColumn source_root;
  SpillRagged source_path;
  SpillColumn source_kind, source_bytes, source_sha256, source_read, source_accepted, source_quarantined, source_reason;
  SpillRagged source_message;
  // identity/*
  SpillColumn identity_source;  // rank-local source row
  SpillColumn identity_kind, identity_position, identity_offset, identity_length, identity_lineage;
  SpillRagged identity_facility;
  SpillColumn identity_service_month, identity_service_date;
  std::vector<SpillRagged> raw;
  std::vector<SpillRagged> norm_text;
  SpillColumn norm_sex, norm_birth, norm_flags;
  // events/*
  SpillColumn event_identity;  // rank-local identity row
  SpillColumn event_kind, event_position, event_offset, event_length, event_lineage;
  SpillRagged event_code, event_name, event_value, event_unit, event_extra;
  SpillColumn event_date, event_points, event_count;
  // quarantine/*
  SpillColumn quarantine_source;  // rank-local source row
  SpillColumn quarantine_kind, quarantine_position, quarantine_offset, quarantine_length, quarantine_reason;
  SpillRagged quarantine_message, quarantine_raw;
  SpillColumn quarantine_lineage;
};

StagingColumns::StagingColumns(const std::filesystem::path& spill_directory)
    : c_(std::make_unique<Columns>(spill_directory)) {}
StagingColumns::~StagingColumns() = default;

std::uint64_t StagingColumns::sources() const { return c_->source_root.rows(); }
std::uint64_t StagingColumns::identities() const { return c_->identity_position.rows(); }
std::uint64_t StagingColumns::events() const { return c_->event_identity.rows(); }
std::uint64_t StagingColumns::quarantined() const { return c_->quarantine_position.rows(); }

std::uint64_t StagingColumns::spilled_bytes() const {
  const Columns& c = *c_;
  std::uint64_t total = 0;
  for (const SpillColumn* col :
       {&c.source_root, &c.source_kind, &c.source_bytes, &c.source_sha256, &c.source_read, &c.source_accepted,
        &c.source_quarantined, &c.source_reason, &c.identity_source, &c.identity_kind, &c.identity_position,
        &c.identity_offset, &c.identity_length, &c.identity_lineage, &c.identity_service_month,
        &c.identity_service_date, &c.norm_sex, &c.norm_birth, &c.norm_flags, &c.event_identity, &c.event_kind,
        &c.event_position, &c.event_offset, &c.event_length, &c.event_lineage, &c.event_date, &c.event_points,
        &c.event_count, &c.quarantine_source, &c.quarantine_kind, &c.quarantine_position, &c.quarantine_offset,
        &c.quarantine_length, &c.quarantine_reason, &c.quarantine_lineage}) {
    total += col->bytes();
  }
  for (const SpillRagged* col : {&c.source_path, &c.source_message, &c.identity_facility, &c.event_code, &c.event_name,
                                 &c.event_value, &c.event_unit, &c.event_extra, &c.quarantine_message, &c.quarantine_raw}) {
    total += col->bytes();
  }
  for (const auto& col : c.raw) total += col.bytes();
  for (const auto& col : c.norm_text) total += col.bytes();
  return total;
}

void StagingColumns::append(const SourceFile& file, const FileOutcome& outcome) {
  Columns& c = *c_;
  const std::uint64_t source_local = c.source_root.rows();
  c.source_root.push_value<std::uint32_t>(file.root);
  c.source_path.push(file.path);
  c.source_kind.push_value<std::uint8_t>(outcome.kind);
  c.source_bytes.push_value<std::uint64_t>(outcome.bytes);
  c.source_sha256.push(outcome.sha256.data());
  c.source_read.push_value<std::uint64_t>(outcome.records_read());
  c.source_accepted.push_value<std::uint64_t>(outcome.identities.size());
  c.source_quarantined.push_value<std::uint64_t>(outcome.quarantine.size());
  c.source_reason.push_value<std::uint16_t>(static_cast<std::uint16_t>(outcome.reason));
  c.source_message.push(outcome.message);

  for (const auto& id : outcome.identities) {
    const std::uint64_t identity_local = c.identity_position.rows();
    c.identity_source.push_value<std::uint64_t>(source_local);
    c.identity_kind.push_value<std::uint8_t>(outcome.kind);
    c.identity_position.push_value<std::uint64_t>(id.position);
    c.identity_offset.push_value<std::uint64_t>(id.bytes.offset);
    c.identity_length.push_value<std::uint64_t>(id.bytes.size);
    c.identity_lineage.push(id.lineage.data());
    c.identity_facility.push(id.facility);
    c.identity_service_month.push_value<std::uint32_t>(id.norm.service_month);
    c.identity_service_date.push_value<std::uint32_t>(id.norm.service_date);
    const auto raw = raw_fields(id.raw);
    for (std::size_t i = 0; i < raw.size(); ++i) c.raw[i].push(*raw[i]);
    const auto norm = norm_fields(id.norm);
    for (std::size_t i = 0; i < norm.size(); ++i) c.norm_text[i].push(*norm[i]);
    c.norm_sex.push_value<std::uint8_t>(id.norm.sex);
    c.norm_birth.push_value<std::uint32_t>(id.norm.birth);
    c.norm_flags.push_value<std::uint32_t>(id.norm.flags);
    for (const auto& e : id.events) {
      c.event_identity.push_value<std::uint64_t>(identity_local);
      c.event_kind.push_value<std::uint8_t>(static_cast<std::uint8_t>(e.kind));
      c.event_position.push_value<std::uint64_t>(e.position);
      c.event_offset.push_value<std::uint64_t>(e.bytes.offset);
      c.event_length.push_value<std::uint64_t>(e.bytes.size);
      c.event_lineage.push(e.lineage.data());
      c.event_code.push(e.code);
      c.event_name.push(e.name);
      c.event_value.push(e.value);
      c.event_unit.push(e.unit);
      c.event_extra.push(e.extra);
      c.event_date.push_value<std::uint32_t>(e.date);
      c.event_points.push_value<std::int32_t>(e.points);
      c.event_count.push_value<std::int32_t>(e.count);
    }
  }
  for (const auto& q : outcome.quarantine) {
    c.quarantine_source.push_value<std::uint64_t>(source_local);
    c.quarantine_kind.push_value<std::uint8_t>(outcome.kind);
    c.quarantine_position.push_value<std::uint64_t>(q.position);
    c.quarantine_offset.push_value<std::uint64_t>(q.bytes.offset);
    c.quarantine_length.push_value<std::uint64_t>(q.bytes.size);
    c.quarantine_reason.push_value<std::uint16_t>(static_cast<std::uint16_t>(q.reason));
    c.quarantine_message.push(q.message);
    c.quarantine_raw.push(q.raw);
    c.quarantine_lineage.push(q.lineage.data());
  }
}

void StagingColumns::write(h5::File& file, std::uint64_t first_source) {
  Columns& c = *c_;
  const std::uint64_t first_identity = file.comm().exscan_sum<std::uint64_t>(c.identity_position.rows());

  write_spilled<std::uint32_t>(file, "sources/root", c.source_root);
  write_spilled_ragged(file, "sources/path", c.source_path);
  write_spilled<std::uint8_t>(file, "sources/kind", c.source_kind);
  write_spilled<std::uint64_t>(file, "sources/bytes", c.source_bytes);
  write_spilled_bytes(file, "sources/sha256", c.source_sha256, keys::kDigestSize);
  write_spilled<std::uint64_t>(file, "sources/records_read", c.source_read);
  write_spilled<std::uint64_t>(file, "sources/accepted", c.source_accepted);
  write_spilled<std::uint64_t>(file, "sources/quarantined", c.source_quarantined);
  write_spilled<std::uint16_t>(file, "sources/reason", c.source_reason);
  write_spilled_ragged(file, "sources/message", c.source_message);

  write_spilled<std::uint64_t>(file, "identity/source", c.identity_source, first_source);
  write_spilled<std::uint8_t>(file, "identity/kind", c.identity_kind);
  write_spilled<std::uint64_t>(file, "identity/position", c.identity_position);
  write_spilled<std::uint64_t>(file, "identity/offset", c.identity_offset);
  write_spilled<std::uint64_t>(file, "identity/length", c.identity_length);
  write_spilled_bytes(file, "identity/lineage", c.identity_lineage, keys::kDigestSize);
  write_spilled_ragged(file, "identity/facility", c.identity_facility);
  write_spilled<std::uint32_t>(file, "identity/service_month", c.identity_service_month);
  write_spilled<std::uint32_t>(file, "identity/service_date", c.identity_service_date);
  for (std::size_t i = 0; i < kRawNames.size(); ++i) {
    write_spilled_ragged(file, std::string("identity/raw/") + kRawNames[i], c.raw[i]);
  }
  for (std::size_t i = 0; i < kNormNames.size(); ++i) {
    write_spilled_ragged(file, std::string("identity/") + kNormNames[i], c.norm_text[i]);
  }
  write_spilled<std::uint8_t>(file, "identity/sex", c.norm_sex);
  write_spilled<std::uint32_t>(file, "identity/birth", c.norm_birth);
  write_spilled<std::uint32_t>(file, "identity/flags", c.norm_flags);

  write_spilled<std::uint64_t>(file, "events/identity", c.event_identity, first_identity);
  write_spilled<std::uint8_t>(file, "events/kind", c.event_kind);
  write_spilled<std::uint64_t>(file, "events/position", c.event_position);
  write_spilled<std::uint64_t>(file, "events/offset", c.event_offset);
  write_spilled<std::uint64_t>(file, "events/length", c.event_length);
  write_spilled_bytes(file, "events/lineage", c.event_lineage, keys::kDigestSize);
  write_spilled_ragged(file, "events/code", c.event_code);
  write_spilled_ragged(file, "events/name", c.event_name);
  write_spilled_ragged(file, "events/value", c.event_value);
  write_spilled_ragged(file, "events/unit", c.event_unit);
  write_spilled_ragged(file, "events/extra", c.event_extra);
  write_spilled<std::uint32_t>(file, "events/date", c.event_date);
  write_spilled<std::int32_t>(file, "events/points", c.event_points);
  write_spilled<std::int32_t>(file, "events/count", c.event_count);

  write_spilled<std::uint64_t>(file, "quarantine/source", c.quarantine_source, first_source);
  write_spilled<std::uint8_t>(file, "quarantine/kind", c.quarantine_kind);
  write_spilled<std::uint64_t>(file, "quarantine/position", c.quarantine_position);
  write_spilled<std::uint64_t>(file, "quarantine/offset", c.quarantine_offset);
  write_spilled<std::uint64_t>(file, "quarantine/length", c.quarantine_length);
  write_spilled<std::uint16_t>(file, "quarantine/reason", c.quarantine_reason);
  write_spilled_ragged(file, "quarantine/message", c.quarantine_message);
  write_spilled_ragged(file, "quarantine/raw", c.quarantine_raw);
  write_spilled_bytes(file, "quarantine/lineage", c.quarantine_lineage, keys::kDigestSize);
}

}  // namespace nayose::ingest
