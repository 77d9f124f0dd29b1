#include "src/mpi/communicator.hpp"

#include <mpi.h>

#include <climits>
#include <algorithm>
#include <cstring>

#include "src/common/error.hpp"
#include "src/mpi/check.hpp"
#include "src/mpi/native.hpp"

namespace nayose::mpi {
using detail::check;

namespace {
MPI_Datatype to_mpi(Datatype type) {
  switch (type) {
    case Datatype::i8: return MPI_INT8_T;
    case Datatype::u8: return MPI_UINT8_T;
    case Datatype::i16: return MPI_INT16_T;
    case Datatype::u16: return MPI_UINT16_T;
    case Datatype::i32: return MPI_INT32_T;
    case Datatype::u32: return MPI_UINT32_T;
    case Datatype::i64: return MPI_INT64_T;
    case Datatype::u64: return MPI_UINT64_T;
    case Datatype::f32: return MPI_FLOAT;
    case Datatype::f64: return MPI_DOUBLE;
  }
  throw MpiError("unknown datatype tag");
}

MPI_Op to_mpi(Op op) {
  switch (op) {
    case Op::sum: return MPI_SUM;
    case Op::min: return MPI_MIN;
    case Op::max: return MPI_MAX;
    case Op::logical_or: return MPI_LOR;
    case Op::logical_and: return MPI_LAND;
  }
  throw MpiError("unknown reduction tag");
}

int checked_int(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw MpiError(std::string(what) + ": count " + std::to_string(n) + " exceeds INT_MAX; chunk the transfer");
  }
  return static_cast<int>(n);
}

// A committed contiguous datatype of `bytes` bytes, freed on scope exit.
class ScopedBytesType {
 public:
  explicit ScopedBytesType(std::size_t bytes) {
    check(MPI_Type_contiguous(checked_int(bytes, "MPI_Type_contiguous"), MPI_BYTE, &type_), "MPI_Type_contiguous");
    check(MPI_Type_commit(&type_), "MPI_Type_commit");
  }
  ScopedBytesType(const ScopedBytesType&) = delete;
  ScopedBytesType& operator=(const ScopedBytesType&) = delete;
  ~ScopedBytesType() { MPI_Type_free(&type_); }
  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

// Large byte transfers are split so that every MPI count fits in an int.
constexpr std::size_t kMaxBytesPerCall = std::size_t{1} << 30;
}  // namespace

Communicator::Communicator(Handle comm, bool owned) : comm_(comm), owned_(owned) {
  check(MPI_Comm_rank(native(*this), &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(native(*this), &size_), "MPI_Comm_size");
}

Communicator Communicator::world() { return Communicator(handle_from_comm(MPI_COMM_WORLD), false); }

Communicator::Communicator(Communicator&& other) noexcept
    : comm_(other.comm_), owned_(other.owned_), rank_(other.rank_), size_(other.size_) {
  other.owned_ = false;
}

namespace {
void free_if_owned(std::uintptr_t handle, bool owned) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!owned || finalized) return;
  MPI_Comm comm = comm_from_handle(handle);
  MPI_Comm_free(&comm);
}
}  // namespace

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    free_if_owned(comm_, owned_);
    comm_ = other.comm_;
    owned_ = other.owned_;
    rank_ = other.rank_;
    size_ = other.size_;
    other.owned_ = false;
  }
  return *this;
}

Communicator::~Communicator() { free_if_owned(comm_, owned_); }

Communicator Communicator::duplicate() const {
  MPI_Comm out = MPI_COMM_NULL;
  check(MPI_Comm_dup(native(*this), &out), "MPI_Comm_dup");
  return Communicator(handle_from_comm(out), true);
}

Communicator Communicator::split_shared() const {
  MPI_Comm out = MPI_COMM_NULL;
  check(MPI_Comm_split_type(native(*this), MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &out),
        "MPI_Comm_split_type");
  return Communicator(handle_from_comm(out), true);
}

Communicator Communicator::split(int color, int key) const {
  MPI_Comm out = MPI_COMM_NULL;
  check(MPI_Comm_split(native(*this), color, key, &out), "MPI_Comm_split");
  return Communicator(handle_from_comm(out), true);
}

void Communicator::barrier() const { check(MPI_Barrier(native(*this)), "MPI_Barrier"); }

void Communicator::allreduce_raw(const void* in, void* out, std::size_t count, Datatype type, Op op) const {
  check(MPI_Allreduce(in, out, checked_int(count, "MPI_Allreduce"), to_mpi(type), to_mpi(op), native(*this)),
        "MPI_Allreduce");
}

void Communicator::exscan_raw(const void* in, void* out, Datatype type) const {
  check(MPI_Exscan(in, out, 1, to_mpi(type), MPI_SUM, native(*this)), "MPI_Exscan");
}

void Communicator::broadcast_raw(void* data, std::size_t bytes, int root) const {
  auto* p = static_cast<unsigned char*>(data);
  for (std::size_t done = 0; done < bytes;) {
    const std::size_t n = std::min(kMaxBytesPerCall, bytes - done);
    check(MPI_Bcast(p + done, static_cast<int>(n), MPI_BYTE, root, native(*this)), "MPI_Bcast");
    done += n;
  }
}

std::string Communicator::broadcast(std::string value, int root) const {
  const auto n = broadcast<std::uint64_t>(value.size(), root);
  value.resize(n);
  broadcast_raw(value.data(), n, root);
  return value;
}

void Communicator::gather_raw(const void* in, std::size_t bytes_each, void* out, int root) const {
  const int n = checked_int(bytes_each, "MPI_Gather");
  check(MPI_Gather(in, n, MPI_BYTE, out, n, MPI_BYTE, root, native(*this)), "MPI_Gather");
}

void Communicator::allgather_raw(const void* in, std::size_t bytes_each, void* out) const {
  const int n = checked_int(bytes_each, "MPI_Allgather");
  check(MPI_Allgather(in, n, MPI_BYTE, out, n, MPI_BYTE, native(*this)), "MPI_Allgather");
}

void Communicator::alltoall_raw(const void* in, std::size_t bytes_each, void* out) const {
  const int n = checked_int(bytes_each, "MPI_Alltoall");
  check(MPI_Alltoall(in, n, MPI_BYTE, out, n, MPI_BYTE, native(*this)), "MPI_Alltoall");
}

std::vector<std::string> Communicator::gather_to_root(const std::string& value, int root) const {
  const int mine = checked_int(value.size(), "gather_to_root(string)");
  const auto lengths = gather_to_root<int>(mine, root);
  std::vector<int> displs(lengths.size());
  std::size_t total = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    displs[r] = checked_int(total, "gather_to_root(string)");
    total += static_cast<std::size_t>(lengths[r]);
  }
  std::string all(total, '\0');
  check(MPI_Gatherv(value.data(), mine, MPI_CHAR, all.data(), lengths.data(), displs.data(), MPI_CHAR, root,
                    native(*this)),
        "MPI_Gatherv");
  std::vector<std::string> out;
  out.reserve(lengths.size());
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    out.emplace_back(all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(lengths[r])));
  }
  return out;
}

void Communicator::alltoallv_raw(const void* send, std::span<const int> send_counts,
                                 std::span<const int> send_displs, void* recv, std::span<const int> recv_counts,
                                 std::span<const int> recv_displs, std::size_t element_bytes) const {
  const auto p = static_cast<std::size_t>(size_);
  if (send_counts.size() != p || send_displs.size() != p || recv_counts.size() != p || recv_displs.size() != p) {
    throw MpiError("alltoallv: count/displacement arrays must have one entry per rank");
  }
  const ScopedBytesType element(element_bytes);
  check(MPI_Alltoallv(send, send_counts.data(), send_displs.data(), element.get(), recv, recv_counts.data(),
                      recv_displs.data(), element.get(), native(*this)),
        "MPI_Alltoallv");
}

}  // namespace nayose::mpi
