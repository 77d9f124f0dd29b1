#include "src/h5/io_probe.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/common/error.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/filesystem.hpp"
#include "src/h5/schema.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::h5 {
namespace {

constexpr std::size_t kTagWidth = 32;
constexpr std::string_view kSchemaName = "doctor_probe";

// ---- the probe's rows: pure functions of (rank, i), i = row within the rank ----
std::uint64_t global_row(int rank, std::uint64_t rows_per_rank, std::uint64_t i) {
  return static_cast<std::uint64_t>(rank) * rows_per_rank + i;
}

double probe_value(int rank, std::uint64_t i) {
  const auto bits = kernels::splitmix64((static_cast<std::uint64_t>(rank) << 40) | i) >> 11;
  return static_cast<double>(bits) * 0x1.0p-53;
}

std::byte tag_byte(int rank, std::uint64_t i, std::size_t k) {
  return static_cast<std::byte>((31U * static_cast<std::uint64_t>(rank) + 7U * i + k) & 0xFFU);
}

std::string probe_text(int rank, std::uint64_t rows_per_rank, std::uint64_t i) {
  std::string text = "rank " + std::to_string(rank) + " row " + std::to_string(global_row(rank, rows_per_rank, i)) + " ";
  for (std::uint64_t k = 0; k < i % 7; ++k) text += "名寄せ";
  return text;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string hostname() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "unknown-host";
  return name.data();
}

// A probe file name unique to this run, chosen by rank 0.
std::filesystem::path probe_path(const mpi::Communicator& comm, const std::string& dir) {
  std::string name;
  if (comm.rank() == 0) {
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    name = "nayose-doctor-probe-" + hostname() + "-" + std::to_string(::getpid()) + "-" + std::to_string(ticks) + ".h5";
  }
  return std::filesystem::path(dir) / comm.broadcast(name);
}

// Rough size of the probe file: its columns plus room for metadata.
std::uint64_t expected_file_bytes(std::uint64_t rows_total) {
  constexpr std::uint64_t kBytesPerRow = 4 + 8 + 8 + kTagWidth + 8 + 40;
  return rows_total * kBytesPerRow + (std::uint64_t{1} << 20);
}

void require_free_space(const std::string& dir, std::uint64_t needed) {
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) != 0) {
    throw IoError("I/O probe: cannot query free space of directory " + dir + ": " + std::strerror(errno));
  }
  const std::uint64_t available = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  if (available < needed) {
    throw IoError("I/O probe: directory " + dir + " has " + std::to_string(available >> 20) +
                  " MiB free, the probe needs about " + std::to_string((needed >> 20) + 1) + " MiB (file system full?)");
  }
}

// Removes the probe file on rank 0 when the probe ends, whichever way it ends. Every rank
// destroys it (the probe is collective), so the barrier is matched.
class RemoveOnExit {
 public:
  RemoveOnExit(const mpi::Communicator& comm, std::filesystem::path path) : comm_(comm), path_(std::move(path)) {}
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  ~RemoveOnExit() {
    try {
      comm_.barrier();  // nobody is still reading
    } catch (...) {
      // Best effort; the removal below is still right.
    }
    if (comm_.rank() == 0) {
      std::error_code ec;
      std::filesystem::remove(path_, ec);
    }
  }

 private:
  const mpi::Communicator& comm_;
  std::filesystem::path path_;
};

}  // namespace

IoProbeReport write_probe_file(const mpi::Communicator& comm, const std::filesystem::path& path, std::size_t rows_per_rank) {
  const int rank = comm.rank();
  const std::uint64_t n = rows_per_rank;
  std::vector<std::int32_t> ranks(n, rank);
  std::vector<std::uint64_t> rows(n);
  std::vector<double> values(n);
  std::vector<std::byte> tags(n * kTagWidth);
  RaggedColumn text;
  for (std::uint64_t i = 0; i < n; ++i) {
    rows[i] = global_row(rank, n, i);
    values[i] = probe_value(rank, i);
    for (std::size_t k = 0; k < kTagWidth; ++k) tags[i * kTagWidth + k] = tag_byte(rank, i, k);
    text.push_back(probe_text(rank, n, i));
  }

  IoProbeReport report;
  report.file = path.string();
  report.rows_written = n;
  report.bytes_written = n * (sizeof(std::int32_t) + sizeof(std::uint64_t) + sizeof(double) + kTagWidth) +
                         text.data.size() + text.offsets.size() * sizeof(std::uint64_t);
  report.collective = true;
  const auto note = [&report](const WriteReport& w) {
    if (w.collective) return;
    report.collective = false;
    report.no_collective_cause += (report.no_collective_cause.empty() ? "" : "; ") + w.no_collective_cause;
  };

  const auto start = std::chrono::steady_clock::now();
  auto file = File::create(comm, path, load_schema(kSchemaName));
  file.write_attribute("ranks", std::int64_t{comm.size()});
  file.write_attribute("rows_per_rank", static_cast<std::int64_t>(n));
  note(write_column(file, "rank", ranks));
  note(write_column(file, "row", rows));
  note(write_column(file, "value", values));
  note(write_fixed_bytes(file, "tag", tags, kTagWidth));
  note(write_ragged(file, "text", text));
  file.commit();
  report.write_seconds = seconds_since(start);
  return report;
}

std::string check_probe_rows(const File& file, int source_rank) {
  const auto n = static_cast<std::uint64_t>(file.read_int_attribute("rows_per_rank"));
  const auto first = global_row(source_rank, n, 0);
  const auto ranks = read_column<std::int32_t>(file, "rank", first, n);
  const auto rows = read_column<std::uint64_t>(file, "row", first, n);
  const auto values = read_column<double>(file, "value", first, n);
  const auto tags = read_fixed_bytes(file, "tag", first, n);
  const auto text = read_ragged(file, "text", first, n);

  const auto at = [&](std::uint64_t i) {
    return "row " + std::to_string(first + i) + " (written by rank " + std::to_string(source_rank) + ")";
  };
  for (std::uint64_t i = 0; i < n; ++i) {
    if (ranks[i] != source_rank) return at(i) + ": rank is " + std::to_string(ranks[i]);
    if (rows[i] != first + i) return at(i) + ": row is " + std::to_string(rows[i]);
    if (values[i] != probe_value(source_rank, i)) return at(i) + ": value differs from what was written";
    for (std::size_t k = 0; k < kTagWidth; ++k) {
      if (tags[i * kTagWidth + k] != tag_byte(source_rank, i, k)) return at(i) + ": tag byte " + std::to_string(k) + " differs";
    }
    if (text.row_text(i) != probe_text(source_rank, n, i)) return at(i) + ": text differs from what was written";
  }
  return {};
}

IoProbeReport probe_parallel_io(const mpi::Communicator& comm, const std::string& dir, std::size_t rows_per_rank) {
  const auto rows_total = static_cast<std::uint64_t>(rows_per_rank) * static_cast<std::uint64_t>(comm.size());
  // Every rank must be able to create files there: a rank on another node may not even see it.
  mpi::agree(comm, [&] {
    require_writable_directory(dir, "I/O probe");
    require_free_space(dir, expected_file_bytes(rows_total));
  });

  const auto path = probe_path(comm, dir);
  RemoveOnExit remove(comm, path);
  IoProbeReport report;
  try {
    report = write_probe_file(comm, path, rows_per_rank);
    const auto start = std::chrono::steady_clock::now();
    auto file = File::open(comm, path, load_schema(kSchemaName));
    report.read_back_rank = (comm.rank() + 1) % comm.size();
    report.read_back_problem = check_probe_rows(file, report.read_back_rank);
    report.read_back_ok = report.read_back_problem.empty();
    file.close();
    report.read_seconds = seconds_since(start);
  } catch (const std::exception& e) {
    // Every rank gets here together (the layer agrees on its failures), so this stays collective.
    throw IoError("I/O probe in directory " + dir + " failed: " + e.what());
  }
  std::uint64_t file_bytes = 0;
  if (comm.rank() == 0) {
    std::error_code ec;
    file_bytes = std::filesystem::file_size(path, ec);
    if (ec) file_bytes = 0;
  }
  report.file_bytes = comm.broadcast(file_bytes);
  return report;
}

}  // namespace nayose::h5
