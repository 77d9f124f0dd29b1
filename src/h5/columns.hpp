#pragma once
// Collective columnar I/O on a File (src/h5/file.hpp).
//
// Writes: every rank passes its own rows; the rows of rank r follow those of ranks 0..r-1 in the
// file (offset = exclusive prefix sum of the row counts), so the file holds the concatenation in
// rank order and its bytes do not depend on how many ranks wrote it. Each call creates the
// dataset (1-D, chunked and filtered as the schema says, maxdims unlimited, so a total of zero
// rows is a valid empty column) and writes it with one collective transfer; ranks with no rows
// take part with an empty selection. Each schema dataset is written exactly once.
//
// Reads: every rank asks for its own row range (possibly empty); the transfer is collective.
// slice_for_rank() gives the usual even split.
//
// Element types must be exactly the schema's (an int32 column is written from and read into
// std::int32_t), so a mismatch is an error, never a silent conversion.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::h5 {

// What HDF5 says happened in a collective write (H5Pget_mpio_actual_io_mode and
// H5Pget_mpio_no_collective_cause on the transfer properties after the write).
struct WriteReport {
  std::uint64_t rows_total = 0;
  bool collective = false;
  std::string no_collective_cause;  // empty if collective; else HDF5's global reasons
};

// Variable-length byte rows (strings, free text) of one rank: row i is
// data[offsets[i] .. offsets[i+1]). offsets has size() + 1 entries and starts at 0.
struct RaggedColumn {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::byte> data;

  std::size_t size() const noexcept { return offsets.size() - 1; }
  bool empty() const noexcept { return size() == 0; }
  void push_back(std::span<const std::byte> row);
  void push_back(std::string_view row) { push_back(std::as_bytes(std::span<const char>(row.data(), row.size()))); }
  std::span<const std::byte> row(std::size_t i) const;
  std::string_view row_text(std::size_t i) const;
};

// Rows produced on demand, for writes whose rows do not sit in memory (spilled to disk): copies
// this rank's rows [first, first + count) into `out` (count x element width bytes). Called with
// increasing, non-overlapping ranges, one chunk at a time, on the rank's main thread; it may throw
// (every rank then fails together).
using RowSource = std::function<void(std::uint64_t first, std::uint64_t count, void* out)>;

struct RowRange {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  friend bool operator==(const RowRange&, const RowRange&) = default;
};
// Rank `rank`'s share of `total` rows split evenly over `ranks` ranks, lower ranks taking the
// remainder: contiguous, in rank order, covering [0, total).
RowRange slice_for_rank(std::uint64_t total, int rank, int ranks);

namespace detail {
WriteReport write_arithmetic(File& file, std::string_view path, ElementKind kind, const void* rows, std::size_t count);
void read_arithmetic(const File& file, std::string_view path, ElementKind kind, void* out, std::uint64_t first_row,
                     std::uint64_t count);
WriteReport write_arithmetic_streamed(File& file, std::string_view path, ElementKind kind, std::uint64_t count,
                                      const RowSource& rows);
template <mpi::Arithmetic T>
constexpr ElementKind kind_of() {
  if constexpr (std::is_floating_point_v<T>) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "only float and double columns exist");
    return sizeof(T) == 4 ? ElementKind::float32 : ElementKind::float64;
  } else if constexpr (sizeof(T) == 1) {
    return std::is_signed_v<T> ? ElementKind::int8 : ElementKind::uint8;
  } else if constexpr (sizeof(T) == 2) {
    return std::is_signed_v<T> ? ElementKind::int16 : ElementKind::uint16;
  } else if constexpr (sizeof(T) == 4) {
    return std::is_signed_v<T> ? ElementKind::int32 : ElementKind::uint32;
  } else {
    static_assert(sizeof(T) == 8, "unsupported integer size");
    return std::is_signed_v<T> ? ElementKind::int64 : ElementKind::uint64;
  }
}
}  // namespace detail

// Collective. Writes this rank's rows of an arithmetic column.
template <mpi::Arithmetic T>
WriteReport write_column(File& file, std::string_view path, std::span<const T> local_rows) {
  return detail::write_arithmetic(file, path, detail::kind_of<T>(), local_rows.data(), local_rows.size());
}
template <mpi::Arithmetic T>
WriteReport write_column(File& file, std::string_view path, const std::vector<T>& local_rows) {
  return write_column(file, path, std::span<const T>(local_rows));
}

// Collective. As write_column, with this rank's `local_rows` rows fetched chunk by chunk from
// `rows` (memory: one chunk). The file is byte-identical to write_column's with the same rows.
template <mpi::Arithmetic T>
WriteReport write_column_streamed(File& file, std::string_view path, std::uint64_t local_rows, const RowSource& rows) {
  return detail::write_arithmetic_streamed(file, path, detail::kind_of<T>(), local_rows, rows);
}

// Collective. Streamed bytes[N] / string[N] column (`rows` gives width-byte rows).
WriteReport write_fixed_bytes_streamed(File& file, std::string_view path, std::uint64_t local_rows, std::size_t width,
                                       const RowSource& rows);

// Collective. Streamed ragged column: this rank's `local_rows` rows holding `local_bytes` bytes;
// `row_ends` gives uint64 end offsets (row i's bytes end at row_ends[i], local, the first row starts
// at 0), `data` the bytes. Byte-identical to write_ragged with the same rows.
WriteReport write_ragged_streamed(File& file, std::string_view path, std::uint64_t local_rows, std::uint64_t local_bytes,
                                  const RowSource& row_ends, const RowSource& data);

// Collective. Writes a bytes[N] or string[N] column; `width` must be the schema's N and
// local_rows.size() a multiple of it (row i is local_rows[i*width, (i+1)*width)).
WriteReport write_fixed_bytes(File& file, std::string_view path, std::span<const std::byte> local_rows, std::size_t width);

// Collective. Writes a ragged column from this rank's offsets (rows + 1 entries, starting at 0,
// non-decreasing, ending at local_data.size()) and bytes. In the file the offsets are global.
WriteReport write_ragged(File& file, std::string_view path, std::span<const std::uint64_t> local_offsets,
                         std::span<const std::byte> local_data);
WriteReport write_ragged(File& file, std::string_view path, const RaggedColumn& local_rows);

// Collective. Rows [first_row, first_row + count) of an arithmetic column.
template <mpi::Arithmetic T>
std::vector<T> read_column(const File& file, std::string_view path, std::uint64_t first_row, std::uint64_t count) {
  std::vector<T> out(count);
  detail::read_arithmetic(file, path, detail::kind_of<T>(), out.data(), first_row, count);
  return out;
}

// Collective. Rows of a bytes[N] / string[N] column: count * N bytes.
std::vector<std::byte> read_fixed_bytes(const File& file, std::string_view path, std::uint64_t first_row,
                                        std::uint64_t count);

// Collective. Rows of a ragged column, with offsets rebased to start at 0.
RaggedColumn read_ragged(const File& file, std::string_view path, std::uint64_t first_row, std::uint64_t count);

}  // namespace nayose::h5
