#include "src/generate/record_codec.hpp"


#include "src/common/bytes.hpp"

namespace nayose::generate {
namespace {

void put_date(ByteWriter& w, const synth::Date& d) {
  w.put(d.year);
  w.put(static_cast<std::uint8_t>(d.month));
  w.put(static_cast<std::uint8_t>(d.day));
}

synth::Date get_date(ByteReader& r) {
  synth::Date d;
  d.year = r.get<decltype(d.year)>();
  d.month = static_cast<std::int8_t>(r.get<std::uint8_t>());
  d.day = static_cast<std::int8_t>(r.get<std::uint8_t>());
  return d;
}

}  // namespace

std::string encode_record(const RoutedRecord& routed) {
  ByteWriter w;
  const auto& r = routed.record;
  const auto& id = r.identity;
  w.put<std::uint32_t>(routed.facility);
  w.put<std::uint8_t>(static_cast<std::uint8_t>(routed.kind));
  w.put<std::uint64_t>(r.person_id);
  put_date(w, r.service_date);
  w.put<std::uint8_t>(r.inpatient ? 1 : 0);
  w.put_text(r.message_kind);
  w.put<std::uint64_t>(r.sequence);
  for (const auto* s : {&id.kanji_name, &id.kana_name, &id.kanji_surname, &id.kanji_given, &id.kana_surname,
                        &id.kana_given, &id.insurer_number, &id.symbol, &id.number, &id.branch, &id.postal_code,
                        &id.address, &id.municipality_code, &id.chart_number, &id.care_insured_number}) {
    w.put_text(*s);
  }
  w.put<std::uint8_t>(static_cast<std::uint8_t>(id.sex));
  put_date(w, id.birth);
  w.put<std::uint8_t>(id.birth_missing ? 1 : 0);
  w.put<std::uint32_t>(id.error_flags);
  w.put<std::uint8_t>(static_cast<std::uint8_t>(id.corruption));
  w.put<std::uint32_t>(static_cast<std::uint32_t>(r.items.size()));
  for (const auto& item : r.items) {
    w.put<std::uint8_t>(static_cast<std::uint8_t>(item.kind));
    w.put_text(item.code);
    w.put_text(item.name);
    w.put_text(item.value);
    w.put_text(item.unit);
    put_date(w, item.date);
    w.put<std::int32_t>(item.points);
    w.put<std::int32_t>(item.count);
    w.put<std::uint8_t>(item.main ? 1 : 0);
    w.put_text(item.extra);
  }
  return w.take();
}

RoutedRecord decode_record(std::string_view bytes) {
  ByteReader rd(bytes, "generate: routed record");
  RoutedRecord routed;
  auto& r = routed.record;
  auto& id = r.identity;
  routed.facility = rd.get<std::uint32_t>();
  routed.kind = static_cast<synth::SourceKind>(rd.get<std::uint8_t>());
  r.person_id = rd.get<std::uint64_t>();
  r.service_date = get_date(rd);
  r.inpatient = rd.get<std::uint8_t>() != 0;
  r.message_kind = std::string(rd.get_text());
  r.sequence = rd.get<std::uint64_t>();
  for (auto* s : {&id.kanji_name, &id.kana_name, &id.kanji_surname, &id.kanji_given, &id.kana_surname,
                  &id.kana_given, &id.insurer_number, &id.symbol, &id.number, &id.branch, &id.postal_code,
                  &id.address, &id.municipality_code, &id.chart_number, &id.care_insured_number}) {
    *s = std::string(rd.get_text());
  }
  id.sex = static_cast<synth::Sex>(rd.get<std::uint8_t>());
  id.birth = get_date(rd);
  id.birth_missing = rd.get<std::uint8_t>() != 0;
  id.error_flags = rd.get<std::uint32_t>();
  id.corruption = static_cast<synth::Corruption>(rd.get<std::uint8_t>());
  const auto n = rd.get<std::uint32_t>();
  r.items.resize(n);
  for (auto& item : r.items) {
    item.kind = static_cast<synth::ItemKind>(rd.get<std::uint8_t>());
    item.code = std::string(rd.get_text());
    item.name = std::string(rd.get_text());
    item.value = std::string(rd.get_text());
    item.unit = std::string(rd.get_text());
    item.date = get_date(rd);
    item.points = rd.get<std::int32_t>();
    item.count = rd.get<std::int32_t>();
    item.main = rd.get<std::uint8_t>() != 0;
    item.extra = std::string(rd.get_text());
  }
  if (!rd.done()) throw Error("generate: trailing bytes in routed record");
  return routed;
}

}  // namespace nayose::generate
