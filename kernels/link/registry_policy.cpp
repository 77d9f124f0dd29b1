#include "kernels/link/registry_policy.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace nayose::link {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct Vote {  // share of old ID `id` (index into the sorted distinct IDs) in cluster `cluster`
  std::uint32_t cluster;
  std::uint32_t id;
  std::uint64_t share;
};

}  // namespace

CarryOverResult carry_over_research_ids(std::span<const ClusterMembers> clusters,
                                        std::span<const RegistryEntry> old_registry) {
  if (clusters.size() >= kNone) throw std::invalid_argument("carry_over_research_ids: too many clusters");
  const auto cluster_count = static_cast<std::uint32_t>(clusters.size());

  // Clusters in ascending label order; every other array is indexed by this rank.
  std::vector<std::uint32_t> by_label(cluster_count);
  for (std::uint32_t c = 0; c < cluster_count; ++c) by_label[c] = c;
  std::sort(by_label.begin(), by_label.end(),
            [&](std::uint32_t x, std::uint32_t y) { return clusters[x].label < clusters[y].label; });
  for (std::uint32_t r = 1; r < cluster_count; ++r) {
    if (clusters[by_label[r - 1]].label == clusters[by_label[r]].label) {
      throw std::invalid_argument("carry_over_research_ids: two clusters share a label");
    }
  }

  std::vector<std::pair<std::uint64_t, std::uint32_t>> member_cluster;  // (record key, cluster rank)
  for (std::uint32_t r = 0; r < cluster_count; ++r) {
    const std::vector<std::uint64_t>& members = clusters[by_label[r]].members;
    if (std::adjacent_find(members.begin(), members.end(), std::greater_equal<>{}) != members.end()) {
      throw std::invalid_argument("carry_over_research_ids: cluster members not strictly ascending");
    }
    for (const std::uint64_t key : members) member_cluster.emplace_back(key, r);
  }
  std::sort(member_cluster.begin(), member_cluster.end());
  if (std::adjacent_find(member_cluster.begin(), member_cluster.end(), [](const auto& x, const auto& y) {
        return x.first == y.first;
      }) != member_cluster.end()) {
    throw std::invalid_argument("carry_over_research_ids: a record key is in two clusters");
  }
  if (std::adjacent_find(old_registry.begin(), old_registry.end(), [](const RegistryEntry& x, const RegistryEntry& y) {
        return x.record_key >= y.record_key;
      }) != old_registry.end()) {
    throw std::invalid_argument("carry_over_research_ids: old registry not strictly ascending by record key");
  }

  // Distinct old IDs, ascending; per ID its old record count and still-present record count.
  std::vector<ResearchId> ids;
  ids.reserve(old_registry.size());
  for (const RegistryEntry& e : old_registry) ids.push_back(e.id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const auto id_index = [&](const ResearchId& id) {
    return static_cast<std::uint32_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  std::vector<std::uint64_t> old_records(ids.size(), 0);
  std::vector<std::uint64_t> present(ids.size(), 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ballots;  // (cluster rank, id index)
  {
    auto m = member_cluster.begin();
    for (const RegistryEntry& e : old_registry) {
      const std::uint32_t id = id_index(e.id);
      ++old_records[id];
      while (m != member_cluster.end() && m->first < e.record_key) ++m;
      if (m != member_cluster.end() && m->first == e.record_key) {
        ++present[id];
        ballots.emplace_back(m->second, id);
      }
    }
  }
  std::sort(ballots.begin(), ballots.end());
  std::vector<Vote> votes;  // ascending (cluster rank, id)
  for (const auto& [cluster, id] : ballots) {
    if (!votes.empty() && votes.back().cluster == cluster && votes.back().id == id) {
      ++votes.back().share;
    } else {
      votes.push_back(Vote{cluster, id, 1});
    }
  }

  // Holder of each ID: largest share, ties the smaller label (= smaller rank; votes ascend by rank,
  // so a strict > keeps the first). Clusters per ID, for splits.
  std::vector<std::uint32_t> holder(ids.size(), kNone);
  std::vector<std::uint64_t> holder_share(ids.size(), 0);
  std::vector<std::uint32_t> clusters_of(ids.size(), 0);
  for (const Vote& v : votes) {
    ++clusters_of[v.id];
    if (v.share > holder_share[v.id]) {
      holder[v.id] = v.cluster;
      holder_share[v.id] = v.share;
    }
  }
  // Kept ID of each cluster: largest share among held IDs, ties the smaller ID (= smaller index;
  // votes ascend by id within a cluster). Registered member count and distinct old IDs per cluster.
  std::vector<std::uint32_t> kept(cluster_count, kNone);
  std::vector<std::uint64_t> kept_share(cluster_count, 0);
  std::vector<std::uint64_t> registered(cluster_count, 0);
  std::vector<std::uint32_t> distinct_ids(cluster_count, 0);
  std::vector<bool> id_kept(ids.size(), false);
  for (const Vote& v : votes) {
    registered[v.cluster] += v.share;
    ++distinct_ids[v.cluster];
    if (holder[v.id] == v.cluster && v.share > kept_share[v.cluster]) {
      kept[v.cluster] = v.id;
      kept_share[v.cluster] = v.share;
    }
  }

  CarryOverResult out;
  out.decisions.resize(cluster_count);
  for (std::uint32_t r = 0; r < cluster_count; ++r) {
    ClusterDecision& d = out.decisions[r];
    d.label = clusters[by_label[r]].label;
    d.new_id_needed = kept[r] == kNone;
    if (!d.new_id_needed) {
      d.kept = ids[kept[r]];
      id_kept[kept[r]] = true;
    }
    out.counts.new_ids_needed += d.new_id_needed ? 1U : 0U;
  }

  const auto cluster_entry = [&](ChangeKind kind, std::uint32_t r) {
    ChangeEntry e;
    e.kind = kind;
    e.new_cluster_label = out.decisions[r].label;
    e.new_id_needed = out.decisions[r].new_id_needed;
    e.records = clusters[by_label[r]].members.size();
    return e;
  };
  auto v = votes.begin();
  for (std::uint32_t r = 0; r < cluster_count; ++r) {
    const auto first = v;
    while (v != votes.end() && v->cluster == r) ++v;
    if (first == v) {
      out.changes.push_back(cluster_entry(ChangeKind::created, r));
      ++out.counts.created;
      continue;
    }
    if (distinct_ids[r] >= 2) {
      ChangeEntry e = cluster_entry(ChangeKind::merged, r);
      if (kept[r] != kNone) e.old_ids.push_back(ids[kept[r]]);
      for (auto w = first; w != v; ++w) {
        if (w->id != kept[r]) e.old_ids.push_back(ids[w->id]);
      }
      e.records_moved = registered[r] - kept_share[r];
      out.changes.push_back(std::move(e));
      ++out.counts.merged;
    } else if (clusters_of[first->id] == 1) {
      ChangeEntry e = cluster_entry(ChangeKind::kept, r);
      e.old_ids.push_back(ids[first->id]);
      out.changes.push_back(std::move(e));
      ++out.counts.kept;
    }
    for (auto w = first; w != v; ++w) {
      if (clusters_of[w->id] < 2) continue;
      ChangeEntry e = cluster_entry(ChangeKind::split, r);
      e.old_ids.push_back(ids[w->id]);
      e.records_moved = kept[r] == w->id ? present[w->id] - w->share : w->share;
      out.changes.push_back(std::move(e));
      ++out.counts.split;
    }
  }
  for (std::uint32_t id = 0; id < ids.size(); ++id) {
    if (present[id] == 0) {
      ChangeEntry e;
      e.kind = ChangeKind::retired;
      e.old_ids.push_back(ids[id]);
      e.new_cluster_label = kNoCluster;
      e.records_moved = old_records[id];
      out.changes.push_back(std::move(e));
      ++out.counts.retired;
    } else if (id_kept[id]) {
      ++out.counts.ids_kept;
    } else {
      ++out.counts.ids_retired;
    }
    if (clusters_of[id] >= 2) ++out.counts.ids_split;
  }
  std::stable_sort(out.changes.begin(), out.changes.end(), [](const ChangeEntry& x, const ChangeEntry& y) {
    const bool x_retired = x.kind == ChangeKind::retired;
    const bool y_retired = y.kind == ChangeKind::retired;
    return std::tie(x_retired, x.new_cluster_label, x.old_ids, x.kind) <
           std::tie(y_retired, y.new_cluster_label, y.old_ids, y.kind);
  });
  return out;
}

}  // namespace nayose::link
