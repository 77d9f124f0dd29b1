#pragma once
// The Fellegi–Sunter model of probabilistic linkage (DESIGN §Linkage): each candidate pair is a
// comparison pattern (one level per field); the model says how likely each pattern is among true
// matches (m) and non-matches (u), and λ is the share of matches among the candidate pairs.
//
// Everything here works on integer pattern counts, never on pairs: ranks count patterns, the counts
// are summed across ranks (integers, so the sum does not depend on the partition or its order) and
// the model is fitted once on the totals. Patterns are few (Π levels, typically 10^3–10^5), so the
// fit is serial and its iteration order fixed: the same counts give bit-identical parameters on the
// same build. Generic over fields: the comparators (elsewhere) decide what the fields and levels are.
//
// Conventions used throughout:
//  - Level 0 of every field means "missing" (one side had no value). Missingness is assumed to be
//    equally likely among matches and non-matches, so it cancels in every ratio: a missing field
//    contributes no evidence (weight 0) and its level-0 entries of m and u are ignored (stored as 0).
//  - m[f] and u[f] are distributions over the non-missing levels 1..L_f-1 (they sum to 1 there),
//    ordered from least to most agreement; level L_f-1 is the top ("exact") level.
//  - Logarithms of weights are base 2 (bits), as Splink and the Fellegi–Sunter literature report.
// Invalid arguments throw std::invalid_argument (configuration errors); nothing else throws.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nayose::link {

// One compared field: its name (for priors and reports) and its number of levels including the
// missing level 0, so 2 <= levels <= 255 (levels == 2 leaves a single non-missing level: m = u = 1,
// no evidence; allowed so a configuration can switch a field off without changing the space).
struct FieldLevels {
  std::string name;
  std::uint8_t levels = 0;
};

// The comparison patterns as a mixed-radix number over the fields:
//   index = Σ_f level_f · stride_f,   stride_0 = 1,   stride_{f+1} = stride_f · levels_f.
// The constructor throws if a field has fewer than 2 levels, names repeat, there are no fields, or
// the number of patterns does not fit in std::uint32_t.
class PatternSpace {
 public:
  explicit PatternSpace(std::vector<FieldLevels> fields);

  std::uint32_t size() const noexcept { return size_; }  // number of patterns, Π levels_f
  std::size_t field_count() const noexcept { return fields_.size(); }
  const std::vector<FieldLevels>& fields() const noexcept { return fields_; }
  const FieldLevels& field(std::size_t f) const { return fields_.at(f); }
  std::uint8_t levels(std::size_t f) const { return fields_.at(f).levels; }
  std::uint32_t stride(std::size_t f) const { return strides_.at(f); }
  // The field's index by name; std::nullopt if there is none.
  std::optional<std::size_t> find_field(std::string_view name) const noexcept;

  // Level of `field` in `pattern` (pattern < size(), field < field_count(); unchecked beyond
  // std::vector::at on the field).
  std::uint8_t level(std::uint32_t pattern, std::size_t field) const {
    return static_cast<std::uint8_t>((pattern / strides_.at(field)) % fields_[field].levels);
  }
  // All levels of `pattern` into `out` (out.size() == field_count(), else throws).
  void decode(std::uint32_t pattern, std::span<std::uint8_t> out) const;
  // The pattern of the given levels; throws if levels.size() != field_count() or a level is out of
  // range for its field.
  std::uint32_t index(std::span<const std::uint8_t> levels) const;

 private:
  std::vector<FieldLevels> fields_;
  std::vector<std::uint32_t> strides_;
  std::uint32_t size_ = 0;
};

// Count per pattern index (size == PatternSpace::size()). Integers, summed across ranks before the
// model sees them.
using PatternCounts = std::vector<std::uint64_t>;

// λ = P(match) among the candidate pairs; m[f][l] = P(level l of field f | match, f not missing),
// u[f][l] = P(level l | non-match, f not missing). m[f] and u[f] have size levels_f; index 0 is
// ignored on input and written as 0 on output.
struct ModelParameters {
  double lambda = 0.0;
  std::vector<std::vector<double>> m, u;
};

// Knowledge about one field given to EM, by field name.
//  - fixed_m / fixed_u: the field's m (or u) is held at exactly this vector (size levels_f; entries
//    1..L-1 finite, > 0 and summing to 1 within 1e-9; entry 0 ignored). Used verbatim, not floored.
//    fixed_u also holds when EmOptions::fix_u is false.
//  - m_pseudo_counts / u_pseudo_counts: Dirichlet pseudo-counts (size levels_f, entries >= 0,
//    entry 0 ignored; empty = none) added to the expected level counts in every M step — a MAP
//    estimate under a Dirichlet(1 + pseudo) prior (Beta for a field with two non-missing levels).
//    u pseudo-counts only matter when u is re-estimated (fix_u false and no fixed_u).
struct FieldPrior {
  std::string field;
  std::optional<std::vector<double>> fixed_m;
  std::optional<std::vector<double>> fixed_u;
  std::vector<double> m_pseudo_counts;
  std::vector<double> u_pseudo_counts;
};

struct EmOptions {
  int max_iterations = 100;  // >= 0; 0 returns the (normalised) start
  double tolerance = 1e-9;   // converged when max_change < tolerance
  // Floor for every re-estimated m and u entry (levels >= 1) and for λ ∈ [floor, 1 - floor]:
  // keeps weights finite and EM away from boundaries it cannot leave. 0 < floor < 0.5 and
  // floor · (levels_f - 1) < 1 for every field.
  double min_probability = 1e-6;
  std::vector<FieldPrior> priors;  // at most one per field
  bool fix_u = true;               // u held at start.u (from estimate_u) for every field
};

// One EM iteration: `lambda` and `log_likelihood` are those of the parameters *after* the
// iteration's M step; max_change is the largest absolute change of λ or any m/u entry in it.
struct EmIteration {
  int iteration = 0;  // 1-based
  double lambda = 0.0;
  double log_likelihood = 0.0;
  double max_change = 0.0;
};

struct EmResult {
  ModelParameters parameters;
  std::vector<EmIteration> trace;
  bool converged = false;
  double start_log_likelihood = 0.0;  // of the (normalised) start parameters
};

// u from the pattern counts of a deterministic random sample of record pairs (almost all
// non-matches): per field, the level frequencies among the sample's non-missing comparisons,
//   u[f][l] = c_f(l) / Σ_{k>=1} c_f(k),   c_f(l) = Σ_{patterns p with level_f(p) = l} count(p),
// then floored (see floor_and_normalise). A field never compared in the sample gets the uniform
// distribution 1/(L_f-1). Requires floor > 0 (zero u gives infinite weights) and
// floor · (L_f - 1) < 1.
std::vector<std::vector<double>> estimate_u(const PatternSpace& space, const PatternCounts& random_pairs,
                                            double floor);

// Maximum likelihood (or MAP with pseudo-counts) by EM under conditional independence of the fields
// given match status, on the candidate-pair pattern counts n_p. With a_p = λ Π m_f(l_f),
// b_p = (1-λ) Π u_f(l_f) over the non-missing fields of p (computed in log space):
//   E step: g_p = a_p / (a_p + b_p);  log-likelihood = Σ_p n_p log(a_p + b_p)  (natural log; the
//           constant factor of the missingness pattern is left out).
//   M step: λ = clamp(Σ n_p g_p / Σ n_p, floor, 1 - floor);
//           m_f(l) ∝ Σ_{p: l_f(p)=l} n_p g_p + α^m_f(l),  u_f(l) ∝ Σ_{p: l_f(p)=l} n_p (1-g_p) + α^u_f(l)
//           over l >= 1, then floored; u only when re-estimated. A field with nothing to estimate
//           from (no non-missing count and no pseudo-count) keeps its current values; with no
//           counts at all λ keeps its value too.
// Start: m and u of non-fixed fields are floored and normalised first (floor_and_normalise);
// u when fixed (fix_u or fixed_u) and fixed m are used verbatim and must be > 0 and sum to 1.
// Stops after max_iterations or when max_change < tolerance. Serial, fixed order: deterministic.
EmResult expectation_maximisation(const PatternSpace& space, const PatternCounts& candidate_pairs,
                                  ModelParameters start, const EmOptions& options);

// Σ_p n_p log(a_p + b_p) as above (natural log), the quantity EM does not decrease without priors.
double log_likelihood(const PatternSpace& space, const PatternCounts& counts, const ModelParameters& params);

// prior weight log2(λ / (1 - λ)): the match weight of "no evidence".
double prior_weight(double lambda);

enum class WeightPrior : std::uint8_t { include, exclude };
// Match weight per pattern index: Σ over non-missing fields of log2(m_f(l_f) / u_f(l_f)), plus
// prior_weight(λ) unless `prior` is exclude. Fully-missing patterns weigh 0 (+ the prior).
std::vector<double> pattern_weights(const PatternSpace& space, const ModelParameters& params,
                                    WeightPrior prior = WeightPrior::include);

// P(match | weight) = 2^w / (1 + 2^w) for a weight that includes the prior (computed without
// overflow: ±inf give 1 / 0; NaN stays NaN).
double match_probability(double weight_with_prior) noexcept;

// Term-frequency adjustment (as Splink) for a pair agreeing on a value at the field's top level
// L_f-1: the model's u_top = u[f][L_f-1] is the chance two random records agree on *some* value
// (≈ Σ_v tf_v²); for a given value v the chance is tf_v, the value's relative frequency among
// records. Returns the weight delta to add to the pattern weight,
//   delta = log2(u_top / max(tf_v, floor))      (tf_v clamped to at most 1; NaN treated as floor)
// so the pair's top-level term becomes log2(m_top / max(tf_v, floor)): negative delta for common
// values (tf_v > u_top, e.g. 佐藤), positive for rare ones. Apply only to pairs at the top level of
// that field. Requires field < field count, 0 < floor <= 1.
double term_frequency_adjustment(const ModelParameters& params, std::size_t field, double value_frequency,
                                 double floor);

// Starting parameters for EM: λ = lambda_guess (0 < λ < 1), u copied, and for each field with
// K = L-1 non-missing levels: m(top) = 0.9 and the other 0.1 split over levels 1..K-1 in proportion
// 2^(l-1) (more agreement, more mass); K == 1 gives m = 1. Throws if u does not match the space.
ModelParameters default_start(const PatternSpace& space, const std::vector<std::vector<double>>& u,
                              double lambda_guess);

// Total count per weight bin: bins of width (hi - lo) / bins over [lo, hi); a weight below lo falls
// in the first bin and one at or above hi in the last (clamped, so the counts sum to Σ counts).
// Throws on size mismatch, bins == 0, !(lo < hi) or a NaN weight of a pattern with a count.
std::vector<std::uint64_t> weight_histogram(const PatternSpace& space, const PatternCounts& counts,
                                            const std::vector<double>& weights, double lo, double hi,
                                            std::size_t bins);

// Levels 1..K of `values` made a distribution with every entry >= floor: normalised by their sum
// (uniform if the sum is 0), then entries below the floor are set to it and the rest scaled down
// proportionally to keep the sum 1, repeated until none is below (the largest never is, since
// K · floor < 1). Entry 0 is set to 0. Requires finite values >= 0 and 0 <= floor, K · floor < 1.
void floor_and_normalise(std::span<double> values, double floor);

}  // namespace nayose::link
