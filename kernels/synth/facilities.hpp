#pragma once
// The facility catalog of a synthetic population: clinics, hospitals, pharmacies, check-up
// centres, care providers and one death-certificate registry per prefecture, placed in real
// municipalities in proportion to the population each prefecture is expected to have.
// A pure function of (tables, seed, persons): every rank builds the same catalog.
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/synth/model.hpp"
#include "kernels/synth/tables.hpp"

namespace nayose::synth {

// People per facility of each kind (national averages, rounded: ~105k clinics, ~8.2k hospitals,
// ~62k pharmacies for 126 M people; check-up centres and care providers are this project's choice).
struct FacilityDensity {
  double persons_per_clinic = 1200;
  double persons_per_hospital = 15000;
  double persons_per_pharmacy = 2000;
  double persons_per_checkup_center = 40000;
  double persons_per_care_provider = 6000;
  double wareki_clinic_share = 0.15;    // clinics whose claims software still writes 和暦 dates
  double ssmix2_hospital_share = 0.6;   // hospitals exporting SS-MIX2
};

class FacilityCatalog {
 public:
  FacilityCatalog(const Tables& tables, std::uint64_t seed, std::uint64_t persons, const FacilityDensity& density);

  std::span<const Facility> all() const { return facilities_; }
  const Facility& at(std::uint32_t id) const { return facilities_.at(id); }
  std::size_t size() const { return facilities_.size(); }
  // Facilities of a kind in a municipality (may be empty) or in a prefecture (never empty).
  std::span<const std::uint32_t> in_municipality(const std::string& municipality_code, FacilityKind kind) const;
  std::span<const std::uint32_t> in_prefecture(const std::string& prefecture_code, FacilityKind kind) const;
  // Picks a facility of `kind` near a municipality: one in the municipality when there is one
  // (with probability `local_share`), else one in the prefecture. Pure function of `key`.
  std::uint32_t pick(const std::string& municipality_code, FacilityKind kind, std::uint64_t key,
                     double local_share = 0.85) const;

 private:
  std::vector<Facility> facilities_;
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_municipality_;  // key: code + kind digit
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_prefecture_;
};

}  // namespace nayose::synth
