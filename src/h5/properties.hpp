#pragma once
// The one place where HDF5 property lists are built: file access (MPI-IO, collective metadata,
// format bounds), file/group/dataset creation (no timestamps, chunking, filters) and data
// transfer (collective MPI-IO). Every choice is explained in properties.cpp and summarised by
// `describe_properties()` for the log, so what the I/O layer does is never hidden in code or in
// environment variables.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "src/h5/handle.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::h5 {

// The creation-time layout of one HDF5 dataset.
struct DatasetLayout {
  std::uint64_t chunk_rows = 1;  // already clamped with clamp_chunk_rows
  int deflate = 0;               // 0 = off
  bool fletcher32 = false;
};

// File access: MPI-IO on `comm` (HDF5 duplicates it), collective metadata reads and writes,
// library format bounds [v1.8, v1.10].
Handle file_access_properties(const mpi::Communicator& comm);
// File creation: no object timestamps on the root group.
Handle file_create_properties();
// Group creation: no object timestamps.
Handle group_create_properties();
// Dataset creation: chunked 1-D with the layout's filters, no timestamps, early allocation and no
// fill-value writes (every element is written by the collective write that follows).
// `object` names the dataset in errors.
Handle dataset_create_properties(const DatasetLayout& layout, std::string_view object);
// Data transfer: collective MPI-IO.
Handle transfer_properties();

// The chunk length actually used for a dataset of `total_rows` rows: the schema's value, no longer
// than the dataset (so tiny datasets do not allocate huge chunks), at least 1 (so empty datasets
// can exist) and at most 1 GiB of elements. Depends only on global values, so every rank count
// gives the same layout.
std::uint64_t clamp_chunk_rows(std::uint64_t schema_chunk_rows, std::uint64_t total_rows, std::size_t element_bytes);

// A multi-line summary of every property this layer sets, for the job log.
std::string describe_properties();

}  // namespace nayose::h5
