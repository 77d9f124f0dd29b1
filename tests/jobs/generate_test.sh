#!/bin/bash
# nayose generate end to end: a 10,000-person run checked by generate_check.py (formats, check
# digits, truth coverage), and byte-identical output for 1 and 3 ranks and 1 and 2 threads.
#   generate_test.sh NAYOSE_BIN MPIEXEC SOURCE_DIR [PERSONS]
source "$(dirname "$0")/harness.sh" generate "$@"
digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1; }

timeout 900 "$mpiexec" -np 1 "$bin" generate --persons "$persons" --seed 7 --out "$tmp/np1" --threads 1 >"$tmp/o1" 2>"$tmp/e1"
rc=$?
check "generate 1 rank exits 0" "[[ $rc -eq 0 ]]"
[[ $rc -eq 0 ]] || tail -20 "$tmp/e1"
check "generate prints a RESULT line" "grep -q '^RESULT stage=generate ranks=1 ' '$tmp/o1'"
check "generate logs progress with rate and ETA" "grep -q 'persons/s, ETA' '$tmp/e1'"
check "no .partial directory left" "[[ ! -e '$tmp/np1.partial' ]]"
/usr/bin/python3 "$src/tests/jobs/generate_check.py" "$tmp/np1" >"$tmp/check" 2>&1
rc=$?
cat "$tmp/check"
check "generate_check.py passes" "[[ $rc -eq 0 ]]"

timeout 900 "$mpiexec" -np 3 --oversubscribe "$bin" generate --persons "$persons" --seed 7 --out "$tmp/np3" --threads 2 \
  >"$tmp/o3" 2>"$tmp/e3"
check "generate 3 ranks x 2 threads exits 0" "[[ $? -eq 0 ]]"
d1=$(digest "$tmp/np1")
d3=$(digest "$tmp/np3")
check "1 rank x 1 thread and 3 ranks x 2 threads give byte-identical outputs ($d1)" "[[ '$d1' == '$d3' ]]"
if [[ $d1 != "$d3" ]]; then
  diff <(cd "$tmp/np1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) \
       <(cd "$tmp/np3" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | head -10
fi

timeout 120 "$bin" generate --persons 10 --out "$tmp/np1" >/dev/null 2>"$tmp/e"; rc=$?
check "an existing output directory is refused" "[[ $rc -ne 0 ]] && grep -q 'already exists' '$tmp/e'"
timeout 120 "$bin" generate --persons 0 --period 2024-13:2024-01 --out "$tmp/x" >/dev/null 2>"$tmp/e"; rc=$?
check "bad options are configuration errors, reported together" \
  "[[ $rc -eq 2 ]] && grep -q 'persons must be' '$tmp/e' && grep -q 'period' '$tmp/e'"
finish
