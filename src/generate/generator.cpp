#include "src/generate/generator.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <numeric>

#include "kernels/core/stable_hash.hpp"
#include "src/common/error.hpp"
#include "src/common/unique_fd.hpp"
#include "src/common/log.hpp"
#include "src/formats/care_csv_writer.hpp"
#include "src/formats/checkup_xml_writer.hpp"
#include "src/formats/cyo_writer.hpp"
#include "src/formats/death_csv_writer.hpp"
#include "src/formats/ssmix2_writer.hpp"
#include "src/formats/uke_writer.hpp"
#include "src/generate/record_codec.hpp"
#include "src/generate/truth.hpp"
#include "src/mpi/failure.hpp"
#include "src/mpi/route_blobs.hpp"

namespace nayose::generate {
namespace fs = std::filesystem;
using synth::Date;

namespace {

using kernels::mix_keys;

struct YearMonth {
  int year;
  int month;
  std::uint32_t code() const { return static_cast<std::uint32_t>(year * 100 + month); }
};

std::vector<YearMonth> months_of(const GeneratorOptions& o) {
  std::vector<YearMonth> out;
  for (int y = o.first_year, m = o.first_month; y < o.last_year || (y == o.last_year && m <= o.last_month);) {
    out.push_back({y, m});
    if (++m == 13) {
      m = 1;
      ++y;
    }
  }
  return out;
}

// A chart number (facility patient id) per (facility, person): an affine bijection modulo a prime,
// so two persons never share a number at one facility and a person keeps it across months.
std::string chart_number(std::uint64_t seed, std::uint32_t facility, std::uint64_t person) {
  constexpr std::uint64_t kPrime = 9999999967ULL;  // largest prime below 10^10
  const std::uint64_t a = 1 + mix_keys(seed, 0xCA27, facility) % (kPrime - 1);
  const std::uint64_t b = mix_keys(seed, 0xCA28, facility) % kPrime;
  __extension__ using u128 = unsigned __int128;
  const auto value = static_cast<std::uint64_t>((static_cast<u128>(a) * (person + 1) + b) % kPrime);
  std::string s = std::to_string(value);
  return std::string(10 - std::min<std::size_t>(10, s.size()), '0') + s;
}

int owner_of_facility(std::uint32_t facility, std::size_t facilities, int ranks) {
  return static_cast<int>(static_cast<std::uint64_t>(facility) * static_cast<std::uint64_t>(ranks) / facilities);
}

void write_file(const fs::path& root, const synth::WrittenFile& file) {
  const fs::path path = root / file.relative_path;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw IoError("cannot create directory " + path.parent_path().string() + ": " + ec.message());
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw IoError("cannot create " + path.string() + ": " + std::strerror(errno));
  if (!write_all(fd.get(), std::as_bytes(std::span<const char>(file.bytes)))) {
    throw IoError("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  if (fd.close() != 0) throw IoError("cannot close " + path.string() + ": " + std::strerror(errno));
}

std::vector<synth::WrittenFile> write_facility_month(const synth::FacilityMonth& fm, synth::SourceKind kind) {
  std::vector<synth::WrittenFile> out;
  switch (kind) {
    case synth::SourceKind::uke: out.push_back(formats::write_uke(fm)); break;
    case synth::SourceKind::cyo: out.push_back(formats::write_cyo(fm)); break;
    case synth::SourceKind::ssmix2: out = formats::write_ssmix2(fm); break;
    case synth::SourceKind::checkup: out = formats::write_checkup_xml(fm); break;
    case synth::SourceKind::care: out.push_back(formats::write_care_csv(fm)); break;
    case synth::SourceKind::death: out.push_back(formats::write_death_csv(fm)); break;
  }
  return out;
}

struct Received {
  RoutedRecord routed;
  std::string_view blob;
};

}  // namespace

std::string parse_period(const std::string& text, GeneratorOptions& options) {
  int y1 = 0, m1 = 0, y2 = 0, m2 = 0;
  char c1 = 0, c2 = 0, c3 = 0;
  if (std::sscanf(text.c_str(), "%4d%c%2d%c%4d%c%2d", &y1, &c1, &m1, &c2, &y2, &c3, &m2) != 7 || c1 != '-' ||
      c2 != ':' || c3 != '-' || text.size() != 15) {
    return "period '" + text + "' is not YYYY-MM:YYYY-MM";
  }
  if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || y1 < 1990 || y2 > 2100) return "period '" + text + "' has an invalid month or year";
  if (y2 * 12 + m2 < y1 * 12 + m1) return "period '" + text + "' ends before it starts";
  options.first_year = y1;
  options.first_month = m1;
  options.last_year = y2;
  options.last_month = m2;
  return "";
}

synth::PopulationSpec population_spec(const GeneratorOptions& options) {
  synth::PopulationSpec spec;
  spec.seed = options.seed;
  spec.persons = options.persons;
  spec.period_start = {static_cast<std::int16_t>(options.first_year), static_cast<std::int8_t>(options.first_month), 1};
  // The first day after the last month.
  const bool december = options.last_month == 12;
  spec.period_end = {static_cast<std::int16_t>(options.last_year + (december ? 1 : 0)),
                     static_cast<std::int8_t>(december ? 1 : options.last_month + 1), 1};
  spec.rates = options.population_rates;
  return spec;
}

GenerateSummary run_generate(const mpi::Communicator& comm, const GeneratorOptions& options, PhaseTimers& timers) {
  const fs::path final_dir = options.out;
  const fs::path work_dir = final_dir.string() + ".partial";
  const auto months = months_of(options);
  const synth::PopulationSpec spec = population_spec(options);
  const Date period_start = spec.period_start;

  // The output directory: refuse to clobber, build under <out>.partial, rename at the very end.
  mpi::agree(comm, [&] {
    if (!comm.is_root()) return;
    std::error_code ec;
    if (fs::exists(final_dir)) {
      if (!options.overwrite) {
        throw IoError("output directory " + final_dir.string() + " already exists (use --overwrite to replace it)");
      }
      fs::remove_all(final_dir, ec);
      if (ec) throw IoError("cannot remove " + final_dir.string() + ": " + ec.message());
    }
    fs::remove_all(work_dir, ec);
    fs::create_directories(work_dir, ec);
    if (ec) throw IoError("cannot create " + work_dir.string() + ": " + ec.message());
  });

  const auto& tables = synth::Tables::embedded();
  const synth::FacilityCatalog catalog(tables, options.seed, options.persons, options.facility_density);
  const synth::CarePlanner planner(tables, catalog, options.seed, options.care_rates, period_start);
  // Persons of this rank: a contiguous range of blocks.
  std::vector<synth::Person> persons;
  {
    auto phase = timers.phase("generate persons");
    const std::uint64_t blocks = (options.persons + synth::kBlockPersons - 1) / synth::kBlockPersons;
    const auto p = static_cast<std::uint64_t>(comm.size());
    const auto r = static_cast<std::uint64_t>(comm.rank());
    const std::uint64_t first = blocks * r / p;
    const std::uint64_t last = blocks * (r + 1) / p;
    std::vector<std::vector<synth::Person>> per_block(last - first);
    mpi::agree(comm, [&] {
      const synth::PopulationGenerator population(tables, spec);
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(first, last, 1), [&](const auto& range) {
        for (auto b = range.begin(); b != range.end(); ++b) per_block[b - first] = population.block(b);
      });
    });
    for (auto& block : per_block) {
      for (auto& person : block) persons.push_back(std::move(person));
    }
  }
  NAYOSE_LOG(info) << "generate: " << options.persons << " persons, " << catalog.size() << " facilities, "
                   << months.size() << " month(s) from " << options.first_year << "-" << options.first_month;

  TruthBuilder truth;
  GenerateSummary summary;
  summary.facilities = catalog.size();
  const auto started = std::chrono::steady_clock::now();
  mpi::RouteOptions route;
  route.max_bytes_per_round = options.route_bytes_per_round;

  for (std::size_t mi = 0; mi < months.size(); ++mi) {
    const YearMonth ym = months[mi];
    // 1. Plan encounters and render records on the persons' rank, in fixed chunks (deterministic).
    mpi::BlobBuffer outgoing;
    std::vector<int> owners;
    {
      auto phase = timers.phase("plan and render");
      constexpr std::size_t kChunk = 256;
      const std::size_t chunks = (persons.size() + kChunk - 1) / kChunk;
      std::vector<std::vector<std::string>> chunk_blobs(chunks);
      std::vector<std::vector<int>> chunk_owners(chunks);
      mpi::agree(comm, [&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const auto& range) {
          for (std::size_t c = range.begin(); c != range.end(); ++c) {
            const std::size_t end = std::min(persons.size(), (c + 1) * kChunk);
            for (std::size_t i = c * kChunk; i < end; ++i) {
              const auto& person = persons[i];
              const auto encounters = planner.plan_month(person, ym.year, ym.month);
              for (std::size_t e = 0; e < encounters.size(); ++e) {
                const auto& enc = encounters[e];
                const synth::Facility& facility = catalog.at(enc.facility);
                RoutedRecord routed;
                routed.facility = enc.facility;
                routed.kind = enc.kind;
                auto& rec = routed.record;
                rec.person_id = person.id;
                rec.service_date = enc.date;
                rec.inpatient = enc.inpatient;
                rec.message_kind = enc.message_kind;
                rec.items = enc.items;
                const std::uint64_t record_key =
                    mix_keys(options.seed, person.id, enc.facility,
                        (static_cast<std::uint64_t>(ym.code()) << 8) | static_cast<std::uint64_t>(e));
                rec.identity = synth::render_identity(person, person.epoch_at(enc.date), facility, enc.kind,
                                                      options.seed, record_key, options.error_rates, tables);
                rec.identity.chart_number = chart_number(options.seed, enc.facility, person.id);
                chunk_blobs[c].push_back(encode_record(routed));
                chunk_owners[c].push_back(owner_of_facility(enc.facility, catalog.size(), comm.size()));
              }
            }
          }
        });
      });
      for (std::size_t c = 0; c < chunks; ++c) {
        for (std::size_t k = 0; k < chunk_blobs[c].size(); ++k) {
          outgoing.push_back(chunk_blobs[c][k]);
          owners.push_back(chunk_owners[c][k]);
        }
      }
    }
    // 2. Route to the facility owners.
    mpi::BlobBuffer incoming;
    {
      auto phase = timers.phase("route records");
      incoming = mpi::route_blobs(comm, outgoing, owners, route);
    }
    outgoing.clear();
    // 3. Sort per (facility, kind) and write the files.
    std::uint64_t month_records = 0;
    {
      auto phase = timers.phase("write files");
      std::vector<Received> received;
      received.reserve(incoming.size());
      mpi::agree(comm, [&] {
        for (std::size_t i = 0; i < incoming.size(); ++i) received.push_back({decode_record(incoming[i]), incoming[i]});
      });
      std::sort(received.begin(), received.end(), [](const Received& a, const Received& b) {
        const auto& ra = a.routed.record;
        const auto& rb = b.routed.record;
        return std::tie(a.routed.facility, a.routed.kind, ra.identity.chart_number, ra.service_date, ra.message_kind,
                        a.blob) < std::tie(b.routed.facility, b.routed.kind, rb.identity.chart_number,
                                           rb.service_date, rb.message_kind, b.blob);
      });
      // Group boundaries, then write groups in parallel (each group's files are independent).
      std::vector<std::pair<std::size_t, std::size_t>> groups;
      for (std::size_t i = 0; i < received.size();) {
        std::size_t j = i;
        while (j < received.size() && received[j].routed.facility == received[i].routed.facility &&
               received[j].routed.kind == received[i].routed.kind) {
          ++j;
        }
        groups.emplace_back(i, j);
        i = j;
      }
      std::vector<std::vector<synth::WrittenFile>> written(groups.size());
      std::vector<std::vector<std::uint64_t>> file_sizes(groups.size());
      mpi::agree(comm, [&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups.size(), 1), [&](const auto& range) {
          for (std::size_t g = range.begin(); g != range.end(); ++g) {
            const auto [begin, end] = groups[g];
            synth::FacilityMonth fm;
            fm.facility = catalog.at(received[begin].routed.facility);
            fm.year = ym.year;
            fm.month = ym.month;
            for (std::size_t i = begin; i < end; ++i) {
              fm.records.push_back(received[i].routed.record);
              fm.records.back().sequence = static_cast<std::uint64_t>(mi) * 1000000 + (i - begin) + 1;
            }
            written[g] = write_facility_month(fm, received[begin].routed.kind);
            for (auto& file : written[g]) {
              write_file(work_dir, file);
              // Keep only what truth needs: the bytes are on disk now.
              file_sizes[g].push_back(file.bytes.size());
              std::string().swap(file.bytes);
            }
          }
        });
      });
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto& first = received[groups[g].first].routed;
        for (std::size_t f = 0; f < written[g].size(); ++f) {
          month_records += written[g][f].records.size();
          truth.add_file(first.facility, ym.code(), written[g][f], file_sizes[g][f]);
        }
      }
    }
    // 4. Progress on rank 0: rate and ETA.
    const auto total_records = comm.allreduce<std::uint64_t>(month_records, mpi::Op::sum);
    summary.records += total_records;
    summary.local_records += month_records;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    const double done = static_cast<double>(mi + 1) / static_cast<double>(months.size());
    NAYOSE_LOG(info) << "generate: month " << ym.year << "-" << (ym.month < 10 ? "0" : "") << ym.month << " ("
                     << (mi + 1) << "/" << months.size() << "): " << total_records << " records; "
                     << static_cast<std::uint64_t>(static_cast<double>(options.persons) * done / elapsed.count())
                     << " persons/s, ETA " << static_cast<int>(elapsed.count() * (1 - done) / done) << " s";
  }

  // truth.h5 inside the work directory, then the directory under its final name.
  {
    auto phase = timers.phase("write truth");
    TruthRunInfo info{options.seed, options.persons, ""};
    char period[32];
    std::snprintf(period, sizeof period, "%04d-%02d:%04d-%02d", options.first_year, options.first_month,
                  options.last_year, options.last_month);
    info.period = period;
    const TruthTotals totals = truth.write(comm, (work_dir / "truth.h5").string(), persons, catalog, info);
    summary.files = totals.files;
    summary.invalid_records = totals.invalid_records;
    summary.bytes = totals.bytes;
  }
  summary.persons = options.persons;
  comm.barrier();
  mpi::agree(comm, [&] {
    if (!comm.is_root()) return;
    const int dir_fd = ::open(work_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::syncfs(dir_fd);  // every rank's files are on disk before the directory gets its final name
      ::close(dir_fd);
    }
    std::error_code ec;
    fs::rename(work_dir, final_dir, ec);
    if (ec) throw IoError("cannot rename " + work_dir.string() + " to " + final_dir.string() + ": " + ec.message());
  });
  return summary;
}

}  // namespace nayose::generate
