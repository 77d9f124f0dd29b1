"""Checks a doctor_probe file (hdf5-schemas/README.md) with h5py, independently of nayose's C++.

Usage: /usr/bin/python3 check_probe_file.py <file> <ranks> <rows_per_rank>
"""
import sys

import h5py
import numpy as np

MASK = (1 << 64) - 1


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def main():
    path, ranks, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    problems = []

    def expect(cond, what):
        if not cond:
            problems.append(what)

    with h5py.File(path, "r") as f:
        attrs = f.attrs
        expect(attrs["schema_name"] == b"doctor_probe", f"schema_name {attrs['schema_name']!r}")
        expect(int(attrs["schema_version"]) == 1, f"schema_version {attrs['schema_version']!r}")
        expect(int(attrs["ranks"]) == ranks, f"ranks {attrs['ranks']!r}")
        expect(int(attrs["rows_per_rank"]) == n, f"rows_per_rank {attrs['rows_per_rank']!r}")
        expect(len(attrs["git_sha"]) > 0 and len(attrs["nayose_version"]) > 0, "provenance attributes")
        total = ranks * n
        expected_dtypes = {"rank": "<i4", "row": "<u8", "value": "<f8", "text/offsets": "<u8", "text/data": "|u1"}
        for name, dtype in expected_dtypes.items():
            expect(f[name].dtype.str == dtype, f"{name} dtype {f[name].dtype.str}, expected {dtype}")
        expect(f["tag"].dtype.subdtype == (np.dtype("u1"), (32,)), f"tag dtype {f['tag'].dtype!r}, expected ('u1', (32,))")
        for name in ("rank", "row", "value", "tag"):
            expect(f[name].shape == (total,), f"{name} shape {f[name].shape}")
        expect(f["text/offsets"].shape == (total + 1,), f"text/offsets shape {f['text/offsets'].shape}")
        expect(f["row"].compression == "gzip" and f["row"].fletcher32, "row should be gzip + fletcher32")

        rank = f["rank"][:]
        row = f["row"][:]
        value = f["value"][:]
        tag = f["tag"][:]  # (rows, 32) uint8
        offsets = f["text/offsets"][:]
        data = f["text/data"][:].tobytes()
        expect(offsets[0] == 0 and offsets[-1] == len(data), "text offsets must span text/data")
        for r in range(ranks):
            for i in range(n):
                g = r * n + i
                if rank[g] != r or row[g] != g:
                    problems.append(f"row {g}: rank/row columns {rank[g]}/{row[g]}")
                if value[g] != (splitmix64((r << 40) | i) >> 11) * 2.0 ** -53:
                    problems.append(f"row {g}: value {value[g]}")
                want_tag = [(31 * r + 7 * i + k) & 0xFF for k in range(32)]
                if list(tag[g]) != want_tag:
                    problems.append(f"row {g}: tag")
                want_text = f"rank {r} row {g} " + "名寄せ" * (i % 7)
                if data[offsets[g]:offsets[g + 1]].decode("utf-8") != want_text:
                    problems.append(f"row {g}: text {data[offsets[g]:offsets[g + 1]]!r}")
                if len(problems) > 10:
                    break
    if problems:
        print(f"{path}: {len(problems)} problem(s):")
        for p in problems[:20]:
            print("  " + p)
        sys.exit(1)
    print(f"{path}: OK ({ranks} ranks x {n} rows checked with h5py {h5py.__version__})")


if __name__ == "__main__":
    main()
