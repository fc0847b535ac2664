"""Export of businesses in exactly the layout the importer reads back.

Every header is a synonym the importer recognises, every value is written the way the importer
parses it, and the record's own id travels in the "ID Simpul" column.  Importing an unchanged
export therefore matches every row to its business and reports it "unchanged".  Text cells that
look like formulas are neutralised by :mod:`simpul.core.export`; the importer undoes that.
"""

from __future__ import annotations

from typing import Any

from simpul.core.export import Column

#: (header, field) pairs in the order of the exported sheet; the test checks the headers are
#: recognised as these fields.
USAHA_LAYOUT: tuple[tuple[str, str], ...] = (
    ("ID Simpul", "id_simpul"),
    ("Nama Usaha", "nama_usaha"),
    ("Bentuk Usaha", "bentuk_usaha"),
    ("NIB", "nib"),
    ("NPWP", "npwp"),
    ("KBLI", "kbli"),
    ("Kelompok Komoditas", "kelompok"),
    ("Alamat", "alamat"),
    ("Kode Desa", "kode_desa"),
    ("Desa/Kelurahan", "desa"),
    ("Kecamatan", "kecamatan"),
    ("No. HP/WA", "telepon"),
    ("Email", "email"),
    ("Tahun Berdiri", "tahun_berdiri"),
    ("Nama Pemilik", "nama_pemilik"),
    ("NIK Pemilik", "nik"),
    ("Jenis Kelamin", "jenis_kelamin"),
)


class _Owners:
    """The first owner (by link order) of each business, for one export.

    Rows arrive one at a time through :class:`Column` functions, so a query per business would
    make a 50,000-row export issue 50,000 queries.  On the first business without prefetched
    owners, the first owner of every business is read in one streaming query instead — a few
    megabytes at most — and reused for the rest of the export.
    """

    def __init__(self) -> None:
        self._by_usaha: dict[int, tuple[str, str, str]] | None = None

    def get(self, usaha: Any) -> tuple[str, str, str]:
        cache = getattr(usaha, "_prefetched_objects_cache", {})
        if "kepemilikan" in cache:
            links = sorted(cache["kepemilikan"], key=lambda link: link.pk)
            owner = links[0].pelaku if links else None
            return (owner.name, owner.nik, owner.gender) if owner else ("", "", "")
        if self._by_usaha is None:
            self._by_usaha = self._load()
        return self._by_usaha.get(usaha.pk, ("", "", ""))

    @staticmethod
    def _load() -> dict[int, tuple[str, str, str]]:
        from simpul.registry.models import Kepemilikan

        first: dict[int, tuple[str, str, str]] = {}
        links = Kepemilikan.objects.order_by("pk").values_list(
            "usaha_id", "pelaku__name", "pelaku__nik", "pelaku__gender"
        )
        for usaha_id, name, nik, gender in links.iterator(chunk_size=5000):
            first.setdefault(usaha_id, (name, nik, gender))
        return first


_OWNER_FIELDS = {"nama_pemilik": 0, "nik": 1, "jenis_kelamin": 2}


def _region_name(attr: str):
    def read(usaha: Any) -> str:
        region = getattr(usaha, attr, None)
        return region.name if region is not None else ""

    return read


def _legal_form(usaha: Any) -> str:
    return usaha.get_legal_form_display() if usaha.legal_form else ""


_READERS = {
    "id_simpul": lambda u: u.pk,
    "nama_usaha": lambda u: u.name,
    "bentuk_usaha": _legal_form,
    "nib": lambda u: u.nib,
    "npwp": lambda u: u.npwp,
    "kbli": lambda u: u.kbli_id or "",
    "kelompok": lambda u: u.group.name if u.group_id else "",
    "alamat": lambda u: u.address,
    "kode_desa": lambda u: u.desa_id,
    "desa": _region_name("desa"),
    "kecamatan": _region_name("kecamatan"),
    "telepon": lambda u: u.whatsapp or u.phone,
    "email": lambda u: u.email,
    "tahun_berdiri": lambda u: u.year_founded,
}


def usaha_export_columns() -> list[Column]:
    """Columns of the business export (for ObjectListView.export_columns and the registry list).

    Call it once per export: the columns share a cache of owners (see :class:`_Owners`).  A
    queryset with ``select_related("desa", "kecamatan", "group")`` keeps the rest query-free.
    """
    owners = _Owners()

    def reader(key: str):
        if key in _OWNER_FIELDS:
            position = _OWNER_FIELDS[key]
            return lambda usaha: owners.get(usaha)[position]
        return _READERS[key]

    return [Column(header, reader(key)) for header, key in USAHA_LAYOUT]
