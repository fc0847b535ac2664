"""Loading KBLI codes: the shipped manufacturing divisions and the full official table."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from simpul.classifications.models import CommodityGroup, Kbli

SHIPPED = Path(__file__).parent / "data" / "kbli2020_c.csv"

DEFAULT_GROUPS = [
    ("pangan", "Pangan"),
    ("sandang-kulit", "Sandang & Kulit"),
    ("kimia-bahan-bangunan", "Kimia & Bahan Bangunan"),
    ("logam-elektronika", "Logam & Elektronika"),
    ("kerajinan", "Kerajinan"),
]


class KbliFileError(ValueError):
    """A KBLI file that cannot be read; the message is for the officer."""


def ensure_default_groups() -> None:
    for order, (slug, name) in enumerate(DEFAULT_GROUPS, start=1):
        CommodityGroup.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


def load_shipped() -> int:
    """KBLI 2020 Kategori C and divisions 10–33 with their default commodity groups."""
    ensure_default_groups()
    groups = dict(CommodityGroup.objects.values_list("slug", "pk"))
    with SHIPPED.open(encoding="utf-8") as handle:
        rows = [(r["kode"], r["judul"], groups.get(r["kelompok"])) for r in csv.DictReader(handle)]
    return _upsert(rows, keep_groups=True)


def _upsert(rows: Iterable[tuple[str, str, int | None]], keep_groups: bool) -> int:
    rows = sorted(rows, key=lambda r: (Kbli.level_of(r[0]), r[0]))
    known = set(Kbli.objects.values_list("code", flat=True)) | {r[0] for r in rows}
    items = [
        Kbli(
            code=code,
            title=title,
            level=Kbli.level_of(code),
            parent_id=_nearest_parent(code, known),
            group_id=group_id,
        )
        for code, title, group_id in rows
    ]
    existing_groups = dict(Kbli.objects.filter(group__isnull=False).values_list("code", "group_id"))
    for item in items:
        if keep_groups and item.group_id is None:
            item.group_id = existing_groups.get(item.code) or existing_groups.get(item.code[:2])
    with transaction.atomic():
        # Parents first, level by level, so every parent exists when its child arrives.
        for level in range(1, 6):
            batch = [i for i in items if i.level == level]
            if batch:
                Kbli.objects.bulk_create(
                    batch,
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=["title", "level", "parent", "group"],
                    batch_size=2000,
                )
    return len(items)


def _nearest_parent(code: str, known: set[str]) -> str | None:
    """The closest ancestor present; official extracts sometimes skip a level."""
    parent = Kbli.parent_of(code)
    while parent is not None and parent not in known:
        parent = Kbli.parent_of(parent)
    return parent


def read_kbli_file(path: Path) -> list[tuple[str, str]]:
    """(code, title) pairs from a CSV or XLSX with a code column and a title column."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            raw = list(csv.reader(handle))
    elif suffix in (".xlsx", ".xls"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            raw = book.get_sheet_by_index(0).to_python()
        except Exception as exc:
            raise KbliFileError(f"Berkas {path.name} tidak dapat dibaca sebagai spreadsheet.") from exc
    else:
        raise KbliFileError("Berkas KBLI harus berformat CSV atau XLSX.")
    pairs = []
    for row in raw:
        cells = [str(c).strip() for c in row if str(c).strip()]
        if len(cells) < 2:
            continue
        raw_code = cells[0][:-2] if cells[0].endswith(".0") else cells[0]  # numbers read as floats
        code = raw_code.replace(".", "")
        if (code.isdigit() and 2 <= len(code) <= 5) or (len(code) == 1 and code.isalpha()):
            pairs.append((code.upper(), cells[1]))
    if not pairs:
        raise KbliFileError(
            "Tidak ada baris KBLI yang dikenali: berkas harus memuat kolom kode (2–5 angka) dan kolom judul."
        )
    return pairs


def import_kbli(path: Path) -> int:
    """Load the official table; only manufacturing (10–33) codes under Kategori C are kept."""
    pairs = read_kbli_file(path)
    load_shipped()
    kept = [(code, title, None) for code, title in pairs if code.isdigit() and 10 <= int(code[:2]) <= 33]
    if not kept:
        raise KbliFileError("Berkas tidak memuat kode KBLI industri pengolahan (golongan pokok 10–33).")
    return _upsert(kept, keep_groups=True)
