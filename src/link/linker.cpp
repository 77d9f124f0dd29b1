#include "src/link/linker.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "kernels/core/stable_hash.hpp"
#include "kernels/link/cluster.hpp"
#include "kernels/link/compare.hpp"
#include "kernels/link/model.hpp"
#include "kernels/link/registry_policy.hpp"
#include "src/common/error.hpp"
#include "src/common/log.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"
#include "src/keys/hmac_sha256.hpp"
#include "src/keys/keyring.hpp"
#include "src/link/links_file.hpp"
#include "src/link/registry.hpp"
#include "src/link/variant.hpp"
#include "src/mpi/failure.hpp"
#include "src/mpi/route_blobs.hpp"
#include "src/mpi/route_by_key.hpp"

namespace nayose::linkage {

namespace {

namespace fs = std::filesystem;
using link::ComparisonVector;

constexpr double kMustLink = std::numeric_limits<double>::infinity();

// --- messages (trivially copyable, routed with route_by_key / route_by_owner) -------------------
struct Edge {
  std::uint64_t a;  // a < b
  std::uint64_t b;
  double weight;
};
struct LabelMsg {
  std::uint64_t node;
  std::uint64_t label;
};
struct GroupMember {  // a variant seen in a deterministic group (same facility patient / same card)
  std::uint64_t group;
  std::uint64_t variant;
  std::uint32_t kind;  // 1 facility patient (a known match), 2 individual card
  std::uint32_t pad;
};
struct ConflictMsg {  // two variants of different birth dates, and the component label of a
  std::uint64_t a;
  std::uint64_t b;
  std::uint64_t label;
};
struct KeyCount {
  std::uint64_t key;
  std::uint64_t count;
};
struct ClusterPart {
  std::uint64_t label;
  std::uint64_t variants;
  std::uint64_t rows;
  std::array<std::uint8_t, 32> min_lineage;
};
struct EmRun {
  std::uint8_t run;
  link::EmIteration iteration;
};
struct ScoredPair {
  std::uint64_t a, b;
  std::uint64_t a_row, b_row;
  std::uint32_t pattern;
  std::uint8_t pass;
  double kana_frequency;
  double weight;
  bool cannot_link;  // same household card, different 枝番
};

int owner_of(std::uint64_t key, int ranks) { return mpi::owner_rank(kernels::stable_hash64(key, 0x6f776e), ranks); }

// Range ownership of a 64-bit label: concatenating the ranks' sorted outputs in rank order gives
// the global sorted order whatever the rank count.
int range_owner(std::uint64_t label, int ranks) {
  // High 64 bits of label * ranks, with 32-bit halves (no 128-bit type needed).
  const std::uint64_t r = static_cast<std::uint64_t>(ranks);
  const std::uint64_t high = (label >> 32) * r;
  const std::uint64_t low = (label & 0xFFFFFFFFULL) * r;
  return static_cast<int>((high + (low >> 32)) >> 32);
}

std::uint64_t text_hash(std::string_view text, std::uint64_t seed) {
  return text.empty() ? 0 : kernels::stable_hash64(text, seed);
}

// --- blocking keys ---------------------------------------------------------------------------------
// A pass is fields joined by '+'; a record has no key for the pass when any field is empty.
std::optional<std::string> field_value(const Variant& v, std::string_view field) {
  auto text = [](const std::string& s) -> std::optional<std::string> {
    if (s.empty()) return std::nullopt;
    return s;
  };
  if (field == "birth") return v.birth == 0 ? std::nullopt : std::optional<std::string>(std::to_string(v.birth));
  if (field == "birth_year") {
    return v.birth == 0 ? std::nullopt : std::optional<std::string>(std::to_string(v.birth / 10000));
  }
  if (field == "sex") return v.sex == 0 ? std::nullopt : std::optional<std::string>(std::to_string(v.sex));
  if (field == "kana_key") return text(v.kana_key);
  if (field == "kana_given_key") return text(v.kana_given_key);
  if (field == "kanji_soft_key") return text(v.kanji_soft_key);
  if (field == "kanji_given") return text(v.kanji_given);
  if (field == "postal_code") return text(v.postal_code);
  if (field == "municipality") return text(v.municipality);
  if (field == "family_card") {
    return v.family_card_hash == 0 ? std::nullopt : std::optional<std::string>(std::to_string(v.family_card_hash));
  }
  if (field == "insurer") {
    return v.insurer_hash == 0 ? std::nullopt : std::optional<std::string>(std::to_string(v.insurer_hash));
  }
  return std::nullopt;
}

const std::vector<std::string_view>& known_fields() {
  static const std::vector<std::string_view> fields = {"birth",          "birth_year",  "sex",           "kana_key",
                                                       "kana_given_key", "kanji_soft_key", "kanji_given", "postal_code",
                                                       "municipality",   "family_card", "insurer"};
  return fields;
}

std::vector<std::string> split_plus(const std::string& spec) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto plus = spec.find('+', start);
    out.push_back(spec.substr(start, plus == std::string::npos ? std::string::npos : plus - start));
    if (plus == std::string::npos) return out;
    start = plus + 1;
  }
}

std::optional<std::uint64_t> pass_key(const Variant& v, const std::vector<std::string>& fields, std::size_t pass) {
  std::string text = std::to_string(pass);
  for (const auto& f : fields) {
    const auto value = field_value(v, f);
    if (!value) return std::nullopt;
    text += '\x1f';
    text += *value;
  }
  return kernels::stable_hash64(text, 0x70617373);
}

// The model's fields. The comparators' kana-name and kanji-name levels are one joint "name" field
// (level = kana level + 6 x kanji level): the two scripts of one name are strongly dependent, and
// as two fields under conditional independence a name agreeing in both would be counted twice
// (homonyms with different birth dates then passed the threshold). Field 0 of the comparators
// carries the full kana name (variant.cpp). Level 0 of the joint field = both missing.
constexpr std::size_t kName = 0, kGiven = 1, kBirthField = 2, kSexField = 3, kPostalField = 4, kInsurerField = 5;
constexpr std::uint8_t kKanaLevels = link::kLevels[link::kKanaSurname];

link::PatternSpace comparison_space() {
  return link::PatternSpace({{"name", static_cast<std::uint8_t>(kKanaLevels * link::kLevels[link::kKanjiName])},
                             {"kana_given", link::kLevels[link::kKanaGiven]},
                             {"birth", link::kLevels[link::kBirth]},
                             {"sex", link::kLevels[link::kSex]},
                             {"postal_code", link::kLevels[link::kPostalCode]},
                             {"insurer", link::kLevels[link::kInsurer]}});
}

// Comparator pattern (kernels/link/compare.hpp) → model pattern, for every comparator pattern.
std::vector<std::uint32_t> pattern_map(const link::PatternSpace& space) {
  std::vector<std::uint32_t> out(link::kPatterns);
  std::vector<std::uint8_t> levels(space.field_count());
  for (std::uint32_t p = 0; p < link::kPatterns; ++p) {
    const auto v = link::pattern_vector(p);
    levels[kName] = static_cast<std::uint8_t>(v.level[link::kKanaSurname] + kKanaLevels * v.level[link::kKanjiName]);
    levels[kGiven] = v.level[link::kKanaGiven];
    levels[kBirthField] = v.level[link::kBirth];
    levels[kSexField] = v.level[link::kSex];
    levels[kPostalField] = v.level[link::kPostalCode];
    levels[kInsurerField] = v.level[link::kInsurer];
    out[p] = space.index(levels);
  }
  return out;
}

// The model fields a blocking pass makes agree by construction.
std::vector<std::size_t> blocked_fields(const std::vector<std::string>& pass) {
  std::vector<std::size_t> out;
  const auto add = [&](std::size_t f) {
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  for (const auto& f : pass) {
    if (f == "birth" || f == "birth_year") add(kBirthField);
    if (f == "sex") add(kSexField);
    if (f == "kana_key" || f == "kanji_soft_key" || f == "kanji_given") add(kName);
    if (f == "kana_given_key") add(kGiven);
    if (f == "postal_code") add(kPostalField);
    if (f == "family_card" || f == "insurer") add(kInsurerField);
  }
  return out;
}

// [begin, end) of each run of equal `key_at(i)` over i in [0, n) (a sorted sequence).
template <class KeyAt>
std::vector<std::pair<std::size_t, std::size_t>> equal_runs(std::size_t n, KeyAt key_at) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && key_at(j) == key_at(i)) ++j;
    runs.emplace_back(i, j);
    i = j;
  }
  return runs;
}

// Received variant blobs ([head bytes][Variant::encode bytes]) grouped by the u64 at byte
// `group_at` of the head (a block or bucket key), in (group, variant key) order, each decoded once
// straight into the comparator's record. Runs of one group are contiguous, so a block is a span.
struct GroupedRecords {
  std::vector<link::LinkRecord> records;
  std::vector<ScoringExtra> extra;
  std::vector<const char*> head;  // the record's blob (its head bytes first)
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end) of each group, in order

  // Reorders [begin, end) by `less` over record indices (a permutation of that range).
  template <class Less>
  void reorder(std::size_t begin, std::size_t end, Less less) {
    std::vector<std::size_t> order(end - begin);
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = begin + k;
    std::sort(order.begin(), order.end(), less);
    std::vector<link::LinkRecord> r;
    std::vector<ScoringExtra> e;
    std::vector<const char*> h;
    for (const std::size_t k : order) {
      r.push_back(std::move(records[k]));
      e.push_back(extra[k]);
      h.push_back(head[k]);
    }
    std::move(r.begin(), r.end(), records.begin() + static_cast<std::ptrdiff_t>(begin));
    std::copy(e.begin(), e.end(), extra.begin() + static_cast<std::ptrdiff_t>(begin));
    std::copy(h.begin(), h.end(), head.begin() + static_cast<std::ptrdiff_t>(begin));
  }
};

GroupedRecords group_and_decode(const mpi::BlobBuffer& received, std::size_t head_bytes, std::size_t group_at) {
  struct Slot {
    std::uint64_t group, key;
    std::size_t blob;
  };
  if (group_at + sizeof(std::uint64_t) > head_bytes) throw Error("link: group key outside the blob head");
  std::vector<Slot> slots(received.size());
  tbb::parallel_for(std::size_t{0}, received.size(), [&](std::size_t i) {
    const std::string_view blob = received[i];
    if (blob.size() < head_bytes + sizeof(std::uint64_t)) throw Error("link: truncated variant blob");
    std::memcpy(&slots[i].group, blob.data() + group_at, sizeof(std::uint64_t));
    std::memcpy(&slots[i].key, blob.data() + head_bytes, sizeof(std::uint64_t));  // Variant::encode starts with the key
    slots[i].blob = i;
  });
  tbb::parallel_sort(slots.begin(), slots.end(), [](const Slot& x, const Slot& y) {
    return x.group != y.group ? x.group < y.group : x.key < y.key;
  });
  GroupedRecords out;
  out.records.resize(slots.size());
  out.extra.resize(slots.size());
  out.head.resize(slots.size());
  tbb::parallel_for(std::size_t{0}, slots.size(), [&](std::size_t i) {
    const std::string_view blob = received[slots[i].blob];
    out.head[i] = blob.data();
    decode_scoring_record(blob.substr(head_bytes), out.records[i], out.extra[i]);
  });
  out.runs = equal_runs(slots.size(), [&](std::size_t i) { return slots[i].group; });
  return out;
}

// For each of `keys` (a rank's variant keys, their cluster labels), the value `answer(key)` computed
// on rank `owner(key)`. Each distinct key of this rank asks once (several variants share a
// cluster), so the exchange is bounded by the rank's distinct keys. Collective.
template <class V, class OwnerFn, class AnswerFn>
std::vector<V> ask_owners(const mpi::Communicator& comm, std::span<const std::uint64_t> keys, OwnerFn owner,
                          AnswerFn answer, const mpi::RouteOptions& route) {
  struct Ask {
    std::uint64_t key;
    std::uint64_t asker;
  };
  struct Reply {
    std::uint64_t key;
    std::uint64_t asker;
    V value;
  };
  std::vector<std::uint64_t> distinct(keys.begin(), keys.end());
  tbb::parallel_sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<Ask> asks(distinct.size());
  for (std::size_t i = 0; i < distinct.size(); ++i) asks[i] = {distinct[i], static_cast<std::uint64_t>(comm.rank())};
  const auto at_owner = mpi::route_by_owner(comm, std::span<const Ask>(asks), [&](const Ask& a) { return owner(a.key); }, route);
  std::vector<Reply> replies(at_owner.size());
  mpi::agree(comm, [&] {
    for (std::size_t i = 0; i < at_owner.size(); ++i) replies[i] = {at_owner[i].key, at_owner[i].asker, answer(at_owner[i].key)};
  });
  auto back = mpi::route_by_owner(comm, std::span<const Reply>(replies),
                                  [](const Reply& r) { return static_cast<int>(r.asker); }, route);
  std::vector<V> out(keys.size());
  mpi::agree(comm, [&] {
    tbb::parallel_sort(back.begin(), back.end(), [](const Reply& x, const Reply& y) { return x.key < y.key; });
    if (back.size() != distinct.size()) throw Error("link: ask_owners: " + std::to_string(back.size()) + " answers to " +
                                                    std::to_string(distinct.size()) + " questions");
    for (std::size_t i = 0; i < back.size(); ++i) {
      if (back[i].key != distinct[i]) throw Error("link: ask_owners: an answer to a question not asked");
    }
    tbb::parallel_for(std::size_t{0}, keys.size(), [&](std::size_t i) {
      const auto at = std::lower_bound(distinct.begin(), distinct.end(), keys[i]) - distinct.begin();
      out[i] = back[static_cast<std::size_t>(at)].value;
    });
  });
  return out;
}

}  // namespace

std::vector<std::string> check_passes(const std::vector<std::string>& passes) {
  std::vector<std::string> problems;
  if (passes.empty()) problems.push_back("at least one --passes entry is needed");
  if (passes.size() > 32) problems.push_back("at most 32 blocking passes");
  for (const auto& p : passes) {
    for (const auto& f : split_plus(p)) {
      if (std::find(known_fields().begin(), known_fields().end(), f) == known_fields().end()) {
        std::string known;
        for (const auto k : known_fields()) known += (known.empty() ? "" : ", ") + std::string(k);
        problems.push_back("blocking pass '" + p + "': unknown field '" + f + "' (known: " + known + ")");
      }
    }
  }
  return problems;
}

LinkSummary run_link(const mpi::Communicator& comm, const LinkOptions& options, PhaseTimers& timers) {
  LinkSummary summary;
  const int ranks = comm.size();
  mpi::RouteOptions route;
  route.max_bytes_per_round = static_cast<std::size_t>(options.route_mib) << 20;
  const auto started = std::chrono::steady_clock::now();
  const auto progress = [&](const std::string& what) {
    const std::chrono::duration<double> t = std::chrono::steady_clock::now() - started;
    NAYOSE_LOG(info) << "link: " << what << " (" << static_cast<int>(t.count()) << " s)";
  };

  // ---- keys, inputs ---------------------------------------------------------------------------------
  std::optional<keys::HmacSha256> id_mac;
  mpi::agree(comm, [&] {
    const auto keyring = keys::Keyring::load(options.keys);
    id_mac.emplace(keyring.key("research-id"));
    if (!options.overwrite && fs::exists(options.out)) {
      throw ConfigError({"--out " + options.out + " exists (use --overwrite to replace it)"});
    }
  });
  std::vector<std::vector<std::string>> pass_fields;
  for (const auto& p : options.passes) pass_fields.push_back(split_plus(p));

  // ---- 1. rows → variants ---------------------------------------------------------------------------
  // This rank's rows → its distinct variants ("slots", in first-seen order): each row's slot, and
  // each slot's variant key. Later per-row answers (cluster label, research ID) are asked once per
  // slot and spread to the rows.
  std::vector<std::uint32_t> row_slot;
  std::vector<std::uint64_t> slot_key;
  std::vector<std::array<std::uint8_t, 32>> row_lineage;
  std::uint64_t first_row = 0;
  std::uint64_t total_rows = 0;
  std::vector<Variant> variants;  // owned here, sorted by key
  std::vector<GroupMember> group_members;  // this rank's distinct (group, variant)
  std::string staging_digest;
  {
    // Timed as two phases: the collective reads ("read staging") and the rest ("variants").
    const auto variants_started = std::chrono::steady_clock::now();
    double read_seconds = 0;
    const auto staging = h5::File::open(comm, options.staging, h5::load_schema("staging"));
    total_rows = staging.rows("identity/position");
    const auto slice = h5::slice_for_rank(total_rows, comm.rank(), ranks);
    first_row = slice.first;
    row_lineage.resize(slice.count);
    row_slot.resize(slice.count);

    // Rows of one rank repeat the same variants (monthly claims): deduplicate locally before any
    // exchange, so what is routed is bounded by the rank's distinct variants and groups. The slice
    // is read --read-rows rows at a time (every rank makes the same number of collective reads).
    // Each distinct variant's key and fields are encoded when the key is first seen (no Variant
    // objects) and the aggregates over its rows kept beside; `local_keys` (key, slot) ascending,
    // merged with each chunk's new keys.
    mpi::BlobBuffer local_heads;
    std::vector<VariantTail> local_tails;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> local_keys, fresh_keys, merged_keys;
    const std::uint64_t chunk_rows = std::max<std::uint64_t>(options.read_rows, 1);
    const std::uint64_t chunks =
        comm.allreduce<std::uint64_t>((slice.count + chunk_rows - 1) / chunk_rows, mpi::Op::max);
    // Per-chunk work buffers, reused from chunk to chunk (their pages are touched once).
    std::vector<VariantFields> fields;
    std::vector<std::uint64_t> patient_group;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;  // (variant key, row in chunk)
    std::vector<GroupMember> chunk_groups;  // deterministic groups: same facility patient, same individual card
    for (std::uint64_t chunk = 0; chunk < chunks; ++chunk) {
      const std::uint64_t c_first = std::min(slice.count, chunk * chunk_rows);
      const std::uint64_t c_count = std::min(slice.count - c_first, chunk_rows);
      const std::uint64_t g_first = slice.first + c_first;
      const auto read_started = std::chrono::steady_clock::now();
      const auto text = [&](const char* path) { return h5::read_ragged(staging, path, g_first, c_count); };
      const auto facility = text("identity/facility");
      const auto patient = text("identity/patient_id");
      const auto kana_name = text("identity/kana_name");
      const auto kana_given = text("identity/kana_given");
      const auto kana_key = text("identity/kana_key");
      const auto kana_given_key = text("identity/kana_given_key");
      const auto kanji_name = text("identity/kanji_name");
      const auto kanji_soft = text("identity/kanji_soft_key");
      const auto kanji_given = text("identity/kanji_given");
      const auto postal = text("identity/postal_code");
      const auto municipality = text("identity/municipality");
      const auto insurer = text("identity/insurer");
      const auto symbol = text("identity/symbol");
      const auto number = text("identity/number");
      const auto branch = text("identity/branch");
      const auto birth = h5::read_column<std::uint32_t>(staging, "identity/birth", g_first, c_count);
      const auto sex = h5::read_column<std::uint8_t>(staging, "identity/sex", g_first, c_count);
      const auto lineage = h5::read_fixed_bytes(staging, "identity/lineage", g_first, c_count);
      read_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - read_started).count();

      // Per row, in parallel: the fields (views into the columns), the variant key and the group
      // keys. Then, in key order: aggregate into this rank's variants and groups.
      fields.assign(c_count, VariantFields{});
      patient_group.resize(c_count);
      keyed.resize(c_count);
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, c_count, 4096), [&](const tbb::blocked_range<std::uint64_t>& r) {
        std::string scratch;
        for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
          VariantFields& f = fields[i];
          f.kana_name = kana_name.row_text(i);
          f.kana_given = kana_given.row_text(i);
          f.kana_key = kana_key.row_text(i);
          f.kana_given_key = kana_given_key.row_text(i);
          f.kanji_name = kanji_name.row_text(i);
          f.kanji_soft_key = kanji_soft.row_text(i);
          f.kanji_given = kanji_given.row_text(i);
          f.birth = birth[i];
          f.sex = sex[i];
          f.postal_code = postal.row_text(i);
          f.municipality = municipality.row_text(i);
          const std::string_view ins = insurer.row_text(i);
          const std::string_view num = number.row_text(i);
          const std::string_view br = branch.row_text(i);
          f.insurer_hash = text_hash(ins, 1);
          if (!ins.empty() && !num.empty()) {
            scratch.assign(ins).append(1, '\x1f').append(symbol.row_text(i)).append(1, '\x1f').append(num);
            f.family_card_hash = text_hash(scratch, 2);
            if (!br.empty()) f.card_hash = text_hash(scratch.append(1, '\x1f').append(br), 3);
          }
          const std::string_view pid = patient.row_text(i);
          patient_group[i] =
              pid.empty() ? 0 : text_hash(scratch.assign(facility.row_text(i)).append(1, '\x1f').append(pid), 4);
          keyed[i] = {variant_key(f, scratch), static_cast<std::uint32_t>(i)};
        }
      });
      for (std::uint64_t i = 0; i < c_count; ++i) std::memcpy(row_lineage[c_first + i].data(), lineage.data() + i * 32, 32);
      // The chunk's rows in (key, row) order: each distinct key once (its first row, smallest
      // lineage and row count), instead of a hash-map update per row.
      tbb::parallel_sort(keyed.begin(), keyed.end());
      chunk_groups.clear();
      fresh_keys.clear();
      std::size_t cursor = 0;  // in local_keys: both ascending
      for (std::size_t s0 = 0; s0 < keyed.size();) {
        const std::uint64_t key = keyed[s0].first;
        std::size_t s1 = s0;
        const std::array<std::uint8_t, 32>* min_lineage = &row_lineage[c_first + keyed[s0].second];
        std::uint64_t last_patient = 0;  // a variant's rows mostly repeat one facility patient
        for (; s1 < keyed.size() && keyed[s1].first == key; ++s1) {
          const std::uint32_t i = keyed[s1].second;
          if (std::memcmp(row_lineage[c_first + i].data(), min_lineage->data(), 32) < 0) min_lineage = &row_lineage[c_first + i];
          if (patient_group[i] != 0 && patient_group[i] != last_patient) {
            chunk_groups.push_back({patient_group[i], key, 1, 0});
            last_patient = patient_group[i];
          }
        }
        // The individual card is part of the variant key: one entry per variant.
        const std::uint64_t card = fields[keyed[s0].second].card_hash;
        if (card != 0) chunk_groups.push_back({card ^ 0x9e3779b97f4a7c15ULL, key, 2, 0});
        while (cursor < local_keys.size() && local_keys[cursor].first < key) ++cursor;
        std::uint32_t slot = 0;
        if (cursor < local_keys.size() && local_keys[cursor].first == key) {
          // Earlier chunks hold smaller rows: only the lineage can still be smaller.
          slot = local_keys[cursor].second;
          VariantTail& t = local_tails[slot];
          if (std::memcmp(min_lineage->data(), t.min_lineage.data(), 32) < 0) t.min_lineage = *min_lineage;
          t.rows += s1 - s0;
        } else {
          if (local_tails.size() >= UINT32_MAX) throw Error("link: more than 2^32-1 distinct variants on one rank");
          slot = static_cast<std::uint32_t>(local_tails.size());
          const VariantFields& f = fields[keyed[s0].second];
          local_heads.emplace_back([&](std::string& out) { f.encode_head(out, key); });
          local_tails.push_back({g_first + keyed[s0].second, *min_lineage, s1 - s0});
          slot_key.push_back(key);
          fresh_keys.emplace_back(key, slot);
        }
        for (std::size_t k = s0; k < s1; ++k) row_slot[c_first + keyed[k].second] = slot;
        s0 = s1;
      }
      merged_keys.resize(local_keys.size() + fresh_keys.size());
      std::merge(local_keys.begin(), local_keys.end(), fresh_keys.begin(), fresh_keys.end(), merged_keys.begin());
      local_keys.swap(merged_keys);
      const auto group_less = [](const GroupMember& x, const GroupMember& y) {
        return std::tie(x.group, x.variant, x.kind) < std::tie(y.group, y.variant, y.kind);
      };
      const auto group_same = [](const GroupMember& x, const GroupMember& y) {
        return x.group == y.group && x.variant == y.variant && x.kind == y.kind;
      };
      tbb::parallel_sort(chunk_groups.begin(), chunk_groups.end(), group_less);
      chunk_groups.erase(std::unique(chunk_groups.begin(), chunk_groups.end(), group_same), chunk_groups.end());
      const auto middle = static_cast<std::ptrdiff_t>(group_members.size());
      group_members.insert(group_members.end(), chunk_groups.begin(), chunk_groups.end());
      std::inplace_merge(group_members.begin(), group_members.begin() + middle, group_members.end(), group_less);
      group_members.erase(std::unique(group_members.begin(), group_members.end(), group_same), group_members.end());
    }
    // Copies of one variant from several ranks merge by min / min / sum at its owner, so the
    // order they are sent in does not matter.
    mpi::BlobBuffer blobs;
    std::vector<int> owners;
    {
      blobs.reserve(local_tails.size(), local_heads.bytes() + local_tails.size() * kVariantTailBytes);
      owners.reserve(local_tails.size());
      for (std::size_t slot = 0; slot < local_tails.size(); ++slot) {
        const std::string_view head = local_heads[slot];
        const VariantTail& t = local_tails[slot];
        blobs.emplace_back([&](std::string& out) {
          out.append(head);
          encode_variant_tail(out, t.min_row, t.min_lineage, t.rows, 0.0);
        });
        owners.push_back(owner_of(slot_key[slot], ranks));
      }
      local_heads = mpi::BlobBuffer();
      std::vector<VariantTail>().swap(local_tails);
      std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(local_keys);
    }
    summary.local_rows = slice.count;
    const auto received = mpi::route_blobs(comm, blobs, owners, route);
    blobs = mpi::BlobBuffer();
    mpi::agree(comm, [&] {
      // By key; each key decoded once, the other copies' aggregates absorbed from their tails.
      std::vector<std::pair<std::uint64_t, std::size_t>> by_key(received.size());
      for (std::size_t i = 0; i < received.size(); ++i) {
        if (received[i].size() < sizeof(std::uint64_t) + kVariantTailBytes) throw Error("link: truncated variant blob");
        std::memcpy(&by_key[i].first, received[i].data(), sizeof(std::uint64_t));
        by_key[i].second = i;
      }
      tbb::parallel_sort(by_key.begin(), by_key.end());
      const auto runs = equal_runs(by_key.size(), [&](std::size_t i) { return by_key[i].first; });
      variants.resize(runs.size());
      tbb::parallel_for(std::size_t{0}, runs.size(), [&](std::size_t r) {
        const auto [i, j] = runs[r];
        Variant& v = variants[r];
        v = Variant::decode(received[by_key[i].second]);
        for (std::size_t k = i + 1; k < j; ++k) v.absorb(read_variant_tail(received[by_key[k].second]));
      });
    });
    timers.add("read staging", read_seconds);
    timers.add("variants",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - variants_started).count() - read_seconds);
  }
  summary.rows = total_rows;
  summary.variants = comm.allreduce<std::uint64_t>(variants.size(), mpi::Op::sum);
  {
    const std::chrono::duration<double> t = std::chrono::steady_clock::now() - started;
    progress(std::to_string(summary.rows) + " identity rows, " + std::to_string(summary.variants) + " distinct variants, " +
             std::to_string(static_cast<std::uint64_t>(static_cast<double>(summary.rows) / std::max(t.count(), 1e-9))) +
             " rows/s");
  }
  std::unordered_map<std::uint64_t, std::size_t> variant_index;
  for (std::size_t i = 0; i < variants.size(); ++i) variant_index[variants[i].key] = i;

  // ---- 2. deterministic links ------------------------------------------------------------------------
  // Same facility + facility patient id, and same 保険者番号 + 記号 + 番号 + 枝番, link variants for
  // sure (consecutive variants of a group by key). The facility-patient pairs are also known
  // matches whose comparison patterns give the prior for m (they say nothing about the fields'
  // behaviour in non-matches, and a facility's patient id is independent of the compared fields).
  std::vector<Edge> edges;
  const link::PatternSpace space = comparison_space();
  const std::vector<std::uint32_t> to_model = pattern_map(space);
  std::vector<std::uint64_t> known_match_counts(space.size(), 0);
  {
    auto phase = timers.phase("deterministic links");
    // Members meet at the group's owner; consecutive distinct variants of a group are linked.
    auto at_group = mpi::route_by_owner(comm, std::span<const GroupMember>(group_members),
                                        [&](const GroupMember& g) { return owner_of(g.group, ranks); }, route);
    std::vector<GroupMember>().swap(group_members);
    std::sort(at_group.begin(), at_group.end(), [](const GroupMember& x, const GroupMember& y) {
      return x.group != y.group ? x.group < y.group : x.variant < y.variant;
    });
    mpi::BlobBuffer known_blobs;  // facility-patient pairs: [u64 b][variant a], to the owner of b
    std::vector<int> known_owners;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> known_pairs;
    for (std::size_t i = 1; i < at_group.size(); ++i) {
      const auto& g0 = at_group[i - 1];
      const auto& g1 = at_group[i];
      if (g0.group != g1.group || g0.variant == g1.variant) continue;
      edges.push_back({g0.variant, g1.variant, kMustLink});
      if (g1.kind == 1) known_pairs.emplace_back(g0.variant, g1.variant);
    }
    std::vector<GroupMember>().swap(at_group);
    // Their comparison patterns (the m prior): variant a's fields travel to b's owner, in two hops.
    std::vector<Edge> ask;
    for (const auto& [a, b] : known_pairs) ask.push_back({a, b, 0.0});
    const auto at_a = mpi::route_by_owner(comm, std::span<const Edge>(ask),
                                          [&](const Edge& e) { return owner_of(e.a, ranks); }, route);
    mpi::agree(comm, [&] {
      for (const auto& e : at_a) {
        const Variant& va = variants[variant_index.at(e.a)];
        known_blobs.emplace_back([&](std::string& out) {
          out.append(reinterpret_cast<const char*>(&e.b), sizeof e.b);
          va.encode(out);
        });
        known_owners.push_back(owner_of(e.b, ranks));
      }
    });
    const auto at_b = mpi::route_blobs(comm, known_blobs, known_owners, route);
    mpi::agree(comm, [&] {
      for (std::size_t i = 0; i < at_b.size(); ++i) {
        std::uint64_t b = 0;
        std::memcpy(&b, at_b[i].data(), sizeof b);
        link::LinkRecord ra;
        ScoringExtra unused;
        decode_scoring_record(at_b[i].substr(sizeof b), ra, unused);
        const Variant& vb = variants[variant_index.at(b)];
        ++known_match_counts[to_model[link::pattern_index(link::compare(ra, vb.to_record()))]];
      }
    });
    summary.must_links = comm.allreduce<std::uint64_t>(edges.size(), mpi::Op::sum);
  }

  // ---- 3. term frequency of the kana key ---------------------------------------------------------------
  if (options.term_frequency) {
    auto phase = timers.phase("term frequencies");
    std::vector<KeyCount> keyed;
    for (const auto& v : variants) {
      if (!v.kana_key.empty()) keyed.push_back({text_hash(v.kana_key, 5), v.key});
    }
    auto at_owner = mpi::route_by_key(comm, std::span<const KeyCount>(keyed), [](const KeyCount& k) { return k.key; }, route);
    std::sort(at_owner.begin(), at_owner.end(), [](const KeyCount& x, const KeyCount& y) {
      return x.key != y.key ? x.key < y.key : x.count < y.count;
    });
    const auto with_key = comm.allreduce<std::uint64_t>(keyed.size(), mpi::Op::sum);
    std::vector<LabelMsg> replies;  // node = variant, label = count of variants sharing its kana key
    for (std::size_t i = 0; i < at_owner.size();) {
      std::size_t j = i;
      while (j < at_owner.size() && at_owner[j].key == at_owner[i].key) ++j;
      for (std::size_t k = i; k < j; ++k) replies.push_back({at_owner[k].count, j - i});
      i = j;
    }
    const auto back = mpi::route_by_owner(comm, std::span<const LabelMsg>(replies),
                                          [&](const LabelMsg& m) { return owner_of(m.node, ranks); }, route);
    for (const auto& m : back) {
      variants[variant_index.at(m.node)].kana_frequency =
          static_cast<double>(m.label) / static_cast<double>(std::max<std::uint64_t>(with_key, 1));
    }
  }

  // ---- 4. blocking passes and scoring ---------------------------------------------------------------
  std::vector<std::uint64_t> pattern_counts(space.size(), 0);
  std::vector<std::vector<std::uint64_t>> pass_pattern_counts(options.passes.size(), std::vector<std::uint64_t>(space.size(), 0));
  std::vector<ScoredPair> scored;
  std::vector<std::uint64_t> pass_pairs(options.passes.size(), 0), pass_blocks(options.passes.size(), 0),
      pass_capped(options.passes.size(), 0), pass_duplicates(options.passes.size(), 0);
  const auto passes_started = std::chrono::steady_clock::now();
  std::uint64_t scored_so_far = 0;
  // Every variant's key for every pass (0 = no key), computed once: a pass's blob carries the
  // earlier passes' keys, so "found by an earlier pass" is a comparison of integers.
  const std::size_t n_passes = options.passes.size();
  // The variants' encodings are fixed from here on (term frequencies are set): encoded once for the
  // passes and the u sample.
  std::vector<std::uint64_t> variant_pass_keys(variants.size() * n_passes, 0);
  tbb::parallel_for(std::size_t{0}, variants.size(), [&](std::size_t i) {
    for (std::size_t q = 0; q < n_passes; ++q) {
      const auto key = pass_key(variants[i], pass_fields[q], q);
      if (key) variant_pass_keys[i * n_passes + q] = *key == 0 ? 1 : *key;
    }
  });
  mpi::BlobBuffer encoded;
  for (const auto& v : variants) encoded.emplace_back([&](std::string& out) { v.encode(out); });
  for (std::size_t p = 0; p < n_passes; ++p) {
    auto phase = timers.phase("block + score");
    // Block sizes first, from 16-byte messages: a variant alone in its block is not sent.
    std::vector<char> in_block(variants.size(), 0);
    {
      std::vector<LabelMsg> keyed;  // node = variant, label = block key
      for (std::size_t i = 0; i < variants.size(); ++i) {
        const std::uint64_t block = variant_pass_keys[i * n_passes + p];
        if (block != 0) keyed.push_back({variants[i].key, block});
      }
      auto at_block = mpi::route_by_owner(comm, std::span<const LabelMsg>(keyed),
                                          [&](const LabelMsg& m) { return owner_of(m.label, ranks); }, route);
      std::sort(at_block.begin(), at_block.end(), [](const LabelMsg& x, const LabelMsg& y) {
        return x.label != y.label ? x.label < y.label : x.node < y.node;
      });
      std::vector<LabelMsg> wanted;
      for (const auto& [i, j] : equal_runs(at_block.size(), [&](std::size_t k) { return at_block[k].label; })) {
        if (j - i >= 2) wanted.insert(wanted.end(), at_block.begin() + static_cast<std::ptrdiff_t>(i),
                                      at_block.begin() + static_cast<std::ptrdiff_t>(j));
      }
      const auto back = mpi::route_by_owner(comm, std::span<const LabelMsg>(wanted),
                                            [&](const LabelMsg& m) { return owner_of(m.node, ranks); }, route);
      for (const auto& m : back) in_block[variant_index.at(m.node)] = 1;
    }
    mpi::BlobBuffer blobs;
    std::vector<int> owners;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const std::uint64_t* keys = variant_pass_keys.data() + i * n_passes;
      if (keys[p] == 0 || !in_block[i]) continue;
      // earlier passes' keys..., this pass's key, then the variant
      blobs.push_back(std::string_view(reinterpret_cast<const char*>(keys), (p + 1) * sizeof(std::uint64_t)), encoded[i]);
      owners.push_back(owner_of(keys[p], ranks));
    }
    const auto received = mpi::route_blobs(comm, blobs, owners, route);
    mpi::agree(comm, [&] {
      const std::size_t head = (p + 1) * sizeof(std::uint64_t);
      GroupedRecords members = group_and_decode(received, head, p * sizeof(std::uint64_t));
      std::vector<std::pair<std::size_t, std::size_t>> blocks;  // runs of one block key
      for (const auto& run : members.runs) {
        if (run.second - run.first >= 2) blocks.push_back(run);
      }
      pass_blocks[p] += blocks.size();
      // Earlier passes' keys, to score each pair once.
      const auto seen_earlier = [&](std::size_t a, std::size_t b) {
        for (std::size_t q = 0; q < p; ++q) {
          std::uint64_t ka = 0, kb = 0;
          std::memcpy(&ka, members.head[a] + q * sizeof ka, sizeof ka);
          std::memcpy(&kb, members.head[b] + q * sizeof kb, sizeof kb);
          if (ka != 0 && ka == kb) return true;
        }
        return false;
      };
      std::vector<std::vector<ScoredPair>> per_block(blocks.size());
      std::vector<std::uint64_t> capped(blocks.size(), 0), duplicates(blocks.size(), 0);
      tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
        const auto [begin, end] = blocks[b];
        const std::size_t n = end - begin;
        if (n > options.max_block) {
          // Sorted neighbourhood: similar names next to each other, then the window.
          const auto& r = members.records;
          members.reorder(begin, end, [&](std::size_t x, std::size_t y) {
            return std::tie(r[x].kana_surname_key, r[x].kanji_soft_key, r[x].key) <
                   std::tie(r[y].kana_surname_key, r[y].kanji_soft_key, r[y].key);
          });
        }
        const std::size_t window = n > options.max_block ? static_cast<std::size_t>(options.max_block) : n;
        if (n > options.max_block) capped[b] = 1;
        link::BlockScorer scorer(std::span<const link::LinkRecord>(members.records).subspan(begin, n));
        std::vector<std::uint32_t> candidates;
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t last = std::min(n, i + window);
          candidates.clear();
          for (std::size_t j = i + 1; j < last; ++j) {
            // A pair an earlier pass found is counted, not compared again.
            if (seen_earlier(begin + i, begin + j)) {
              ++duplicates[b];
            } else {
              candidates.push_back(static_cast<std::uint32_t>(j));
            }
          }
          scorer.score_candidates(i, candidates, [&](std::uint32_t x, std::uint32_t y, std::uint32_t pattern) {
            const bool a_first = members.records[begin + x].key < members.records[begin + y].key;
            const std::size_t lo = begin + (a_first ? x : y);
            const std::size_t hi = begin + (a_first ? y : x);
            const link::LinkRecord& rlo = members.records[lo];
            const link::LinkRecord& rhi = members.records[hi];
            // Cannot-link: two members of one household (twins included) — since 2021 the 枝番 is
            // per person, and within a household the given name tells members apart.
            const bool other_member = options.branch_cannot_link && other_household_member(rlo, rhi, pattern);
            per_block[b].push_back({rlo.key, rhi.key, members.extra[lo].min_row, members.extra[hi].min_row,
                                    to_model[pattern], static_cast<std::uint8_t>(p),
                                    std::max(members.extra[lo].kana_frequency, members.extra[hi].kana_frequency), 0.0,
                                    other_member});
          });
        }
      });
      for (std::size_t b = 0; b < blocks.size(); ++b) {
        pass_capped[p] += capped[b];
        pass_duplicates[p] += duplicates[b];
        pass_pairs[p] += per_block[b].size();
        for (const auto& sp : per_block[b]) {
          ++pattern_counts[sp.pattern];
          ++pass_pattern_counts[p][sp.pattern];
          scored.push_back(sp);
        }
      }
    });
    // Progress: pairs of this pass over all ranks, the rate so far, and the ETA of the passes left.
    const auto pass_total = comm.allreduce<std::uint64_t>(pass_pairs[p], mpi::Op::sum);
    scored_so_far += pass_total;
    const std::chrono::duration<double> spent = std::chrono::steady_clock::now() - passes_started;
    const double per_pass = spent.count() / static_cast<double>(p + 1);
    NAYOSE_LOG(info) << "link: pass " << (p + 1) << "/" << options.passes.size() << " (" << options.passes[p]
                     << "): " << pass_total << " pairs; "
                     << static_cast<std::uint64_t>(static_cast<double>(scored_so_far) / std::max(spent.count(), 1e-9))
                     << " pairs/s, ETA " << static_cast<int>(per_pass * static_cast<double>(options.passes.size() - p - 1))
                     << " s";
  }
  summary.candidate_pairs = comm.allreduce<std::uint64_t>(scored.size(), mpi::Op::sum);
  const auto pass_pairs_total = comm.allreduce(std::span<const std::uint64_t>(pass_pairs), mpi::Op::sum);
  const auto pass_blocks_total = comm.allreduce(std::span<const std::uint64_t>(pass_blocks), mpi::Op::sum);
  const auto pass_capped_total = comm.allreduce(std::span<const std::uint64_t>(pass_capped), mpi::Op::sum);
  const auto pass_dup_total = comm.allreduce(std::span<const std::uint64_t>(pass_duplicates), mpi::Op::sum);
  for (const auto c : pass_capped_total) summary.capped_blocks += c;
  progress(std::to_string(summary.candidate_pairs) + " candidate pairs scored in " + std::to_string(options.passes.size()) +
           " passes (" + std::to_string(summary.capped_blocks) + " blocks above --max-block scored by window)");

  // ---- 5. model: u from random pairs, m and λ by EM -----------------------------------------------------
  std::vector<std::uint64_t> random_counts(space.size(), 0);
  {
    auto phase = timers.phase("u sample");
    mpi::BlobBuffer blobs;
    std::vector<int> owners;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const std::uint64_t bucket = kernels::stable_hash64(variants[i].key, options.seed) % options.u_buckets;
      blobs.push_back(std::string_view(reinterpret_cast<const char*>(&bucket), sizeof bucket), encoded[i]);
      owners.push_back(owner_of(bucket, ranks));
    }
    const auto received = mpi::route_blobs(comm, blobs, owners, route);
    encoded = mpi::BlobBuffer();
    mpi::agree(comm, [&] {
      const GroupedRecords members = group_and_decode(received, sizeof(std::uint64_t), 0);
      const auto& buckets = members.runs;
      // Buckets in parallel; integer counts per thread, summed (the sum does not depend on the order).
      tbb::enumerable_thread_specific<std::vector<std::uint64_t>> thread_counts(
          [&] { return std::vector<std::uint64_t>(space.size(), 0); });
      tbb::parallel_for(std::size_t{0}, buckets.size(), [&](std::size_t bucket) {
        const auto [i, j] = buckets[bucket];
        auto& counts = thread_counts.local();
        // Each variant with the next --u-neighbours variants of its bucket (ordered by key: a
        // hash, so these are random pairs), at most --u-pairs-per-bucket pairs per bucket.
        link::BlockScorer scorer(std::span<const link::LinkRecord>(members.records).subspan(i, j - i));
        std::uint64_t taken = 0;
        std::vector<std::uint32_t> next;
        for (std::size_t k = 0; k < scorer.size() && taken < options.u_pairs_per_bucket; ++k) {
          next.clear();
          for (std::size_t d = 1; d <= options.u_neighbours && k + d < scorer.size(); ++d) {
            next.push_back(static_cast<std::uint32_t>(k + d));
          }
          scorer.score_candidates(k, next, [&](std::uint32_t, std::uint32_t, std::uint32_t pattern) {
            if (taken++ < options.u_pairs_per_bucket) ++counts[to_model[pattern]];
          });
        }
      });
      for (const auto& counts : thread_counts) {
        for (std::size_t k = 0; k < counts.size(); ++k) random_counts[k] += counts[k];
      }
    });
  }
  const auto random_total = comm.allreduce(std::span<const std::uint64_t>(random_counts), mpi::Op::sum);
  {
    std::uint64_t sampled = 0;
    for (const auto c : random_total) sampled += c;
    progress(std::to_string(sampled) + " random variant pairs scored for u");
  }
  const auto candidate_total = comm.allreduce(std::span<const std::uint64_t>(pattern_counts), mpi::Op::sum);
  link::EmResult em;
  std::vector<EmRun> em_runs;  // every EM iteration of every training run (pass, or 255 = final λ)
  std::vector<double> weights;
  {
    auto phase = timers.phase("EM");
    // u is floored at half a pair of the sample: a level the sample never saw is rare, not impossible.
    std::uint64_t sample_pairs = 0;
    for (const auto c : random_total) sample_pairs += c;
    const double u_floor = std::max(1e-9, 0.5 / static_cast<double>(std::max<std::uint64_t>(sample_pairs, 1)));
    const auto u = link::estimate_u(space, random_total, u_floor);
    link::EmOptions eo;
    eo.max_iterations = options.em_iterations;
    eo.tolerance = options.em_tolerance;
    // m by EM, one training run per blocking pass (as Splink): a pass's candidate pairs agree on
    // its blocking fields by construction, so those fields are treated as missing in its run (their
    // levels set to 0) and its EM estimates m only for the other fields, u fixed from the random
    // sample, starting from (and with a light prior towards) the level shares among known matches
    // (facility-patient pairs). Each field's m is then the candidate-weighted mean over the runs
    // that did not block on it; λ (the share of matches among all candidate pairs) comes from a
    // last EM run with m and u fixed. README "link: model".
    const auto known_total = comm.allreduce(std::span<const std::uint64_t>(known_match_counts), mpi::Op::sum);
    const auto known_m = link::estimate_u(space, known_total, 1e-6);  // same estimator: level shares per field
    std::vector<std::vector<double>> m_sum(space.field_count());
    std::vector<double> m_weight(space.field_count(), 0.0);
    for (std::size_t f = 0; f < space.field_count(); ++f) m_sum[f].assign(space.levels(f), 0.0);
    for (std::size_t p = 0; p < options.passes.size(); ++p) {
      const auto totals = comm.allreduce(std::span<const std::uint64_t>(pass_pattern_counts[p]), mpi::Op::sum);
      const auto blocked = blocked_fields(pass_fields[p]);
      std::vector<std::uint64_t> counts(space.size(), 0);
      std::uint64_t pass_sum = 0;
      std::vector<std::uint8_t> levels(space.field_count());
      for (std::uint32_t pattern = 0; pattern < space.size(); ++pattern) {
        if (totals[pattern] == 0) continue;
        space.decode(pattern, levels);
        for (const auto f : blocked) levels[f] = 0;
        counts[space.index(levels)] += totals[pattern];
        pass_sum += totals[pattern];
      }
      if (pass_sum == 0) continue;
      auto start = link::default_start(space, u, options.lambda_guess);
      link::EmOptions pass_options = eo;
      for (std::size_t f = 0; f < space.field_count(); ++f) {
        start.m[f] = known_m[f];
        link::FieldPrior prior;
        prior.field = space.field(f).name;
        if (std::find(blocked.begin(), blocked.end(), f) != blocked.end()) {
          prior.fixed_m = known_m[f];
        } else {
          prior.m_pseudo_counts.assign(space.levels(f), 0.0);
          for (std::uint8_t l = 1; l < space.levels(f); ++l) {
            prior.m_pseudo_counts[l] = options.m_prior_share * static_cast<double>(pass_sum) * known_m[f][l];
          }
        }
        pass_options.priors.push_back(std::move(prior));
      }
      const auto run = link::expectation_maximisation(space, counts, start, pass_options);
      for (const auto& it : run.trace) em_runs.push_back({static_cast<std::uint8_t>(p), it});
      for (std::size_t f = 0; f < space.field_count(); ++f) {
        if (std::find(blocked.begin(), blocked.end(), f) != blocked.end()) continue;
        for (std::uint8_t l = 0; l < space.levels(f); ++l) {
          m_sum[f][l] += static_cast<double>(pass_sum) * run.parameters.m[f][l];
        }
        m_weight[f] += static_cast<double>(pass_sum);
      }
    }
    auto final_start = link::default_start(space, u, options.lambda_guess);
    link::EmOptions final_options = eo;
    for (std::size_t f = 0; f < space.field_count(); ++f) {
      std::vector<double> m = known_m[f];
      if (m_weight[f] > 0) {
        for (std::uint8_t l = 0; l < space.levels(f); ++l) m[l] = m_sum[f][l] / m_weight[f];
        link::floor_and_normalise(m, 1e-6);  // level 0 (missing) is slot 0
      }
      final_start.m[f] = m;
      link::FieldPrior fixed;
      fixed.field = space.field(f).name;
      fixed.fixed_m = m;
      final_options.priors.push_back(std::move(fixed));
    }
    em = link::expectation_maximisation(space, candidate_total, final_start, final_options);
    for (const auto& it : em.trace) em_runs.push_back({255, it});
    weights = link::pattern_weights(space, em.parameters, link::WeightPrior::exclude);
  }
  const double prior = std::log2(em.parameters.lambda / (1.0 - em.parameters.lambda));
  progress("EM " + std::string(em.converged ? "converged" : "stopped") + " after " + std::to_string(em.trace.size()) +
           " iterations, lambda " + std::to_string(em.parameters.lambda));

  // ---- 6. decide ------------------------------------------------------------------------------------
  // Term frequency applies at the top name level (kana and kanji both exact).
  const std::size_t kana_field = kName;
  const auto kana_top = static_cast<std::uint8_t>(space.levels(kName) - 1);
  std::vector<ScoredPair> review;
  std::uint64_t accepted = 0;
  std::uint64_t cannot_linked = 0;
  for (auto& sp : scored) {
    double w = weights[sp.pattern] + prior;
    if (options.term_frequency && space.level(sp.pattern, kana_field) == kana_top && sp.kana_frequency > 0) {
      w += link::term_frequency_adjustment(em.parameters, kana_field, sp.kana_frequency, 1e-7);
    }
    sp.weight = w;
    if (sp.cannot_link) {
      ++cannot_linked;
      continue;  // never linked, not offered for review
    }
    if (w >= options.threshold) {
      edges.push_back({sp.a, sp.b, w});
      ++accepted;
    }
    if (std::abs(w - options.threshold) <= options.review_band || w >= options.threshold) review.push_back(sp);
  }
  summary.accepted_pairs = comm.allreduce<std::uint64_t>(accepted, mpi::Op::sum);
  summary.cannot_links = comm.allreduce<std::uint64_t>(cannot_linked, mpi::Op::sum);
  progress(std::to_string(summary.accepted_pairs) + " pairs at or above the threshold linked, " +
           std::to_string(summary.cannot_links) + " pairs of household members (same card, other 枝番 or other given name) kept apart");

  // ---- 7. connected components (min-label propagation), over-link guard -------------------------------
  std::vector<std::uint64_t> label(variants.size());
  for (std::size_t i = 0; i < variants.size(); ++i) label[i] = variants[i].key;
  std::vector<std::vector<std::pair<std::uint64_t, double>>> adjacency(variants.size());
  {
    auto phase = timers.phase("components");
    std::vector<Edge> both;
    both.reserve(edges.size() * 2);
    for (const auto& e : edges) {
      both.push_back(e);
      both.push_back({e.b, e.a, e.weight});
    }
    auto mine = mpi::route_by_owner(comm, std::span<const Edge>(both), [&](const Edge& e) { return owner_of(e.a, ranks); },
                                    route);
    std::sort(mine.begin(), mine.end(), [](const Edge& x, const Edge& y) {
      return x.a != y.a ? x.a < y.a : (x.b != y.b ? x.b < y.b : x.weight > y.weight);
    });
    for (const auto& e : mine) {
      auto& adj = adjacency[variant_index.at(e.a)];
      if (!adj.empty() && adj.back().first == e.b) continue;  // the same pair via several routes: keep the largest weight
      adj.emplace_back(e.b, e.weight);
    }
    std::vector<char> changed(variants.size(), 1);
    for (int round = 0;; ++round) {
      std::vector<LabelMsg> out;
      for (std::size_t i = 0; i < variants.size(); ++i) {
        if (!changed[i]) continue;
        for (const auto& [n, w] : adjacency[i]) out.push_back({n, label[i]});
      }
      std::fill(changed.begin(), changed.end(), 0);
      const auto in = mpi::route_by_owner(comm, std::span<const LabelMsg>(out),
                                          [&](const LabelMsg& m) { return owner_of(m.node, ranks); }, route);
      std::uint64_t updates = 0;
      for (const auto& m : in) {
        const std::size_t i = variant_index.at(m.node);
        if (m.label < label[i]) {
          label[i] = m.label;
          changed[i] = 1;
          ++updates;
        }
      }
      if (comm.allreduce<std::uint64_t>(updates, mpi::Op::sum) == 0) break;
    }
  }
  // Re-clusters the components whose labels are `chosen` (sorted, the same on every rank): members
  // and internal edges go to the owner of the label, `solve(label, nodes, edges)` returns the new
  // label of each node (nodes ascending by key, edges as indices into them), labels come back.
  const auto recluster = [&](const std::vector<std::uint64_t>& chosen, const auto& solve) {
    std::vector<LabelMsg> members_out;
    std::vector<Edge> edges_out;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      if (!std::binary_search(chosen.begin(), chosen.end(), label[i])) continue;
      members_out.push_back({variants[i].key, label[i]});
      for (const auto& [n, w] : adjacency[i]) {
        if (variants[i].key < n) edges_out.push_back({variants[i].key, n, w});
      }
    }
    // Edge owner = owner of the component label of its first end (both ends share the label).
    const auto members_in = mpi::route_by_owner(comm, std::span<const LabelMsg>(members_out),
                                                [&](const LabelMsg& m) { return owner_of(m.label, ranks); }, route);
    std::unordered_map<std::uint64_t, std::uint64_t> label_of_node;
    for (const auto& m : members_out) label_of_node[m.node] = m.label;
    const auto edges_in = mpi::route_by_owner(
        comm, std::span<const Edge>(edges_out), [&](const Edge& e) { return owner_of(label_of_node.at(e.a), ranks); },
        route);
    std::vector<LabelMsg> relabel;
    mpi::agree(comm, [&] {
      std::map<std::uint64_t, std::vector<std::uint64_t>> comp_members;
      for (const auto& m : members_in) comp_members[m.label].push_back(m.node);
      std::unordered_map<std::uint64_t, std::uint64_t> comp_of;
      for (const auto& m : members_in) comp_of[m.node] = m.label;
      std::map<std::uint64_t, std::vector<Edge>> comp_edges;
      for (const auto& e : edges_in) comp_edges[comp_of.at(e.a)].push_back(e);
      for (auto& [l, nodes] : comp_members) {
        std::sort(nodes.begin(), nodes.end());
        std::unordered_map<std::uint64_t, std::uint32_t> idx;
        for (std::uint32_t k = 0; k < nodes.size(); ++k) idx[nodes[k]] = k;
        std::vector<link::WeightedEdge> we;
        for (const auto& e : comp_edges[l]) {
          // An edge whose other end left the component (cut by the over-link guard) stays cut.
          if (const auto b = idx.find(e.b); b != idx.end()) we.push_back({idx.at(e.a), b->second, e.weight});
        }
        const std::vector<std::uint64_t> labels = solve(l, nodes, idx, we);
        for (std::size_t k = 0; k < nodes.size(); ++k) relabel.push_back({nodes[k], labels[k]});
      }
    });
    const auto back = mpi::route_by_owner(comm, std::span<const LabelMsg>(relabel),
                                          [&](const LabelMsg& m) { return owner_of(m.node, ranks); }, route);
    for (const auto& m : back) label[variant_index.at(m.node)] = m.label;
  };
  // Every rank learns a list of labels (few).
  const auto everyone = [&](const std::vector<std::uint64_t>& local) {
    std::string packed(reinterpret_cast<const char*>(local.data()), local.size() * 8);
    const auto parts = comm.gather_to_root(packed);
    std::string all;
    for (const auto& part : parts) all += part;
    all = comm.broadcast(std::move(all));
    std::vector<std::uint64_t> out(all.size() / 8);
    if (!out.empty()) std::memcpy(out.data(), all.data(), out.size() * 8);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  {
    // Component sizes; components above --max-cluster are re-clustered at their label's owner with
    // a raised threshold (kernels/link/cluster.hpp guard_large_components).
    auto phase = timers.phase("over-link guard");
    std::vector<KeyCount> sizes_out;
    for (std::size_t i = 0; i < variants.size(); ++i) sizes_out.push_back({label[i], 1});
    auto sizes_in = mpi::route_by_key(comm, std::span<const KeyCount>(sizes_out), [](const KeyCount& k) { return k.key; }, route);
    std::map<std::uint64_t, std::uint64_t> size_of;
    for (const auto& k : sizes_in) size_of[k.key] += k.count;
    std::vector<std::uint64_t> large_local;
    for (const auto& [l, n] : size_of) {
      if (n > options.max_cluster) large_local.push_back(l);
    }
    const auto large = everyone(large_local);
    if (!large.empty()) {
      recluster(large, [&](std::uint64_t, const std::vector<std::uint64_t>& nodes,
                           const std::unordered_map<std::uint64_t, std::uint32_t>&, const std::vector<link::WeightedEdge>& we) {
        const auto result = link::guard_large_components(nodes, we, options.threshold,
                                                         static_cast<std::uint32_t>(options.max_cluster),
                                                         options.guard_step, options.guard_max);
        summary.guard_splits += result.components_split;
        return result.labels;
      });
    }
    summary.guard_splits = comm.allreduce<std::uint64_t>(summary.guard_splits, mpi::Op::sum);
  }
  if (options.birth_conflicts) {
    // Conflict split: two variants of one component whose own comparison has both birth dates
    // present and different beyond a typo (birth level 1) are different persons; the component is
    // rebuilt by descending edge weight without joining them (kernels/link/cluster.hpp
    // split_conflicts) — a record with little more than a common name no longer chains namesakes.
    auto phase = timers.phase("conflict split");
    // Scored pairs with different birth dates; the label of a is looked up at a's owner, the pair
    // kept at b's owner when b has the same label.
    std::vector<ConflictMsg> conflict_out;
    for (const auto& sp : scored) {
      if (space.level(sp.pattern, kBirthField) == 1) conflict_out.push_back({sp.a, sp.b, 0});
    }
    auto at_a = mpi::route_by_owner(comm, std::span<const ConflictMsg>(conflict_out),
                                    [&](const ConflictMsg& c) { return owner_of(c.a, ranks); }, route);
    for (auto& c : at_a) c.label = label[variant_index.at(c.a)];
    const auto at_b = mpi::route_by_owner(comm, std::span<const ConflictMsg>(at_a),
                                          [&](const ConflictMsg& c) { return owner_of(c.b, ranks); }, route);
    std::vector<ConflictMsg> inside;  // conflicts within one component
    std::vector<std::uint64_t> conflicted_local;
    for (const auto& c : at_b) {
      if (c.label != label[variant_index.at(c.b)]) continue;
      inside.push_back(c);
      conflicted_local.push_back(c.label);
    }
    const auto conflicted = everyone(conflicted_local);
    summary.conflict_components = conflicted.size();
    if (!conflicted.empty()) {
      const auto conflicts_in = mpi::route_by_owner(comm, std::span<const ConflictMsg>(inside),
                                                    [&](const ConflictMsg& c) { return owner_of(c.label, ranks); }, route);
      std::map<std::uint64_t, std::vector<std::pair<std::uint64_t, std::uint64_t>>> conflicts_of;
      for (const auto& c : conflicts_in) conflicts_of[c.label].emplace_back(c.a, c.b);
      recluster(conflicted, [&](std::uint64_t l, const std::vector<std::uint64_t>& nodes,
                                const std::unordered_map<std::uint64_t, std::uint32_t>& idx,
                                const std::vector<link::WeightedEdge>& we) {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
        for (const auto& [x, y] : conflicts_of[l]) pairs.emplace_back(idx.at(x), idx.at(y));
        const auto result = link::split_conflicts(nodes, we, pairs, options.threshold);
        summary.conflict_edges_skipped += result.edges_skipped;
        return result.labels;
      });
    }
    summary.conflict_edges_skipped = comm.allreduce<std::uint64_t>(summary.conflict_edges_skipped, mpi::Op::sum);
  }

  // ---- 8. clusters: size, smallest lineage (canonical member) ----------------------------------------
  std::vector<ClusterPart> cluster_parts_out;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    cluster_parts_out.push_back({label[i], 1, variants[i].rows, variants[i].min_lineage});
  }
  auto cluster_parts = mpi::route_by_owner(comm, std::span<const ClusterPart>(cluster_parts_out),
                                           [&](const ClusterPart& c) { return range_owner(c.label, ranks); }, route);
  std::sort(cluster_parts.begin(), cluster_parts.end(), [](const ClusterPart& x, const ClusterPart& y) {
    return x.label != y.label ? x.label < y.label : x.min_lineage < y.min_lineage;
  });
  std::vector<ClusterPart> clusters;  // this rank's label range, sorted
  for (const auto& c : cluster_parts) {
    if (!clusters.empty() && clusters.back().label == c.label) {
      clusters.back().variants += c.variants;
      clusters.back().rows += c.rows;
      continue;  // parts are sorted by lineage within a label: the first has the smallest
    }
    clusters.push_back(c);
  }
  summary.clusters = comm.allreduce<std::uint64_t>(clusters.size(), mpi::Op::sum);

  // ---- 9. rows → labels ------------------------------------------------------------------------------
  std::vector<std::uint64_t> slot_label, row_label(row_slot.size());
  {
    auto phase = timers.phase("rows to clusters");
    slot_label = ask_owners<std::uint64_t>(
        comm, slot_key, [&](std::uint64_t key) { return owner_of(key, ranks); },
        [&](std::uint64_t key) { return label[variant_index.at(key)]; }, route);
    for (std::size_t i = 0; i < row_slot.size(); ++i) row_label[i] = slot_label[row_slot[i]];
  }

  // ---- 10. research IDs: registry carry-over, then new IDs -------------------------------------------
  std::uint64_t generation = 1;
  std::vector<std::array<std::uint8_t, 16>> cluster_id(clusters.size());
  std::vector<link::ChangeEntry> changes;
  {
    auto phase = timers.phase("research IDs");
    std::vector<link::ClusterDecision> decisions;  // parallel to clusters; empty without a registry
    if (!options.registry.empty()) {
      // The previous registry (record key → old ID) and this run's (record key → cluster) meet by
      // record key across ranks and kernels/link/registry_policy.hpp's rule is applied there
      // (src/link/registry.hpp); no rank holds the whole registry. Record key = the first 8 bytes of
      // the row's lineage hash (stable for the same source bytes across runs).
      std::vector<link::RegistryEntry> registry_rows;
      {
        const auto previous = h5::File::open(comm, options.registry, h5::load_schema("links"));
        generation = static_cast<std::uint64_t>(previous.read_int_attribute("generation")) + 1;
        const auto n = previous.rows("registry/lineage");
        if (previous.rows("identity/research_id") != n) {  // the same on every rank: metadata
          throw Error("--registry " + options.registry + ": registry/lineage and identity/research_id differ in length");
        }
        const auto slice = h5::slice_for_rank(n, comm.rank(), ranks);
        const auto lin = h5::read_fixed_bytes(previous, "registry/lineage", slice.first, slice.count);
        const auto ids = h5::read_fixed_bytes(previous, "identity/research_id", slice.first, slice.count);
        registry_rows.resize(slice.count);
        for (std::uint64_t i = 0; i < slice.count; ++i) {
          std::memcpy(&registry_rows[i].record_key, lin.data() + i * 32, 8);
          std::memcpy(registry_rows[i].id.bytes.data(), ids.data() + i * 16, 16);
        }
      }
      std::vector<MemberRow> member_rows(row_label.size());
      for (std::size_t i = 0; i < row_label.size(); ++i) {
        std::memcpy(&member_rows[i].record_key, row_lineage[i].data(), 8);
        member_rows[i].label = row_label[i];
      }
      std::vector<std::uint64_t> labels;
      for (const auto& c : clusters) labels.push_back(c.label);
      auto result = carry_over_distributed(comm, registry_rows, member_rows, labels, options.route_mib);
      decisions = std::move(result.decisions);
      changes = std::move(result.changes);  // this rank's slice of the change log, in global order
    }
    for (std::size_t i = 0; i < clusters.size(); ++i) {
      if (!decisions.empty() && decisions[i].kept) {
        std::memcpy(cluster_id[i].data(), decisions[i].kept->bytes.data(), 16);
        ++summary.ids_kept;
        continue;
      }
      // New: HMAC(research-id key, smallest lineage of the cluster ‖ generation), first 16 bytes.
      std::string message(reinterpret_cast<const char*>(clusters[i].min_lineage.data()), 32);
      for (int b = 7; b >= 0; --b) message.push_back(static_cast<char>((generation >> (8 * b)) & 0xFF));
      const auto mac = id_mac->mac(std::string_view(message));
      std::memcpy(cluster_id[i].data(), mac.data(), 16);
      ++summary.ids_new;
    }
    summary.ids_kept = comm.allreduce<std::uint64_t>(summary.ids_kept, mpi::Op::sum);
    summary.ids_new = comm.allreduce<std::uint64_t>(summary.ids_new, mpi::Op::sum);
  }

  // rows → research IDs
  std::vector<std::array<std::uint8_t, 16>> row_id;
  {
    auto phase = timers.phase("rows to research IDs");
    const auto slot_id = ask_owners<std::array<std::uint8_t, 16>>(
        comm, slot_label, [&](std::uint64_t l) { return range_owner(l, ranks); },
        [&](std::uint64_t l) {
          const auto it = std::lower_bound(clusters.begin(), clusters.end(), l,
                                           [](const ClusterPart& c, std::uint64_t x) { return c.label < x; });
          if (it == clusters.end() || it->label != l) throw Error("link: a row's cluster label has no cluster");
          return cluster_id[static_cast<std::size_t>(it - clusters.begin())];
        },
        route);
    row_id.resize(row_slot.size());
    for (std::size_t i = 0; i < row_slot.size(); ++i) row_id[i] = slot_id[row_slot[i]];
  }

  // ---- 11. output ------------------------------------------------------------------------------------
  {
    auto phase = timers.phase("write links");
    // Pairs in global (a, b) order: range partition by a.
    auto review_sorted = mpi::route_by_owner(comm, std::span<const ScoredPair>(review),
                                             [&](const ScoredPair& s) { return range_owner(s.a, ranks); }, route);
    std::sort(review_sorted.begin(), review_sorted.end(), [](const ScoredPair& x, const ScoredPair& y) {
      return x.a != y.a ? x.a < y.a : (x.b != y.b ? x.b < y.b : x.pass < y.pass);
    });
    review_sorted.erase(std::unique(review_sorted.begin(), review_sorted.end(),
                                    [](const ScoredPair& x, const ScoredPair& y) { return x.a == y.a && x.b == y.b; }),
                        review_sorted.end());
    LinksOutput out;
    out.staging = options.staging;
    out.generation = generation;
    out.threshold = options.threshold;
    out.first_row = first_row;
    out.row_label = std::move(row_label);  // not needed after the output
    out.row_id = std::move(row_id);
    out.row_lineage = std::move(row_lineage);
    for (std::size_t i = 0; i < clusters.size(); ++i) {
      out.cluster_label.push_back(clusters[i].label);
      out.cluster_variants.push_back(clusters[i].variants);
      out.cluster_rows.push_back(clusters[i].rows);
      out.cluster_id.push_back(cluster_id[i]);
    }
    for (const auto& s : review_sorted) {
      out.pair_a_row.push_back(s.a_row);
      out.pair_b_row.push_back(s.b_row);
      out.pair_pattern.push_back(s.pattern);
      out.pair_weight.push_back(s.weight);
      out.pair_pass.push_back(s.pass);
      out.pair_accepted.push_back(s.weight >= options.threshold ? 1 : 0);
    }
    out.space = &space;
    out.em = &em;
    for (const auto& r : em_runs) out.em_trace.push_back({r.run, r.iteration});
    out.passes = options.passes;
    out.pass_pairs = pass_pairs_total;
    out.pass_blocks = pass_blocks_total;
    out.pass_capped = pass_capped_total;
    out.pass_duplicates = pass_dup_total;
    // Weight histogram of the candidate pairs (without TF adjustment), from the summed counts.
    out.histogram = link::weight_histogram(space, candidate_total, weights, -40.0, 40.0, 80);
    out.changes = changes;
    write_links(comm, options.out, out);
  }
  return summary;
}

}  // namespace nayose::linkage
