// nayose generate: a synthetic population and its source files in the real formats, with truth.h5.
#include <cmath>
#include <string>

#include "jobs/registry.hpp"
#include "src/common/log.hpp"
#include "src/generate/generator.hpp"

namespace nayose::jobs {
namespace {

class GenerateJob final : public runtime::Job {
 public:
  std::string name() const override { return "generate"; }
  std::string summary() const override {
    return "Generates a synthetic population (census age/sex/prefecture structure, real names, places and insurer\n"
           "numbers) and the files its clinics, hospitals, pharmacies, check-up centres, care providers and death\n"
           "registries would send over --period: UKE/CYO claims (CP932), SS-MIX2 trees (ISO-2022-JP), 特定健診 XML,\n"
           "care and death CSVs, with realistic recording errors and a few invalid records, plus DIR/truth.h5.\n"
           "Byte-identical output for any rank and thread count.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("persons", &o_.persons, "number of persons (ids 0 .. persons-1)");
    options.add("seed", &o_.seed, "random seed: same seed and options give byte-identical output");
    options.add("period", &period_, "months covered, YYYY-MM:YYYY-MM (inclusive; default fiscal 2024)");
    options.add("out", &o_.out, "output directory (created; must not exist unless --overwrite)");
    options.add("overwrite", &o_.overwrite, "replace an existing output directory");
    options.add("route-budget-mib", &route_mib_, "bytes each rank sends per exchange round, in MiB");
    auto& c = o_.care_rates;
    options.add("care.acute-visit-per-month", &c.acute_visit_per_month, "share of people with an acute clinic visit in a month");
    options.add("care.admission-per-year-75plus", &c.admission_per_year_75plus, "hospital admissions per person-year at 75+ (scaled down for younger ages)");
    options.add("care.checkup-participation", &c.checkup_participation, "特定健診 participation, ages 40-74");
    options.add("care.certified-75plus", &c.care_certified_75plus, "share of 75+ with a 要介護/要支援 certification");
    options.add("care.chronic-scale", &c.chronic_scale, "multiplies the age-specific chronic-disease prevalences");
    auto& d = o_.facility_density;
    options.add("facilities.persons-per-clinic", &d.persons_per_clinic, "persons per clinic");
    options.add("facilities.persons-per-hospital", &d.persons_per_hospital, "persons per hospital");
    options.add("facilities.persons-per-pharmacy", &d.persons_per_pharmacy, "persons per pharmacy");
    options.add("facilities.persons-per-checkup-center", &d.persons_per_checkup_center, "persons per check-up centre");
    options.add("facilities.persons-per-care-provider", &d.persons_per_care_provider, "persons per care provider");
    options.add("facilities.wareki-clinic-share", &d.wareki_clinic_share, "share of clinics writing legacy 和暦 dates");
    options.add("facilities.ssmix2-hospital-share", &d.ssmix2_hospital_share, "share of hospitals exporting SS-MIX2");
    auto& pr = o_.population_rates;
    const struct {
      const char* name;
      double* field;
      const char* help;
    } population[] = {
        {"births-per-year", &pr.births_per_year, "births a year in Japan (2024: 686,173); scaled to --persons"},
        {"deaths-per-year", &pr.deaths_per_year, "deaths a year (2024: 1,605,378); age-specific, scaled to --persons"},
        {"marriages-per-year", &pr.marriages_per_year, "marriages a year (2024: 485,092)"},
        {"reference-population", &pr.reference_population,
         "population the yearly counts refer to; 0 = the embedded 2021 resident register total"},
        {"wife-takes-surname", &pr.wife_takes_surname, "share of marriages in which the wife takes the husband's surname"},
        {"recent-marriage-years", &pr.recent_marriage_years,
         "women married up to this many years before the period keep a maiden-name epoch"},
        {"quit-job-at-marriage", &pr.quit_job_at_marriage, "employed spouse changing surname who leaves her own card"},
        {"moves-per-year", &pr.moves_per_year, "share of households moving in a year"},
        {"move-same-municipality", &pr.move_same_municipality, "share of moves within the municipality"},
        {"move-same-prefecture", &pr.move_same_prefecture, "share of moves to another municipality of the prefecture"},
        {"job-changes-per-year", &pr.job_changes_per_year, "job changes (new insurer) a year per employee card holder"},
        {"employee-share-of-workers", &pr.employee_share_of_workers, "workers insured as employees (rest: 国保)"},
        {"scheme-kyokai", &pr.scheme_kyokai, "share of employee cards with 協会けんぽ"},
        {"scheme-kumiai", &pr.scheme_kumiai, "share of employee cards with 組合健保 (the rest: 共済)"},
        {"married-women-employed", &pr.married_women_employed, "married women 20-59 holding their own card"},
        {"twin-delivery-share", &pr.twin_delivery_share, "share of deliveries that are twins (hard negatives)"},
        {"lookalike-big-city", &pr.lookalike_big_city,
         "big-city residents given a stranger's name and birth date (hard negatives)"},
        {"same-name-son", &pr.same_name_son, "sons carrying their father's given name (hard negatives)"},
        {"variant-surname", &pr.variant_surname, "eligible surnames registered with a variant kanji (髙, 﨑, 德, 𠮷)"}};
    for (const auto& p : population) options.add(std::string("population.") + p.name, p.field, p.help);
    // Error rates: one option per rate, named errors.<rate> (README "generate: errors").
    for (const auto& rate : synth::ErrorRates::names()) {
      options.add("errors." + rate, o_.error_rates.field(rate), std::string(synth::ErrorRates::help(rate)));
    }
  }
  void validate(std::vector<std::string>& problems) const override {
    if (o_.persons == 0) problems.push_back("--persons must be at least 1");
    if (o_.out.empty()) problems.push_back("--out is required: the output directory");
    generate::GeneratorOptions probe = o_;
    if (auto err = generate::parse_period(period_, probe); !err.empty()) problems.push_back(err);
    if (route_mib_ == 0 || route_mib_ > 4096) problems.push_back("--route-budget-mib must be in 1..4096");
    const auto& c = o_.care_rates;
    for (const double v : {c.acute_visit_per_month, c.checkup_participation, c.care_certified_75plus,
                           o_.facility_density.wareki_clinic_share, o_.facility_density.ssmix2_hospital_share}) {
      if (!(v >= 0.0 && v <= 1.0)) problems.push_back("care and facility shares must be in [0, 1]");
    }
    for (const auto& problem : o_.error_rates.problems()) problems.push_back("errors: " + problem);
    synth::PopulationSpec spec = generate::population_spec(probe);
    spec.persons = std::max<std::uint64_t>(spec.persons, 1);  // --persons 0 is reported above
    for (const auto& problem : synth::validate(spec)) problems.push_back("population: " + problem);
  }
  void run(runtime::JobContext& context) override {
    generate::GeneratorOptions options = o_;
    (void)generate::parse_period(period_, options);
    options.route_bytes_per_round = static_cast<std::size_t>(route_mib_) << 20;
    const auto summary = generate::run_generate(context.world, options, context.timers);
    context.local_records = summary.local_records;
    NAYOSE_LOG(info) << "generate: wrote " << summary.files << " files (" << summary.bytes << " bytes, "
                     << summary.records << " identity records, " << summary.invalid_records << " invalid) for "
                     << summary.persons << " persons and " << summary.facilities << " facilities to " << o_.out;
    if (context.world.is_root()) {
      std::printf("generate: outputs in %s (sources: uke/ cyo/ ssmix2/ checkup/ care/ death/; truth: truth.h5)\n",
                  o_.out.c_str());
      std::fflush(stdout);
    }
  }

 private:
  generate::GeneratorOptions o_;
  std::string period_ = "2024-04:2025-03";
  std::uint64_t route_mib_ = 64;
};

}  // namespace

std::unique_ptr<runtime::Job> make_generate() { return std::make_unique<GenerateJob>(); }

}  // namespace nayose::jobs
