#pragma once
// A communicator and typed collectives. mpi.h stays out of this header: typed calls are mapped to a
// small set of datatype/op tags and go through the raw functions in communicator.cpp, which are the
// only place MPI is called. Every MPI error becomes a nayose::MpiError carrying MPI's error string.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace nayose::mpi {

enum class Datatype : std::uint8_t { i8, u8, i16, u16, i32, u32, i64, u64, f32, f64 };
enum class Op : std::uint8_t { sum, min, max, logical_or, logical_and };

template <typename T>
concept Arithmetic = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

// Records sent as bytes must be trivially copyable: no pointers, no owning members.
template <typename T>
concept Transferable = std::is_trivially_copyable_v<T> && !std::is_pointer_v<T>;

template <Arithmetic T>
constexpr Datatype datatype_of() {
  if constexpr (std::is_floating_point_v<T>) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "unsupported floating-point size");
    return sizeof(T) == 4 ? Datatype::f32 : Datatype::f64;
  } else if constexpr (sizeof(T) == 1) {
    return std::is_signed_v<T> ? Datatype::i8 : Datatype::u8;
  } else if constexpr (sizeof(T) == 2) {
    return std::is_signed_v<T> ? Datatype::i16 : Datatype::u16;
  } else if constexpr (sizeof(T) == 4) {
    return std::is_signed_v<T> ? Datatype::i32 : Datatype::u32;
  } else {
    static_assert(sizeof(T) == 8, "unsupported integer size");
    return std::is_signed_v<T> ? Datatype::i64 : Datatype::u64;
  }
}

class Communicator {
 public:
  // MPI_COMM_WORLD, not owned.
  static Communicator world();
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;
  Communicator(Communicator&& other) noexcept;
  Communicator& operator=(Communicator&& other) noexcept;
  ~Communicator();

  int rank() const noexcept { return rank_; }
  int size() const noexcept { return size_; }
  bool is_root() const noexcept { return rank_ == 0; }

  // An owned duplicate (separate message space, same group).
  Communicator duplicate() const;
  // Ranks sharing this node's memory (MPI_COMM_TYPE_SHARED).
  Communicator split_shared() const;
  // Ranks with equal `color`, ordered by `key` then old rank.
  Communicator split(int color, int key) const;

  void barrier() const;

  // ---- typed collectives ----
  template <Arithmetic T>
  T allreduce(T value, Op op) const {
    T out{};
    allreduce_raw(&value, &out, 1, datatype_of<T>(), op);
    return out;
  }
  template <Arithmetic T>
  std::vector<T> allreduce(std::span<const T> values, Op op) const {
    std::vector<T> out(values.size());
    allreduce_raw(values.data(), out.data(), values.size(), datatype_of<T>(), op);
    return out;
  }
  // Sum over lower ranks; 0 on rank 0 (MPI leaves it undefined, we define it).
  template <Arithmetic T>
  T exscan_sum(T value) const {
    T out{};
    exscan_raw(&value, &out, datatype_of<T>());
    return rank_ == 0 ? T{} : out;
  }
  template <Transferable T>
  T broadcast(T value, int root = 0) const {
    broadcast_raw(&value, sizeof(T), root);
    return value;
  }
  template <Transferable T>
  void broadcast(std::vector<T>& values, int root = 0) const {
    auto n = broadcast<std::uint64_t>(values.size(), root);
    values.resize(n);
    broadcast_raw(values.data(), n * sizeof(T), root);
  }
  std::string broadcast(std::string value, int root = 0) const;
  // Every rank's value on `root` in rank order; empty elsewhere.
  template <Transferable T>
  std::vector<T> gather_to_root(const T& value, int root = 0) const {
    std::vector<T> out(rank_ == root ? static_cast<std::size_t>(size_) : 0U);
    gather_raw(&value, sizeof(T), out.data(), root);
    return out;
  }
  std::vector<std::string> gather_to_root(const std::string& value, int root = 0) const;
  template <Transferable T>
  std::vector<T> allgather(const T& value) const {
    std::vector<T> out(static_cast<std::size_t>(size_));
    allgather_raw(&value, sizeof(T), out.data());
    return out;
  }
  // values[d] goes to rank d; returns what each rank sent to us, indexed by source.
  template <Transferable T>
  std::vector<T> alltoall(std::span<const T> values) const {
    std::vector<T> out(static_cast<std::size_t>(size_));
    alltoall_raw(values.data(), sizeof(T), out.data());
    return out;
  }
  // Personalised exchange of elements of `element_bytes` bytes; counts and displacements are in
  // elements (one entry per rank) and must fit in int, which callers guarantee by chunking.
  void alltoallv_raw(const void* send, std::span<const int> send_counts, std::span<const int> send_displs,
                     void* recv, std::span<const int> recv_counts, std::span<const int> recv_displs,
                     std::size_t element_bytes) const;

  // The underlying MPI_Comm, for the HDF5 layer (H5Pset_fapl_mpio) only; returned as an opaque
  // integer-sized handle so that mpi.h stays out of this header. Use src/mpi/native.hpp to cast.
  const void* native_handle() const noexcept { return &comm_; }

 private:
  using Handle = std::uintptr_t;  // large enough for Open MPI's pointer and MPICH's int handles
  Communicator(Handle comm, bool owned);
  void allreduce_raw(const void* in, void* out, std::size_t count, Datatype type, Op op) const;
  void exscan_raw(const void* in, void* out, Datatype type) const;
  void broadcast_raw(void* data, std::size_t bytes, int root) const;
  void gather_raw(const void* in, std::size_t bytes_each, void* out, int root) const;
  void allgather_raw(const void* in, std::size_t bytes_each, void* out) const;
  void alltoall_raw(const void* in, std::size_t bytes_each, void* out) const;

  Handle comm_;
  bool owned_ = false;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace nayose::mpi
