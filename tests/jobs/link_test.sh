#!/bin/bash
# nayose link end to end: generate → ingest → link on 1, 2 and 3 ranks (byte-identical LINKS.h5),
# link-eval against truth.h5 with a bar a little below the 100,000-person targets, a re-run with
# --registry on the same staging (every research ID kept), and a run on a population with three
# extra months (IDs of unchanged rows kept, every other change in the change log).
#   link_test.sh NAYOSE_BIN MPIEXEC SOURCE_DIR [PERSONS]
source "$(dirname "$0")/harness.sh" link "$@"
run() { timeout 900 "$mpiexec" --oversubscribe "$@"; }

"$bin" keygen --out "$tmp/keys" >/dev/null
run -np 2 "$bin" generate --persons "$persons" --seed 21 --period 2024-04:2025-03 --out "$tmp/src" --threads 1 \
  >/dev/null 2>"$tmp/e"
check "generate exits 0" "[[ $? -eq 0 ]]"
run -np 2 "$bin" ingest --sources "$tmp/src" --out "$tmp/staging.h5" --keys "$tmp/keys" --threads 1 >/dev/null 2>"$tmp/e"
check "ingest exits 0" "[[ $? -eq 0 ]]"

for np in 1 2 3; do
  run -np $np "$bin" link --staging "$tmp/staging.h5" --keys "$tmp/keys" --out "$tmp/links$np.h5" --threads 1 \
    >"$tmp/o$np" 2>"$tmp/e$np"
  rc=$?
  check "link on $np rank(s) exits 0" "[[ $rc -eq 0 ]]"
  [[ $rc -eq 0 ]] || tail -20 "$tmp/e$np"
done
cat "$tmp/o1"
check "link prints a RESULT line" "grep -q '^RESULT stage=link ranks=1 ' '$tmp/o1'"
check "link logs its phases with progress" "grep -q 'candidate pairs scored' '$tmp/e1' && grep -q 'EM ' '$tmp/e1'"
check "1 and 2 ranks give byte-identical LINKS.h5" "cmp -s '$tmp/links1.h5' '$tmp/links2.h5'"
check "1 and 3 ranks give byte-identical LINKS.h5" "cmp -s '$tmp/links1.h5' '$tmp/links3.h5'"
check "h5dump reads LINKS.h5" "h5dump -H '$tmp/links1.h5' >/dev/null 2>&1"

"$bin" link-eval --links "$tmp/links1.h5" --truth "$tmp/src/truth.h5" >"$tmp/eval" 2>"$tmp/e"
rc=$?
cat "$tmp/eval"
check "link-eval exits 0" "[[ $rc -eq 0 ]]"
read -r pp pr <<<"$(awk '/pairwise/ {print $4, $6}' "$tmp/eval")"
read -r cp cr <<<"$(awk '/clusters  precision/ {print $4, $6}' "$tmp/eval")"
check "pairwise precision >= 0.995 ($pp)" "awk 'BEGIN{exit !($pp >= 0.995)}'"
check "pairwise recall >= 0.995 ($pr)" "awk 'BEGIN{exit !($pr >= 0.995)}'"
check "cluster precision and recall >= 0.99 ($cp, $cr)" "awk 'BEGIN{exit !($cp >= 0.99 && $cr >= 0.99)}'"
read -r tm tp <<<"$(awk '/hard negatives/ {print $6, $8}' "$tmp/eval" | tr -d ',')"
check "at most a third of the twin pairs merged ($tm of $tp)" "awk 'BEGIN{exit !($tm * 3 <= $tp)}'"

# Re-run with the registry on the same staging: every ID kept.
run -np 2 "$bin" link --staging "$tmp/staging.h5" --keys "$tmp/keys" --out "$tmp/again.h5" --registry "$tmp/links1.h5" \
  --threads 1 >"$tmp/o" 2>"$tmp/e"
check "link --registry exits 0" "[[ $? -eq 0 ]]"
/usr/bin/python3 "$src/tests/jobs/link_check.py" "$tmp/links1.h5" "$tmp/again.h5" same >"$tmp/c" 2>&1
rc=$?
cat "$tmp/c"
check "re-run on the same staging keeps every research ID" "[[ $rc -eq 0 ]]"

# Three more months of data: unchanged rows keep their IDs, the change log explains the rest.
run -np 2 "$bin" generate --persons "$persons" --seed 21 --period 2024-04:2025-06 --out "$tmp/src2" --threads 1 \
  >/dev/null 2>"$tmp/e"
run -np 2 "$bin" ingest --sources "$tmp/src2" --out "$tmp/staging2.h5" --keys "$tmp/keys" --threads 1 >/dev/null 2>"$tmp/e"
run -np 2 "$bin" link --staging "$tmp/staging2.h5" --keys "$tmp/keys" --out "$tmp/grown.h5" --registry "$tmp/links1.h5" \
  --threads 1 >"$tmp/o" 2>"$tmp/e"
check "link on the grown population exits 0" "[[ $? -eq 0 ]]"
/usr/bin/python3 "$src/tests/jobs/link_check.py" "$tmp/links1.h5" "$tmp/grown.h5" grown >"$tmp/c" 2>&1
rc=$?
cat "$tmp/c"
check "grown population: IDs kept, every change logged" "[[ $rc -eq 0 ]]"
# The registry step is distributed (src/link/registry.cpp): 1 and 3 ranks write the same bytes.
for np in 1 3; do
  run -np "$np" "$bin" link --staging "$tmp/staging2.h5" --keys "$tmp/keys" --out "$tmp/grown$np.h5" \
    --registry "$tmp/links1.h5" --threads 1 --route-budget-mib 1 >"$tmp/o" 2>"$tmp/e"
  check "link --registry on $np rank(s) exits 0" "[[ $? -eq 0 ]]"
  check "link --registry: $np rank(s) and 2 ranks give byte-identical LINKS.h5" "cmp -s '$tmp/grown.h5' '$tmp/grown$np.h5'"
done

# Birth-date conflict split across ranks: a threshold low enough to chain namesakes gives
# components with conflicts; 1, 2 and 3 ranks must still write the same bytes.
for np in 1 2 3; do
  run -np "$np" "$bin" link --staging "$tmp/staging.h5" --keys "$tmp/keys" --out "$tmp/low$np.h5" --threshold -15 \
    --threads 1 >"$tmp/low$np.out" 2>"$tmp/e"
  check "link --threshold -15 on $np rank(s) exits 0" "[[ $? -eq 0 ]]"
done
conflicts=$(sed -n 's/.* \([0-9][0-9]*\) with a birth-date conflict re-clustered.*/\1/p' "$tmp/low1.out")
check "a low threshold gives components with birth-date conflicts (${conflicts:-none})" "[[ ${conflicts:-0} -gt 0 ]]"
check "conflict split: 1 and 2 ranks byte-identical" "cmp -s '$tmp/low1.h5' '$tmp/low2.h5'"
check "conflict split: 1 and 3 ranks byte-identical" "cmp -s '$tmp/low1.h5' '$tmp/low3.h5'"

"$bin" link --staging "$tmp/staging.h5" --keys "$tmp/keys" --out "$tmp/x.h5" --passes "birth+colour" >/dev/null 2>"$tmp/e"
check "an unknown blocking field is a configuration error" "[[ $? -eq 2 ]] && grep -q \"unknown field 'colour'\" '$tmp/e'"
finish
