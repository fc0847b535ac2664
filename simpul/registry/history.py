"""The change history of a business and of everything that belongs to it, newest first."""

from __future__ import annotations

from itertools import chain

from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Produk, Usaha

_LIMIT = 100


def _entries(records, label: str) -> list[dict]:
    records = list(records)
    by_object: dict = {}
    for record in sorted(records, key=lambda r: r.history_date):
        by_object.setdefault(record.id, []).append(record)
    entries = []
    for versions in by_object.values():
        for index, record in enumerate(versions):
            changes = []
            if index > 0:
                delta = record.diff_against(versions[index - 1])
                changes = [
                    (record._meta.get_field(c.field).verbose_name, c.old, c.new)
                    for c in delta.changes
                    if not c.field.endswith("_at")
                ]
            entries.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "type": record.get_history_type_display(),
                    "object": f"{label}: {record.instance}" if label else str(record.instance),
                    "changes": changes,
                    "reason": record.history_change_reason,
                }
            )
    return entries


def for_usaha(usaha: Usaha) -> list[dict]:
    """Every change of the business, its products, reports, certificates and owners."""
    sources = [
        (usaha.history.select_related("history_user"), ""),
        (Produk.history.filter(usaha_id=usaha.pk).select_related("history_user"), "Produk"),
        (LaporanTahunan.history.filter(usaha_id=usaha.pk).select_related("history_user"), "Laporan"),
        (Legalitas.history.filter(usaha_id=usaha.pk).select_related("history_user"), "Legalitas"),
        (Kepemilikan.history.filter(usaha_id=usaha.pk).select_related("history_user"), "Pemilik"),
    ]
    entries = list(chain.from_iterable(_entries(qs[:_LIMIT], label) for qs, label in sources))
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries[:_LIMIT]
