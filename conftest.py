"""Shared test fixtures: reference data loaded once, a user per role, the browser.

The browser is Debian's Chromium (/usr/bin/chromium) driven by Playwright;
no browser is ever downloaded.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: The regions the tests need: the demo kabupaten, and Kutai Kartanegara and
#: Samarinda for the messy-address examples of the import.
TEST_REGIONS = ("35.23", "64.02", "64.72")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config) -> None:
    """The SQLite test database is a file under var/ (a worker process shares it); make sure var/ exists."""
    from django.conf import settings

    os.makedirs(settings.VAR_DIR, exist_ok=True)


def load_reference_data() -> None:
    from simpul.classifications.loader import load_shipped
    from simpul.regions.loader import load_regions

    load_regions(within=TEST_REGIONS)
    load_shipped()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _media_and_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIMPUL_HOME_REGION = "35.23"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Roles:
    """One user per role, plus a petugas limited to one kecamatan (Kenduruan, 35.23.01)."""

    KECAMATAN = "35.23.01"
    OTHER_KECAMATAN = "35.23.16"

    def __init__(self) -> None:
        from simpul.accounts.models import User
        from simpul.core.roles import Role

        def make(username: str, role: str) -> User:
            return User.objects.create_user(username=username, password="uji-sandi-2026", role=role)

        self.admin = make("t.admin", Role.ADMIN)
        self.petugas = make("t.petugas", Role.PETUGAS)
        self.petugas_kec = make("t.petugas.kec", Role.PETUGAS)
        self.petugas_kec.kecamatan.set([self.KECAMATAN])
        self.petugas_other = make("t.petugas.lain", Role.PETUGAS)
        self.petugas_other.kecamatan.set([self.OTHER_KECAMATAN])
        self.pimpinan = make("t.pimpinan", Role.PIMPINAN)
        self.asosiasi = make("t.asosiasi", Role.ASOSIASI)
        self.mitra = make("t.mitra", Role.MITRA)
        self.pelaku = make("t.pelaku", Role.PELAKU)
        self.pelaku_other = make("t.pelaku.lain", Role.PELAKU)


@pytest.fixture
def roles(db) -> Roles:
    return Roles()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium belum terpasang: jalankan `make browser-deps` (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture
def reference_data(transactional_db):
    """Regions and KBLI for a transactional test: the flush after an earlier one removed them.

    List it before `roles` in the test's arguments so it runs first.
    """
    load_reference_data()


@pytest.fixture
def live_data(transactional_db):
    """Reference data and demo accounts for a browser test (the live server's DB is flushed after each)."""
    from simpul.accounts.demo import create_demo_accounts

    load_reference_data()
    create_demo_accounts("35.23.01")
    yield


@pytest.fixture(autouse=True)
def _short_browser_timeout(request):
    """Fail a browser step after 10 s instead of Playwright's 30 s."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)
