#pragma once
// nayose generate: a synthetic population and the source files its facilities would send, with
// ground truth, distributed over MPI ranks.
//
// Distribution: persons come in blocks of synth::kBlockPersons (a block is a pure function of
// (seed, block)); rank r generates a contiguous range of blocks. Facilities are range-partitioned
// by id; rank r writes the files of a contiguous range of facilities. Month by month, each rank
// plans its persons' encounters, renders each record's identity as the facility would record it,
// and routes the records to the facility owners (route_blobs, bounded rounds), which sort them
// and write the files. Every file is a pure function of (seed, options, facility, month), so the
// output is byte-identical for any rank and thread count. truth.h5 is written collectively in
// global (facility, month) order for the same reason.
#include <cstdint>
#include <string>

#include "kernels/synth/care_plan.hpp"
#include "kernels/synth/facilities.hpp"
#include "kernels/synth/population.hpp"
#include "kernels/synth/variants.hpp"
#include "src/common/timer.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::generate {

struct GeneratorOptions {
  std::uint64_t persons = 10000;
  std::uint64_t seed = 1;
  int first_year = 2024;
  int first_month = 4;
  int last_year = 2025;  // inclusive
  int last_month = 3;
  std::string out;                 // output directory (must not exist unless overwrite)
  bool overwrite = false;
  std::size_t route_bytes_per_round = std::size_t{64} << 20;
  synth::PopulationRates population_rates;
  synth::ErrorRates error_rates;
  synth::CareRates care_rates;
  synth::FacilityDensity facility_density;
};

struct GenerateSummary {
  std::uint64_t persons = 0;       // global
  std::uint64_t facilities = 0;
  std::uint64_t files = 0;         // global
  std::uint64_t records = 0;       // identity-bearing records, global
  std::uint64_t invalid_records = 0;
  std::uint64_t bytes = 0;         // bytes of source files, global
  std::uint64_t local_records = 0; // this rank's
};

// Parses "YYYY-MM:YYYY-MM" into the options; returns an error message or "".
std::string parse_period(const std::string& text, GeneratorOptions& options);

// The population part of the options: period as [first day, first day after the last month).
synth::PopulationSpec population_spec(const GeneratorOptions& options);

// Collective.
GenerateSummary run_generate(const mpi::Communicator& comm, const GeneratorOptions& options, PhaseTimers& timers);

}  // namespace nayose::generate
