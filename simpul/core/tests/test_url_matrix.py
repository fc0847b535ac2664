"""Every URL of the project, requested as every role, against one declared access matrix.

The test walks the whole URL resolver (pages, the API router with its
format-suffix routes, parameterised patterns) and requests each pattern as
each role of the conftest `roles` fixture plus an anonymous visitor: GET,
or an empty POST when the pattern answers GET with 405. Each response is
reduced to an outcome letter and compared with `MATRIX`.

A pattern without an entry fails the test: a new URL cannot slip in
unchecked. Its author adds a line to `MATRIX` saying what each role gets
(a first run with a guessed line prints, for every role, what the URL
actually answered). A server error is an outcome like the others so that
all of them are listed at once; the matrix may only expect one ("E") on a
line marked `# BUG:`, i.e. a reported bug waiting for its fix.

Object URLs receive ids of the objects of `World`: one of each kind, in
kecamatan 35.23.01 (the kecamatan of `roles.petugas_kec`), owned by
`roles.pelaku`, with its kendala routed to the mitra of `roles.mitra` and
its business a member of the asosiasi of `roles.asosiasi`. So the matrix
reads, for example, "petugas_other gets N on the business of pelaku".

Each request runs in a savepoint that is rolled back, so an empty POST that
archives or changes a record does not change what the next URL sees.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from PIL import Image

# ---------------------------------------------------------------------------
# Roles and outcomes
# ---------------------------------------------------------------------------

#: The column order of every MATRIX row.
ROLES = (
    "admin",
    "petugas",
    "petugas_kec",
    "petugas_other",
    "pimpinan",
    "asosiasi",
    "mitra",
    "pelaku",
    "pelaku_other",
    "anonymous",
)

#: What a response is reduced to.
OUTCOMES = {
    "O": "2xx: the page or data",
    "R": "3xx to somewhere other than the login page (e.g. back to the record after an empty POST)",
    "L": "login needed: 302 to /akun/masuk/, or 401/403 from the API for an anonymous caller",
    "F": "403 forbidden",
    "N": "404: the object is outside the role's scope, or the empty input names nothing",
    "B": "400: the view was reached and refused the empty input",
    "C": "409: the view was reached and refused because of the caller's state",
    # Never acceptable: only ever written with a `# BUG:` comment, until the lead fixes it.
    "E": "500: a server error",
}

LOGIN_PATH = "/akun/masuk/"
#: The route of uploaded files (simpul/core/media.py), added when DEBUG is on at start-up. Whether it
#: exists in a test run depends on whether the URLconf was imported before pytest-django turned DEBUG
#: off (collecting test_api_fuzz.py imports it), so its line may stand unused.
DEBUG_MEDIA_ROUTE = "media"
#: Suffix of the key of a DRF format-suffix route (/api/usaha.json) that needs its own line.
FORMAT_SUFFIX = ".<format>"


@dataclass(frozen=True)
class Entry:
    """One line of the matrix: each role's outcome, and the World attributes that fill the URL."""

    #: One outcome letter per role, in the order of ROLES, separated by spaces.
    expected: str
    #: None (no parameter), a World attribute for `pk`, or {url parameter: World attribute}.
    args: str | dict[str, str] | None = None
    #: Query parameters: {name: World attribute}.
    query: dict[str, str] | None = None

    def outcome_for(self, role: str) -> str:
        return self.expected.split()[ROLES.index(role)]


def E(  # noqa: N802 - short, because the matrix reads as a table
    expected: str, args: str | dict[str, str] | None = None, query: dict[str, str] | None = None
) -> Entry:
    return Entry(expected, args, query)


# ---------------------------------------------------------------------------
# The matrix
#
# Keys are "namespace:name" (the API router's names have no namespace).
# Columns, in the order of ROLES: adm = admin, pet = petugas (whole region),
# kec = petugas_kec (35.23.01, where the World lives), lai = petugas_other
# (35.23.16), pim = pimpinan, aso = asosiasi (pengurus of the World's
# asosiasi), mit = mitra (answers for the World's bank), pel = pelaku (owns
# the World's business), pl2 = pelaku_other, ano = anonymous visitor.
#
# The matrix records what the application does today. A cell that looks
# wrong carries a `# BUG:` comment until the lead fixes the code and the cell.
# ---------------------------------------------------------------------------

# fmt: off
MATRIX: dict[str, Entry] = {
    #                                           adm pet kec lai pim aso mit pel pl2 ano
    # --- Accounts, language
    # POST-only views answer an empty POST: R means the role got through (the record is untouched:
    # every request runs in a rolled-back savepoint).
    "set_language":                          E("R   R   R   R   R   R   R   R   R   R"),
    "accounts:login":                        E("R   R   R   R   R   R   R   R   R   O"),
    # The code step of a two-factor login: without a password step pending, back to the login page.
    "accounts:login_code":                   E("L   L   L   L   L   L   L   L   L   L"),
    # Two-factor (TOTP) set-up: for admin accounts.
    "accounts:two_factor":                   E("O   F   F   F   F   F   F   F   F   L"),
    # Logging out always ends on the login page.
    "accounts:logout":                       E("L   L   L   L   L   L   L   L   L   L"),
    "accounts:password_change":              E("O   O   O   O   O   O   O   O   O   L"),
    "accounts:password_change_done":         E("O   O   O   O   O   O   O   O   O   L"),
    "accounts:password_reset":               E("O   O   O   O   O   O   O   O   O   O"),
    "accounts:password_reset_done":          E("O   O   O   O   O   O   O   O   O   O"),
    "accounts:password_reset_confirm":       E("O   O   O   O   O   O   O   O   O   O", {"uidb64": "uidb64", "token": "reset_token"}),
    "accounts:password_reset_complete":      E("O   O   O   O   O   O   O   O   O   O"),
    "accounts:user_list":                    E("O   F   F   F   F   F   F   F   F   L"),
    "accounts:user_add":                     E("O   F   F   F   F   F   F   F   F   L"),
    "accounts:user_edit":                    E("O   F   F   F   F   F   F   F   F   L", "user"),
    "accounts:user_archive":                 E("O   F   F   F   F   F   F   F   F   L", "user"),
    "accounts:user_detail":                  E("O   F   F   F   F   F   F   F   F   L", "user"),
    # --- API (simpul/api_urls.py). The router adds no `.json` twins; were one added, a `.<format>` line
    # would override its plain route.
    # The schema and its viewer are public, as is the token endpoint (which refuses empty input).
    "api-schema":                            E("O   O   O   O   O   O   O   O   O   O"),
    "api-docs":                              E("O   O   O   O   O   O   O   O   O   O"),
    "api-token":                             E("B   B   B   B   B   B   B   B   B   B"),
    "region-list":                           E("O   O   O   O   O   O   O   O   O   O"),
    "region-detail":                         E("O   O   O   O   O   O   O   O   O   O", "region"),
    "kbli-list":                             E("O   O   O   O   O   O   O   O   O   O"),
    "kbli-detail":                           E("O   O   O   O   O   O   O   O   O   O", "kbli"),
    "commoditygroup-list":                   E("O   O   O   O   O   O   O   O   O   O"),
    "commoditygroup-detail":                 E("O   O   O   O   O   O   O   O   O   O", "group"),
    "usaha-list":                            E("O   O   O   O   O   F   F   O   O   L"),
    "usaha-detail":                          E("O   O   O   N   O   F   F   O   N   L", "usaha"),
    "usaha-verify":                          E("O   O   O   N   F   F   F   F   F   L", "usaha"),
    "pelaku-list":                           E("O   O   O   O   F   F   F   O   O   L"),
    "pelaku-detail":                         E("O   O   O   N   F   F   F   O   N   L", "pelaku"),
    "produk-list":                           E("O   O   O   O   O   F   F   O   O   L"),
    "produk-detail":                         E("O   O   O   N   O   F   F   O   N   L", "produk"),
    "laporantahunan-list":                   E("O   O   O   O   O   F   F   O   O   L"),
    "laporantahunan-detail":                 E("O   O   O   N   O   F   F   O   N   L", "laporan"),
    "legalitas-list":                        E("O   O   O   O   O   F   F   O   O   L"),
    "legalitas-detail":                      E("O   O   O   N   O   F   F   O   N   L", "legalitas"),
    "sentra-list":                           E("O   O   O   O   O   F   F   F   F   L"),
    "sentra-detail":                         E("O   O   O   N   O   F   F   F   F   L", "sentra"),
    "kawasan-list":                          E("O   O   O   O   O   F   F   F   F   L"),
    "kawasan-detail":                        E("O   O   O   N   O   F   F   F   F   L", "kawasan"),
    "ovopassessment-list":                   E("O   O   O   O   O   F   F   F   F   L"),
    "ovopassessment-detail":                 E("O   O   O   N   O   F   F   F   F   L", "ovop"),
    "ovopaspect-list":                       E("O   O   O   O   O   F   F   F   F   L"),
    "ovopaspect-detail":                     E("O   O   O   O   O   F   F   F   F   L", "ovop_aspect"),
    "indicatortable-list":                   E("O   O   O   O   O   F   F   F   F   L"),
    "indicatortable-import-file":            E("B   B   B   B   B   F   F   F   F   L"),
    "indicatortable-detail":                 E("O   O   O   O   O   F   F   F   F   L", "indicator"),
    "indicatortable-values":                 E("O   O   O   O   O   F   F   F   F   L", "indicator"),
    "analysisrun-list":                      E("O   O   O   O   O   F   F   F   F   L"),
    "analysisrun-detail":                    E("O   O   O   O   O   F   F   F   F   L", "run"),
    "analysisrun-reproduce":                 E("O   O   O   O   O   F   F   F   F   L", "run"),
    "featuredproduct-list":                  E("O   O   O   O   O   F   F   F   F   L"),
    "featuredproduct-detail":                E("O   O   O   O   O   F   F   F   F   L", "featured"),
    "dashboard-list":                        E("O   O   O   O   O   F   F   F   F   L"),
    "program-list":                          E("O   O   O   O   O   O   F   F   F   L"),
    "program-detail":                        E("O   O   O   O   O   O   F   F   F   L", "program"),
    "kegiatan-list":                         E("O   O   O   O   O   O   F   F   F   L"),
    "kegiatan-detail":                       E("O   O   O   O   O   O   F   F   F   L", "kegiatan"),
    "partisipasi-list":                      E("O   O   O   O   O   O   F   O   O   L"),
    "partisipasi-detail":                    E("O   O   O   N   O   O   F   O   N   L", "partisipasi"),
    "partisipasi-move":                      E("B   B   B   N   F   F   F   F   F   L", "partisipasi"),
    "kendala-list":                          E("O   O   O   O   O   F   O   O   O   L"),
    "kendala-detail":                        E("O   O   O   N   O   F   O   O   N   L", "kendala"),
    "kendala-responses":                     E("O   O   O   N   O   N   O   O   N   L", "kendala"),
    "kendala-route":                         E("B   B   B   N   F   F   F   F   F   L", "kendala"),
    "mitra-list":                            E("O   O   O   O   O   F   O   F   F   L"),
    "mitra-detail":                          E("O   O   O   O   O   F   O   F   F   L", "mitra"),
    "jangkauan-list":                        E("O   O   O   O   O   F   F   F   F   L"),
    "katalog-produk-list":                   E("O   O   O   O   O   O   O   O   O   O"),
    "katalog-produk-detail":                 E("O   O   O   O   O   O   O   O   O   O", "produk"),
    "katalog-usaha-list":                    E("O   O   O   O   O   O   O   O   O   O"),
    "katalog-usaha-detail":                  E("O   O   O   O   O   O   O   O   O   O", "usaha"),
    "katalog-permintaan-list":               E("O   O   O   O   O   O   O   O   O   O"),
    "katalog-permintaan-detail":             E("O   O   O   O   O   O   O   O   O   O", "permintaan"),
    "permintaan-list":                       E("O   O   O   O   O   F   F   O   O   L"),
    # Demands and offers are office-wide (no kecamatan): a petugas of any kecamatan handles them.
    "permintaan-detail":                     E("O   O   O   O   O   F   F   O   N   L", "permintaan"),
    "permintaan-kandidat":                   E("O   O   O   O   F   F   F   F   F   L", "permintaan"),
    "permintaan-teruskan":                   E("B   B   B   B   F   F   F   F   F   L", "permintaan"),
    "permintaan-verifikasi":                 E("B   B   B   B   F   F   F   F   F   L", "permintaan"),
    "penawaran-list":                        E("O   O   O   O   O   F   F   O   O   L"),
    "penawaran-detail":                      E("O   O   O   O   O   F   F   O   N   L", "penawaran"),
    "api-root":                              E("O   O   O   O   O   O   O   O   O   L"),
    # --- Registry: businesses, owners, products, reports, certificates
    "registry:usaha_list":                   E("O   O   O   O   O   F   F   O   O   L"),
    "registry:usaha_add":                    E("O   O   O   O   F   F   F   F   F   L"),
    "registry:usaha_edit":                   E("O   O   O   N   F   F   F   F   F   L", "usaha"),
    "registry:usaha_archive":                E("O   O   O   N   F   F   F   F   F   L", "usaha"),
    "registry:usaha_detail":                 E("O   O   O   N   O   F   F   O   N   L", "usaha"),
    # POST-only pages refuse an anonymous POST with 403 rather than a login redirect.
    "registry:usaha_verify":                 E("R   R   R   N   F   F   F   F   F   F", "usaha"),
    "registry:pelaku_nik":                   E("B   B   B   N   F   F   F   F   F   F", "pelaku"),
    # Search by NIK (POST): the roles that handle personal data; the page itself is a form.
    "registry:pelaku_find_nik":              E("O   O   O   O   F   F   F   F   F   L"),
    "registry:pelaku_consent":               E("R   R   R   N   F   F   F   F   F   F", "pelaku"),
    "registry:my_consent":                   E("F   F   F   F   F   F   F   O   O   L"),
    "registry:produk_add":                   E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "usaha"}),
    "registry:laporan_add":                  E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "usaha"}),
    "registry:laporan_edit":                 E("O   O   O   N   F   F   F   F   F   L", "laporan"),
    "registry:legalitas_add":                E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "usaha"}),
    "registry:legalitas_edit":               E("O   O   O   N   F   F   F   F   F   L", "legalitas"),
    "registry:legalitas_archive":            E("O   O   O   N   F   F   F   F   F   L", "legalitas"),
    "registry:pelaku_list":                  E("O   O   O   O   F   F   F   O   O   L"),
    "registry:pelaku_add":                   E("O   O   O   O   F   F   F   F   F   L"),
    "registry:pelaku_edit":                  E("O   O   O   N   F   F   F   F   F   L", "pelaku"),
    "registry:pelaku_archive":               E("O   O   O   N   F   F   F   F   F   L", "pelaku"),
    # A pimpinan sees no person records (no personal data needed for analysis).
    "registry:pelaku_detail":                E("O   O   O   N   F   F   F   O   N   L", "pelaku"),
    "registry:produk_list":                  E("O   O   O   O   O   F   F   O   O   L"),
    "registry:produk_archive":               E("O   O   O   N   F   F   F   F   F   L", "produk"),
    "registry:produk_detail":                E("O   O   O   N   O   F   F   O   N   L", "produk"),
    "registry:produk_edit":                  E("O   O   O   N   F   F   F   F   F   L", "produk"),
    # --- Registry: duplicates, owner self-service, consent and data-subject rights
    "registry:duplicate_list":               E("O   O   O   O   F   F   F   F   F   L"),
    "registry:duplicate_merge":              E("O   O   O   N   F   F   F   F   F   L", {"first": "usaha", "second": "usaha_twin"}),
    "registry:duplicate_dismiss":            E("R   R   R   N   F   F   F   F   F   L", {"first": "usaha", "second": "usaha_twin"}),
    "registry:invite_create":                E("O   O   O   N   F   F   F   F   F   L", "usaha"),
    "registry:invite_sent":                  E("O   O   O   N   F   F   F   F   F   L", "invite"),
    "registry:changerequest_list":           E("O   O   O   O   F   F   F   F   F   L"),
    "registry:changerequest_detail":         E("O   O   O   N   F   F   F   F   F   L", "changerequest"),
    "registry:changerequest_approve":        E("R   R   R   N   F   F   F   F   F   L", "changerequest"),
    "registry:changerequest_reject":         E("O   O   O   N   F   F   F   F   F   L", "changerequest"),
    "registry:changerequest_photo":          E("O   O   O   N   F   F   F   O   N   L", "changerequest"),
    "registry:invite_code":                  E("O   O   O   O   O   O   O   O   O   O"),
    # Without a code typed on /undangan/ first, there is no invitation to show: 404 for all.
    "registry:invite_accept_code":           E("N   N   N   N   N   N   N   N   N   N"),
    # 409: an invitation cannot be redeemed while logged in.
    "registry:invite_accept":                E("C   C   C   C   C   C   C   C   C   O", {"token": "invite_token"}),
    "registry:self_home":                    E("F   F   F   F   F   F   F   O   O   L"),
    "registry:self_usaha":                   E("F   F   F   F   F   F   F   O   N   L", "usaha"),
    "registry:self_profile":                 E("F   F   F   F   F   F   F   O   N   L", "usaha"),
    "registry:self_produk_add":              E("F   F   F   F   F   F   F   O   N   L", "usaha"),
    "registry:self_produk_edit":             E("F   F   F   F   F   F   F   O   N   L", "produk"),
    "registry:self_laporan_add":             E("F   F   F   F   F   F   F   O   N   L", "usaha"),
    "registry:self_laporan_edit":            E("F   F   F   F   F   F   F   O   N   L", "laporan"),
    "registry:self_request":                 E("F   F   F   F   F   F   F   O   N   L", "changerequest"),
    "registry:self_request_withdraw":        E("F   F   F   F   F   F   F   R   N   L", "changerequest"),
    "registry:my_data":                      E("F   F   F   F   F   F   F   O   O   L"),
    "registry:my_data_download":             E("F   F   F   F   F   F   F   R   R   L"),
    "registry:subject_list":                 E("O   O   O   O   F   F   F   F   F   L"),
    "registry:subject_detail":               E("O   O   O   N   F   F   F   F   F   L", "subject_request"),
    "registry:subject_decide":               E("R   R   R   N   F   F   F   F   F   L", "subject_request"),
    # --- Regions and classifications: reference data, open to all
    "regions:desa_options":                  E("O   O   O   O   O   O   O   O   O   O"),
    "regions:region_list":                   E("O   O   O   O   O   O   O   O   O   O"),
    "regions:region_detail":                 E("O   O   O   O   O   O   O   O   O   O", "region"),
    "classifications:kbli_list":             E("O   O   O   O   O   O   O   O   O   O"),
    "classifications:kbli_detail":           E("O   O   O   O   O   O   O   O   O   O", "kbli"),
    "classifications:group_list":            E("O   O   O   O   O   O   O   O   O   O"),
    "classifications:group_add":             E("O   F   F   F   F   F   F   F   F   L"),
    "classifications:group_edit":            E("O   F   F   F   F   F   F   F   F   L", "group"),
    "classifications:group_archive":         E("O   F   F   F   F   F   F   F   F   L", "group"),
    "classifications:group_detail":          E("O   O   O   O   O   O   O   O   O   O", "group"),
    # --- Sentra, kawasan, OVOP, map
    "clusters:sentra_list":                  E("O   O   O   O   O   F   F   F   F   L"),
    "clusters:sentra_add":                   E("O   O   O   O   F   F   F   F   F   L"),
    "clusters:sentra_edit":                  E("O   O   O   N   F   F   F   F   F   L", "sentra"),
    "clusters:sentra_archive":               E("O   O   O   N   F   F   F   F   F   L", "sentra"),
    "clusters:sentra_detail":                E("O   O   O   N   O   F   F   F   F   L", "sentra"),
    "clusters:sentra_members_add":           E("R   R   R   N   F   F   F   F   F   F", "sentra"),
    "clusters:sentra_member_remove":         E("R   R   R   N   F   F   F   F   F   F", {"pk": "sentra", "usaha_pk": "usaha"}),
    "clusters:fasilitas_add":                E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "sentra"}),
    "clusters:fasilitas_edit":               E("O   O   O   N   F   F   F   F   F   L", "fasilitas"),
    "clusters:fasilitas_archive":            E("O   O   O   N   F   F   F   F   F   L", "fasilitas"),
    "clusters:sentrafoto_add":               E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "sentra"}),
    "clusters:usaha_sentra_add":             E("O   O   O   N   F   F   F   F   F   L", "usaha"),
    "clusters:kawasan_list":                 E("O   O   O   O   O   F   F   F   F   L"),
    "clusters:kawasan_add":                  E("O   O   O   O   F   F   F   F   F   L"),
    "clusters:kawasan_edit":                 E("O   O   O   N   F   F   F   F   F   L", "kawasan"),
    "clusters:kawasan_archive":              E("O   O   O   N   F   F   F   F   F   L", "kawasan"),
    "clusters:kawasan_detail":               E("O   O   O   N   O   F   F   F   F   L", "kawasan"),
    "clusters:kawasanfoto_add":              E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "kawasan"}),
    "clusters:ovop_sheet":                   E("O   O   O   O   O   F   F   F   F   L"),
    "clusters:ovop_aspect_list":             E("O   O   O   O   O   F   F   F   F   L"),
    "clusters:ovop_aspect_add":              E("O   F   F   F   F   F   F   F   F   L"),
    "clusters:ovop_aspect_edit":             E("O   F   F   F   F   F   F   F   F   L", "ovop_aspect"),
    "clusters:ovop_aspect_archive":          E("O   F   F   F   F   F   F   F   F   L", "ovop_aspect"),
    "clusters:ovop_add":                     E("O   O   O   N   F   F   F   F   F   L", {"parent_pk": "usaha"}),
    "clusters:ovop_list":                    E("O   O   O   O   O   F   F   F   F   L"),
    "clusters:ovop_archive":                 E("O   O   O   N   F   F   F   F   F   L", "ovop"),
    "clusters:ovop_detail":                  E("O   O   O   N   O   F   F   F   F   L", "ovop"),
    "clusters:ovop_edit":                    E("O   O   O   N   F   F   F   F   F   L", "ovop"),
    "clusters:map":                          E("O   O   O   O   O   F   F   F   F   L"),
    # The map's JSON answers an anonymous caller with 403, not a redirect.
    "clusters:map_usaha":                    E("O   O   O   O   O   F   F   F   F   F"),
    "clusters:map_sentra":                   E("O   O   O   O   O   F   F   F   F   F"),
    "clusters:map_kawasan":                  E("O   O   O   O   O   F   F   F   F   F"),
    # --- Analytics (pimpinan is an analyst: archives runs, tables and featured products)
    "analytics:dashboard":                   E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:dashboard_report":            E("R   R   R   R   R   F   F   F   F   L"),
    "analytics:home":                        E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:indicator_list":              E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:indicator_build":             E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:indicator_import":            E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:indicator_detail":            E("O   O   O   O   O   F   F   F   F   L", "indicator"),
    "analytics:indicator_archive":           E("R   F   F   F   R   F   F   F   F   L", "indicator"),
    "analytics:run_list":                    E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:run_sector":                  E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:run_ahp":                     E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:run_kajian":                  E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:run_compare":                 E("O   O   O   O   O   F   F   F   F   L", query={"a": "run", "b": "run"}),
    "analytics:run_detail":                  E("O   O   O   O   O   F   F   F   F   L", "run"),
    "analytics:run_reproduce":               E("R   R   R   R   R   F   F   F   F   L", "run"),
    "analytics:run_archive":                 E("R   F   F   F   R   F   F   F   F   L", "run"),
    "analytics:run_report":                  E("R   R   R   R   R   F   F   F   F   L", "run"),
    # A refused choice of featured products shows the run again with what was typed (400).
    "analytics:run_feature":                 E("B   F   F   F   B   F   F   F   F   L", "run"),
    "analytics:featured_list":               E("O   O   O   O   O   F   F   F   F   L"),
    "analytics:featured_archive":            E("R   F   F   F   R   F   F   F   F   L", "featured"),
    # A report job is seen by its creator (roles.petugas) and the admin.
    "analytics:report":                      E("O   O   N   N   N   F   F   F   F   L", "report_job"),
    "analytics:report_download":             E("O   O   N   N   N   F   F   F   F   L", "report_job"),
    # --- Import (a run is seen by the admin and the petugas who uploaded it)
    "ingest:upload":                         E("O   O   O   O   F   F   F   F   F   L"),
    "ingest:mapping":                        E("O   O   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:preview":                        E("O   O   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:start":                          E("R   R   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:resume":                         E("R   R   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:result":                         E("R   R   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:progress":                       E("O   O   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:report":                         E("O   O   N   N   F   F   F   F   F   L", "import_run"),
    "ingest:template_delete":                E("R   F   F   F   F   F   F   F   F   L", "mapping_template"),
    # --- Programs, kendala, mitra, asosiasi
    "programs:program_list":                 E("O   O   O   O   O   O   F   F   F   L"),
    "programs:program_add":                  E("O   O   O   O   F   F   F   F   F   L"),
    "programs:program_edit":                 E("O   O   O   O   F   F   F   F   F   L", "program"),
    "programs:program_archive":              E("O   O   O   O   F   F   F   F   F   L", "program"),
    "programs:program_detail":               E("O   O   O   O   O   O   F   F   F   L", "program"),
    "programs:kegiatan_add":                 E("O   O   O   O   F   F   F   F   F   L", {"parent_pk": "program"}),
    "programs:kegiatan_edit":                E("O   O   O   O   F   F   F   F   F   L", "kegiatan"),
    "programs:propose":                      E("O   O   O   O   F   O   F   F   F   L", "program"),
    # The sheet carries owner names and WhatsApp numbers: only roles that handle personal data.
    "programs:participants_export":          E("O   O   O   O   F   F   F   F   F   L", "program"),
    "programs:participants_import":          E("O   O   O   O   F   F   F   F   F   L", "program"),
    # The attendance-import job of roles.petugas: its creator and the admin only.
    "programs:import_status":                E("O   O   N   N   N   N   N   N   N   L", {"pk": "program", "job": "attendance_job"}),
    "programs:participation_status":         E("R   R   R   N   F   F   F   F   F   L", "partisipasi"),
    "programs:participation_outcome":        E("O   O   O   N   F   F   F   F   F   L", "partisipasi"),
    "programs:reach":                        E("O   O   O   O   O   F   F   F   F   L"),
    "programs:never_reached":                E("O   O   O   O   O   F   F   F   F   L"),
    "programs:kendala_summary":              E("O   O   O   O   O   F   F   F   F   L"),
    "programs:kendala_list":                 E("O   O   O   O   O   F   O   O   O   L"),
    "programs:kendala_add":                  E("O   O   O   O   F   F   F   O   O   L"),
    "programs:kendala_edit":                 E("O   O   O   N   F   F   F   F   F   L", "kendala"),
    "programs:kendala_archive":              E("O   O   O   N   F   F   F   F   F   L", "kendala"),
    "programs:kendala_detail":               E("O   O   O   N   O   F   O   O   N   L", "kendala"),
    # A refused routing, answer or link shows the record's page again with the form as typed (an empty
    # POST is refused).
    "programs:kendala_route":                E("O   O   O   N   F   F   F   F   F   L", "kendala"),
    "programs:kendala_respond":              E("O   O   O   N   F   F   O   F   F   L", "kendala"),
    "programs:mitra_list":                   E("O   O   O   O   O   F   O   F   F   L"),
    "programs:mitra_add":                    E("O   O   O   O   F   F   F   F   F   L"),
    "programs:mitra_edit":                   E("O   O   O   O   F   F   F   F   F   L", "mitra"),
    "programs:mitra_archive":                E("O   O   O   O   F   F   F   F   F   L", "mitra"),
    "programs:mitra_detail":                 E("O   O   O   O   O   F   O   F   F   L", "mitra"),
    "programs:mitra_link_user":              E("R   F   F   F   F   F   F   F   F   L", "mitra"),
    "programs:mitra_unlink_user":            E("R   F   F   F   F   F   F   F   F   L", {"pk": "mitra", "link": "mitra_link"}),
    # The pengurus's own screens; the member is the World's business.
    "programs:member_list":                  E("F   F   F   F   F   O   F   F   F   L"),
    "programs:member_invite":                E("F   F   F   F   F   O   F   F   F   L"),
    "programs:member_detail":                E("F   F   F   F   F   O   F   F   F   L", "usaha"),
    "programs:member_propose":               E("F   F   F   F   F   O   F   F   F   L", "usaha"),
    "programs:member_change":                E("F   F   F   F   F   O   F   F   F   L", "usaha"),
    "programs:member_report_add":            E("F   F   F   F   F   O   F   F   F   L", "usaha"),
    "programs:member_report_edit":           E("F   F   F   F   F   O   F   F   F   L", {"pk": "usaha", "laporan": "laporan"}),
    "programs:asosiasi_list":                E("O   O   O   O   O   O   F   F   F   L"),
    "programs:asosiasi_add":                 E("O   O   O   O   F   F   F   F   F   L"),
    "programs:asosiasi_edit":                E("O   O   O   O   F   F   F   F   F   L", "asosiasi"),
    "programs:asosiasi_archive":             E("O   O   O   O   F   F   F   F   F   L", "asosiasi"),
    "programs:asosiasi_detail":              E("O   O   O   O   O   O   F   F   F   L", "asosiasi"),
    # An empty POST names no business to add: 404 for the officers who may add one.
    "programs:asosiasi_add_member":          E("N   N   N   N   F   F   F   F   F   L", "asosiasi"),
    "programs:asosiasi_remove_member":       E("R   R   R   N   F   F   F   F   F   L", {"pk": "asosiasi", "member": "anggota"}),
    "programs:asosiasi_link_user":           E("O   F   F   F   F   F   F   F   F   L", "asosiasi"),
    "programs:asosiasi_unlink_user":         E("R   F   F   F   F   F   F   F   F   L", {"pk": "asosiasi", "link": "pengurus"}),
    "programs:membership_request_decide":    E("R   R   R   N   F   F   F   F   F   L", "permohonan"),
    # --- Market: public site (the same for every role)
    "market:catalog":                        E("O   O   O   O   O   O   O   O   O   O"),
    "market:catalog_export":                 E("O   O   O   O   O   O   O   O   O   O"),
    "market:product":                        E("O   O   O   O   O   O   O   O   O   O", {"slug": "produk_slug", "pk": "produk"}),
    "market:business":                       E("O   O   O   O   O   O   O   O   O   O", {"slug": "usaha_slug", "pk": "usaha"}),
    "market:contact":                        E("O   O   O   O   O   O   O   O   O   O", "usaha"),
    "market:sentra_list":                    E("O   O   O   O   O   O   O   O   O   O"),
    "market:sentra":                         E("O   O   O   O   O   O   O   O   O   O", {"slug": "sentra_slug"}),
    "market:kawasan_list":                   E("O   O   O   O   O   O   O   O   O   O"),
    "market:kawasan":                        E("O   O   O   O   O   O   O   O   O   O", {"slug": "kawasan_slug"}),
    "market:showcase_list":                  E("O   O   O   O   O   O   O   O   O   O"),
    "market:showcase":                       E("O   O   O   O   O   O   O   O   O   O", {"slug": "showcase_slug"}),
    "market:showcase_pdf":                   E("O   O   O   O   O   O   O   O   O   O", {"slug": "showcase_slug"}),
    "market:demand_public_list":             E("O   O   O   O   O   O   O   O   O   O"),
    "market:demand_create":                  E("O   O   O   O   O   O   O   O   O   O"),
    "market:demand_posted":                  E("R   R   R   R   R   R   R   R   R   R"),
    "market:demand_private":                 E("O   O   O   O   O   O   O   O   O   O", {"token": "permintaan_token"}),
    "market:demand_public":                  E("O   O   O   O   O   O   O   O   O   O", {"slug": "permintaan_slug", "pk": "permintaan"}),
    "market:sitemap":                        E("O   O   O   O   O   O   O   O   O   O"),
    "market:sitemap_section":                E("O   O   O   O   O   O   O   O   O   O", {"section": "sitemap_section"}),
    "market:robots":                         E("O   O   O   O   O   O   O   O   O   O"),
    # --- Market: office pages and owners' pages
    "market:demand_list":                    E("O   O   O   O   O   F   F   F   F   L"),
    "market:demand_detail":                  E("O   O   O   O   O   F   F   F   F   L", "permintaan"),
    "market:demand_verify":                  E("R   R   R   R   F   F   F   F   F   L", "permintaan"),
    "market:demand_reject":                  E("R   R   R   R   F   F   F   F   F   L", "permintaan"),
    "market:demand_forward":                 E("R   R   R   R   F   F   F   F   F   L", "permintaan"),
    # An empty outcome is a valid "no deal"; the World's demand is not verified, so it is refused with a
    # message (R). A refused form would show the demand again with what was typed (400).
    "market:demand_outcome":                 E("R   R   R   R   F   F   F   F   F   L", "permintaan"),
    "market:readiness":                      E("O   O   O   O   O   F   F   F   F   L"),
    "market:inbox":                          E("O   O   O   O   F   F   F   F   F   L"),
    "market:message_read":                   E("R   R   R   N   F   F   F   R   N   L", "message"),
    "market:showcase_list_manage":           E("O   O   O   O   F   F   F   F   F   L"),
    "market:showcase_add":                   E("O   O   O   O   F   F   F   F   F   L"),
    "market:showcase_manage":                E("O   O   O   O   F   F   F   F   F   L", "showcase"),
    "market:owner_demands":                  E("F   F   F   F   F   F   F   O   O   L"),
    "market:owner_demand":                   E("F   F   F   F   F   F   F   O   N   L", "penerusan"),
    "market:owner_inbox":                    E("F   F   F   F   F   F   F   O   O   L"),
    # --- Core
    "core:home":                             E("O   O   O   O   O   O   O   R   R   L"),
    "core:job":                              E("O   O   N   N   N   N   N   N   N   L", "job"),
    "core:privacy":                          E("O   O   O   O   O   O   O   O   O   O"),
    "core:audit_list":                       E("O   F   F   F   F   F   F   F   F   L"),
    # --- Uploaded files, served by Django only with DEBUG on (the `make run` demo): public folders only.
    # An imported spreadsheet (impor/…, full of NIKs) does not exist for anyone; simpul/core/tests/
    # test_media.py shows a catalog photo is served.
    "media":                                 E("N   N   N   N   N   N   N   N   N   N", {"path": "import_file"}),
}
# fmt: on


# ---------------------------------------------------------------------------
# Walking the resolver
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """A URL pattern reached from the root resolver."""

    #: "namespace:name", or the route for an unnamed pattern.
    key: str
    route: str
    params: tuple[str, ...]

    @property
    def is_format_suffix(self) -> bool:
        """A route DRF's router adds for `.json`/`.api`: same name as the plain route, plus `format`."""
        return "format" in self.params


def entry_for(pattern: Pattern) -> Entry | None:
    """The MATRIX line of a pattern: a format-suffix route follows its plain route unless it has its own."""
    if pattern.is_format_suffix:
        return MATRIX.get(pattern.key + FORMAT_SUFFIX) or MATRIX.get(pattern.key)
    return MATRIX.get(pattern.key)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            route = prefix + str(item.pattern)
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name
            yield Pattern(name or route, route, tuple(item.pattern.regex.groupindex))


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver()))


# ---------------------------------------------------------------------------
# The world: one object of each kind
# ---------------------------------------------------------------------------

DESA = "35.23.01.2001"  # Jlodro, Kenduruan: the kecamatan of roles.petugas_kec
DESA_OTHER = "35.23.16.1003"  # Tuban: the kecamatan of roles.petugas_other


class World:
    """One record of each kind, in 35.23.01, owned by roles.pelaku; attributes are URL values."""

    def __init__(self, roles, tmp_path: Path) -> None:
        self._build_registry(roles)
        self._build_subject_rights(roles)
        self._build_clusters(roles)
        self._build_programs(roles)
        self._build_analytics(roles)
        self._build_market(roles)
        self._build_ingest(roles, tmp_path)
        self._build_core(roles)

    # Each builder sets attributes named after what the matrix asks for.

    def _build_registry(self, roles) -> None:
        from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha
        from simpul.registry.models_consent import Purpose, set_consent
        from simpul.registry.models_selfservice import ChangeRequest
        from simpul.registry.selfservice import issue_invite

        owner = Pelaku.objects.create(
            name="Siti Aminah",
            nik="3523014508900001",
            gender="P",
            phone="+6281234567001",
            account=roles.pelaku,
        )
        other_owner = Pelaku.objects.create(name="Bambang", gender="L", account=roles.pelaku_other)
        invitee = Pelaku.objects.create(name="Darto", gender="L", phone="+6281355550003")
        # Consent before the business exists, so the catalog publishes it at once.
        set_consent(owner, Purpose.CATALOG, True, channel="uji")
        usaha = Usaha.objects.create(
            name="Keripik Sari Rasa",
            desa_id=DESA,
            kbli_id="10",
            nib="1234567890123",
            whatsapp="+6281211110001",
        )
        twin = Usaha.objects.create(name="Keripik Sari Rasa", desa_id=DESA, kbli_id="10")
        other = Usaha.objects.create(name="Gerabah Tanah Liat", desa_id=DESA_OTHER, kbli_id="23")
        Kepemilikan.objects.create(usaha=usaha, pelaku=owner)
        Kepemilikan.objects.create(usaha=usaha, pelaku=invitee)
        Kepemilikan.objects.create(usaha=twin, pelaku=owner)
        Kepemilikan.objects.create(usaha=other, pelaku=other_owner)
        produk = Produk.objects.create(
            usaha=usaha,
            name="Keripik singkong balado",
            unit="kg",
            price_min=Decimal(30_000),
            price_max=Decimal(45_000),
            in_catalog=True,
            kbli_id="10",
        )
        laporan = LaporanTahunan.objects.create(
            usaha=usaha,
            year=2025,
            workforce_male=2,
            workforce_female=3,
            production_value=Decimal(150_000_000),
        )
        legalitas = Legalitas.objects.create(usaha=usaha, kind="pirt", number="PIRT-0001")
        change = ChangeRequest.objects.create(
            usaha=usaha,
            target="usaha",
            changes={"name": "Keripik Sari Rasa Baru"},
            submitted_by=roles.pelaku,
            photo=_png("usulan.png"),
        )
        issued = issue_invite(
            usaha=usaha, pelaku=invitee, channel="whatsapp", sent_to="+6281355550003", officer=roles.petugas
        )
        self.usaha, self.usaha_twin, self.usaha_other = usaha.pk, twin.pk, other.pk
        self.pelaku, self.produk, self.laporan, self.legalitas = owner.pk, produk.pk, laporan.pk, legalitas.pk
        self.produk_slug = slugify(produk.name)
        self.usaha_slug = slugify(usaha.name)
        self.changerequest, self.invite, self.invite_token = change.pk, issued.invite.pk, issued.token
        self.user = roles.pelaku.pk
        self._owner = owner
        self._usaha, self._twin, self._produk = usaha, twin, produk

    def _build_subject_rights(self, roles) -> None:
        from simpul.registry.models_subject import SubjectRequest

        request = SubjectRequest.objects.create(
            pelaku=self._owner, kind="correction", text="Nama saya salah eja.", submitted_by=roles.pelaku
        )
        self.subject_request = request.pk

    def _build_clusters(self, roles) -> None:
        from simpul.clusters.models import (
            FasilitasSentra,
            Kawasan,
            Keanggotaan,
            OvopAspect,
            OvopAssessment,
            Sentra,
        )

        OvopAspect.ensure_defaults()
        sentra = Sentra.objects.create(
            name="Sentra Keripik Jlodro", desa_id=DESA, kbli_id="10", is_public=True
        )
        Keanggotaan.objects.create(sentra=sentra, usaha=self._usaha)
        fasilitas = FasilitasSentra.objects.create(sentra=sentra, kind="mesin", name="Mesin pengiris")
        kawasan = Kawasan.objects.create(name="Kawasan Pangan Kenduruan", theme="pangan", is_public=True)
        kawasan.desa.set([DESA])
        ovop = OvopAssessment.objects.create(
            usaha=self._usaha,
            produk=self._produk,
            year=2025,
            rater_level="kabkota",
            rater_name="Tim",
            rater_agency="Dinas",
            is_public=True,
        )
        self.sentra, self.sentra_slug, self.fasilitas = sentra.pk, sentra.slug, fasilitas.pk
        self.kawasan, self.kawasan_slug = kawasan.pk, kawasan.slug
        self.ovop, self.ovop_aspect = ovop.pk, OvopAspect.objects.order_by("pk").first().pk

    def _build_programs(self, roles) -> None:
        from simpul.core.models import Job
        from simpul.programs import imports
        from simpul.programs.models import (
            AnggotaAsosiasi,
            Asosiasi,
            Kegiatan,
            Kendala,
            Mitra,
            MitraUser,
            Partisipasi,
            PengurusAsosiasi,
            PermohonanAnggota,
            Program,
        )

        program = Program.objects.create(
            name="Fasilitasi Halal",
            kind="sertifikasi",
            certificate_kind="halal",
            year=2025,
            status="berjalan",
        )
        kegiatan = Kegiatan.objects.create(program=program, name="Pendampingan halal angkatan 1")
        partisipasi = Partisipasi.objects.create(program=program, kegiatan=kegiatan, usaha=self._usaha)
        bank = Mitra.objects.create(name="Bank Uji", kind=Mitra.Kind.BANK)
        mitra_link = MitraUser.objects.create(mitra=bank, user=roles.mitra)
        kendala = Kendala.objects.create(
            usaha=self._usaha, kind=Kendala.Kind.PERMODALAN, description="Butuh modal kerja.", mitra=bank
        )
        asosiasi = Asosiasi.objects.create(name="Asosiasi IKM Uji")
        pengurus = PengurusAsosiasi.objects.create(asosiasi=asosiasi, user=roles.asosiasi, position="Ketua")
        anggota = AnggotaAsosiasi.objects.create(asosiasi=asosiasi, usaha=self._usaha)
        permohonan = PermohonanAnggota.objects.create(
            asosiasi=asosiasi, usaha=self._twin, requested_by=roles.asosiasi
        )
        job = Job.objects.create(kind=imports.JOB_KIND, label="Daftar hadir", created_by=roles.petugas)
        self.program, self.kegiatan, self.partisipasi = program.pk, kegiatan.pk, partisipasi.pk
        self.mitra, self.mitra_link, self.kendala = bank.pk, mitra_link.pk, kendala.pk
        self.asosiasi, self.pengurus, self.anggota = asosiasi.pk, pengurus.pk, anggota.pk
        self.permohonan, self.attendance_job = permohonan.pk, job.pk

    def _build_analytics(self, roles) -> None:
        from simpul.analytics import reports, runs
        from simpul.analytics.models import FeaturedProduct, IndicatorTable
        from simpul.core.models import Job

        table = IndicatorTable.objects.create(
            name="PDRB", source="impor", measure="pdrb", unit="Rp", sector_kind="label", region_level=2
        )
        params = {
            "methods": ["mpe"],
            "weighting": "langsung",
            "scoring": "mpe",
            "criteria": ["pasar", "harga"],
        }
        inputs = {
            "criteria": ["pasar", "harga"],
            "scores": {"Batik": {"pasar": "5", "harga": "3"}, "Gerabah": {"pasar": "2", "harga": "4"}},
            "weights": {"pasar": "2", "harga": "1"},
        }
        run = runs.save_run(
            "kajian", "Kajian PUD", params, inputs, runs.compute("kajian", params, inputs), roles.pimpinan
        )
        featured = FeaturedProduct.objects.create(name="Keripik", year=2025)
        # A finished report of the petugas, so its download is there to be refused or given.
        job = Job.objects.create(
            kind=reports.JOB_KIND,
            label="Laporan dasbor",
            created_by=roles.petugas,
            status=Job.Status.DONE,
            result={"filename": "laporan.xlsx"},
        )
        job.output.save("laporan.xlsx", ContentFile(b"PK\x03\x04 laporan"))
        self.indicator, self.run, self.featured, self.report_job = table.pk, run.pk, featured.pk, job.pk

    def _build_market(self, roles) -> None:
        from simpul.market import demand
        from simpul.market.models import Permintaan, PesanKatalog, Showcase, ShowcaseItem

        item = Permintaan.objects.create(
            product="Keripik singkong",
            quantity=Decimal(100),
            unit="kg",
            delivery_place="Hotel",
            buyer_kind="hotel",
            buyer_organisation="Hotel Pantai",
            buyer_name="Bu Ani",
            buyer_phone="+6281277770002",
        )
        token = "matrix-" + uuid.uuid4().hex
        item.token_hash = demand.token_hash(token)
        item.save()
        demand.verify(item, roles.petugas)
        [forward] = demand.forward(item, [self.usaha], roles.petugas)
        offer = demand.submit_offer(
            forward,
            roles.pelaku,
            {"produk": self._produk, "price_per_unit": Decimal(1), "quantity": Decimal(1)},
        )
        message = PesanKatalog.objects.create(usaha=self._usaha, sender_name="Pembeli", body="Halo")
        showcase = Showcase.objects.create(name="Pameran Inacraft", is_public=True)
        ShowcaseItem.objects.create(showcase=showcase, produk=self._produk)
        item.refresh_from_db()
        self.permintaan, self.permintaan_slug, self.permintaan_token = item.pk, item.slug, token
        self.penerusan, self.penawaran, self.message = forward.pk, offer.pk, message.pk
        self.showcase, self.showcase_slug = showcase.pk, showcase.slug
        self.sitemap_section = "produk"

    def _build_ingest(self, roles, tmp_path: Path) -> None:
        from simpul.ingest.models import ImportJob, MappingTemplate
        from simpul.ingest.tests.fixtures import ikm_files

        client = Client()
        client.force_login(roles.petugas)
        with ikm_files.titled_xlsx(tmp_path).open("rb") as handle:
            client.post(reverse("ingest:upload"), {"file": handle, "kind": "usaha"})
        run = ImportJob.objects.get()
        self.import_run, self.import_file = run.pk, run.file.name
        self.mapping_template = MappingTemplate.objects.create(name="Dinas 2024", mapping={}).pk

    def _build_core(self, roles) -> None:
        from simpul.core.models import Job

        self.job = Job.objects.create(kind="uji", label="Pekerjaan uji", created_by=roles.petugas).pk
        # Values for parameters that are not ids.
        self.region = "35.23.01"
        self.kbli = "10"
        self.group = _first_group()
        self.uidb64, self.reset_token = "MQ", "bukan-token"


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _first_group() -> int:
    from simpul.classifications.models import CommodityGroup

    return CommodityGroup.objects.order_by("pk").values_list("pk", flat=True).first()


@pytest.fixture
def world(roles, tmp_path) -> World:
    return World(roles, tmp_path)


# ---------------------------------------------------------------------------
# Requesting a pattern
# ---------------------------------------------------------------------------


def url_for(pattern: Pattern, entry: Entry, world: World) -> str:
    """The URL of a pattern with the World's values for its parameters."""
    if isinstance(entry.args, dict):
        kwargs = {name: getattr(world, attr) for name, attr in entry.args.items()}
    elif isinstance(entry.args, str):
        kwargs = {"pk": getattr(world, entry.args)}
    else:
        kwargs = {}
    if pattern.is_format_suffix:
        kwargs["format"] = "json"
    missing = set(pattern.params) - set(kwargs)
    if missing:
        raise AssertionError(f"{pattern.key}: its MATRIX line gives no value for {sorted(missing)}")
    if pattern.key == pattern.route:
        raise AssertionError(f"{pattern.route}: name this URL pattern, so the matrix can speak of it")
    # A format-suffix route shares its name with the plain one; reverse() picks it by its kwargs.
    url = reverse(pattern.key, kwargs={k: v for k, v in kwargs.items() if k in pattern.params})
    if entry.query:
        url += "?" + urlencode({name: getattr(world, attr) for name, attr in entry.query.items()})
    return url


def outcome(response, anonymous: bool, api: bool) -> str:
    """The outcome letter of a response (see OUTCOMES)."""
    code = response.status_code
    if 300 <= code < 400:
        return "L" if response["Location"].startswith(LOGIN_PATH) else "R"
    if anonymous and api and code in (401, 403):
        return "L"
    if 200 <= code < 300:
        return "O"
    return {400: "B", 403: "F", 404: "N", 409: "C"}.get(code, "E" if code >= 500 else str(code))


def _finished(response):
    """Read a streamed body to its end, as a WSGI server would, so the test client closes it.

    (Closing a response by hand would fire request_finished with Django's
    connection clean-up attached, and close the test database connection.)
    """
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def request(client: Client, url: str) -> tuple[str, Any]:
    """GET the URL; when it only accepts POST, POST it with empty data. Returns (method, response)."""
    response = _finished(client.get(url))
    if response.status_code == 405:
        return "POST", _finished(client.post(url, {}))
    return "GET", response


def observe(client: Client, url: str, session: str | None) -> tuple[str, str]:
    """Request the URL as the client's role and return (what was done, outcome letter).

    Each request starts from the same state: the role's session and nothing
    else (a logout or a language switch does not carry over), empty
    rate-limit counters, and a savepoint, rolled back afterwards, so an
    empty POST that archives or changes a record does not change what the
    next URL sees.
    """
    client.cookies = SimpleCookie({settings.SESSION_COOKIE_NAME: session} if session else {})
    cache.clear()
    try:
        with transaction.atomic():
            method, response = request(client, url)
            transaction.set_rollback(True)
    except Exception as exc:  # a server error: compared like any outcome, so it is never hidden
        return f"GET/POST {url} raised {type(exc).__name__}: {str(exc)[:200]}", "E"
    return f"{method} {url} → {response.status_code}", outcome(
        response, session is None, url.startswith("/api/")
    )


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_every_url_pattern_has_a_matrix_entry() -> None:
    patterns = all_patterns()
    missing = sorted({p.route: p.key for p in patterns if entry_for(p) is None}.items())
    assert not missing, (
        "These URL patterns have no line in MATRIX (simpul/core/tests/test_url_matrix.py). Add one per "
        "URL saying what each role gets, so access to a new URL is decided, not assumed:\n  "
        + "\n  ".join(f"{key}  ({route})" for route, key in missing)
    )


def test_the_matrix_names_only_existing_urls() -> None:
    patterns = all_patterns()
    keys = {p.key for p in patterns} | {p.key + FORMAT_SUFFIX for p in patterns if p.is_format_suffix}
    stale = sorted(k for k in MATRIX if k not in keys | {DEBUG_MEDIA_ROUTE})
    assert not stale, f"MATRIX has lines for URLs that no longer exist; remove them: {stale}"


def test_every_matrix_line_has_one_known_outcome_per_role() -> None:
    for key, entry in MATRIX.items():
        cells = entry.expected.split()
        assert len(cells) == len(ROLES), f"{key}: {len(cells)} outcomes for {len(ROLES)} roles"
        assert set(cells) <= set(OUTCOMES), f"{key}: unknown outcome in {entry.expected!r}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_declared_outcome_on_every_url(role: str, roles, world: World) -> None:
    client = Client()
    session = None
    if role != "anonymous":
        client.force_login(getattr(roles, role))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
    wrong: list[str] = []
    for pattern in all_patterns():
        entry = entry_for(pattern)
        if entry is None:
            wrong.append(f"{pattern.key}: no MATRIX line (see test_every_url_pattern_has_a_matrix_entry)")
            continue
        done, got = observe(client, url_for(pattern, entry, world), session)
        expected = entry.outcome_for(role)
        if got != expected:
            wrong.append(f"{pattern.key}: {done} is {got}, MATRIX says {expected} ({OUTCOMES[expected]})")
    assert not wrong, f"{len(wrong)} URL(s) differ from MATRIX for {role}:\n  " + "\n  ".join(wrong)
