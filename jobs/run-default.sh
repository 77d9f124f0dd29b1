#!/bin/bash
# README command 1: install what is missing, build, and run the whole pipeline that exists on the
# embedded default, on 4 local MPI ranks. Today the pipeline is the foundation: a new keyring and
# `nayose doctor` (MPI, oneTBB, parallel HDF5, key file, memory, disk). Later stages join here.
#   bash jobs/run-default.sh            outputs in out/default/
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/jobs/setup.sh" release

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
nayose="$here/build/release/jobs/nayose"
out=${NAYOSE_OUT:-$here/out/default}
ranks=${NAYOSE_RANKS:-4}
mkdir -p "$out"

echo
echo "== nayose $("$nayose" --version | cut -d' ' -f2-)"
if [[ ! -f $out/keys ]]; then
  "$nayose" keygen --out "$out/keys"
fi
echo "== nayose doctor on $ranks local ranks"
set +e
mpirun -np "$ranks" --oversubscribe "$nayose" doctor --dir "$out" --keys "$out/keys" --threads 1 \
  | tee "$out/doctor.txt"
rc=${PIPESTATUS[0]}
set -e
echo
echo "== summary"
if [[ $rc -eq 0 ]]; then
  echo "doctor: this machine can run nayose on $ranks ranks (report: $out/doctor.txt)"
else
  echo "doctor found problems (exit $rc); see $out/doctor.txt" >&2
fi
echo "outputs: $out/keys (keyring, mode 0600), $out/doctor.txt"
exit "$rc"
