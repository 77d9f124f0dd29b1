#include "src/mpi/route_by_key.hpp"

#include <climits>

#include "src/common/error.hpp"

namespace nayose::mpi {

std::size_t route_chunk_records(std::size_t max_bytes_per_round, std::size_t record_bytes, int ranks) {
  if (record_bytes == 0 || ranks <= 0) throw Error("route_chunk_records: invalid record size or rank count");
  const std::size_t per_destination = max_bytes_per_round / (static_cast<std::size_t>(ranks) * record_bytes);
  // Keep every per-round count within int for MPI (INT_MAX / ranks so that the sums fit too).
  const std::size_t cap = static_cast<std::size_t>(INT_MAX) / static_cast<std::size_t>(ranks);
  return std::clamp<std::size_t>(per_destination, 1, cap);
}

}  // namespace nayose::mpi
