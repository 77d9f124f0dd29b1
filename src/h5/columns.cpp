#include "src/h5/columns.hpp"

#include <algorithm>
#include <limits>

#include "src/common/error.hpp"
#include "src/h5/datatypes.hpp"
#include "src/h5/error.hpp"
#include "src/h5/properties.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::h5 {

namespace detail {
// The column functions' access to File's bookkeeping.
struct FileAccess {
  static hid_t id(const File& file) { return file.file_.get(); }
  static void require_open(const File& file, std::string_view operation) { file.require_open(operation); }
  // Throws unless `spec` may be written now (file open for writing, not written before).
  static void require_unwritten(const File& file, const DatasetSpec& spec, std::string_view operation) {
    file.require_writable(operation);
    if (file.written_datasets_.contains(spec.path)) {
      throw Error(std::string(operation) + ": dataset " + spec.path + " of " + file.path().string() +
                  " is already written (each dataset is written once, by one collective call)");
    }
  }
  static void mark_written(File& file, const DatasetSpec& spec) { file.written_datasets_.insert(spec.path); }
  static void extend_ahead(File& file, std::uint64_t bytes) { file.extend_ahead(bytes); }
};
}  // namespace detail

namespace {

using detail::FileAccess;

// One HDF5 dataset to create and fill: a schema column, or one half of a ragged column.
struct StoredDataset {
  std::string path;
  ElementType type;
  std::uint64_t schema_chunk_rows = 1;
  int deflate = 0;
  bool fletcher32 = false;
};

// This rank's part of a collective write: `count` elements from `data` at global element `first`
// of a dataset holding `total` elements.
struct LocalSlab {
  const void* data = nullptr;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  std::uint64_t total = 0;
  // Streamed instead of `data`: copies local elements [first, first + n) into a buffer.
  const RowSource* source = nullptr;
};

std::string describe_causes(std::uint32_t causes) {
  struct Cause {
    std::uint32_t bit;
    const char* text;
  };
  static constexpr Cause kCauses[] = {
      {H5D_MPIO_SET_INDEPENDENT, "independent I/O was requested"},
      {H5D_MPIO_DATATYPE_CONVERSION, "datatype conversion was needed"},
      {H5D_MPIO_DATA_TRANSFORMS, "a data transform was set"},
      {H5D_MPIO_MPI_OPT_TYPES_ENV_VAR_DISABLED, "MPI derived types are disabled (HDF5_MPI_OPT_TYPES)"},
      {H5D_MPIO_NOT_SIMPLE_OR_SCALAR_DATASPACES, "a dataspace is neither simple nor scalar"},
      {H5D_MPIO_NOT_CONTIGUOUS_OR_CHUNKED_DATASET, "the dataset is neither contiguous nor chunked"},
      {H5D_MPIO_PARALLEL_FILTERED_WRITES_DISABLED, "parallel writes of filtered datasets are disabled"},
      {H5D_MPIO_ERROR_WHILE_CHECKING_COLLECTIVE_POSSIBLE, "HDF5 failed while checking whether collective I/O was possible"},
  };
  std::string out;
  for (const auto& cause : kCauses) {
    if ((causes & cause.bit) != 0) out += (out.empty() ? "" : "; ") + std::string(cause.text);
  }
  return out;
}

WriteReport report_from(hid_t dxpl, std::uint64_t rows_total, const std::string& object) {
  H5D_mpio_actual_io_mode_t mode = H5D_MPIO_NO_COLLECTIVE;
  check(H5Pget_mpio_actual_io_mode(dxpl, &mode), "H5Pget_mpio_actual_io_mode", object);
  std::uint32_t local_cause = 0;
  std::uint32_t global_cause = 0;
  check(H5Pget_mpio_no_collective_cause(dxpl, &local_cause, &global_cause), "H5Pget_mpio_no_collective_cause", object);
  WriteReport report;
  report.rows_total = rows_total;
  report.collective = global_cause == H5D_MPIO_COLLECTIVE && mode != H5D_MPIO_NO_COLLECTIVE;
  if (!report.collective) {
    report.no_collective_cause = describe_causes(global_cause | local_cause);
    if (report.no_collective_cause.empty()) report.no_collective_cause = "HDF5 reports that no collective I/O took place";
    report.no_collective_cause = object + ": " + report.no_collective_cause;
  }
  return report;
}

constexpr std::uint64_t kMetadataAllocationBound = std::uint64_t{1} << 20;

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
  std::uint64_t out = 0;
  return __builtin_mul_overflow(a, b, &out) ? std::numeric_limits<std::uint64_t>::max() : out;
}

// An upper bound of the file space that creating and writing `dataset` can allocate: its chunks
// (at most slightly larger than raw when compressed), their index entries and metadata.
std::uint64_t allocation_bound(const StoredDataset& dataset, const DatasetLayout& layout, std::uint64_t total) {
  const std::uint64_t chunks = total == 0 ? 0 : (total - 1) / layout.chunk_rows + 1;
  const std::uint64_t chunk_bytes = layout.chunk_rows * dataset.type.width;
  const bool filtered = dataset.deflate > 0 || dataset.fletcher32;
  const std::uint64_t per_chunk = chunk_bytes + (filtered ? chunk_bytes / 32 + 64 : 0) + 64;
  const std::uint64_t bound = saturating_multiply(chunks, per_chunk);
  return bound > std::numeric_limits<std::uint64_t>::max() - kMetadataAllocationBound ? bound
                                                                                         : bound + kMetadataAllocationBound;
}

// Creates the groups above `path` that do not exist yet, with our (timestamp-free) properties.
void ensure_parent_groups(File& file, const std::string& path) {
  const auto id = FileAccess::id(file);
  for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const auto group = path.substr(0, slash);
    const auto object = file.object_name(group);
    if (check(H5Lexists(id, group.c_str(), H5P_DEFAULT), "H5Lexists", object) > 0) continue;
    FileAccess::extend_ahead(file, kMetadataAllocationBound);
    auto gcpl = group_create_properties();
    make_handle(H5Gcreate2(id, group.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), "H5Gcreate2", object);
  }
}

// Selects [first, first + count) of a 1-D dataspace, or nothing.
void select_rows(hid_t space, std::uint64_t first, std::uint64_t count, const std::string& object) {
  if (count == 0) {
    check(H5Sselect_none(space), "H5Sselect_none", object);
    return;
  }
  const hsize_t start[1] = {first};
  const hsize_t counts[1] = {count};
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, counts, nullptr), "H5Sselect_hyperslab", object);
}

// A memory dataspace for `count` contiguous elements; a one-element space with nothing selected
// for a rank that contributes nothing (HDF5 wants a valid space and buffer from every rank).
Handle memory_space(std::uint64_t count, const std::string& object) {
  const hsize_t dims[1] = {std::max<std::uint64_t>(count, 1)};
  auto space = make_handle(H5Screate_simple(1, dims, nullptr), "H5Screate_simple", object);
  if (count == 0) check(H5Sselect_none(space.get()), "H5Sselect_none", object);
  return space;
}

// Collective: creates `dataset` holding `slab.total` elements and writes every rank's slab.
WriteReport create_and_write(File& file, const StoredDataset& dataset, const LocalSlab& slab) {
  const auto id = FileAccess::id(file);
  const auto object = file.object_name(dataset.path);
  ensure_parent_groups(file, dataset.path);

  const DatasetLayout layout{clamp_chunk_rows(dataset.schema_chunk_rows, slab.total, dataset.type.width),
                             dataset.deflate, dataset.fletcher32};
  FileAccess::extend_ahead(file, allocation_bound(dataset, layout, slab.total));
  auto dcpl = dataset_create_properties(layout, object);
  auto file_type = file_datatype(dataset.type);
  auto memory_type = memory_datatype(dataset.type);
  const hsize_t dims[1] = {slab.total};
  const hsize_t max_dims[1] = {H5S_UNLIMITED};
  auto file_space = make_handle(H5Screate_simple(1, dims, max_dims), "H5Screate_simple", object);
  auto handle = make_handle(H5Dcreate2(id, dataset.path.c_str(), file_type.get(), file_space.get(), H5P_DEFAULT,
                                       dcpl.get(), H5P_DEFAULT),
                            "H5Dcreate2", object);

  // A filtered (compressed / checksummed) dataset is written one chunk per collective transfer:
  // HDF5 1.10 allocates the chunks written by one transfer in an order that depends on how the
  // rows are spread over ranks, so writing several chunks at once gives different file layouts
  // for different rank counts. One chunk per transfer allocates in chunk order, always.
  // Unfiltered chunks never move, so they go in one transfer.
  // A streamed slab is written chunk by chunk too, so that only one chunk's rows are in memory.
  const bool filtered = dataset.deflate > 0 || dataset.fletcher32;
  const std::uint64_t step =
      filtered || slab.source != nullptr ? layout.chunk_rows : std::max<std::uint64_t>(slab.total, 1);
  std::vector<std::byte> window;  // streamed rows of the current chunk
  const std::byte placeholder{};
  WriteReport report;
  report.rows_total = slab.total;
  report.collective = true;
  for (std::uint64_t begin = 0; begin < std::max<std::uint64_t>(slab.total, 1); begin += step) {
    const std::uint64_t end = std::min(slab.total, begin + step);
    const std::uint64_t lo = std::max(begin, slab.first);
    const std::uint64_t hi = std::min(end, slab.first + slab.count);
    const std::uint64_t count = hi > lo ? hi - lo : 0;
    select_rows(file_space.get(), lo, count, object);
    const void* buffer = slab.count > 0 ? slab.data : &placeholder;
    Handle memory;
    if (slab.source != nullptr) {
      // Only this chunk's rows, fetched now (a failing fetch fails every rank, before the transfer).
      mpi::agree(file.comm(), [&] {
        window.resize(count * dataset.type.width);
        if (count > 0) (*slab.source)(lo - slab.first, count, window.data());
      });
      buffer = count > 0 ? static_cast<const void*>(window.data()) : &placeholder;
      memory = memory_space(count, object);
      select_rows(memory.get(), 0, count, object);
    } else {
      memory = memory_space(slab.count, object);
      select_rows(memory.get(), lo - std::min(lo, slab.first), count, object);  // nothing when count == 0
    }
    auto dxpl = transfer_properties();
    // A transfer that failed on some ranks only must still fail on all of them.
    mpi::agree(file.comm(), [&] {
      check(H5Dwrite(handle.get(), memory_type.get(), memory.get(), file_space.get(), dxpl.get(), buffer), "H5Dwrite",
            object);
    });
    const auto part = report_from(dxpl.get(), slab.total, object);
    if (!part.collective) {
      report.collective = false;
      report.no_collective_cause = part.no_collective_cause;
    }
  }
  return report;
}

// Collective: reads elements [first, first + count) of an existing dataset into `out`.
void read_range(const File& file, const std::string& path, const ElementType& type, void* out, std::uint64_t first,
                std::uint64_t count) {
  const auto object = file.object_name(path);
  auto handle = make_handle(H5Dopen2(FileAccess::id(file), path.c_str(), H5P_DEFAULT), "H5Dopen2", object);
  auto file_space = make_handle(H5Dget_space(handle.get()), "H5Dget_space", object);
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(file_space.get(), &n, nullptr), "H5Sget_simple_extent_dims", object);
  mpi::agree(file.comm(), [&] {
    if (first > n || count > n - first) {
      throw Error("cannot read rows [" + std::to_string(first) + ", " + std::to_string(first + count) + ") of " +
                  object + ": it has " + std::to_string(n) + " rows");
    }
  });
  select_rows(file_space.get(), first, count, object);
  auto memory = memory_space(count, object);
  auto memory_type = memory_datatype(type);
  auto dxpl = transfer_properties();
  std::byte placeholder{};
  void* buffer = count > 0 ? out : &placeholder;
  mpi::agree(file.comm(), [&] {
    check(H5Dread(handle.get(), memory_type.get(), memory.get(), file_space.get(), dxpl.get(), buffer), "H5Dread", object);
  });
}

std::string operation_name(const char* verb, std::string_view path) { return std::string(verb) + " " + std::string(path); }

// Looks up `path` in the file's schema and checks its kind, on every rank together.
const DatasetSpec& agreed_spec(const File& file, std::string_view path, std::string_view operation,
                               bool (*kind_ok)(const ElementType&), const char* wanted) {
  const DatasetSpec* spec = nullptr;
  mpi::agree(file.comm(), [&] {
    FileAccess::require_open(file, operation);
    spec = &file.schema().dataset(path);
    if (!kind_ok(spec->type)) {
      throw Error(std::string(operation) + ": dataset " + spec->path + " of schema " + file.schema().label() + " is " +
                  spec->type.name() + ", not " + wanted);
    }
  });
  return *spec;
}

// Collective: the schema dataset `path`, checked (and agreed) to be unwritten and to pass `check`
// (which throws with the operation's message when the data does not fit the schema).
template <typename Check>
const DatasetSpec& writable_spec(File& file, std::string_view path, const std::string& operation, Check&& check) {
  const DatasetSpec* spec = nullptr;
  mpi::agree(file.comm(), [&] {
    spec = &file.schema().dataset(path);
    FileAccess::require_unwritten(file, *spec, operation);
    check(*spec);
  });
  return *spec;
}

void require_kind(const File& file, const DatasetSpec& spec, const std::string& operation, ElementKind kind) {
  if (spec.type.kind != kind) {
    throw Error(operation + ": dataset " + spec.path + " of schema " + file.schema().label() + " is " + spec.type.name() +
                ", the data is " + kind_name(kind));
  }
}

void require_fixed_width(const File& file, const DatasetSpec& spec, const std::string& operation, std::size_t width) {
  if (!spec.type.is_fixed_width_bytes()) {
    throw Error(operation + ": dataset " + spec.path + " of schema " + file.schema().label() + " is " +
                spec.type.name() + ", not a bytes[N] or string[N] column");
  }
  if (width != spec.type.width) {
    throw Error(operation + ": rows are " + std::to_string(width) + " bytes wide, the schema says " + spec.type.name());
  }
}

void require_ragged(const File& file, const DatasetSpec& spec, const std::string& operation) {
  if (spec.type.kind != ElementKind::ragged) {
    throw Error(operation + ": dataset " + spec.path + " of schema " + file.schema().label() + " is " +
                spec.type.name() + ", not ragged");
  }
}

// Collective: writes the column `spec` from this rank's `slab.count` rows (slab.data or
// slab.source); the slab's global position and the total come from the ranks' counts.
WriteReport write_local_rows(File& file, const DatasetSpec& spec, LocalSlab slab) {
  const auto& comm = file.comm();
  slab.first = comm.exscan_sum(slab.count);
  slab.total = comm.allreduce(slab.count, mpi::Op::sum);
  const auto report = create_and_write(file, {spec.path, spec.type, spec.chunk_rows, spec.deflate, spec.fletcher32}, slab);
  FileAccess::mark_written(file, spec);
  return report;
}

// Collective: writes the two halves of the ragged column `spec` and merges their reports.
WriteReport write_ragged_halves(File& file, const DatasetSpec& spec, const LocalSlab& offsets, const LocalSlab& data,
                                std::uint64_t total_rows) {
  const auto offsets_report = create_and_write(
      file, {spec.path + "/offsets", ElementType{ElementKind::uint64, 8}, spec.chunk_rows, spec.deflate, spec.fletcher32},
      offsets);
  const auto data_report = create_and_write(
      file, {spec.path + "/data", ElementType{ElementKind::uint8, 1}, spec.data_chunk_bytes, spec.deflate, spec.fletcher32},
      data);
  FileAccess::mark_written(file, spec);
  WriteReport report;
  report.rows_total = total_rows;
  report.collective = offsets_report.collective && data_report.collective;
  for (const auto* part : {&offsets_report, &data_report}) {
    if (!part->no_collective_cause.empty()) {
      report.no_collective_cause += (report.no_collective_cause.empty() ? "" : "; ") + part->no_collective_cause;
    }
  }
  return report;
}

}  // namespace

void RaggedColumn::push_back(std::span<const std::byte> row) {
  data.insert(data.end(), row.begin(), row.end());
  offsets.push_back(data.size());
}

std::span<const std::byte> RaggedColumn::row(std::size_t i) const {
  return std::span<const std::byte>(data).subspan(offsets.at(i), offsets.at(i + 1) - offsets[i]);
}

std::string_view RaggedColumn::row_text(std::size_t i) const {
  const auto bytes = row(i);
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

RowRange slice_for_rank(std::uint64_t total, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks) {
    throw Error("slice_for_rank: rank " + std::to_string(rank) + " of " + std::to_string(ranks) + " is out of range");
  }
  const auto r = static_cast<std::uint64_t>(rank);
  const auto p = static_cast<std::uint64_t>(ranks);
  const std::uint64_t base = total / p;
  const std::uint64_t extra = total % p;
  return {r * base + std::min(r, extra), base + (r < extra ? 1U : 0U)};
}

namespace detail {

WriteReport write_arithmetic(File& file, std::string_view path, ElementKind kind, const void* rows, std::size_t count) {
  const auto operation = operation_name("write column", path);
  const auto& spec = writable_spec(file, path, operation, [&](const DatasetSpec& d) { require_kind(file, d, operation, kind); });
  return write_local_rows(file, spec, LocalSlab{rows, 0, static_cast<std::uint64_t>(count), 0});
}

WriteReport write_arithmetic_streamed(File& file, std::string_view path, ElementKind kind, std::uint64_t count,
                                      const RowSource& rows) {
  const auto operation = operation_name("write column", path);
  const auto& spec = writable_spec(file, path, operation, [&](const DatasetSpec& d) { require_kind(file, d, operation, kind); });
  return write_local_rows(file, spec, LocalSlab{nullptr, 0, count, 0, &rows});
}

void read_arithmetic(const File& file, std::string_view path, ElementKind kind, void* out, std::uint64_t first_row,
                     std::uint64_t count) {
  const auto operation = operation_name("read column", path);
  const DatasetSpec* spec = nullptr;
  mpi::agree(file.comm(), [&] {
    FileAccess::require_open(file, operation);
    spec = &file.schema().dataset(path);
    if (spec->type.kind != kind) {
      throw Error(operation + ": dataset " + spec->path + " of schema " + file.schema().label() + " is " +
                  spec->type.name() + ", read as " + kind_name(kind));
    }
  });
  read_range(file, spec->path, spec->type, out, first_row, count);
}

}  // namespace detail

WriteReport write_fixed_bytes(File& file, std::string_view path, std::span<const std::byte> local_rows, std::size_t width) {
  const auto operation = operation_name("write column", path);
  const auto& spec = writable_spec(file, path, operation, [&](const DatasetSpec& d) {
    require_fixed_width(file, d, operation, width);
    if (local_rows.size() % width != 0) {
      throw Error(operation + ": " + std::to_string(local_rows.size()) + " bytes is not a whole number of " +
                  std::to_string(width) + "-byte rows");
    }
  });
  return write_local_rows(file, spec, LocalSlab{local_rows.data(), 0, local_rows.size() / width, 0});
}

WriteReport write_ragged(File& file, std::string_view path, std::span<const std::uint64_t> local_offsets,
                         std::span<const std::byte> local_data) {
  const auto operation = operation_name("write ragged column", path);
  const auto& spec = writable_spec(file, path, operation, [&](const DatasetSpec& d) {
    require_ragged(file, d, operation);
    if (local_offsets.empty() || local_offsets.front() != 0) {
      throw Error(operation + ": offsets must hold rows + 1 entries starting at 0");
    }
    if (!std::is_sorted(local_offsets.begin(), local_offsets.end())) {
      throw Error(operation + ": offsets must not decrease");
    }
    if (local_offsets.back() != local_data.size()) {
      throw Error(operation + ": offsets end at " + std::to_string(local_offsets.back()) + " but there are " +
                  std::to_string(local_data.size()) + " data bytes");
    }
  });
  const auto& comm = file.comm();
  const std::uint64_t rows = local_offsets.size() - 1;
  const std::uint64_t bytes = local_data.size();
  const std::uint64_t first_row = comm.exscan_sum(rows);
  const std::uint64_t first_byte = comm.exscan_sum(bytes);
  const std::uint64_t counts[2] = {rows, bytes};
  const auto totals = comm.allreduce(std::span<const std::uint64_t>(counts), mpi::Op::sum);
  const std::uint64_t total_rows = totals[0];
  const std::uint64_t total_bytes = totals[1];

  // Global offsets: rank 0 writes the leading 0 and its row ends; every other rank writes only its
  // row ends, shifted by the bytes of the ranks before it.
  const bool writes_leading_zero = comm.rank() == 0;
  const auto own = local_offsets.subspan(writes_leading_zero ? 0 : 1);
  std::vector<std::uint64_t> global_offsets(own.size());
  std::transform(own.begin(), own.end(), global_offsets.begin(), [&](std::uint64_t o) { return o + first_byte; });
  const LocalSlab offsets_slab{global_offsets.data(), writes_leading_zero ? 0 : first_row + 1, global_offsets.size(),
                               total_rows + 1};
  const LocalSlab data_slab{local_data.data(), first_byte, bytes, total_bytes};
  return write_ragged_halves(file, spec, offsets_slab, data_slab, total_rows);
}

WriteReport write_fixed_bytes_streamed(File& file, std::string_view path, std::uint64_t local_rows, std::size_t width,
                                       const RowSource& rows) {
  const auto operation = operation_name("write column", path);
  const auto& spec =
      writable_spec(file, path, operation, [&](const DatasetSpec& d) { require_fixed_width(file, d, operation, width); });
  return write_local_rows(file, spec, LocalSlab{nullptr, 0, local_rows, 0, &rows});
}

WriteReport write_ragged_streamed(File& file, std::string_view path, std::uint64_t local_rows, std::uint64_t local_bytes,
                                  const RowSource& row_ends, const RowSource& data) {
  const auto operation = operation_name("write ragged column", path);
  const auto& spec = writable_spec(file, path, operation, [&](const DatasetSpec& d) { require_ragged(file, d, operation); });
  const auto& comm = file.comm();
  const std::uint64_t first_row = comm.exscan_sum(local_rows);
  const std::uint64_t first_byte = comm.exscan_sum(local_bytes);
  const std::uint64_t counts[2] = {local_rows, local_bytes};
  const auto totals = comm.allreduce(std::span<const std::uint64_t>(counts), mpi::Op::sum);
  // As write_ragged: rank 0 also writes the leading 0; every offset is shifted to global bytes.
  const bool writes_leading_zero = comm.rank() == 0;
  const RowSource offsets = [&](std::uint64_t first, std::uint64_t count, void* out) {
    auto* dest = static_cast<std::uint64_t*>(out);
    std::uint64_t from = first;
    if (writes_leading_zero) {
      if (first == 0 && count > 0) {
        *dest++ = 0;
        --count;
      } else {
        --from;
      }
    }
    if (count > 0) row_ends(from, count, dest);
    for (std::uint64_t i = 0; i < count; ++i) dest[i] += first_byte;
  };
  const LocalSlab offsets_slab{nullptr, writes_leading_zero ? 0 : first_row + 1, local_rows + (writes_leading_zero ? 1 : 0),
                               totals[0] + 1, &offsets};
  const LocalSlab data_slab{nullptr, first_byte, local_bytes, totals[1], &data};
  return write_ragged_halves(file, spec, offsets_slab, data_slab, totals[0]);
}

WriteReport write_ragged(File& file, std::string_view path, const RaggedColumn& local_rows) {
  return write_ragged(file, path, local_rows.offsets, local_rows.data);
}

std::vector<std::byte> read_fixed_bytes(const File& file, std::string_view path, std::uint64_t first_row,
                                        std::uint64_t count) {
  const auto operation = operation_name("read column", path);
  const auto& spec = agreed_spec(file, path, operation, [](const ElementType& t) { return t.is_fixed_width_bytes(); },
                                 "a bytes[N] or string[N] column");
  std::vector<std::byte> out(count * spec.type.width);
  read_range(file, spec.path, spec.type, out.data(), first_row, count);
  return out;
}

RaggedColumn read_ragged(const File& file, std::string_view path, std::uint64_t first_row, std::uint64_t count) {
  const auto operation = operation_name("read ragged column", path);
  const auto& spec = agreed_spec(file, path, operation, [](const ElementType& t) { return t.kind == ElementKind::ragged; },
                                 "ragged");
  RaggedColumn out;
  out.offsets.resize(count + 1);
  // rows [first, first + count) are delimited by offsets entries [first, first + count].
  read_range(file, spec.path + "/offsets", ElementType{ElementKind::uint64, 8}, out.offsets.data(), first_row, count + 1);
  const std::uint64_t begin = out.offsets.front();
  const std::uint64_t end = out.offsets.back();
  mpi::agree(file.comm(), [&] {
    if (end < begin || !std::is_sorted(out.offsets.begin(), out.offsets.end())) {
      throw H5Error(file.object_name(spec.path + "/offsets") + " is corrupt: offsets decrease in rows [" +
                    std::to_string(first_row) + ", " + std::to_string(first_row + count) + ")");
    }
  });
  out.data.resize(end - begin);
  read_range(file, spec.path + "/data", ElementType{ElementKind::uint8, 1}, out.data.data(), begin, end - begin);
  for (auto& o : out.offsets) o -= begin;
  return out;
}

}  // namespace nayose::h5
