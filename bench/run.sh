#!/usr/bin/env bash
# Runs every benchmark of the SDK beside its alternatives on this machine, in one run, and
# writes BENCHMARKS.md. Takes about fifteen minutes; nothing here runs in CI (CI only builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=target/bench-results
# How many processes run the exchange's paired comparison. One process's code and heap layout
# can favour one client by a fraction of a percent for its whole run, more than the noise
# within the run; the report pools the runs and shows each.
EXCHANGE_RUNS=5
rm -f "$RESULTS"/exchange-*.json
cargo bench -p providers --bench token_read --bench exchange --bench parse --bench herd --bench static_key --bench pool
mv "$RESULTS/exchange.json" "$RESULTS/exchange-1.json"
for run in $(seq 2 "$EXCHANGE_RUNS"); do
    cargo bench -p providers --bench exchange -- interleaved
    mv "$RESULTS/exchange.json" "$RESULTS/exchange-$run.json"
done
cargo bench -p providers --bench memory
# Reads across a hundred renewals (about 2.5 min), and a pool's hour of 100,000 identities (2 min).
cargo bench -p providers --bench renewal_reads
cargo bench -p providers --bench pool_hour
# The fleet: real Redis and PostgreSQL servers and 16 processes (tests/benches/fleet.rs).
cargo bench -p auth-tests --bench fleet
python3 bench/compile_cost.py
# Where the exchange's and the herd's time goes, with perf; skipped, and said so, without it.
python3 bench/profile.py
python3 bench/report.py > /dev/null
echo "wrote BENCHMARKS.md"
