#include "src/link/links_file.hpp"

#include <cstring>
#include <span>

#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"

namespace nayose::linkage {

namespace {

// The rows' bytes as they lie in memory (no copy): N bytes per row, back to back.
template <std::size_t N>
std::span<const std::byte> flatten(const std::vector<std::array<std::uint8_t, N>>& rows) {
  static_assert(sizeof(std::array<std::uint8_t, N>) == N, "std::array of bytes is its bytes");
  return std::as_bytes(std::span<const std::array<std::uint8_t, N>>(rows));
}

}  // namespace

void write_links(const mpi::Communicator& comm, const std::string& path, const LinksOutput& out) {
  auto file = h5::File::create(comm, path, h5::load_schema("links"));
  file.write_attribute("staging", out.staging);
  file.write_attribute("generation", static_cast<std::int64_t>(out.generation));
  file.write_attribute("threshold", std::to_string(out.threshold));
  const bool root = comm.is_root();

  h5::write_fixed_bytes(file, "identity/research_id", flatten(out.row_id), 16);
  h5::write_column(file, "identity/cluster", out.row_label);
  h5::write_fixed_bytes(file, "registry/lineage", flatten(out.row_lineage), 32);

  h5::write_column(file, "clusters/label", out.cluster_label);
  h5::write_column(file, "clusters/variants", out.cluster_variants);
  h5::write_column(file, "clusters/rows", out.cluster_rows);
  h5::write_fixed_bytes(file, "clusters/research_id", flatten(out.cluster_id), 16);

  h5::write_column(file, "pairs/a_row", out.pair_a_row);
  h5::write_column(file, "pairs/b_row", out.pair_b_row);
  h5::write_column(file, "pairs/pattern", out.pair_pattern);
  h5::write_column(file, "pairs/weight", out.pair_weight);
  h5::write_column(file, "pairs/pass", out.pair_pass);
  h5::write_column(file, "pairs/accepted", out.pair_accepted);

  // Model, EM trace, passes, histogram: identical on every rank, written by rank 0.
  h5::RaggedColumn field_names;
  std::vector<std::uint8_t> levels, param_field, param_level;
  std::vector<double> m, u, lambda;
  std::vector<std::int32_t> iteration;
  std::vector<std::uint8_t> em_run;
  std::vector<double> em_lambda, em_ll, em_change;
  h5::RaggedColumn pass_spec;
  std::vector<std::uint64_t> pass_blocks, pass_pairs, pass_capped, pass_dup;
  std::vector<double> hist_lower;
  std::vector<std::uint64_t> hist_count;
  std::vector<std::uint8_t> change_kind, change_new;
  std::vector<std::uint64_t> change_cluster, change_records, change_moved;
  h5::RaggedColumn change_old;
  if (root) {
    const auto& fields = out.space->fields();
    const auto& params = out.em->parameters;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      field_names.push_back(fields[f].name);
      levels.push_back(fields[f].levels);
      for (std::uint8_t l = 0; l < fields[f].levels; ++l) {
        param_field.push_back(static_cast<std::uint8_t>(f));
        param_level.push_back(l);
        m.push_back(params.m[f][l]);
        u.push_back(params.u[f][l]);
      }
    }
    lambda.push_back(params.lambda);
    for (const auto& [run, it] : out.em_trace) {
      em_run.push_back(run);
      iteration.push_back(it.iteration);
      em_lambda.push_back(it.lambda);
      em_ll.push_back(it.log_likelihood);
      em_change.push_back(it.max_change);
    }
    for (std::size_t p = 0; p < out.passes.size(); ++p) {
      pass_spec.push_back(out.passes[p]);
      pass_blocks.push_back(out.pass_blocks[p]);
      pass_pairs.push_back(out.pass_pairs[p]);
      pass_capped.push_back(out.pass_capped[p]);
      pass_dup.push_back(out.pass_duplicates[p]);
    }
    for (std::size_t b = 0; b < out.histogram.size(); ++b) {
      hist_lower.push_back(-40.0 + static_cast<double>(b));
      hist_count.push_back(out.histogram[b]);
    }
  }
  for (const auto& c : out.changes) {  // every rank: its slice of the change log
    change_kind.push_back(static_cast<std::uint8_t>(static_cast<int>(c.kind) + 1));  // 1 kept .. 5 retired (schema)
    change_cluster.push_back(c.new_cluster_label);
    std::string ids;
    for (const auto& id : c.old_ids) ids.append(reinterpret_cast<const char*>(id.bytes.data()), 16);
    change_old.push_back(ids);
    change_new.push_back(c.new_id_needed ? 1 : 0);
    change_records.push_back(c.records);
    change_moved.push_back(c.records_moved);
  }
  h5::write_ragged(file, "model/field", field_names);
  h5::write_column(file, "model/levels", levels);
  h5::write_column(file, "model/param_field", param_field);
  h5::write_column(file, "model/param_level", param_level);
  h5::write_column(file, "model/m", m);
  h5::write_column(file, "model/u", u);
  h5::write_column(file, "model/lambda", lambda);
  h5::write_column(file, "em/run", em_run);
  h5::write_column(file, "em/iteration", iteration);
  h5::write_column(file, "em/lambda", em_lambda);
  h5::write_column(file, "em/log_likelihood", em_ll);
  h5::write_column(file, "em/max_change", em_change);
  h5::write_ragged(file, "passes/spec", pass_spec);
  h5::write_column(file, "passes/blocks", pass_blocks);
  h5::write_column(file, "passes/pairs", pass_pairs);
  h5::write_column(file, "passes/capped_blocks", pass_capped);
  h5::write_column(file, "passes/duplicate_pairs", pass_dup);
  h5::write_column(file, "histogram/lower", hist_lower);
  h5::write_column(file, "histogram/count", hist_count);
  h5::write_column(file, "changes/kind", change_kind);
  h5::write_column(file, "changes/cluster", change_cluster);
  h5::write_ragged(file, "changes/old_ids", change_old);
  h5::write_column(file, "changes/new_id", change_new);
  h5::write_column(file, "changes/records", change_records);
  h5::write_column(file, "changes/records_moved", change_moved);
  file.commit();
}

}  // namespace nayose::linkage
