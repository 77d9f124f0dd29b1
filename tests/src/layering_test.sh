#!/bin/bash
# Checks the layering rules of DESIGN.md that the compiler cannot:
#  - raw MPI calls (MPI_Xxx(...)) appear only in src/mpi/;
#  - kernels/ includes no MPI, HDF5, Boost, OpenSSL or I/O-library headers.
set -uo pipefail
root=$1
cd "$root" || exit 1
status=0
mpi_calls=$(grep -rnE '\bMPI_[A-Z][a-z_]+[[:space:]]*\(' --include='*.cpp' --include='*.hpp' src jobs kernels \
            | grep -v '^src/mpi/' || true)
if [[ -n $mpi_calls ]]; then
  echo "raw MPI calls outside src/mpi:"; echo "$mpi_calls"; status=1
fi
kernel_includes=$(grep -rnE '#include[[:space:]]*[<"](mpi\.h|hdf5\.h|H5[A-Za-z]*\.h|boost/|openssl/|src/)' kernels || true)
if [[ -n $kernel_includes ]]; then
  echo "kernels/ must not include these:"; echo "$kernel_includes"; status=1
fi
[[ $status -eq 0 ]] && echo "layering OK"
exit $status
