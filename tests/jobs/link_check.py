#!/usr/bin/python3
"""Checks research-ID carry-over between two LINKS.h5 files.

  link_check.py OLD_LINKS.h5 NEW_LINKS.h5 MODE

MODE same:  the new run read the same staging with --registry OLD: every research ID is kept and
            every change-log entry is 'kept'.
MODE grown: the new run read a staging with extra months: every row present in both runs (same
            lineage) keeps its research ID, unless the change log names its old ID in a merged,
            split or retired entry; rows new to this run are covered by 'created' entries or
            joined an existing cluster.
Prints PASS/FAIL lines; exit 1 on failure.
"""
import collections
import sys

import h5py

KINDS = {1: "kept", 2: "created", 3: "merged", 4: "split", 5: "retired"}


def main():
    old_path, new_path, mode = sys.argv[1:4]
    old = h5py.File(old_path, "r")
    new = h5py.File(new_path, "r")
    failures = 0

    def check(name, ok, detail=""):
        nonlocal failures
        print(("PASS: " if ok else "FAIL: ") + name + (("  -- " + detail) if detail and not ok else ""))
        failures += 0 if ok else 1

    old_id = {bytes(l): bytes(i) for l, i in zip(old["registry/lineage"][()], old["identity/research_id"][()])}
    new_lin = [bytes(x) for x in new["registry/lineage"][()]]
    new_id = [bytes(x) for x in new["identity/research_id"][()]]
    kinds = collections.Counter(KINDS[int(k)] for k in new["changes/kind"][()])
    print("  change log:", dict(kinds))
    check("generation is the previous + 1", int(new.attrs["generation"]) == int(old.attrs["generation"]) + 1)
    o = new["changes/old_ids/offsets"][()]
    d = new["changes/old_ids/data"][()].tobytes()
    explained = set()
    for i, k in enumerate(new["changes/kind"][()]):
        if int(k) in (3, 4, 5):
            blob = d[o[i]:o[i + 1]]
            explained.update(blob[j:j + 16] for j in range(0, len(blob), 16))
    both = [(old_id[l], n) for l, n in zip(new_lin, new_id) if l in old_id]
    changed = [(a, b) for a, b in both if a != b]
    if mode == "same":
        check("every row is in both runs", len(both) == len(new_lin) == len(old_id))
        check("every research ID is kept", not changed, f"{len(changed)} rows changed ID")
        check("the change log has only 'kept' entries", set(kinds) <= {"kept"}, str(dict(kinds)))
    else:
        unexplained = [(a.hex(), b.hex()) for a, b in changed if a not in explained]
        check(f"rows of unchanged persons keep their research ID ({len(both) - len(changed)} of {len(both)} kept)",
              not unexplained, f"{len(unexplained)} changes not in the log, e.g. {unexplained[:3]}")
        check("the new run has rows the old one had not", len(new_lin) > len(both))
        ids_new = set(new_id) - set(old_id.values())
        created = kinds.get("created", 0) + kinds.get("split", 0) + kinds.get("merged", 0)
        check("every newly minted ID comes with a created/split/merged entry", (len(ids_new) == 0) or created > 0)
    print(f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
