# Shared by the job end-to-end scripts (generate_test.sh, ingest_test.sh, link_test.sh), sourced as
#   source "$(dirname "$0")/harness.sh" NAME "$@"
# with the script's own arguments NAYOSE_BIN MPIEXEC SOURCE_DIR [PERSONS]. Sets bin, mpiexec, src,
# persons (default 10000); `check DESCRIPTION CONDITION` (eval'd; PASS/FAIL line, tallied); a fresh
# $tmp removed on exit; `finish` prints the tally and returns non-zero if anything failed.
set -uo pipefail
bin=$2
mpiexec=$3
src=$4
persons=${5:-10000}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
passed=0
failed=0
check() { if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi; }
tmp=$(mktemp -d "/tmp/nayose-$1-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
