"""Every form of the project, fed hostile input: no server error, a message, nothing the user typed lost.

The form pages are found, not listed: every named, non-API URL of the
resolver is requested (GET) as the first role to which the access matrix of
test_url_matrix.py gives "O", with that module's `World` filling its
parameters; each Django form in the page's context ("form" first) that a
`<form method="post">` of its HTML submits is fuzzed. The submission goes
where that HTML form sends it (a detail page's forms often post to another
URL), with the hidden inputs a browser would send, and Hypothesis fills
every field with something between valid and hostile: empty, control
characters, right-to-left marks, emoji, 5,000-character strings,
SQL/HTML/formula payloads, numbers written every way, impossible dates,
ids that name nothing, several values for one field, and a file that is
not what its name says.

For each submission:

* the app answers, never raises, never 5xx;
* accepted (a redirect, or a page without the form's errors) is fine: each
  submission runs in a savepoint that is rolled back;
* refused is a 200 or 400 that re-renders the form, bound to the input, with
  every text the user typed back in its field ("bad input loses nothing";
  passwords, files and choices outside the list are the exceptions a
  browser would make too); a refusal by a warning message and a redirect
  loses the typing, and fails unless listed in KNOWN_LOSSES (`# BUG:`);
* every error message, in the form or queued as a warning, is a non-empty
  sentence in Indonesian: neither an English msgid of Django's catalogs (as
  when a message is built before a language is active) nor English words,
  nor a Python exception's text.

The World is built once per module (one rolled-back transaction around all
of this file's tests), because building it for each of ~190 candidate
pages would cost minutes; each GET and each example runs in its own
savepoint inside it. Examples are derandomised, so a run passes or fails
the same way every time. A longer hunt: SIMPUL_FORM_FUZZ_EXAMPLES=100
SIMPUL_FORM_FUZZ_RANDOM=1 pytest simpul/core/tests/test_form_fuzz.py.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.conf import settings as django_settings
from django.contrib import messages as message_levels
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.widgets import Input
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override, trans_real
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from simpul.core.tests.test_url_matrix import (
    ROLES,
    World,
    _finished,
    all_patterns,
    entry_for,
    url_for,
)

# Marked so that pytest-django creates the test database; each test's own transaction nests inside the
# module's (see `stage`).
pytestmark = pytest.mark.django_db

#: Submissions per form page; enough to reach each field's validators, small enough for `make test`.
EXAMPLES_PER_PAGE = int(os.environ.get("SIMPUL_FORM_FUZZ_EXAMPLES", "15"))
#: Fixed inputs by default, so the suite passes or fails the same way on every run.
DETERMINISTIC = os.environ.get("SIMPUL_FORM_FUZZ_RANDOM", "") != "1"

# ---------------------------------------------------------------------------
# The candidate pages: known at collection time, before any database exists
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: str
    role: str


def candidates() -> list[Candidate]:
    """Each named page (not the API: its router names have no namespace) and the first role it serves."""
    found = []
    for pattern in all_patterns():
        entry = entry_for(pattern)
        if entry is None or ":" not in pattern.key or pattern.is_format_suffix:
            continue
        role = next((r for r in ROLES if entry.outcome_for(r) == "O"), None)
        if role is not None:
            found.append(Candidate(pattern.key, role))
    return found


CANDIDATES = candidates()

# ---------------------------------------------------------------------------
# The stage: roles, World and a logged-in session per role, once per module
# ---------------------------------------------------------------------------


@dataclass
class Stage:
    world: World
    media_root: Path
    sessions: dict[str, str | None]
    patterns: dict[str, Any]


@pytest.fixture(scope="module")
def stage(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Stage]:
    from conftest import Roles

    media_root = tmp_path_factory.mktemp("form-fuzz-media")
    # The settings the root conftest gives every test, here for the module-wide World too.
    module_settings = override_settings(
        MEDIA_ROOT=media_root,
        SIMPUL_HOME_REGION="35.23",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), module_settings, transaction.atomic():
        roles = Roles()
        world = World(roles, tmp_path_factory.mktemp("form-fuzz-world"))
        sessions: dict[str, str | None] = {"anonymous": None}
        for role in ROLES[:-1]:
            client = Client()
            client.force_login(getattr(roles, role))
            sessions[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        patterns = {p.key: p for p in all_patterns()}
        yield Stage(world, media_root, sessions, patterns)
        transaction.set_rollback(True)


def client_as(stage: Stage, role: str) -> Client:
    """A client with the role's session and nothing else (no language cookie from an earlier example)."""
    client = Client()
    session = stage.sessions[role]
    client.cookies = SimpleCookie({django_settings.SESSION_COOKIE_NAME: session} if session else {})
    return client


# ---------------------------------------------------------------------------
# Reading the page: the form in the context and the HTML form that posts it
# ---------------------------------------------------------------------------


@dataclass
class HtmlForm:
    action: str
    method: str
    names: set[str] = field(default_factory=set)
    #: Inputs a browser sends as they are: hidden fields (e.g. `_versi`, the edit-conflict guard).
    hidden: dict[str, str] = field(default_factory=dict)
    #: Named submit buttons: a browser sends the one that was pressed.
    buttons: list[tuple[str, str]] = field(default_factory=list)


class FormsInHtml(HTMLParser):
    """The <form> elements of a page with the names of the controls inside each."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[HtmlForm] = []
        self._open: HtmlForm | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = HtmlForm(values.get("action", ""), values.get("method", "get").lower())
            self.forms.append(self._open)
            return
        name = values.get("name")
        if self._open is None or not name or tag not in ("input", "select", "textarea", "button"):
            return
        self._open.names.add(name)
        kind = values.get("type", "submit" if tag == "button" else "text").lower()
        if tag == "input" and kind == "hidden" and name != "csrfmiddlewaretoken":
            self._open.hidden[name] = values.get("value", "")
        elif kind == "submit":
            self._open.buttons.append((name, values.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def posting_form(html: str, form: forms.BaseForm) -> HtmlForm | None:
    """The POST form of the page holding most of the Django form's fields."""
    wanted = {form.add_prefix(name) for name in form.fields}
    parser = FormsInHtml()
    parser.feed(html)
    scored = [(len(f.names & wanted), f) for f in parser.forms if f.method == "post"]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


@dataclass
class FormPage:
    key: str
    role: str
    page_url: str
    post_url: str
    form: forms.BaseForm
    html_form: HtmlForm


def forms_in(response) -> list[forms.BaseForm]:
    """Every Django form the templates of a response received, each once ("form" first)."""
    found: dict[int, forms.BaseForm] = {}
    for context in response.context or ():
        # A Context of a Django template, or a plain dict (ContextDict) pushed by one of its tags.
        for value in (context.flatten() if hasattr(context, "flatten") else context).values():
            if isinstance(value, forms.BaseForm):
                found.setdefault(id(value), value)
    first = response.context.get("form") if response.context else None
    return sorted(found.values(), key=lambda form: form is not first)


def open_page(stage: Stage, candidate: Candidate) -> list[FormPage]:
    """GET the page as its role; each of its forms that a <form method="post"> submits."""
    pattern = stage.patterns[candidate.key]
    url = url_for(pattern, entry_for(pattern), stage.world)
    cache.clear()
    with transaction.atomic():
        response = _finished(client_as(stage, candidate.role).get(url))
        found = forms_in(response) if response.status_code == 200 else []
        html = response.content.decode() if found else ""
        transaction.set_rollback(True)
    pages = []
    for form in found:
        html_form = posting_form(html, form)
        if html_form is None:  # a search form (GET), or one the page does not show
            continue
        post_url = urlsplit(urljoin(url, html_form.action or url))
        target = post_url.path + (f"?{post_url.query}" if post_url.query else "")
        pages.append(FormPage(candidate.key, candidate.role, url, target, form, html_form))
    return pages


# ---------------------------------------------------------------------------
# Hostile values
# ---------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    "1; DROP TABLE registry_usaha;--",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://contoh.invalid","klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "{{ 7*7 }}{% debug %}",
    "%(name)s %s %d",
    "../../etc/passwd",
    "\u202egnp.exe",
    "\u200f\u200e\u200b\ufeff",
    "😀" * 20,
    "\x00",
    "\r\n\r\n",
    " ",
    "null",
    "None",
    "[]",
    "{}",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    str(10**40),
    f"-{10**40}",
    "1,5",
    "1.5",
    "1.000.000",
    "1,000,000",
    "1e309",
    "NaN",
    "Infinity",
    "-inf",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits: int() reads them, a database may not
    "²",
    "Rp 1.000",
    "12abc",
    "9" * 100,
]
DATES = [
    "31/02/2025",
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1/1/1",
    "29-02-2023",
    "2025/1/1",
    "kemarin",
    "1900-01-01 25:61",
    "-2025-01-01",
]
IDS = ["999999999", "-1", "abc", "99999999999999999999", "1 OR 1=1", "35.23.99.9999", "00", "1.0"]
ODD_CHARACTERS = "\x00\x01\x07\x1b\x7f\u0085\u202e\u200f\u200b\ufeff😀<>&'\"\\%{}\r\n\t"
#: Files that are not what their name says, and worse names.
FILES = [
    ("foto.jpg", b"ini bukan gambar"),
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 24),
    ("gambar.gif", b""),
    ("../../etc/passwd.jpg", b"<?php echo 1; ?>"),
    ("data.xlsx", b"PK\x03\x04 bukan zip"),
    ("data.csv", "nama;nik\n=cmd|' /C calc'!A0;١٢٣\n".encode()),
]


def long_text(size: int) -> str:
    return ("Ab<é\u202e😀 '\"" * (size // 8 + 1))[:size]


HOSTILE_TEXT = st.one_of(
    st.sampled_from(PAYLOADS + NUMBERS + DATES + IDS),
    st.text(max_size=40),
    st.text(alphabet=ODD_CHARACTERS, min_size=1, max_size=30),
    st.integers(1_000, 5_000).map(long_text),
    st.tuples(st.sampled_from(PAYLOADS), st.text(max_size=10)).map("".join),
)


def valid_values(form: forms.BaseForm, name: str, limit: int = 12) -> list[str]:
    """Values the page itself offers for a field: its initial value and some of its choices."""
    found: list[str] = []
    initial = form[name].value()
    for value in initial if isinstance(initial, list | tuple) else [initial]:
        if value not in (None, ""):
            found.append(str(value))
    for value, label in itertools.islice(getattr(form.fields[name], "choices", ()), limit):
        group = label if isinstance(label, list | tuple) else [(value, label)]
        for inner, _label in group:
            inner = getattr(inner, "value", inner)  # ModelChoiceIteratorValue
            if inner not in (None, ""):
                found.append(str(inner))
    return found


def field_values(form: forms.BaseForm, name: str) -> st.SearchStrategy:
    """What one field may receive: nothing, a valid value or a hostile one; a list, or a file."""
    bound_field = form.fields[name]
    if isinstance(bound_field, forms.FileField):
        return st.one_of(st.none(), st.sampled_from(FILES))
    offered = valid_values(form, name)
    one = st.one_of(
        st.just(""),
        *([st.sampled_from(offered)] if offered else []),
        HOSTILE_TEXT,
    )
    if isinstance(bound_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.one_of(st.none(), st.lists(one, max_size=4))
    return st.one_of(st.none(), one, st.lists(one, min_size=2, max_size=3))


def submissions(page: FormPage) -> st.SearchStrategy:
    """A whole POST: every field of the form, the page's hidden inputs, perhaps one of its buttons."""
    fields = {page.form.add_prefix(name): field_values(page.form, name) for name in page.form.fields}
    button = st.sampled_from([None, *page.html_form.buttons])
    return st.tuples(st.fixed_dictionaries(fields), button)


def shortened(data: dict[str, Any]) -> dict[str, Any]:
    """The submission as a failure message shows it: long texts cut, files by name."""
    return {
        key: value.name if isinstance(value, SimpleUploadedFile) else repr(value)[:60]
        for key, value in data.items()
    }


def post_data(page: FormPage, values: dict[str, Any], button: tuple[str, str] | None) -> dict[str, Any]:
    data: dict[str, Any] = dict(page.html_form.hidden)
    for key, value in values.items():
        if value is None:
            data.pop(key, None)  # left out, like an unticked box
        elif isinstance(value, tuple):
            data[key] = SimpleUploadedFile(value[0], value[1])
        else:
            data[key] = value
    if button is not None:
        data[button[0]] = button[1]
    return data


# ---------------------------------------------------------------------------
# Judging the answer
# ---------------------------------------------------------------------------

#: Widgets whose value is written back into the page as typed.
TYPED_WIDGETS = (Input, forms.Textarea)
#: ... except these: a browser does not get them back either.
UNTYPED_WIDGETS = (forms.PasswordInput, forms.HiddenInput, forms.FileInput, forms.CheckboxInput)

#: Words of Django's English messages that an Indonesian one does not contain.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the this that is are was be must should enter ensure please select required has have with "
        "of an and or for to at least most than characters does only allowed exist exists invalid "
        "number choice date time upload image submitted greater less equal whole",
    )
)
INDONESIAN_WORDS = frozenset(
    re.findall(
        r"\w+",
        "yang tidak ini itu dan atau harus isi diisi pilih pilihan berkas nilai dengan untuk dari wajib "
        "ada bukan sudah belum lebih kurang karakter angka tanggal gambar kolom masukkan pastikan boleh "
        "hanya sama di ke pada dalam satu salah terlalu format",
    )
)
PYTHON_LEAKS = re.compile(
    r"Traceback|invalid literal|object has no attribute|NoneType|Error\(|Exception|"
    r"unsupported operand|could not convert|out of range for|\bat 0x[0-9a-f]+"
)


def english_msgids() -> re.Pattern[str]:
    """A pattern matching any English message that Django's Indonesian catalog translates."""
    catalog = trans_real.translation("id")._catalog
    pieces = []
    for key, translated in catalog.items():
        if isinstance(key, tuple):  # a plural form: (msgid, index)
            key = key[0]
        if key == translated or len(key.split()) < 3:
            continue
        pattern = re.escape(key)
        pattern = re.sub(r"%\\\(\w+\\\)[sdif]|%[sdif]", ".+?", pattern)
        pieces.append(pattern)
    return re.compile("|".join(f"(?:{p})" for p in sorted(set(pieces))))


ENGLISH_MSGIDS = english_msgids()


def message_problems(message: str) -> list[str]:
    text = message.strip()
    if not text or not re.search(r"[^\W\d_]", text):
        return [f"empty error message {message!r}"]
    problems = []
    if PYTHON_LEAKS.search(text):
        problems.append(f"Python's own text in a message: {text!r}")
    if ENGLISH_MSGIDS.fullmatch(text):
        problems.append(f"English Django message (translated into Indonesian, but not here): {text!r}")
    words = set(re.findall(r"[a-z]+", text.lower()))
    if len(words & ENGLISH_WORDS) >= 2 and len(words & ENGLISH_WORDS) > len(words & INDONESIAN_WORDS):
        problems.append(f"message in English: {text!r}")
    return problems


def all_messages(form: forms.BaseForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


def lost_values(form: forms.BaseForm, html: str, data: dict[str, Any]) -> list[str]:
    """Texts the user typed that the re-rendered page does not show in their fields."""
    lost = []
    for name, bound_field in form.fields.items():
        key = form.add_prefix(name)
        typed = data.get(key)
        widget = bound_field.widget
        if (
            not isinstance(typed, str)
            or not typed.strip()
            or bound_field.disabled
            or not isinstance(widget, TYPED_WIDGETS)
            or isinstance(widget, UNTYPED_WIDGETS)
            or f'name="{key}"' not in html
        ):
            continue
        if escape(typed) not in html:
            lost.append(f"{key}: typed {typed[:80]!r}, not in the re-rendered page")
    return lost


#: Forms whose refusal still redirects and drops what was typed: the "loses nothing" rule is waived for
#: them, and only it (no 5xx, messages in Indonesian still hold). Remove a line with its fix.
KNOWN_LOSSES: set[tuple[str, str]] = set()


def refusal_messages(response) -> list[str]:
    """The warnings and errors the view queued for the user (shown on this page or after the redirect)."""
    return [str(m) for m in get_messages(response.wsgi_request) if m.level >= message_levels.WARNING]


def typed_texts(form: forms.BaseForm, data: dict[str, Any]) -> list[str]:
    """The keys of the text fields the user typed something into."""
    return [
        key
        for name, bound_field in form.fields.items()
        if isinstance(data.get(key := form.add_prefix(name)), str)
        and data[key].strip()
        and isinstance(bound_field.widget, TYPED_WIDGETS)
        and not isinstance(bound_field.widget, UNTYPED_WIDGETS)
    ]


def judge(page: FormPage, data: dict[str, Any], response) -> list[str]:
    """What is wrong with the answer to one submission (an empty list: nothing)."""
    code = response.status_code
    if code >= 500:
        return [f"answered {code}"]
    refusals = refusal_messages(response)
    problems = [p for message in refusals for p in message_problems(message)]
    # The same form again, bound: on a page of several forms it need not be the one called "form".
    # A page shown again (200, or 400 as the refused forms answer) carries the bound form; a redirect none.
    again = (
        [f for f in forms_in(response) if type(f) is type(page.form) and f.is_bound]
        if code in (200, 400)
        else []
    )
    shown = again[0] if again else None
    if shown is not None and shown.errors:
        if code not in (200, 400):
            problems.append(f"refused with {code}, not 200/400")
        problems += [p for message in all_messages(shown) for p in message_problems(message)]
        return problems + lost_values(shown, response.content.decode(), data)
    known = (page.key, type(page.form).__name__) in KNOWN_LOSSES
    if refusals and typed_texts(page.form, data) and not known:
        # Refused with a message only: the page (after a redirect, or re-rendered) has an empty form.
        problems.append(
            f"refused ({code}, {refusals[0]!r}) without the form: typed {typed_texts(page.form, data)} lost"
        )
    elif code not in (200, 400) and not 300 <= code < 400:
        problems.append(f"answered {code}: neither accepted nor the form re-rendered with its errors")
    return problems


def submit(stage: Stage, page: FormPage, data: dict[str, Any]) -> list[str]:
    cache.clear()  # rate limits count per example from zero
    with transaction.atomic():
        response = _finished(client_as(stage, page.role).post(page.post_url, data))
        problems = judge(page, data, response)
        transaction.set_rollback(True)
    return problems


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


@pytest.fixture
def page_settings(settings, stage: Stage):
    """The conftest gives each test a fresh MEDIA_ROOT; the World's files live in the module's."""
    settings.MEDIA_ROOT = stage.media_root
    return settings


@pytest.mark.parametrize("candidate", CANDIDATES, ids=lambda c: c.key)
def test_form_page_survives_hostile_input(candidate: Candidate, stage: Stage, page_settings) -> None:
    pages = open_page(stage, candidate)
    if not pages:
        pytest.skip("no form on this page")
    for page in pages:
        fuzz(stage, page)


def fuzz(stage: Stage, page: FormPage) -> None:
    """Hypothesis fills and posts one form of a page."""

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_PAGE,
        deadline=None,
        derandomize=DETERMINISTIC,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(submission=submissions(page))
    def hostile(submission: tuple[dict[str, Any], tuple[str, str] | None]) -> None:
        values, button = submission
        data = post_data(page, values, button)
        problems = submit(stage, page, data)
        assert not problems, (
            f"{page.key} as {page.role}, POST {page.post_url} {shortened(data)}:\n  " + "\n  ".join(problems)
        )

    hostile()


def test_django_messages_are_indonesian_when_the_language_is_id() -> None:
    """Django's own messages come from its Indonesian catalog, not in English, on the site's default language."""
    required = forms.Field.default_error_messages["required"]
    with override("en"):
        english = str(required)
    with override("id"):
        indonesian = str(required)
        assert gettext("Enter a valid date.") != "Enter a valid date."
    assert django_settings.LANGUAGE_CODE == "id"
    assert indonesian != english
    assert not message_problems(indonesian)
    assert message_problems(english)


def test_the_fuzz_finds_form_pages_and_django_answers_in_indonesian(stage: Stage, page_settings) -> None:
    """The discovery is not silently empty, and a refused form speaks Indonesian on the site's default language."""
    [usaha_add] = [c for c in CANDIDATES if c.key == "registry:usaha_add"]
    page = open_page(stage, usaha_add)[0]
    assert "name" in page.form.fields
    assert page.post_url == page.page_url
    response = client_as(stage, page.role).post(page.post_url, {})
    with override("id"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert response.context["form"].errors["name"] == [required]


# Regressions found by the fuzz.


def test_a_login_with_an_endless_username_is_refused_with_a_message(client) -> None:
    """Axes recorded the whole username in its 255-character column: a 500 on PostgreSQL."""
    from axes.models import AccessAttempt

    username = "pengguna" * 100
    response = client.post(reverse("accounts:login"), {"username": username, "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert escape(username) in response.content.decode()
    assert AccessAttempt.objects.get().username == username[:255]
    token = client.post(reverse("api-token"), {"username": username, "password": "salah"})
    assert token.status_code == 400


def test_a_refused_answer_to_a_kendala_keeps_what_was_typed(stage: Stage, page_settings) -> None:
    """The answer used to be dropped by a redirect with "Periksa isian tanggapan."."""
    client = client_as(stage, "admin")
    url = reverse("programs:kendala_respond", args=[stage.world.kendala])
    typed = "KUR disetujui, pencairan minggu depan."
    response = client.post(url, {"body": typed, "status": "bukan-status"})
    assert response.status_code == 200
    assert response.context["respond_form"].errors["status"]
    assert typed in response.content.decode()


def test_a_refused_routing_keeps_the_note_typed(stage: Stage, page_settings) -> None:
    """The note to the partner used to be dropped by a redirect with "Pilih mitra tujuan."."""
    client = client_as(stage, "admin")
    url = reverse("programs:kendala_route", args=[stage.world.kendala])
    typed = "Mohon dihubungi, usaha butuh KUR Rp25 juta."
    response = client.post(url, {"mitra": "", "note": typed})
    assert response.status_code == 200
    assert response.context["route_form"].errors["mitra"]
    assert typed in response.content.decode()


def test_a_refused_pengurus_link_keeps_the_position_typed(stage: Stage, page_settings) -> None:
    """The position used to be dropped by a redirect with a message that named only the account."""
    client = client_as(stage, "admin")
    url = reverse("programs:asosiasi_link_user", args=[stage.world.asosiasi])
    response = client.post(url, {"user": "999999", "position": "Bendahara umum"})
    assert response.status_code == 200
    assert response.context["link_form"].errors["user"]
    assert "Bendahara umum" in response.content.decode()
