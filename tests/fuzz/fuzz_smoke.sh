#!/bin/bash
# Smoke run of the libFuzzer targets: seeds from a small `nayose generate` output (a few real files
# of each format), then SECONDS seconds of fuzzing per format. Fails on any crash, sanitizer report
# or invariant violation (the targets abort). Exit 77 (ctest: skipped) when the fuzz preset was not
# built — tests/run-all.sh builds it.
#   fuzz_smoke.sh FUZZ_BIN_DIR NAYOSE_BIN SECONDS
set -uo pipefail
dir=$1
bin=$2
seconds=${3:-20}
if [[ ! -x $dir/fuzz_uke ]]; then
  echo "fuzz targets not built in $dir (cmake --preset fuzz && cmake --build --preset fuzz): skipped"
  exit 77
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d /tmp/nayose-fuzz.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$bin" generate --persons 2000 --seed 5 --out "$tmp/src" --period 2024-04:2024-09 >/dev/null 2>&1 || {
  echo "generate for the seed corpus failed"; exit 1; }
declare -A pattern=([uke]='*.UKE' [cyo]='*.CYO' [ssmix2]='*_1' [checkup]='*.xml' [care]='*.csv' [death]='*.csv')
declare -A under=([uke]=uke [cyo]=cyo [ssmix2]=ssmix2 [checkup]=checkup [care]=care [death]=death)
failed=0
for kind in uke cyo ssmix2 checkup care death; do
  mkdir -p "$tmp/corpus-$kind"
  find "$tmp/src/${under[$kind]}" -type f -name "${pattern[$kind]}" | sort | head -40 |
    while read -r f; do cp "$f" "$tmp/corpus-$kind/$(sha256sum "$f" | cut -c1-16)"; done
  echo "fuzz_$kind: $(ls "$tmp/corpus-$kind" | wc -l) seeds, ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1 "$dir/fuzz_$kind" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
       -rss_limit_mb=2048 -artifact_prefix="$tmp/crash-$kind-" "$tmp/corpus-$kind" >"$tmp/log-$kind" 2>&1; then
    echo "FAIL: fuzz_$kind found a problem:"
    tail -40 "$tmp/log-$kind"
    failed=1
  else
    grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs)' "$tmp/log-$kind" | tail -1
    echo "PASS: fuzz_$kind"
  fi
done
exit $failed
