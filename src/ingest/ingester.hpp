#pragma once
// nayose ingest: every file under the --sources directories → one staging HDF5 file.
//
// Distribution: rank 0 walks the directories (sorted by (directory index, relative path)) and
// broadcasts the list; rank r takes a contiguous range of it balanced by bytes. Each rank works
// through its range in rounds of about --batch-mib of input: a oneTBB pipeline parses, normalises
// and hashes the files of a round in parallel (one file per task) while one thread appends the
// outcomes in file order to rank-local spill files (staging.hpp); an allreduce after each round
// gives rank 0 the progress line (MB/s, ETA). The staging file is written collectively at the end
// in global file order, one chunk per column at a time from the spill files, so it is
// byte-identical for any rank and thread count, and a rank's memory is bounded by the files in
// flight in the pipeline (4 per thread) plus a chunk per column.
#include <cstdint>
#include <string>
#include <vector>

#include "src/common/timer.hpp"
#include "src/ingest/file_ingest.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::ingest {

struct IngestOptions {
  std::vector<std::string> sources;  // directories, in order
  std::string out;                   // staging file (final name)
  std::string keys;                  // key file with the `lineage` key
  bool overwrite = false;
  std::uint64_t batch_mib = 256;     // input bytes per rank per round
  std::uint64_t max_file_mib = 4096; // larger files are recorded as unreadable
  std::string spill_dir;             // rank-local spill files; empty = the directory of `out`
};

struct IngestSummary {
  std::uint64_t files = 0;
  std::uint64_t files_rejected = 0;  // sources/reason != 0 (file_not_current included)
  std::uint64_t bytes = 0;
  std::uint64_t records_read = 0;
  std::uint64_t accepted = 0;
  std::uint64_t quarantined = 0;
  std::uint64_t events = 0;
  std::vector<std::uint64_t> quarantined_by_reason;  // indexed by Reason value (global)
  std::vector<std::uint64_t> files_by_reason;         // indexed by Reason value (global)
  std::uint64_t local_records = 0;
  std::uint64_t spilled_bytes = 0;  // max over ranks of the staging columns spilled to disk
};

// The --sources walk: regular files under each directory (symlinks are not followed), sorted.
// Throws IoError naming the directory if it cannot be listed.
std::vector<SourceFile> discover_sources(const std::vector<std::string>& directories);

// Contiguous ranges of `files` with about equal bytes: rank r gets [bounds[r], bounds[r+1]).
std::vector<std::uint64_t> partition_by_bytes(const std::vector<SourceFile>& files, int ranks);

// Collective.
IngestSummary run_ingest(const mpi::Communicator& comm, const IngestOptions& options, PhaseTimers& timers);

}  // namespace nayose::ingest
