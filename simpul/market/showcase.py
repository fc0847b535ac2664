"""Exhibition showcases: the products on show, the link to the programs app, the printable catalogue.

The PDF is an A4 catalogue, two products per row, each with its photo, maker,
price, capacity, certificates and a QR code that opens the product's page
in the public catalog — what a visitor scans at the stand.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.apps import apps
from django.core.exceptions import FieldError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from simpul.market import publication
from simpul.market.models import CatalogEntry, Showcase, ShowcaseItem

logger = logging.getLogger(__name__)

#: Participation states (programs app) whose businesses exhibit.
EXHIBITING_STATES = ("selected", "attended", "completed", "terpilih", "hadir", "selesai")


def entries_of(showcase: Showcase) -> list[CatalogEntry]:
    """The showcase's products that are public, in the showcase order (one query)."""
    order = list(showcase.items.values_list("produk_id", flat=True))
    found = publication.public_catalog().in_bulk(order)
    return [found[pk] for pk in order if pk in found]


def set_products(showcase: Showcase, product_ids: list[int]) -> None:
    """Replace the showcase's products, keeping the given order; only public products are kept."""
    allowed = set(publication.public_products().filter(pk__in=product_ids).values_list("pk", flat=True))
    showcase.items.all().delete()
    ShowcaseItem.objects.bulk_create(
        [
            ShowcaseItem(showcase=showcase, produk_id=pk, order=i)
            for i, pk in enumerate(product_ids)
            if pk in allowed
        ]
    )


# ---------------------------------------------------------------------------
# The programs app (exhibitions), when installed
# ---------------------------------------------------------------------------


def programs_installed() -> bool:
    return apps.is_installed("simpul.programs")


def exhibitions() -> QuerySet | None:
    """Exhibition activities of the programs app (kind "pameran"), or None without it."""
    if not programs_installed():
        return None
    try:
        kegiatan = apps.get_model("programs", "Kegiatan")
    except LookupError:
        return None
    for lookup in ("program__kind", "kind"):
        try:
            return kegiatan.objects.filter(**{lookup: "pameran"})
        except FieldError:
            continue
    return None


def exhibitor_products(kegiatan_id: int) -> list[int]:
    """Public products of the businesses taking part in an exhibition activity (programs app)."""
    if not programs_installed():
        return []
    try:
        partisipasi = apps.get_model("programs", "Partisipasi")
        usaha_ids = partisipasi.objects.filter(kegiatan_id=kegiatan_id, status__in=EXHIBITING_STATES).values(
            "usaha_id"
        )
        return list(
            publication.public_products()
            .filter(usaha_id__in=usaha_ids)
            .order_by("usaha__name", "name")
            .values_list("pk", flat=True)
        )
    except (LookupError, FieldError):
        logger.warning("Peserta pameran tidak dapat dibaca dari modul program", exc_info=True)
        return []


# ---------------------------------------------------------------------------
# The printable catalogue
# ---------------------------------------------------------------------------


def _qr(url: str, size: float = 28 * mm) -> Drawing:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _photo(entry: CatalogEntry, width: float = 38 * mm):
    if not entry.photo or not default_storage.exists(entry.photo):
        return Spacer(width, 1)
    try:
        with default_storage.open(entry.photo, "rb") as handle:
            data = io.BytesIO(handle.read())
        image = Image(data)
        ratio = width / image.imageWidth
        image.drawWidth, image.drawHeight = width, image.imageHeight * ratio
        return image
    except Exception:  # noqa: BLE001 - a broken photo must not stop the catalogue
        logger.warning("Foto produk tidak dapat dibaca: %s", entry.photo)
        return Spacer(width, 1)


def _price(entry: CatalogEntry) -> str:
    if entry.price_min is None:
        return _("Harga: hubungi pembuat")
    low = number_format(entry.price_min, force_grouping=True)
    if entry.price_max and entry.price_max != entry.price_min:
        return f"Rp {low} – {number_format(entry.price_max, force_grouping=True)} / {entry.unit}"
    return f"Rp {low} / {entry.unit}"


def _card(entry: CatalogEntry, url: str, styles) -> Table:
    lines = [
        Paragraph(f"<b>{escape(entry.name)}</b>", styles["Heading4"]),
        Paragraph(escape(f"{entry.usaha_name} · {entry.kecamatan_name}"), styles["small"]),
        Paragraph(escape(_price(entry)), styles["small"]),
    ]
    if entry.capacity_per_year:
        capacity = number_format(entry.capacity_per_year.normalize(), force_grouping=True)
        lines.append(
            Paragraph(
                escape(_("Kapasitas: %(c)s %(u)s/tahun") % {"c": capacity, "u": entry.unit}), styles["small"]
            )
        )
    if entry.certificates:
        lines.append(Paragraph(escape(_("Sertifikat: ") + entry.certificates.upper()), styles["small"]))
    if entry.ovop_stars:
        # The PDF's base fonts have no star glyph: say it in words.
        lines.append(Paragraph(escape(_("OVOP bintang %(n)s") % {"n": entry.ovop_stars}), styles["small"]))
    body = Table(
        [
            [_photo(entry), lines],
            [_qr(url), Paragraph(escape(_("Pindai untuk membuka halaman produk")), styles["small"])],
        ],
        colWidths=[40 * mm, 44 * mm],
    )
    body.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return body


def pdf(showcase: Showcase, absolute_url: Callable[[str], str]) -> bytes:
    """The printable catalogue of a showcase; `absolute_url` turns a path into a full link for the QR codes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=showcase.name,
        author=_("Simpul IKM"),
    )
    styles = getSampleStyleSheet()
    styles.add(ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10))
    story = [Paragraph(escape(showcase.name), styles["Title"])]
    when = " – ".join(date_format(d, "j F Y") for d in (showcase.starts_on, showcase.ends_on) if d)
    where = ", ".join(p for p in (showcase.place, showcase.city) if p)
    if when or where:
        story.append(Paragraph(escape(" · ".join(p for p in (where, when) if p)), styles["Normal"]))
    story.append(
        Paragraph(
            escape(_("Katalog daring: %(url)s") % {"url": absolute_url(showcase.get_public_url())}),
            styles["small"],
        )
    )
    story.append(Spacer(1, 6 * mm))
    cards = [_card(e, absolute_url(e.get_absolute_url()), styles) for e in entries_of(showcase)]
    if not cards:
        story.append(Paragraph(escape(_("Belum ada produk dalam etalase ini.")), styles["Normal"]))
    rows = [cards[i : i + 2] + [""] * (2 - len(cards[i : i + 2])) for i in range(0, len(cards), 2)]
    if rows:
        grid = Table(rows, colWidths=[93 * mm, 93 * mm])
        grid.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        story.append(grid)
    document.build(story)
    return buffer.getvalue()
