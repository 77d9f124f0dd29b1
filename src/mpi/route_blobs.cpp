#include "src/mpi/route_blobs.hpp"

#include <algorithm>
#include <cstring>

#include "src/common/error.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::mpi {

BlobBuffer route_blobs(const Communicator& comm, const BlobBuffer& blobs, std::span<const int> owners,
                       const RouteOptions& options, RouteStats* stats) {
  const int p = comm.size();
  const auto up = static_cast<std::size_t>(p);
  // Group blob indices by destination, keeping input order (local; agreed on before any exchange).
  const kernels::BucketOrder plan = agree(comm, [&] {
    if (owners.size() != blobs.size()) throw Error("route_blobs: one owner per blob is required");
    return kernels::stable_bucket_order(blobs.size(), static_cast<std::uint32_t>(p), [&](std::size_t i) {
      return static_cast<std::uint32_t>(owners[i]);
    });
  });
  const std::size_t per_destination = std::max<std::size_t>(1, options.max_bytes_per_round / up);

  // Totals first (blobs and payload bytes per destination), so the output is sized once and every
  // received blob is copied once, straight to its final place: source s's blobs follow those of
  // sources < s, in the order s sent them.
  struct Totals {
    std::uint64_t blobs = 0, bytes = 0;
  };
  std::vector<Totals> totals(up);
  for (std::size_t d = 0; d < up; ++d) {
    totals[d].blobs = plan.offsets[d + 1] - plan.offsets[d];
    for (std::uint64_t k = plan.offsets[d]; k < plan.offsets[d + 1]; ++k) {
      totals[d].bytes += blobs.offsets_[plan.order[k] + 1] - blobs.offsets_[plan.order[k]];
    }
  }
  const auto incoming = comm.alltoall<Totals>(totals);
  BlobBuffer out;
  // Per source: next output blob and byte, and where its share ends.
  std::vector<std::uint64_t> blob_at(up), byte_at(up), blob_end(up), byte_end(up);
  {
    std::uint64_t n = 0, bytes = 0;
    for (std::size_t s = 0; s < up; ++s) {
      blob_at[s] = n;
      byte_at[s] = bytes;
      n += incoming[s].blobs;
      bytes += incoming[s].bytes;
      blob_end[s] = n;
      byte_end[s] = bytes;
    }
    out.offsets_.assign(n + 1, 0);
    out.data_.resize(bytes);
  }
  const auto place = [&](std::size_t s, std::string_view packed, std::uint64_t count) {
    std::size_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t length = 0;
      if (at + sizeof length > packed.size()) throw MpiError("route_blobs: truncated blob stream");
      std::memcpy(&length, packed.data() + at, sizeof length);
      at += sizeof length;
      if (length > packed.size() - at) throw MpiError("route_blobs: truncated blob stream");
      if (blob_at[s] >= blob_end[s] || length > byte_end[s] - byte_at[s]) {
        throw MpiError("route_blobs: more data than announced");
      }
      std::memcpy(out.data_.data() + byte_at[s], packed.data() + at, length);
      at += length;
      byte_at[s] += length;
      out.offsets_[++blob_at[s]] = byte_at[s];
    }
    if (at != packed.size()) throw MpiError("route_blobs: trailing bytes in blob stream");
  };

  std::vector<std::uint64_t> next(up);  // position inside each destination's bucket
  for (std::size_t d = 0; d < up; ++d) next[d] = plan.offsets[d];
  std::string send, recv;  // reused across rounds
  std::vector<int> send_counts(up), send_displs(up), recv_counts(up), recv_displs(up);
  std::vector<std::uint64_t> blob_counts(up);
  std::uint64_t rounds = 0;
  for (;;) {
    send.clear();
    for (std::size_t d = 0; d < up; ++d) {
      const std::size_t start = send.size();
      std::uint64_t n = 0;
      const std::uint64_t end = plan.offsets[d + 1];
      while (next[d] < end) {
        const auto blob = blobs[plan.order[next[d]]];
        const std::size_t add = sizeof(std::uint64_t) + blob.size();
        if (n > 0 && send.size() - start + add > per_destination) break;
        const std::uint64_t length = blob.size();
        send.append(reinterpret_cast<const char*>(&length), sizeof length);  // NOLINT: byte view of a u64
        send.append(blob);
        ++next[d];
        ++n;
      }
      if (send.size() - start > static_cast<std::size_t>(INT32_MAX)) {
        throw MpiError("route_blobs: a single blob exceeds 2 GiB");
      }
      send_counts[d] = static_cast<int>(send.size() - start);
      send_displs[d] = static_cast<int>(start);
      blob_counts[d] = n;
    }
    const std::uint64_t pending = [&] {
      std::uint64_t left = 0;
      for (std::size_t d = 0; d < up; ++d) left += plan.offsets[d + 1] - next[d];
      return left;
    }();
    const auto recv_blob_counts = comm.alltoall<std::uint64_t>(blob_counts);
    const auto recv_bytes = comm.alltoall<int>(send_counts);
    std::size_t total = 0;
    for (std::size_t s = 0; s < up; ++s) {
      recv_counts[s] = recv_bytes[s];
      recv_displs[s] = static_cast<int>(total);
      total += static_cast<std::size_t>(recv_bytes[s]);
    }
    recv.resize(total);
    comm.alltoallv_raw(send.data(), send_counts, send_displs, recv.data(), recv_counts, recv_displs, 1);
    agree(comm, [&] {
      for (std::size_t s = 0; s < up; ++s) {
        place(s,
              std::string_view(recv).substr(static_cast<std::size_t>(recv_displs[s]), static_cast<std::size_t>(recv_counts[s])),
              recv_blob_counts[s]);
      }
    });
    ++rounds;
    if (comm.allreduce<std::uint64_t>(pending, Op::sum) == 0) break;
  }
  agree(comm, [&] {
    for (std::size_t s = 0; s < up; ++s) {
      if (blob_at[s] != blob_end[s] || byte_at[s] != byte_end[s]) throw MpiError("route_blobs: fewer blobs than announced");
    }
  });
  if (stats != nullptr) {
    stats->rounds = rounds;
    stats->sent = blobs.size();
    stats->received = out.size();
  }
  return out;
}

}  // namespace nayose::mpi
