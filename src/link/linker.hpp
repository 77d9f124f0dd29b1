#pragma once
// nayose link: staging identity rows → research IDs (README "link"; DESIGN §Linkage).
//
//   1. rows → distinct identity variants (routed to the owner of the variant's key, deduplicated);
//   2. deterministic links: same facility + facility patient id, same insurer + 記号 + 番号 + 枝番;
//   3. blocking passes (configurable); each pass routes variants to the owner of the block key,
//      oversized blocks are scored by sorted neighbourhood (reported), a pair found by an earlier
//      pass is skipped, every block is scored with cached one-to-many comparators;
//   4. Fellegi–Sunter: u from a deterministic random sample of variant pairs, m and λ by EM on the
//      integer pattern counts summed over ranks; term-frequency adjustment of the kana name;
//   5. pairs at or above the match weight threshold are linked; connected components across ranks
//      by min-label propagation (label = smallest variant key: a function of the members);
//      components above the size limit are re-clustered with a raised threshold;
//   6. research IDs: with a previous registry each cluster keeps the ID of the largest share of its
//      registered records (kernels/link/registry_policy.hpp), otherwise HMAC(research-id key,
//      smallest lineage of the cluster ‖ generation), truncated to 128 bits.
#include <cstdint>
#include <string>
#include <vector>

#include "src/common/timer.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::linkage {

struct LinkOptions {
  std::string staging;
  std::string keys;
  std::string out;
  std::string registry;  // previous LINKS.h5 ("" = none)
  bool overwrite = false;
  std::vector<std::string> passes = {"birth+sex+kana_key", "birth+sex+kanji_soft_key", "birth+kana_given_key",
                                     "birth+kanji_given", "sex+kana_key+kanji_soft_key", "family_card",
                                     "birth_year+postal_code+sex"};
  std::uint64_t max_block = 300;         // larger blocks: sorted neighbourhood with this window
  std::uint64_t u_buckets = 4096;        // random-pair sample buckets
  std::uint64_t u_pairs_per_bucket = 100000;
  std::uint64_t u_neighbours = 16;       // each sampled variant is paired with this many others of its bucket
  std::uint64_t seed = 1;
  int em_iterations = 200;
  double em_tolerance = 1e-9;
  double lambda_guess = 0.5;
  double m_prior_share = 100.0;           // weight of the known-match (facility patient id) prior for m, x candidate pairs
  double threshold = 16.0;               // match weight (log2 Bayes factor incl. prior) to accept a pair
  double review_band = 4.0;              // pairs within ± this of the threshold are written for review
  bool term_frequency = true;
  bool branch_cannot_link = true;        // same household card + different 枝番 never links
  bool birth_conflicts = true;           // split components holding two variants with different birth dates
  std::uint64_t max_cluster = 64;        // variants per cluster before the over-link guard re-clusters
  double guard_step = 2.0;
  double guard_max = 40.0;
  std::uint64_t route_mib = 64;
  std::uint64_t read_rows = 1 << 20;     // staging identity rows read per collective read
};

struct LinkSummary {
  std::uint64_t rows = 0, variants = 0, must_links = 0, candidate_pairs = 0, accepted_pairs = 0, clusters = 0;
  std::uint64_t capped_blocks = 0, guard_splits = 0, cannot_links = 0;
  std::uint64_t conflict_components = 0, conflict_edges_skipped = 0;
  std::uint64_t ids_kept = 0, ids_new = 0;
  std::uint64_t local_rows = 0;
};

LinkSummary run_link(const mpi::Communicator& comm, const LinkOptions& options, PhaseTimers& timers);

// Validates pass specs; returns problems ("" entries never).
std::vector<std::string> check_passes(const std::vector<std::string>& passes);

}  // namespace nayose::linkage
