#!/usr/bin/python3
"""Checks a staging file written by `nayose ingest` against the generator's truth.h5.

  ingest_check.py STAGING.h5 SOURCES_DIR KEYFILE

Checks (each prints PASS/FAIL; exit 1 on any failure):
  - every file of truth.h5 is in sources/* with reason 0, and read = accepted + quarantined per file;
  - every record truth marks valid is in identity/* (same file, same position), and every record
    truth marks invalid is in quarantine/* — exactly those, nothing else;
  - each quarantined record's reason is the one its corruption calls for;
  - staged identities agree with truth where the normalisation must recover the truth: sex, and the
    birth date of records without date errors;
  - events reference existing identity rows, in order;
  - lineage hashes recompute (HMAC-SHA256 with the key file's lineage key) from the source bytes for a
    sample of identity and event rows and every quarantine row; all lineage hashes are distinct;
  - quarantine messages quote no name of the record they describe.
Uses only the Python standard library and h5py (run with /usr/bin/python3).
"""
import collections
import hashlib
import hmac
import os
import sys

import h5py

failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + name + (("  -- " + detail) if (detail and not ok) else ""))
    if not ok:
        failures += 1


def ragged(group, name):
    offsets = group[name + "/offsets"][()]
    data = group[name + "/data"][()].tobytes()
    return [data[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


# Corruption (truth.h5 records/corruption) -> the reasons ingest may give (README reason codes).
EXPECTED = {
    1: {32, 33},       # bad_check_digit -> insurer_check_digit / municipality_check_digit
    2: {30},           # impossible_date
    3: {12, 13},       # truncated_line -> truncated_record (or truncated_file for an XML document cut short)
    4: {11},           # wrong_field_count
    5: {10},           # bad_byte_sequence
}


def main():
    staging_path, sources_dir, keyfile = sys.argv[1:4]
    key = None
    with open(keyfile) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[0] == "lineage":
                key = bytes.fromhex(parts[1])
    truth = h5py.File(os.path.join(sources_dir, "truth.h5"), "r")
    st = h5py.File(staging_path, "r")
    check("schema is staging v1", st.attrs["schema_name"] == b"staging" and int(st.attrs["schema_version"]) == 1)

    src = st["sources"]
    paths = [p.decode() for p in ragged(src, "path")]
    reason = src["reason"][()]
    read, acc, qua = src["records_read"][()], src["accepted"][()], src["quarantined"][()]
    check("sources are sorted by (root, path)", list(zip(src["root"][()], paths)) == sorted(zip(src["root"][()], paths)))
    check("read = accepted + quarantined for every file", bool(((acc + qua) == read).all()))
    row_of = {p: i for i, p in enumerate(paths)}

    tpaths = [p.decode() for p in ragged(truth["files"], "path")]
    missing = [p for p in tpaths if p not in row_of]
    check("every truth file is a source", not missing, f"{len(missing)} missing, e.g. {missing[:3]}")
    bad_files = [p for p in tpaths if p in row_of and reason[row_of[p]] != 0]
    check("every truth file was read as its format", not bad_files,
          f"{len(bad_files)} rejected, e.g. {[(p, int(reason[row_of[p]])) for p in bad_files[:3]]}")
    extra = [p for p in paths if p not in set(tpaths)]
    check("files outside truth are only truth.h5 (recorded as unrecognised)",
          extra == ["truth.h5"] and reason[row_of["truth.h5"]] == 2, str(extra[:5]))

    # Truth records keyed by (file path, position).
    tfile = truth["records/file"][()]
    tpos = truth["records/position"][()]
    tcorr = truth["records/corruption"][()]
    tflags = truth["records/error_flags"][()]
    tperson = truth["records/person"][()]
    truth_rec = {(tpaths[f], int(p)): (int(c), int(fl), int(pe)) for f, p, c, fl, pe in zip(tfile, tpos, tcorr, tflags, tperson)}
    check("truth positions are unique per file", len(truth_rec) == len(tfile))

    idg = st["identity"]
    id_src = idg["source"][()]
    id_pos = idg["position"][()]
    staged = collections.Counter((paths[s], int(p)) for s, p in zip(id_src, id_pos))
    qg = st["quarantine"]
    q_src = qg["source"][()]
    q_pos = qg["position"][()]
    q_reason = qg["reason"][()]
    quarantined = {(paths[s], int(p)): int(r) for s, p, r in zip(q_src, q_pos, q_reason)}
    check("no record staged twice", all(n == 1 for n in staged.values()))
    check("no record both staged and quarantined", not (set(staged) & set(quarantined)))

    valid = {k for k, v in truth_rec.items() if v[0] == 0}
    invalid = {k: v[0] for k, v in truth_rec.items() if v[0] != 0}
    not_staged = sorted(valid - set(staged))
    check(f"every valid record is staged ({len(valid)})", not not_staged,
          f"{len(not_staged)} not staged, e.g. {[(k, quarantined.get(k)) for k in not_staged[:5]]}")
    not_quarantined = sorted(set(invalid) - set(quarantined))
    check(f"every invalid record is quarantined ({len(invalid)})", not not_quarantined,
          f"{len(not_quarantined)} not quarantined, e.g. {[(k, invalid[k]) for k in not_quarantined[:5]]}")
    wrongly = sorted(set(quarantined) - set(invalid))
    check("nothing else is quarantined", not wrongly,
          f"{len(wrongly)} valid records quarantined, e.g. {[(k, quarantined[k]) for k in wrongly[:5]]}")
    unknown = sorted(set(staged) - set(truth_rec))
    check("every staged record is a truth record", not unknown, str(unknown[:5]))
    bad_reason = [(k, invalid[k], quarantined[k]) for k in invalid if k in quarantined and quarantined[k] not in EXPECTED[invalid[k]]]
    check("each quarantined record has the reason its corruption calls for", not bad_reason, str(bad_reason[:5]))
    print("  quarantine by reason:", dict(sorted(collections.Counter(int(r) for r in q_reason).items())))
    print(f"  staged {len(id_pos)} identity rows, {len(q_pos)} quarantined, {len(st['events/kind'])} events")

    # Identity content against truth: sex always; birth where no date error was applied.
    persons_birth = dict(zip(truth["persons/id"][()], truth["persons/birth"][()]))
    persons_sex = dict(zip(truth["persons/id"][()], truth["persons/sex"][()]))
    sex = idg["sex"][()]
    birth = idg["birth"][()]
    bad_sex = bad_birth = checked_birth = 0
    for i, (s, p) in enumerate(zip(id_src, id_pos)):
        t = truth_rec.get((paths[s], int(p)))
        if t is None:
            continue
        if sex[i] != persons_sex[t[2]]:
            bad_sex += 1
        if t[1] & (2048 | 4096 | 8192) == 0:  # no day/month swap, era digit or missing field
            checked_birth += 1
            if birth[i] != persons_birth[t[2]]:
                bad_birth += 1
    check("staged sex equals the true sex", bad_sex == 0, f"{bad_sex} differ")
    check(f"staged birth equals the true birth when no date error was applied ({checked_birth} checked)",
          bad_birth == 0, f"{bad_birth} differ")

    ev_id = st["events/identity"][()]
    check("events reference identity rows in order",
          len(ev_id) == 0 or (bool((ev_id[1:] >= ev_id[:-1]).all()) and int(ev_id[-1]) < len(id_pos)))

    # Lineage.
    all_lineage = [bytes(x) for x in idg["lineage"][()]] + [bytes(x) for x in st["events/lineage"][()]] + \
                  [bytes(x) for x in qg["lineage"][()]]
    check("lineage hashes are distinct", len(set(all_lineage)) == len(all_lineage))
    sha = src["sha256"][()]
    roots = st.attrs["source_dirs"].decode().split("\n")
    cache = {}

    def file_bytes(s):
        if s not in cache:
            with open(os.path.join(roots[src["root"][s]], paths[s]), "rb") as f:
                cache[s] = f.read()
        return cache[s]

    def lineage(s, pos, raw):
        return hmac.new(key, bytes(sha[s]) + int(pos).to_bytes(8, "big") + raw, hashlib.sha256).digest()

    ok = True
    off, ln = idg["offset"][()], idg["length"][()]
    step = max(1, len(id_pos) // 300)
    for i in range(0, len(id_pos), step):
        s = id_src[i]
        data = file_bytes(s)
        if hashlib.sha256(data).digest() != bytes(sha[s]):
            ok = False
            print("  sha256 differs for", paths[s])
        if lineage(s, id_pos[i], data[off[i]:off[i] + ln[i]]) != bytes(idg["lineage"][i]):
            ok = False
            print("  identity lineage does not recompute: row", i)
    # Events: keyed under their record's lineage and their 1-based number within it.
    eg = st["events"]
    eoff, eln, elin = eg["offset"][()], eg["length"][()], eg["lineage"][()]
    first_event = {}
    for j, owner in enumerate(ev_id):
        first_event.setdefault(int(owner), j)
    estep = max(1, len(ev_id) // 300)
    for j in range(0, len(ev_id), estep):
        i = int(ev_id[j])
        data = file_bytes(id_src[i])
        number = j - first_event[i] + 1
        expect = hmac.new(key, bytes(idg["lineage"][i]) + number.to_bytes(8, "big") + data[eoff[j]:eoff[j] + eln[j]],
                          hashlib.sha256).digest()
        if expect != bytes(elin[j]):
            ok = False
            print("  event lineage does not recompute: row", j)
    qoff, qln = qg["offset"][()], qg["length"][()]
    qraw = ragged(qg, "raw")
    for i in range(len(q_pos)):
        s = q_src[i]
        data = file_bytes(s)
        if data[qoff[i]:qoff[i] + qln[i]] != qraw[i] or lineage(s, q_pos[i], qraw[i]) != bytes(qg["lineage"][i]):
            ok = False
            print("  quarantine row does not recompute:", i)
    check("lineage recomputes from the source bytes (identity and event samples, every quarantine row)", ok)

    # Messages quote no personal data: none contains the record's own kana/kanji name bytes.
    msgs = ragged(qg, "message")
    leaks = 0
    names = ragged(idg["raw"], "kana_name")[:2000] + ragged(idg["raw"], "kanji_name")[:2000]
    long_names = {n for n in names if len(n) >= 6}
    for m in msgs:
        if any(n in m for n in long_names):
            leaks += 1
    check("quarantine messages quote no names", leaks == 0, f"{leaks} messages")
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
