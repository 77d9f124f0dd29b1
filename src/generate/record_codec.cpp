#include "src/generate/record_codec.hpp"

#include <cstring>

#include "src/common/error.hpp"

namespace nayose::generate {
namespace {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void i32(std::int32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  void date(const synth::Date& d) {
    raw(&d.year, sizeof d.year);
    u8(static_cast<std::uint8_t>(d.month));
    u8(static_cast<std::uint8_t>(d.day));
  }
  std::string take() { return std::move(out_); }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint32_t u32() { return pod<std::uint32_t>(); }
  std::int32_t i32() { return pod<std::int32_t>(); }
  std::uint64_t u64() { return pod<std::uint64_t>(); }
  std::string str() {
    const auto n = u32();
    return std::string(take(n));
  }
  synth::Date date() {
    synth::Date d;
    d.year = pod<std::int16_t>();
    d.month = static_cast<std::int8_t>(u8());
    d.day = static_cast<std::int8_t>(u8());
    return d;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  template <typename T>
  T pod() {
    T v;
    std::memcpy(&v, take(sizeof v).data(), sizeof v);
    return v;
  }
  std::string_view take(std::size_t n) {
    if (n > in_.size() - at_) throw Error("generate: truncated routed record");
    const auto s = in_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace

std::string encode_record(const RoutedRecord& routed) {
  Writer w;
  const auto& r = routed.record;
  const auto& id = r.identity;
  w.u32(routed.facility);
  w.u8(static_cast<std::uint8_t>(routed.kind));
  w.u64(r.person_id);
  w.date(r.service_date);
  w.u8(r.inpatient ? 1 : 0);
  w.str(r.message_kind);
  w.u64(r.sequence);
  for (const auto* s : {&id.kanji_name, &id.kana_name, &id.kanji_surname, &id.kanji_given, &id.kana_surname,
                        &id.kana_given, &id.insurer_number, &id.symbol, &id.number, &id.branch, &id.postal_code,
                        &id.address, &id.municipality_code, &id.chart_number, &id.care_insured_number}) {
    w.str(*s);
  }
  w.u8(static_cast<std::uint8_t>(id.sex));
  w.date(id.birth);
  w.u8(id.birth_missing ? 1 : 0);
  w.u32(id.error_flags);
  w.u8(static_cast<std::uint8_t>(id.corruption));
  w.u32(static_cast<std::uint32_t>(r.items.size()));
  for (const auto& item : r.items) {
    w.u8(static_cast<std::uint8_t>(item.kind));
    w.str(item.code);
    w.str(item.name);
    w.str(item.value);
    w.str(item.unit);
    w.date(item.date);
    w.i32(item.points);
    w.i32(item.count);
    w.u8(item.main ? 1 : 0);
    w.str(item.extra);
  }
  return w.take();
}

RoutedRecord decode_record(std::string_view bytes) {
  Reader rd(bytes);
  RoutedRecord routed;
  auto& r = routed.record;
  auto& id = r.identity;
  routed.facility = rd.u32();
  routed.kind = static_cast<synth::SourceKind>(rd.u8());
  r.person_id = rd.u64();
  r.service_date = rd.date();
  r.inpatient = rd.u8() != 0;
  r.message_kind = rd.str();
  r.sequence = rd.u64();
  for (auto* s : {&id.kanji_name, &id.kana_name, &id.kanji_surname, &id.kanji_given, &id.kana_surname,
                  &id.kana_given, &id.insurer_number, &id.symbol, &id.number, &id.branch, &id.postal_code,
                  &id.address, &id.municipality_code, &id.chart_number, &id.care_insured_number}) {
    *s = rd.str();
  }
  id.sex = static_cast<synth::Sex>(rd.u8());
  id.birth = rd.date();
  id.birth_missing = rd.u8() != 0;
  id.error_flags = rd.u32();
  id.corruption = static_cast<synth::Corruption>(rd.u8());
  const auto n = rd.u32();
  r.items.resize(n);
  for (auto& item : r.items) {
    item.kind = static_cast<synth::ItemKind>(rd.u8());
    item.code = rd.str();
    item.name = rd.str();
    item.value = rd.str();
    item.unit = rd.str();
    item.date = rd.date();
    item.points = rd.i32();
    item.count = rd.i32();
    item.main = rd.u8() != 0;
    item.extra = rd.str();
  }
  if (!rd.done()) throw Error("generate: trailing bytes in routed record");
  return routed;
}

}  // namespace nayose::generate
