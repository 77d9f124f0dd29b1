#pragma once
// nayose trace: from a lineage hash back to the source file and position of the staged row that
// carries it (identity, event or quarantine), and — when the source file is still where ingest
// read it — proof by recomputation: the file's SHA-256 equals the staged one and the HMAC of the
// recorded bytes equals the lineage.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/mpi/communicator.hpp"

namespace nayose::ingest {

struct TraceOptions {
  std::string staging;
  std::string lineage;  // 64 hex characters
  std::string keys;
  bool show_identity = false;
};

struct TraceHit {
  std::string table;          // "identity", "events", "quarantine"
  std::uint64_t row = 0;
  std::uint64_t source = 0;   // sources/* row
  std::uint64_t identity = 0; // events: the identity row
  std::uint64_t position = 0;
};

// Collective. Prints the report on rank 0; returns the number of rows found (0 or 1 normally).
// Throws ConfigError for a malformed --lineage, KeyFileError / Error when the key file is not the
// one the staging file was written with.
std::uint64_t run_trace(const mpi::Communicator& comm, const TraceOptions& options);

}  // namespace nayose::ingest
