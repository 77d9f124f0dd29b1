#pragma once
// route_by_key: deliver every record to the rank that owns its key, in bounded memory.
//
// Owner of a record = reduce_to_range(stable_hash64(key_of(record), seed), P): a pure function of
// the key, so every rank agrees on it and the result does not depend on the thread schedule.
// The exchange runs in rounds: in each round a rank sends at most about `max_bytes_per_round`
// bytes (split evenly across destinations, at least one record per destination) and receives at
// most the same from all sources together, so staging memory is bounded by the budget whatever
// the data size. The output is the records this rank owns, ordered by (source rank, position in
// the source's input): deterministic for given inputs and rank count. Callers that need an order
// independent of the rank count sort the output by a stable key.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "kernels/core/bucket_sort.hpp"
#include "kernels/core/stable_hash.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::mpi {

struct RouteOptions {
  std::size_t max_bytes_per_round = std::size_t{64} << 20;  // per rank, sent per round
  std::uint64_t seed = 0;                                   // hash seed (partition salt)
};

struct RouteStats {
  std::uint64_t rounds = 0;
  std::uint64_t sent = 0;      // records this rank sent (including to itself)
  std::uint64_t received = 0;  // records this rank received
};

// Records per destination per round for a budget: at least 1 so that progress is always made.
std::size_t route_chunk_records(std::size_t max_bytes_per_round, std::size_t record_bytes, int ranks);

// The rank owning a key hash among `ranks` ranks.
inline int owner_rank(std::uint64_t key_hash, int ranks) {
  return static_cast<int>(kernels::reduce_to_range(key_hash, static_cast<std::uint32_t>(ranks)));
}

template <typename KeyFn, typename T>
concept RoutingKey = requires(KeyFn f, const T& record, std::uint64_t seed) {
  { kernels::stable_hash64(f(record), seed) } -> std::same_as<std::uint64_t>;
};

// route_by_owner: the same exchange with an explicit owner function, owner_of(record) -> int in
// [0, P). Used where ownership must follow a range partition (e.g. contiguous id ranges, so that
// concatenating the ranks' outputs in rank order gives a global order independent of P).
template <Transferable T, typename OwnerFn>
std::vector<T> route_by_owner(const Communicator& comm, std::span<const T> records, OwnerFn&& owner_of,
                              const RouteOptions& options = {}, RouteStats* stats = nullptr) {
  const int p = comm.size();
  const auto up = static_cast<std::size_t>(p);
  // Local, possibly throwing work (the owner function) is agreed on before any exchange.
  const kernels::BucketOrder plan = agree(comm, [&] {
    return kernels::stable_bucket_order(records.size(), static_cast<std::uint32_t>(p), [&](std::size_t i) {
      return static_cast<std::uint32_t>(owner_of(records[i]));
    });
  });
  std::vector<std::uint64_t> send_total(up);
  for (std::size_t d = 0; d < up; ++d) send_total[d] = plan.count(static_cast<std::uint32_t>(d));
  const std::vector<std::uint64_t> recv_total = comm.alltoall<std::uint64_t>(send_total);

  const std::size_t chunk = route_chunk_records(options.max_bytes_per_round, sizeof(T), p);
  std::uint64_t my_rounds = 0;
  for (std::size_t r = 0; r < up; ++r) {
    my_rounds = std::max({my_rounds, (send_total[r] + chunk - 1) / chunk, (recv_total[r] + chunk - 1) / chunk});
  }
  const std::uint64_t rounds = comm.allreduce<std::uint64_t>(my_rounds, Op::max);

  std::vector<std::uint64_t> recv_offset(up + 1, 0);
  for (std::size_t s = 0; s < up; ++s) recv_offset[s + 1] = recv_offset[s] + recv_total[s];
  std::vector<T> out(recv_offset[up]);

  std::vector<T> send_buffer;
  std::vector<T> recv_buffer;
  std::vector<int> send_counts(up), send_displs(up), recv_counts(up), recv_displs(up);
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::uint64_t first = round * chunk;
    int send_n = 0;
    int recv_n = 0;
    for (std::size_t r = 0; r < up; ++r) {
      send_counts[r] = static_cast<int>(std::min<std::uint64_t>(chunk, send_total[r] - std::min(first, send_total[r])));
      recv_counts[r] = static_cast<int>(std::min<std::uint64_t>(chunk, recv_total[r] - std::min(first, recv_total[r])));
      send_displs[r] = send_n;
      recv_displs[r] = recv_n;
      send_n += send_counts[r];
      recv_n += recv_counts[r];
    }
    send_buffer.resize(static_cast<std::size_t>(send_n));
    // Gather this round's records into the send buffer (threads write disjoint slots).
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, up), [&](const tbb::blocked_range<std::size_t>& dests) {
      for (std::size_t d = dests.begin(); d != dests.end(); ++d) {
        const std::uint64_t base = plan.offsets[d] + first;
        const auto count = static_cast<std::size_t>(send_counts[d]);
        T* slot = send_buffer.data() + send_displs[d];
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 4096), [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t k = r.begin(); k != r.end(); ++k) slot[k] = records[plan.order[base + k]];
        });
      }
    });
    recv_buffer.resize(static_cast<std::size_t>(recv_n));
    comm.alltoallv_raw(send_buffer.data(), send_counts, send_displs, recv_buffer.data(), recv_counts, recv_displs,
                       sizeof(T));
    for (std::size_t s = 0; s < up; ++s) {
      if (recv_counts[s] == 0) continue;
      std::copy_n(recv_buffer.begin() + recv_displs[s], recv_counts[s],
                  out.begin() + static_cast<std::ptrdiff_t>(recv_offset[s] + first));
    }
  }
  if (stats != nullptr) {
    stats->rounds = rounds;
    stats->sent = records.size();
    stats->received = out.size();
  }
  return out;
}

template <Transferable T, typename KeyFn>
  requires RoutingKey<KeyFn, T>
std::vector<T> route_by_key(const Communicator& comm, std::span<const T> records, KeyFn&& key_of,
                            const RouteOptions& options = {}, RouteStats* stats = nullptr) {
  const int p = comm.size();
  return route_by_owner(
      comm, records,
      [&](const T& record) { return owner_rank(kernels::stable_hash64(key_of(record), options.seed), p); }, options,
      stats);
}

}  // namespace nayose::mpi
