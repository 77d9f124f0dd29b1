#include "kernels/link/registry_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace nayose::link {
namespace {

ResearchId rid(std::uint8_t n) {
  ResearchId id;
  id.bytes[0] = 0xA0;
  id.bytes[15] = n;
  return id;
}

// Registry rows for "old cluster of `id` had these record keys".
void add_old(std::vector<RegistryEntry>& registry, ResearchId id, std::vector<std::uint64_t> keys) {
  for (const std::uint64_t k : keys) registry.push_back(RegistryEntry{k, id});
  std::sort(registry.begin(), registry.end(),
            [](const RegistryEntry& x, const RegistryEntry& y) { return x.record_key < y.record_key; });
}

ClusterMembers cluster(std::vector<std::uint64_t> members) {
  std::sort(members.begin(), members.end());
  return ClusterMembers{members.front(), members};
}

ChangeEntry entry(ChangeKind kind, std::uint64_t label, std::vector<ResearchId> old_ids, bool new_id,
                  std::uint64_t records, std::uint64_t moved) {
  return ChangeEntry{kind, std::move(old_ids), label, new_id, records, moved};
}

TEST(RegistryPolicy, IdenticalRerunKeepsEveryId) {
  std::vector<RegistryEntry> registry;
  add_old(registry, rid(3), {1, 2, 3});
  add_old(registry, rid(1), {4});
  add_old(registry, rid(2), {5, 6});
  const std::vector<ClusterMembers> clusters{cluster({1, 2, 3}), cluster({4}), cluster({5, 6})};
  const CarryOverResult r = carry_over_research_ids(clusters, registry);
  EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{1, rid(3), false}, {4, rid(1), false}, {5, rid(2), false}}));
  EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::kept, 1, {rid(3)}, false, 3, 0),
                                                 entry(ChangeKind::kept, 4, {rid(1)}, false, 1, 0),
                                                 entry(ChangeKind::kept, 5, {rid(2)}, false, 2, 0)}));
  EXPECT_EQ(r.counts, (ChangeCounts{3, 0, 0, 0, 0, 0, 3, 0, 0}));
}

TEST(RegistryPolicy, NewRecordJoiningAClusterKeepsItsId) {
  std::vector<RegistryEntry> registry;
  add_old(registry, rid(7), {10, 20});
  const std::vector<ClusterMembers> clusters{cluster({10, 20, 30}), cluster({40, 41})};
  const CarryOverResult r = carry_over_research_ids(clusters, registry);
  EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{10, rid(7), false}, {40, std::nullopt, true}}));
  EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::kept, 10, {rid(7)}, false, 3, 0),
                                                 entry(ChangeKind::created, 40, {}, true, 2, 0)}));
  EXPECT_EQ(r.counts.kept, 1U);
  EXPECT_EQ(r.counts.created, 1U);
  EXPECT_EQ(r.counts.new_ids_needed, 1U);
}

TEST(RegistryPolicy, MergeKeepsTheLargerShare) {
  std::vector<RegistryEntry> registry;
  add_old(registry, rid(1), {1, 2});     // smaller ID, smaller share
  add_old(registry, rid(9), {3, 4, 5});  // larger share wins
  const std::vector<ClusterMembers> clusters{cluster({1, 2, 3, 4, 5, 6})};
  const CarryOverResult r = carry_over_research_ids(clusters, registry);
  EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{1, rid(9), false}}));
  EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::merged, 1, {rid(9), rid(1)}, false, 6, 2)}));
  EXPECT_EQ(r.counts.merged, 1U);
  EXPECT_EQ(r.counts.ids_kept, 1U);
  EXPECT_EQ(r.counts.ids_retired, 1U);
  EXPECT_EQ(r.counts.retired, 0U);
}

TEST(RegistryPolicy, SplitLargerPartKeepsTheId) {
  std::vector<RegistryEntry> registry;
  add_old(registry, rid(5), {1, 2, 3, 4, 5});
  const std::vector<ClusterMembers> clusters{cluster({4, 5}), cluster({1, 2, 3})};
  const CarryOverResult r = carry_over_research_ids(clusters, registry);
  EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{1, rid(5), false}, {4, std::nullopt, true}}));
  EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::split, 1, {rid(5)}, false, 3, 2),
                                                 entry(ChangeKind::split, 4, {rid(5)}, true, 2, 2)}));
  EXPECT_EQ(r.counts.split, 2U);
  EXPECT_EQ(r.counts.ids_split, 1U);
  EXPECT_EQ(r.counts.new_ids_needed, 1U);
}

TEST(RegistryPolicy, TiesFollowTheDocumentedRules) {
  {  // Equal shares inside one cluster: the smaller ID bytes is kept.
    std::vector<RegistryEntry> registry;
    add_old(registry, rid(8), {1, 2});
    add_old(registry, rid(4), {3, 4});
    const CarryOverResult r = carry_over_research_ids(std::vector{cluster({1, 2, 3, 4})}, registry);
    EXPECT_EQ(r.decisions.at(0).kept, rid(4));
    EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::merged, 1, {rid(4), rid(8)}, false, 4, 2)}));
  }
  {  // Equal halves of one ID: the cluster with the smaller label keeps it (not the first given, nor
     // the one holding the smallest index).
    std::vector<RegistryEntry> registry;
    add_old(registry, rid(2), {10, 11, 20, 21});
    const std::vector<ClusterMembers> clusters{ClusterMembers{50, {10, 11}}, ClusterMembers{5, {20, 21}}};
    const CarryOverResult r = carry_over_research_ids(clusters, registry);
    EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{5, rid(2), false}, {50, std::nullopt, true}}));
  }
  {  // One pass, no hand-on: cluster 1 holds both IDs and keeps rid(1) (3 > 2); rid(2) is retired
     // although cluster 100 got its other record.
    std::vector<RegistryEntry> registry;
    add_old(registry, rid(1), {1, 2, 3});
    add_old(registry, rid(2), {4, 5, 100});
    const std::vector<ClusterMembers> clusters{cluster({1, 2, 3, 4, 5}), cluster({100})};
    const CarryOverResult r = carry_over_research_ids(clusters, registry);
    EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{1, rid(1), false}, {100, std::nullopt, true}}));
    EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::merged, 1, {rid(1), rid(2)}, false, 5, 2),
                                                   entry(ChangeKind::split, 1, {rid(2)}, false, 5, 2),
                                                   entry(ChangeKind::split, 100, {rid(2)}, true, 1, 1)}));
    EXPECT_EQ(r.counts.ids_retired, 1U);
    EXPECT_EQ(r.counts.ids_split, 1U);
  }
}

TEST(RegistryPolicy, DeletedRecordsAndRetiredIds) {
  std::vector<RegistryEntry> registry;
  add_old(registry, rid(1), {1, 2, 3});
  add_old(registry, rid(2), {7, 8});  // both records deleted
  const std::vector<ClusterMembers> clusters{cluster({1, 2})};  // record 3 deleted: still kept
  const CarryOverResult r = carry_over_research_ids(clusters, registry);
  EXPECT_EQ(r.decisions, (std::vector<ClusterDecision>{{1, rid(1), false}}));
  EXPECT_EQ(r.changes, (std::vector<ChangeEntry>{entry(ChangeKind::kept, 1, {rid(1)}, false, 2, 0),
                                                 entry(ChangeKind::retired, kNoCluster, {rid(2)}, false, 0, 2)}));
  EXPECT_EQ(r.counts.retired, 1U);
  // Empty inputs.
  const CarryOverResult empty = carry_over_research_ids({}, {});
  EXPECT_TRUE(empty.decisions.empty());
  EXPECT_TRUE(empty.changes.empty());
}

TEST(RegistryPolicy, RejectsMalformedInput) {
  std::vector<RegistryEntry> registry{{2, rid(1)}, {1, rid(1)}};
  EXPECT_THROW(carry_over_research_ids(std::vector{cluster({1})}, registry), std::invalid_argument);
  registry = {{1, rid(1)}, {1, rid(2)}};
  EXPECT_THROW(carry_over_research_ids(std::vector{cluster({1})}, registry), std::invalid_argument);
  const std::vector<ClusterMembers> unsorted{ClusterMembers{1, {3, 1}}};
  EXPECT_THROW(carry_over_research_ids(unsorted, {}), std::invalid_argument);
  EXPECT_THROW(carry_over_research_ids(std::vector{cluster({1, 2}), cluster({2, 3})}, {}), std::invalid_argument);
  const std::vector<ClusterMembers> same_label{ClusterMembers{1, {1}}, ClusterMembers{1, {2}}};
  EXPECT_THROW(carry_over_research_ids(same_label, {}), std::invalid_argument);
}

// Slow oracle of THE RULE: maps keyed by label and ID.
std::vector<ClusterDecision> reference_decisions(const std::vector<ClusterMembers>& clusters,
                                                 const std::vector<RegistryEntry>& registry) {
  std::map<std::uint64_t, ResearchId> old_id;
  for (const RegistryEntry& e : registry) old_id[e.record_key] = e.id;
  std::map<std::uint64_t, std::map<ResearchId, std::uint64_t>> share;  // label -> id -> share
  for (const ClusterMembers& c : clusters) {
    share[c.label];
    for (const std::uint64_t k : c.members) {
      if (const auto it = old_id.find(k); it != old_id.end()) ++share[c.label][it->second];
    }
  }
  std::map<ResearchId, std::uint64_t> holder;
  for (const auto& [label, ids] : share) {
    for (const auto& [id, n] : ids) {
      const auto it = holder.find(id);
      if (it == holder.end() || n > share[it->second][id] || (n == share[it->second][id] && label < it->second)) {
        holder[id] = label;
      }
    }
  }
  std::vector<ClusterDecision> out;
  for (const auto& [label, ids] : share) {
    ClusterDecision d{label, std::nullopt, true};
    std::uint64_t best = 0;
    for (const auto& [id, n] : ids) {
      if (holder[id] == label && (n > best || (n == best && d.kept && id < *d.kept))) {
        d.kept = id;
        best = n;
      }
    }
    d.new_id_needed = !d.kept;
    out.push_back(d);
  }
  return out;
}

TEST(RegistryPolicy, MatchesOracleAndIgnoresInputOrder) {
  std::mt19937_64 rng(4242);
  for (int round = 0; round < 200; ++round) {
    const std::uint64_t n = 1 + rng() % 60;
    const std::uint64_t id_count = 1 + rng() % 10;
    const std::uint64_t cluster_count = 1 + rng() % 15;
    std::vector<RegistryEntry> registry;
    std::map<std::uint64_t, std::vector<std::uint64_t>> groups;
    for (std::uint64_t key = 1; key <= n; ++key) {
      if (rng() % 4 != 0) registry.push_back({key * 3, rid(static_cast<std::uint8_t>(rng() % id_count))});
      if (rng() % 8 != 0) groups[rng() % cluster_count].push_back(key * 3);  // else deleted
    }
    std::vector<ClusterMembers> clusters;
    for (auto& [g, members] : groups) clusters.push_back(cluster(members));
    SCOPED_TRACE(round);
    const CarryOverResult r = carry_over_research_ids(clusters, registry);
    EXPECT_EQ(r.decisions, reference_decisions(clusters, registry));

    // Each old ID is kept at most once; counts agree with the entries.
    std::set<ResearchId> kept;
    for (const ClusterDecision& d : r.decisions) {
      EXPECT_EQ(d.new_id_needed, !d.kept.has_value());
      if (d.kept) {
        EXPECT_TRUE(kept.insert(*d.kept).second);
      }
    }
    std::map<ChangeKind, std::uint64_t> by_kind;
    std::set<std::uint64_t> labels_logged;
    for (const ChangeEntry& e : r.changes) {
      ++by_kind[e.kind];
      labels_logged.insert(e.new_cluster_label);
    }
    EXPECT_EQ(by_kind[ChangeKind::kept], r.counts.kept);
    EXPECT_EQ(by_kind[ChangeKind::created], r.counts.created);
    EXPECT_EQ(by_kind[ChangeKind::merged], r.counts.merged);
    EXPECT_EQ(by_kind[ChangeKind::split], r.counts.split);
    EXPECT_EQ(by_kind[ChangeKind::retired], r.counts.retired);
    EXPECT_EQ(r.counts.ids_kept, kept.size());
    for (const ClusterDecision& d : r.decisions) EXPECT_TRUE(labels_logged.count(d.label));

    std::vector<ClusterMembers> shuffled = clusters;
    for (int s = 0; s < 3; ++s) {
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      const CarryOverResult again = carry_over_research_ids(shuffled, registry);
      EXPECT_EQ(again.decisions, r.decisions);
      EXPECT_EQ(again.changes, r.changes);
      EXPECT_EQ(again.counts, r.counts);
    }
  }
}

}  // namespace
}  // namespace nayose::link
