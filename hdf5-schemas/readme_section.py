#!/usr/bin/env python3
"""Prints the README.md section of a schema from its JSON file, as a starting point to paste and
edit (test_h5_schema checks that README.md lists every dataset and attribute of every schema).

Usage: python3 hdf5-schemas/readme_section.py hdf5-schemas/<name>.json
"""
import json
import sys


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    out = [f"## {schema['schema_name']} (version {schema['schema_version']})", "", cell(schema["description"]), ""]
    if schema.get("attributes"):
        out += ["Attributes:", "", "| attribute | type | meaning |", "|---|---|---|"]
        for a in schema["attributes"]:
            optional = "" if a.get("required", True) else " (optional)"
            out.append(f"| `{a['name']}` | {a['type']} | {cell(a['description'])}{optional} |")
        out.append("")
    out += ["Datasets:", "", "| dataset | type | chunk_rows | deflate | fletcher32 | meaning |", "|---|---|---|---|---|---|"]
    for d in schema["datasets"]:
        kind = d["type"]
        if kind == "ragged":
            chunk = d.get("data_chunk_bytes", 1 << 20)
            size = f"{chunk >> 20} MiB" if chunk % (1 << 20) == 0 else f"{chunk >> 10} KiB"
            kind = f"ragged (`{d['path']}/offsets`, `{d['path']}/data`; data chunks {size})"
        optional = "" if d.get("required", True) else " (optional)"
        out.append(f"| `{d['path']}` | {kind} | {d['chunk_rows']} | {d['deflate']} | "
                   f"{'yes' if d['fletcher32'] else 'no'} | {cell(d['description'])}{optional} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
