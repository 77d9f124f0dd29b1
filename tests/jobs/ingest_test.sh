#!/bin/bash
# nayose ingest end to end: a generated population's sources ingested and checked against truth.h5
# (ingest_check.py), byte-identical staging for 1 and 3 ranks (and 1 and 2 threads), nayose trace
# on an identity, an event and a quarantine row, h5dump, and the failure paths.
#   ingest_test.sh NAYOSE_BIN MPIEXEC SOURCE_DIR [PERSONS]
source "$(dirname "$0")/harness.sh" ingest "$@"

"$bin" keygen --out "$tmp/keys" >/dev/null
timeout 900 "$mpiexec" -np 2 --oversubscribe "$bin" generate --persons "$persons" --seed 11 --out "$tmp/src" \
  --threads 1 >/dev/null 2>"$tmp/eg"
check "generate exits 0" "[[ $? -eq 0 ]]"

timeout 900 "$mpiexec" -np 1 "$bin" ingest --sources "$tmp/src" --out "$tmp/s1.h5" --keys "$tmp/keys" --threads 1 \
  >"$tmp/o1" 2>"$tmp/e1"
rc=$?
check "ingest 1 rank exits 0" "[[ $rc -eq 0 ]]"
[[ $rc -eq 0 ]] || tail -20 "$tmp/e1"
cat "$tmp/o1"
check "ingest prints a RESULT line" "grep -q '^RESULT stage=ingest ranks=1 ' '$tmp/o1'"
check "ingest logs progress with MB/s and ETA" "grep -q 'MB/s, ETA' '$tmp/e1'"
check "ingest prints read = accepted + quarantined" "grep -q 'records read = .* accepted + .* quarantined' '$tmp/o1'"
check "no .partial file left" "[[ ! -e '$tmp/s1.h5.partial' ]]"
/usr/bin/python3 "$src/tests/jobs/ingest_check.py" "$tmp/s1.h5" "$tmp/src" "$tmp/keys" >"$tmp/check" 2>&1
rc=$?
cat "$tmp/check"
check "ingest_check.py passes against truth.h5" "[[ $rc -eq 0 ]]"
check "h5dump reads the staging file" "h5dump -H '$tmp/s1.h5' >/dev/null 2>&1"
check "the key never appears in outputs or logs" \
  "! grep -q \"\$(awk '\$1==\"lineage\"{print \$2}' '$tmp/keys')\" '$tmp/o1' '$tmp/e1' '$tmp/s1.h5'"

timeout 900 "$mpiexec" -np 3 --oversubscribe "$bin" ingest --sources "$tmp/src" --out "$tmp/s3.h5" --keys "$tmp/keys" \
  --threads 2 --batch-mib 4 >"$tmp/o3" 2>"$tmp/e3"
check "ingest 3 ranks x 2 threads (small rounds) exits 0" "[[ $? -eq 0 ]]"
check "1 rank and 3 ranks give byte-identical staging files" "cmp -s '$tmp/s1.h5' '$tmp/s3.h5'"

# trace: an identity row, an event row and a quarantine row.
read -r id_lin ev_lin q_lin < <(/usr/bin/python3 -c "
import h5py,sys
f=h5py.File(sys.argv[1],'r')
h=lambda d,i: bytes(f[d][i]).hex()
print(h('identity/lineage',5), h('events/lineage',7), h('quarantine/lineage',0))" "$tmp/s1.h5")
"$bin" trace --staging "$tmp/s1.h5" --lineage "$id_lin" --keys "$tmp/keys" >"$tmp/t1" 2>&1
rc=$?
cat "$tmp/t1"
check "trace finds an identity row and verifies it from the source file" \
  "[[ $rc -eq 0 ]] && grep -q 'table      identity row 5' '$tmp/t1' && grep -q 'verified   yes' '$tmp/t1'"
name=$(/usr/bin/python3 -c "
import h5py,sys
f=h5py.File(sys.argv[1],'r'); o=f['identity/raw/kana_name/offsets'][()]; d=f['identity/raw/kana_name/data'][()].tobytes()
print(d[o[5]:o[6]].decode())" "$tmp/s1.h5")
check "trace prints no identity without --show-identity" "[[ -n '$name' ]] && ! grep -qF '$name' '$tmp/t1'"
"$bin" trace --staging "$tmp/s1.h5" --lineage "$id_lin" --keys "$tmp/keys" --show-identity >"$tmp/t1b" 2>&1
check "trace --show-identity prints the identity" "grep -qF '$name' '$tmp/t1b'"
"$bin" trace --staging "$tmp/s1.h5" --lineage "$ev_lin" --keys "$tmp/keys" >"$tmp/t2" 2>&1
check "trace finds an event row" "[[ $? -eq 0 ]] && grep -q 'table      events row 7' '$tmp/t2'"
"$bin" trace --staging "$tmp/s1.h5" --lineage "$q_lin" --keys "$tmp/keys" >"$tmp/t3" 2>&1
check "trace finds a quarantine row with its reason" \
  "[[ $? -eq 0 ]] && grep -q 'table      quarantine row 0' '$tmp/t3' && grep -q 'reason ' '$tmp/t3' && grep -q 'verified   yes' '$tmp/t3'"
"$bin" trace --staging "$tmp/s1.h5" --lineage "$(printf '%064d' 0)" --keys "$tmp/keys" >"$tmp/t4" 2>&1
check "trace of an unknown lineage exits 1" "[[ $? -eq 1 ]] && grep -q 'not in' '$tmp/t4'"
"$bin" keygen --out "$tmp/other-keys" >/dev/null
"$bin" trace --staging "$tmp/s1.h5" --lineage "$id_lin" --keys "$tmp/other-keys" >"$tmp/t5" 2>&1
check "trace refuses a key file with another lineage key" "[[ $? -ne 0 ]] && grep -q 'does not hold the lineage key' '$tmp/t5'"

# Failure paths.
"$bin" ingest --sources "$tmp/src" --out "$tmp/s1.h5" --keys "$tmp/keys" >/dev/null 2>"$tmp/e"
check "an existing staging file is refused" "[[ $? -ne 0 ]] && grep -q 'exists' '$tmp/e'"
chmod 0644 "$tmp/other-keys"
"$bin" ingest --sources "$tmp/src" --out "$tmp/x.h5" --keys "$tmp/other-keys" >/dev/null 2>"$tmp/e"
check "a key file readable by others is refused, no file written" "[[ $? -ne 0 ]] && [[ ! -e '$tmp/x.h5' ]] && [[ ! -e '$tmp/x.h5.partial' ]]"
"$bin" ingest --sources "$tmp/nope" --out "$tmp/x.h5" >/dev/null 2>"$tmp/e"
check "bad options are configuration errors, reported together" \
  "[[ $? -eq 2 ]] && grep -q 'not a directory' '$tmp/e' && grep -q 'keys is required' '$tmp/e'"
finish
