#include "src/link/registry.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "kernels/core/stable_hash.hpp"
#include "src/common/bytes.hpp"
#include "src/h5/columns.hpp"
#include "src/mpi/failure.hpp"
#include "src/mpi/route_blobs.hpp"
#include "src/mpi/route_by_key.hpp"

namespace nayose::linkage {

namespace {

using link::ChangeEntry;
using link::ChangeKind;
using link::ResearchId;

struct IdTally {  // at the ID's owner: registry rows of `id`, and those of them that are members of `label`
  ResearchId id;
  std::uint64_t label;
  std::uint64_t votes;
  std::uint64_t old_records;
};
struct LabelTally {  // at the cluster's owner: member rows of the cluster
  std::uint64_t label;
  std::uint64_t members;
};
struct Candidate {  // at the cluster's owner: the cluster's share of an old ID, and that ID's facts
  std::uint64_t label;
  std::uint64_t share;
  std::uint64_t present;   // the ID's still-present records
  std::uint64_t clusters;  // clusters holding some of them
  std::uint64_t holder;    // 1: this cluster is the ID's holder
  ResearchId id;
};
struct LabelRange {  // a rank's clusters
  std::uint64_t first;
  std::uint64_t last;
  std::uint64_t count;
};
struct RetiredId {
  ResearchId id;
  std::uint64_t old_records;
};

// reduce_to_range is monotone, so this is a range partition of the IDs in byte order: the ranks'
// sorted IDs concatenated in rank order are sorted.
int id_owner(const ResearchId& id, int ranks) {
  std::uint64_t prefix = 0;
  for (std::size_t b = 0; b < 8; ++b) prefix = (prefix << 8) | id.bytes[b];
  return static_cast<int>(kernels::reduce_to_range(prefix, static_cast<std::uint32_t>(ranks)));
}

// Folds runs of equal elements (`same`) of a sorted vector into their first with `add`.
template <typename T, typename Same, typename Add>
void combine_sorted(std::vector<T>& v, Same&& same, Add&& add) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (out > 0 && same(v[out - 1], v[i])) {
      add(v[out - 1], v[i]);
    } else {
      v[out++] = v[i];
    }
  }
  v.resize(out);
}

// Change entry as a blob: [u64 position][u8 kind][u8 new_id_needed][u64 label][u64 records]
// [u64 records_moved][16 bytes per old ID].
std::string entry_blob(std::uint64_t position, const ChangeEntry& e) {
  ByteWriter w;
  w.reserve(8 + 1 + 1 + 8 + 8 + 8 + 16 * e.old_ids.size());
  w.put(position);
  w.put(static_cast<std::uint8_t>(e.kind));
  w.put(static_cast<std::uint8_t>(e.new_id_needed ? 1 : 0));
  w.put(e.new_cluster_label);
  w.put(e.records);
  w.put(e.records_moved);
  for (const ResearchId& id : e.old_ids) w.put(id.bytes);
  return w.take();
}

std::uint64_t blob_position(std::string_view s) { return ByteReader(s, "link: change-log blob").get<std::uint64_t>(); }

ChangeEntry entry_from_blob(std::string_view s) {
  ByteReader r(s, "link: change-log blob");
  ChangeEntry e;
  (void)r.get<std::uint64_t>();  // position
  e.kind = static_cast<ChangeKind>(r.get<std::uint8_t>());
  e.new_id_needed = r.get<std::uint8_t>() != 0;
  r.get(e.new_cluster_label);
  r.get(e.records);
  r.get(e.records_moved);
  while (!r.done()) {
    ResearchId id;
    r.get(id.bytes);
    e.old_ids.push_back(id);
  }
  return e;
}

bool entry_less(const ChangeEntry& x, const ChangeEntry& y) {
  return std::tie(x.new_cluster_label, x.old_ids, x.kind) < std::tie(y.new_cluster_label, y.old_ids, y.kind);
}

}  // namespace

DistributedCarryOver carry_over_distributed(const mpi::Communicator& comm,
                                            std::span<const link::RegistryEntry> local_registry_rows,
                                            std::span<const MemberRow> local_members,
                                            std::span<const std::uint64_t> local_cluster_labels,
                                            std::uint64_t route_mib) {
  const int ranks = comm.size();
  mpi::RouteOptions route;
  route.max_bytes_per_round = static_cast<std::size_t>(route_mib) << 20;
  route.seed = 0x7265676973747279;  // "registry"
  DistributedCarryOver out;
  link::ChangeCounts counts;  // this rank's part

  // Cluster ranges of every rank: the owner of a label is the last rank whose first label <= it.
  const LabelRange mine{local_cluster_labels.empty() ? 0 : local_cluster_labels.front(),
                        local_cluster_labels.empty() ? 0 : local_cluster_labels.back(),
                        local_cluster_labels.size()};
  const std::vector<LabelRange> ranges = comm.allgather(mine);
  std::vector<std::pair<std::uint64_t, int>> range_first;  // (first label, rank), ranks with clusters
  mpi::agree(comm, [&] {
    if (std::adjacent_find(local_cluster_labels.begin(), local_cluster_labels.end(),
                           std::greater_equal<>{}) != local_cluster_labels.end()) {
      throw std::invalid_argument("carry_over_distributed: cluster labels not strictly ascending");
    }
    for (int r = 0; r < ranks; ++r) {
      const LabelRange& g = ranges[static_cast<std::size_t>(r)];
      if (g.count == 0) continue;
      if (!range_first.empty() &&
          ranges[static_cast<std::size_t>(range_first.back().second)].last >= g.first) {
        throw std::invalid_argument(
            "carry_over_distributed: cluster labels not range-partitioned in rank order");
      }
      range_first.emplace_back(g.first, r);
    }
  });
  const auto label_owner = [&](std::uint64_t label) {
    const auto it = std::upper_bound(range_first.begin(), range_first.end(), std::make_pair(label, ranks));
    return it == range_first.begin() ? (range_first.empty() ? 0 : range_first.front().second)
                                     : std::prev(it)->second;
  };

  // ---- 1. join by record key -------------------------------------------------------------------------
  std::vector<IdTally> id_tallies;
  std::vector<LabelTally> label_tallies;
  {
    auto registry = mpi::route_by_key(
        comm, local_registry_rows, [](const link::RegistryEntry& e) { return e.record_key; }, route);
    auto members = mpi::route_by_key(
        comm, local_members, [](const MemberRow& m) { return m.record_key; }, route);
    std::sort(registry.begin(), registry.end(),
              [](const link::RegistryEntry& x, const link::RegistryEntry& y) {
                return std::tie(x.record_key, x.id) < std::tie(y.record_key, y.id);
              });
    registry.erase(std::unique(registry.begin(), registry.end(),
                               [](const auto& x, const auto& y) { return x.record_key == y.record_key; }),
                   registry.end());
    std::sort(members.begin(), members.end(), [](const MemberRow& x, const MemberRow& y) {
      return std::tie(x.record_key, x.label) < std::tie(y.record_key, y.label);
    });
    members.erase(std::unique(members.begin(), members.end(),
                              [](const auto& x, const auto& y) { return x.record_key == y.record_key; }),
                  members.end());
    auto m = members.begin();
    for (const link::RegistryEntry& e : registry) {
      while (m != members.end() && m->record_key < e.record_key) ++m;
      const bool present = m != members.end() && m->record_key == e.record_key;
      id_tallies.push_back({e.id, present ? m->label : 0, present ? 1U : 0U, 1});
    }
    for (const MemberRow& row : members) label_tallies.push_back({row.label, 1});
  }
  const auto by_id_label = [](const IdTally& x, const IdTally& y) {
    return std::tie(x.id, x.label) < std::tie(y.id, y.label);
  };
  const auto same_id_label = [](const IdTally& x, const IdTally& y) {
    return x.id == y.id && x.label == y.label;
  };
  const auto add_count = [](IdTally& into, const IdTally& t) {
    into.votes += t.votes;
    into.old_records += t.old_records;
  };
  const auto by_label = [](const LabelTally& x, const LabelTally& y) { return x.label < y.label; };
  const auto same_label = [](const LabelTally& x, const LabelTally& y) { return x.label == y.label; };
  const auto add_members = [](LabelTally& into, const LabelTally& t) { into.members += t.members; };
  std::sort(id_tallies.begin(), id_tallies.end(), by_id_label);
  combine_sorted(id_tallies, same_id_label, add_count);
  std::sort(label_tallies.begin(), label_tallies.end(), by_label);
  combine_sorted(label_tallies, same_label, add_members);

  // ---- 2. per old ID: shares, holder, present, retired --------------------------------------------------
  std::vector<Candidate> candidates;
  std::vector<RetiredId> retired;  // ascending ID
  {
    auto at_id = mpi::route_by_owner(
        comm, std::span<const IdTally>(id_tallies), [&](const IdTally& t) { return id_owner(t.id, ranks); },
        route);
    std::vector<IdTally>().swap(id_tallies);
    std::sort(at_id.begin(), at_id.end(), by_id_label);
    combine_sorted(at_id, same_id_label, add_count);
    for (std::size_t first = 0; first < at_id.size();) {
      std::size_t end = first;
      while (end < at_id.size() && at_id[end].id == at_id[first].id) ++end;
      // Votes ascend by label: a strict > keeps the smaller label on ties.
      std::uint64_t present = 0;
      std::uint64_t old_records = 0;
      std::uint64_t clusters = 0;
      std::size_t holder = end;
      for (std::size_t i = first; i < end; ++i) {
        old_records += at_id[i].old_records;
        if (at_id[i].votes == 0) continue;
        present += at_id[i].votes;
        ++clusters;
        if (holder == end || at_id[i].votes > at_id[holder].votes) holder = i;
      }
      if (present == 0) {
        retired.push_back({at_id[first].id, old_records});
        ++counts.retired;
      }
      if (clusters >= 2) ++counts.ids_split;
      for (std::size_t i = first; i < end; ++i) {
        if (at_id[i].votes == 0) continue;
        candidates.push_back(
            {at_id[i].label, at_id[i].votes, present, clusters, i == holder ? 1U : 0U, at_id[i].id});
      }
      first = end;
    }
  }

  // ---- 3. per cluster: decision and change entries ------------------------------------------------------
  std::vector<ChangeEntry> cluster_changes;  // ascending (label, old_ids, kind)
  {
    auto at_cluster = mpi::route_by_owner(
        comm, std::span<const Candidate>(candidates),
        [&](const Candidate& c) { return label_owner(c.label); }, route);
    std::vector<Candidate>().swap(candidates);
    auto sizes = mpi::route_by_owner(
        comm, std::span<const LabelTally>(label_tallies),
        [&](const LabelTally& t) { return label_owner(t.label); }, route);
    std::vector<LabelTally>().swap(label_tallies);
    std::sort(at_cluster.begin(), at_cluster.end(), [](const Candidate& x, const Candidate& y) {
      return std::tie(x.label, x.id) < std::tie(y.label, y.id);
    });
    std::sort(sizes.begin(), sizes.end(), by_label);
    combine_sorted(sizes, same_label, add_members);
    mpi::agree(comm, [&] {
      out.decisions.resize(local_cluster_labels.size());
      auto c = at_cluster.begin();
      auto s = sizes.begin();
      for (std::size_t k = 0; k < local_cluster_labels.size(); ++k) {
        const std::uint64_t label = local_cluster_labels[k];
        const std::uint64_t records = s != sizes.end() && s->label == label ? (s++)->members : 0;
        const auto first = c;
        while (c != at_cluster.end() && c->label == label) ++c;
        // Kept ID: largest share among held IDs, ties the smaller ID (candidates ascend by ID).
        auto kept = c;
        std::uint64_t registered = 0;
        for (auto w = first; w != c; ++w) {
          registered += w->share;
          if (w->holder != 0 && (kept == c || w->share > kept->share)) kept = w;
        }
        link::ClusterDecision& d = out.decisions[k];
        d.label = label;
        d.new_id_needed = kept == c;
        if (!d.new_id_needed) d.kept = kept->id;
        counts.new_ids_needed += d.new_id_needed ? 1U : 0U;
        for (auto w = first; w != c; ++w) {
          if (w->holder == 0) continue;
          ++(w == kept ? counts.ids_kept : counts.ids_retired);
        }

        const auto entry = [&](ChangeKind kind) {
          ChangeEntry e;
          e.kind = kind;
          e.new_cluster_label = label;
          e.new_id_needed = d.new_id_needed;
          e.records = records;
          return e;
        };
        const std::size_t cluster_first = cluster_changes.size();
        if (first == c) {
          cluster_changes.push_back(entry(ChangeKind::created));
          ++counts.created;
          continue;
        }
        if (c - first >= 2) {
          ChangeEntry e = entry(ChangeKind::merged);
          if (kept != c) e.old_ids.push_back(kept->id);
          for (auto w = first; w != c; ++w) {
            if (w != kept) e.old_ids.push_back(w->id);
          }
          e.records_moved = registered - (kept != c ? kept->share : 0);
          cluster_changes.push_back(std::move(e));
          ++counts.merged;
        } else if (first->clusters == 1) {
          ChangeEntry e = entry(ChangeKind::kept);
          e.old_ids.push_back(first->id);
          cluster_changes.push_back(std::move(e));
          ++counts.kept;
        }
        for (auto w = first; w != c; ++w) {
          if (w->clusters < 2) continue;
          ChangeEntry e = entry(ChangeKind::split);
          e.old_ids.push_back(w->id);
          e.records_moved = w == kept ? w->present - w->share : w->share;
          cluster_changes.push_back(std::move(e));
          ++counts.split;
        }
        std::stable_sort(cluster_changes.begin() + static_cast<std::ptrdiff_t>(cluster_first),
                         cluster_changes.end(), entry_less);
      }
      if (c != at_cluster.end() || s != sizes.end()) {  // the walk stopped at a label that is no cluster
        throw std::invalid_argument("carry_over_distributed: a member row's label is not a cluster");
      }
    });
  }

  // ---- 4. the change log in even slices of its global order -----------------------------------------------
  {
    const std::uint64_t local_clusters = cluster_changes.size();
    const std::uint64_t local_retired = retired.size();
    const std::uint64_t clusters_before = comm.exscan_sum(local_clusters);
    const std::uint64_t retired_before = comm.exscan_sum(local_retired);
    const std::uint64_t clusters_total = comm.allreduce(local_clusters, mpi::Op::sum);
    const std::uint64_t total = clusters_total + comm.allreduce(local_retired, mpi::Op::sum);
    std::vector<std::uint64_t> slice_first;
    for (int r = 0; r < ranks; ++r) slice_first.push_back(h5::slice_for_rank(total, r, ranks).first);
    const auto position_owner = [&](std::uint64_t position) {
      return static_cast<int>(std::upper_bound(slice_first.begin(), slice_first.end(), position) -
                              slice_first.begin()) -
             1;
    };
    mpi::BlobBuffer blobs;
    std::vector<int> owners;
    for (std::uint64_t j = 0; j < local_clusters; ++j) {
      blobs.push_back(entry_blob(clusters_before + j, cluster_changes[j]));
      owners.push_back(position_owner(clusters_before + j));
    }
    std::vector<ChangeEntry>().swap(cluster_changes);
    for (std::uint64_t j = 0; j < local_retired; ++j) {
      ChangeEntry e;
      e.kind = ChangeKind::retired;
      e.old_ids.push_back(retired[j].id);
      e.new_cluster_label = link::kNoCluster;
      e.records_moved = retired[j].old_records;
      const std::uint64_t position = clusters_total + retired_before + j;
      blobs.push_back(entry_blob(position, e));
      owners.push_back(position_owner(position));
    }
    const mpi::BlobBuffer received = mpi::route_blobs(comm, blobs, owners, route);
    std::vector<std::pair<std::uint64_t, std::size_t>> order;  // (position, blob)
    for (std::size_t i = 0; i < received.size(); ++i) order.emplace_back(blob_position(received[i]), i);
    std::sort(order.begin(), order.end());
    out.changes.reserve(order.size());
    for (const auto& [position, i] : order) out.changes.push_back(entry_from_blob(received[i]));
  }

  const std::vector<std::uint64_t> local_counts{counts.kept,     counts.created,     counts.merged,
                                                counts.split,    counts.retired,     counts.ids_split,
                                                counts.ids_kept, counts.ids_retired, counts.new_ids_needed};
  const auto sum = comm.allreduce(std::span<const std::uint64_t>(local_counts), mpi::Op::sum);
  out.counts = link::ChangeCounts{sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8]};
  return out;
}

}  // namespace nayose::linkage
