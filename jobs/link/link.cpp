// nayose link: staging identity rows → research IDs; nayose link-eval: links against truth.h5.
#include <cstdio>
#include <filesystem>
#include <string>

#include "jobs/registry.hpp"
#include "src/link/evaluate.hpp"
#include "src/link/linker.hpp"

namespace nayose::jobs {
namespace {

class LinkJob final : public runtime::Job {
 public:
  std::string name() const override { return "link"; }
  std::string summary() const override {
    return "Links every staging identity row to a person (名寄せ): distinct identity variants, deterministic links\n"
           "(facility patient id, individual insurance card), blocking passes, Fellegi-Sunter scoring with EM\n"
           "(integer pattern counts summed over ranks) and term-frequency adjustment, connected components\n"
           "with an over-link guard, and research IDs carried over from --registry. Writes LINKS.h5\n"
           "(hdf5-schemas/links.json). Byte-identical output for any rank and thread count.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("staging", &o_.staging, "staging file written by nayose ingest");
    options.add("keys", &o_.keys, "key file (mode 0600) with the `research-id` key");
    options.add("out", &o_.out, "LINKS.h5 to write (as <out>.partial, renamed when complete)");
    options.add("registry", &o_.registry, "previous run's LINKS.h5 whose registry the research IDs carry over from");
    options.add("overwrite", &o_.overwrite, "replace an existing --out");
    options.add("passes", &o_.passes,
                "blocking pass: fields joined by '+' (birth, birth_year, sex, kana_key, kana_given_key, kanji_soft_key, "
                "kanji_given, postal_code, municipality, family_card, insurer); repeat for several");
    options.add("max-block", &o_.max_block, "blocks with more variants are scored by a sorted-neighbourhood window of this size");
    options.add("u-buckets", &o_.u_buckets, "buckets of the deterministic random-pair sample for u");
    options.add("u-pairs-per-bucket", &o_.u_pairs_per_bucket, "random pairs taken per bucket");
    options.add("u-neighbours", &o_.u_neighbours, "random pairs per variant in the u sample");
    options.add("seed", &o_.seed, "seed of the random-pair sample");
    options.add("em-iterations", &o_.em_iterations, "EM iteration limit");
    options.add("em-tolerance", &o_.em_tolerance, "EM stops when no parameter moves more than this");
    options.add("lambda-guess", &o_.lambda_guess, "EM starting share of matches among candidate pairs");
    options.add("m-prior-share", &o_.m_prior_share,
                "weight of the m prior from known matches (same facility patient id), as a multiple of the candidate pairs");
    options.add("threshold", &o_.threshold, "match weight (log2 Bayes factor including the prior) at which pairs are linked");
    options.add("review-band", &o_.review_band, "pairs within this weight of the threshold are written for clerical review");
    options.add("term-frequency", &o_.term_frequency, "adjust the kana-name weight by the name's frequency");
    options.add("branch-cannot-link", &o_.branch_cannot_link,
                "never link by weight two records with the same household card (保険者番号+記号+番号) and different 枝番, "
                "or with a 枝番 missing on a side and given names that disagree");
    options.add("birth-conflicts", &o_.birth_conflicts,
                "re-cluster components holding two variants whose birth dates differ beyond a typo, without joining them");
    options.add("max-cluster", &o_.max_cluster, "clusters with more variants are re-clustered with a raised threshold");
    options.add("guard-step", &o_.guard_step, "threshold raise per over-link guard step");
    options.add("guard-max", &o_.guard_max, "highest threshold the over-link guard tries");
    options.add("route-budget-mib", &o_.route_mib, "bytes each rank sends per exchange round, in MiB");
    options.add("read-rows", &o_.read_rows, "staging identity rows each rank reads at a time (bounds the memory of reading)");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (o_.staging.empty()) problems.push_back("--staging is required");
    if (o_.keys.empty()) problems.push_back("--keys is required");
    if (o_.out.empty()) problems.push_back("--out is required");
    for (const auto& p : linkage::check_passes(o_.passes)) problems.push_back(p);
    if (o_.max_block < 2) problems.push_back("--max-block must be at least 2");
    if (o_.u_buckets == 0) problems.push_back("--u-buckets must be at least 1");
    if (!(o_.lambda_guess > 0 && o_.lambda_guess < 1)) problems.push_back("--lambda-guess must be in (0, 1)");
    if (o_.max_cluster < 2) problems.push_back("--max-cluster must be at least 2");
    if (!(o_.guard_step > 0)) problems.push_back("--guard-step must be positive");
    if (o_.route_mib == 0 || o_.route_mib > 4096) problems.push_back("--route-budget-mib must be in 1..4096");
    if (o_.read_rows == 0 || o_.read_rows > (std::uint64_t{1} << 31)) problems.push_back("--read-rows must be in 1..2147483648");
  }
  void run(runtime::JobContext& context) override {
    const auto s = linkage::run_link(context.world, o_, context.timers);
    context.local_records = s.local_rows;
    if (!context.world.is_root()) return;
    std::printf("link: %llu identity rows, %llu distinct variants, %llu deterministic links, %llu candidate pairs "
                "(%llu blocks capped), %llu accepted\n",
                static_cast<unsigned long long>(s.rows), static_cast<unsigned long long>(s.variants),
                static_cast<unsigned long long>(s.must_links), static_cast<unsigned long long>(s.candidate_pairs),
                static_cast<unsigned long long>(s.capped_blocks), static_cast<unsigned long long>(s.accepted_pairs));
    std::printf("link: %llu clusters (%llu split by the over-link guard, %llu household-member pairs kept apart, "
                "%llu with a birth-date conflict re-clustered, %llu links left out); research IDs: %llu kept, %llu new\n",
                static_cast<unsigned long long>(s.clusters), static_cast<unsigned long long>(s.guard_splits),
                static_cast<unsigned long long>(s.cannot_links), static_cast<unsigned long long>(s.conflict_components),
                static_cast<unsigned long long>(s.conflict_edges_skipped),
                static_cast<unsigned long long>(s.ids_kept), static_cast<unsigned long long>(s.ids_new));
    std::printf("link: output %s\n", o_.out.c_str());
    std::fflush(stdout);
  }

 private:
  linkage::LinkOptions o_;
};

class LinkEvalJob final : public runtime::Job {
 public:
  std::string name() const override { return "link-eval"; }
  std::string summary() const override {
    return "Scores a LINKS.h5 against the generator's truth.h5: pairwise and cluster precision, recall and F1 over\n"
           "the staged identity rows, and the hard negatives (twins, look-alikes, same-name parent and son) merged.";
  }
  void add_options(config::OptionSet& options) override {
    options.add("links", &o_.links, "LINKS.h5 written by nayose link");
    options.add("truth", &o_.truth, "truth.h5 written by nayose generate");
    options.add("staging", &o_.staging, "staging file (default: the one named in LINKS.h5)");
  }
  void validate(std::vector<std::string>& problems) const override {
    if (o_.links.empty()) problems.push_back("--links is required");
    if (o_.truth.empty()) problems.push_back("--truth is required");
  }
  void run(runtime::JobContext& context) override {
    const auto r = linkage::run_link_eval(context.world, o_);
    context.local_records = r.rows;
  }

 private:
  linkage::EvalOptions o_;
};

}  // namespace

std::unique_ptr<runtime::Job> make_link() { return std::make_unique<LinkJob>(); }
std::unique_ptr<runtime::Job> make_link_eval() { return std::make_unique<LinkEvalJob>(); }

}  // namespace nayose::jobs
