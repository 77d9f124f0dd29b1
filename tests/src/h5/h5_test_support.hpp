#pragma once
// Helpers shared by the HDF5 tests: a temporary directory every rank sees, a schema with one
// column of every kind, deterministic rows that are a pure function of the global row number,
// and error-message assertions.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::h5::testing {

// A fresh directory, created by rank 0 and shared by every rank of `comm`; removed at the end.
class SharedTempDir {
 public:
  SharedTempDir(const mpi::Communicator& comm, std::string_view test_name) : comm_(comm) {
    std::string path;
    if (comm.rank() == 0) {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/nayose-h5-" +
                            std::string(test_name) + "-XXXXXX";
      if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
    }
    path_ = comm.broadcast(path);
    if (path_.empty()) throw std::runtime_error("mkdtemp failed");
  }
  SharedTempDir(const SharedTempDir&) = delete;
  SharedTempDir& operator=(const SharedTempDir&) = delete;
  ~SharedTempDir() {
    comm_.barrier();
    if (comm_.rank() == 0) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  const mpi::Communicator& comm_;
  std::filesystem::path path_;
};

// One column of every kind; chunk sizes small and odd so that chunks straddle rank boundaries,
// and a mix of filters (none, deflate, fletcher32, both).
inline constexpr std::string_view kAllKindsSchema = R"({
  "schema_name": "h5_test_all_kinds",
  "schema_version": 3,
  "description": "Test schema with one column of every element type.",
  "attributes": [
    {"name": "label", "type": "string", "description": "free text"},
    {"name": "count", "type": "int64", "required": false, "description": "an optional number"}
  ],
  "datasets": [
    {"path": "i8", "type": "int8", "chunk_rows": 7, "deflate": 0, "fletcher32": false, "description": "d"},
    {"path": "u8", "type": "uint8", "chunk_rows": 64, "deflate": 0, "fletcher32": true, "description": "d"},
    {"path": "i16", "type": "int16", "chunk_rows": 50, "deflate": 1, "fletcher32": false, "description": "d"},
    {"path": "u16", "type": "uint16", "chunk_rows": 33, "deflate": 0, "fletcher32": false, "description": "d"},
    {"path": "i32", "type": "int32", "chunk_rows": 100, "deflate": 6, "fletcher32": true, "description": "d"},
    {"path": "u32", "type": "uint32", "chunk_rows": 1000000, "deflate": 0, "fletcher32": false, "description": "d"},
    {"path": "i64", "type": "int64", "chunk_rows": 17, "deflate": 4, "fletcher32": false, "description": "d"},
    {"path": "u64", "type": "uint64", "chunk_rows": 29, "deflate": 1, "fletcher32": true, "description": "d"},
    {"path": "f32", "type": "float32", "chunk_rows": 40, "deflate": 0, "fletcher32": false, "description": "d"},
    {"path": "f64", "type": "float64", "chunk_rows": 45, "deflate": 0, "fletcher32": true, "description": "d"},
    {"path": "codes/hash", "type": "bytes[5]", "chunk_rows": 16, "deflate": 2, "fletcher32": true, "description": "d"},
    {"path": "codes/name", "type": "string[7]", "chunk_rows": 31, "deflate": 0, "fletcher32": false, "description": "d"},
    {"path": "notes", "type": "ragged", "chunk_rows": 9, "data_chunk_bytes": 64, "deflate": 3, "fletcher32": true,
     "description": "d"}
  ]
})";

inline Schema all_kinds_schema() { return Schema::parse(kAllKindsSchema, "all-kinds test schema"); }

// The rows [first, first + count) of the all-kinds data set; row g's values depend only on g.
struct Rows {
  std::vector<std::int8_t> i8;
  std::vector<std::uint8_t> u8;
  std::vector<std::int16_t> i16;
  std::vector<std::uint16_t> u16;
  std::vector<std::int32_t> i32;
  std::vector<std::uint32_t> u32;
  std::vector<std::int64_t> i64;
  std::vector<std::uint64_t> u64;
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<std::byte> hash;  // 5 bytes per row
  std::vector<std::byte> name;  // 7 bytes per row
  RaggedColumn notes;
};

inline Rows make_rows(std::uint64_t first, std::uint64_t count) {
  Rows r;
  for (std::uint64_t g = first; g < first + count; ++g) {
    const auto h = kernels::splitmix64(g);
    r.i8.push_back(static_cast<std::int8_t>(static_cast<std::int64_t>(h % 256) - 128));
    r.u8.push_back(static_cast<std::uint8_t>(g % 256));
    r.i16.push_back(static_cast<std::int16_t>(static_cast<std::int64_t>(g % 4000) - 2000));
    r.u16.push_back(static_cast<std::uint16_t>(h >> 48));
    r.i32.push_back(static_cast<std::int32_t>(g) * -3);
    r.u32.push_back(static_cast<std::uint32_t>(h));
    r.i64.push_back(static_cast<std::int64_t>(g) - 1000000000000LL);
    r.u64.push_back(h);
    r.f32.push_back(static_cast<float>(g) * 0.25F);
    r.f64.push_back(static_cast<double>(h >> 11) * 0x1.0p-53);
    for (std::uint64_t k = 0; k < 5; ++k) r.hash.push_back(static_cast<std::byte>((h >> (8 * k)) & 0xFFU));
    std::string name = "n" + std::to_string(g);
    name.resize(7, '\0');  // string[7] rows are NUL-padded
    for (char c : name) r.name.push_back(static_cast<std::byte>(c));
    std::vector<std::byte> note(g % 13);  // includes empty rows
    for (std::size_t j = 0; j < note.size(); ++j) note[j] = static_cast<std::byte>((g * 31 + j) & 0xFFU);
    r.notes.push_back(note);
  }
  return r;
}

// Writes every column of `rows` (this rank's part) and returns the reports.
inline std::vector<WriteReport> write_rows(File& file, const Rows& rows) {
  return {
      write_column(file, "i8", rows.i8),    write_column(file, "u8", rows.u8),
      write_column(file, "i16", rows.i16),  write_column(file, "u16", rows.u16),
      write_column(file, "i32", rows.i32),  write_column(file, "u32", rows.u32),
      write_column(file, "i64", rows.i64),  write_column(file, "u64", rows.u64),
      write_column(file, "f32", rows.f32),  write_column(file, "f64", rows.f64),
      write_fixed_bytes(file, "codes/hash", rows.hash, 5), write_fixed_bytes(file, "codes/name", rows.name, 7),
      write_ragged(file, "notes", rows.notes),
  };
}

// Reads rows [first, first + count) of every column.
inline Rows read_rows(const File& file, std::uint64_t first, std::uint64_t count) {
  Rows r;
  r.i8 = read_column<std::int8_t>(file, "i8", first, count);
  r.u8 = read_column<std::uint8_t>(file, "u8", first, count);
  r.i16 = read_column<std::int16_t>(file, "i16", first, count);
  r.u16 = read_column<std::uint16_t>(file, "u16", first, count);
  r.i32 = read_column<std::int32_t>(file, "i32", first, count);
  r.u32 = read_column<std::uint32_t>(file, "u32", first, count);
  r.i64 = read_column<std::int64_t>(file, "i64", first, count);
  r.u64 = read_column<std::uint64_t>(file, "u64", first, count);
  r.f32 = read_column<float>(file, "f32", first, count);
  r.f64 = read_column<double>(file, "f64", first, count);
  r.hash = read_fixed_bytes(file, "codes/hash", first, count);
  r.name = read_fixed_bytes(file, "codes/name", first, count);
  r.notes = read_ragged(file, "notes", first, count);
  return r;
}

inline void expect_rows_equal(const Rows& expected, const Rows& actual) {
  EXPECT_EQ(expected.i8, actual.i8);
  EXPECT_EQ(expected.u8, actual.u8);
  EXPECT_EQ(expected.i16, actual.i16);
  EXPECT_EQ(expected.u16, actual.u16);
  EXPECT_EQ(expected.i32, actual.i32);
  EXPECT_EQ(expected.u32, actual.u32);
  EXPECT_EQ(expected.i64, actual.i64);
  EXPECT_EQ(expected.u64, actual.u64);
  EXPECT_EQ(expected.f32, actual.f32);
  EXPECT_EQ(expected.f64, actual.f64);
  EXPECT_EQ(expected.hash, actual.hash);
  EXPECT_EQ(expected.name, actual.name);
  EXPECT_EQ(expected.notes.offsets, actual.notes.offsets);
  EXPECT_EQ(expected.notes.data, actual.notes.data);
}

// Runs `fn`, expects a nayose::Error (or subclass) whose message contains every fragment.
inline void expect_error_containing(const std::function<void()>& fn, std::initializer_list<std::string_view> fragments) {
  try {
    fn();
    ADD_FAILURE() << "expected an exception";
  } catch (const std::exception& e) {
    const std::string message = e.what();
    for (const auto fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos) << "message lacks \"" << fragment << "\":\n" << message;
    }
  }
}

inline std::vector<char> file_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return {};
  std::vector<char> bytes(size);
  std::ifstream in(path, std::ios::binary);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) return {};
  return bytes;
}

}  // namespace nayose::h5::testing
