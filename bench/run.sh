#!/usr/bin/env bash
# Runs every benchmark of the SDK beside its alternatives on this machine, in one run, and
# writes BENCHMARKS.md. Takes a few minutes; nothing here runs in CI (CI only builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p providers --bench token_read --bench exchange --bench parse --bench herd
cargo bench -p providers --bench memory
python3 bench/compile_cost.py
python3 bench/report.py > /dev/null
echo "wrote BENCHMARKS.md"
