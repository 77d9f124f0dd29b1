#pragma once
// The parallel-I/O probe of `nayose doctor`: can these ranks write one HDF5 file collectively in
// this directory, does every rank see what the others wrote, and was the I/O really collective?
//
// probe_parallel_io() creates a doctor_probe file (hdf5-schemas/doctor_probe.json) in `dir` with
// File::create/commit, every rank writing `rows_per_rank` rows whose values are a pure function of
// (rank, row); then every rank opens the committed file and reads back the NEXT rank's rows
// ((rank + 1) mod ranks) and checks them, which proves that data crossed between ranks (and nodes)
// through the file system. The file is deleted before returning (also on failure).
//
// Problems with the directory (missing, not writable, full) are thrown as nayose::IoError naming
// the directory and the reason, on every rank together. A wrong read-back is not an exception but
// a fact in the report (read_back_ok = false with the first mismatch).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "src/h5/file.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::h5 {

// What one rank observed.
struct IoProbeReport {
  std::string file;                   // the probe file (already deleted)
  std::uint64_t rows_written = 0;     // by this rank
  std::uint64_t bytes_written = 0;    // payload bytes this rank wrote (every column, ragged offsets included)
  double write_seconds = 0.0;         // this rank, from create to the end of commit
  double read_seconds = 0.0;          // this rank, from open to the end of the check
  int read_back_rank = 0;             // whose rows this rank read back
  bool read_back_ok = false;
  std::string read_back_problem;      // the first mismatch if !read_back_ok
  bool collective = false;            // every column write was collective
  std::string no_collective_cause;    // HDF5's reasons if not
  std::uint64_t file_bytes = 0;       // size of the committed file (same on every rank)
};

// Collective over `comm`.
IoProbeReport probe_parallel_io(const mpi::Communicator& comm, const std::string& dir, std::size_t rows_per_rank);

// The two halves of the probe, for tests and tools that keep the file (e.g. to read it with h5py).
// Collective: writes and commits a doctor_probe file at `path`; fills the write-side fields.
IoProbeReport write_probe_file(const mpi::Communicator& comm, const std::filesystem::path& path, std::size_t rows_per_rank);
// Collective: checks the rows that `source_rank` wrote in an open doctor_probe file; returns the
// first mismatch, or an empty string if every value is as written.
std::string check_probe_rows(const File& file, int source_rank);

}  // namespace nayose::h5
