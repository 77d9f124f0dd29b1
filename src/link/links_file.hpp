#pragma once
// Writing LINKS.h5 (hdf5-schemas/links.json) from one rank's share of the link results.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kernels/link/model.hpp"
#include "kernels/link/registry_policy.hpp"
#include "src/mpi/communicator.hpp"

namespace nayose::linkage {

struct LinksOutput {
  std::string staging;
  std::uint64_t generation = 1;
  double threshold = 0;
  // Rows: this rank's slice of the staging identity rows, in order.
  std::uint64_t first_row = 0;
  std::vector<std::uint64_t> row_label;
  std::vector<std::array<std::uint8_t, 16>> row_id;
  std::vector<std::array<std::uint8_t, 32>> row_lineage;
  // Clusters: this rank's label range, ascending.
  std::vector<std::uint64_t> cluster_label, cluster_variants, cluster_rows;
  std::vector<std::array<std::uint8_t, 16>> cluster_id;
  // Pairs in global order.
  std::vector<std::uint64_t> pair_a_row, pair_b_row;
  std::vector<std::uint32_t> pair_pattern;
  std::vector<double> pair_weight;
  std::vector<std::uint8_t> pair_pass, pair_accepted;
  // The same on every rank (written by rank 0).
  const link::PatternSpace* space = nullptr;
  const link::EmResult* em = nullptr;
  std::vector<std::pair<std::uint8_t, link::EmIteration>> em_trace;  // (run: pass, or 255 = final λ run)
  std::vector<std::string> passes;
  std::vector<std::uint64_t> pass_pairs, pass_blocks, pass_capped, pass_duplicates;
  std::vector<std::uint64_t> histogram;  // 80 bins over [-40, 40)
  std::vector<link::ChangeEntry> changes;  // this rank's slice of the change log, in global order
};

void write_links(const mpi::Communicator& comm, const std::string& path, const LinksOutput& out);

}  // namespace nayose::linkage
