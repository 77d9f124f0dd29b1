#pragma once
// Ground truth of a generate run (hdf5-schemas/truth.json): collected per rank while files are
// written, written collectively at the end in an order that does not depend on the rank count.
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/synth/facilities.hpp"
#include "kernels/synth/model.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::generate {

struct TruthTotals {
  std::uint64_t files = 0;            // global
  std::uint64_t records = 0;          // global
  std::uint64_t invalid_records = 0;  // global
  std::uint64_t bytes = 0;            // global
};

struct TruthRunInfo {
  std::uint64_t seed = 0;
  std::uint64_t persons = 0;
  std::string period;
};

class TruthBuilder {
 public:
  // `bytes`: the file's size (its content may already have been released).
  void add_file(std::uint32_t facility, std::uint32_t year_month, const synth::WrittenFile& file, std::uint64_t bytes);
  // Collective. This rank's persons must be a contiguous id range following the lower ranks' ones,
  // and its files those of a contiguous facility range following the lower ranks' facilities.
  TruthTotals write(const mpi::Communicator& comm, const std::string& path, const std::vector<synth::Person>& persons,
                    const synth::FacilityCatalog& catalog, const TruthRunInfo& info) const;

 private:
  struct FileRow {
    std::uint32_t facility;
    std::uint32_t year_month;
    std::uint8_t kind;
    std::string path;
    std::uint64_t bytes;
    std::uint64_t first_record;  // into records_
    std::uint64_t records;
  };
  std::vector<FileRow> files_;
  std::vector<synth::RecordTruth> records_;
};

// "bad check digit: ..." — what a corruption did, for truth's invalid/what.
std::string describe_corruption(synth::Corruption corruption, synth::SourceKind kind);

std::uint32_t yyyymmdd(const synth::Date& date);

}  // namespace nayose::generate
