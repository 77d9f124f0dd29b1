#!/bin/bash
# Writes a doctor_probe file with 2 MPI ranks and checks it with h5py (a reader that shares no
# code with nayose). Exit 77 (ctest: skipped) if /usr/bin/python3 has no h5py.
# Usage: h5py_reads_probe_file.sh <mpirun> <h5_write_probe_file> <check_probe_file.py>
set -euo pipefail
mpirun=$1 writer=$2 checker=$3
python=/usr/bin/python3   # the pyenv python3 on PATH has no h5py (cluster-facts.md)
if ! "$python" -c 'import h5py' 2>/dev/null; then
  echo "SKIP: $python cannot import h5py (apt install python3-h5py)"
  exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/nayose-h5py-XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$mpirun" -np 2 --oversubscribe "$writer" "$dir/probe.h5" 1000
"$python" "$checker" "$dir/probe.h5" 2 1000
