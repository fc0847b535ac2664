"""Photos and documents sent through the API are checked and redrawn like the forms' uploads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from simpul.registry.models import Produk
from simpul.registry.tests.test_api import Data, client_for


@pytest.fixture
def data(roles) -> Data:
    return Data(roles)


def _jpeg_with_location() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Pabrikan Ponsel"  # camera make: metadata of the kind that also carries GPS
    exif[0x0131] = "Aplikasi Kamera 1.0"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_product_photo_sent_by_api_loses_its_exif(roles, data):
    response = client_for(roles, "petugas").post(
        "/api/produk/",
        {"usaha": data.a.pk, "name": "Keripik bayam", "unit": "kg", "photo": _jpeg_with_location()},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    stored = Produk.objects.get(pk=response.json()["id"]).photo
    with Image.open(stored.path) as image:
        assert not image.getexif()


def test_a_file_that_is_not_a_picture_is_refused_in_indonesian(roles, data):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan gambar", content_type="image/jpeg")
    response = client_for(roles, "petugas").post(
        "/api/produk/",
        {"usaha": data.a.pk, "name": "Keripik", "unit": "kg", "photo": fake},
        format="multipart",
    )
    assert response.status_code == 400
    assert "photo" in response.json()
