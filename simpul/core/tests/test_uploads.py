"""Uploads are believed for their bytes, not their names: images redrawn without metadata, documents sniffed."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from simpul.core import uploads
from simpul.registry.forms import LegalitasForm, ProdukForm
from simpul.registry.models import Legalitas, Produk, Usaha

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 20), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 30)).save(buffer, format=kind, **save)
    return buffer.getvalue()


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: GPS position, camera model, and 'rotate 90°' in EXIF."""
    exif = Image.Exif()
    exif[0x0110] = "Kamera Ponsel"  # Model
    exif[ORIENTATION] = 6  # stored sideways; show rotated 90° clockwise
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 53.0, 0.0), 3: "E", 4: (112.0, 3.0, 0.0)})
    return image_bytes("JPEG", (40, 20), exif=exif.tobytes())


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def messages_of(excinfo: pytest.ExceptionInfo) -> str:
    return " ".join(excinfo.value.messages)


# ---------------------------------------------------------------- images


def test_a_text_file_named_jpg_is_not_an_image():
    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_image(upload("foto.jpg", b"ini bukan gambar, hanya teks", "image/jpeg"))
    assert messages_of(excinfo) == "Berkas harus gambar JPEG, PNG atau WebP."


def test_a_pdf_renamed_png_is_not_an_image():
    with pytest.raises(ValidationError, match="Berkas harus gambar JPEG, PNG atau WebP"):
        uploads.clean_image(upload("sertifikat.png", PDF, "image/png"))


def test_a_gif_is_refused_even_though_pillow_reads_it():
    with pytest.raises(ValidationError, match="JPEG, PNG atau WebP"):
        uploads.clean_image(upload("animasi.gif", image_bytes("GIF")))


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    assert settings.SIMPUL_MAX_UPLOAD_MB == 20
    big = upload("besar.png", image_bytes() + b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_image(big)
    assert messages_of(excinfo) == "Ukuran berkas melebihi 20 MB."
    settings.SIMPUL_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="melebihi 1 MB"):
        uploads.clean_document(upload("besar.pdf", PDF + b"\0" * (1024 * 1024)))


def test_an_image_with_too_many_pixels_is_refused_from_its_header(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(ValidationError, match="terlalu besar"):
        uploads.clean_image(upload("lebar.png", image_bytes("PNG", (2000, 1000))))


def test_exif_is_stripped_and_the_photo_turned_upright():
    original = Image.open(io.BytesIO(phone_photo()))
    assert original.getexif()[ORIENTATION] == 6 and original.getexif().get_ifd(GPS_IFD)

    cleaned = uploads.clean_image(upload("IMG_2044.JPG", phone_photo(), "image/jpeg"))

    assert cleaned.name == "IMG_2044.jpg" and cleaned.content_type == "image/jpeg"
    result = Image.open(io.BytesIO(cleaned.read()))
    assert result.format == "JPEG"
    assert not result.getexif() and "exif" not in result.info
    assert result.size == (20, 40)  # the 90° turn is applied to the pixels instead


def test_png_text_chunks_are_dropped_and_png_stays_png():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Siti Aminah, Jl. Mawar 3")
    source = image_bytes("PNG", pnginfo=info)
    assert Image.open(io.BytesIO(source)).info["Author"]

    cleaned = uploads.clean_image(upload("logo.png", source))
    result = Image.open(io.BytesIO(cleaned.read()))
    assert result.format == "PNG" and "Author" not in result.info


def test_validating_leaves_the_upload_open_for_storing():
    photo = upload("foto.png", image_bytes())
    uploads.validate_image(photo)
    assert photo.read(8) == b"\x89PNG\r\n\x1a\n"
    cleaned = uploads.clean_image(photo)
    assert photo.read(8) == b"\x89PNG\r\n\x1a\n" and cleaned.read(8) == b"\x89PNG\r\n\x1a\n"


def test_webp_becomes_jpeg():
    cleaned = uploads.clean_image(upload("produk.webp", image_bytes("WEBP")))
    assert cleaned.name == "produk.jpg" and Image.open(io.BytesIO(cleaned.read())).format == "JPEG"


# ---------------------------------------------------------------- documents


def test_a_pdf_document_passes_as_sent():
    document = uploads.clean_document(upload("nib.pdf", PDF, "application/pdf"))
    assert document.read() == PDF


def test_a_pdf_renamed_png_is_refused_as_a_document():
    with pytest.raises(ValidationError, match="tidak sesuai dengan namanya"):
        uploads.clean_document(upload("sertifikat.png", PDF, "image/png"))


def test_a_document_that_is_neither_pdf_nor_image_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        uploads.clean_document(upload("izin.pdf", b"PK\x03\x04 a zip file", "application/pdf"))
    assert messages_of(excinfo) == "Berkas harus PDF, JPEG atau PNG."


def test_a_pdf_with_javascript_is_refused():
    hostile = PDF.replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    with pytest.raises(ValidationError, match="berisi skrip"):
        uploads.clean_document(upload("halal.pdf", hostile))


def test_a_scanned_document_is_redrawn_like_a_photo():
    document = uploads.clean_document(upload("pirt.jpg", phone_photo(), "image/jpeg"))
    assert not Image.open(io.BytesIO(document.read())).getexif()


# ---------------------------------------------------------------- the registry forms use them


@pytest.fixture
def usaha(db) -> Usaha:
    """A business in Kenduruan (35.23.01), the kecamatan of roles.petugas_kec."""
    return Usaha.objects.create(name="Keripik Sari Rasa", desa_id="35.23.01.2001", kbli_id="10")


@pytest.mark.django_db
def test_the_product_form_refuses_a_fake_photo_and_stores_a_clean_one(usaha):
    form = ProdukForm(
        data={"name": "Keripik", "unit": "kg"},
        files={"photo": upload("foto.jpg", b"teks biasa", "image/jpeg")},
        usaha=usaha,
    )
    assert not form.is_valid()
    assert form.errors["photo"] == ["Berkas harus gambar JPEG, PNG atau WebP."]

    form = ProdukForm(
        data={"name": "Keripik", "unit": "kg"},
        files={"photo": upload("foto.jpg", phone_photo())},
        usaha=usaha,
    )
    assert form.is_valid(), form.errors
    produk = form.save()
    with produk.photo.open("rb") as stored:
        assert not Image.open(stored).getexif()


@pytest.mark.django_db
def test_the_legalitas_form_checks_the_document(usaha):
    def form_with(document: SimpleUploadedFile) -> LegalitasForm:
        return LegalitasForm(
            data={"kind": "halal", "number": "ID35110000123"}, files={"document": document}, usaha=usaha
        )

    refused = form_with(upload("halal.png", PDF))
    assert not refused.is_valid() and "tidak sesuai dengan namanya" in refused.errors["document"][0]
    accepted = form_with(upload("halal.pdf", PDF))
    assert accepted.is_valid(), accepted.errors
    assert accepted.save().document.name.endswith(".pdf")


@pytest.mark.django_db
def test_an_officer_sees_the_message_on_the_product_page(client, roles, usaha):
    produk = Produk.objects.create(usaha=usaha, name="Keripik singkong balado", unit="kg")
    client.force_login(roles.petugas_kec)
    url = reverse("registry:produk_edit", args=[produk.pk])
    response = client.post(
        url, {"name": "Keripik singkong balado", "unit": "kg", "photo": upload("foto.png", PDF, "image/png")}
    )
    assert response.status_code == 200
    assert "Berkas harus gambar JPEG, PNG atau WebP." in response.content.decode()
    assert not Produk.objects.get(pk=produk.pk).photo
    assert not Legalitas.objects.exists()
