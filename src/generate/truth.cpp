#include "src/generate/truth.hpp"

#include <algorithm>
#include <numeric>

#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"

namespace nayose::generate {

std::uint32_t yyyymmdd(const synth::Date& date) {
  if (date.empty()) return 0;
  return static_cast<std::uint32_t>(date.year * 10000 + date.month * 100 + date.day);
}

std::string describe_corruption(synth::Corruption corruption, synth::SourceKind kind) {
  const bool lines = kind == synth::SourceKind::uke || kind == synth::SourceKind::cyo ||
                     kind == synth::SourceKind::care || kind == synth::SourceKind::death;
  switch (corruption) {
    case synth::Corruption::none: return "";
    case synth::Corruption::bad_check_digit:
      return "bad check digit: the last digit of the insurer (or municipality) number was changed so its check digit fails";
    case synth::Corruption::impossible_date: return "impossible date: the birth date is not a calendar date";
    case synth::Corruption::truncated_line:
      return lines ? "truncated line: the record line was cut short inside the name field"
                   : "truncated: the message/document was cut short inside the identity";
    case synth::Corruption::wrong_field_count: return "wrong field count: an extra field was inserted into the record";
    case synth::Corruption::bad_byte_sequence:
      return "bad byte sequence: bytes that are invalid in the file's encoding were put into the name field";
  }
  return "unknown corruption";
}

void TruthBuilder::add_file(std::uint32_t facility, std::uint32_t year_month, const synth::WrittenFile& file,
                            std::uint64_t bytes) {
  files_.push_back({facility, year_month, static_cast<std::uint8_t>(file.kind), file.relative_path, bytes,
                    records_.size(), file.records.size()});
  records_.insert(records_.end(), file.records.begin(), file.records.end());
}

TruthTotals TruthBuilder::write(const mpi::Communicator& comm, const std::string& path,
                                const std::vector<synth::Person>& persons, const synth::FacilityCatalog& catalog,
                                const TruthRunInfo& info) const {
  // Files in global order: (facility, month, kind, path); this rank's facilities are a contiguous
  // range, so the ranks' slices concatenate in rank order.
  std::vector<std::size_t> order(files_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = files_[a];
    const auto& y = files_[b];
    return std::tie(x.facility, x.year_month, x.kind, x.path) < std::tie(y.facility, y.year_month, y.kind, y.path);
  });
  const std::uint64_t file_base = comm.exscan_sum<std::uint64_t>(files_.size());

  h5::RaggedColumn file_path;
  std::vector<std::uint8_t> file_kind;
  std::vector<std::uint32_t> file_facility, file_month;
  std::vector<std::uint64_t> file_bytes, file_records;
  std::vector<std::uint64_t> rec_file, rec_position, rec_person;
  std::vector<std::uint32_t> rec_flags;
  std::vector<std::uint8_t> rec_corruption;
  std::vector<std::uint64_t> bad_file, bad_position, bad_person;
  std::vector<std::uint8_t> bad_corruption;
  h5::RaggedColumn bad_what;
  std::uint64_t local_bytes = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& f = files_[order[k]];
    const std::uint64_t global_file = file_base + k;
    file_path.push_back(f.path);
    file_kind.push_back(f.kind);
    file_facility.push_back(f.facility);
    file_month.push_back(f.year_month);
    file_bytes.push_back(f.bytes);
    file_records.push_back(f.records);
    local_bytes += f.bytes;
    std::vector<synth::RecordTruth> recs(records_.begin() + static_cast<std::ptrdiff_t>(f.first_record),
                                         records_.begin() + static_cast<std::ptrdiff_t>(f.first_record + f.records));
    std::stable_sort(recs.begin(), recs.end(), [](const auto& a, const auto& b) { return a.position < b.position; });
    for (const auto& r : recs) {
      rec_file.push_back(global_file);
      rec_position.push_back(r.position);
      rec_person.push_back(r.person_id);
      rec_flags.push_back(r.error_flags);
      rec_corruption.push_back(static_cast<std::uint8_t>(r.corruption));
      if (r.corruption != synth::Corruption::none) {
        bad_file.push_back(global_file);
        bad_position.push_back(r.position);
        bad_person.push_back(r.person_id);
        bad_corruption.push_back(static_cast<std::uint8_t>(r.corruption));
        bad_what.push_back(describe_corruption(r.corruption, static_cast<synth::SourceKind>(f.kind)));
      }
    }
  }

  // Persons and their epochs (this rank's persons are a contiguous id range).
  std::vector<std::uint64_t> p_id, p_household;
  std::vector<std::uint8_t> p_sex;
  std::vector<std::uint32_t> p_birth, p_death;
  std::vector<std::int64_t> p_twin, p_lookalike, p_parent;
  std::vector<std::uint64_t> e_person;
  std::vector<std::uint32_t> e_from, e_until;
  h5::RaggedColumn e_kanji_s, e_kanji_g, e_kana_s, e_kana_g, e_address, e_insurer, e_symbol, e_number, e_care;
  std::vector<std::byte> e_muni, e_postal, e_branch;
  std::vector<std::uint8_t> e_scheme;
  const auto fixed = [](std::vector<std::byte>& out, const std::string& s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) out.push_back(i < s.size() ? static_cast<std::byte>(s[i]) : std::byte{0});
  };
  const auto ref = [](std::uint64_t id) { return id == UINT64_MAX ? std::int64_t{-1} : static_cast<std::int64_t>(id); };
  for (const auto& person : persons) {
    p_id.push_back(person.id);
    p_household.push_back(person.household);
    p_sex.push_back(static_cast<std::uint8_t>(person.sex));
    p_birth.push_back(yyyymmdd(person.birth));
    p_death.push_back(yyyymmdd(person.death));
    p_twin.push_back(ref(person.twin_of));
    p_lookalike.push_back(ref(person.lookalike_of));
    p_parent.push_back(ref(person.same_name_parent));
    for (const auto& epoch : person.epochs) {
      e_person.push_back(person.id);
      e_from.push_back(yyyymmdd(epoch.from));
      e_until.push_back(yyyymmdd(epoch.until));
      e_kanji_s.push_back(epoch.name.kanji_surname);
      e_kanji_g.push_back(epoch.name.kanji_given);
      e_kana_s.push_back(epoch.name.kana_surname);
      e_kana_g.push_back(epoch.name.kana_given);
      fixed(e_muni, epoch.address.municipality_code, 6);
      fixed(e_postal, epoch.address.postal_code, 7);
      e_address.push_back(epoch.address.text);
      e_scheme.push_back(static_cast<std::uint8_t>(epoch.insurance.scheme));
      e_insurer.push_back(epoch.insurance.insurer_number);
      e_symbol.push_back(epoch.insurance.symbol);
      e_number.push_back(epoch.insurance.number);
      fixed(e_branch, epoch.insurance.branch, 2);
      e_care.push_back(epoch.care_insured_number);
    }
  }

  // The facility catalog (identical on every rank): written by rank 0.
  std::vector<std::uint8_t> f_kind, f_flags;
  h5::RaggedColumn f_code, f_name;
  std::vector<std::byte> f_pref, f_muni;
  if (comm.is_root()) {
    for (const auto& f : catalog.all()) {
      f_kind.push_back(static_cast<std::uint8_t>(f.kind));
      f_code.push_back(f.code);
      fixed(f_pref, f.prefecture_code, 2);
      fixed(f_muni, f.municipality_code, 6);
      f_name.push_back(f.name);
      f_flags.push_back(static_cast<std::uint8_t>((f.wareki_dates ? 1 : 0) | (f.has_ssmix2 ? 2 : 0)));
    }
  }

  auto file = h5::File::create(comm, path, h5::load_schema("truth"));
  file.write_attribute("seed", static_cast<std::int64_t>(info.seed));
  file.write_attribute("persons", static_cast<std::int64_t>(info.persons));
  file.write_attribute("period", info.period);
  h5::write_ragged(file, "files/path", file_path);
  h5::write_column(file, "files/kind", file_kind);
  h5::write_column(file, "files/facility", file_facility);
  h5::write_column(file, "files/year_month", file_month);
  h5::write_column(file, "files/bytes", file_bytes);
  h5::write_column(file, "files/records", file_records);
  h5::write_column(file, "records/file", rec_file);
  h5::write_column(file, "records/position", rec_position);
  h5::write_column(file, "records/person", rec_person);
  h5::write_column(file, "records/error_flags", rec_flags);
  h5::write_column(file, "records/corruption", rec_corruption);
  h5::write_column(file, "invalid/file", bad_file);
  h5::write_column(file, "invalid/position", bad_position);
  h5::write_column(file, "invalid/person", bad_person);
  h5::write_column(file, "invalid/corruption", bad_corruption);
  h5::write_ragged(file, "invalid/what", bad_what);
  h5::write_column(file, "persons/id", p_id);
  h5::write_column(file, "persons/household", p_household);
  h5::write_column(file, "persons/sex", p_sex);
  h5::write_column(file, "persons/birth", p_birth);
  h5::write_column(file, "persons/death", p_death);
  h5::write_column(file, "persons/twin_of", p_twin);
  h5::write_column(file, "persons/lookalike_of", p_lookalike);
  h5::write_column(file, "persons/same_name_parent", p_parent);
  h5::write_column(file, "epochs/person", e_person);
  h5::write_column(file, "epochs/from", e_from);
  h5::write_column(file, "epochs/until", e_until);
  h5::write_ragged(file, "epochs/kanji_surname", e_kanji_s);
  h5::write_ragged(file, "epochs/kanji_given", e_kanji_g);
  h5::write_ragged(file, "epochs/kana_surname", e_kana_s);
  h5::write_ragged(file, "epochs/kana_given", e_kana_g);
  h5::write_fixed_bytes(file, "epochs/municipality", e_muni, 6);
  h5::write_fixed_bytes(file, "epochs/postal_code", e_postal, 7);
  h5::write_ragged(file, "epochs/address", e_address);
  h5::write_column(file, "epochs/scheme", e_scheme);
  h5::write_ragged(file, "epochs/insurer", e_insurer);
  h5::write_ragged(file, "epochs/symbol", e_symbol);
  h5::write_ragged(file, "epochs/number", e_number);
  h5::write_fixed_bytes(file, "epochs/branch", e_branch, 2);
  h5::write_ragged(file, "epochs/care_number", e_care);
  h5::write_column(file, "facilities/kind", f_kind);
  h5::write_ragged(file, "facilities/code", f_code);
  h5::write_fixed_bytes(file, "facilities/prefecture", f_pref, 2);
  h5::write_fixed_bytes(file, "facilities/municipality", f_muni, 6);
  h5::write_ragged(file, "facilities/name", f_name);
  h5::write_column(file, "facilities/flags", f_flags);
  file.commit();

  TruthTotals totals;
  totals.files = comm.allreduce<std::uint64_t>(files_.size(), mpi::Op::sum);
  totals.records = comm.allreduce<std::uint64_t>(records_.size(), mpi::Op::sum);
  totals.invalid_records = comm.allreduce<std::uint64_t>(bad_file.size(), mpi::Op::sum);
  totals.bytes = comm.allreduce<std::uint64_t>(local_bytes, mpi::Op::sum);
  return totals;
}

}  // namespace nayose::generate
