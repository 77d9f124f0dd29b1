#pragma once
// Rank-local spill files: the staging columns a rank produces are appended to disk as they are
// made and read back chunk by chunk when the staging file is written, so a rank's memory does not
// grow with its share of the input. Each file is created with mode 0600 and unlinked at once (it
// holds personal data): it disappears when closed, also after a crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "src/common/unique_fd.hpp"

namespace nayose::ingest {

class SpillFile {
 public:
  // Creates an anonymous file in `directory`. Throws IoError naming the directory.
  explicit SpillFile(const std::filesystem::path& directory);
  SpillFile(SpillFile&&) noexcept = default;
  SpillFile& operator=(SpillFile&&) noexcept = default;

  void append(const void* data, std::size_t size);
  void append(std::string_view bytes) { append(bytes.data(), bytes.size()); }
  std::uint64_t size() const { return size_; }
  // Reads [offset, offset + size) (flushing pending appends first). Throws IoError.
  void read(std::uint64_t offset, std::size_t size, void* out);

 private:
  void flush();
  UniqueFd fd_;
  std::filesystem::path directory_;
  std::vector<char> buffer_;
  std::uint64_t size_ = 0;     // bytes appended
  std::uint64_t written_ = 0;  // bytes in the file
};

// A fixed-width column: `width` bytes per row.
class SpillColumn {
 public:
  SpillColumn(const std::filesystem::path& directory, std::size_t width) : file_(directory), width_(width) {}
  void push(const void* row) {
    file_.append(row, width_);
    ++rows_;
  }
  template <typename T>
  void push_value(T value) {
    push(&value);
  }
  std::uint64_t rows() const { return rows_; }
  std::uint64_t bytes() const { return file_.size(); }
  void read_rows(std::uint64_t first, std::uint64_t count, void* out) { file_.read(first * width_, count * width_, out); }

 private:
  SpillFile file_;
  std::size_t width_;
  std::uint64_t rows_ = 0;
};

// A ragged column: the row end offsets (uint64, local) and the bytes.
class SpillRagged {
 public:
  explicit SpillRagged(const std::filesystem::path& directory) : ends_(directory, 8), data_(directory) {}
  void push(std::string_view row) {
    data_.append(row);
    ends_.push_value<std::uint64_t>(data_.size());
  }
  std::uint64_t rows() const { return ends_.rows(); }
  std::uint64_t data_bytes() const { return data_.size(); }
  std::uint64_t bytes() const { return ends_.bytes() + data_.size(); }
  void read_ends(std::uint64_t first, std::uint64_t count, void* out) { ends_.read_rows(first, count, out); }
  void read_data(std::uint64_t first, std::uint64_t count, void* out) { data_.read(first, count, out); }

 private:
  SpillColumn ends_;
  SpillFile data_;
};

}  // namespace nayose::ingest
