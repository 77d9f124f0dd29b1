// Record-linkage comparators (kernels/link), one thread, fixed seeds, names from the embedded
// synthetic tables:
//   BM_JaroWinklerTextbook/kana|kanji  jaro_winkler(a, b) per pair (the oracle)
//   BM_JaroWinklerCached/kana|kanji    CachedJaroWinkler(a) built once, compared with 200 others
//   BM_BlockScorer                     BlockScorer::for_each_pair on blocks of 200 records sharing
//                                      (birth date, sex): ~40% of the persons appear 2–4 times with
//                                      kana / itaiji / date / missing-field variants; the emit
//                                      callback counts patterns (what the EM needs)
//   BM_BlockReference                  the same blocks through the reference compare()
// Budget (DESIGN §Scale): ≥ 5 M fully scored pairs/s per core for BM_BlockScorer.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/link/compare.hpp"
#include "kernels/link/jaro.hpp"
#include "kernels/normalize/kana.hpp"
#include "kernels/normalize/kanji.hpp"
#include "kernels/normalize/text.hpp"
#include "kernels/synth/kana.hpp"
#include "kernels/synth/tables.hpp"

namespace {

using nayose::link::LinkRecord;
using nayose::link::to_u32;

constexpr std::size_t kPartners = 200;

const std::vector<std::u32string>& names(bool kanji) {
  static const auto build = [](bool want_kanji) {
    const auto& tables = nayose::synth::Tables::embedded();
    std::mt19937_64 rng(42);
    std::vector<std::u32string> out;
    for (int k = 0; k < 2000; ++k) {
      if (k % 2 == 0) {
        const auto& s = tables.surnames[rng() % std::min<std::size_t>(tables.surnames.size(), 1000)];
        out.push_back(to_u32(want_kanji ? s.kanji : s.kana));
      } else {
        const auto& g = tables.given_names[rng() % tables.given_names.size()];
        out.push_back(to_u32(want_kanji ? g.kanji.substr(0, g.kanji.find(' ')) : g.kana));
      }
    }
    return out;
  };
  static const std::vector<std::u32string> kana_names = build(false);
  static const std::vector<std::u32string> kanji_names = build(true);
  return kanji ? kanji_names : kana_names;
}

void BM_JaroWinklerTextbook(benchmark::State& state) {
  const auto& list = names(state.range(0) != 0);
  std::size_t i = 0;
  std::int64_t pairs = 0;
  double sum = 0;
  for (auto _ : state) {
    const auto& a = list[i];
    for (std::size_t d = 1; d <= kPartners; ++d) sum += nayose::link::jaro_winkler(a, list[(i + d) % list.size()]);
    pairs += static_cast<std::int64_t>(kPartners);
    i = (i + 1) % list.size();
  }
  benchmark::DoNotOptimize(sum);
  state.counters["pairs/s"] = benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_JaroWinklerTextbook)->Arg(0)->Arg(1)->ArgName("kanji");

void BM_JaroWinklerCached(benchmark::State& state) {
  const auto& list = names(state.range(0) != 0);
  std::size_t i = 0;
  std::int64_t pairs = 0;
  double sum = 0;
  for (auto _ : state) {
    const nayose::link::CachedJaroWinkler cached(list[i]);
    for (std::size_t d = 1; d <= kPartners; ++d) sum += cached.similarity(list[(i + d) % list.size()]);
    pairs += static_cast<std::int64_t>(kPartners);
    i = (i + 1) % list.size();
  }
  benchmark::DoNotOptimize(sum);
  state.counters["pairs/s"] = benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_JaroWinklerCached)->Arg(0)->Arg(1)->ArgName("kanji");

LinkRecord make_record(std::uint64_t key, const std::string& kanji, const std::string& kana_surname,
                       const std::string& kana_given, std::uint32_t birth, std::uint8_t sex, std::string postal,
                       std::uint64_t insurer, std::uint64_t card) {
  using namespace nayose::normalize;  // NOLINT(google-build-using-namespace)
  LinkRecord r;
  r.key = key;
  const std::string ks = normalize_kana(kana_surname), kg = normalize_kana(kana_given);
  r.kana_surname = to_u32(ks);
  r.kana_given = to_u32(kg);
  r.kana_surname_key = to_u32(match_key_of_normalized_kana(ks, VoicedMarks::fold));
  r.kana_given_key = to_u32(match_key_of_normalized_kana(kg, VoicedMarks::fold));
  const std::string k = remove_spaces(nfkc(kanji));
  r.kanji_name = to_u32(k);
  r.kanji_soft_key = to_u32(kanji_soft_key(k));
  r.birth = birth;
  r.sex = sex;
  r.postal_code = std::move(postal);
  r.insurer_hash = insurer;
  r.card_hash = card;
  r.family_card_hash = card == 0 ? 0 : card / 2 + 1;
  return r;
}

std::vector<std::vector<LinkRecord>> blocks(std::size_t count, std::size_t size) {
  const auto& tables = nayose::synth::Tables::embedded();
  std::mt19937_64 rng(7);
  std::vector<std::vector<LinkRecord>> out(count);
  for (std::size_t b = 0; b < count; ++b) {
    const std::uint32_t birth = 19400101 + static_cast<std::uint32_t>(rng() % 70) * 10000 +
                                static_cast<std::uint32_t>(rng() % 12) * 100 + static_cast<std::uint32_t>(rng() % 28);
    const auto sex = static_cast<std::uint8_t>(1 + b % 2);
    auto& block = out[b];
    while (block.size() < size) {
      const auto& s = tables.surnames[rng() % tables.surnames.size()];
      const auto& g = tables.given_names[rng() % tables.given_names.size()];
      const std::string kanji = s.kanji + g.kanji.substr(0, g.kanji.find(' '));
      const std::string postal = std::to_string(1000000 + rng() % 9000000);
      const std::uint64_t insurer = 1 + rng() % 20;
      const std::uint64_t card = insurer * 100000 + rng() % 100000;
      block.push_back(make_record(block.size(), kanji, s.kana, g.kana, birth, sex, postal, insurer, card));
      if (rng() % 10 < 4) {  // the same person again, 1–3 times, with variants
        for (auto copies = 1 + rng() % 3; copies > 0 && block.size() < size; --copies) {
          std::string ks = s.kana, kg = g.kana, kj = kanji, pc = postal;
          std::uint32_t bd = birth;
          std::uint64_t ins = insurer, cd = card;
          switch (rng() % 8) {
            case 0: kg = nayose::synth::small_kana_to_large(kg); break;
            case 1: kg = nayose::synth::long_vowel_variant(kg); break;
            case 2: ks = nayose::synth::kana_typo(ks, rng()); break;
            case 3: kj = "■" + g.kanji.substr(0, g.kanji.find(' ')); break;
            case 4: bd = birth / 10000 * 10000 + birth % 100 * 100 + birth / 100 % 100; break;
            case 5: pc.clear(), ins = 0, cd = 0; break;
            case 6: ks = tables.surnames[rng() % tables.surnames.size()].kana; cd = 0; break;
            default: break;
          }
          block.push_back(make_record(block.size(), kj, ks, kg, bd, sex, pc, ins, cd));
        }
      }
    }
  }
  return out;
}

const std::vector<std::vector<LinkRecord>>& bench_blocks() {
  static const auto all = blocks(20, 200);
  return all;
}

void BM_BlockScorer(benchmark::State& state) {
  const auto& all = bench_blocks();
  std::vector<std::uint64_t> counts(nayose::link::kPatterns, 0);
  std::size_t b = 0;
  std::int64_t pairs = 0;
  for (auto _ : state) {
    const nayose::link::BlockScorer scorer(all[b]);
    scorer.for_each_pair([&counts](std::uint32_t, std::uint32_t, std::uint32_t pattern) { ++counts[pattern]; });
    pairs += static_cast<std::int64_t>(scorer.pair_count());
    b = (b + 1) % all.size();
  }
  benchmark::DoNotOptimize(counts.data());
  state.counters["pairs/s"] = benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BlockScorer)->Unit(benchmark::kMillisecond);

void BM_BlockReference(benchmark::State& state) {
  const auto& all = bench_blocks();
  std::vector<std::uint64_t> counts(nayose::link::kPatterns, 0);
  std::size_t b = 0;
  std::int64_t pairs = 0;
  for (auto _ : state) {
    const auto& block = all[b];
    for (std::size_t i = 0; i < block.size(); ++i) {
      for (std::size_t j = i + 1; j < block.size(); ++j) {
        ++counts[nayose::link::pattern_index(nayose::link::compare(block[i], block[j]))];
      }
    }
    pairs += static_cast<std::int64_t>(block.size() * (block.size() - 1) / 2);
    b = (b + 1) % all.size();
  }
  benchmark::DoNotOptimize(counts.data());
  state.counters["pairs/s"] = benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BlockReference)->Unit(benchmark::kMillisecond);

}  // namespace
