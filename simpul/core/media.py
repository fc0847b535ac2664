"""Uploaded files served by Django itself: only with DEBUG on, and only the public folders.

In production the reverse proxy serves MEDIA_ROOT (docs/deploy.md) and must
follow the same list. Everything else under MEDIA_ROOT — imported
spreadsheets (impor/), certificates (legalitas/), owners' proposed photos
(perubahan/), generated reports (jobs/) — holds personal data and is only
ever handed out by views that check the caller's rights.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

#: Top-level folders of MEDIA_ROOT whose files anyone may fetch by URL: catalog and cluster
#: photos, a kawasan's legal basis (a public regulation), and the demo's generated pictures.
PUBLIC_MEDIA_FOLDERS = ("produk", "sentra", "kawasan", "demo")


def is_public(path: str) -> bool:
    parts = [part for part in path.split("/") if part]
    return bool(parts) and parts[0] in PUBLIC_MEDIA_FOLDERS and ".." not in parts


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a file of a public folder (DEBUG only); anything else does not exist."""
    if not is_public(path):
        raise Http404("Berkas tidak ditemukan.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
