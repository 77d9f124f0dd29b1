// Records per second of identity normalisation (src/ingest/identity.hpp on kernels/normalize), one
// thread, fixed seed, on UKE-like claims built from the synthetic name tables:
//   BM_NormalizeRecordUke   normalize_record: kanji 「姓　名」 (1 in 4 half-width kana RE-5 instead), RE-37 kana,
//                           和暦 GYYMMDD birth, 8-digit 保険者番号, full-width 記号・番号, 枝番, 12 dated events
//   BM_NormalizeKana        normalize_kana + match_key_of_normalized_kana on the kana names
//   BM_KanjiSoftKey         nfkc + kanji_soft_key on the kanji names
//   BM_ParseDate            parse_date on GYYMMDD and YYYYMMDD
// The ingest budget is ≥ 50 MB/s/core of UKE; a claim is ~0.5–2 KB, so ≥ 50k records/s/core.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "kernels/normalize/dates.hpp"
#include "kernels/normalize/kana.hpp"
#include "kernels/normalize/kanji.hpp"
#include "kernels/normalize/text.hpp"
#include "kernels/synth/check_digits.hpp"
#include "kernels/synth/kana.hpp"
#include "kernels/synth/tables.hpp"
#include "src/ingest/identity.hpp"

namespace {

using nayose::parse::ParsedEvent;
using nayose::parse::ParsedRecord;

std::vector<ParsedRecord> uke_records(std::size_t n) {
  const auto& tables = nayose::synth::Tables::embedded();
  std::mt19937_64 rng(42);
  std::vector<ParsedRecord> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = tables.surnames[rng() % std::min<std::size_t>(tables.surnames.size(), 2000)];
    const auto& g = tables.given_names[rng() % tables.given_names.size()];
    ParsedRecord r;
    r.position = i + 1;
    r.service_month = "202405";
    if (i % 4 == 3) {
      r.identity.kana_name = nayose::synth::to_halfwidth_kana(s.kana + "\u3000" + g.kana);  // half-width RE-5
    } else {
      r.identity.kanji_name = s.kanji + "\u3000" + g.kanji;
      r.identity.kana_name = s.kana + g.kana;  // RE-37, no space
    }
    r.identity.sex = i % 2 == 0 ? "1" : "2";
    const auto era_year = static_cast<int>(1 + rng() % 60);
    char birth[8];
    std::snprintf(birth, sizeof birth, "3%02d%02d%02d", era_year, static_cast<int>(1 + rng() % 12),
                  static_cast<int>(1 + rng() % 28));
    r.identity.birth = birth;  // 昭和 GYYMMDD
    r.identity.insurer = nayose::synth::with_payer_check_digit("0" + std::to_string(113000 + rng() % 9000));
    r.identity.symbol = nayose::synth::digits_to_fullwidth(std::to_string(1000000 + rng() % 9000000));
    r.identity.number = nayose::synth::digits_to_fullwidth(std::to_string(rng() % 1000));
    r.identity.branch = "00";
    r.identity.patient_id = std::to_string(100000 + i);
    for (int e = 0; e < 12; ++e) {
      ParsedEvent ev;
      ev.position = static_cast<std::uint64_t>(e + 2);
      ev.date = e % 3 == 0 ? "202405" + std::to_string(10 + e) : std::string();
      r.events.push_back(std::move(ev));
    }
    out.push_back(std::move(r));
  }
  return out;
}

void BM_NormalizeRecordUke(benchmark::State& state) {
  const std::vector<ParsedRecord> records = uke_records(4096);
  std::size_t i = 0;
  std::int64_t done = 0;
  std::int64_t rejected = 0;
  for (auto _ : state) {
    const auto n = nayose::ingest::normalize_record(nayose::parse::SourceKind::uke, records[i]);
    rejected += n.reason != nayose::parse::Reason::none ? 1 : 0;
    benchmark::DoNotOptimize(n.identity.kana_key.data());
    i = (i + 1) % records.size();
    ++done;
  }
  if (rejected != 0) state.SkipWithError("a benchmark record was quarantined");
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NormalizeRecordUke);

void BM_NormalizeKana(benchmark::State& state) {
  const std::vector<ParsedRecord> records = uke_records(4096);
  std::size_t i = 0;
  std::int64_t done = 0;
  for (auto _ : state) {
    const std::string kana = nayose::normalize::normalize_kana(records[i].identity.kana_name);
    const std::string key = nayose::normalize::match_key_of_normalized_kana(kana);
    benchmark::DoNotOptimize(key.data());
    i = (i + 1) % records.size();
    ++done;
  }
  state.counters["names/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NormalizeKana);

void BM_KanjiSoftKey(benchmark::State& state) {
  const std::vector<ParsedRecord> records = uke_records(4096);
  std::size_t i = 0;
  std::int64_t done = 0;
  for (auto _ : state) {
    const std::string key = nayose::normalize::kanji_soft_key(nayose::normalize::nfkc(records[i].identity.kanji_name));
    benchmark::DoNotOptimize(key.data());
    i = (i + 1) % records.size();
    ++done;
  }
  state.counters["names/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KanjiSoftKey);

void BM_ParseDate(benchmark::State& state) {
  const std::vector<ParsedRecord> records = uke_records(4096);
  std::size_t i = 0;
  std::int64_t done = 0;
  for (auto _ : state) {
    const auto d = nayose::normalize::parse_date(records[i].identity.birth);
    const auto e = nayose::normalize::parse_date("20240515");
    benchmark::DoNotOptimize(d.value + e.value);
    i = (i + 1) % records.size();
    done += 2;
  }
  state.counters["dates/s"] = benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseDate);

}  // namespace
