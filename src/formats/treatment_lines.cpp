#include "src/formats/treatment_lines.hpp"

#include <algorithm>
#include <set>

namespace nayose::formats {
namespace {

using synth::ClinicalItem;
using synth::ItemKind;

bool is_treatment(ItemKind kind) {
  return kind == ItemKind::procedure || kind == ItemKind::drug || kind == ItemKind::material;
}

bool in_month(const synth::Date& date, int year, int month) {
  return date.year == year && date.month == month && date.day >= 1 && date.day <= 31;
}

bool same_lines(const TreatmentUnit& a, const TreatmentUnit& b) {
  if (a.comment || b.comment || a.identification != b.identification || a.points != b.points ||
      a.lines.size() != b.lines.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    const ClinicalItem& x = *a.lines[i];
    const ClinicalItem& y = *b.lines[i];
    if (x.kind != y.kind || x.code != y.code || x.value != y.value || x.name != y.name) return false;
  }
  return true;
}

}  // namespace

std::vector<TreatmentUnit> treatment_units(const std::vector<ClinicalItem>& items, int year, int month) {
  std::vector<TreatmentUnit> units;
  TreatmentUnit open;
  const auto close = [&] {
    if (open.lines.empty()) return;
    const ClinicalItem& last = *open.lines.back();
    open.points = last.points;
    open.count = last.count;
    if (in_month(last.date, year, month))
      open.days[static_cast<std::size_t>(last.date.day - 1)] += last.count;
    if (!units.empty() && same_lines(units.back(), open)) {
      units.back().count += open.count;
      for (std::size_t d = 0; d < open.days.size(); ++d) units.back().days[d] += open.days[d];
    } else {
      units.push_back(std::move(open));
    }
    open = TreatmentUnit{};
  };

  for (const ClinicalItem& item : items) {
    if (item.kind == ItemKind::comment) {
      close();
      TreatmentUnit comment;
      comment.identification = item.extra;
      comment.comment = true;
      comment.lines.push_back(&item);
      units.push_back(std::move(comment));
      continue;
    }
    if (!is_treatment(item.kind)) continue;
    if (!open.lines.empty() && open.identification != item.extra) close();
    if (open.lines.empty()) open.identification = item.extra;
    open.lines.push_back(&item);
    if (item.points != 0) close();
  }
  close();
  return units;
}

std::int64_t total_points(const std::vector<TreatmentUnit>& units) {
  std::int64_t total = 0;
  for (const TreatmentUnit& unit : units) {
    if (!unit.comment) total += unit.points * unit.count;
  }
  return total;
}

std::int64_t service_days(const std::vector<ClinicalItem>& items, int year, int month) {
  std::set<int> days;
  for (const ClinicalItem& item : items) {
    if (is_treatment(item.kind) && in_month(item.date, year, month)) days.insert(item.date.day);
  }
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(days.size()));
}

}  // namespace nayose::formats
