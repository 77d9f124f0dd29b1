#include "kernels/link/model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace nayose::link {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::invalid_argument("link model: " + what);
}

// Tolerance on Σ = 1 for parameters the caller fixes (used verbatim, so they must be distributions).
constexpr double kSumTolerance = 1e-9;

void check_floor(const PatternSpace& space, double floor, const char* what) {
  if (!(floor >= 0.0) || !std::isfinite(floor)) fail(std::string(what) + " must be finite and >= 0");
  for (const auto& field : space.fields()) {
    if (floor * static_cast<double>(field.levels - 1) >= 1.0) {
      fail(std::string(what) + " times the non-missing levels of field '" + field.name + "' must be < 1");
    }
  }
}

// The shape of a parameter table (m or u) must match the space.
void check_shape(const PatternSpace& space, const std::vector<std::vector<double>>& table, const char* what) {
  if (table.size() != space.field_count()) fail(std::string(what) + ": one entry per field expected");
  for (std::size_t f = 0; f < table.size(); ++f) {
    if (table[f].size() != space.levels(f)) {
      fail(std::string(what) + " of field '" + space.field(f).name + "': one entry per level expected");
    }
  }
}

// A caller-fixed distribution: entries 1..L-1 finite, > 0 and summing to 1.
void check_distribution(std::span<const double> values, const std::string& what) {
  double sum = 0.0;
  for (std::size_t l = 1; l < values.size(); ++l) {
    if (!std::isfinite(values[l]) || !(values[l] > 0.0)) fail(what + ": entries of levels >= 1 must be > 0");
    sum += values[l];
  }
  if (std::abs(sum - 1.0) > kSumTolerance) fail(what + ": entries of levels >= 1 must sum to 1");
}

void check_nonnegative(std::span<const double> values, const std::string& what) {
  for (std::size_t l = 1; l < values.size(); ++l) {
    if (!std::isfinite(values[l]) || values[l] < 0.0) fail(what + ": entries must be finite and >= 0");
  }
}

void check_counts(const PatternSpace& space, const PatternCounts& counts, const char* what) {
  if (counts.size() != space.size()) fail(std::string(what) + ": one count per pattern expected");
}

// The patterns with a nonzero count, their levels flattened (field-major within a pattern): EM
// touches only these, in increasing pattern order.
struct ObservedPatterns {
  std::vector<double> count;
  std::vector<std::uint8_t> levels;  // count.size() × field_count
  double total = 0.0;
};

ObservedPatterns observed_patterns(const PatternSpace& space, const PatternCounts& counts) {
  ObservedPatterns observed;
  const std::size_t fields = space.field_count();
  std::vector<std::uint8_t> levels(fields);
  std::uint64_t total = 0;
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    if (counts[p] == 0) continue;
    space.decode(p, levels);
    observed.count.push_back(static_cast<double>(counts[p]));
    observed.levels.insert(observed.levels.end(), levels.begin(), levels.end());
    total += counts[p];
  }
  observed.total = static_cast<double>(total);
  return observed;
}

// Per-field offsets into flattened [field][level] tables.
std::vector<std::size_t> level_offsets(const PatternSpace& space) {
  std::vector<std::size_t> offsets(space.field_count() + 1, 0);
  for (std::size_t f = 0; f < space.field_count(); ++f) offsets[f + 1] = offsets[f] + space.levels(f);
  return offsets;
}

// log of a table, flattened; level 0 is never read (missing fields are skipped).
std::vector<double> log_table(const std::vector<std::vector<double>>& table, std::size_t total_levels) {
  std::vector<double> out;
  out.reserve(total_levels);
  for (const auto& field : table) {
    out.push_back(0.0);
    for (std::size_t l = 1; l < field.size(); ++l) out.push_back(std::log(field[l]));
  }
  return out;
}

// log(e^a + e^b) without overflow or underflow.
double log_sum_exp(double a, double b) {
  const double hi = std::max(a, b);
  const double lo = std::min(a, b);
  return hi + std::log1p(std::exp(lo - hi));
}

struct EStep {
  double log_likelihood = 0.0;
  double matches = 0.0;              // Σ n_p g_p
  std::vector<double> match_levels;  // flattened [f][l]: Σ n_p g_p over patterns at level l of f
  std::vector<double> other_levels;  // the same with 1 - g_p
};

EStep expectation(const ObservedPatterns& observed, std::size_t fields,
                  const std::vector<std::size_t>& offsets, const ModelParameters& params) {
  const std::size_t total_levels = offsets.back();
  const std::vector<double> log_m = log_table(params.m, total_levels);
  const std::vector<double> log_u = log_table(params.u, total_levels);
  const double log_lambda = std::log(params.lambda);
  const double log_other = std::log1p(-params.lambda);
  EStep step;
  step.match_levels.assign(total_levels, 0.0);
  step.other_levels.assign(total_levels, 0.0);
  for (std::size_t i = 0; i < observed.count.size(); ++i) {
    const std::uint8_t* levels = observed.levels.data() + i * fields;
    double a = log_lambda;
    double b = log_other;
    for (std::size_t f = 0; f < fields; ++f) {
      if (levels[f] == 0) continue;
      a += log_m[offsets[f] + levels[f]];
      b += log_u[offsets[f] + levels[f]];
    }
    const double n = observed.count[i];
    // g = a / (a + b) in linear terms, as 1 / (1 + e^(b - a)): exact at both extremes.
    const double g = 1.0 / (1.0 + std::exp(b - a));
    step.log_likelihood += n * log_sum_exp(a, b);
    const double n_match = n * g;
    const double n_other = n * (1.0 - g);
    step.matches += n_match;
    for (std::size_t f = 0; f < fields; ++f) {
      if (levels[f] == 0) continue;
      step.match_levels[offsets[f] + levels[f]] += n_match;
      step.other_levels[offsets[f] + levels[f]] += n_other;
    }
  }
  return step;
}

struct ResolvedPrior {
  const std::vector<double>* fixed_m = nullptr;
  const std::vector<double>* fixed_u = nullptr;
  const std::vector<double>* m_pseudo = nullptr;
  const std::vector<double>* u_pseudo = nullptr;
};

std::vector<ResolvedPrior> resolve_priors(const PatternSpace& space, const std::vector<FieldPrior>& priors) {
  std::vector<ResolvedPrior> resolved(space.field_count());
  std::vector<bool> seen(space.field_count(), false);
  for (const auto& prior : priors) {
    const auto f = space.find_field(prior.field);
    if (!f) fail("prior for unknown field '" + prior.field + "'");
    if (seen[*f]) fail("more than one prior for field '" + prior.field + "'");
    seen[*f] = true;
    const std::size_t levels = space.levels(*f);
    ResolvedPrior& r = resolved[*f];
    if (prior.fixed_m) {
      if (prior.fixed_m->size() != levels)
        fail("fixed m of field '" + prior.field + "': one entry per level");
      check_distribution(*prior.fixed_m, "fixed m of field '" + prior.field + "'");
      r.fixed_m = &*prior.fixed_m;
    }
    if (prior.fixed_u) {
      if (prior.fixed_u->size() != levels)
        fail("fixed u of field '" + prior.field + "': one entry per level");
      check_distribution(*prior.fixed_u, "fixed u of field '" + prior.field + "'");
      r.fixed_u = &*prior.fixed_u;
    }
    if (!prior.m_pseudo_counts.empty()) {
      if (prior.m_pseudo_counts.size() != levels) {
        fail("m pseudo-counts of field '" + prior.field + "': one entry per level");
      }
      check_nonnegative(prior.m_pseudo_counts, "m pseudo-counts of field '" + prior.field + "'");
      r.m_pseudo = &prior.m_pseudo_counts;
    }
    if (!prior.u_pseudo_counts.empty()) {
      if (prior.u_pseudo_counts.size() != levels) {
        fail("u pseudo-counts of field '" + prior.field + "': one entry per level");
      }
      check_nonnegative(prior.u_pseudo_counts, "u pseudo-counts of field '" + prior.field + "'");
      r.u_pseudo = &prior.u_pseudo_counts;
    }
  }
  return resolved;
}

// One field's M step: expected level counts (+ pseudo-counts) normalised and floored, unless there is
// nothing to estimate from, when the current values stay. Returns the largest absolute change.
double update_field(std::vector<double>& current, const double* expected, const std::vector<double>* pseudo,
                    double floor) {
  std::vector<double> next(current.size(), 0.0);
  double sum = 0.0;
  for (std::size_t l = 1; l < next.size(); ++l) {
    next[l] = expected[l] + (pseudo != nullptr ? (*pseudo)[l] : 0.0);
    sum += next[l];
  }
  if (!(sum > 0.0)) return 0.0;
  floor_and_normalise(next, floor);
  double change = 0.0;
  for (std::size_t l = 1; l < next.size(); ++l) change = std::max(change, std::abs(next[l] - current[l]));
  current = std::move(next);
  return change;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// PatternSpace

PatternSpace::PatternSpace(std::vector<FieldLevels> fields) : fields_(std::move(fields)) {
  if (fields_.empty()) fail("a pattern space needs at least one field");
  std::uint64_t size = 1;
  strides_.reserve(fields_.size());
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    if (fields_[f].levels < 2) fail("field '" + fields_[f].name + "' needs at least 2 levels (0 = missing)");
    for (std::size_t g = 0; g < f; ++g) {
      if (fields_[g].name == fields_[f].name) fail("field name '" + fields_[f].name + "' repeats");
    }
    strides_.push_back(static_cast<std::uint32_t>(size));
    size *= fields_[f].levels;
    if (size > std::numeric_limits<std::uint32_t>::max())
      fail("too many comparison patterns for 32-bit indices");
  }
  size_ = static_cast<std::uint32_t>(size);
}

std::optional<std::size_t> PatternSpace::find_field(std::string_view name) const noexcept {
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    if (fields_[f].name == name) return f;
  }
  return std::nullopt;
}

void PatternSpace::decode(std::uint32_t pattern, std::span<std::uint8_t> out) const {
  if (out.size() != fields_.size()) fail("decode: one level per field expected");
  if (pattern >= size_) fail("decode: pattern out of range");
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    out[f] = static_cast<std::uint8_t>(pattern % fields_[f].levels);
    pattern /= fields_[f].levels;
  }
}

std::uint32_t PatternSpace::index(std::span<const std::uint8_t> levels) const {
  if (levels.size() != fields_.size()) fail("index: one level per field expected");
  std::uint32_t pattern = 0;
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    if (levels[f] >= fields_[f].levels) fail("index: level out of range for field '" + fields_[f].name + "'");
    pattern += levels[f] * strides_[f];
  }
  return pattern;
}

// ---------------------------------------------------------------------------------------------------
// Distributions

void floor_and_normalise(std::span<double> values, double floor) {
  if (values.empty()) return;
  const std::size_t k = values.size() - 1;
  values[0] = 0.0;
  if (k == 0) return;
  if (!(floor >= 0.0) || floor * static_cast<double>(k) >= 1.0)
    fail("floor times the levels must be in [0, 1)");
  double sum = 0.0;
  for (std::size_t l = 1; l <= k; ++l) {
    if (!std::isfinite(values[l]) || values[l] < 0.0) fail("probabilities must be finite and >= 0");
    sum += values[l];
  }
  if (!(sum > 0.0) || !std::isfinite(sum)) {
    for (std::size_t l = 1; l <= k; ++l) values[l] = 1.0 / static_cast<double>(k);
    return;
  }
  for (std::size_t l = 1; l <= k; ++l) values[l] /= sum;
  // Water-filling: clamp what falls below the floor, rescale the rest into the remaining mass.
  std::vector<bool> clamped(values.size(), false);
  std::size_t n_clamped = 0;
  for (;;) {
    double free_sum = 0.0;
    for (std::size_t l = 1; l <= k; ++l) {
      if (!clamped[l]) free_sum += values[l];
    }
    const double free_mass = 1.0 - static_cast<double>(n_clamped) * floor;
    bool changed = false;
    for (std::size_t l = 1; l <= k; ++l) {
      if (clamped[l]) continue;
      if (values[l] * free_mass < floor * free_sum) {
        clamped[l] = true;
        values[l] = floor;
        ++n_clamped;
        changed = true;
      }
    }
    if (!changed) {
      if (free_sum > 0.0 && free_mass != free_sum) {
        const double scale = free_mass / free_sum;
        for (std::size_t l = 1; l <= k; ++l) {
          if (!clamped[l]) values[l] *= scale;
        }
      }
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// u, EM

std::vector<std::vector<double>> estimate_u(const PatternSpace& space, const PatternCounts& random_pairs,
                                            double floor) {
  check_counts(space, random_pairs, "estimate_u");
  if (!(floor > 0.0)) fail("estimate_u: floor must be > 0 (a zero u gives an infinite weight)");
  check_floor(space, floor, "estimate_u floor");
  const std::size_t fields = space.field_count();
  std::vector<std::vector<std::uint64_t>> level_counts(fields);
  for (std::size_t f = 0; f < fields; ++f) level_counts[f].assign(space.levels(f), 0);
  std::vector<std::uint8_t> levels(fields);
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    if (random_pairs[p] == 0) continue;
    space.decode(p, levels);
    for (std::size_t f = 0; f < fields; ++f) level_counts[f][levels[f]] += random_pairs[p];
  }
  std::vector<std::vector<double>> u(fields);
  for (std::size_t f = 0; f < fields; ++f) {
    u[f].assign(space.levels(f), 0.0);
    for (std::size_t l = 1; l < u[f].size(); ++l) u[f][l] = static_cast<double>(level_counts[f][l]);
    floor_and_normalise(u[f], floor);  // an all-zero field becomes uniform
  }
  return u;
}

double log_likelihood(const PatternSpace& space, const PatternCounts& counts, const ModelParameters& params) {
  check_counts(space, counts, "log_likelihood");
  check_shape(space, params.m, "m");
  check_shape(space, params.u, "u");
  if (!(params.lambda > 0.0 && params.lambda < 1.0)) fail("lambda must be in (0, 1)");
  const ObservedPatterns observed = observed_patterns(space, counts);
  return expectation(observed, space.field_count(), level_offsets(space), params).log_likelihood;
}

EmResult expectation_maximisation(const PatternSpace& space, const PatternCounts& candidate_pairs,
                                  ModelParameters start, const EmOptions& options) {
  check_counts(space, candidate_pairs, "expectation_maximisation");
  check_shape(space, start.m, "start m");
  check_shape(space, start.u, "start u");
  if (options.max_iterations < 0) fail("max_iterations must be >= 0");
  if (!(options.tolerance >= 0.0)) fail("tolerance must be >= 0");
  check_floor(space, options.min_probability, "min_probability");
  // > 0 keeps every log finite; < 0.5 because it also bounds lambda to [floor, 1 - floor].
  if (!(options.min_probability > 0.0 && options.min_probability < 0.5))
    fail("min_probability must be in (0, 0.5)");
  if (!(start.lambda > 0.0 && start.lambda < 1.0)) fail("start lambda must be in (0, 1)");
  const std::vector<ResolvedPrior> priors = resolve_priors(space, options.priors);
  const std::size_t fields = space.field_count();
  const double floor = options.min_probability;

  std::vector<bool> update_m(fields), update_u(fields);
  for (std::size_t f = 0; f < fields; ++f) {
    const std::string& name = space.field(f).name;
    update_m[f] = priors[f].fixed_m == nullptr;
    update_u[f] = !options.fix_u && priors[f].fixed_u == nullptr;
    if (priors[f].fixed_m != nullptr) {
      start.m[f] = *priors[f].fixed_m;
    } else {
      check_nonnegative(start.m[f], "start m of field '" + name + "'");
      floor_and_normalise(start.m[f], floor);
    }
    if (priors[f].fixed_u != nullptr) {
      start.u[f] = *priors[f].fixed_u;
    } else if (!update_u[f]) {
      check_distribution(start.u[f], "fixed (start) u of field '" + name + "'");
    } else {
      check_nonnegative(start.u[f], "start u of field '" + name + "'");
      floor_and_normalise(start.u[f], floor);
    }
    start.m[f][0] = 0.0;
    start.u[f][0] = 0.0;
  }
  start.lambda = std::clamp(start.lambda, floor, 1.0 - floor);

  const ObservedPatterns observed = observed_patterns(space, candidate_pairs);
  const std::vector<std::size_t> offsets = level_offsets(space);

  EmResult result;
  result.parameters = std::move(start);
  ModelParameters& params = result.parameters;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    const EStep step = expectation(observed, fields, offsets, params);
    if (iteration == 1) {
      result.start_log_likelihood = step.log_likelihood;
    } else {
      result.trace.back().log_likelihood = step.log_likelihood;
    }
    double max_change = 0.0;
    if (observed.total > 0.0) {
      const double lambda = std::clamp(step.matches / observed.total, floor, 1.0 - floor);
      max_change = std::abs(lambda - params.lambda);
      params.lambda = lambda;
    }
    for (std::size_t f = 0; f < fields; ++f) {
      if (update_m[f]) {
        max_change = std::max(max_change, update_field(params.m[f], step.match_levels.data() + offsets[f],
                                                       priors[f].m_pseudo, floor));
      }
      if (update_u[f]) {
        max_change = std::max(max_change, update_field(params.u[f], step.other_levels.data() + offsets[f],
                                                       priors[f].u_pseudo, floor));
      }
    }
    result.trace.push_back(EmIteration{iteration, params.lambda, 0.0, max_change});
    if (max_change < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  const double final_log_likelihood = expectation(observed, fields, offsets, params).log_likelihood;
  if (result.trace.empty()) {
    result.start_log_likelihood = final_log_likelihood;
  } else {
    result.trace.back().log_likelihood = final_log_likelihood;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Weights

double prior_weight(double lambda) {
  return std::log2(lambda) - std::log2(1.0 - lambda);
}

std::vector<double> pattern_weights(const PatternSpace& space, const ModelParameters& params,
                                    WeightPrior prior) {
  check_shape(space, params.m, "m");
  check_shape(space, params.u, "u");
  const std::size_t fields = space.field_count();
  // Per field and level, log2(m/u): the pattern weight is a sum of one term per non-missing field.
  std::vector<std::vector<double>> terms(fields);
  for (std::size_t f = 0; f < fields; ++f) {
    terms[f].assign(space.levels(f), 0.0);
    for (std::size_t l = 1; l < terms[f].size(); ++l)
      terms[f][l] = std::log2(params.m[f][l]) - std::log2(params.u[f][l]);
  }
  const double base = prior == WeightPrior::include ? prior_weight(params.lambda) : 0.0;
  std::vector<double> weights(space.size());
  std::vector<std::uint8_t> levels(fields);
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    space.decode(p, levels);
    double w = base;
    for (std::size_t f = 0; f < fields; ++f) w += terms[f][levels[f]];  // terms[f][0] == 0
    weights[p] = w;
  }
  return weights;
}

double match_probability(double weight_with_prior) noexcept {
  if (std::isnan(weight_with_prior)) return weight_with_prior;
  if (weight_with_prior >= 0.0) return 1.0 / (1.0 + std::exp2(-weight_with_prior));
  const double odds = std::exp2(weight_with_prior);
  return odds / (1.0 + odds);
}

double term_frequency_adjustment(const ModelParameters& params, std::size_t field, double value_frequency,
                                 double floor) {
  if (field >= params.u.size() || params.u[field].size() < 2)
    fail("term_frequency_adjustment: no such field");
  if (!(floor > 0.0 && floor <= 1.0)) fail("term_frequency_adjustment: floor must be in (0, 1]");
  const double u_top = params.u[field].back();
  double tf = value_frequency;
  if (!(tf >= floor)) tf = floor;  // also NaN
  tf = std::min(tf, 1.0);
  return std::log2(u_top) - std::log2(tf);
}

ModelParameters default_start(const PatternSpace& space, const std::vector<std::vector<double>>& u,
                              double lambda_guess) {
  check_shape(space, u, "u");
  if (!(lambda_guess > 0.0 && lambda_guess < 1.0)) fail("default_start: lambda guess must be in (0, 1)");
  ModelParameters start;
  start.lambda = lambda_guess;
  start.u = u;
  start.m.resize(space.field_count());
  for (std::size_t f = 0; f < space.field_count(); ++f) {
    const std::size_t k = space.levels(f) - 1u;
    std::vector<double>& m = start.m[f];
    m.assign(k + 1, 0.0);
    if (k == 1) {
      m[1] = 1.0;
      continue;
    }
    m[k] = 0.9;
    double total = 0.0;
    for (std::size_t l = 1; l < k; ++l) total += std::ldexp(1.0, static_cast<int>(l - 1));
    for (std::size_t l = 1; l < k; ++l) m[l] = 0.1 * std::ldexp(1.0, static_cast<int>(l - 1)) / total;
  }
  return start;
}

std::vector<std::uint64_t> weight_histogram(const PatternSpace& space, const PatternCounts& counts,
                                            const std::vector<double>& weights, double lo, double hi,
                                            std::size_t bins) {
  check_counts(space, counts, "weight_histogram");
  if (weights.size() != space.size()) fail("weight_histogram: one weight per pattern expected");
  if (bins == 0) fail("weight_histogram: bins must be > 0");
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi)) fail("weight_histogram: need finite lo < hi");
  std::vector<std::uint64_t> histogram(bins, 0);
  const double width = (hi - lo) / static_cast<double>(bins);
  for (std::uint32_t p = 0; p < space.size(); ++p) {
    if (counts[p] == 0) continue;
    const double w = weights[p];
    if (std::isnan(w)) fail("weight_histogram: NaN weight");
    std::size_t bin = 0;
    if (w >= hi) {
      bin = bins - 1;
    } else if (w > lo) {
      bin = std::min(bins - 1, static_cast<std::size_t>((w - lo) / width));
    }
    histogram[bin] += counts[p];
  }
  return histogram;
}

}  // namespace nayose::link
