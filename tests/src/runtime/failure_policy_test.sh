#!/bin/bash
# The failure policy end to end, for 1-4 ranks: an agreed failure makes every rank exit with the
# same non-zero code and the message appears exactly once; an unagreed one aborts all ranks (no hang).
#   failure_policy_test.sh FAILURE_JOB_BIN MPIEXEC
set -uo pipefail
bin=$1
mpiexec=$2
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
passed=0
failed=0
check() { if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for np in 1 2 3 4; do
  timeout 60 "$mpiexec" -np "$np" --oversubscribe "$bin" x --mode none >"$tmp/out" 2>"$tmp/err"
  check "np=$np success exits 0 with a RESULT line" "[[ $? -eq 0 ]] && grep -q '^RESULT stage=failure-probe ranks=$np ' '$tmp/out'"

  timeout 60 "$mpiexec" -np "$np" --oversubscribe "$bin" x --mode agreed >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "np=$np agreed failure exits 1 (got $rc)" "[[ $rc -eq 1 ]]"
  check "np=$np agreed failure message printed exactly once" \
    "[[ \$(grep -c 'simulated failure reading input-file-7' '$tmp/err') -eq 1 ]]"
  check "np=$np no RESULT line after a failure" "! grep -q '^RESULT' '$tmp/out'"

  timeout 60 "$mpiexec" -np "$np" --oversubscribe "$bin" x --mode escape >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "np=$np unagreed failure stops every rank, non-zero, no hang (got $rc)" "[[ $rc -ne 0 && $rc -ne 124 ]]"
  check "np=$np unagreed failure message printed once" \
    "[[ \$(grep -c 'simulated unagreed failure reading input-file-9' '$tmp/err') -eq 1 ]]"

  timeout 60 "$mpiexec" -np "$np" --oversubscribe "$bin" x --mode bogus --threads -3 >"$tmp/out" 2>"$tmp/err"
  rc=$?
  check "np=$np config errors exit 2 (got $rc)" "[[ $rc -eq 2 ]]"
  check "np=$np both config errors reported together, once" \
    "[[ \$(grep -c 'bad --mode bogus' '$tmp/err') -eq 1 ]] && grep -q 'threads must be' '$tmp/err'"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
