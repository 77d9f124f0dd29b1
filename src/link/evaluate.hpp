#pragma once
// nayose link-eval: a LINKS.h5 against the generator's truth.h5 — pairwise and cluster precision,
// recall and F1 over the staged identity rows, and the hard negatives (twins, look-alikes,
// same-name parent and son) wrongly merged.
#include <cstdint>
#include <string>

#include "src/mpi/communicator.hpp"

namespace nayose::linkage {

struct EvalOptions {
  std::string links;
  std::string truth;
  std::string staging;  // "" = the staging file named in LINKS.h5
};

struct EvalResult {
  std::uint64_t rows = 0, persons = 0, clusters = 0;
  std::uint64_t true_pairs = 0, predicted_pairs = 0, correct_pairs = 0;
  double pair_precision = 0, pair_recall = 0, pair_f1 = 0;
  std::uint64_t pure_clusters = 0, whole_persons = 0, exact_clusters = 0;
  double cluster_precision = 0, cluster_recall = 0, cluster_f1 = 0;
  std::uint64_t twin_pairs = 0, twins_merged = 0, lookalike_pairs = 0, lookalikes_merged = 0, parent_pairs = 0,
                parents_merged = 0;
};

// Collective (rank 0 does the counting). Prints the report on rank 0.
EvalResult run_link_eval(const mpi::Communicator& comm, const EvalOptions& options);

}  // namespace nayose::linkage
