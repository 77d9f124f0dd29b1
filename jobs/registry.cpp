#include "jobs/registry.hpp"

namespace nayose::jobs {

std::span<const JobEntry> registry() {
  static const JobEntry entries[] = {
      {"doctor", "pre-flight check of a node/allocation: MPI, threads, parallel HDF5, key file, memory, disk",
       &make_doctor},
      {"keygen", "write a new keyring file (mode 0600) with the keys the stages use", &make_keygen},
      {"generate", "synthetic population + its source files (UKE/CYO, SS-MIX2, 特定健診 XML, care, death) + truth.h5",
       &make_generate},
      {"ingest", "source files → staging HDF5: parse, normalise identities, quarantine bad records, lineage hashes",
       &make_ingest},
      {"trace", "from a lineage hash to the source file and position of the staged row (verified by recomputation)",
       &make_trace},
      {"link", "staging identity rows -> persons with research IDs: blocking, Fellegi-Sunter + EM, clustering, registry",
       &make_link},
      {"link-eval", "a LINKS.h5 against truth.h5: pairwise and cluster precision/recall/F1, hard negatives", &make_link_eval},
  };
  return entries;
}

}  // namespace nayose::jobs
