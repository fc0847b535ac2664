"""With DEBUG on, Django serves uploads of the public folders only."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from simpul.core.media import is_public, public_media


@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    for name in ("produk/2026/keripik.png", "impor/2026/11/data-ikm.xlsx", "legalitas/2026/halal.pdf"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"isi")
    return root


def test_a_catalog_photo_is_served(media):
    response = public_media(RequestFactory().get("/media/produk/2026/keripik.png"), "produk/2026/keripik.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"isi"


@pytest.mark.parametrize(
    "path",
    [
        "impor/2026/11/data-ikm.xlsx",
        "legalitas/2026/halal.pdf",
        "produk/../impor/2026/11/data-ikm.xlsx",
        "/impor/2026/11/data-ikm.xlsx",
        "",
    ],
)
def test_files_with_personal_data_do_not_exist_for_the_browser(media, path):
    with pytest.raises(Http404):
        public_media(RequestFactory().get("/media/" + path), path)


def test_the_public_folders_are_those_the_deploy_guide_names():
    assert all(is_public(f"{folder}/x.png") for folder in ("produk", "sentra", "kawasan"))
    assert not any(is_public(f"{folder}/x") for folder in ("impor", "legalitas", "perubahan", "jobs"))
