#include "src/ingest/spill.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "src/common/error.hpp"

namespace nayose::ingest {

namespace {
constexpr std::size_t kBufferBytes = 128 * 1024;
}

SpillFile::SpillFile(const std::filesystem::path& directory) : directory_(directory) {
  // O_TMPFILE: an unnamed file from the start (never visible); fall back to create + unlink.
  int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string pattern = (directory / "nayose-spill-XXXXXX").string();
    fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(pattern.c_str());
  }
  if (fd < 0) {
    throw IoError("spill directory " + directory.string() + ": cannot create a temporary file: " + std::strerror(errno));
  }
  fd_ = UniqueFd(fd);
  buffer_.reserve(kBufferBytes);
}

void SpillFile::append(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  if (buffer_.size() + size > kBufferBytes) flush();
  if (size >= kBufferBytes) {
    if (!write_all(fd_.get(), std::as_bytes(std::span<const char>(bytes, size)))) {
      throw IoError("spill directory " + directory_.string() + ": write failed: " + std::strerror(errno));
    }
    written_ += size;
  } else {
    buffer_.insert(buffer_.end(), bytes, bytes + size);
  }
  size_ += size;
}

void SpillFile::flush() {
  if (buffer_.empty()) return;
  if (!write_all(fd_.get(), std::as_bytes(std::span<const char>(buffer_.data(), buffer_.size())))) {
    throw IoError("spill directory " + directory_.string() + ": write failed: " + std::strerror(errno));
  }
  written_ += buffer_.size();
  buffer_.clear();
}

void SpillFile::read(std::uint64_t offset, std::size_t size, void* out) {
  flush();
  if (offset + size > written_) throw Error("spill file: read past the end");
  char* dest = static_cast<char*>(out);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd_.get(), dest + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      throw IoError("spill directory " + directory_.string() + ": read failed: " +
                    std::string(got < 0 ? std::strerror(errno) : "unexpected end of file"));
    }
    done += static_cast<std::size_t>(got);
  }
}

}  // namespace nayose::ingest
