#!/bin/bash
# README command 1: install what is missing, build, and run the whole pipeline that exists on the
# embedded default, on 4 local MPI ranks: a keyring, the `nayose doctor` pre-flight check, then
# `nayose generate` (a synthetic population of NAYOSE_PERSONS persons and its source files with
# truth.h5), `nayose ingest` (every source file → staging.h5 with quarantine and lineage),
# `nayose link` (research IDs → links.h5) and `nayose link-eval` (links against the truth). Later
# stages (anonymize, stats) join here.
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
if [[ $rc -ne 0 ]]; then
  echo "doctor found problems (exit $rc); see $out/doctor.txt" >&2
  exit "$rc"
fi

persons=${NAYOSE_PERSONS:-10000}
echo
echo "== nayose generate: $persons persons, fiscal 2024, on $ranks local ranks"
mpirun -np "$ranks" --oversubscribe "$nayose" generate --persons "$persons" --seed 1 --out "$out/sources" \
  --overwrite --threads 1 | tee "$out/generate.txt"
rc=${PIPESTATUS[0]}
[[ $rc -eq 0 ]] || { echo "generate failed (exit $rc)" >&2; exit "$rc"; }

echo
echo "== nayose ingest: $out/sources -> $out/staging.h5 on $ranks local ranks"
mpirun -np "$ranks" --oversubscribe "$nayose" ingest --sources "$out/sources" --out "$out/staging.h5" \
  --keys "$out/keys" --overwrite --threads 1 | tee "$out/ingest.txt"
rc=${PIPESTATUS[0]}
[[ $rc -eq 0 ]] || { echo "ingest failed (exit $rc)" >&2; exit "$rc"; }

echo
echo "== nayose link: $out/staging.h5 -> $out/links.h5 on $ranks local ranks"
mpirun -np "$ranks" --oversubscribe "$nayose" link --staging "$out/staging.h5" --keys "$out/keys" \
  --out "$out/links.h5" --overwrite --threads 1 | tee "$out/link.txt"
rc=${PIPESTATUS[0]}
[[ $rc -eq 0 ]] || { echo "link failed (exit $rc)" >&2; exit "$rc"; }
echo
echo "== nayose link-eval: $out/links.h5 against the generator's truth"
"$nayose" link-eval --links "$out/links.h5" --truth "$out/sources/truth.h5" | tee "$out/link-eval.txt"

echo
echo "== summary"
echo "doctor:   this machine can run nayose on $ranks ranks (report: $out/doctor.txt)"
echo "generate: $(grep -c . <(find "$out/sources" -type f)) files in $out/sources"
for kind in uke cyo ssmix2 checkup care death; do
  printf '            %-8s %6d files\n' "$kind" "$(find "$out/sources/$kind" -type f | wc -l)"
done
echo "          ground truth: $out/sources/truth.h5 (h5dump -H, or h5py)"
grep '^RESULT' "$out/generate.txt" | sed 's/^/          /'
echo "ingest:   $(grep -m1 'records read' "$out/ingest.txt" | sed 's/^ingest: //')"
echo "          staging: $out/staging.h5 (identity/, events/, quarantine/, sources/; h5dump -H, or h5py)"
echo "          (truth.h5 in the sources folder is recorded as an unrecognised file: it is not a source format)"
grep '^RESULT' "$out/ingest.txt" | sed 's/^/          /'
echo "link:     $(grep -m1 'clusters' "$out/link.txt" | sed 's/^link: //')"
echo "          links: $out/links.h5 (identity/research_id per staging row, clusters/, pairs/, model/, changes/, registry/)"
grep '^link-eval: pair\|^link-eval: clus\|^link-eval: hard' "$out/link-eval.txt" | sed 's/^link-eval: /          /'
grep '^RESULT' "$out/link.txt" | sed 's/^/          /'
echo "outputs:  $out/keys (keyring, mode 0600), $out/doctor.txt, $out/sources/, $out/generate.txt,"
echo "          $out/staging.h5, $out/ingest.txt, $out/links.h5, $out/link.txt, $out/link-eval.txt"
