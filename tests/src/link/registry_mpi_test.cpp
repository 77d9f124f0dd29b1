// carry_over_distributed against the sequential kernel (kernels/link/registry_policy.hpp) on the
// gathered input: decisions, the whole change log (order and every field) and the counts, for
// seeded random scenarios at every rank count, plus hand-checked cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "kernels/core/stable_hash.hpp"
#include "src/common/error.hpp"
#include "src/h5/columns.hpp"
#include "src/link/registry.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/route_by_key.hpp"

namespace nayose::linkage {
namespace {

using link::ChangeCounts;
using link::ChangeEntry;
using link::ChangeKind;
using link::ClusterDecision;
using link::ClusterMembers;
using link::RegistryEntry;
using link::ResearchId;
using mpi::Communicator;

ResearchId rid(std::uint8_t prefix, std::uint8_t n) {
  ResearchId id;
  id.bytes[0] = prefix;
  id.bytes[15] = n;
  return id;
}

struct Scenario {
  std::vector<RegistryEntry> registry;  // any order, duplicate keys allowed
  std::vector<MemberRow> members;       // any order, duplicates allowed
  std::vector<std::uint64_t> labels;    // every cluster, ascending
  std::uint64_t spread = 0;             // how rows are dealt to ranks
};

// linker.cpp's range_owner(label, ranks) (high 64 bits of label * ranks), copied to check that
// mpi::owner_rank is the same range partition.
int range_owner_copy(std::uint64_t label, int ranks) {
  const std::uint64_t r = static_cast<std::uint64_t>(ranks);
  const std::uint64_t high = (label >> 32) * r;
  const std::uint64_t low = (label & 0xFFFFFFFFULL) * r;
  return static_cast<int>((high + (low >> 32)) >> 32);
}
int cluster_rank(std::uint64_t label, int ranks) {
  return mpi::owner_rank(label, ranks);
}

// Rows dealt unevenly: all to the last rank, by hash, or skewed towards the last rank.
int row_rank(std::uint64_t spread, std::size_t i, int ranks) {
  const std::uint64_t h = kernels::splitmix64(spread * 1000003 + i);
  const auto p = static_cast<std::uint64_t>(ranks);
  switch (spread % 3) {
    case 0:
      return ranks - 1;
    case 1:
      return static_cast<int>(h % p);
    default:
      return static_cast<int>(std::min<std::uint64_t>(h % 8, p - 1));
  }
}

struct Local {
  std::vector<RegistryEntry> registry;
  std::vector<MemberRow> members;
  std::vector<std::uint64_t> labels;
};

Local slice_of(const Scenario& s, int rank, int ranks) {
  Local l;
  for (std::size_t i = 0; i < s.registry.size(); ++i) {
    if (row_rank(s.spread, i, ranks) == rank) l.registry.push_back(s.registry[i]);
  }
  for (std::size_t i = 0; i < s.members.size(); ++i) {
    if (row_rank(s.spread + 7, i, ranks) == rank) l.members.push_back(s.members[i]);
  }
  for (const std::uint64_t label : s.labels) {
    if (cluster_rank(label, ranks) == rank) l.labels.push_back(label);
  }
  return l;
}

// The kernel on the gathered input, deduplicated as documented in src/link/registry.hpp.
link::CarryOverResult oracle(const Scenario& s) {
  std::vector<RegistryEntry> registry = s.registry;
  std::sort(registry.begin(), registry.end(), [](const RegistryEntry& x, const RegistryEntry& y) {
    return std::tie(x.record_key, x.id) < std::tie(y.record_key, y.id);
  });
  registry.erase(std::unique(registry.begin(), registry.end(),
                             [](const auto& x, const auto& y) { return x.record_key == y.record_key; }),
                 registry.end());
  std::vector<MemberRow> members = s.members;
  std::sort(members.begin(), members.end(), [](const MemberRow& x, const MemberRow& y) {
    return std::tie(x.record_key, x.label) < std::tie(y.record_key, y.label);
  });
  members.erase(std::unique(members.begin(), members.end(),
                            [](const auto& x, const auto& y) { return x.record_key == y.record_key; }),
                members.end());
  std::map<std::uint64_t, std::vector<std::uint64_t>> by_label;
  for (const std::uint64_t label : s.labels) by_label[label];
  for (const MemberRow& m : members) by_label.at(m.label).push_back(m.record_key);
  std::vector<ClusterMembers> clusters;
  for (auto& [label, keys] : by_label) clusters.push_back({label, std::move(keys)});
  return link::carry_over_research_ids(clusters, registry);
}

// ---- gathering the distributed result on rank 0 --------------------------------------------------
void put(std::string& s, std::uint64_t v) {
  s.append(reinterpret_cast<const char*>(&v), 8);
}
std::uint64_t get(const std::string& s, std::size_t& at) {
  std::uint64_t v = 0;
  std::memcpy(&v, s.data() + at, 8);
  at += 8;
  return v;
}
ResearchId get_id(const std::string& s, std::size_t& at) {
  ResearchId id;
  std::memcpy(id.bytes.data(), s.data() + at, 16);
  at += 16;
  return id;
}
void put_id(std::string& s, const ResearchId& id) {
  s.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
}

std::vector<ClusterDecision> gather_decisions(const Communicator& comm,
                                              const std::vector<ClusterDecision>& local) {
  std::string bytes;
  for (const auto& d : local) {
    put(bytes, d.label);
    put(bytes, d.kept ? 1U : 0U);
    put_id(bytes, d.kept.value_or(ResearchId{}));
    put(bytes, d.new_id_needed ? 1U : 0U);
  }
  std::vector<ClusterDecision> all;
  for (const auto& part : comm.gather_to_root(bytes)) {
    for (std::size_t at = 0; at < part.size();) {
      ClusterDecision d;
      d.label = get(part, at);
      const bool kept = get(part, at) != 0;
      const ResearchId id = get_id(part, at);
      if (kept) d.kept = id;
      d.new_id_needed = get(part, at) != 0;
      all.push_back(d);
    }
  }
  return all;
}

std::vector<ChangeEntry> gather_changes(const Communicator& comm, const std::vector<ChangeEntry>& local) {
  std::string bytes;
  for (const auto& e : local) {
    put(bytes, static_cast<std::uint64_t>(e.kind));
    put(bytes, e.new_cluster_label);
    put(bytes, e.new_id_needed ? 1U : 0U);
    put(bytes, e.records);
    put(bytes, e.records_moved);
    put(bytes, e.old_ids.size());
    for (const auto& id : e.old_ids) put_id(bytes, id);
  }
  std::vector<ChangeEntry> all;
  for (const auto& part : comm.gather_to_root(bytes)) {
    for (std::size_t at = 0; at < part.size();) {
      ChangeEntry e;
      e.kind = static_cast<ChangeKind>(get(part, at));
      e.new_cluster_label = get(part, at);
      e.new_id_needed = get(part, at) != 0;
      e.records = get(part, at);
      e.records_moved = get(part, at);
      const std::uint64_t n = get(part, at);
      for (std::uint64_t k = 0; k < n; ++k) e.old_ids.push_back(get_id(part, at));
      all.push_back(e);
    }
  }
  return all;
}

struct Gathered {
  std::vector<ClusterDecision> decisions;  // rank 0 only
  std::vector<ChangeEntry> changes;        // rank 0 only
  ChangeCounts counts;
};

// Runs the distributed carry-over on this rank's slice; checks the per-rank contracts (decisions
// parallel to the rank's clusters, change-log slice = h5::slice_for_rank) and gathers.
Gathered run(const Communicator& comm, const Scenario& s, std::uint64_t route_mib = 1) {
  const Local l = slice_of(s, comm.rank(), comm.size());
  const DistributedCarryOver r = carry_over_distributed(comm, l.registry, l.members, l.labels, route_mib);
  EXPECT_EQ(r.decisions.size(), l.labels.size());
  for (std::size_t k = 0; k < std::min(r.decisions.size(), l.labels.size()); ++k) {
    EXPECT_EQ(r.decisions[k].label, l.labels[k]);
  }
  const auto total = comm.allreduce<std::uint64_t>(r.changes.size(), mpi::Op::sum);
  EXPECT_EQ(r.changes.size(), h5::slice_for_rank(total, comm.rank(), comm.size()).count);
  return Gathered{gather_decisions(comm, r.decisions), gather_changes(comm, r.changes), r.counts};
}

// Small key, ID and label spaces, so that merges, splits, deletions, new records, ties in share and
// in ID, and duplicate keys all occur; some scenarios have no registry, no clusters, or all clusters
// on one rank.
Scenario random_scenario(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto below = [&](std::uint64_t n) { return n == 0 ? 0 : rng() % n; };
  Scenario s;
  s.spread = seed;
  const std::uint64_t keys = 1 + below(60);
  const std::uint64_t cluster_count = below(13);
  const std::uint64_t id_count = 1 + below(8);
  const bool no_registry = below(8) == 0;
  const bool narrow_labels = below(4) == 0;  // all clusters in one rank's range
  std::vector<ResearchId> ids;
  const std::uint8_t prefixes[] = {0x00, 0x01, 0x7F, 0x80, 0xFF};
  for (std::uint64_t i = 0; i < id_count; ++i) {
    ids.push_back(rid(prefixes[below(5)], static_cast<std::uint8_t>(below(4))));
  }
  while (s.labels.size() < cluster_count) {
    const std::uint64_t label = below(20) == 0 ? link::kNoCluster : (narrow_labels ? below(1000) : rng());
    if (std::find(s.labels.begin(), s.labels.end(), label) == s.labels.end()) s.labels.push_back(label);
  }
  std::sort(s.labels.begin(), s.labels.end());
  const std::uint64_t member_share = below(11);    // in tenths
  const std::uint64_t registry_share = below(11);  // in tenths
  const std::uint64_t stickiness = below(11);  // tenths of keys following the previous key's cluster and ID
  std::uint64_t label = s.labels.empty() ? 0 : s.labels[below(s.labels.size())];
  ResearchId id = ids[below(ids.size())];
  for (std::uint64_t key = 0; key < keys; ++key) {
    if (below(10) >= stickiness) {
      if (!s.labels.empty()) label = s.labels[below(s.labels.size())];
      id = ids[below(ids.size())];
    }
    const std::uint64_t record_key = key * 0x9E3779B97F4A7C15ULL;
    if (!s.labels.empty() && below(10) < member_share) {
      s.members.push_back({record_key, label});
      if (below(12) == 0) s.members.push_back({record_key, label});  // duplicate row
      if (below(15) == 0)
        s.members.push_back({record_key, s.labels[below(s.labels.size())]});  // in two clusters
    }
    if (!no_registry && below(10) < registry_share) {
      s.registry.push_back({record_key, id});
      if (below(12) == 0) s.registry.push_back({record_key, ids[below(ids.size())]});  // registered twice
    }
  }
  std::shuffle(s.registry.begin(), s.registry.end(), rng);
  std::shuffle(s.members.begin(), s.members.end(), rng);
  return s;
}

TEST(RegistryDistributed, RangeOwnerIsMpiOwnerRank) {
  std::mt19937_64 rng(5);
  for (int ranks = 1; ranks <= 7; ++ranks) {
    for (int i = 0; i < 2000; ++i) {
      const std::uint64_t label = i < 3 ? (i == 0 ? 0 : (i == 1 ? ~0ULL : ~0ULL / 2)) : rng();
      ASSERT_EQ(cluster_rank(label, ranks), range_owner_copy(label, ranks)) << label << " " << ranks;
    }
  }
}

TEST(RegistryDistributed, MatchesTheKernelOnRandomScenarios) {
  const auto comm = Communicator::world();
  ChangeCounts seen;  // summed over scenarios: every kind of entry occurred
  std::uint64_t empty_clusters = 0;
  for (std::uint64_t seed = 1; seed <= 1500; ++seed) {
    SCOPED_TRACE("scenario seed " + std::to_string(seed));
    const Scenario s = random_scenario(seed);
    const auto expected = oracle(s);
    const Gathered got =
        run(comm, s, seed % 10 == 0 ? 0U : 1U);  // 0 MiB: one record per destination per round
    EXPECT_EQ(got.counts, expected.counts);
    bool same = got.counts == expected.counts;
    if (comm.is_root()) {
      EXPECT_EQ(got.decisions, expected.decisions);
      EXPECT_EQ(got.changes, expected.changes);
      same = same && got.decisions == expected.decisions && got.changes == expected.changes;
    }
    if (comm.allreduce<std::uint64_t>(same ? 0U : 1U, mpi::Op::max) != 0)
      break;  // report the first failing scenario
    seen.kept += expected.counts.kept;
    seen.created += expected.counts.created;
    seen.merged += expected.counts.merged;
    seen.split += expected.counts.split;
    seen.retired += expected.counts.retired;
    seen.ids_retired += expected.counts.ids_retired;
    for (const auto& c : expected.changes) {
      if (c.kind == ChangeKind::created && c.records == 0) ++empty_clusters;
    }
  }
  EXPECT_GT(seen.kept, 0U);
  EXPECT_GT(seen.created, 0U);
  EXPECT_GT(seen.merged, 0U);
  EXPECT_GT(seen.split, 0U);
  EXPECT_GT(seen.retired, 0U);
  EXPECT_GT(seen.ids_retired, 0U);
  EXPECT_GT(empty_clusters, 0U);
}

// Hand-checked cases. Labels far apart, so that the clusters sit on different ranks.
constexpr std::uint64_t kLow = 0x1000000000000000ULL;
constexpr std::uint64_t kHigh = 0xF000000000000000ULL;

Scenario scenario(std::vector<RegistryEntry> registry,
                  std::vector<std::pair<std::uint64_t, std::vector<std::uint64_t>>> clusters,
                  std::uint64_t spread) {
  Scenario s;
  s.registry = std::move(registry);
  for (const auto& [label, keys] : clusters) {
    s.labels.push_back(label);
    for (const std::uint64_t k : keys) s.members.push_back({k, label});
  }
  std::sort(s.labels.begin(), s.labels.end());
  s.spread = spread;
  return s;
}

ChangeEntry entry(ChangeKind kind, std::uint64_t label, std::vector<ResearchId> old_ids, bool new_id,
                  std::uint64_t records, std::uint64_t moved) {
  return ChangeEntry{kind, std::move(old_ids), label, new_id, records, moved};
}

TEST(RegistryDistributed, MergeKeepsTheLargerShare) {
  const auto comm = Communicator::world();
  // rid(1) on keys 1, 2; rid(9) on 3, 4, 5 (larger share); one cluster of 1..6.
  const Scenario s = scenario(
      {{1, rid(0x80, 1)}, {2, rid(0x80, 1)}, {3, rid(0x00, 9)}, {4, rid(0x00, 9)}, {5, rid(0x00, 9)}},
      {{kHigh, {1, 2, 3, 4, 5, 6}}}, 1);
  const Gathered got = run(comm, s);
  if (comm.is_root()) {
    EXPECT_EQ(got.decisions, (std::vector<ClusterDecision>{{kHigh, rid(0x00, 9), false}}));
    EXPECT_EQ(got.changes, (std::vector<ChangeEntry>{
                               entry(ChangeKind::merged, kHigh, {rid(0x00, 9), rid(0x80, 1)}, false, 6, 2)}));
  }
  EXPECT_EQ(got.counts, (ChangeCounts{0, 0, 1, 0, 0, 0, 1, 1, 0}));
}

TEST(RegistryDistributed, SplitLargerPartKeepsTheId) {
  const auto comm = Communicator::world();
  // rid(5) on 1..5; the smaller part {4, 5} has the smaller label, the larger part {1, 2, 3} keeps it.
  std::vector<RegistryEntry> registry;
  for (std::uint64_t k = 1; k <= 5; ++k) registry.push_back({k, rid(0x40, 5)});
  const Scenario s = scenario(registry, {{kLow, {4, 5}}, {kHigh, {1, 2, 3}}}, 2);
  const Gathered got = run(comm, s);
  if (comm.is_root()) {
    EXPECT_EQ(got.decisions,
              (std::vector<ClusterDecision>{{kLow, std::nullopt, true}, {kHigh, rid(0x40, 5), false}}));
    EXPECT_EQ(got.changes,
              (std::vector<ChangeEntry>{entry(ChangeKind::split, kLow, {rid(0x40, 5)}, true, 2, 2),
                                        entry(ChangeKind::split, kHigh, {rid(0x40, 5)}, false, 3, 2)}));
  }
  EXPECT_EQ(got.counts, (ChangeCounts{0, 0, 0, 2, 0, 1, 1, 0, 1}));
}

TEST(RegistryDistributed, DeletedRecordsRetireTheirIdsLast) {
  const auto comm = Communicator::world();
  // rid(0xF0, 2) on 20, 21 and rid(0x00, 3) on 1, 2: all deleted. Key 3 is registered twice and
  // counts under the smaller ID, rid(0x00, 4), which the cluster of {3, 10} keeps.
  const Scenario s = scenario({{20, rid(0xF0, 2)},
                               {3, rid(0x70, 7)},
                               {1, rid(0x00, 3)},
                               {21, rid(0xF0, 2)},
                               {2, rid(0x00, 3)},
                               {3, rid(0x00, 4)}},
                              {{kHigh, {3, 10}}, {kLow, {30}}}, 3);
  const Gathered got = run(comm, s);
  if (comm.is_root()) {
    EXPECT_EQ(got.decisions,
              (std::vector<ClusterDecision>{{kLow, std::nullopt, true}, {kHigh, rid(0x00, 4), false}}));
    EXPECT_EQ(got.changes, (std::vector<ChangeEntry>{
                               entry(ChangeKind::created, kLow, {}, true, 1, 0),
                               entry(ChangeKind::kept, kHigh, {rid(0x00, 4)}, false, 2, 0),
                               entry(ChangeKind::retired, link::kNoCluster, {rid(0x00, 3)}, false, 0, 2),
                               entry(ChangeKind::retired, link::kNoCluster, {rid(0xF0, 2)}, false, 0, 2)}));
  }
  EXPECT_EQ(got.counts, (ChangeCounts{1, 1, 0, 0, 2, 0, 1, 0, 1}));
}

TEST(RegistryDistributed, AMemberOfNoClusterFailsOnEveryRank) {
  const auto comm = Communicator::world();
  const std::vector<MemberRow> members{{static_cast<std::uint64_t>(comm.rank()), 77}};
  EXPECT_THROW(carry_over_distributed(comm, {}, members, {}, 1), CollectiveFailure);
}

}  // namespace
}  // namespace nayose::linkage
