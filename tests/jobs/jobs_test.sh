#!/bin/bash
# End-to-end tests of the `nayose` executable: dispatch, --version, per-job --help, config
# precedence and --dump-config round trip, jobs/*.ini == defaults, --dry-run, keygen, and doctor
# at 1-4 ranks, with an unwritable directory and with a 0644 key file. Keys never in any output.
#   jobs_test.sh NAYOSE_BIN MPIEXEC SOURCE_DIR
set -uo pipefail
bin=$1
mpiexec=$2
src=$3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
passed=0
failed=0
check() { if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else echo "FAIL: $1"; failed=$((failed + 1)); fi; }
tmp=$(mktemp -d /tmp/nayose-jobs-test.XXXXXX)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
run() { timeout 120 "$@"; }

# --- dispatch and version
out=$(run "$bin" --version); rc=$?
check "--version exits 0" "[[ $rc -eq 0 ]]"
check "--version prints version and git sha" "[[ '$out' =~ ^nayose\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ [0-9a-f]{40}|^nayose\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ unknown ]]"
run "$bin" --help >"$tmp/help" 2>&1
check "--help lists the jobs" "grep -q '^  doctor' '$tmp/help' && grep -q '^  keygen' '$tmp/help'"
run "$bin" frobnicate >/dev/null 2>"$tmp/err"; rc=$?
check "unknown job exits 2 and says so" "[[ $rc -eq 2 ]] && grep -q \"unknown job 'frobnicate'\" '$tmp/err'"
for job in doctor keygen generate ingest trace link link-eval; do
  run "$bin" $job --help >"$tmp/h" 2>&1; rc=$?
  check "$job --help exits 0 and documents options" "[[ $rc -eq 0 ]] && grep -q -- '--dump-config' '$tmp/h' && grep -q -- '--threads' '$tmp/h'"
done

# --- configuration
for job in doctor keygen generate ingest trace link link-eval; do
  run "$bin" $job --dump-config >"$tmp/$job.dump" 2>/dev/null
  check "jobs/$job.ini is exactly the defaults (--dump-config)" "diff -u '$src/jobs/$job.ini' '$tmp/$job.dump'"
  run "$bin" $job --config "$tmp/$job.dump" --dump-config >"$tmp/$job.dump2" 2>/dev/null
  check "$job --dump-config round-trips through --config" "cmp -s '$tmp/$job.dump' '$tmp/$job.dump2'"
done
printf 'rows-per-rank = 11\nmin-free-disk-mib = 12\nlog-level = warn\n' >"$tmp/c.ini"
NAYOSE_ROWS_PER_RANK=22 run "$bin" doctor --config "$tmp/c.ini" --min-free-disk-mib 33 --dump-config >"$tmp/p" 2>/dev/null
check "precedence: command line > environment > config file > default" \
  "grep -qx 'min-free-disk-mib = 33' '$tmp/p' && grep -qx 'rows-per-rank = 22' '$tmp/p' && grep -qx 'log-level = warn' '$tmp/p' && grep -qx 'min-free-memory-mib = 512' '$tmp/p'"
run "$bin" doctor --dir "$tmp" --dry-run >"$tmp/o" 2>"$tmp/e"; rc=$?
check "--dry-run validates and exits 0 without running" "[[ $rc -eq 0 ]] && grep -q 'configuration OK (dry run)' '$tmp/o' && ! grep -q '^rank 0' '$tmp/o'"
printf 'bogus-key = 1\n' >"$tmp/bad.ini"
run "$bin" doctor --config "$tmp/bad.ini" --rows-per-rank abc --threads -1 --log-level loud --dry-run >"$tmp/o" 2>"$tmp/e"; rc=$?
check "all configuration errors reported together, exit 2" \
  "[[ $rc -eq 2 ]] && grep -q bogus-key '$tmp/e' && grep -q rows-per-rank '$tmp/e' && grep -q 'threads must be' '$tmp/e' && grep -q 'loud' '$tmp/e'"

# --- keygen
run "$bin" keygen --out "$tmp/keys" >"$tmp/o" 2>"$tmp/e"; rc=$?
check "keygen writes a keyring" "[[ $rc -eq 0 && -f '$tmp/keys' ]]"
check "keyring has mode 0600" "[[ \$(stat -c %a '$tmp/keys') == 600 ]]"
run "$bin" keygen --out "$tmp/keys" >/dev/null 2>"$tmp/e"; rc=$?
check "keygen refuses to overwrite" "[[ $rc -ne 0 ]] && grep -qi 'exist' '$tmp/e'"
run "$bin" keygen >/dev/null 2>"$tmp/e"; rc=$?
check "keygen without --out is a configuration error" "[[ $rc -eq 2 ]] && grep -q -- '--out is required' '$tmp/e'"
run "$mpiexec" -np 3 --oversubscribe "$bin" keygen --out "$tmp/keys3" >/dev/null 2>&1; rc=$?
check "keygen under mpirun writes one keyring" "[[ $rc -eq 0 && \$(stat -c %a '$tmp/keys3') == 600 ]]"
# Every key's hex must never appear in any output below.
key_hex=$(grep -Eo '[0-9a-f]{64}' "$tmp/keys" | tr '\n' '|' | sed 's/|$//')

# --- doctor at 1..4 ranks
mkdir -p "$tmp/d"
for np in 1 2 3 4; do
  run "$mpiexec" -np $np --oversubscribe "$bin" doctor --dir "$tmp/d" --keys "$tmp/keys" --log-level debug --log-all-ranks \
    >"$tmp/o" 2>"$tmp/e"; rc=$?
  check "doctor np=$np succeeds" "[[ $rc -eq 0 ]] && grep -qx 'doctor: OK' '$tmp/o'"
  check "doctor np=$np prints one line per rank" "[[ \$(grep -c '^rank [0-9]* host=' '$tmp/o') -eq $np ]]"
  check "doctor np=$np: collective HDF5 write and read-back on every rank" \
    "[[ \$(grep -c 'hdf5=ran collective=yes readback=ok' '$tmp/o') -eq $np ]]"
  check "doctor np=$np prints a RESULT line" "grep -q '^RESULT stage=doctor ranks=$np threads=' '$tmp/o'"
  check "doctor np=$np leaves no file behind" "[[ -z \$(ls -A '$tmp/d') ]]"
  check "doctor np=$np never prints key material" "! grep -Eq '$key_hex' '$tmp/o' '$tmp/e'"
  [[ $np -gt 1 ]] && check "doctor np=$np --log-all-ranks prefixes lines" "grep -q '^\[rank 1\]' '$tmp/e'"
done

cp "$tmp/keys" "$tmp/keys644"; chmod 0644 "$tmp/keys644"
run "$mpiexec" -np 2 --oversubscribe "$bin" doctor --dir "$tmp/d" --keys "$tmp/keys644" >"$tmp/o" 2>"$tmp/e"; rc=$?
check "doctor with a 0644 key file fails" "[[ $rc -ne 0 ]] && grep -q '^doctor: FAILED' '$tmp/o'"
check "doctor names the key file, its mode and the fix" "grep -q 'keys644' '$tmp/o' && grep -q '0644' '$tmp/o' && grep -qi 'chmod 600' '$tmp/o' && grep -qi 'permission' '$tmp/o'"
check "doctor with a 0644 key file never prints key material" "! grep -Eq '$key_hex' '$tmp/o' '$tmp/e'"

run "$mpiexec" -np 2 --oversubscribe "$bin" doctor --dir "$tmp/does-not-exist" >"$tmp/o" 2>"$tmp/e"; rc=$?
check "doctor with a missing directory fails clearly" "[[ $rc -ne 0 ]] && grep -q 'does-not-exist' '$tmp/o'"

mkdir -p "$tmp/ro"; chmod 0555 "$tmp/ro"
if [[ $(id -u) -eq 0 ]]; then
  # root may write anywhere; check as an unprivileged user, which is what the directory means.
  runuser -u nobody -- env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 HOME=/tmp \
    timeout 120 "$mpiexec" -np 2 --oversubscribe "$bin" doctor --dir "$tmp/ro" >"$tmp/o" 2>"$tmp/e"; rc=$?
else
  run "$mpiexec" -np 2 --oversubscribe "$bin" doctor --dir "$tmp/ro" >"$tmp/o" 2>"$tmp/e"; rc=$?
fi
check "doctor with an unwritable directory exits non-zero" "[[ $rc -ne 0 ]]"
check "doctor says the directory is not writable" "grep -q 'is not writable' '$tmp/o' && grep -q '^doctor: FAILED' '$tmp/o'"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
