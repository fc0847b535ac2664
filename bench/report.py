"""Write docs/benchmarks.md from the JSON results in bench/results/.

Each result file names the module that measured it (`"bench": "bench.registry_list"`),
and that module renders its own section with `report(data) -> str`, so a new bench
adds itself without touching this file. Sections appear in the order of ORDER
(the numbering of the scale issue), then any other bench, each sorted by size.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

from bench.common import RESULTS, ROOT

HEADER = """# Benchmarks

Measured with `make bench` (full sizes) or `make bench-quick` (small sizes) on the machine named in each
section. Results are also in `bench/results/*.json`; this page is written from them by
`python -m bench.report`. Unless a section says otherwise, latencies are wall-clock times of a request
through Django's test client (no network), as a logged-in petugas.
"""

ORDER = [
    "bench.seed",
    "bench.import_bench",
    "bench.registry_list",
    "bench.dashboards",
    "bench.catalog_search",
    "bench.analysis",
    "bench.load",
]


def _size(path: Path) -> int:
    """The trailing number of a result name (registry-list-50000 → 50000), 0 if none."""
    match = re.search(r"(\d+)$", path.stem)
    return int(match.group(1)) if match else 0


def _sort_key(item: tuple[Path, dict]) -> tuple[int, str, int]:
    path, data = item
    module = data.get("bench", "")
    rank = ORDER.index(module) if module in ORDER else len(ORDER)
    return rank, module, _size(path)


def sections() -> list[str]:
    found = []
    for path in RESULTS.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "bench" in data:
            found.append((path, data))
    rendered = []
    for _path, data in sorted(found, key=_sort_key):
        module = importlib.import_module(data["bench"])
        rendered.append(module.report(data))
    return rendered


def main() -> None:
    text = "\n".join([HEADER, *sections()])
    (ROOT / "docs" / "benchmarks.md").write_text(text, encoding="utf-8")
    print("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
