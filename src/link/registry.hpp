#pragma once
// Research-ID carry-over across ranks: the decisions, change log and counts of
// link::carry_over_research_ids (kernels/link/registry_policy.hpp, THE RULE and THE CHANGE LOG)
// without gathering the registry on any rank; memory per rank follows its share of rows, clusters
// and old IDs.
//
//   1. Registry rows (record key, old ID) and member rows (record key, label) meet at the owner of
//      the record key (hash). A key registered twice keeps the smaller ID, a key in two clusters the
//      smaller label. Matched keys are votes (label, ID); unmatched registry keys are deleted
//      records; unmatched member keys are unregistered members (they count in `records`).
//   2. Votes and old-record counts meet at the owner of the ID (range partition on its first 8
//      bytes, uniform for HMAC-minted IDs): shares per cluster, present and old record counts,
//      holder (largest share, ties the smaller label), number of clusters. IDs with no present
//      record are retired there.
//   3. Each vote, with its ID's facts, goes to the rank holding the cluster, which decides (keep the
//      held ID of largest share, ties the smaller ID) and writes the cluster's change entries.
//   4. The change log is re-cut into even slices of its global order: cluster entries by label (the
//      clusters are range-partitioned), then retired entries by ID (so are the IDs).
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/link/registry_policy.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::linkage {

struct MemberRow {  // one row of this run: its record key and its cluster
  std::uint64_t record_key = 0;
  std::uint64_t label = 0;
};

struct DistributedCarryOver {
  std::vector<link::ClusterDecision> decisions;  // parallel to local_cluster_labels
  // Rows h5::slice_for_rank(total, rank, ranks) of the global change log: concatenated in rank
  // order they are carry_over_research_ids' `changes`, whatever the rank count.
  std::vector<link::ChangeEntry> changes;
  link::ChangeCounts counts;  // global, the same on every rank
};

// Collective. Registry and member rows may sit on any rank, in any order, with duplicates.
// local_cluster_labels: this rank's clusters, strictly ascending, and ascending across ranks in rank
// order (a range partition; ranks may have none). Every member row's label must be one of them.
// The result equals carry_over_research_ids on the gathered input, deduplicated as in step 1, with
// every cluster given (a cluster left with no member row is `created` with records = 0).
// Violated preconditions throw on every rank (mpi::CollectiveFailure).
DistributedCarryOver carry_over_distributed(const mpi::Communicator& comm,
                                            std::span<const link::RegistryEntry> local_registry_rows,
                                            std::span<const MemberRow> local_members,
                                            std::span<const std::uint64_t> local_cluster_labels,
                                            std::uint64_t route_mib);

}  // namespace nayose::linkage
