"""Run the bench suite: `python -m bench --quick` for small sizes, `python -m bench` for the full ones.

Each bench runs in its own process (each uses its own database) and writes
bench/results/<name>.json; `bench.report` turns them into docs/benchmarks.md.
The quick run uses SQLite only, so it works on a fresh clone; the full run
also measures province size on PostgreSQL (see bench/pg.py for the server).
`--only seed,import_bench` runs a subset.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

QUICK = [
    ["bench.seed", "--size", "5000"],
    ["bench.import_bench", "--rows", "5000"],
    ["bench.registry_list", "--size", "5000", "--runs", "10"],
    ["bench.dashboards", "--size", "5000", "--runs", "10"],
    ["bench.catalog_search", "--size", "20000", "--runs", "10", "--seconds", "5"],
    ["bench.analysis", "--regions", "514", "--divisions", "24", "--years", "10", "--runs", "3"],
]
FULL = [
    ["bench.seed", "--size", "1000000", "--engine", "postgresql"],
    ["bench.import_bench", "--rows", "100000", "--memory-rows", "1000000"],
    ["bench.registry_list", "--size", "50000", "--runs", "20"],
    ["bench.registry_list", "--size", "1000000", "--runs", "20", "--engine", "postgresql"],
    ["bench.dashboards", "--size", "1000000", "--runs", "20", "--engine", "postgresql"],
    ["bench.catalog_search", "--size", "1000000", "--runs", "20", "--engine", "postgresql"],
    ["bench.catalog_search", "--size", "1000000", "--runs", "20"],
    ["bench.analysis", "--regions", "514", "--divisions", "24", "--years", "10", "--runs", "10"],
]


def main() -> int:
    parser = argparse.ArgumentParser(description="Simpul IKM bench suite")
    parser.add_argument("--quick", action="store_true", help="small sizes on SQLite, a few minutes")
    parser.add_argument("--only", default="", help="comma-separated bench names, e.g. seed,analysis")
    args = parser.parse_args()
    only = {f"bench.{name.strip()}" for name in args.only.split(",") if name.strip()}
    for module, *options in QUICK if args.quick else FULL:
        if only and module not in only:
            continue
        print(f"== {module} {' '.join(options)}", flush=True)
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", module, *options], check=True)
        print(f"   {time.monotonic() - started:.0f} s", flush=True)
    subprocess.run([sys.executable, "-m", "bench.report"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
