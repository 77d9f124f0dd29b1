#!/bin/bash
# The MPI GoogleTest main reports a failure that happens on one rank only (here the last of 3):
# rank 0 prints it under "[rank 2] failures:" and the run exits non-zero.
#   harness_test.sh DELIBERATE_FAILURE_BIN MPIEXEC
set -uo pipefail
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$(timeout 60 "$2" -np 3 --oversubscribe "$1" 2>&1)
rc=$?
fail=0
[[ $rc -ne 0 && $rc -ne 124 ]] || { echo "FAIL: expected a non-zero exit (not a timeout), got $rc"; fail=1; }
grep -q '^\[rank 2\] failures:' <<<"$out" || { echo "FAIL: rank 2's failure not reported"; fail=1; }
grep -q 'this rank fails on purpose' <<<"$out" || { echo "FAIL: failure message missing"; fail=1; }
grep -q '^1 of 3 rank(s) had failing tests' <<<"$out" || { echo "FAIL: summary line missing"; fail=1; }
[[ $fail -eq 0 ]] && echo "harness reports single-rank failures: OK"
exit $fail
