#!/usr/bin/env python3
"""Row-level candidate pairs of link's first blocking pass (birth + sex + kana_key) on a staging file.

nayose link scores distinct identity variants, not rows. A row-by-row linker (Splink) given the same
staging identity rows and the same blocking rule would score, for this pass alone, the sum over
blocks of n(n-1)/2 — the figure bench/RESULTS.md ("link") compares end-to-end times with.
Rows without a birth date, sex or kana key have no key for the pass (as in link).
Keys are 64-bit hashes of the fields; a collision could only add pairs to a block.

Usage: /usr/bin/python3 bench/link/row_pairs.py STAGING.h5   (needs h5py and numpy)
"""
import sys
import time

import h5py
import numpy as np


def main():
    started = time.time()
    with h5py.File(sys.argv[1], "r") as f:
        birth = f["identity/birth"][()].astype(np.uint64)
        sex = f["identity/sex"][()].astype(np.uint64)
        offsets = f["identity/kana_key/offsets"][()]
        data = f["identity/kana_key/data"][()].astype(np.uint64)
    rows = len(birth)
    lengths = np.diff(offsets).astype(np.int64)
    # Polynomial hash of each row's kana_key bytes, vectorised over the ragged column.
    row_of_byte = np.repeat(np.arange(rows), lengths)
    position = np.arange(len(data), dtype=np.uint64) - offsets[:-1].astype(np.uint64)[row_of_byte]
    prime = np.uint64(1099511628211)
    with np.errstate(over="ignore"):
        terms = (data + np.uint64(1)) * (prime ** (position + np.uint64(1)))
        text_hash = np.zeros(rows, dtype=np.uint64)
        np.add.at(text_hash, row_of_byte, terms)
        key = text_hash * np.uint64(0x9E3779B97F4A7C15) + birth * np.uint64(31) + sex
    keyed = (birth != 0) & (sex != 0) & (lengths > 0)
    _, counts = np.unique(np.sort(key[keyed]), return_counts=True)
    n = counts.astype(np.float64)
    pairs = int((n * (n - 1) / 2).sum())
    print(f"rows {rows}, rows with a pass-1 key {int(keyed.sum())}, blocks {len(counts)}, "
          f"largest block {int(counts.max()) if len(counts) else 0}, row-level pairs {pairs} "
          f"({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
