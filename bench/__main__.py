"""Run the bench suite: `python -m bench --quick` for small sizes, `python -m bench` for the full ones.

Each bench runs in its own process (each uses its own database) and writes
bench/results/<name>.json; `bench.report` turns them into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

QUICK = [["bench.registry_list", "--size", "5000", "--runs", "10"]]
FULL = [["bench.registry_list", "--size", "50000", "--runs", "20"]]


def main() -> int:
    parser = argparse.ArgumentParser(description="Simpul IKM bench suite")
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes")
    args = parser.parse_args()
    for module, *options in QUICK if args.quick else FULL:
        print(f"== {module} {' '.join(options)}")
        subprocess.run([sys.executable, "-m", module, *options], check=True)
    subprocess.run([sys.executable, "-m", "bench.report"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
