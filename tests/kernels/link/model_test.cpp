#include "kernels/link/model.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace nayose::link {
namespace {

// ---------------------------------------------------------------------------------------------------
// Simulation: a known model, sampled with std::mt19937_64 (its output is fixed by the standard) and
// hand-written inverse-CDF sampling, so the counts are the same with every standard library.

double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Index into `probabilities[first..]` by inverse CDF; the last index takes any rounding remainder.
std::uint8_t sample_level(std::mt19937_64& rng, const std::vector<double>& probabilities) {
  const double x = unit(rng);
  double cumulative = 0.0;
  for (std::size_t l = 1; l + 1 < probabilities.size(); ++l) {
    cumulative += probabilities[l];
    if (x < cumulative) return static_cast<std::uint8_t>(l);
  }
  return static_cast<std::uint8_t>(probabilities.size() - 1);
}

struct TrueModel {
  ModelParameters parameters;
  std::vector<double> missing;  // P(field missing), the same among matches and non-matches
};

PatternSpace seven_fields() {
  return PatternSpace({{"kanji_name", 5},
                       {"kana_name", 4},
                       {"sex", 3},
                       {"birth_date", 5},
                       {"postal_code", 4},
                       {"municipality", 3},
                       {"insurer", 6}});
}

// m increasing and u decreasing in level, so log2(m/u) increases with agreement.
TrueModel seven_field_truth() {
  TrueModel truth;
  truth.parameters.lambda = 0.12;
  truth.parameters.m = {{0, 0.04, 0.06, 0.15, 0.75},      {0, 0.05, 0.15, 0.80}, {0, 0.03, 0.97},
                        {0, 0.02, 0.03, 0.05, 0.90},      {0, 0.10, 0.20, 0.70}, {0, 0.15, 0.85},
                        {0, 0.05, 0.05, 0.10, 0.20, 0.60}};
  truth.parameters.u = {{0, 0.90, 0.07, 0.02, 0.01},      {0, 0.85, 0.10, 0.05}, {0, 0.50, 0.50},
                        {0, 0.95, 0.03, 0.015, 0.005},    {0, 0.60, 0.30, 0.10}, {0, 0.70, 0.30},
                        {0, 0.50, 0.25, 0.15, 0.07, 0.03}};
  truth.missing = {0.02, 0.10, 0.01, 0.0, 0.20, 0.05, 0.30};
  return truth;
}

// Pair i goes to partition parts[i] ∈ [0, counts.size()), drawn from the same stream.
void simulate(const PatternSpace& space, const TrueModel& truth, double match_share, std::uint64_t pairs,
              std::uint64_t seed, std::vector<PatternCounts>& counts) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint8_t> levels(space.field_count());
  for (auto& c : counts) c.assign(space.size(), 0);
  for (std::uint64_t i = 0; i < pairs; ++i) {
    const bool match = unit(rng) < match_share;
    const auto& table = match ? truth.parameters.m : truth.parameters.u;
    for (std::size_t f = 0; f < space.field_count(); ++f) {
      levels[f] = unit(rng) < truth.missing[f] ? std::uint8_t{0} : sample_level(rng, table[f]);
    }
    const std::size_t part = static_cast<std::size_t>(rng() % counts.size());
    ++counts[part][space.index(levels)];
  }
}

PatternCounts simulate(const PatternSpace& space, const TrueModel& truth, double match_share,
                       std::uint64_t pairs, std::uint64_t seed) {
  std::vector<PatternCounts> counts(1);
  simulate(space, truth, match_share, pairs, seed, counts);
  return counts[0];
}

struct Simulated {
  PatternSpace space = seven_fields();
  TrueModel truth = seven_field_truth();
  PatternCounts random_pairs, candidates;
  std::vector<PatternCounts> candidate_parts;  // the same candidates split over 3 "ranks"
};

const Simulated& simulated() {
  static const Simulated data = [] {
    Simulated s;
    // Random pairs: almost all non-matches (1 in 5000 a match, as a random sample of pairs is).
    s.random_pairs = simulate(s.space, s.truth, 2e-4, 2'000'000, 0x5EED0001);
    s.candidate_parts.resize(3);
    simulate(s.space, s.truth, s.truth.parameters.lambda, 1'000'000, 0x5EED0002, s.candidate_parts);
    s.candidates.assign(s.space.size(), 0);
    for (const auto& part : s.candidate_parts) {
      for (std::size_t p = 0; p < part.size(); ++p) s.candidates[p] += part[p];
    }
    return s;
  }();
  return data;
}

bool all_finite(const ModelParameters& params) {
  if (!std::isfinite(params.lambda)) return false;
  for (const auto* table : {&params.m, &params.u}) {
    for (const auto& field : *table) {
      for (const double v : field) {
        if (!std::isfinite(v)) return false;
      }
    }
  }
  return true;
}

void expect_bit_identical(const EmResult& a, const EmResult& b) {
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.parameters.lambda),
            std::bit_cast<std::uint64_t>(b.parameters.lambda));
  ASSERT_EQ(a.parameters.m.size(), b.parameters.m.size());
  for (std::size_t f = 0; f < a.parameters.m.size(); ++f) {
    for (std::size_t l = 0; l < a.parameters.m[f].size(); ++l) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a.parameters.m[f][l]),
                std::bit_cast<std::uint64_t>(b.parameters.m[f][l]));
      EXPECT_EQ(std::bit_cast<std::uint64_t>(a.parameters.u[f][l]),
                std::bit_cast<std::uint64_t>(b.parameters.u[f][l]));
    }
  }
  ASSERT_EQ(a.trace.size(), b.trace.size());
  for (std::size_t i = 0; i < a.trace.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.trace[i].log_likelihood),
              std::bit_cast<std::uint64_t>(b.trace[i].log_likelihood));
  }
  EXPECT_EQ(a.converged, b.converged);
}

// The slow oracle: Σ n_p log(λ Π m + (1-λ) Π u) straight from the definition, in linear space.
double oracle_log_likelihood(const PatternSpace& space, const PatternCounts& counts,
                             const ModelParameters& params) {
  double total = 0.0;
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    if (counts[p] == 0) continue;
    double a = params.lambda;
    double b = 1.0 - params.lambda;
    for (std::size_t f = 0; f < space.field_count(); ++f) {
      const std::uint8_t l = space.level(p, f);
      if (l == 0) continue;
      a *= params.m[f][l];
      b *= params.u[f][l];
    }
    total += static_cast<double>(counts[p]) * std::log(a + b);
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------
// PatternSpace

TEST(PatternSpace, MixedRadixRoundTrip) {
  const PatternSpace space({{"a", 3}, {"b", 2}, {"c", 4}});
  EXPECT_EQ(space.size(), 24u);
  EXPECT_EQ(space.stride(0), 1u);
  EXPECT_EQ(space.stride(1), 3u);
  EXPECT_EQ(space.stride(2), 6u);
  const std::vector<std::uint8_t> levels = {2, 1, 3};
  EXPECT_EQ(space.index(levels), 2u + 1u * 3u + 3u * 6u);
  std::vector<std::uint8_t> decoded(3);
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    space.decode(p, decoded);
    EXPECT_EQ(space.index(decoded), p);
    for (std::size_t f = 0; f < 3; ++f) EXPECT_EQ(space.level(p, f), decoded[f]);
  }
  EXPECT_EQ(space.find_field("b"), std::optional<std::size_t>{1});
  EXPECT_FALSE(space.find_field("z").has_value());
  EXPECT_THROW(space.index(std::vector<std::uint8_t>{3, 0, 0}), std::invalid_argument);
  EXPECT_THROW(space.index(std::vector<std::uint8_t>{0, 0}), std::invalid_argument);
}

TEST(PatternSpace, RejectsBadFields) {
  EXPECT_THROW(PatternSpace({}), std::invalid_argument);
  EXPECT_THROW(PatternSpace({{"a", 1}}), std::invalid_argument);
  EXPECT_THROW(PatternSpace({{"a", 3}, {"a", 3}}), std::invalid_argument);
  // 255^5 > 2^32.
  EXPECT_THROW(PatternSpace({{"a", 255}, {"b", 255}, {"c", 255}, {"d", 255}, {"e", 255}}),
               std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------
// Distributions and u

TEST(FloorAndNormalise, WaterFillsToTheFloor) {
  std::vector<double> v = {7.0, 0.0, 1.0, 3.0, 6.0};
  floor_and_normalise(v, 0.05);
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], 0.05);
  EXPECT_NEAR(v[1] + v[2] + v[3] + v[4], 1.0, 1e-15);
  for (std::size_t l = 1; l < v.size(); ++l) EXPECT_GE(v[l], 0.05);
  // The unclamped keep their proportions: 1 : 3 : 6 (1/10 · 0.95 = 0.095 ≥ 0.05).
  EXPECT_NEAR(v[2], 0.095, 1e-15);
  EXPECT_NEAR(v[4] / v[3], 2.0, 1e-14);
  // A second round: after clamping 0 and 0.16, the rescale 0.20 · 0.64 / 0.84 < 0.18 clamps 0.20 too.
  std::vector<double> w = {0.0, 0.0, 16.0, 20.0, 64.0};
  floor_and_normalise(w, 0.18);
  EXPECT_EQ(w[1], 0.18);
  EXPECT_EQ(w[2], 0.18);
  EXPECT_EQ(w[3], 0.18);
  EXPECT_NEAR(w[4], 0.46, 1e-15);
  std::vector<double> zero = {0.0, 0.0, 0.0};
  floor_and_normalise(zero, 0.01);
  EXPECT_EQ(zero[1], 0.5);
  EXPECT_EQ(zero[2], 0.5);
  std::vector<double> bad = {0.0, 1.0, 1.0};
  EXPECT_THROW(floor_and_normalise(bad, 0.5), std::invalid_argument);
}

TEST(EstimateU, LevelFrequenciesAmongNonMissing) {
  const PatternSpace space({{"a", 3}, {"b", 4}});
  PatternCounts counts(space.size(), 0);
  const auto at = [&](std::uint8_t a, std::uint8_t b) {
    return space.index(std::vector<std::uint8_t>{a, b});
  };
  counts[at(1, 0)] = 60;  // b missing
  counts[at(2, 1)] = 20;
  counts[at(0, 2)] = 20;  // a missing
  const auto u = estimate_u(space, counts, 1e-6);
  EXPECT_DOUBLE_EQ(u[0][1], 0.75);
  EXPECT_DOUBLE_EQ(u[0][2], 0.25);
  EXPECT_EQ(u[1][3], 1e-6);  // never seen: floored
  EXPECT_NEAR(u[1][1], 0.5 * (1 - 1e-6), 1e-15);
  EXPECT_NEAR(u[1][2], 0.5 * (1 - 1e-6), 1e-15);
  EXPECT_EQ(u[0][0], 0.0);
  EXPECT_THROW(estimate_u(space, counts, 0.0), std::invalid_argument);
  EXPECT_THROW(estimate_u(space, PatternCounts(3, 0), 1e-6), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------
// (1) Recovery of known parameters

TEST(Em, RecoversKnownParametersWithUFromRandomPairs) {
  const Simulated& s = simulated();
  const auto u = estimate_u(s.space, s.random_pairs, 1e-6);
  for (std::size_t f = 0; f < u.size(); ++f) {
    for (std::size_t l = 1; l < u[f].size(); ++l) EXPECT_NEAR(u[f][l], s.truth.parameters.u[f][l], 2e-3);
  }
  EmOptions options;
  options.max_iterations = 2000;
  const EmResult result =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.01), options);
  ASSERT_TRUE(result.converged) << result.trace.size() << " iterations";
  const ModelParameters& fit = result.parameters;
  // 120,000 simulated matches: the standard error of an m entry is at most ~1.5e-3.
  EXPECT_NEAR(fit.lambda, s.truth.parameters.lambda, 2e-3);
  double worst = 0.0;
  for (std::size_t f = 0; f < fit.m.size(); ++f) {
    for (std::size_t l = 1; l < fit.m[f].size(); ++l) {
      EXPECT_NEAR(fit.m[f][l], s.truth.parameters.m[f][l], 6e-3) << s.space.field(f).name << " level " << l;
      worst = std::max(worst, std::abs(fit.m[f][l] - s.truth.parameters.m[f][l]));
    }
    EXPECT_EQ(fit.u[f], u[f]);  // held fixed, verbatim
    EXPECT_EQ(fit.m[f][0], 0.0);
  }
  RecordProperty("worst_m_error", std::to_string(worst));
  RecordProperty("lambda", std::to_string(fit.lambda));
  RecordProperty("iterations", std::to_string(result.trace.size()));

  // EM never lowers the likelihood (no priors), and the trace agrees with the oracle.
  double previous = result.start_log_likelihood;
  for (const auto& step : result.trace) {
    EXPECT_GE(step.log_likelihood, previous - 1e-9 * std::abs(previous)) << "iteration " << step.iteration;
    previous = step.log_likelihood;
  }
  EXPECT_NEAR(result.trace.back().log_likelihood, oracle_log_likelihood(s.space, s.candidates, fit),
              1e-9 * std::abs(previous));
  EXPECT_EQ(result.trace.back().log_likelihood, log_likelihood(s.space, s.candidates, fit));
  EXPECT_EQ(result.trace.back().lambda, fit.lambda);
  EXPECT_LT(result.trace.back().max_change, options.tolerance);
}

TEST(Em, RecoversUTooWhenFreed) {
  const Simulated& s = simulated();
  const auto u = estimate_u(s.space, s.random_pairs, 1e-6);
  EmOptions options;
  options.max_iterations = 3000;
  options.fix_u = false;
  const EmResult result =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.3), options);
  EXPECT_TRUE(result.converged);
  RecordProperty("iterations", std::to_string(result.trace.size()));
  EXPECT_NEAR(result.parameters.lambda, s.truth.parameters.lambda, 3e-3);
  for (std::size_t f = 0; f < u.size(); ++f) {
    for (std::size_t l = 1; l < u[f].size(); ++l) {
      EXPECT_NEAR(result.parameters.m[f][l], s.truth.parameters.m[f][l], 1e-2);
      EXPECT_NEAR(result.parameters.u[f][l], s.truth.parameters.u[f][l], 5e-3);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// (2) Determinism

TEST(Em, SameCountsGiveBitIdenticalResults) {
  const Simulated& s = simulated();
  const auto u = estimate_u(s.space, s.random_pairs, 1e-6);
  EmOptions options;
  options.max_iterations = 50;
  const EmResult a =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.05), options);
  const EmResult b =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.05), options);
  expect_bit_identical(a, b);
  EXPECT_EQ(pattern_weights(s.space, a.parameters), pattern_weights(s.space, b.parameters));
}

TEST(Em, PartitionSumsInAnyOrderGiveIdenticalResults) {
  const Simulated& s = simulated();
  const auto& parts = s.candidate_parts;
  for (const auto& part : parts) EXPECT_GT(std::accumulate(part.begin(), part.end(), std::uint64_t{0}), 0u);
  const std::vector<std::vector<std::size_t>> orders = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}, {2, 1, 0}};
  const auto u = estimate_u(s.space, s.random_pairs, 1e-6);
  EmOptions options;
  options.max_iterations = 40;
  const EmResult reference =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.05), options);
  for (const auto& order : orders) {
    PatternCounts sum(s.space.size(), 0);
    for (const std::size_t k : order) {
      for (std::size_t p = 0; p < sum.size(); ++p) sum[p] += parts[k][p];
    }
    ASSERT_EQ(sum, s.candidates);
    // Pairwise (tree) reduction as an allreduce might do it: still the same integers.
    PatternCounts tree = parts[order[0]];
    PatternCounts right = parts[order[1]];
    for (std::size_t p = 0; p < right.size(); ++p) right[p] += parts[order[2]][p];
    for (std::size_t p = 0; p < tree.size(); ++p) tree[p] += right[p];
    ASSERT_EQ(tree, s.candidates);
    expect_bit_identical(expectation_maximisation(s.space, sum, default_start(s.space, u, 0.05), options),
                         reference);
  }
}

// ---------------------------------------------------------------------------------------------------
// (3) Priors, fixed parameters and the M-step formulas by hand

TEST(Em, OneStepMatchesHandComputation) {
  const PatternSpace space({{"a", 3}, {"b", 2}});
  PatternCounts counts(space.size(), 0);
  counts[space.index(std::vector<std::uint8_t>{1, 1})] = 30;
  counts[space.index(std::vector<std::uint8_t>{2, 0})] = 10;
  counts[space.index(std::vector<std::uint8_t>{0, 1})] = 5;
  ModelParameters start;
  start.lambda = 0.5;
  start.m = {{0, 0.2, 0.8}, {0, 1.0}};
  start.u = {{0, 0.9, 0.1}, {0, 1.0}};
  EmOptions options;
  options.max_iterations = 1;
  options.fix_u = false;
  options.priors = {FieldPrior{"a", std::nullopt, std::nullopt, {0, 1.0, 2.0}, {0, 0.0, 3.0}}};
  const EmResult result = expectation_maximisation(space, counts, start, options);
  const double g1 = 0.1 / (0.1 + 0.45);  // level 1: λ m = 0.1, (1-λ) u = 0.45
  const double g2 = 0.4 / (0.4 + 0.05);  // level 2
  const double g0 = 0.5;                 // a missing, b carries no evidence: g = λ
  EXPECT_NEAR(result.parameters.lambda, (30 * g1 + 10 * g2 + 5 * g0) / 45.0, 1e-15);
  const double m1 = 30 * g1 + 1.0, m2 = 10 * g2 + 2.0;
  EXPECT_NEAR(result.parameters.m[0][1], m1 / (m1 + m2), 1e-15);
  EXPECT_NEAR(result.parameters.m[0][2], m2 / (m1 + m2), 1e-15);
  const double u1 = 30 * (1 - g1), u2 = 10 * (1 - g2) + 3.0;
  EXPECT_NEAR(result.parameters.u[0][1], u1 / (u1 + u2), 1e-15);
  EXPECT_NEAR(result.parameters.u[0][2], u2 / (u1 + u2), 1e-15);
  EXPECT_EQ(result.parameters.m[1][1], 1.0);
  EXPECT_NEAR(result.start_log_likelihood, 30 * std::log(0.55) + 10 * std::log(0.45) + 5 * std::log(1.0),
              1e-12);
  ASSERT_EQ(result.trace.size(), 1u);
  EXPECT_EQ(result.trace[0].iteration, 1);
  EXPECT_EQ(result.trace[0].log_likelihood, log_likelihood(space, counts, result.parameters));
  EXPECT_FALSE(result.converged);
}

TEST(Em, FixedParametersAreHonouredVerbatim) {
  const Simulated& s = simulated();
  const auto u = estimate_u(s.space, s.random_pairs, 1e-6);
  const std::vector<double> sex_m = {0, 0.1, 0.9};
  const std::vector<double> insurer_u = {0, 0.4, 0.3, 0.2, 0.07, 0.03};
  EmOptions options;
  options.max_iterations = 200;
  options.fix_u = false;
  options.priors = {FieldPrior{"sex", sex_m, std::nullopt, {}, {}},
                    FieldPrior{"insurer", std::nullopt, insurer_u, {}, {}}};
  const EmResult result =
      expectation_maximisation(s.space, s.candidates, default_start(s.space, u, 0.05), options);
  EXPECT_EQ(result.parameters.m[2], sex_m);
  EXPECT_EQ(result.parameters.u[6], insurer_u);
  EXPECT_NE(result.parameters.u[0], u[0]);  // the others were re-estimated
  EXPECT_TRUE(all_finite(result.parameters));
}

TEST(Em, PseudoCountsAloneDecideAFieldWithoutData) {
  const PatternSpace space({{"a", 4}, {"b", 3}});
  const PatternCounts zero(space.size(), 0);
  const auto u = estimate_u(space, zero, 1e-6);
  EmOptions options;
  options.priors = {FieldPrior{"b", std::nullopt, std::nullopt, {0, 1.0, 3.0}, {}}};
  const EmResult result = expectation_maximisation(space, zero, default_start(space, u, 0.2), options);
  EXPECT_NEAR(result.parameters.m[1][1], 0.25, 1e-15);
  EXPECT_NEAR(result.parameters.m[1][2], 0.75, 1e-15);
  EXPECT_EQ(result.parameters.lambda, 0.2);
}

TEST(Em, RejectsBadPriorsAndStarts) {
  const PatternSpace space({{"a", 3}, {"b", 3}});
  const PatternCounts counts(space.size(), 1);
  const auto u = estimate_u(space, counts, 1e-6);
  const ModelParameters start = default_start(space, u, 0.1);
  EmOptions options;
  options.priors = {FieldPrior{"nope", std::nullopt, std::nullopt, {}, {}}};
  EXPECT_THROW(expectation_maximisation(space, counts, start, options), std::invalid_argument);
  options.priors = {FieldPrior{"a", std::vector<double>{0, 0.5, 0.6}, std::nullopt, {}, {}}};
  EXPECT_THROW(expectation_maximisation(space, counts, start, options), std::invalid_argument);
  options.priors = {FieldPrior{"a", std::nullopt, std::nullopt, {0, -1.0, 1.0}, {}}};
  EXPECT_THROW(expectation_maximisation(space, counts, start, options), std::invalid_argument);
  options.priors = {FieldPrior{"a", {}, {}, {}, {}}, FieldPrior{"a", {}, {}, {}, {}}};
  EXPECT_THROW(expectation_maximisation(space, counts, start, options), std::invalid_argument);
  options.priors.clear();
  options.min_probability = 0.0;
  EXPECT_THROW(expectation_maximisation(space, counts, start, options), std::invalid_argument);
  options.min_probability = 1e-6;
  ModelParameters zero_u = start;
  zero_u.u[0] = {0, 1.0, 0.0};  // fixed u must be > 0: it would give an infinite weight
  EXPECT_THROW(expectation_maximisation(space, counts, zero_u, options), std::invalid_argument);
  EXPECT_THROW(default_start(space, u, 1.0), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------------
// (4) Weights, probabilities, term frequencies, histogram

TEST(Weights, MonotoneInLevelAndMissingIsNeutral) {
  const Simulated& s = simulated();
  const ModelParameters& truth = s.truth.parameters;
  const auto weights = pattern_weights(s.space, truth);
  const auto no_prior = pattern_weights(s.space, truth, WeightPrior::exclude);
  const double prior = prior_weight(truth.lambda);
  EXPECT_NEAR(prior, std::log2(0.12 / 0.88), 1e-15);
  for (std::uint32_t p = 0; p < s.space.size(); ++p) {
    EXPECT_NEAR(weights[p], no_prior[p] + prior, 1e-12);
    for (std::size_t f = 0; f < s.space.field_count(); ++f) {
      const std::uint8_t l = s.space.level(p, f);
      if (l >= 1 && l + 1 < s.space.levels(f)) {
        EXPECT_GT(weights[p + s.space.stride(f)], weights[p]);
      }
      if (l >= 1) {  // the field's term alone separates p from "the same with f missing"
        const double term = std::log2(truth.m[f][l] / truth.u[f][l]);
        EXPECT_NEAR(weights[p] - weights[p - l * s.space.stride(f)], term, 1e-12);
      }
    }
  }
  EXPECT_EQ(weights[0], prior);  // every field missing: the prior alone
  EXPECT_NEAR(match_probability(weights[0]), truth.lambda, 1e-15);
}

TEST(Weights, MatchProbability) {
  EXPECT_EQ(match_probability(0.0), 0.5);
  EXPECT_NEAR(match_probability(3.0), 8.0 / 9.0, 1e-15);
  EXPECT_NEAR(match_probability(-3.0), 1.0 / 9.0, 1e-15);
  EXPECT_EQ(match_probability(2000.0), 1.0);
  EXPECT_EQ(match_probability(-2000.0), 0.0);
  EXPECT_EQ(match_probability(INFINITY), 1.0);
  EXPECT_EQ(match_probability(-INFINITY), 0.0);
  EXPECT_TRUE(std::isnan(match_probability(NAN)));
}

TEST(Weights, TermFrequencyAdjustment) {
  ModelParameters params;
  params.lambda = 0.1;
  params.m = {{0, 0.1, 0.9}};
  params.u = {{0, 0.99, 0.01}};
  // Common value (tf 4% > u_top 1%): less evidence, by log2(0.01 / 0.04) = -2 bits.
  EXPECT_NEAR(term_frequency_adjustment(params, 0, 0.04, 1e-6), -2.0, 1e-12);
  // Rare value: more evidence, log2(0.01 / 0.0025) = +2 bits.
  EXPECT_NEAR(term_frequency_adjustment(params, 0, 0.0025, 1e-6), 2.0, 1e-12);
  EXPECT_EQ(term_frequency_adjustment(params, 0, 0.01, 1e-6), 0.0);
  // Below the floor (or unseen, or NaN): the floor.
  EXPECT_NEAR(term_frequency_adjustment(params, 0, 0.0, 1e-4), std::log2(0.01 / 1e-4), 1e-12);
  EXPECT_NEAR(term_frequency_adjustment(params, 0, NAN, 1e-4), std::log2(0.01 / 1e-4), 1e-12);
  EXPECT_NEAR(term_frequency_adjustment(params, 0, 2.0, 1e-4), std::log2(0.01), 1e-12);
  // The adjusted top-level term is log2(m_top / tf).
  const double top = std::log2(params.m[0][2] / params.u[0][2]);
  EXPECT_NEAR(top + term_frequency_adjustment(params, 0, 0.04, 1e-6), std::log2(0.9 / 0.04), 1e-12);
  EXPECT_THROW(term_frequency_adjustment(params, 1, 0.04, 1e-6), std::invalid_argument);
  EXPECT_THROW(term_frequency_adjustment(params, 0, 0.04, 0.0), std::invalid_argument);
}

TEST(Weights, Histogram) {
  const PatternSpace space({{"a", 4}});
  const PatternCounts counts = {5, 7, 0, 11};
  const std::vector<double> weights = {-100.0, 0.25, NAN, 100.0};  // NaN only where the count is 0
  const auto histogram = weight_histogram(space, counts, weights, -1.0, 1.0, 4);
  EXPECT_EQ(histogram, (std::vector<std::uint64_t>{5, 0, 7, 11}));
  const Simulated& s = simulated();
  const auto all =
      weight_histogram(s.space, s.candidates, pattern_weights(s.space, s.truth.parameters), -30, 30, 60);
  EXPECT_EQ(std::accumulate(all.begin(), all.end(), std::uint64_t{0}), 1'000'000u);
  EXPECT_THROW(weight_histogram(space, PatternCounts{0, 1, 1, 0}, weights, -1.0, 1.0, 4),
               std::invalid_argument);
  EXPECT_THROW(weight_histogram(space, counts, weights, 1.0, 1.0, 4), std::invalid_argument);
  EXPECT_THROW(weight_histogram(space, counts, weights, -1.0, 1.0, 0), std::invalid_argument);
}

TEST(DefaultStart, FavoursTheTopLevel) {
  const PatternSpace space({{"a", 2}, {"b", 3}, {"c", 5}});
  const auto u = estimate_u(space, PatternCounts(space.size(), 0), 1e-6);
  const ModelParameters start = default_start(space, u, 0.05);
  EXPECT_EQ(start.m[0], (std::vector<double>{0, 1.0}));
  EXPECT_NEAR(start.m[1][1], 0.1, 1e-15);
  EXPECT_EQ(start.m[1][2], 0.9);
  EXPECT_NEAR(start.m[2][1], 0.1 / 7, 1e-15);
  EXPECT_NEAR(start.m[2][2], 0.2 / 7, 1e-15);
  EXPECT_NEAR(start.m[2][3], 0.4 / 7, 1e-15);
  EXPECT_NEAR(start.m[2][1] + start.m[2][2] + start.m[2][3] + start.m[2][4], 1.0, 1e-15);
  EXPECT_EQ(start.u, u);
  EXPECT_EQ(start.lambda, 0.05);
}

// ---------------------------------------------------------------------------------------------------
// (5) Degenerate inputs

TEST(Degenerate, AllCountsZero) {
  const PatternSpace space = seven_fields();
  const PatternCounts zero(space.size(), 0);
  const auto u = estimate_u(space, zero, 1e-6);  // uniform per field
  EXPECT_DOUBLE_EQ(u[6][3], 0.2);
  const ModelParameters start = default_start(space, u, 0.1);
  const EmResult result = expectation_maximisation(space, zero, start, EmOptions{});
  EXPECT_TRUE(result.converged);
  EXPECT_EQ(result.trace.size(), 1u);
  EXPECT_EQ(result.trace[0].max_change, 0.0);
  EXPECT_EQ(result.trace[0].log_likelihood, 0.0);
  EXPECT_EQ(result.parameters.lambda, 0.1);
  EXPECT_EQ(result.parameters.m, start.m);
  EXPECT_TRUE(all_finite(result.parameters));
  EmOptions freed;
  freed.fix_u = false;
  EXPECT_TRUE(expectation_maximisation(space, zero, start, freed).converged);
}

TEST(Degenerate, FieldAlwaysMissing) {
  const Simulated& s = simulated();
  // Move every pair to "postal_code missing" in both samples.
  const std::size_t postal = *s.space.find_field("postal_code");
  const auto drop = [&](const PatternCounts& counts) {
    PatternCounts out(counts.size(), 0);
    for (std::uint32_t p = 0; p < counts.size(); ++p) {
      out[p - s.space.level(p, postal) * s.space.stride(postal)] += counts[p];
    }
    return out;
  };
  const PatternCounts random_pairs = drop(s.random_pairs);
  const PatternCounts candidates = drop(s.candidates);
  const auto u = estimate_u(s.space, random_pairs, 1e-6);
  EXPECT_DOUBLE_EQ(u[postal][1], 1.0 / 3.0);
  const ModelParameters start = default_start(s.space, u, 0.05);
  EmOptions options;
  options.max_iterations = 2000;
  for (const bool fix_u : {true, false}) {
    options.fix_u = fix_u;
    const EmResult result = expectation_maximisation(s.space, candidates, start, options);
    EXPECT_TRUE(result.converged);
    EXPECT_TRUE(all_finite(result.parameters));
    EXPECT_EQ(result.parameters.m[postal], start.m[postal]);  // nothing to learn from: unchanged
    EXPECT_NEAR(result.parameters.lambda, s.truth.parameters.lambda, fix_u ? 2e-3 : 3e-3);
    for (const double w : pattern_weights(s.space, result.parameters)) ASSERT_TRUE(std::isfinite(w));
  }
}

TEST(Degenerate, SinglePattern) {
  const PatternSpace space = seven_fields();
  const auto u = estimate_u(space, simulated().random_pairs, 1e-6);
  const ModelParameters start = default_start(space, u, 0.1);
  std::vector<std::uint8_t> top(space.field_count());
  for (std::size_t f = 0; f < top.size(); ++f) top[f] = static_cast<std::uint8_t>(space.levels(f) - 1);
  for (const std::uint32_t pattern : {space.index(top), 0u, 1u}) {
    PatternCounts counts(space.size(), 0);
    counts[pattern] = 123'456'789;
    for (const bool fix_u : {true, false}) {
      EmOptions options;
      options.fix_u = fix_u;
      options.max_iterations = 500;
      const EmResult result = expectation_maximisation(space, counts, start, options);
      EXPECT_TRUE(all_finite(result.parameters)) << pattern;
      for (const auto& step : result.trace) {
        ASSERT_TRUE(std::isfinite(step.log_likelihood) && std::isfinite(step.max_change)) << pattern;
      }
      EXPECT_GE(result.parameters.lambda, options.min_probability);
      EXPECT_LE(result.parameters.lambda, 1.0 - options.min_probability);
      EXPECT_TRUE(result.converged || static_cast<int>(result.trace.size()) == options.max_iterations);
      for (const double w : pattern_weights(space, result.parameters)) ASSERT_TRUE(std::isfinite(w));
    }
  }
  // All exact agreement and u fixed: every pair is a match, up to the floor.
  PatternCounts counts(space.size(), 0);
  counts[space.index(top)] = 1000;
  const EmResult result = expectation_maximisation(space, counts, start, EmOptions{});
  EXPECT_TRUE(result.converged);
  EXPECT_NEAR(result.parameters.lambda, 1.0 - 1e-6, 1e-12);
}

TEST(Degenerate, TinySpaceAndZeroIterations) {
  const PatternSpace space({{"flag", 2}});
  const PatternCounts counts = {3, 4};
  const auto u = estimate_u(space, counts, 1e-6);
  EXPECT_EQ(u[0][1], 1.0);
  const ModelParameters start = default_start(space, u, 0.3);
  const EmResult result = expectation_maximisation(space, counts, start, EmOptions{});
  EXPECT_TRUE(result.converged);
  EXPECT_NEAR(result.parameters.lambda, 0.3, 1e-15);  // no evidence: the posterior is the prior
  EXPECT_EQ(pattern_weights(space, result.parameters, WeightPrior::exclude), (std::vector<double>{0.0, 0.0}));
  EmOptions none;
  none.max_iterations = 0;
  const EmResult untouched = expectation_maximisation(space, counts, start, none);
  EXPECT_TRUE(untouched.trace.empty());
  EXPECT_FALSE(untouched.converged);
  EXPECT_EQ(untouched.parameters.lambda, 0.3);
  EXPECT_NEAR(untouched.start_log_likelihood, 0.0, 1e-15);
}

}  // namespace
}  // namespace nayose::link
