#pragma once
// route_blobs: deliver variable-length byte records ("blobs") to owner ranks in bounded rounds.
//
// The variable-length sibling of route_by_owner, for records with strings (identity records, source
// records of the generator). Each round a rank sends at most about `max_bytes_per_round` bytes of
// whole blobs (split evenly across destinations, at least one blob per destination per round, so a
// single blob larger than the budget still moves), and rounds continue until every rank has sent
// everything. The output is ordered by (source rank, position in the source's input) —
// deterministic for given inputs and rank count.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/mpi/communicator.hpp"
#include "src/mpi/route_by_key.hpp"

namespace nayose::mpi {

class BlobBuffer;

// owners[i] is the destination rank of blobs[i] (in [0, comm.size())). Collective.
BlobBuffer route_blobs(const Communicator& comm, const BlobBuffer& blobs, std::span<const int> owners,
                       const RouteOptions& options = {}, RouteStats* stats = nullptr);

// A packed sequence of blobs: blob i is data[offsets[i] .. offsets[i+1]).
class BlobBuffer {
 public:
  BlobBuffer() : offsets_{0} {}
  void push_back(std::string_view blob) {
    data_.append(blob);
    offsets_.push_back(data_.size());
  }
  // One blob made of `head` followed by `body` (no temporary string for the concatenation).
  void push_back(std::string_view head, std::string_view body) {
    data_.append(head);
    data_.append(body);
    offsets_.push_back(data_.size());
  }
  // One blob written in place: `write(std::string& data)` appends the blob's bytes to `data`.
  template <class Write>
  void emplace_back(Write&& write) {
    write(data_);
    offsets_.push_back(data_.size());
  }
  void reserve(std::size_t blobs, std::size_t bytes) {
    offsets_.reserve(blobs + 1);
    data_.reserve(bytes);
  }
  std::size_t size() const { return offsets_.size() - 1; }
  bool empty() const { return size() == 0; }
  std::string_view operator[](std::size_t i) const {
    return std::string_view(data_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  std::size_t bytes() const { return data_.size(); }
  void clear() {
    data_.clear();
    offsets_.assign(1, 0);
  }
 private:
  friend BlobBuffer route_blobs(const Communicator&, const BlobBuffer&, std::span<const int>, const RouteOptions&,
                                RouteStats*);
  std::string data_;
  std::vector<std::uint64_t> offsets_;
};

}  // namespace nayose::mpi
