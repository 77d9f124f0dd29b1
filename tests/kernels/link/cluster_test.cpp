#include "kernels/link/cluster.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace nayose::link {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Distinct keys in shuffled order, so the smallest key is not the smallest index.
std::vector<std::uint64_t> shuffled_keys(std::size_t n, std::mt19937_64& rng) {
  std::set<std::uint64_t> seen;
  std::vector<std::uint64_t> keys;
  while (keys.size() < n) {
    const std::uint64_t k = rng() >> 1;
    if (seen.insert(k).second) keys.push_back(k);
  }
  return keys;
}

std::vector<WeightedEdge> random_edges(std::size_t n, std::size_t m, std::mt19937_64& rng, bool discrete) {
  std::vector<WeightedEdge> edges;
  std::uniform_int_distribution<std::uint32_t> node(0, static_cast<std::uint32_t>(n - 1));
  std::uniform_int_distribution<int> level(0, 12);
  std::uniform_real_distribution<double> real(0.0, 6.0);
  for (std::size_t i = 0; i < m; ++i) {
    const int l = level(rng);
    const double w = l == 12 ? kInf : discrete ? 0.5 * l : real(rng);
    edges.push_back(WeightedEdge{node(rng), node(rng), w});
  }
  return edges;
}

// Slow oracle: BFS over the members `in` with the edges of weight >= t; each part's label is the
// brute-force minimum of its keys.
std::vector<std::vector<std::uint32_t>> bfs_parts(const std::vector<std::uint64_t>& keys,
                                                  const std::vector<WeightedEdge>& edges, double t,
                                                  const std::vector<std::uint32_t>& in) {
  std::vector<bool> member(keys.size(), false);
  for (const std::uint32_t m : in) member[m] = true;
  std::vector<std::vector<std::uint32_t>> adj(keys.size());
  for (const WeightedEdge& e : edges) {
    if (e.weight >= t && member[e.a] && member[e.b]) {
      adj[e.a].push_back(e.b);
      adj[e.b].push_back(e.a);
    }
  }
  std::vector<bool> seen(keys.size(), false);
  std::vector<std::vector<std::uint32_t>> parts;
  for (const std::uint32_t start : in) {
    if (seen[start]) continue;
    std::vector<std::uint32_t> part{start};
    seen[start] = true;
    for (std::size_t i = 0; i < part.size(); ++i) {
      for (const std::uint32_t next : adj[part[i]]) {
        if (!seen[next]) {
          seen[next] = true;
          part.push_back(next);
        }
      }
    }
    std::sort(part.begin(), part.end());
    parts.push_back(std::move(part));
  }
  return parts;
}

std::uint64_t min_key(const std::vector<std::uint64_t>& keys, const std::vector<std::uint32_t>& part) {
  std::uint64_t best = std::numeric_limits<std::uint64_t>::max();
  for (const std::uint32_t m : part) best = std::min(best, keys[m]);
  return best;
}

std::vector<std::uint32_t> all_indices(std::size_t n) {
  std::vector<std::uint32_t> all(n);
  std::iota(all.begin(), all.end(), 0U);
  return all;
}

std::vector<std::uint64_t> reference_components(const std::vector<std::uint64_t>& keys,
                                                const std::vector<WeightedEdge>& edges, double t) {
  std::vector<std::uint64_t> labels(keys.size());
  for (const auto& part : bfs_parts(keys, edges, t, all_indices(keys.size()))) {
    for (const std::uint32_t m : part) labels[m] = min_key(keys, part);
  }
  return labels;
}

std::uint64_t internal_edges(const std::vector<WeightedEdge>& edges, const std::vector<std::uint32_t>& part,
                             double t) {
  std::set<std::uint32_t> in(part.begin(), part.end());
  std::uint64_t count = 0;
  for (const WeightedEdge& e : edges) count += (e.weight >= t && in.count(e.a) && in.count(e.b)) ? 1U : 0U;
  return count;
}

// Slow oracle of the guard: raises one step at a time with a fresh BFS at each step.
GuardResult reference_guard(const std::vector<std::uint64_t>& keys, const std::vector<WeightedEdge>& edges,
                            double threshold, std::uint32_t max_size, double step, double max_threshold) {
  GuardResult out;
  out.labels = reference_components(keys, edges, threshold);
  std::map<std::uint64_t, std::vector<std::uint32_t>> comps;
  for (std::uint32_t i = 0; i < keys.size(); ++i) comps[out.labels[i]].push_back(i);
  for (const auto& [label, members] : comps) {
    if (members.size() <= max_size) continue;
    out.guarded_labels.push_back(label);
    double raised = threshold;
    std::uint64_t kept_edges = 0;
    std::uint64_t finals = 0;
    const auto finish = [&](const std::vector<std::uint32_t>& part, double t, bool unresolved) {
      for (const std::uint32_t m : part) out.labels[m] = min_key(keys, part);
      kept_edges += internal_edges(edges, part, t);
      ++finals;
      if (unresolved) out.unresolved_labels.push_back(min_key(keys, part));
    };
    std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>> pending{{members, 0}};
    while (!pending.empty()) {
      auto [part, level] = pending.back();
      pending.pop_back();
      const auto t_of = [&](std::uint64_t k) { return threshold + static_cast<double>(k) * step; };
      for (std::uint64_t k = level + 1;; ++k) {
        if (!(t_of(k) <= max_threshold)) {
          finish(part, t_of(level), true);
          break;
        }
        if (internal_edges(edges, part, t_of(k)) == internal_edges(edges, part, t_of(level))) continue;
        level = k;
        raised = std::max(raised, t_of(k));
        const auto pieces = bfs_parts(keys, edges, t_of(k), part);
        if (pieces.size() == 1) continue;
        for (const auto& piece : pieces) {
          if (piece.size() <= max_size) {
            finish(piece, t_of(k), false);
          } else {
            pending.emplace_back(piece, k);
          }
        }
        break;
      }
    }
    out.edges_dropped += internal_edges(edges, members, threshold) - kept_edges;
    out.components_split += finals >= 2 ? 1U : 0U;
    out.raised_thresholds.push_back(raised);
  }
  std::sort(out.unresolved_labels.begin(), out.unresolved_labels.end());
  return out;
}

void expect_same(const GuardResult& got, const GuardResult& want) {
  EXPECT_EQ(got.labels, want.labels);
  EXPECT_EQ(got.components_split, want.components_split);
  EXPECT_EQ(got.edges_dropped, want.edges_dropped);
  EXPECT_EQ(got.raised_thresholds, want.raised_thresholds);
  EXPECT_EQ(got.guarded_labels, want.guarded_labels);
  EXPECT_EQ(got.unresolved_labels, want.unresolved_labels);
}

TEST(UnionFind, LabelIsSmallestKeyWhateverTheUnionOrder) {
  const std::vector<std::uint64_t> keys{50, 7, 90, 3, 60, 8};
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> unions{{0, 1}, {2, 0}, {4, 5}, {1, 2}};
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order = unions;
  std::sort(order.begin(), order.end());
  std::vector<std::uint64_t> first;
  do {
    UnionFind uf(keys.size());
    for (const auto& [a, b] : order) uf.unite(a, b);
    const auto labels = uf.labels(keys);
    EXPECT_EQ(labels, (std::vector<std::uint64_t>{7, 7, 7, 3, 8, 8}));
    EXPECT_EQ(uf.component_size(2), 3U);
    EXPECT_EQ(uf.component_size(3), 1U);
    EXPECT_EQ(uf.find(0), uf.find(2));
    EXPECT_NE(uf.find(0), uf.find(4));
  } while (std::next_permutation(order.begin(), order.end()));
  UnionFind uf(3);
  EXPECT_TRUE(uf.unite(0, 1));
  EXPECT_FALSE(uf.unite(1, 0));
  EXPECT_FALSE(uf.unite(2, 2));
  EXPECT_THROW(uf.labels(std::vector<std::uint64_t>{1, 2}), std::invalid_argument);
}

TEST(Components, MatchesBfsOracleOnRandomGraphs) {
  std::mt19937_64 rng(20240401);
  for (int round = 0; round < 60; ++round) {
    const std::size_t n = 1 + rng() % 300;
    const std::size_t m = rng() % (2 * n);
    const auto keys = shuffled_keys(n, rng);
    const auto edges = random_edges(n, m, rng, round % 2 == 0);
    for (const double t : {-1.0, 0.5, 2.0, 4.5, 100.0}) {
      EXPECT_EQ(components(keys, edges, t), reference_components(keys, edges, t)) << "round " << round << " t " << t;
    }
  }
}

TEST(Components, EmptyAndEdgeCases) {
  EXPECT_TRUE(components({}, {}, 1.0).empty());
  const std::vector<std::uint64_t> keys{9, 4};
  const std::vector<WeightedEdge> nan_edge{{0, 1, std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_EQ(components(keys, nan_edge, -kInf), (std::vector<std::uint64_t>{9, 4}));
  const std::vector<WeightedEdge> must{{0, 1, kMustLinkWeight}};
  EXPECT_EQ(components(keys, must, 1e300), (std::vector<std::uint64_t>{4, 4}));
  const std::vector<WeightedEdge> bad{{0, 2, 1.0}};
  EXPECT_THROW(components(keys, bad, 0.0), std::out_of_range);
  EXPECT_THROW(components(keys, must, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

TEST(Components, InvariantUnderEdgePermutation) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    const std::size_t n = 50 + rng() % 200;
    const auto keys = shuffled_keys(n, rng);
    auto edges = random_edges(n, n + rng() % n, rng, true);
    const auto labels = components(keys, edges, 2.0);
    const auto guarded = guard_large_components(keys, edges, 1.0, 6, 0.5, 5.0);
    for (int shuffle = 0; shuffle < 5; ++shuffle) {
      std::shuffle(edges.begin(), edges.end(), rng);
      for (WeightedEdge& e : edges) {
        if (rng() % 2 == 0) std::swap(e.a, e.b);
      }
      EXPECT_EQ(components(keys, edges, 2.0), labels);
      expect_same(guard_large_components(keys, edges, 1.0, 6, 0.5, 5.0), guarded);
    }
  }
}

// Two cliques of 10 (weight 8) joined by a path of 5 bridge records with weak links (weight 2).
TEST(Guard, SplitsWeakChainBetweenDenseCliques) {
  std::vector<std::uint64_t> keys;
  for (std::uint64_t i = 0; i < 25; ++i) keys.push_back(1000 - i * 10);
  std::vector<WeightedEdge> edges;
  for (std::uint32_t base : {0U, 15U}) {
    for (std::uint32_t i = base; i < base + 10; ++i) {
      for (std::uint32_t j = i + 1; j < base + 10; ++j) edges.push_back({i, j, 8.0});
    }
  }
  // clique A (0..9) - 10 - 11 - 12 - 13 - 14 - clique B (15..24): 6 weak bridges.
  edges.push_back({9, 10, 2.0});
  for (std::uint32_t i = 10; i < 14; ++i) edges.push_back({i, i + 1, 2.0});
  edges.push_back({14, 15, 2.0});

  EXPECT_EQ(components(keys, edges, 1.0), std::vector<std::uint64_t>(25, keys[24]));
  const GuardResult g = guard_large_components(keys, edges, 1.0, 12, 1.0, 10.0);
  for (std::uint32_t i = 0; i < 10; ++i) EXPECT_EQ(g.labels[i], keys[9]);
  for (std::uint32_t i = 10; i < 15; ++i) EXPECT_EQ(g.labels[i], keys[i]);
  for (std::uint32_t i = 15; i < 25; ++i) EXPECT_EQ(g.labels[i], keys[24]);
  EXPECT_EQ(g.components_split, 1U);
  EXPECT_EQ(g.edges_dropped, 6U);
  EXPECT_EQ(g.raised_thresholds, std::vector<double>{3.0});  // 1 + 2 steps: the first dropping 2.0
  EXPECT_EQ(g.guarded_labels, std::vector<std::uint64_t>{keys[24]});
  EXPECT_TRUE(g.unresolved_labels.empty());
  expect_same(g, reference_guard(keys, edges, 1.0, 12, 1.0, 10.0));

  // A component within max_size is left alone, whatever its bridges.
  const GuardResult loose = guard_large_components(keys, edges, 1.0, 25, 1.0, 10.0);
  EXPECT_EQ(loose.labels, components(keys, edges, 1.0));
  EXPECT_EQ(loose.components_split, 0U);
  EXPECT_EQ(loose.edges_dropped, 0U);
  EXPECT_TRUE(loose.raised_thresholds.empty());
}

// Parts that are small enough are final; only the still-too-large part is raised further.
TEST(Guard, RaisesOnlyTheOversizedPart) {
  const std::vector<std::uint64_t> keys{1, 2, 3, 4, 5, 6, 7};
  const std::vector<WeightedEdge> edges{
      {0, 1, 2.0}, {1, 2, 2.0},               // 0-1-2 weak inside: fine once cut off (3 <= 3)
      {2, 3, 1.5},                            // the weakest bridge
      {3, 4, 5.0}, {4, 5, 2.5}, {5, 6, 5.0},  // 3..6: too large, its 2.5 link goes next
  };
  const GuardResult g = guard_large_components(keys, edges, 1.0, 3, 0.5, 10.0);
  EXPECT_EQ(g.labels, (std::vector<std::uint64_t>{1, 1, 1, 4, 4, 6, 6}));
  EXPECT_EQ(g.edges_dropped, 2U);
  EXPECT_EQ(g.raised_thresholds, std::vector<double>{3.0});
  expect_same(g, reference_guard(keys, edges, 1.0, 3, 0.5, 10.0));
}

TEST(Guard, NeverDropsMustLinkEdges) {
  // A must-link chain of 8 with max_size 4: nothing can be dropped; intact and reported.
  std::vector<std::uint64_t> keys{80, 70, 60, 50, 40, 30, 20, 10};
  std::vector<WeightedEdge> chain;
  for (std::uint32_t i = 0; i + 1 < 8; ++i) chain.push_back({i, i + 1, kMustLinkWeight});
  GuardResult g = guard_large_components(keys, chain, 1.0, 4, 1.0, kInf);
  EXPECT_EQ(g.labels, std::vector<std::uint64_t>(8, 10));
  EXPECT_EQ(g.components_split, 0U);
  EXPECT_EQ(g.edges_dropped, 0U);
  EXPECT_EQ(g.raised_thresholds, std::vector<double>{1.0});
  EXPECT_EQ(g.unresolved_labels, std::vector<std::uint64_t>{10});

  // Add weak extras: two more records hanging on weak links, and weak edges parallel to the
  // must-link ones. The weak links go; the must-link group stays whole (still reported).
  keys.push_back(5);
  keys.push_back(95);
  chain.push_back({8, 0, 2.0});
  chain.push_back({9, 7, 3.0});
  chain.push_back({2, 5, 2.5});
  g = guard_large_components(keys, chain, 1.0, 4, 1.0, 20.0);
  EXPECT_EQ(g.labels, (std::vector<std::uint64_t>{10, 10, 10, 10, 10, 10, 10, 10, 5, 95}));
  EXPECT_EQ(g.components_split, 1U);
  EXPECT_EQ(g.edges_dropped, 3U);
  EXPECT_EQ(g.raised_thresholds, std::vector<double>{4.0});
  EXPECT_EQ(g.guarded_labels, std::vector<std::uint64_t>{5});
  EXPECT_EQ(g.unresolved_labels, std::vector<std::uint64_t>{10});
  expect_same(g, reference_guard(keys, chain, 1.0, 4, 1.0, 20.0));

  // Two must-link triples joined by a weak edge, max_size 4: exactly the two triples.
  const std::vector<std::uint64_t> k6{6, 5, 4, 3, 2, 1};
  const std::vector<WeightedEdge> two{{0, 1, kInf}, {1, 2, kInf}, {3, 4, kInf}, {4, 5, kInf}, {2, 3, 9.0}};
  const GuardResult t = guard_large_components(k6, two, 1.0, 4, 1.0, 100.0);
  EXPECT_EQ(t.labels, (std::vector<std::uint64_t>{4, 4, 4, 1, 1, 1}));
  EXPECT_EQ(t.edges_dropped, 1U);
  EXPECT_EQ(t.raised_thresholds, std::vector<double>{10.0});
  EXPECT_TRUE(t.unresolved_labels.empty());
}

TEST(Guard, StopsAtMaxThresholdAndReports) {
  std::vector<std::uint64_t> keys(10);
  std::iota(keys.begin(), keys.end(), std::uint64_t{100});
  std::vector<WeightedEdge> edges;
  for (std::uint32_t i = 0; i + 1 < 10; ++i) edges.push_back({i, i + 1, 5.0});
  edges.push_back({0, 9, 2.0});
  // Raising past 2.0 is allowed (the ring opens) but 5.0 needs a threshold > max_threshold 4.5.
  const GuardResult g = guard_large_components(keys, edges, 1.0, 3, 1.0, 4.5);
  EXPECT_EQ(g.labels, std::vector<std::uint64_t>(10, 100));
  EXPECT_EQ(g.components_split, 0U);
  EXPECT_EQ(g.edges_dropped, 1U);
  EXPECT_EQ(g.raised_thresholds, std::vector<double>{3.0});
  EXPECT_EQ(g.unresolved_labels, std::vector<std::uint64_t>{100});
  expect_same(g, reference_guard(keys, edges, 1.0, 3, 1.0, 4.5));
}

TEST(Guard, MatchesStepByStepOracleOnRandomGraphs) {
  std::mt19937_64 rng(99);
  std::uint64_t splits = 0;
  std::uint64_t unresolved = 0;
  for (int round = 0; round < 150; ++round) {
    const std::size_t n = 1 + rng() % 120;
    const auto keys = shuffled_keys(n, rng);
    const auto edges = random_edges(n, rng() % (2 * n + 1), rng, round % 3 != 0);
    const auto max_size = static_cast<std::uint32_t>(1 + rng() % 12);
    const double step = round % 2 == 0 ? 0.5 : 0.3;
    const double max_threshold = 2.0 + static_cast<double>(rng() % 5);
    SCOPED_TRACE(round);
    const GuardResult g = guard_large_components(keys, edges, 1.0, max_size, step, max_threshold);
    expect_same(g, reference_guard(keys, edges, 1.0, max_size, step, max_threshold));
    splits += g.components_split;
    unresolved += g.unresolved_labels.size();
  }
  EXPECT_GT(splits, 20U);  // the sweep really exercises both outcomes
  EXPECT_GT(unresolved, 20U);
}

TEST(Guard, RejectsBadParameters) {
  const std::vector<std::uint64_t> keys{1, 2};
  const std::vector<WeightedEdge> edges{{0, 1, 3.0}};
  EXPECT_THROW(guard_large_components(keys, edges, kInf, 1, 1.0, kInf), std::invalid_argument);
  EXPECT_THROW(guard_large_components(keys, edges, 1.0, 1, 0.0, 5.0), std::invalid_argument);
  EXPECT_THROW(guard_large_components(keys, edges, 1.0, 1, -1.0, 5.0), std::invalid_argument);
  EXPECT_THROW(guard_large_components(keys, edges, 1.0, 1, 1.0, 0.5), std::invalid_argument);
  EXPECT_THROW(guard_large_components(keys, edges, 1.0, 0, 1.0, 5.0), std::invalid_argument);
  const std::vector<WeightedEdge> bad{{0, 5, 3.0}};
  EXPECT_THROW(guard_large_components(keys, bad, 1.0, 1, 1.0, 5.0), std::out_of_range);
}

}  // namespace
}  // namespace nayose::link

// ---------------------------------------------------------------------------------------------
// split_conflicts: a hub joins its best match, not every namesake.

namespace conflict_tests {

using nayose::link::kMustLinkWeight;
using nayose::link::split_conflicts;
using nayose::link::WeightedEdge;
using Conflict = std::pair<std::uint32_t, std::uint32_t>;

TEST(SplitConflicts, HubJoinsItsBestMatchOnly) {
  // 0 = hub (name only); 1 and 2 = two namesakes with different birth dates (a conflict).
  const std::vector<std::uint64_t> keys = {30, 10, 20};
  const std::vector<WeightedEdge> edges = {{0, 1, 18.0}, {0, 2, 17.0}};
  const std::vector<Conflict> conflicts = {{1, 2}};
  const auto r = split_conflicts(keys, edges, conflicts, 16.0);
  EXPECT_EQ(r.labels, (std::vector<std::uint64_t>{10, 10, 20}));
  EXPECT_EQ(r.edges_skipped, 1U);
  // Without the conflict: one component.
  const auto plain = split_conflicts(keys, edges, {}, 16.0);
  EXPECT_EQ(plain.labels, (std::vector<std::uint64_t>{10, 10, 10}));
  EXPECT_EQ(plain.edges_skipped, 0U);
}

TEST(SplitConflicts, MustLinksJoinWhateverTheConflicts) {
  const std::vector<std::uint64_t> keys = {1, 2, 3};
  const std::vector<WeightedEdge> edges = {{0, 1, kMustLinkWeight}, {1, 2, 20.0}};
  const std::vector<Conflict> conflicts = {{0, 1}, {0, 2}};
  const auto r = split_conflicts(keys, edges, conflicts, 16.0);
  EXPECT_EQ(r.labels, (std::vector<std::uint64_t>{1, 1, 3}));  // 1–2 would join 2 with 0's part
  EXPECT_EQ(r.edges_skipped, 1U);
}

TEST(SplitConflicts, TiesByKeysAndOrderIndependent) {
  // Equal weights: the edge with the smaller (min key, max key) goes first.
  const std::vector<std::uint64_t> keys = {5, 7, 9};
  std::vector<WeightedEdge> edges = {{0, 2, 17.0}, {0, 1, 17.0}};
  const std::vector<Conflict> conflicts = {{1, 2}};
  const auto r = split_conflicts(keys, edges, conflicts, 16.0);
  EXPECT_EQ(r.labels, (std::vector<std::uint64_t>{5, 5, 9}));  // (5,7) before (5,9)
  std::reverse(edges.begin(), edges.end());
  EXPECT_EQ(split_conflicts(keys, edges, conflicts, 16.0).labels, r.labels);
  // Below the threshold: no edge at all.
  EXPECT_EQ(split_conflicts(keys, edges, conflicts, 17.5).labels, (std::vector<std::uint64_t>{5, 7, 9}));
}

TEST(SplitConflicts, RandomGraphsRespectConflictsAndEqualComponentsWithoutThem) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 300; ++round) {
    const std::uint32_t n = 2 + static_cast<std::uint32_t>(rng() % 30);
    std::vector<std::uint64_t> keys(n);
    for (std::uint32_t i = 0; i < n; ++i) keys[i] = rng();
    std::vector<WeightedEdge> edges;
    for (int k = 0; k < static_cast<int>(n) * 2; ++k) {
      const auto a = static_cast<std::uint32_t>(rng() % n), b = static_cast<std::uint32_t>(rng() % n);
      edges.push_back({a, b, rng() % 10 == 0 ? kMustLinkWeight : static_cast<double>(rng() % 40)});
    }
    std::vector<Conflict> conflicts;
    for (int k = 0; k < 3; ++k) conflicts.emplace_back(rng() % n, rng() % n);
    const auto r = split_conflicts(keys, edges, conflicts, 16.0);
    // No conflict pair ends up together unless must-links joined them.
    const auto must = nayose::link::components(keys, edges, kMustLinkWeight);
    for (const auto& [a, b] : conflicts) {
      if (a != b && must[a] != must[b]) {
        EXPECT_NE(r.labels[a], r.labels[b]) << round;
      }
    }
    // Parts refine the plain components; without conflicts they are the plain components.
    const auto plain = nayose::link::components(keys, edges, 16.0);
    for (std::uint32_t i = 0; i < n; ++i) {
      for (std::uint32_t j = 0; j < n; ++j) {
        if (r.labels[i] == r.labels[j]) {
          EXPECT_EQ(plain[i], plain[j]);
        }
      }
    }
    EXPECT_EQ(split_conflicts(keys, edges, {}, 16.0).labels, plain);
    // Edge order does not matter.
    std::shuffle(edges.begin(), edges.end(), rng);
    std::shuffle(conflicts.begin(), conflicts.end(), rng);
    EXPECT_EQ(split_conflicts(keys, edges, conflicts, 16.0).labels, r.labels);
  }
}

}  // namespace conflict_tests
