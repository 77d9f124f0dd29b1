#include "src/h5/filesystem.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

#include "src/common/error.hpp"
#include "src/common/unique_fd.hpp"

namespace nayose::h5 {
namespace {

std::string quoted(const std::filesystem::path& p) { return p.string(); }

std::string reason(int error) { return std::strerror(error); }

void fsync_path(const std::filesystem::path& path, int flags, const char* what) {
  const UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
  if (fd.get() < 0) {
    throw IoError(std::string("cannot open ") + what + " " + quoted(path) + " to fsync it: " + reason(errno));
  }
  if (::fsync(fd.get()) != 0) {
    throw IoError(std::string("fsync of ") + what + " " + quoted(path) + " failed: " + reason(errno));
  }
}

}  // namespace

std::filesystem::path partial_path_for(const std::filesystem::path& final_path) {
  auto partial = final_path;
  partial += ".partial";
  return partial;
}

std::filesystem::path directory_of(const std::filesystem::path& file) {
  auto dir = file.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}

void require_writable_directory(const std::filesystem::path& dir, std::string_view purpose) {
  const std::string prefix = std::string(purpose) + ": directory " + quoted(dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    const int e = errno;
    if (e == ENOENT) throw IoError(prefix + " does not exist");
    throw IoError(prefix + " cannot be examined: " + reason(e));
  }
  if (!S_ISDIR(st.st_mode)) throw IoError(prefix + " is not a directory");
  // access() also reports a read-only file system (EROFS), which permission bits do not show.
  if (::access(dir.c_str(), W_OK | X_OK) != 0) throw IoError(prefix + " is not writable: " + reason(errno));
}

void require_readable_file(const std::filesystem::path& file, std::string_view purpose) {
  const std::string prefix = std::string(purpose) + ": " + quoted(file);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    const int e = errno;
    if (e == ENOENT) throw IoError(prefix + " does not exist");
    throw IoError(prefix + " cannot be examined: " + reason(e));
  }
  if (!S_ISREG(st.st_mode)) throw IoError(prefix + " is not a regular file");
  if (::access(file.c_str(), R_OK) != 0) throw IoError(prefix + " is not readable: " + reason(errno));
}

void fsync_file(const std::filesystem::path& file) { fsync_path(file, O_RDONLY, "file"); }

void fsync_directory(const std::filesystem::path& dir) { fsync_path(dir, O_RDONLY | O_DIRECTORY, "directory"); }

void grow_file_to(const std::filesystem::path& file, std::uint64_t size) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) throw IoError("cannot examine " + quoted(file) + ": " + reason(errno));
  if (static_cast<std::uint64_t>(st.st_size) < size) set_file_size(file, size);
}

void set_file_size(const std::filesystem::path& file, std::uint64_t size) {
  if (size > static_cast<std::uint64_t>(std::numeric_limits<off_t>::max())) {
    throw IoError("cannot resize " + quoted(file) + " to " + std::to_string(size) + " bytes: too large");
  }
  if (::truncate(file.c_str(), static_cast<off_t>(size)) != 0) {
    throw IoError("cannot resize " + quoted(file) + " to " + std::to_string(size) + " bytes: " + reason(errno));
  }
}

void rename_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw IoError("cannot rename " + quoted(from) + " to " + quoted(to) + ": " + reason(errno));
  }
}

}  // namespace nayose::h5
