#!/usr/bin/python3
"""Checks a `nayose generate` output directory against the formats and its truth.h5.

  generate_check.py OUT_DIR

Checks (each prints PASS/FAIL; exit 1 on any failure):
  - every source kind was written;
  - UKE/CYO: decode as CP932, CRLF line ends, final 0x1A, every record type has its field count
    (records truth marks invalid are exempt: they are damaged on purpose);
  - SS-MIX2: paths follow the storage naming rule and files decode as ISO-2022-JP;
  - 特定健診 XML documents parse (except those truth marks invalid);
  - every insurer number and municipality code in valid records passes its check digit;
  - truth covers every identity record: per file, the identity records found == truth's rows,
    and truth's files table == the files on disk.
Uses only the Python standard library and h5py (Debian python3-h5py: run with /usr/bin/python3).
"""
import collections
import os
import re
import sys
import xml.etree.ElementTree as ET

import h5py

UKE_FIELDS = {"IR": 10, "RE": 38, "HO": 15, "KO": 12, "SN": 9, "SY": 8, "SI": 44, "IY": 44, "TO": 48, "CO": 5, "GO": 4}
# 調剤 (DOMAIN §1.5 lists fields after the id; +1 for the id itself).
CYO_FIELDS = {"YK": 9, "RE": 42, "HO": 14, "SN": 9, "SH": 10, "CZ": 71, "IY": 10, "CO": 3, "GO": 4}
SSMIX2_NAME = re.compile(
    r"^ssmix2/(?P<fac>[0-9]{7})/(?P<a>[^/]{3})/(?P<b>[^/]{3})/(?P<pid>[^/]+)/(?P<day>[0-9]{8}|-)/(?P<kind>[A-Z]{3}-[0-9]{2})/"
    r"(?P=pid)_(?P=day)_(?P=kind)_[0-9]{15}_[0-9]{17}_([0-9A-Za-z]+|-)_[012]$")

passed = 0
failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS: " + what)
    else:
        failed += 1
        print("FAIL: " + what + (": " + detail if detail else ""))


def luhn_variant_ok(number):
    """保険者番号 check digit (DOMAIN §4.8): Luhn variant over all digits but the last."""
    if not number.isdigit() or len(number) not in (6, 8):
        return False
    total = 0
    for i, ch in enumerate(reversed(number[:-1])):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        total += p // 10 + p % 10
    return (10 - total % 10) % 10 == int(number[-1])


def municipality_ok(code):
    """全国地方公共団体コード check digit (DOMAIN §4.7)."""
    if not code.isdigit() or len(code) != 6:
        return False
    s = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    return (11 - s % 11) % 10 == int(code[5])


def normalise_insurer(raw):
    digits = raw.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if len(digits) == 7:  # a facility dropped the leading zero of an 8-digit number
        digits = "0" + digits
    if len(digits) == 5:
        digits = "0" + digits
    return digits


def main():
    out = sys.argv[1]
    truth = h5py.File(os.path.join(out, "truth.h5"), "r")
    check("truth.h5 schema", truth.attrs["schema_name"] in (b"truth", "truth"))
    paths = [bytes(p).decode() if not isinstance(p, str) else p for p in read_ragged(truth, "files/path")]
    kinds = truth["files/kind"][:]
    rec_file = truth["records/file"][:]
    rec_pos = truth["records/position"][:]
    rec_bad = truth["records/corruption"][:]
    per_file = collections.defaultdict(dict)
    for f, pos, bad in zip(rec_file, rec_pos, rec_bad):
        per_file[int(f)][int(pos)] = int(bad)

    on_disk = set()
    for root, _, files in os.walk(out):
        for name in files:
            rel = os.path.relpath(os.path.join(root, name), out)
            if rel != "truth.h5":
                on_disk.add(rel)
    check("truth files table == files on disk", set(paths) == on_disk,
          "missing in truth: %d, missing on disk: %d" % (len(on_disk - set(paths)), len(set(paths) - on_disk)))
    present = set(int(k) for k in kinds)
    check("every source kind written (UKE, CYO, SS-MIX2, XML, care, death)", present == {1, 2, 3, 4, 5, 6},
          "kinds present: %s" % sorted(present))

    bad_fields, bad_decode, bad_crlf, coverage, bad_insurer, bad_muni, bad_path, bad_xml = [], [], [], [], [], [], [], []
    insurers_checked = 0
    for index, (rel, kind) in enumerate(zip(paths, kinds)):
        data = open(os.path.join(out, rel), "rb").read()
        truth_rows = per_file.get(index, {})
        if kind in (1, 2):
            expect = UKE_FIELDS if kind == 1 else CYO_FIELDS
            if not data.endswith(b"\r\n\x1a"):
                bad_crlf.append(rel)
            lines = data[:-1].split(b"\r\n")[:-1]
            re_lines = []
            for n, line in enumerate(lines, start=1):
                invalid = truth_rows.get(n, 0) != 0
                try:
                    text = line.decode("cp932")
                except UnicodeDecodeError:
                    if not invalid:
                        bad_decode.append("%s:%d" % (rel, n))
                    if line.startswith(b"RE,"):
                        re_lines.append(n)
                    continue
                fields = text.split(",")
                if fields[0] == "RE":
                    re_lines.append(n)
                if invalid:
                    continue
                if fields[0] in expect and len(fields) != expect[fields[0]]:
                    bad_fields.append("%s:%d %s has %d fields" % (rel, n, fields[0], len(fields)))
                if fields[0] == "HO" and truth_rows.get(_claim_of(n, re_lines), 0) == 0:
                    insurers_checked += 1
                    if not luhn_variant_ok(normalise_insurer(fields[1])):
                        bad_insurer.append("%s:%d" % (rel, n))
            if sorted(re_lines) != sorted(truth_rows):
                coverage.append(rel)
        elif kind == 3:
            if not SSMIX2_NAME.match(rel):
                bad_path.append(rel)
            if set(truth_rows) != {1}:
                coverage.append(rel)
            if truth_rows.get(1, 0) == 0:
                try:
                    data.decode("iso2022_jp")
                except UnicodeDecodeError:
                    bad_decode.append(rel)
        elif kind == 4:
            if set(truth_rows) != {1}:
                coverage.append(rel)
            if truth_rows.get(1, 0) == 0:
                try:
                    root = ET.fromstring(data)
                    for el in root.iter("{urn:hl7-org:v3}id"):
                        if el.get("root") == "1.2.392.200119.6.101":
                            insurers_checked += 1
                            if not luhn_variant_ok(normalise_insurer(el.get("extension", ""))):
                                bad_insurer.append(rel)
                except ET.ParseError as e:
                    bad_xml.append("%s: %s" % (rel, e))
        elif kind in (5, 6):
            text_lines = data.split(b"\r\n") if b"\r\n" in data else data.split(b"\n")
            if text_lines and text_lines[-1] == b"":
                text_lines = text_lines[:-1]
            data_lines = list(range(2, len(text_lines) + 1))
            if sorted(data_lines) != sorted(truth_rows):
                coverage.append(rel)
    check("UKE/CYO end with CRLF + 0x1A", not bad_crlf, ", ".join(bad_crlf[:5]))
    check("valid records decode (CP932 / ISO-2022-JP)", not bad_decode, ", ".join(bad_decode[:5]))
    check("every UKE/CYO record type has its field count", not bad_fields, "; ".join(bad_fields[:5]))
    check("SS-MIX2 paths follow the storage naming rule", not bad_path, ", ".join(bad_path[:5]))
    check("特定健診 XML documents parse", not bad_xml, "; ".join(bad_xml[:3]))
    check("insurer numbers of valid records pass the check digit (%d checked)" % insurers_checked,
          insurers_checked > 0 and not bad_insurer, ", ".join(bad_insurer[:5]))
    munis = [bytes(m).decode() for m in truth["epochs/municipality"][:]]
    bad_muni = [m for m in set(munis) if not municipality_ok(m)]
    check("every municipality code in truth passes its check digit", not bad_muni, ", ".join(bad_muni[:5]))
    check("truth covers every identity record (per file)", not coverage, ", ".join(coverage[:5]))
    n_bad = int((rec_bad != 0).sum())
    check("invalid records exist and are listed in invalid/* (%d)" % n_bad,
          n_bad > 0 and n_bad == len(truth["invalid/file"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def _claim_of(line, re_lines):
    return re_lines[-1] if re_lines else 0


def read_ragged(f, path):
    offsets = f[path + "/offsets"][:]
    data = f[path + "/data"][:].tobytes()
    return [data[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


if __name__ == "__main__":
    sys.exit(main())
