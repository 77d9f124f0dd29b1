#pragma once
// The 摘要 lines of a 医科 claim: ClinicalItems of kind procedure / drug / material / comment grouped
// into 点数・回数算定単位 and merged across days (README "UKE: treatment lines").
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/synth/model.hpp"

namespace nayose::formats {

struct TreatmentUnit {
  std::string identification;                     // 診療識別 (ClinicalItem::extra), may be empty
  std::vector<const synth::ClinicalItem*> lines;  // one written line each, in order
  bool comment = false;                           // a CO line (exactly one item)
  std::int64_t points = 0;                        // 点数 of the unit (its last item's points)
  std::int64_t count = 0;                         // 回数 (sum over merged days)
  std::array<std::int64_t, 31> days{};            // 算定日情報: count per day of the claim month
};

// Units in item order. A unit ends at an item with non-zero points, at a change of 診療識別 and
// before a comment; consecutive units with the same 診療識別, lines (kind, code, value, name) and
// points are merged (counts added, days combined), as one line per code per month in real files.
std::vector<TreatmentUnit> treatment_units(const std::vector<synth::ClinicalItem>& items, int year,
                                           int month);

// 合計点数 of a claim: Σ points × count over the units.
std::int64_t total_points(const std::vector<TreatmentUnit>& units);

// 診療実日数: distinct days of the claim month with a procedure, drug or material item (at least 1).
std::int64_t service_days(const std::vector<synth::ClinicalItem>& items, int year, int month);

}  // namespace nayose::formats
