#pragma once
// POSIX file-system steps around HDF5 files: pre-flight checks that turn "HDF5 could not open
// the file" into a plain reason, and the fsync + rename that publishes a finished file.
// Every function throws nayose::IoError naming the path and the errno reason.
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace nayose::h5 {

// Where a file is written until it is committed: "<final>.partial".
std::filesystem::path partial_path_for(const std::filesystem::path& final_path);
// The directory a file lives in ("." for a bare file name).
std::filesystem::path directory_of(const std::filesystem::path& file);

// Throws IoError("<purpose>: directory D does not exist / is not a directory / is not writable
// (reason)") unless `dir` is an existing directory this process may create files in.
void require_writable_directory(const std::filesystem::path& dir, std::string_view purpose);
// Throws IoError unless `file` is an existing regular file this process may read.
void require_readable_file(const std::filesystem::path& file, std::string_view purpose);

// fsync(2) of a file's contents, and of a directory (which makes a rename durable).
void fsync_file(const std::filesystem::path& file);
void fsync_directory(const std::filesystem::path& dir);
// Grows `file` to at least `size` bytes (truncate(2): the new bytes read as zeros and take no
// disk space on file systems with sparse files); never shrinks it.
void grow_file_to(const std::filesystem::path& file, std::uint64_t size);
// Sets the size of `file` to exactly `size` bytes.
void set_file_size(const std::filesystem::path& file, std::uint64_t size);
// rename(2): atomic replacement within one file system.
void rename_file(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace nayose::h5
