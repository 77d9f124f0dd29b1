#include "src/ingest/ingester.hpp"


#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "src/common/error.hpp"
#include "src/common/log.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/ingest/staging.hpp"
#include "src/keys/keyring.hpp"
#include "src/keys/sha256.hpp"
#include "src/mpi/failure.hpp"

namespace nayose::ingest {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kReasonSlots = 64;

// Serialised file list for the broadcast: root u32, size u64, path length u32, path bytes.
std::string serialise(const std::vector<SourceFile>& files) {
  std::string out;
  for (const auto& f : files) {
    out.append(reinterpret_cast<const char*>(&f.root), sizeof f.root);
    out.append(reinterpret_cast<const char*>(&f.size), sizeof f.size);
    const auto n = static_cast<std::uint32_t>(f.path.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(f.path);
  }
  return out;
}

std::vector<SourceFile> deserialise(const std::string& bytes) {
  std::vector<SourceFile> files;
  std::size_t at = 0;
  while (at < bytes.size()) {
    SourceFile f;
    std::uint32_t n = 0;
    std::memcpy(&f.root, bytes.data() + at, sizeof f.root);
    at += sizeof f.root;
    std::memcpy(&f.size, bytes.data() + at, sizeof f.size);
    at += sizeof f.size;
    std::memcpy(&n, bytes.data() + at, sizeof n);
    at += sizeof n;
    f.path.assign(bytes.data() + at, n);
    at += n;
    files.push_back(std::move(f));
  }
  return files;
}

std::string join_lines(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "\n") + v;
  return out;
}

}  // namespace

std::vector<SourceFile> discover_sources(const std::vector<std::string>& directories) {
  std::vector<SourceFile> files;
  for (std::size_t root = 0; root < directories.size(); ++root) {
    const fs::path base(directories[root]);
    std::error_code ec;
    fs::recursive_directory_iterator it(base, fs::directory_options::none, ec);
    if (ec) throw IoError("--sources " + directories[root] + ": cannot list: " + ec.message());
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
      if (ec) throw IoError("--sources " + directories[root] + ": cannot list: " + ec.message());
      const auto status = it->symlink_status(ec);
      if (ec) throw IoError("--sources " + directories[root] + ": cannot stat an entry: " + ec.message());
      if (!fs::is_regular_file(status)) continue;  // directories, symlinks, devices
      SourceFile f;
      f.root = static_cast<std::uint32_t>(root);
      f.path = it->path().lexically_relative(base).generic_string();
      f.size = it->file_size(ec);
      if (ec) f.size = 0;
      files.push_back(std::move(f));
    }
  }
  std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
    return a.root != b.root ? a.root < b.root : a.path < b.path;
  });
  return files;
}

std::vector<std::uint64_t> partition_by_bytes(const std::vector<SourceFile>& files, int ranks) {
  // Each file goes to the rank whose share of the byte range holds the file's midpoint (a file
  // counts at least one byte so that empty files spread too).
  const std::uint64_t parts = static_cast<std::uint64_t>(std::max(ranks, 1));
  long double total = 0;
  for (const auto& f : files) total += static_cast<long double>(std::max<std::uint64_t>(f.size, 1));
  std::vector<std::uint64_t> bounds;
  bounds.reserve(parts + 1);
  bounds.push_back(0);
  long double before = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto weight = static_cast<long double>(std::max<std::uint64_t>(files[i].size, 1));
    const long double mid = before + weight / 2;
    while (bounds.size() < parts &&
           mid >= total * static_cast<long double>(bounds.size()) / static_cast<long double>(parts)) {
      bounds.push_back(i);
    }
    before += weight;
  }
  while (bounds.size() <= parts) bounds.push_back(files.size());
  return bounds;
}

IngestSummary run_ingest(const mpi::Communicator& comm, const IngestOptions& options, PhaseTimers& timers) {
  IngestSummary summary;
  const auto started = std::chrono::steady_clock::now();

  // 1. Keys and inputs.
  std::optional<keys::HmacSha256> prototype;
  std::string key_check;
  mpi::agree(comm, [&] {
    const auto keyring = keys::Keyring::load(options.keys);
    prototype.emplace(keyring.key("lineage"));
    key_check = keys::to_hex(prototype->mac(std::string_view("nayose lineage key check")));
    if (!options.overwrite && fs::exists(options.out)) {
      throw ConfigError({"--out " + options.out + " exists (use --overwrite to replace it)"});
    }
  });
  std::vector<SourceFile> files;
  {
    auto phase = timers.phase("discover");
    std::string listing;
    mpi::agree(comm, [&] {
      if (comm.is_root()) listing = serialise(discover_sources(options.sources));
    });
    listing = comm.broadcast(std::move(listing));
    files = deserialise(listing);
  }
  const auto bounds = partition_by_bytes(files, comm.size());
  const std::uint64_t first = bounds[static_cast<std::size_t>(comm.rank())];
  const std::uint64_t last = bounds[static_cast<std::size_t>(comm.rank()) + 1];
  std::uint64_t total_bytes = 0;
  for (const auto& f : files) total_bytes += f.size;
  summary.files = files.size();
  NAYOSE_LOG(info) << "ingest: " << files.size() << " files, " << total_bytes << " bytes under "
                   << options.sources.size() << " --sources director" << (options.sources.size() == 1 ? "y" : "ies");

  // 2. Rounds: the same number on every rank (progress and allreduce after each).
  const std::uint64_t batch_bytes = std::max<std::uint64_t>(options.batch_mib, 1) << 20;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> rounds;  // [begin, end) of this rank's files
  for (std::uint64_t i = first; i < last;) {
    std::uint64_t bytes = 0;
    std::uint64_t j = i;
    while (j < last && (j == i || bytes + files[j].size <= batch_bytes)) bytes += files[j++].size;
    rounds.emplace_back(i, j);
    i = j;
  }
  const auto round_count = comm.allreduce<std::uint64_t>(rounds.size(), mpi::Op::max);
  tbb::enumerable_thread_specific<keys::HmacSha256> macs([&] { return prototype->clone(); });

  const fs::path spill_dir =
      options.spill_dir.empty() ? fs::absolute(options.out).parent_path() : fs::path(options.spill_dir);
  std::unique_ptr<StagingColumns> spill;
  mpi::agree(comm, [&] { spill = std::make_unique<StagingColumns>(spill_dir); });
  StagingColumns& columns = *spill;
  std::vector<std::uint64_t> by_reason(kReasonSlots, 0);
  std::vector<std::uint64_t> files_by_reason(kReasonSlots, 0);
  std::uint64_t done_bytes_global = 0;
  std::uint64_t local[4] = {0, 0, 0, 0};  // read, accepted, quarantined, events
  for (std::uint64_t r = 0; r < round_count; ++r) {
    std::uint64_t round_bytes = 0;
    {
      auto phase = timers.phase("parse+normalise");
      mpi::agree(comm, [&] {
        if (r >= rounds.size()) return;
        const auto [begin, end] = rounds[r];
        // A pipeline: files are read, parsed, normalised and hashed in parallel, and appended to
        // the spill files by one thread in file order while the others go on parsing. At most
        // `tokens` outcomes are in flight, which bounds the memory of a round.
        const std::size_t tokens = 4 * static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
        std::uint64_t next = begin;
        using Item = std::pair<std::uint64_t, std::shared_ptr<FileOutcome>>;
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, std::uint64_t>(tbb::filter_mode::serial_in_order,
                                                  [&](tbb::flow_control& control) -> std::uint64_t {
                                                    if (next == end) {
                                                      control.stop();
                                                      return 0;
                                                    }
                                                    return next++;
                                                  }) &
                tbb::make_filter<std::uint64_t, Item>(
                    tbb::filter_mode::parallel,
                    [&](std::uint64_t i) -> Item {
                      const auto& f = files[i];
                      const fs::path path = fs::path(options.sources[f.root]) / f.path;
                      std::string bytes;
                      auto outcome = std::make_shared<FileOutcome>();
                      if (auto error = read_whole_file(path.string(), options.max_file_mib << 20, bytes);
                          !error.empty()) {
                        *outcome = unreadable_file(f.path, std::move(error));
                      } else {
                        *outcome = ingest_bytes(f.path, bytes, macs.local());
                      }
                      return {i, std::move(outcome)};
                    }) &
                tbb::make_filter<Item, void>(tbb::filter_mode::serial_in_order, [&](const Item& item) {
                  const FileOutcome& o = *item.second;
                  columns.append(files[item.first], o);
                  round_bytes += o.bytes;
                  local[0] += o.records_read();
                  local[1] += o.identities.size();
                  local[2] += o.quarantine.size();
                  for (const auto& id : o.identities) local[3] += id.events.size();
                  for (const auto& q : o.quarantine) {
                    ++by_reason[std::min<std::size_t>(static_cast<std::size_t>(q.reason), kReasonSlots - 1)];
                  }
                  if (o.reason != parse::Reason::none) {
                    ++files_by_reason[std::min<std::size_t>(static_cast<std::size_t>(o.reason), kReasonSlots - 1)];
                  }
                }));
      });
    }
    done_bytes_global += comm.allreduce<std::uint64_t>(round_bytes, mpi::Op::sum);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    const double fraction = total_bytes == 0 ? 1.0 : static_cast<double>(done_bytes_global) / static_cast<double>(total_bytes);
    const double rate = elapsed.count() > 0 ? static_cast<double>(done_bytes_global) / 1e6 / elapsed.count() : 0.0;
    NAYOSE_LOG(info) << "ingest: round " << (r + 1) << "/" << round_count << ": " << done_bytes_global / 1000000
                     << " of " << total_bytes / 1000000 << " MB (" << static_cast<int>(fraction * 100) << "%), "
                     << static_cast<std::uint64_t>(rate) << " MB/s, ETA "
                     << (fraction > 0 ? static_cast<int>(elapsed.count() * (1 - fraction) / fraction) : 0) << " s";
  }

  // 3. Totals.
  const auto totals = comm.allreduce(std::span<const std::uint64_t>(local, 4), mpi::Op::sum);
  summary.records_read = totals[0];
  summary.accepted = totals[1];
  summary.quarantined = totals[2];
  summary.events = totals[3];
  summary.bytes = total_bytes;
  summary.quarantined_by_reason = comm.allreduce(std::span<const std::uint64_t>(by_reason), mpi::Op::sum);
  summary.files_by_reason = comm.allreduce(std::span<const std::uint64_t>(files_by_reason), mpi::Op::sum);
  for (const auto n : summary.files_by_reason) summary.files_rejected += n;
  summary.local_records = local[0];
  summary.spilled_bytes = comm.allreduce<std::uint64_t>(columns.spilled_bytes(), mpi::Op::max);

  // 4. The staging file, collectively.
  {
    auto phase = timers.phase("write staging");
    auto file = h5::File::create(comm, options.out, h5::load_schema("staging"));
    file.write_attribute("source_dirs", join_lines(options.sources));
    file.write_attribute("lineage_key_check", key_check);
    std::string config = "sources=" + join_lines(options.sources) + "\nmax-file-mib=" + std::to_string(options.max_file_mib);
    file.write_attribute("config_digest", keys::to_hex(keys::Sha256::digest(config)));
    columns.write(file, first);
    file.commit();
  }
  return summary;
}

}  // namespace nayose::ingest
