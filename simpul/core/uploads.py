"""Checking uploaded files before they are stored: one set of rules for every form.

Photos and documents come from phones and scanners of people outside the
office, and are later served to officers and to the public catalog. So a
file is believed only for what its bytes are, never for its name or the
browser's content type:

- an image is opened and fully decoded by Pillow, then drawn again into a
  fresh PNG or JPEG. The copy carries no EXIF, XMP or text chunks (a phone
  photo's EXIF often holds the GPS position of the owner's house), and no
  bytes of the original survive, so a file that is an image *and* something
  else (a polyglot) loses the something else;
- a document must be a PDF, JPEG or PNG by its first bytes, and its name
  must agree with them; image documents are redrawn like photos;
- both are refused above `settings.SIMPUL_MAX_UPLOAD_MB`.

Forms call `clean_image` / `clean_document` from their `clean_<field>`
method and store what they return.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: Image formats accepted, as Pillow names them (what phones and cameras produce).
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
#: Largest image accepted, in pixels. 50 megapixels covers the cameras of
#: today's phones; beyond it, decoding alone needs hundreds of megabytes.
MAX_IMAGE_PIXELS = 50_000_000
#: Quality of re-encoded JPEG photos: no visible loss, a third of the size of 100.
JPEG_QUALITY = 88

IMAGE_TYPE_MESSAGE = _("Berkas harus gambar JPEG, PNG atau WebP.")
DOCUMENT_TYPE_MESSAGE = _("Berkas harus PDF, JPEG atau PNG.")
TOO_LARGE_MESSAGE = _("Ukuran berkas melebihi %(mb)s MB.")
TOO_MANY_PIXELS_MESSAGE = _("Gambar terlalu besar (%(mp)s megapiksel); paling besar %(max)s megapiksel.")
NAME_MISMATCH_MESSAGE = _(
    "Isi berkas tidak sesuai dengan namanya (%(name)s). Kirim berkas aslinya tanpa mengganti nama."
)
ACTIVE_PDF_MESSAGE = _("PDF ini berisi skrip; cetak ulang sebagai PDF biasa lalu kirim lagi.")

#: Document kinds by their first bytes, with the file name endings that may carry them.
_SIGNATURES: tuple[tuple[str, bytes, frozenset[str]], ...] = (
    ("pdf", b"%PDF-", frozenset({".pdf"})),
    ("png", b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
    ("jpeg", b"\xff\xd8\xff", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"})),
)
#: PDF names that make a reader run code or start a program. A cheap first
#: line of defence: names inside compressed object streams are not seen.
#: Embedded files are allowed: e-certificates (PDF/A-3) may carry them.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch)(?![A-Za-z0-9])")


def limit_bytes() -> int:
    return settings.SIMPUL_MAX_UPLOAD_MB * 1024 * 1024


def check_size(upload: UploadedFile) -> None:
    """Refuse a file over the configured limit, before anything reads it."""
    if upload.size is not None and upload.size > limit_bytes():
        raise ValidationError(
            TOO_LARGE_MESSAGE, code="too_large", params={"mb": settings.SIMPUL_MAX_UPLOAD_MB}
        )


def _open_checked(upload: UploadedFile) -> Image.Image:
    """Open an upload as an image of an accepted kind and size, fully decoded.

    `verify()` reads the whole file but leaves the image unusable, so the
    file is opened a second time to decode it; the pixel limit is checked
    from the header in between, before decoding allocates memory.
    """
    check_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in IMAGE_FORMATS:
            raise ValidationError(IMAGE_TYPE_MESSAGE, code="image_type")
        if width * height > MAX_IMAGE_PIXELS:
            raise ValidationError(
                TOO_MANY_PIXELS_MESSAGE,
                code="image_pixels",
                params={"mp": round(width * height / 1_000_000), "max": MAX_IMAGE_PIXELS // 1_000_000},
            )
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(IMAGE_TYPE_MESSAGE, code="image_type") from exc
    finally:
        upload.seek(0)
    return image


def validate_image(upload: UploadedFile) -> None:
    """Refuse anything but a readable JPEG/PNG/WebP within the size and pixel limits."""
    # The context manager lets go of the upload without closing it (Image.close() would),
    # so the form can still store it.
    with _open_checked(upload):
        pass


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _renamed(name: str, suffix: str) -> str:
    stem = get_valid_filename(PurePath(name or "").stem)[:80] or "berkas"
    return f"{stem}{suffix}"


def clean_image(upload: UploadedFile) -> SimpleUploadedFile:
    """The upload redrawn as a fresh PNG (kept for PNGs and transparent images) or JPEG.

    The picture is turned upright first, because the EXIF orientation that
    phones rely on is dropped with the rest of the metadata. The ICC colour
    profile is kept: it holds no personal data and without it colours of
    wide-gamut phone photos shift.
    """
    with _open_checked(upload) as original:
        source_format = original.format
        image = ImageOps.exif_transpose(original)
    icc_profile = image.info.get("icc_profile")
    image.info = {}
    keep_png = source_format == "PNG" or _has_alpha(image)
    buffer = io.BytesIO()
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if keep_png:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(buffer, format="PNG", optimize=True, **options)
        suffix, content_type = ".png", "image/png"
    else:
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, **options)
        suffix, content_type = ".jpg", "image/jpeg"
    return SimpleUploadedFile(_renamed(upload.name, suffix), buffer.getvalue(), content_type=content_type)


def _document_kind(head: bytes) -> tuple[str, frozenset[str]] | None:
    for kind, signature, suffixes in _SIGNATURES:
        if head.startswith(signature):
            return kind, suffixes
    return None


def _check_pdf(upload: UploadedFile) -> None:
    """Refuse a PDF that names scripts or launch actions (read whole: it is within the size limit)."""
    upload.seek(0)
    try:
        if _ACTIVE_PDF.search(upload.read()):
            raise ValidationError(ACTIVE_PDF_MESSAGE, code="pdf_active")
    finally:
        upload.seek(0)


def clean_document(upload: UploadedFile) -> UploadedFile:
    """A certificate or licence document: PDF, JPEG or PNG by its bytes, named accordingly.

    A PDF is returned as sent (after the check for active content); a JPEG
    or PNG scan is redrawn like a photo, which also drops its metadata.
    """
    check_size(upload)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = _document_kind(head)
    if found is None:
        raise ValidationError(DOCUMENT_TYPE_MESSAGE, code="document_type")
    kind, suffixes = found
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix and suffix not in suffixes:
        raise ValidationError(NAME_MISMATCH_MESSAGE, code="document_name", params={"name": upload.name})
    if kind != "pdf":
        return clean_image(upload)
    _check_pdf(upload)
    if not suffix:
        upload.name = _renamed(upload.name, ".pdf")
    return upload
