#include "src/ingest/identity.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "kernels/normalize/codes.hpp"
#include "kernels/normalize/dates.hpp"
#include "kernels/normalize/kana.hpp"
#include "kernels/normalize/kanji.hpp"
#include "kernels/normalize/text.hpp"

namespace nayose::ingest {
namespace {

namespace nz = nayose::normalize;
using parse::Reason;
using parse::SourceKind;

struct Failure {
  Reason reason;
  std::string message;
};

// Why a date failed, for "<field>: <rule>" messages (never the value).
std::optional<Failure> date_failure(const nz::ParsedDate& d, std::string_view field, bool month) {
  switch (d.status) {
    case nz::DateStatus::bad_date:
      return Failure{Reason::bad_date, std::string(field) + (month ? ": expected YYYYMM (6 digits) or GYYMM (5 digits)"
                                                                   : ": expected YYYYMMDD (8 digits) or GYYMMDD (7 digits)")};
    case nz::DateStatus::impossible_date:
      return Failure{Reason::impossible_date,
                     std::string(field) + (month ? ": not a calendar month (month, 元号 code or 元号 year)"
                                                 : ": not a calendar date (day, month, 元号 code or 元号 year)")};
    case nz::DateStatus::ok:
    case nz::DateStatus::empty:
      break;
  }
  return std::nullopt;
}

// Sex code of the source's format → 1 / 2 / 9; 0 = not a code of this format.
std::uint8_t sex_code(SourceKind kind, std::string_view code) {
  if (kind == SourceKind::ssmix2) {  // HL7 table 0001
    if (code == "M") return 1;
    if (code == "F") return 2;
    if (code == "O" || code == "U") return 9;
    return 0;
  }
  if (code == "1") return 1;
  if (code == "2") return 2;
  return 0;
}

std::string_view sex_codes(SourceKind kind) { return kind == SourceKind::ssmix2 ? "M, F, O, U" : "1, 2"; }

// NFKC, surrounding spaces trimmed (nfkc returns ASCII as is, without ICU).
std::string nfkc_trimmed(std::string_view given) {
  return std::string(nz::trim_spaces(nz::nfkc(nz::trim_spaces(given))));
}

std::string_view service_month_field(SourceKind kind) {
  switch (kind) {
    case SourceKind::uke: return "診療年月";
    case SourceKind::cyo: return "調剤年月";
    case SourceKind::care: return "サービス提供年月";
    default: return "service month";
  }
}

std::string_view service_date_field(SourceKind kind) {
  switch (kind) {
    case SourceKind::ssmix2: return "診療日";
    case SourceKind::checkup: return "実施日";
    case SourceKind::death: return "死亡年月日";
    default: return "service date";
  }
}

struct Names {
  std::string full, surname, given;
  bool split = false;
};

// Kanji: NFKC once, then split at the first space (NFKC made U+3000 a U+0020), spaces removed.
Names kanji_names(const parse::RawIdentity& id) {
  Names n;
  if (!id.kanji_surname.empty() || !id.kanji_given.empty()) {
    n.surname = nz::remove_spaces(nz::nfkc(id.kanji_surname));
    n.given = nz::remove_spaces(nz::nfkc(id.kanji_given));
    n.full = !id.kanji_name.empty() ? nz::remove_spaces(nz::nfkc(id.kanji_name)) : n.surname + n.given;
    return n;
  }
  if (id.kanji_name.empty()) return n;
  const std::string normalized = nz::nfkc(id.kanji_name);
  n.full = nz::remove_spaces(normalized);
  const nz::NameSplit parts = nz::split_full_name(normalized);
  if (parts.split) {
    std::string surname = nz::remove_spaces(parts.surname);
    std::string given = nz::remove_spaces(parts.given);
    if (!surname.empty() && !given.empty()) {
      n.surname = std::move(surname);
      n.given = std::move(given);
      n.split = true;
    }
  }
  return n;
}

// Kana: normalize_kana removes the spaces, so the split is taken on the text as given.
Names kana_names(const parse::RawIdentity& id) {
  Names n;
  if (!id.kana_surname.empty() || !id.kana_given.empty()) {
    n.surname = nz::normalize_kana(id.kana_surname);
    n.given = nz::normalize_kana(id.kana_given);
    n.full = !id.kana_name.empty() ? nz::normalize_kana(id.kana_name) : n.surname + n.given;
    return n;
  }
  if (id.kana_name.empty()) return n;
  n.full = nz::normalize_kana(id.kana_name);
  const nz::NameSplit parts = nz::split_full_name(id.kana_name);
  if (parts.split) {
    std::string surname = nz::normalize_kana(parts.surname);
    std::string given = nz::normalize_kana(parts.given);
    if (!surname.empty() && !given.empty()) {
      n.surname = std::move(surname);
      n.given = std::move(given);
      n.split = true;
    }
  }
  return n;
}

bool is_claims(SourceKind kind) { return kind == SourceKind::uke || kind == SourceKind::cyo; }

// Validation steps 1–6 of identity.hpp; fills `out` as it goes. The first failure wins.
std::optional<Failure> normalize_into(SourceKind kind, const parse::ParsedRecord& record, NormalizedRecord& out) {
  const parse::RawIdentity& id = record.identity;
  StagedIdentity& s = out.identity;

  // 1. Event and service dates.
  for (std::size_t i = 0; i < record.events.size(); ++i) {
    const parse::ParsedEvent& e = record.events[i];
    if (e.date.empty()) continue;
    const nz::ParsedDate d = nz::parse_date(e.date);
    const std::string field = "event " + std::to_string(i + 1) + " (" + std::string(parse::event_kind_name(e.kind)) +
                              ", position " + std::to_string(e.position) + ") date";
    if (auto f = date_failure(d, field, false)) return f;
    out.events[i].date = d.value;
  }
  const nz::ParsedDate service_month = nz::parse_month(record.service_month);
  if (auto f = date_failure(service_month, service_month_field(kind), true)) return f;
  s.service_month = service_month.value;
  const nz::ParsedDate service_date = nz::parse_date(record.service_date);
  if (auto f = date_failure(service_date, service_date_field(kind), false)) return f;
  s.service_date = service_date.value;

  // 2. Sex.
  const std::string sex = nfkc_trimmed(id.sex);
  if (sex.empty()) return Failure{Reason::missing_identity, "性別: empty"};
  s.sex = sex_code(kind, sex);
  if (s.sex == 0) return Failure{Reason::bad_sex, "性別: not a code of this format (" + std::string(sex_codes(kind)) + ")"};

  // 3. Name in some script.
  Names kanji = kanji_names(id);
  Names kana = kana_names(id);
  if (kanji.full.empty() && kanji.surname.empty() && kanji.given.empty() && kana.full.empty() &&
      kana.surname.empty() && kana.given.empty()) {
    return Failure{Reason::missing_identity, "氏名: no kanji or kana name in any field"};
  }
  if (kanji.split || kana.split) s.flags |= kNameSplitBySpace;
  for (const std::string* f : {&id.kana_name, &id.kana_surname, &id.kana_given}) {
    if (nz::has_halfwidth_katakana(*f)) s.flags |= kHalfWidthKana;
    if (nz::has_hiragana(*f)) s.flags |= kHiraganaKana;
  }
  for (const std::string* f : {&kanji.full, &kanji.surname, &kanji.given}) {
    if (nz::has_substitute_character(*f)) s.flags |= kSubstituteInName;
  }
  if (is_claims(kind) && nz::trim_spaces(id.kanji_name).empty() && !kana.full.empty()) s.flags |= kKanaFromKanjiField;
  s.kanji_soft_key = nz::kanji_soft_key(kanji.full);
  s.kanji_name = std::move(kanji.full);
  s.kanji_surname = std::move(kanji.surname);
  s.kanji_given = std::move(kanji.given);
  s.kana_key = nz::match_key_of_normalized_kana(kana.full, nz::VoicedMarks::fold);
  s.kana_surname_key = nz::match_key_of_normalized_kana(kana.surname, nz::VoicedMarks::fold);
  s.kana_given_key = nz::match_key_of_normalized_kana(kana.given, nz::VoicedMarks::fold);
  s.kana_name = std::move(kana.full);
  s.kana_surname = std::move(kana.surname);
  s.kana_given = std::move(kana.given);

  // 4. Birth date (empty allowed).
  const nz::ParsedDate birth = nz::parse_date(id.birth);
  if (auto f = date_failure(birth, "生年月日", false)) return f;
  s.birth = birth.value;
  if ((birth.flags & nz::kDateFromWareki) != 0) s.flags |= kBirthFromWareki;
  if ((birth.flags & nz::kDatePastEraEnd) != 0) s.flags |= kBirthPastEraEnd;
  if (s.birth != 0 && ((s.service_date != 0 && s.birth > s.service_date) ||
                       (s.service_month != 0 && s.birth / 100 > s.service_month))) {
    s.flags |= kBirthAfterService;
  }

  // 5. 保険者番号, or the municipality code of care (its 保険者番号) and death CSVs.
  for (const std::string* f : {&id.insurer, &id.symbol, &id.number, &id.branch, &id.postal_code, &id.municipality,
                               &id.patient_id, &id.care_number}) {
    if (nz::has_fullwidth_digits(*f)) s.flags |= kFullWidthDigits;
  }
  if (kind != SourceKind::care) {
    nz::NormalizedCode insurer = nz::normalize_insurer_number(id.insurer);
    if (insurer.status == nz::CodeStatus::bad_shape) {
      return Failure{Reason::bad_code, "保険者番号: expected 6 or 8 digits (5 or 7 with a lost leading zero)"};
    }
    if (insurer.status == nz::CodeStatus::bad_check_digit) {
      return Failure{Reason::insurer_check_digit, "保険者番号: 検証番号 (check digit) wrong"};
    }
    if (insurer.padded) s.flags |= kInsurerPadded;
    s.insurer = std::move(insurer.value);
  }
  const bool care = kind == SourceKind::care;
  const std::string_view municipality_field = care ? "保険者番号 (市町村コード)" : "市区町村コード";
  nz::NormalizedCode municipality = nz::normalize_municipality_code(care ? id.insurer : id.municipality);
  if (municipality.status == nz::CodeStatus::bad_shape) {
    return Failure{Reason::bad_code, std::string(municipality_field) + ": expected 6 digits (5 with a lost leading zero)"};
  }
  if (municipality.status == nz::CodeStatus::bad_check_digit) {
    return Failure{Reason::municipality_check_digit, std::string(municipality_field) + ": check digit wrong"};
  }
  if (municipality.padded) s.flags |= kInsurerPadded;
  s.municipality = std::move(municipality.value);

  // 6. 郵便番号 (empty allowed).
  nz::NormalizedCode postal = nz::normalize_postal_code(id.postal_code);
  if (postal.status == nz::CodeStatus::bad_shape) {
    return Failure{Reason::bad_code, "郵便番号: expected 7 digits with at most one hyphen"};
  }
  s.postal_code = std::move(postal.value);

  // Not validated: carried normalised.
  s.symbol = nz::normalize_card_field(id.symbol);
  s.number = nz::normalize_card_field(id.number);
  nz::NormalizedCode branch = nz::normalize_branch(id.branch);
  s.branch = std::move(branch.value);  // a malformed 枝番 is kept as NFKC text (no reason code covers it)
  s.patient_id = nfkc_trimmed(id.patient_id);
  s.care_number = nz::normalize_card_field(id.care_number);
  return std::nullopt;
}

}  // namespace

NormalizedRecord normalize_record(parse::SourceKind kind, const parse::ParsedRecord& record) {
  NormalizedRecord out;
  out.events.resize(record.events.size());
  if (std::optional<Failure> failure = normalize_into(kind, record, out)) {
    out.reason = failure->reason;
    out.message = std::move(failure->message);
    out.identity = StagedIdentity{};  // only valid when accepted
    for (StagedEvent& e : out.events) e = StagedEvent{};
  }
  return out;
}

}  // namespace nayose::ingest
