#pragma once
// Clustering of accepted links into persons (DESIGN §Linkage): connected components over weighted
// edges, and the over-link guard that re-clusters components that grew too large.
//
// Elements are dense indices 0..n-1; each carries a stable 64-bit record key. A component's label
// is the smallest key among its members: a function of the members only, never of edge order,
// union order or thread count. Pure, sequential, no I/O.
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace nayose::link {

// Disjoint sets over dense indices: path halving and union by size (ties: the lower index becomes
// the root, as GAPBS cc.cc links toward the lower id).
class UnionFind {
 public:
  explicit UnionFind(std::size_t n);  // std::length_error if n does not fit in 32 bits

  std::size_t size() const noexcept { return parent_.size(); }
  std::uint32_t find(std::uint32_t x) noexcept;
  bool unite(std::uint32_t a, std::uint32_t b) noexcept;  // true if a and b were in different sets
  std::uint32_t component_size(std::uint32_t x) noexcept { return size_[find(x)]; }

  // For every element, the smallest key in its set. keys.size() must equal size().
  std::vector<std::uint64_t> labels(std::span<const std::uint64_t> keys);

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;
};

// An accepted comparison between elements a and b. Deterministic links ("must-link": same facility
// patient ID, same insurance number) carry weight = +infinity and survive any threshold.
struct WeightedEdge {
  std::uint32_t a;
  std::uint32_t b;
  double weight;
};

inline constexpr double kMustLinkWeight = std::numeric_limits<double>::infinity();

// Labels (smallest member key) of the connected components of the graph whose edges are those with
// weight >= threshold. Throws std::invalid_argument for a NaN threshold, std::out_of_range for an
// edge endpoint >= keys.size(). Edges with a NaN weight never link.
std::vector<std::uint64_t> components(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                                      double threshold);

struct GuardResult {
  std::vector<std::uint64_t> labels;       // per element, smallest key of its final part
  std::uint64_t components_split = 0;      // over-sized components that ended in >= 2 parts
  std::uint64_t edges_dropped = 0;         // edges with weight >= threshold that the guard discarded
  // One entry per over-sized component (size > max_size at `threshold`), ascending by its label
  // before the guard (guarded_labels): the highest threshold at which the guard re-clustered any part
  // of it (`threshold` itself if no allowed threshold dropped an edge).
  std::vector<double> raised_thresholds;
  std::vector<std::uint64_t> guarded_labels;     // parallel to raised_thresholds
  std::vector<std::uint64_t> unresolved_labels;  // final parts still > max_size, ascending label
};

// Over-link guard. Components of components(keys, edges, threshold) with at most max_size members
// are left alone. A larger component is re-clustered from its own internal edges only, with the
// threshold raised to threshold + k*step for k = 1, 2, ...; each resulting part of at most max_size
// members is final, each larger part is raised further on its own (parts that are already small
// enough are not broken up further). Raising stops for a part when no threshold <= max_threshold
// drops another of its edges (only must-link edges left, or the next dropping threshold would
// exceed max_threshold): the part stays as it is and is reported in unresolved_labels.
//
// Thresholds that would drop nothing are skipped (the result is what stepping one at a time gives).
// Must-link edges (+inf) are never dropped, so a must-link component is never split. Every result,
// count and report is independent of edge order: a part's edges are kept sorted by
// (weight desc, min key, max key) and raising the threshold truncates that list.
//
// Throws std::invalid_argument unless threshold is finite, step is finite and > 0, max_threshold
// is not NaN and >= threshold, and max_size >= 1; std::out_of_range as components(); std::length_error
// if keys.size() does not fit in 32 bits (edge endpoints are 32-bit).
GuardResult guard_large_components(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                                   double threshold, std::uint32_t max_size, double step, double max_threshold);

// Conflict split of one component. `conflicts` are pairs of elements whose own comparison says
// they are different persons (the link job: both birth dates present and different beyond a typo).
// The component is rebuilt from `edges`: must-link edges first (always joined, whatever the
// conflicts), then the others with weight >= threshold in descending weight (ties: smaller min key,
// then smaller max key); an edge is skipped when its two parts hold the two ends of a conflict.
// A hub record (little more than a common name) therefore joins the person it matches best, not
// every namesake. Labels: smallest key of each final part. Independent of edge and conflict order.
// Throws std::out_of_range for an endpoint >= keys.size(), std::invalid_argument for a NaN threshold.
struct ConflictSplit {
  std::vector<std::uint64_t> labels;
  std::uint64_t edges_skipped = 0;  // edges >= threshold not joined because of a conflict
};
ConflictSplit split_conflicts(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                              std::span<const std::pair<std::uint32_t, std::uint32_t>> conflicts, double threshold);

}  // namespace nayose::link
