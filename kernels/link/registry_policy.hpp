#pragma once
// Research-ID carry-over (DESIGN §Linkage): which new cluster keeps which research ID of the
// previous run's registry, which clusters need a freshly minted ID, and the change log.
// Pure and sequential; the caller mints new IDs and writes the registry.
//
// THE RULE
//   Votes. For each new cluster, count its members by old research ID: a member votes for the ID
//   the old registry gives its record key; members not in the old registry do not vote. The share
//   of a candidate (cluster C, old ID X) is the number of members of C registered under X.
//   Holder. Each old ID X may be kept by at most ONE new cluster: its holder, the cluster with the
//   largest share of X (ties: the cluster with the smaller label).
//   Keep. A cluster may keep only the IDs it holds; it keeps the one with the largest share
//   (ties: the smaller ID, comparing the 16 bytes lexicographically).
//   New. A cluster that keeps nothing needs a new ID (new_id_needed; the caller mints it). This
//   includes a cluster whose registered members all belong to IDs held by other clusters, and also a
//   cluster holding an ID that its holder did not keep: such an ID is retired, not handed on.
//   The rule is one pass, not an assignment optimisation: the outcome depends only on the set of
//   (record key, cluster label) and (record key, old ID) pairs, never on input order.
//
// THE CHANGE LOG (ChangeKind; one entry per line below)
//   kept     a cluster whose registered members all carried one old ID X, that keeps X, and that
//            holds every still-present record of X (same membership apart from new records and
//            deleted ones). old_ids = {X}; records_moved = 0.
//   created  ("new") a cluster with no previously registered record. old_ids = {};
//            new_id_needed = true; records_moved = 0.
//   merged   a cluster whose members carried >= 2 old IDs. old_ids = the kept ID first (if any),
//            then the others ascending (each of them is kept by its holder if the holder keeps
//            it, else retired; split entries show those whose records also went elsewhere).
//            records_moved = registered members not under the kept ID (all registered members if
//            it keeps none).
//   split    one entry per (old ID X, cluster C) for every X whose still-present records went to
//            >= 2 new clusters and every cluster C that got some of them, the one keeping X
//            included. old_ids = {X}; records_moved = X's records in other clusters if C keeps
//            X, else X's records in C (they left X).
//   Every entry's new_id_needed is its cluster's decision (false for retired entries).
//   retired  an old ID none of whose records is present any more (records deleted).
//            new_cluster_label = kNoCluster; records = 0; records_moved = its old record count.
//   A cluster therefore has exactly one kept / created / merged entry, or one or more split
//   entries, or a merged entry plus split entries. records = the cluster's member count.
//   Order: by new_cluster_label, then old_ids (lexicographic), then kind; retired entries last.
//   An old ID that is neither kept nor retired-by-deletion was retired by a merge or a split; it
//   appears in the old_ids of its holder's entries and is counted in ChangeCounts::ids_retired.
#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace nayose::link {

struct ResearchId {
  std::array<std::uint8_t, 16> bytes{};
  auto operator<=>(const ResearchId&) const = default;
};

struct RegistryEntry {  // the previous run's registry, one row per record
  std::uint64_t record_key = 0;
  ResearchId id;
};

struct ClusterMembers {  // a new cluster: its label and its member record keys, ascending
  std::uint64_t label = 0;
  std::vector<std::uint64_t> members;
};

enum class ChangeKind : std::uint8_t { kept, created, merged, split, retired };

inline constexpr std::uint64_t kNoCluster = std::numeric_limits<std::uint64_t>::max();

struct ChangeEntry {
  ChangeKind kind = ChangeKind::kept;
  std::vector<ResearchId> old_ids;
  std::uint64_t new_cluster_label = kNoCluster;
  bool new_id_needed = false;
  std::uint64_t records = 0;
  std::uint64_t records_moved = 0;
  bool operator==(const ChangeEntry&) const = default;
};

struct ChangeCounts {  // entries of each kind, plus per-ID totals
  std::uint64_t kept = 0;
  std::uint64_t created = 0;
  std::uint64_t merged = 0;
  std::uint64_t split = 0;        // split entries (one per piece)
  std::uint64_t retired = 0;      // old IDs with no record left
  std::uint64_t ids_split = 0;    // old IDs whose records went to >= 2 clusters
  std::uint64_t ids_kept = 0;     // old IDs kept by some cluster
  std::uint64_t ids_retired = 0;  // old IDs with records left but kept by no cluster (merge / split)
  std::uint64_t new_ids_needed = 0;
  bool operator==(const ChangeCounts&) const = default;
};

struct ClusterDecision {
  std::uint64_t label = 0;
  std::optional<ResearchId> kept;  // empty: new_id_needed
  bool new_id_needed = false;
  bool operator==(const ClusterDecision&) const = default;
};

struct CarryOverResult {
  std::vector<ClusterDecision> decisions;  // one per cluster, ascending label
  std::vector<ChangeEntry> changes;        // order as documented above
  ChangeCounts counts;
};

// Applies THE RULE. Throws std::invalid_argument if old_registry is not strictly ascending by
// record key, if a cluster's members are not strictly ascending, if a record key is in two
// clusters, or if two clusters share a label. Registry records absent from every cluster are
// deleted records.
CarryOverResult carry_over_research_ids(std::span<const ClusterMembers> clusters,
                                        std::span<const RegistryEntry> old_registry);

}  // namespace nayose::link
