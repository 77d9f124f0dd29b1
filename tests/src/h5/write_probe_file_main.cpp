// Writes a doctor_probe file and keeps it (the doctor's probe deletes its file), so that other
// readers (h5py, h5dump) can be checked against it.
// Usage: mpirun -np N h5_write_probe_file <path> <rows_per_rank>
#include <cstdio>
#include <exception>
#include <string>

#include "src/h5/io_probe.hpp"
#include "src/mpi/communicator.hpp"
#include "src/mpi/environment.hpp"

int main(int argc, char** argv) {
  nayose::mpi::Environment env(argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <path> <rows_per_rank>\n", argv[0]);
    return 2;
  }
  try {
    const auto world = nayose::mpi::Communicator::world();
    const auto report = nayose::h5::write_probe_file(world, argv[1], std::stoull(argv[2]));
    if (world.rank() == 0) {
      std::printf("wrote %s: %llu rows per rank, collective=%d %s\n", report.file.c_str(),
                  static_cast<unsigned long long>(report.rows_written), report.collective ? 1 : 0,
                  report.no_collective_cause.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "h5_write_probe_file: %s\n", e.what());
    nayose::mpi::Environment::abort(1);
  }
  return 0;
}
