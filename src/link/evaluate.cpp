#include "src/link/evaluate.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/common/error.hpp"
#include "src/h5/columns.hpp"
#include "src/h5/file.hpp"
#include "src/h5/schema.hpp"

namespace nayose::linkage {

namespace {

std::uint64_t choose2(std::uint64_t n) { return n < 2 ? 0 : n * (n - 1) / 2; }

double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0; }

}  // namespace

EvalResult run_link_eval(const mpi::Communicator& comm, const EvalOptions& options) {
  EvalResult r;
  const bool root = comm.is_root();
  const auto links = h5::File::open(comm, options.links, h5::load_schema("links"));
  const std::string staging_path = options.staging.empty() ? links.read_string_attribute("staging") : options.staging;
  const auto staging = h5::File::open(comm, staging_path, h5::load_schema("staging"));
  const auto truth = h5::File::open(comm, options.truth, h5::load_schema("truth"));

  const auto all = [&](const h5::File& f, const char* path) -> std::uint64_t { return root ? f.rows(path) : 0; };
  const std::uint64_t rows = links.rows("identity/cluster");
  if (rows != staging.rows("identity/position")) {
    throw Error("link-eval: " + options.links + " has " + std::to_string(rows) + " identity rows but " + staging_path +
                " has " + std::to_string(staging.rows("identity/position")));
  }
  const auto cluster = h5::read_column<std::uint64_t>(links, "identity/cluster", 0, all(links, "identity/cluster"));
  const auto source = h5::read_column<std::uint64_t>(staging, "identity/source", 0, all(staging, "identity/source"));
  const auto position = h5::read_column<std::uint64_t>(staging, "identity/position", 0, all(staging, "identity/position"));
  const auto source_path = h5::read_ragged(staging, "sources/path", 0, all(staging, "sources/root"));
  const auto truth_path = h5::read_ragged(truth, "files/path", 0, all(truth, "files/kind"));
  const auto truth_file = h5::read_column<std::uint64_t>(truth, "records/file", 0, all(truth, "records/file"));
  const auto truth_pos = h5::read_column<std::uint64_t>(truth, "records/position", 0, all(truth, "records/position"));
  const auto truth_person = h5::read_column<std::uint64_t>(truth, "records/person", 0, all(truth, "records/person"));
  const auto person_id = h5::read_column<std::uint64_t>(truth, "persons/id", 0, all(truth, "persons/id"));
  const auto twin = h5::read_column<std::int64_t>(truth, "persons/twin_of", 0, all(truth, "persons/id"));
  const auto lookalike = h5::read_column<std::int64_t>(truth, "persons/lookalike_of", 0, all(truth, "persons/id"));
  const auto parent = h5::read_column<std::int64_t>(truth, "persons/same_name_parent", 0, all(truth, "persons/id"));
  if (!root) return r;

  // (file path, position) → person.
  std::unordered_map<std::string, std::uint64_t> truth_file_of;
  for (std::size_t f = 0; f < truth_path.size(); ++f) truth_file_of.emplace(std::string(truth_path.row_text(f)), f);
  std::unordered_map<std::uint64_t, std::uint64_t> person_of_record;  // (file << 24 | position) → person
  const auto record_key = [](std::uint64_t file, std::uint64_t pos) { return (file << 24) ^ pos; };
  for (std::size_t i = 0; i < truth_file.size(); ++i) person_of_record[record_key(truth_file[i], truth_pos[i])] = truth_person[i];

  std::vector<std::uint64_t> person(rows, UINT64_MAX);
  std::uint64_t unmatched = 0;
  for (std::uint64_t i = 0; i < rows; ++i) {
    const auto f = truth_file_of.find(std::string(source_path.row_text(source[i])));
    if (f == truth_file_of.end()) {
      ++unmatched;
      continue;
    }
    const auto p = person_of_record.find(record_key(f->second, position[i]));
    if (p == person_of_record.end()) {
      ++unmatched;
      continue;
    }
    person[i] = p->second;
  }
  if (unmatched != 0) throw Error("link-eval: " + std::to_string(unmatched) + " staged rows have no truth record");

  std::map<std::pair<std::uint64_t, std::uint64_t>, std::uint64_t> both;  // (cluster, person) → rows
  std::unordered_map<std::uint64_t, std::uint64_t> per_cluster, per_person;
  for (std::uint64_t i = 0; i < rows; ++i) {
    ++both[{cluster[i], person[i]}];
    ++per_cluster[cluster[i]];
    ++per_person[person[i]];
  }
  r.rows = rows;
  r.clusters = per_cluster.size();
  r.persons = per_person.size();
  for (const auto& [k, n] : both) r.correct_pairs += choose2(n);
  for (const auto& [k, n] : per_cluster) r.predicted_pairs += choose2(n);
  for (const auto& [k, n] : per_person) r.true_pairs += choose2(n);
  r.pair_precision = r.predicted_pairs ? static_cast<double>(r.correct_pairs) / static_cast<double>(r.predicted_pairs) : 1.0;
  r.pair_recall = r.true_pairs ? static_cast<double>(r.correct_pairs) / static_cast<double>(r.true_pairs) : 1.0;
  r.pair_f1 = f1(r.pair_precision, r.pair_recall);
  // Cluster level: a pure cluster holds one person; a whole person sits in one cluster; an exact
  // cluster is both (its rows are exactly one person's rows).
  std::unordered_map<std::uint64_t, std::uint64_t> persons_in_cluster, clusters_of_person;
  for (const auto& [k, n] : both) {
    ++persons_in_cluster[k.first];
    ++clusters_of_person[k.second];
  }
  for (const auto& [c, n] : persons_in_cluster) r.pure_clusters += n == 1 ? 1 : 0;
  for (const auto& [p, n] : clusters_of_person) r.whole_persons += n == 1 ? 1 : 0;
  for (const auto& [k, n] : both) {
    if (persons_in_cluster[k.first] == 1 && clusters_of_person[k.second] == 1) ++r.exact_clusters;
  }
  r.cluster_precision = r.clusters ? static_cast<double>(r.exact_clusters) / static_cast<double>(r.clusters) : 1.0;
  r.cluster_recall = r.persons ? static_cast<double>(r.exact_clusters) / static_cast<double>(r.persons) : 1.0;
  r.cluster_f1 = f1(r.cluster_precision, r.cluster_recall);

  // Hard negatives: pairs of persons (both with staged rows) that share a cluster.
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> clusters_by_person;
  for (const auto& [k, n] : both) clusters_by_person[k.second].push_back(k.first);
  const auto merged = [&](std::uint64_t a, std::uint64_t b) {
    const auto ia = clusters_by_person.find(a);
    const auto ib = clusters_by_person.find(b);
    if (ia == clusters_by_person.end() || ib == clusters_by_person.end()) return std::optional<bool>();
    for (const auto c : ia->second) {
      if (std::find(ib->second.begin(), ib->second.end(), c) != ib->second.end()) return std::optional<bool>(true);
    }
    return std::optional<bool>(false);
  };
  for (std::size_t i = 0; i < person_id.size(); ++i) {
    const auto count = [&](std::int64_t other, std::uint64_t& pairs, std::uint64_t& wrong) {
      if (other < 0 || static_cast<std::uint64_t>(other) < person_id[i]) return;  // each pair once
      if (const auto m = merged(person_id[i], static_cast<std::uint64_t>(other))) {
        ++pairs;
        if (*m) ++wrong;
      }
    };
    count(twin[i], r.twin_pairs, r.twins_merged);
    count(lookalike[i], r.lookalike_pairs, r.lookalikes_merged);
    count(parent[i], r.parent_pairs, r.parents_merged);
  }

  std::printf("link-eval: %llu staged identity rows of %llu persons in %llu clusters\n",
              static_cast<unsigned long long>(r.rows), static_cast<unsigned long long>(r.persons),
              static_cast<unsigned long long>(r.clusters));
  std::printf("link-eval: pairwise  precision %.6f  recall %.6f  F1 %.6f  (%llu correct of %llu linked, %llu true pairs)\n",
              r.pair_precision, r.pair_recall, r.pair_f1, static_cast<unsigned long long>(r.correct_pairs),
              static_cast<unsigned long long>(r.predicted_pairs), static_cast<unsigned long long>(r.true_pairs));
  std::printf("link-eval: clusters  precision %.6f  recall %.6f  F1 %.6f  (%llu exact; %llu pure clusters, %llu whole persons)\n",
              r.cluster_precision, r.cluster_recall, r.cluster_f1, static_cast<unsigned long long>(r.exact_clusters),
              static_cast<unsigned long long>(r.pure_clusters), static_cast<unsigned long long>(r.whole_persons));
  std::printf("link-eval: hard negatives merged: twins %llu of %llu, look-alikes %llu of %llu, same-name parent/son %llu of %llu\n",
              static_cast<unsigned long long>(r.twins_merged), static_cast<unsigned long long>(r.twin_pairs),
              static_cast<unsigned long long>(r.lookalikes_merged), static_cast<unsigned long long>(r.lookalike_pairs),
              static_cast<unsigned long long>(r.parents_merged), static_cast<unsigned long long>(r.parent_pairs));
  std::fflush(stdout);
  return r;
}

}  // namespace nayose::linkage
