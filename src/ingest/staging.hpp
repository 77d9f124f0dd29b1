#pragma once
// The staging file's columns on one rank (hdf5-schemas/staging.json), appended file by file in the
// global order to rank-local spill files (spill.hpp) and written collectively at the end, chunk by
// chunk: a rank's memory stays bounded by one round of parsing plus one chunk per column, whatever
// its share of the input.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "src/h5/file.hpp"
#include "src/ingest/file_ingest.hpp"
#include "src/ingest/spill.hpp"

namespace nayose::ingest {

class StagingColumns {
 public:
  // Spill files go to `spill_directory` (created files are unlinked at once).
  explicit StagingColumns(const std::filesystem::path& spill_directory);
  ~StagingColumns();
  StagingColumns(const StagingColumns&) = delete;
  StagingColumns& operator=(const StagingColumns&) = delete;

  // Appends one file's outcome; files must come in global order.
  void append(const SourceFile& file, const FileOutcome& outcome);

  std::uint64_t sources() const;
  std::uint64_t identities() const;
  std::uint64_t events() const;
  std::uint64_t quarantined() const;
  // Bytes spilled to disk so far.
  std::uint64_t spilled_bytes() const;

  // Collective: writes every column. `first_source` is the global row of this rank's first file.
  void write(h5::File& file, std::uint64_t first_source);

 private:
  struct Columns;
  std::unique_ptr<Columns> c_;
};

}  // namespace nayose::ingest
