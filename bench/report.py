"""Write docs/benchmarks.md from the JSON results in bench/results/."""

from __future__ import annotations

import json

from bench.common import RESULTS, ROOT

HEADER = """# Benchmarks

Measured with `make bench` (full sizes) or `make bench-quick` (small sizes) on the machine named in each
section. Results are also in `bench/results/*.json`. Latencies are wall-clock times of a request through
Django's test client (no network), as a logged-in petugas.
"""


def registry_section(data: dict) -> str:
    machine = data["machine"]
    lines = [
        f"## Registry list and search — {data['businesses']:,} businesses on {data['engine']}".replace(
            ",", "."
        ),
        "",
        f"{machine['date']} · Python {machine['python']} · {machine['cpu_count']} cores · {machine['platform']}",
        "",
        "| page | URL | median (ms) | p95 (ms) | queries |",
        "|---|---|---:|---:|---:|",
    ]
    for label, row in data["pages"].items():
        lines.append(
            f"| {label} | `{row['url']}` | {row['median_ms']} | {row['p95_ms']} | {row['queries']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    sections = [HEADER]
    for path in sorted(RESULTS.glob("registry-list-*.json"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        sections.append(registry_section(json.loads(path.read_text(encoding="utf-8"))))
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(sections), encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
