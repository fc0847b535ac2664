"""Procurement readiness: which products can be listed in a government e-catalogue, and what the others lack.

A product is ready when its business has an NIB and an NPWP, and the
product has a price, a yearly capacity, a photo and the certificates its
kind needs (`CERTIFICATE_RULES`: processed food and drink need a
distribution licence — PIRT or BPOM — and a halal certificate). Every check
is one SQL condition, so the list filters and counts in the database, and
the same checks name what is missing in the officer's words.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from simpul.core.export import neutralise
from simpul.market import certificates
from simpul.registry.models import Legalitas, Produk

#: Certificates a product needs by KBLI division: each tuple is "one of these".
CERTIFICATE_RULES: dict[str, list[tuple[str, ...]]] = {
    "10": [("pirt", "bpom"), ("halal",)],
    "11": [("pirt", "bpom"), ("halal",)],
}
_KIND_NAMES = dict(Legalitas.Kind.choices)


@dataclass(frozen=True)
class Check:
    """One requirement: the annotation that holds it and how to name it when it is missing."""

    name: str
    missing: str


CHECKS = (
    Check("ok_nib", gettext_lazy("NIB")),
    Check("ok_npwp", gettext_lazy("NPWP")),
    Check("ok_price", gettext_lazy("harga")),
    Check("ok_capacity", gettext_lazy("kapasitas produksi")),
    Check("ok_photo", gettext_lazy("foto produk")),
    Check("ok_licence", gettext_lazy("izin edar (PIRT atau BPOM)")),
    Check("ok_halal", gettext_lazy("sertifikat halal")),
)


def _needs(kind: str) -> Q:
    """Products whose KBLI division requires a certificate of `kind`."""
    divisions = [d for d, rules in CERTIFICATE_RULES.items() if any(kind in group for group in rules)]
    condition = Q()
    for division in divisions:
        condition |= Q(kbli_code__startswith=division)
    return condition


def annotated(products: QuerySet[Produk]) -> QuerySet[Produk]:
    """Products with one boolean per check (`ok_*`) and `ready`, computed in SQL."""
    nib_licence = Exists(
        certificates.valid_certificates().filter(usaha_id=OuterRef("usaha_id"), kind=Legalitas.Kind.NIB)
    )
    qs = products.annotate(kbli_code=Coalesce("kbli_id", "usaha__kbli_id", Value("")))
    qs = qs.annotate(
        ok_nib=Q(~Q(usaha__nib="") | nib_licence),
        ok_npwp=~Q(usaha__npwp=""),
        ok_price=Q(price_min__isnull=False),
        ok_capacity=Q(capacity_per_year__gt=0),
        ok_photo=~Q(photo=""),
        ok_licence=Q(~_needs("pirt") | certificates.covers_product(("pirt", "bpom"))),
        ok_halal=Q(~_needs("halal") | certificates.covers_product(("halal",))),
    )
    ready = Q()
    for check in CHECKS:
        ready &= Q(**{check.name: True})
    return qs.annotate(ready=ready)


def candidates(user) -> QuerySet[Produk]:
    """Products of active businesses in the user's area, with the checks."""
    products = (
        Produk.objects.restrict(user, "view")
        .filter(archived_at=None, usaha__status="aktif", usaha__archived_at=None, usaha__merged_into=None)
        .select_related("usaha", "usaha__kecamatan", "usaha__desa")
        .order_by("usaha__name", "name", "pk")
    )
    return annotated(products)


def missing(produk: Produk) -> list[str]:
    """What an annotated product still lacks, in the officer's words."""
    return [str(check.missing) for check in CHECKS if not getattr(produk, check.name)]


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

READY_HEADERS = [
    "No",
    "Nama Usaha",
    "Bentuk Usaha",
    "NIB",
    "NPWP",
    "KBLI",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Telepon/WhatsApp Usaha",
    "Nama Produk",
    "Deskripsi Produk",
    "Satuan",
    "Harga Satuan (Rp)",
    "Harga Tertinggi (Rp)",
    "Kapasitas per Tahun",
    "Sertifikat",
    "Tautan Katalog",
]
MISSING_HEADERS = ["No", "Nama Usaha", "Kecamatan", "Nama Produk", "Kekurangan"]


def _certificate_text(held: set[str]) -> str:
    return ", ".join(str(_KIND_NAMES.get(k, k)) for k in sorted(held) if k != Legalitas.Kind.NIB)


def _ready_row(number: int, produk: Produk, held: set[str], link: str) -> list:
    usaha = produk.usaha
    return [
        number,
        usaha.name,
        usaha.get_legal_form_display(),
        usaha.nib,
        usaha.npwp,
        produk.kbli_code,
        usaha.address,
        usaha.desa.name,
        usaha.kecamatan.name,
        usaha.whatsapp or usaha.phone,
        produk.name,
        produk.description,
        produk.get_unit_display(),
        produk.price_min,
        produk.price_max,
        produk.capacity_per_year,
        _certificate_text(held),
        link,
    ]


def _chunks(queryset: QuerySet[Produk], size: int = 2000) -> Iterable[list[Produk]]:
    chunk: list[Produk] = []
    for produk in queryset.iterator(chunk_size=size):
        chunk.append(produk)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def xlsx(products: QuerySet[Produk], link_for) -> HttpResponse:
    """Two sheets: the ready products in a submission layout, and the others with what they lack."""
    book = Workbook(write_only=True)
    ready_sheet = book.create_sheet(_("Siap e-katalog"))
    missing_sheet = book.create_sheet(_("Belum siap"))
    bold = Font(bold=True)
    for sheet, headers in ((ready_sheet, READY_HEADERS), (missing_sheet, MISSING_HEADERS)):
        sheet.append([_header(sheet, h, bold) for h in headers])
    ready_count = missing_count = 0
    for chunk in _chunks(products):
        held = certificates.held_by_product(chunk)
        for produk in chunk:
            if produk.ready:
                ready_count += 1
                row = _ready_row(ready_count, produk, held[produk.pk], link_for(produk))
                ready_sheet.append([neutralise(v) if v is not None else "" for v in row])
            else:
                missing_count += 1
                row = [
                    missing_count,
                    produk.usaha.name,
                    produk.usaha.kecamatan.name,
                    produk.name,
                    ", ".join(missing(produk)),
                ]
                missing_sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="kesiapan-e-katalog.xlsx"'
    return response


def _header(sheet, text: str, font: Font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell
