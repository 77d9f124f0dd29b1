#pragma once
// The error policy (README "Error policy"):
//  - exceptions at boundaries: configuration, input files, I/O, MPI and HDF5 calls, key files;
//  - expected bad *records* are values (quarantine entries), never exceptions;
//  - every configuration error is reported in one go (ConfigError carries a list);
//  - all ranks fail together: see src/mpi/failure.hpp.
// Messages never contain personal data or key material: they name files, record positions and reasons.
#include <stdexcept>
#include <string>
#include <vector>

namespace nayose {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Invalid configuration; carries every problem found, not just the first.
class ConfigError : public Error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  std::vector<std::string> problems_;
};

class IoError : public Error {
 public:
  using Error::Error;
};

class MpiError : public Error {
 public:
  using Error::Error;
};

class H5Error : public Error {
 public:
  using Error::Error;
};

// A key file that is missing, malformed or has unsafe permissions.
class KeyFileError : public Error {
 public:
  using Error::Error;
};

// A failure that every rank has agreed on (src/mpi/failure.hpp). The message was produced by
// `origin_rank` and has already been broadcast to all ranks; rank 0 prints it once.
class CollectiveFailure : public Error {
 public:
  CollectiveFailure(int origin_rank, int failed_ranks, const std::string& message);
  int origin_rank() const noexcept { return origin_rank_; }
  int failed_ranks() const noexcept { return failed_ranks_; }

 private:
  int origin_rank_;
  int failed_ranks_;
};

}  // namespace nayose
