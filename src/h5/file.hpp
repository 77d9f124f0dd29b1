#pragma once
// A nayose HDF5 file, opened collectively with MPI-IO on a communicator.
//
// Writing (File::create ... commit):
//   auto file = File::create(comm, "/data/staging.h5", load_schema("staging"));   // collective
//   write_column(file, "birth_date", std::span<const std::int32_t>(dates));       // src/h5/columns.hpp
//   file.commit();                                                                 // collective
// create() makes "<final>.partial" and writes the root attributes schema_name, schema_version,
// nayose_version and git_sha. commit() checks that every required dataset and attribute was
// written, flushes (MPI_File_sync), closes, fsyncs, and after a barrier rank 0 renames the file to
// its final name and fsyncs the directory: no partial file ever sits under a final name. A File
// destroyed without commit() (an exception unwinding every rank) closes and rank 0 removes the
// .partial.
//
// Reading (File::open): opens read-only, checks schema_name and schema_version first (a clear
// error naming the file, expected vs found), then every dataset and attribute the schema lists.
//
// Every member function here and every function of columns.hpp is collective over the file's
// communicator: all ranks call them in the same order (HDF5 metadata operations are collective
// with the properties of properties.hpp). A File must therefore also be destroyed on every rank;
// the project's error policy (all ranks fail together, src/mpi/failure.hpp) guarantees that, and
// this layer agrees on its own failures (argument checks, data transfers) before throwing.
// Only a rank's main thread may call this layer: the HDF5 library is not built thread-safe.
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "src/h5/handle.hpp"
#include "src/h5/schema.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::h5 {

namespace detail {
struct FileAccess;  // columns.cpp's door into File's bookkeeping
}

class File {
 public:
  // Collective. Creates "<final_path>.partial" (truncating a leftover one) for writing.
  static File create(const mpi::Communicator& comm, const std::filesystem::path& final_path, Schema schema);
  // Collective. Opens `path` read-only and validates it against `expected_schema`.
  static File open(const mpi::Communicator& comm, const std::filesystem::path& path, Schema expected_schema);

  File(File&& other) noexcept;
  File& operator=(File&&) = delete;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File();

  // Collective. Publishes a file being written under its final name (see above).
  void commit();
  // Collective. Closes the file; a file being written that was not committed is discarded.
  void close();

  bool is_writable() const noexcept { return writable_; }
  bool is_open() const noexcept { return static_cast<bool>(file_); }
  const Schema& schema() const noexcept { return schema_; }
  // The file's own duplicate of the communicator it was opened on.
  const mpi::Communicator& comm() const noexcept { return comm_; }
  // The final name (for a file being written, the name it gets at commit).
  const std::filesystem::path& path() const noexcept { return path_; }
  // Where the bytes are now: the .partial while writing, else path().
  std::filesystem::path current_path() const;
  // "<current path>:/<object>", the way errors name an object of this file.
  std::string object_name(std::string_view object) const;
  // The HDF5 file identifier, for inspection (tests, verify); do not close it.
  hid_t native() const noexcept { return file_.get(); }

  // Collective. Root attributes; the name must be in the schema with this type. Written once.
  void write_attribute(std::string_view name, std::string_view value);
  void write_attribute(std::string_view name, std::int64_t value);
  // Collective. Reads a root attribute; throws H5Error naming the file if it is missing or of
  // another type.
  std::string read_string_attribute(std::string_view name) const;
  std::int64_t read_int_attribute(std::string_view name) const;

  // Collective. Rows of a schema dataset as stored in the file (for ragged: offsets - 1).
  std::uint64_t rows(std::string_view dataset_path) const;
  // Whether the schema dataset `dataset_path` exists in the file (written, for a file being
  // written).
  bool has_dataset(std::string_view dataset_path) const;

 private:
  friend struct detail::FileAccess;
  File(mpi::Communicator comm, Schema schema, std::filesystem::path path, bool writable);
  void write_attribute_unchecked(std::string_view name, std::string_view value);
  void write_attribute_unchecked(std::string_view name, std::int64_t value);
  void require_open(std::string_view operation) const;
  void require_writable(std::string_view operation) const;
  void validate_against_schema() const;
  void discard_partial() noexcept;
  // Collective. Before an operation that may allocate up to `bytes` of file space, makes the file
  // at least EOA + `bytes` long (see "Why files are extended ahead" in file.cpp).
  void extend_ahead(std::uint64_t bytes);

  mpi::Communicator comm_;
  Schema schema_;
  std::filesystem::path path_;
  bool writable_ = false;
  bool owns_partial_ = false;  // a .partial of ours exists and must be removed unless committed
  std::uint64_t eoa_bound_ = 0;  // an upper bound of the file's EOA (end of allocated space)
  Handle file_;
  std::set<std::string, std::less<>> written_datasets_;
  std::set<std::string, std::less<>> written_attributes_;
};

}  // namespace nayose::h5
