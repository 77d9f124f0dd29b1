#include "src/ingest/staging.hpp"

#include <array>
#include <string>

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

void push_digest(std::vector<std::byte>& out, const keys::Digest32& d) { out.insert(out.end(), d.begin(), d.end()); }

std::uint64_t ragged_bytes(const h5::RaggedColumn& c) { return c.data.size() + c.offsets.size() * 8; }

}  // namespace

void StagingColumns::append(const SourceFile& file, const FileOutcome& outcome) {
  const std::uint64_t source_local = source_root_.size();
  source_root_.push_back(file.root);
  source_path_.push_back(file.path);
  source_kind_.push_back(outcome.kind);
  source_bytes_.push_back(outcome.bytes);
  push_digest(source_sha256_, outcome.sha256);
  source_read_.push_back(outcome.records_read());
  source_accepted_.push_back(outcome.identities.size());
  source_quarantined_.push_back(outcome.quarantine.size());
  source_reason_.push_back(static_cast<std::uint16_t>(outcome.reason));
  source_message_.push_back(outcome.message);

  for (const auto& id : outcome.identities) {
    const std::uint64_t identity_local = identity_position_.size();
    identity_source_local_.push_back(source_local);
    identity_kind_.push_back(outcome.kind);
    identity_position_.push_back(id.position);
    identity_offset_.push_back(id.bytes.offset);
    identity_length_.push_back(id.bytes.size);
    push_digest(identity_lineage_, id.lineage);
    identity_facility_.push_back(id.facility);
    identity_service_month_.push_back(id.norm.service_month);
    identity_service_date_.push_back(id.norm.service_date);
    const auto raw = raw_fields(id.raw);
    for (std::size_t i = 0; i < raw.size(); ++i) raw_[i].push_back(*raw[i]);
    const auto norm = norm_fields(id.norm);
    for (std::size_t i = 0; i < norm.size(); ++i) norm_text_[i].push_back(*norm[i]);
    norm_sex_.push_back(id.norm.sex);
    norm_birth_.push_back(id.norm.birth);
    norm_flags_.push_back(id.norm.flags);
    for (const auto& e : id.events) {
      event_identity_.push_back(identity_local);
      event_kind_.push_back(static_cast<std::uint8_t>(e.kind));
      event_position_.push_back(e.position);
      event_offset_.push_back(e.bytes.offset);
      event_length_.push_back(e.bytes.size);
      push_digest(event_lineage_, e.lineage);
      event_code_.push_back(e.code);
      event_name_.push_back(e.name);
      event_value_.push_back(e.value);
      event_unit_.push_back(e.unit);
      event_extra_.push_back(e.extra);
      event_date_.push_back(e.date);
      event_points_.push_back(e.points);
      event_count_.push_back(e.count);
    }
  }
  for (const auto& q : outcome.quarantine) {
    quarantine_source_local_.push_back(source_local);
    quarantine_kind_.push_back(outcome.kind);
    quarantine_position_.push_back(q.position);
    quarantine_offset_.push_back(q.bytes.offset);
    quarantine_length_.push_back(q.bytes.size);
    quarantine_reason_.push_back(static_cast<std::uint16_t>(q.reason));
    quarantine_message_.push_back(q.message);
    quarantine_raw_.push_back(q.raw);
    push_digest(quarantine_lineage_, q.lineage);
  }
}

std::uint64_t StagingColumns::memory_bytes() const {
  std::uint64_t total = source_path_.data.size() + source_message_.data.size() + source_root_.size() * 64;
  total += identity_position_.size() * (8 * 5 + 32 + 4 * 5 + 1 + 1) + ragged_bytes(identity_facility_);
  for (const auto& c : raw_) total += ragged_bytes(c);
  for (const auto& c : norm_text_) total += ragged_bytes(c);
  total += event_identity_.size() * (8 * 4 + 32 + 4 * 3 + 1);
  for (const auto* c : {&event_code_, &event_name_, &event_value_, &event_unit_, &event_extra_}) total += ragged_bytes(*c);
  total += quarantine_position_.size() * (8 * 4 + 32 + 2 + 1) + ragged_bytes(quarantine_message_) +
           ragged_bytes(quarantine_raw_);
  return total;
}

void StagingColumns::write(h5::File& file, std::uint64_t first_source) const {
  const auto& comm = file.comm();
  const std::uint64_t first_identity = comm.exscan_sum<std::uint64_t>(identity_position_.size());

  h5::write_column(file, "sources/root", source_root_);
  h5::write_ragged(file, "sources/path", source_path_);
  h5::write_column(file, "sources/kind", source_kind_);
  h5::write_column(file, "sources/bytes", source_bytes_);
  h5::write_fixed_bytes(file, "sources/sha256", source_sha256_, keys::kDigestSize);
  h5::write_column(file, "sources/records_read", source_read_);
  h5::write_column(file, "sources/accepted", source_accepted_);
  h5::write_column(file, "sources/quarantined", source_quarantined_);
  h5::write_column(file, "sources/reason", source_reason_);
  h5::write_ragged(file, "sources/message", source_message_);

  std::vector<std::uint64_t> global(identity_source_local_.size());
  for (std::size_t i = 0; i < global.size(); ++i) global[i] = identity_source_local_[i] + first_source;
  h5::write_column(file, "identity/source", global);
  h5::write_column(file, "identity/kind", identity_kind_);
  h5::write_column(file, "identity/position", identity_position_);
  h5::write_column(file, "identity/offset", identity_offset_);
  h5::write_column(file, "identity/length", identity_length_);
  h5::write_fixed_bytes(file, "identity/lineage", identity_lineage_, keys::kDigestSize);
  h5::write_ragged(file, "identity/facility", identity_facility_);
  h5::write_column(file, "identity/service_month", identity_service_month_);
  h5::write_column(file, "identity/service_date", identity_service_date_);
  for (std::size_t i = 0; i < kRawNames.size(); ++i) {
    h5::write_ragged(file, std::string("identity/raw/") + kRawNames[i], raw_[i]);
  }
  for (std::size_t i = 0; i < kNormNames.size(); ++i) {
    h5::write_ragged(file, std::string("identity/") + kNormNames[i], norm_text_[i]);
  }
  h5::write_column(file, "identity/sex", norm_sex_);
  h5::write_column(file, "identity/birth", norm_birth_);
  h5::write_column(file, "identity/flags", norm_flags_);

  global.assign(event_identity_.size(), 0);
  for (std::size_t i = 0; i < global.size(); ++i) global[i] = event_identity_[i] + first_identity;
  h5::write_column(file, "events/identity", global);
  h5::write_column(file, "events/kind", event_kind_);
  h5::write_column(file, "events/position", event_position_);
  h5::write_column(file, "events/offset", event_offset_);
  h5::write_column(file, "events/length", event_length_);
  h5::write_fixed_bytes(file, "events/lineage", event_lineage_, keys::kDigestSize);
  h5::write_ragged(file, "events/code", event_code_);
  h5::write_ragged(file, "events/name", event_name_);
  h5::write_ragged(file, "events/value", event_value_);
  h5::write_ragged(file, "events/unit", event_unit_);
  h5::write_ragged(file, "events/extra", event_extra_);
  h5::write_column(file, "events/date", event_date_);
  h5::write_column(file, "events/points", event_points_);
  h5::write_column(file, "events/count", event_count_);

  global.assign(quarantine_source_local_.size(), 0);
  for (std::size_t i = 0; i < global.size(); ++i) global[i] = quarantine_source_local_[i] + first_source;
  h5::write_column(file, "quarantine/source", global);
  h5::write_column(file, "quarantine/kind", quarantine_kind_);
  h5::write_column(file, "quarantine/position", quarantine_position_);
  h5::write_column(file, "quarantine/offset", quarantine_offset_);
  h5::write_column(file, "quarantine/length", quarantine_length_);
  h5::write_column(file, "quarantine/reason", quarantine_reason_);
  h5::write_ragged(file, "quarantine/message", quarantine_message_);
  h5::write_ragged(file, "quarantine/raw", quarantine_raw_);
  h5::write_fixed_bytes(file, "quarantine/lineage", quarantine_lineage_, keys::kDigestSize);
}

}  // namespace nayose::ingest
