#pragma once
// The staging file's columns on one rank (hdf5-schemas/staging.json), filled file by file in the
// global order and written collectively at the end.
#include <cstdint>
#include <vector>

#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/ingest/file_ingest.hpp"

namespace nayose::ingest {

class StagingColumns {
 public:
  // Appends one file's outcome; files must come in global order.
  void append(const SourceFile& file, const FileOutcome& outcome);

  std::uint64_t sources() const { return source_root_.size(); }
  std::uint64_t identities() const { return identity_position_.size(); }
  std::uint64_t events() const { return event_identity_.size(); }
  std::uint64_t quarantined() const { return quarantine_position_.size(); }
  // Bytes held (for the memory report).
  std::uint64_t memory_bytes() const;

  // Collective: writes every column. `first_source` is the global row of this rank's first file.
  void write(h5::File& file, std::uint64_t first_source) const;

 private:
  // sources/*
  std::vector<std::uint32_t> source_root_;
  h5::RaggedColumn source_path_;
  std::vector<std::uint8_t> source_kind_;
  std::vector<std::uint64_t> source_bytes_;
  std::vector<std::byte> source_sha256_;
  std::vector<std::uint64_t> source_read_, source_accepted_, source_quarantined_;
  std::vector<std::uint16_t> source_reason_;
  h5::RaggedColumn source_message_;
  // identity/*
  std::vector<std::uint64_t> identity_source_local_;  // rank-local source row
  std::vector<std::uint8_t> identity_kind_;
  std::vector<std::uint64_t> identity_position_, identity_offset_, identity_length_;
  std::vector<std::byte> identity_lineage_;
  h5::RaggedColumn identity_facility_;
  std::vector<std::uint32_t> identity_service_month_, identity_service_date_;
  h5::RaggedColumn raw_[17];
  h5::RaggedColumn norm_text_[18];
  std::vector<std::uint8_t> norm_sex_;
  std::vector<std::uint32_t> norm_birth_, norm_flags_;
  // events/*
  std::vector<std::uint64_t> event_identity_;  // rank-local identity row
  std::vector<std::uint8_t> event_kind_;
  std::vector<std::uint64_t> event_position_, event_offset_, event_length_;
  std::vector<std::byte> event_lineage_;
  h5::RaggedColumn event_code_, event_name_, event_value_, event_unit_, event_extra_;
  std::vector<std::uint32_t> event_date_;
  std::vector<std::int32_t> event_points_, event_count_;
  // quarantine/*
  std::vector<std::uint64_t> quarantine_source_local_;
  std::vector<std::uint8_t> quarantine_kind_;
  std::vector<std::uint64_t> quarantine_position_, quarantine_offset_, quarantine_length_;
  std::vector<std::uint16_t> quarantine_reason_;
  h5::RaggedColumn quarantine_message_, quarantine_raw_;
  std::vector<std::byte> quarantine_lineage_;
};

}  // namespace nayose::ingest
