#include "src/h5/properties.hpp"

#include <algorithm>

#include "src/common/error.hpp"
#include "src/h5/error.hpp"
#include "src/mpi/native.hpp"

namespace nayose::h5 {
namespace {

// Oldest format that still gives checksummed metadata (v2 object headers, superblock v2): files
// stay readable by HDF5 1.8+ and h5py, and corrupt metadata is detected. The upper bound keeps
// the format fixed to what this library version writes, so a library upgrade cannot silently
// change the bytes of our files.
constexpr H5F_libver_t kLibverLow = H5F_LIBVER_V18;
constexpr H5F_libver_t kLibverHigh = H5F_LIBVER_V110;

constexpr std::uint64_t kMaxChunkBytes = std::uint64_t{1} << 30;

Handle new_list(hid_t cls, const char* what) {
  disable_automatic_error_printing();
  return make_handle(H5Pcreate(cls), "H5Pcreate", what);
}

// Object timestamps make two writes of the same data differ in bytes; our files are
// byte-reproducible for a given input and any rank count, so no object records times.
void no_timestamps(const Handle& plist, const char* what) {
  check(H5Pset_obj_track_times(plist.get(), false), "H5Pset_obj_track_times", what);
}

}  // namespace

Handle file_access_properties(const mpi::Communicator& comm) {
  auto fapl = new_list(H5P_FILE_ACCESS, "file access properties");
  check(H5Pset_fapl_mpio(fapl.get(), mpi::native(comm), MPI_INFO_NULL), "H5Pset_fapl_mpio", "file access properties");
  // Metadata reads by rank 0 then broadcast, instead of every rank reading the same bytes; this
  // makes every metadata-reading call (open, attribute read) collective: all ranks must call it.
  check(H5Pset_all_coll_metadata_ops(fapl.get(), true), "H5Pset_all_coll_metadata_ops", "file access properties");
  // Metadata cache flushes as one collective write instead of many small independent ones.
  check(H5Pset_coll_metadata_write(fapl.get(), true), "H5Pset_coll_metadata_write", "file access properties");
  check(H5Pset_libver_bounds(fapl.get(), kLibverLow, kLibverHigh), "H5Pset_libver_bounds", "file access properties");
  return fapl;
}

Handle file_create_properties() {
  auto fcpl = new_list(H5P_FILE_CREATE, "file creation properties");
  no_timestamps(fcpl, "file creation properties");  // applies to the root group
  return fcpl;
}

Handle group_create_properties() {
  auto gcpl = new_list(H5P_GROUP_CREATE, "group creation properties");
  no_timestamps(gcpl, "group creation properties");
  return gcpl;
}

Handle dataset_create_properties(const DatasetLayout& layout, std::string_view object) {
  auto dcpl = new_list(H5P_DATASET_CREATE, "dataset creation properties");
  const auto id = dcpl.get();
  no_timestamps(dcpl, "dataset creation properties");
  const hsize_t chunk[1] = {layout.chunk_rows};
  check(H5Pset_chunk(id, 1, chunk), "H5Pset_chunk", object);
  // Unfiltered chunks are allocated when the dataset is created (parallel HDF5 requires it).
  // Filtered chunks are allocated when written, at their compressed size: allocating them early
  // at full size and reallocating them after compression would leave the full-size space unused
  // in the file.
  const bool filtered = layout.deflate > 0 || layout.fletcher32;
  check(H5Pset_alloc_time(id, filtered ? H5D_ALLOC_TIME_INCR : H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", object);
  // Every element is written by the collective write right after creation, so writing fill
  // values first would only double the I/O.
  check(H5Pset_fill_time(id, H5D_FILL_TIME_NEVER), "H5Pset_fill_time", object);
  // Filter order matters: the checksum covers the compressed bytes that are actually stored.
  if (layout.deflate > 0) {
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) {
      throw H5Error(std::string(object) + ": this HDF5 library has no deflate (zlib) filter");
    }
    check(H5Pset_deflate(id, static_cast<unsigned>(layout.deflate)), "H5Pset_deflate", object);
  }
  if (layout.fletcher32) check(H5Pset_fletcher32(id), "H5Pset_fletcher32", object);
  return dcpl;
}

Handle transfer_properties() {
  auto dxpl = new_list(H5P_DATASET_XFER, "transfer properties");
  check(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio", "transfer properties");
  return dxpl;
}

std::uint64_t clamp_chunk_rows(std::uint64_t schema_chunk_rows, std::uint64_t total_rows, std::size_t element_bytes) {
  const std::uint64_t max_rows_by_bytes = std::max<std::uint64_t>(1, kMaxChunkBytes / std::max<std::size_t>(1, element_bytes));
  std::uint64_t rows = std::max<std::uint64_t>(1, schema_chunk_rows);
  rows = std::min(rows, std::max<std::uint64_t>(1, total_rows));
  return std::min(rows, max_rows_by_bytes);
}

std::string describe_properties() {
  return "HDF5 properties (src/h5/properties.cpp):\n"
         "  file access: MPI-IO driver (MPI_INFO_NULL), collective metadata reads (all_coll_metadata_ops) "
         "and writes (coll_metadata_write), format bounds [v1.8, v1.10]\n"
         "  file/group/dataset creation: obj_track_times off (byte-reproducible files)\n"
         "  datasets: 1-D chunked, maxdims unlimited, chunk = schema chunk_rows clamped to [1, rows] and 1 GiB, "
         "alloc_time early (incremental if filtered), fill_time never, deflate and fletcher32 as the schema says "
         "(deflate first)\n"
         "  transfer: collective MPI-IO (H5FD_MPIO_COLLECTIVE); every write reports HDF5's actual I/O mode\n"
         "  files being written are grown (sparse zeros) ahead of every allocation, so MPI-IO's "
         "read-modify-write never copies stale buffer bytes into holes (src/h5/file.cpp)";
}

}  // namespace nayose::h5
