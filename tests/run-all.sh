#!/bin/bash
# README command 2 (and .ci/run): install what is missing, build, and run every test:
# unit tests, MPI tests at 1-4 ranks, job end-to-end tests, the local Slurm cluster test and a
# short libFuzzer run of every source-format parser (the fuzz preset, built here with clang).
#   bash tests/run-all.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$here/jobs/setup.sh" release
bash "$here/jobs/setup.sh" fuzz

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$here"
ctest --preset release -j "$(nproc)" --timeout 900
