#include "src/h5/file.hpp"

#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "src/common/build_info.hpp"
#include "src/common/error.hpp"
#include "src/common/log.hpp"
#include "src/h5/datatypes.hpp"
#include "src/h5/error.hpp"
#include "src/h5/filesystem.hpp"
#include "src/h5/properties.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::h5 {
namespace {

// Why files are extended ahead. A collective MPI-IO write (raw data, and metadata with
// collective metadata writes) is done by aggregator ranks that read the whole extent they cover,
// patch in the data and write the extent back, holes included. Where the extent runs past the
// current end of the file the read comes back short and both Open MPI's OMPIO and ROMIO write
// their uninitialised buffer into the holes, so unused gaps in the file (the tail of a partly
// used allocation block, space between chunks) would hold stale heap bytes and the file's bytes
// would depend on the rank count and on what the process did before. HDF5 allocates file space
// (moves the EOA) long before it writes, so before every operation that allocates, rank 0 grows
// the file past the EOA plus an upper bound of what the operation can allocate; the aggregators
// then read zeros. HDF5 cannot report the EOA of an MPI-IO file once it has been written to
// (H5Fget_eoa is for SWMR drivers only and H5Fget_filesize fails), so File keeps a running upper
// bound: the size right after creation plus the bound of every allocating operation since. HDF5
// sets the file size to exactly the EOA when it flushes (H5FD_mpio_truncate), and commit checks
// that with a serial open, so the extension never shows in a committed file.
constexpr std::uint64_t kMetadataAllocationBound = std::uint64_t{1} << 20;

// The HDF5 datasets that hold schema dataset `spec` ("text" -> "text/offsets", "text/data").
std::vector<std::pair<std::string, ElementType>> stored_datasets(const DatasetSpec& spec) {
  if (spec.type.kind == ElementKind::ragged) {
    return {{spec.path + "/offsets", ElementType{ElementKind::uint64, 8}},
            {spec.path + "/data", ElementType{ElementKind::uint8, 1}}};
  }
  return {{spec.path, spec.type}};
}

// The type of the object at `path` (relative to the root), or nothing if any link on the way is
// missing. H5Lexists fails rather than answering "no" when an intermediate group is missing, so
// the path is walked one component at a time.
std::optional<H5O_type_t> object_type(hid_t file, const std::string& path, const std::string& object) {
  for (auto slash = path.find('/');; slash = path.find('/', slash + 1)) {
    const auto prefix = path.substr(0, slash);
    if (check(H5Lexists(file, prefix.c_str(), H5P_DEFAULT), "H5Lexists", object) == 0) return std::nullopt;
    if (slash == std::string::npos) break;
  }
  H5O_info_t info{};
  check(H5Oget_info_by_name2(file, path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), "H5Oget_info_by_name2", object);
  return info.type;
}

Handle scalar_space(const std::string& object) {
  return make_handle(H5Screate(H5S_SCALAR), "H5Screate", object);
}

Handle string_type(std::size_t size, const std::string& object) {
  auto type = make_handle(H5Tcopy(H5T_C_S1), "H5Tcopy", object);
  check(H5Tset_size(type.get(), size), "H5Tset_size", object);
  check(H5Tset_strpad(type.get(), H5T_STR_NULLTERM), "H5Tset_strpad", object);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", object);
  return type;
}

// One uint64 element of a 1-D dataset, read collectively by every rank.
std::uint64_t read_u64_at(hid_t dataset, std::uint64_t index, const std::string& object) {
  auto space = make_handle(H5Dget_space(dataset), "H5Dget_space", object);
  const hsize_t start[1] = {index};
  const hsize_t count[1] = {1};
  check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr), "H5Sselect_hyperslab", object);
  auto memory = make_handle(H5Screate_simple(1, count, nullptr), "H5Screate_simple", object);
  auto dxpl = transfer_properties();
  std::uint64_t value = 0;
  check(H5Dread(dataset, H5T_NATIVE_UINT64, memory.get(), space.get(), dxpl.get(), &value), "H5Dread", object);
  return value;
}

// HDF5 trims the file to its EOA when it flushes; this checks it, with a serial open in which
// H5Fget_eoa works, and trims if needed, so no extension made ahead of an allocation survives in
// a committed file.
void trim_to_allocated_size(const std::filesystem::path& path) {
  auto file = make_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen (serial, to check its size)",
                          path.string());
  haddr_t eoa = 0;
  check(H5Fget_eoa(file.get(), &eoa), "H5Fget_eoa", path.string());
  file.close(path.string());
  const auto size = std::filesystem::file_size(path);
  if (size < eoa) {
    throw H5Error(path.string() + " is " + std::to_string(size) + " bytes long but HDF5 allocated " + std::to_string(eoa) +
                  ": the file is truncated");
  }
  if (size > eoa) set_file_size(path, eoa);
}

}  // namespace

File::File(mpi::Communicator comm, Schema schema, std::filesystem::path path, bool writable)
    : comm_(std::move(comm)), schema_(std::move(schema)), path_(std::move(path)), writable_(writable) {}

File::File(File&& other) noexcept
    : comm_(std::move(other.comm_)),
      schema_(std::move(other.schema_)),
      path_(std::move(other.path_)),
      writable_(other.writable_),
      owns_partial_(std::exchange(other.owns_partial_, false)),
      eoa_bound_(other.eoa_bound_),
      file_(std::move(other.file_)),
      written_datasets_(std::move(other.written_datasets_)),
      written_attributes_(std::move(other.written_attributes_)) {}

File::~File() {
  file_.close_nothrow();
  discard_partial();
}

File File::create(const mpi::Communicator& comm, const std::filesystem::path& final_path, Schema schema) {
  disable_automatic_error_printing();
  auto own = comm.duplicate();
  const auto partial = partial_path_for(final_path);
  // Every rank opens the file through MPI-IO, so every rank must be able to write there; a clear
  // reason beats an MPI_File_open error code buried in the HDF5 stack.
  mpi::agree(own, [&] { require_writable_directory(directory_of(final_path), "cannot create " + final_path.string()); });

  File file(std::move(own), std::move(schema), final_path, true);
  auto fcpl = file_create_properties();
  auto fapl = file_access_properties(file.comm_);
  file.owns_partial_ = true;  // from here on a failure removes whatever was created
  file.file_ = make_handle(H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), "H5Fcreate", partial.string());
  hsize_t created_size = 0;  // max(EOF, EOA): still known, nothing has been written yet
  check(H5Fget_filesize(file.file_.get(), &created_size), "H5Fget_filesize", partial.string());
  file.eoa_bound_ = created_size;
  file.write_attribute_unchecked(kSchemaNameAttribute, std::string_view(file.schema_.name()));
  file.write_attribute_unchecked(kSchemaVersionAttribute, file.schema_.version());
  file.write_attribute_unchecked(kNayoseVersionAttribute, std::string_view(build_info::version));
  file.write_attribute_unchecked(kGitShaAttribute, std::string_view(build_info::git_sha));
  static std::once_flag described;
  std::call_once(described, [] { NAYOSE_LOG(debug) << describe_properties(); });
  NAYOSE_LOG(debug) << "creating " << partial.string() << " (schema " << file.schema_.label() << ")";
  return file;
}

File File::open(const mpi::Communicator& comm, const std::filesystem::path& path, Schema expected_schema) {
  disable_automatic_error_printing();
  auto own = comm.duplicate();
  mpi::agree(own, [&] { require_readable_file(path, "cannot open HDF5 file"); });

  File file(std::move(own), std::move(expected_schema), path, false);
  auto fapl = file_access_properties(file.comm_);
  file.file_ = make_handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), "H5Fopen", path.string());

  // The schema identity first: a file of another kind or version gets one clear message, not a
  // list of missing datasets.
  const auto& schema = file.schema_;
  const auto id = file.file_.get();
  const auto root = file.object_name("");
  const bool has_name = check(H5Aexists(id, std::string(kSchemaNameAttribute).c_str()), "H5Aexists", root) > 0;
  const bool has_version = check(H5Aexists(id, std::string(kSchemaVersionAttribute).c_str()), "H5Aexists", root) > 0;
  if (!has_name || !has_version) {
    throw H5Error(path.string() + " is not a nayose file of schema " + schema.label() + ": the root attribute " +
                  std::string(!has_name ? kSchemaNameAttribute : kSchemaVersionAttribute) + " is missing");
  }
  const auto found_name = file.read_string_attribute(kSchemaNameAttribute);
  const auto found_version = file.read_int_attribute(kSchemaVersionAttribute);
  if (found_name != schema.name() || found_version != schema.version()) {
    throw H5Error(path.string() + " has schema " + found_name + " v" + std::to_string(found_version) + ", expected " +
                  schema.label() + (found_name == schema.name() ? " (this build reads only that version)" : ""));
  }
  file.validate_against_schema();
  return file;
}

void File::validate_against_schema() const {
  const auto id = file_.get();
  std::vector<std::string> problems;
  for (const auto& attribute : schema_.attributes()) {
    const auto object = object_name("") + " attribute " + attribute.name;
    if (check(H5Aexists(id, attribute.name.c_str()), "H5Aexists", object) == 0) {
      if (attribute.required) problems.push_back("missing root attribute " + attribute.name);
      continue;
    }
    auto attr = make_handle(H5Aopen(id, attribute.name.c_str(), H5P_DEFAULT), "H5Aopen", object);
    auto type = make_handle(H5Aget_type(attr.get()), "H5Aget_type", object);
    const auto cls = H5Tget_class(type.get());
    const bool ok = attribute.type == AttributeType::string ? cls == H5T_STRING : cls == H5T_INTEGER;
    if (!ok) {
      problems.push_back("root attribute " + attribute.name + " is " + describe_datatype(type.get()) +
                         ", the schema says " + attribute_type_name(attribute.type));
    }
  }
  for (const auto& spec : schema_.datasets()) {
    bool complete = true;
    for (const auto& [stored, type] : stored_datasets(spec)) {
      const auto object = object_name(stored);
      const auto found = object_type(id, stored, object);
      if (!found) {
        if (spec.required) problems.push_back("missing dataset " + stored);
        complete = false;
        continue;
      }
      if (*found != H5O_TYPE_DATASET) {
        problems.push_back(stored + " is not a dataset");
        complete = false;
        continue;
      }
      auto dataset = make_handle(H5Dopen2(id, stored.c_str(), H5P_DEFAULT), "H5Dopen2", object);
      auto file_type = make_handle(H5Dget_type(dataset.get()), "H5Dget_type", object);
      std::string found_type;
      if (!datatype_matches(file_type.get(), type, found_type)) {
        problems.push_back("dataset " + stored + " is " + found_type + ", the schema says " + type.name());
        complete = false;
      }
      auto space = make_handle(H5Dget_space(dataset.get()), "H5Dget_space", object);
      const int ndims = check(H5Sget_simple_extent_ndims(space.get()), "H5Sget_simple_extent_ndims", object);
      if (ndims != 1) {
        problems.push_back("dataset " + stored + " has rank " + std::to_string(ndims) + ", the schema says 1");
        complete = false;
      }
    }
    if (complete && spec.type.kind == ElementKind::ragged) {
      // offsets must start at 0 and end at the length of data.
      const auto offsets_path = spec.path + "/offsets";
      const auto offsets_object = object_name(offsets_path);
      auto offsets = make_handle(H5Dopen2(id, offsets_path.c_str(), H5P_DEFAULT), "H5Dopen2", offsets_object);
      auto offsets_space = make_handle(H5Dget_space(offsets.get()), "H5Dget_space", offsets_object);
      hsize_t n_offsets = 0;
      check(H5Sget_simple_extent_dims(offsets_space.get(), &n_offsets, nullptr), "H5Sget_simple_extent_dims", offsets_object);
      const auto data_path = spec.path + "/data";
      auto data = make_handle(H5Dopen2(id, data_path.c_str(), H5P_DEFAULT), "H5Dopen2", object_name(data_path));
      auto data_space = make_handle(H5Dget_space(data.get()), "H5Dget_space", object_name(data_path));
      hsize_t n_data = 0;
      check(H5Sget_simple_extent_dims(data_space.get(), &n_data, nullptr), "H5Sget_simple_extent_dims", object_name(data_path));
      if (n_offsets == 0) {
        problems.push_back("ragged column " + spec.path + " has an empty offsets dataset (it needs rows + 1 entries)");
      } else {
        const auto first = read_u64_at(offsets.get(), 0, offsets_object);
        const auto last = read_u64_at(offsets.get(), n_offsets - 1, offsets_object);
        if (first != 0 || last != n_data) {
          problems.push_back("ragged column " + spec.path + ": offsets run from " + std::to_string(first) + " to " +
                             std::to_string(last) + " but data holds " + std::to_string(n_data) + " bytes");
        }
      }
    }
  }
  if (!problems.empty()) {
    std::string message = path_.string() + " does not match schema " + schema_.label() + ":";
    for (const auto& p : problems) message += "\n  - " + p;
    throw H5Error(message);
  }
}

void File::extend_ahead(std::uint64_t bytes) {
  require_writable("extend file");
  eoa_bound_ = eoa_bound_ > std::numeric_limits<std::uint64_t>::max() - bytes ? std::numeric_limits<std::uint64_t>::max()
                                                                               : eoa_bound_ + bytes;
  const auto partial = partial_path_for(path_);
  // agree() also keeps every rank from writing before rank 0 has grown the file.
  mpi::agree(comm_, [&] {
    if (comm_.rank() == 0) grow_file_to(partial, eoa_bound_);
  });
}

void File::commit() {
  require_writable("commit");
  std::vector<std::string> missing;
  for (const auto& spec : schema_.datasets()) {
    if (spec.required && !written_datasets_.contains(spec.path)) missing.push_back("dataset " + spec.path);
  }
  for (const auto& attribute : schema_.attributes()) {
    if (attribute.required && !written_attributes_.contains(attribute.name)) missing.push_back("attribute " + attribute.name);
  }
  if (!missing.empty()) {
    std::string message = "cannot commit " + path_.string() + ": schema " + schema_.label() + " requires";
    for (std::size_t i = 0; i < missing.size(); ++i) message += (i == 0 ? " " : ", ") + missing[i];
    throw Error(message + ", not written");
  }
  const auto partial = partial_path_for(path_);
  extend_ahead(kMetadataAllocationBound);  // the flush writes every dirty metadata entry
  mpi::agree(comm_, [&] {
    // Not closing yet, so the MPI-IO driver syncs: every rank's data reaches storage (MPI_File_sync).
    // The flush also sets the file size to the EOA.
    check(H5Fflush(file_.get(), H5F_SCOPE_GLOBAL), "H5Fflush", partial.string());
    file_.close(partial.string());
  });
  // Every rank has closed before rank 0 makes the file visible under its final name.
  comm_.barrier();
  mpi::agree(comm_, [&] {
    if (comm_.rank() != 0) return;
    trim_to_allocated_size(partial);
    fsync_file(partial);
    rename_file(partial, path_);
    fsync_directory(directory_of(path_));
  });
  owns_partial_ = false;
  NAYOSE_LOG(debug) << "committed " << path_.string();
}

void File::close() {
  if (!file_) return;
  if (writable_ && owns_partial_) {
    file_.close_nothrow();
    discard_partial();
    return;
  }
  mpi::agree(comm_, [&] { file_.close(path_.string()); });
}

void File::discard_partial() noexcept {
  if (!owns_partial_) return;
  owns_partial_ = false;
  try {
    comm_.barrier();  // every rank has closed its MPI-IO handle
  } catch (...) {
    // Best effort; removing the file below is still right on rank 0.
  }
  if (comm_.rank() != 0) return;
  const auto partial = partial_path_for(path_);
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  try {
    if (ec) {
      NAYOSE_LOG_RANK(warn) << "could not remove unfinished output " << partial.string() << ": " << ec.message();
    } else {
      NAYOSE_LOG(warn) << "removed unfinished output " << partial.string() << " (not committed)";
    }
  } catch (...) {
    // Logging is best effort in a destructor path.
  }
}

std::filesystem::path File::current_path() const { return writable_ && owns_partial_ ? partial_path_for(path_) : path_; }

std::string File::object_name(std::string_view object) const {
  return current_path().string() + ":/" + std::string(object);
}

void File::require_open(std::string_view operation) const {
  if (!file_) throw Error(std::string(operation) + ": " + path_.string() + " is not open");
}

void File::require_writable(std::string_view operation) const {
  require_open(operation);
  if (!writable_) throw Error(std::string(operation) + ": " + path_.string() + " was opened read-only");
}

void File::write_attribute(std::string_view name, std::string_view value) {
  require_writable("write attribute " + std::string(name));
  const auto& spec = schema_.attribute(name);
  if (spec.type != AttributeType::string) {
    throw Error("attribute " + spec.name + " of schema " + schema_.label() + " is an int64, not a string");
  }
  write_attribute_unchecked(name, value);
}

void File::write_attribute(std::string_view name, std::int64_t value) {
  require_writable("write attribute " + std::string(name));
  const auto& spec = schema_.attribute(name);
  if (spec.type != AttributeType::int64) {
    throw Error("attribute " + spec.name + " of schema " + schema_.label() + " is a string, not an int64");
  }
  write_attribute_unchecked(name, value);
}

void File::write_attribute_unchecked(std::string_view name, std::string_view value) {
  const std::string key(name);
  const auto object = object_name("") + " attribute " + key;
  if (written_attributes_.contains(key)) throw Error("attribute " + key + " of " + path_.string() + " is already written");
  extend_ahead(kMetadataAllocationBound + value.size());
  // Fixed-length, NUL-terminated UTF-8: no global heap, so the bytes are the same on every run.
  auto type = string_type(value.size() + 1, object);
  auto space = scalar_space(object);
  auto attr = make_handle(H5Acreate2(file_.get(), key.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          "H5Acreate2", object);
  std::string buffer(value);  // NUL-terminated copy
  check(H5Awrite(attr.get(), type.get(), buffer.c_str()), "H5Awrite", object);
  written_attributes_.insert(key);
}

void File::write_attribute_unchecked(std::string_view name, std::int64_t value) {
  const std::string key(name);
  const auto object = object_name("") + " attribute " + key;
  if (written_attributes_.contains(key)) throw Error("attribute " + key + " of " + path_.string() + " is already written");
  extend_ahead(kMetadataAllocationBound);
  auto space = scalar_space(object);
  auto attr = make_handle(H5Acreate2(file_.get(), key.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          "H5Acreate2", object);
  check(H5Awrite(attr.get(), H5T_NATIVE_INT64, &value), "H5Awrite", object);
  written_attributes_.insert(key);
}

std::string File::read_string_attribute(std::string_view name) const {
  require_open("read attribute " + std::string(name));
  const std::string key(name);
  const auto object = object_name("") + " attribute " + key;
  if (check(H5Aexists(file_.get(), key.c_str()), "H5Aexists", object) == 0) {
    throw H5Error(path_.string() + " has no root attribute " + key);
  }
  auto attr = make_handle(H5Aopen(file_.get(), key.c_str(), H5P_DEFAULT), "H5Aopen", object);
  auto type = make_handle(H5Aget_type(attr.get()), "H5Aget_type", object);
  if (H5Tget_class(type.get()) != H5T_STRING) {
    throw H5Error("root attribute " + key + " of " + path_.string() + " is " + describe_datatype(type.get()) +
                  ", expected a string");
  }
  if (check(H5Tis_variable_str(type.get()), "H5Tis_variable_str", object) > 0) {
    // Written by another tool (h5py writes variable-length strings by default).
    auto memory = make_handle(H5Tcopy(H5T_C_S1), "H5Tcopy", object);
    check(H5Tset_size(memory.get(), H5T_VARIABLE), "H5Tset_size", object);
    char* text = nullptr;
    check(H5Aread(attr.get(), memory.get(), &text), "H5Aread", object);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
  }
  const auto size = H5Tget_size(type.get());
  std::string buffer(size, '\0');
  check(H5Aread(attr.get(), type.get(), buffer.data()), "H5Aread", object);
  if (const auto nul = buffer.find('\0'); nul != std::string::npos) buffer.resize(nul);
  if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) {
    while (!buffer.empty() && buffer.back() == ' ') buffer.pop_back();
  }
  return buffer;
}

std::int64_t File::read_int_attribute(std::string_view name) const {
  require_open("read attribute " + std::string(name));
  const std::string key(name);
  const auto object = object_name("") + " attribute " + key;
  if (check(H5Aexists(file_.get(), key.c_str()), "H5Aexists", object) == 0) {
    throw H5Error(path_.string() + " has no root attribute " + key);
  }
  auto attr = make_handle(H5Aopen(file_.get(), key.c_str(), H5P_DEFAULT), "H5Aopen", object);
  auto type = make_handle(H5Aget_type(attr.get()), "H5Aget_type", object);
  auto space = make_handle(H5Aget_space(attr.get()), "H5Aget_space", object);
  if (H5Tget_class(type.get()) != H5T_INTEGER ||
      check(H5Sget_simple_extent_npoints(space.get()), "H5Sget_simple_extent_npoints", object) != 1) {
    throw H5Error("root attribute " + key + " of " + path_.string() + " is " + describe_datatype(type.get()) +
                  ", expected one integer");
  }
  std::int64_t value = 0;
  check(H5Aread(attr.get(), H5T_NATIVE_INT64, &value), "H5Aread", object);
  return value;
}

std::uint64_t File::rows(std::string_view dataset_path) const {
  require_open("rows of " + std::string(dataset_path));
  const auto& spec = schema_.dataset(dataset_path);
  const auto stored = spec.type.kind == ElementKind::ragged ? spec.path + "/offsets" : spec.path;
  const auto object = object_name(stored);
  auto dataset = make_handle(H5Dopen2(file_.get(), stored.c_str(), H5P_DEFAULT), "H5Dopen2", object);
  auto space = make_handle(H5Dget_space(dataset.get()), "H5Dget_space", object);
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space.get(), &n, nullptr), "H5Sget_simple_extent_dims", object);
  if (spec.type.kind == ElementKind::ragged) {
    if (n == 0) throw H5Error(object + " is empty; a ragged column's offsets have rows + 1 entries");
    return n - 1;
  }
  return n;
}

bool File::has_dataset(std::string_view dataset_path) const {
  require_open("look up " + std::string(dataset_path));
  const auto& spec = schema_.dataset(dataset_path);
  if (writable_) return written_datasets_.contains(spec.path);
  for (const auto& [stored, type] : stored_datasets(spec)) {
    if (object_type(file_.get(), stored, object_name(stored)) != H5O_TYPE_DATASET) return false;
  }
  return true;
}

}  // namespace nayose::h5
