#!/bin/bash
# End-to-end test: `nayose doctor` as a 4-rank Slurm batch job on the local one-node cluster.
#
#   tests/slurm/slurm_doctor_test.sh NAYOSE_BIN WORKDIR
#
# 1. starts the cluster with slurm/local-cluster.sh (and stops it on exit, but only if this test
#    started it: a cluster that was already up is left up);
# 2. `nayose keygen` writes WORKDIR/keys;
# 3. a doctor job with good keys must end COMPLETED 0:0 and print `doctor: OK` and one table line
#    per rank (`rank 0 ` .. `rank 3 `);
# 4. a doctor job whose key file is 0644 must end FAILED with a non-zero exit code and say
#    "permission".
#
# Exit codes: 0 all passed, 1 something failed, 77 skipped (not root, or Slurm not installable).
# Knob: NAYOSE_TEST_JOB_TIMEOUT (seconds per job, default 300). Every wait is bounded.

# The predicates below are called through check() and the traps, which shellcheck cannot see.
# shellcheck disable=SC2317
set -euo pipefail

readonly SKIP=77
readonly JOB_TIMEOUT="${NAYOSE_TEST_JOB_TIMEOUT:-300}"
readonly CLUSTER_TIMEOUT=$(( ${NAYOSE_SLURM_TIMEOUT:-60} * 3 + 60 ))   # install + start, with margin

if [[ $# -ne 2 ]]; then
  echo "usage: $0 NAYOSE_BIN WORKDIR" >&2
  exit 2
fi

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster="$repo_root/slurm/local-cluster.sh"
doctor_job="$repo_root/slurm/doctor.sbatch"
nayose_bin=$(realpath -m -- "$1")
workdir=$(realpath -m -- "$2")

passed=0
failed=0
started_cluster=0
submitted_jobs=()

pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
skip() { echo "SKIP: $*"; exit "$SKIP"; }

# check DESCRIPTION COMMAND...: one test case.
check() {
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

print_slurm_logs() {
  local f
  for f in /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log; do
    [[ -s "$f" ]] || continue
    echo "----- tail -n 40 $f -----"
    tail -n 40 "$f" || true
  done
}

cleanup() {
  local rc=$?
  # A job still queued (e.g. after a timed-out wait) must not outlive the test.
  local job
  for job in "${submitted_jobs[@]}"; do
    timeout 10 scancel "$job" >/dev/null 2>&1 || true
  done
  if ((started_cluster)); then
    timeout 60 "$cluster" stop || echo "warning: '$cluster stop' failed" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- preconditions: skip rather than fail where the host cannot run this at all -------------
[[ $EUID -eq 0 ]] || skip "needs root (starts munged/slurmctld/slurmd; the jobs run as root)"
[[ -x "$cluster" && -f "$doctor_job" ]] || { echo "FAIL: $cluster or $doctor_job missing"; exit 1; }
if ! timeout "$CLUSTER_TIMEOUT" "$cluster" install; then
  skip "slurm-wlm/munge are not installed and cannot be installed here"
fi
[[ -x "$nayose_bin" ]] || { echo "FAIL: NAYOSE_BIN '$nayose_bin' is not executable"; exit 1; }
mkdir -p "$workdir"

# ---- cluster ----------------------------------------------------------------------------------
if timeout 30 "$cluster" status >/dev/null 2>&1; then
  echo "cluster already up: using it and leaving it up"
else
  started_cluster=1
  if ! timeout "$CLUSTER_TIMEOUT" "$cluster" start; then
    echo "FAIL: could not start the local Slurm cluster"
    print_slurm_logs
    exit 1
  fi
fi

# ---- helpers for the jobs ---------------------------------------------------------------------

# job_field JOBID FIELD: the value of FIELD=... in `scontrol show job`.
job_field() {
  timeout 10 scontrol show job "$1" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# Wait (bounded) until the job has left PENDING/RUNNING/COMPLETING; sbatch --wait may return
# while the record still shows COMPLETING.
wait_job_final() {
  local job=$1 deadline=$((SECONDS + 60)) state
  while ((SECONDS < deadline)); do
    state=$(job_field "$job" JobState)
    case "$state" in
      '' | PENDING | RUNNING | COMPLETING | CONFIGURING | SUSPENDED) sleep 0.5 ;;
      *) return 0 ;;
    esac
  done
  return 1
}

# submit_doctor NAME: sbatch --wait the doctor job; sets JOB_ID, JOB_RC and JOB_OUT.
submit_doctor() {
  local name=$1 out
  JOB_ID='' JOB_RC=0 JOB_OUT=''
  out=$(cd "$repo_root" && timeout "$JOB_TIMEOUT" sbatch --wait --parsable \
          -o "$workdir/doctor-%j.out" "$doctor_job") || JOB_RC=$?
  JOB_ID=${out%%$'\n'*}     # --parsable prints "jobid" or "jobid;cluster" first
  JOB_ID=${JOB_ID%%;*}
  if [[ ! "$JOB_ID" =~ ^[0-9]+$ ]]; then
    JOB_ID=''
    echo "sbatch ($name) did not submit (rc $JOB_RC): $out"
    return 0
  fi
  submitted_jobs+=("$JOB_ID")
  if ((JOB_RC == 124)); then
    echo "sbatch --wait ($name, job $JOB_ID) timed out after ${JOB_TIMEOUT}s; cancelling it"
    timeout 10 scancel "$JOB_ID" || true
  fi
  wait_job_final "$JOB_ID" || echo "job $JOB_ID did not reach a final state"
  JOB_OUT="$workdir/doctor-$JOB_ID.out"
  echo "job $JOB_ID ($name): sbatch rc $JOB_RC, $(job_field "$JOB_ID" JobState)" \
       "ExitCode=$(job_field "$JOB_ID" ExitCode), output $JOB_OUT"
}

show_output() {
  [[ -n "$JOB_OUT" && -f "$JOB_OUT" ]] || { echo "(no output file)"; return 0; }
  echo "----- $JOB_OUT -----"
  cat "$JOB_OUT"
  echo "-----"
}

has_ok_line() { grep -qE '^doctor: OK[[:space:]]*$' "$JOB_OUT" 2>/dev/null; }
has_rank_line() { grep -qE "^rank $1 " "$JOB_OUT" 2>/dev/null; }
mentions_permission() { grep -qi 'permission' "$JOB_OUT" 2>/dev/null; }
job_is() { [[ -n "$JOB_ID" && "$(job_field "$JOB_ID" JobState)" == "$1" ]]; }
exit_code_is() { [[ -n "$JOB_ID" && "$(job_field "$JOB_ID" ExitCode)" == "$1" ]]; }
exit_code_nonzero() {
  local code
  [[ -n "$JOB_ID" ]] || return 1
  code=$(job_field "$JOB_ID" ExitCode)
  [[ -n "$code" && "$code" != 0:0 ]]
}

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# ---- keys -------------------------------------------------------------------------------------
keys="$workdir/keys"
rm -f "$keys"            # keygen refuses to overwrite
keygen_rc=0
timeout 60 "$nayose_bin" keygen --out "$keys" || keygen_rc=$?
check "keygen exits 0" test "$keygen_rc" -eq 0
check "keygen writes a 0600 key file" test "$(stat -c %a "$keys" 2>/dev/null)" = 600

export NAYOSE_BIN="$nayose_bin" NAYOSE_KEYS="$keys"

# ---- doctor with good keys must pass ----------------------------------------------------------
rm -rf "$workdir/doctor-ok"
export NAYOSE_DOCTOR_DIR="$workdir/doctor-ok"
submit_doctor good-keys
failed_before=$failed
check "good keys: sbatch --wait exits 0" test "$JOB_RC" -eq 0
check "good keys: job COMPLETED" job_is COMPLETED
check "good keys: ExitCode=0:0" exit_code_is 0:0
check "good keys: output has 'doctor: OK'" has_ok_line
for rank in 0 1 2 3; do
  check "good keys: output has a line for rank $rank" has_rank_line "$rank"
done
((failed == failed_before)) || show_output

# ---- doctor with a world-readable key file must fail ------------------------------------------
chmod 0644 "$keys" 2>/dev/null || true
rm -rf "$workdir/doctor-bad"
export NAYOSE_DOCTOR_DIR="$workdir/doctor-bad"
submit_doctor loose-keys
failed_before=$failed
check "0644 keys: sbatch --wait exits non-zero" test "$JOB_RC" -ne 0 -a "$JOB_RC" -ne 124
check "0644 keys: job FAILED" job_is FAILED
check "0644 keys: non-zero ExitCode" exit_code_nonzero
check "0644 keys: output mentions permission" mentions_permission
((failed == failed_before)) || show_output

# ---- summary ----------------------------------------------------------------------------------
echo "$passed passed, $failed failed"
if ((failed > 0)); then
  print_slurm_logs
  exit 1
fi
exit 0
