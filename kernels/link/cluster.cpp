#include "kernels/link/cluster.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <utility>

namespace nayose::link {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

void check_edges(std::size_t n, std::span<const WeightedEdge> edges) {
  for (const WeightedEdge& e : edges) {
    if (e.a >= n || e.b >= n) throw std::out_of_range("link clustering: edge endpoint out of range");
  }
}

// Smallest integer k > k_now with base + k*step > w_min, or nothing if k would exceed 2^52 (a
// threshold that fine is no longer a step). base + k*step is monotone in k, so the two correction
// loops only undo rounding of the first estimate.
std::optional<double> next_dropping_level(double base, double step, double k_now, double w_min) {
  constexpr double kMaxLevel = 4503599627370496.0;  // 2^52
  double k = std::floor((w_min - base) / step) + 1.0;
  if (!(k > k_now)) k = k_now + 1.0;
  if (!(k <= kMaxLevel)) return std::nullopt;
  while (base + k * step <= w_min) {
    k += 1.0;
    if (k > kMaxLevel) return std::nullopt;
  }
  while (k - 1.0 > k_now && base + (k - 1.0) * step > w_min) k -= 1.0;
  return k;
}

// A connected piece of an over-sized component: members (ascending element index) and its
// internal edges, sorted by (weight desc, min key, max key), all with weight >= base + level*step.
struct Part {
  std::vector<std::uint32_t> members;
  std::vector<WeightedEdge> edges;
  double level = 0.0;
};

}  // namespace

UnionFind::UnionFind(std::size_t n) {
  if (n > std::size_t{kNone}) throw std::length_error("UnionFind: more than 2^32 - 1 elements");
  parent_.resize(n);
  std::iota(parent_.begin(), parent_.end(), std::uint32_t{0});
  size_.assign(n, 1);
}

std::uint32_t UnionFind::find(std::uint32_t x) noexcept {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];
    x = parent_[x];
  }
  return x;
}

bool UnionFind::unite(std::uint32_t a, std::uint32_t b) noexcept {
  std::uint32_t ra = find(a);
  std::uint32_t rb = find(b);
  if (ra == rb) return false;
  if (size_[ra] < size_[rb] || (size_[ra] == size_[rb] && rb < ra)) std::swap(ra, rb);
  parent_[rb] = ra;
  size_[ra] += size_[rb];
  return true;
}

std::vector<std::uint64_t> UnionFind::labels(std::span<const std::uint64_t> keys) {
  if (keys.size() != parent_.size()) throw std::invalid_argument("UnionFind::labels: one key per element needed");
  const auto n = static_cast<std::uint32_t>(parent_.size());
  std::vector<std::uint64_t> min_key(n, std::numeric_limits<std::uint64_t>::max());
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t r = find(i);
    min_key[r] = std::min(min_key[r], keys[i]);
  }
  std::vector<std::uint64_t> out(n);
  for (std::uint32_t i = 0; i < n; ++i) out[i] = min_key[find(i)];
  return out;
}

std::vector<std::uint64_t> components(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                                      double threshold) {
  if (std::isnan(threshold)) throw std::invalid_argument("components: NaN threshold");
  UnionFind uf(keys.size());
  check_edges(keys.size(), edges);
  for (const WeightedEdge& e : edges) {
    if (e.weight >= threshold) uf.unite(e.a, e.b);
  }
  return uf.labels(keys);
}

GuardResult guard_large_components(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                                   double threshold, std::uint32_t max_size, double step, double max_threshold) {
  if (!std::isfinite(threshold)) throw std::invalid_argument("guard_large_components: threshold must be finite");
  if (!std::isfinite(step) || !(step > 0.0)) {
    throw std::invalid_argument("guard_large_components: step must be finite and > 0");
  }
  if (std::isnan(max_threshold) || max_threshold < threshold) {
    throw std::invalid_argument("guard_large_components: max_threshold must be >= threshold");
  }
  if (max_size == 0) throw std::invalid_argument("guard_large_components: max_size must be >= 1");

  const std::size_t n = keys.size();
  UnionFind uf(n);
  check_edges(n, edges);
  for (const WeightedEdge& e : edges) {
    if (e.weight >= threshold) uf.unite(e.a, e.b);
  }
  GuardResult result;
  result.labels = uf.labels(keys);

  // Over-sized components, numbered in ascending label order.
  std::vector<std::uint32_t> roots;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (uf.find(i) == i && uf.component_size(i) > max_size) roots.push_back(i);
  }
  if (roots.empty()) return result;
  std::sort(roots.begin(), roots.end(),
            [&](std::uint32_t x, std::uint32_t y) { return result.labels[x] < result.labels[y]; });
  std::vector<std::uint32_t> comp_of_root(n, kNone);
  for (std::uint32_t c = 0; c < roots.size(); ++c) comp_of_root[roots[c]] = c;

  std::vector<Part> comps(roots.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t c = comp_of_root[uf.find(i)];
    if (c != kNone) comps[c].members.push_back(i);
  }
  for (const WeightedEdge& e : edges) {
    if (!(e.weight >= threshold)) continue;
    const std::uint32_t c = comp_of_root[uf.find(e.a)];
    if (c != kNone) comps[c].edges.push_back(e);
  }
  const auto edge_order = [&](const WeightedEdge& x, const WeightedEdge& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    const auto [x_lo, x_hi] = std::minmax(keys[x.a], keys[x.b]);
    const auto [y_lo, y_hi] = std::minmax(keys[y.a], keys[y.b]);
    return std::pair{x_lo, x_hi} < std::pair{y_lo, y_hi};
  };
  const auto finish = [&](const Part& part) {
    std::uint64_t label = std::numeric_limits<std::uint64_t>::max();
    for (const std::uint32_t m : part.members) label = std::min(label, keys[m]);
    for (const std::uint32_t m : part.members) result.labels[m] = label;
    return label;
  };

  std::vector<std::uint32_t> local_of(n, kNone);
  for (Part& comp : comps) {
    result.guarded_labels.push_back(result.labels[comp.members.front()]);
    std::sort(comp.edges.begin(), comp.edges.end(), edge_order);
    double raised = threshold;
    std::uint64_t final_parts = 0;
    std::vector<Part> pending;
    pending.push_back(std::move(comp));
    while (!pending.empty()) {
      Part part = std::move(pending.back());
      pending.pop_back();
      // part.members.size() > max_size here: raise until it breaks or cannot be raised further.
      while (true) {
        std::optional<double> level;
        if (!part.edges.empty() && std::isfinite(part.edges.back().weight)) {
          level = next_dropping_level(threshold, step, part.level, part.edges.back().weight);
        }
        const double raised_to = level ? threshold + *level * step : 0.0;
        if (!level || !(raised_to <= max_threshold)) {  // only must-link edges, or max_threshold reached
          result.unresolved_labels.push_back(finish(part));
          ++final_parts;
          break;
        }
        const auto kept_end = std::partition_point(part.edges.begin(), part.edges.end(),
                                                   [&](const WeightedEdge& e) { return e.weight >= raised_to; });
        result.edges_dropped += static_cast<std::uint64_t>(part.edges.end() - kept_end);
        part.edges.erase(kept_end, part.edges.end());
        part.level = *level;
        raised = std::max(raised, raised_to);

        const auto size = static_cast<std::uint32_t>(part.members.size());
        for (std::uint32_t l = 0; l < size; ++l) local_of[part.members[l]] = l;
        UnionFind local(size);
        for (const WeightedEdge& e : part.edges) local.unite(local_of[e.a], local_of[e.b]);
        // Number the pieces by their first member (members ascend, so this is deterministic).
        std::vector<std::uint32_t> piece_of_root(size, kNone);
        std::vector<Part> pieces;
        for (std::uint32_t l = 0; l < size; ++l) {
          std::uint32_t& piece = piece_of_root[local.find(l)];
          if (piece == kNone) {
            piece = static_cast<std::uint32_t>(pieces.size());
            pieces.push_back(Part{{}, {}, part.level});
          }
          pieces[piece].members.push_back(part.members[l]);
        }
        if (pieces.size() == 1) continue;  // still one over-sized part: raise again
        for (const WeightedEdge& e : part.edges) {  // stays sorted within each piece
          pieces[piece_of_root[local.find(local_of[e.a])]].edges.push_back(e);
        }
        for (Part& piece : pieces) {
          if (piece.members.size() <= max_size) {
            finish(piece);
            ++final_parts;
          } else {
            pending.push_back(std::move(piece));
          }
        }
        break;
      }
    }
    if (final_parts >= 2) ++result.components_split;
    result.raised_thresholds.push_back(raised);
  }
  std::sort(result.unresolved_labels.begin(), result.unresolved_labels.end());
  return result;
}

ConflictSplit split_conflicts(std::span<const std::uint64_t> keys, std::span<const WeightedEdge> edges,
                              std::span<const std::pair<std::uint32_t, std::uint32_t>> conflicts, double threshold) {
  if (std::isnan(threshold)) throw std::invalid_argument("split_conflicts: NaN threshold");
  const std::size_t n = keys.size();
  check_edges(n, edges);
  for (const auto& [a, b] : conflicts) {
    if (a >= n || b >= n) throw std::out_of_range("split_conflicts: conflict endpoint out of range");
  }
  // Edges in a canonical order: must-links, then weight descending, then (min key, max key).
  std::vector<WeightedEdge> order;
  for (const WeightedEdge& e : edges) {
    if (e.weight >= threshold) order.push_back(e);  // NaN never links
  }
  const auto lo = [&](const WeightedEdge& e) { return std::min(keys[e.a], keys[e.b]); };
  const auto hi = [&](const WeightedEdge& e) { return std::max(keys[e.a], keys[e.b]); };
  std::sort(order.begin(), order.end(), [&](const WeightedEdge& x, const WeightedEdge& y) {
    if (x.weight != y.weight) return x.weight > y.weight;  // +inf (must-link) first
    if (lo(x) != lo(y)) return lo(x) < lo(y);
    return hi(x) < hi(y);
  });
  // Per root: the elements it may not be joined with (merged lists follow the roots).
  std::vector<std::vector<std::uint32_t>> against(n);
  for (const auto& [a, b] : conflicts) {
    if (a == b) continue;
    against[a].push_back(b);
    against[b].push_back(a);
  }
  UnionFind sets(n);
  ConflictSplit out;
  for (const WeightedEdge& e : order) {
    std::uint32_t ra = sets.find(e.a);
    std::uint32_t rb = sets.find(e.b);
    if (ra == rb) continue;
    if (e.weight != kMustLinkWeight) {
      const auto& small = against[ra].size() <= against[rb].size() ? against[ra] : against[rb];
      const std::uint32_t other = against[ra].size() <= against[rb].size() ? rb : ra;
      const bool conflict =
          std::any_of(small.begin(), small.end(), [&](std::uint32_t x) { return sets.find(x) == other; });
      if (conflict) {
        ++out.edges_skipped;
        continue;
      }
    }
    sets.unite(ra, rb);
    const std::uint32_t root = sets.find(ra);
    const std::uint32_t gone = root == ra ? rb : ra;
    against[root].insert(against[root].end(), against[gone].begin(), against[gone].end());
    std::vector<std::uint32_t>().swap(against[gone]);
  }
  out.labels = sets.labels(keys);
  return out;
}

}  // namespace nayose::link
