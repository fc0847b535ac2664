"""Owner self-service: inviting owners, their change requests, and the officer's review.

The views (selfservice_views.py) stay thin: every rule lives here so the demo
seeder and the tests use exactly the path the screens use.

- An officer issues an `OwnerInvite`; the owner redeems it once, within
  seven days, and gets an account linked to their `Pelaku`.
- An owner's edit is validated with the registry's own form (trimmed to the
  fields an owner may touch) and stored as a `ChangeRequest`; the record is
  unchanged.
- An officer's approval feeds the proposed values, on top of the record's
  current ones, through the full officer form: the same validation as any
  edit, and a history entry that names the request and the officer.
"""

from __future__ import annotations

import io
import logging
import secrets
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from PIL import Image

from simpul.core import uploads
from simpul.core.roles import Role
from simpul.registry import validators
from simpul.registry.forms import LaporanForm, ProdukForm, UsahaForm
from simpul.registry.models import LaporanTahunan, Pelaku, Produk, Usaha
from simpul.registry.models_selfservice import ChangeRequest, OwnerInvite

logger = logging.getLogger(__name__)

Target = ChangeRequest.Target
Status = ChangeRequest.Status

# ---------------------------------------------------------------------------
# What an owner may change
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    """The officer form that applies a target's changes, and the part of it an owner sees."""

    model: type[models.Model]
    form_class: type[forms.ModelForm]
    owner_fields: tuple[str, ...]


#: Location, classification and data source stay with the officers: they decide
#: which officer reviews the business and how it is counted.
OWNER_USAHA_FIELDS = (
    "name",
    "legal_form",
    "nib",
    "npwp",
    "address",
    "whatsapp",
    "phone",
    "email",
    "website",
    "marketplace",
    "year_founded",
    "status",
)
OWNER_PRODUK_FIELDS = (
    "name",
    "description",
    "unit",
    "price_min",
    "price_max",
    "capacity_per_year",
    "in_catalog",
    "photo",
)
OWNER_LAPORAN_FIELDS = tuple(LaporanForm._meta.fields)

SPECS: dict[str, TargetSpec] = {
    Target.USAHA: TargetSpec(Usaha, UsahaForm, OWNER_USAHA_FIELDS),
    Target.PRODUK: TargetSpec(Produk, ProdukForm, OWNER_PRODUK_FIELDS),
    Target.LAPORAN: TargetSpec(LaporanTahunan, LaporanForm, OWNER_LAPORAN_FIELDS),
}

#: Extra form field for a word to the officer; not a model field.
NOTE_FIELD = "catatan_pelaku"


def validate_photo(upload: UploadedFile) -> None:
    """Refuse anything but a real, not too large JPEG/PNG/WebP image (rules in core.uploads).

    The size comes first in the owner's own words, before the image is read.
    """
    limit_mb = settings.SIMPUL_MAX_UPLOAD_MB
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Ukuran foto paling besar %(mb)s MB.") % {"mb": limit_mb}, code="photo_too_large"
        )
    uploads.validate_image(upload)


def owner_form(
    target: str,
    usaha: Usaha,
    *,
    instance: models.Model | None = None,
    data: Any = None,
    files: Any = None,
    initial: dict | None = None,
) -> forms.ModelForm:
    """The registry's form for `target`, keeping only the fields an owner may change.

    Removing fields (rather than writing a second form) keeps every check of
    the officer's form; fields left out are neither shown nor touched.
    """
    spec = SPECS[target]
    kwargs: dict[str, Any] = {"data": data, "files": files, "initial": initial}
    if target == Target.USAHA:
        kwargs["instance"] = instance if instance is not None else usaha
    else:
        kwargs["instance"] = instance
        kwargs["usaha"] = usaha
    form = spec.form_class(**kwargs)
    for name in list(form.fields):
        if name not in spec.owner_fields:
            del form.fields[name]
    if "photo" in form.fields:
        photo = form.fields["photo"]
        # A plain file input: an owner replaces the photo but cannot erase it.
        photo.widget = forms.FileInput(attrs={"accept": "image/*"})
        photo.validators.append(validate_photo)
        photo.help_text = _("JPG atau PNG, paling besar %(mb)s MB.") % {"mb": settings.SIMPUL_MAX_UPLOAD_MB}
    form.fields[NOTE_FIELD] = forms.CharField(
        label=_("Catatan untuk petugas"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tidak wajib. Misalnya: harga naik karena bahan baku naik."),
    )
    return form


# ---------------------------------------------------------------------------
# Values as JSON, and as text for people
# ---------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A field value in a form that JSON keeps and a Django form accepts back as data."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        # normalize() drops trailing zeros so 35000 and 35000.00 compare equal;
        # "f" keeps it out of exponent notation (1E+2).
        return format(value.normalize(), "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (QuerySet, list, tuple, set)):
        return sorted(str(to_json(item)) for item in value)
    return str(value)


def _is_file(model_field: models.Field) -> bool:
    return isinstance(model_field, models.FileField)


def record_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The stored values of a record's fields, as `to_json` writes them (files left out)."""
    values: dict[str, Any] = {}
    for name in names:
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if _is_file(model_field):
            continue
        if model_field.many_to_many:
            keys = getattr(instance, name).values_list("pk", flat=True) if instance.pk else []
            values[name] = sorted(str(key) for key in keys)
        elif model_field.is_relation:
            values[name] = to_json(getattr(instance, model_field.attname))
        else:
            values[name] = to_json(model_field.value_from_object(instance))
    return values


def proposed_values(form: forms.ModelForm) -> dict[str, Any]:
    """The values a valid owner form would store.

    Read from the form's instance after validation, so the model's own
    normalisation (phone numbers in +62 form, digits of an NPWP) applies and
    an unchanged number typed differently is not taken for a change.
    """
    values: dict[str, Any] = {}
    for name in form.fields:
        if name == NOTE_FIELD:
            continue
        model_field = form.instance._meta.get_field(name)
        if _is_file(model_field):
            continue
        if model_field.many_to_many:
            values[name] = to_json(form.cleaned_data.get(name) or [])
        elif model_field.is_relation:
            values[name] = to_json(getattr(form.instance, model_field.attname))
        else:
            values[name] = to_json(getattr(form.instance, name))
    return values


def display_value(model: type[models.Model], name: str, value: Any) -> str:
    """A stored or proposed value as an officer reads it: labels, names, grouped digits."""
    if value is None or value == "" or value == []:
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Ya") if value else _("Tidak")
    if model_field.many_to_many or model_field.is_relation:
        related = model_field.related_model._default_manager.filter(
            pk__in=value if isinstance(value, list) else [value]
        )
        return ", ".join(str(obj) for obj in related) or str(value)
    if isinstance(model_field, models.DecimalField):
        return number_format(Decimal(value), force_grouping=True)
    return str(value)


# ---------------------------------------------------------------------------
# Owner: what they see, and proposing a change
# ---------------------------------------------------------------------------


def owned_businesses(user) -> QuerySet[Usaha]:
    """The owner's current businesses; restrict() ties them to the user through Kepemilikan."""
    return (
        Usaha.objects.restrict(user, "view")
        .filter(archived_at=None, merged_into=None)
        .select_related("desa", "kecamatan")
    )


def owned_products(user) -> QuerySet[Produk]:
    return Produk.objects.restrict(user, "view").filter(
        archived_at=None, usaha__archived_at=None, usaha__merged_into=None
    )


def owned_reports(user) -> QuerySet[LaporanTahunan]:
    return LaporanTahunan.objects.restrict(user, "view").filter(
        archived_at=None, usaha__archived_at=None, usaha__merged_into=None
    )


def pending_update(target: str, usaha: Usaha, instance: models.Model | None) -> ChangeRequest | None:
    """The owner's waiting request on this very record, which a new one replaces."""
    if instance is None or instance.pk is None:
        return None
    requests = ChangeRequest.objects.filter(
        usaha=usaha, target=target, action=ChangeRequest.Action.UPDATE, status=Status.PENDING
    )
    if target == Target.PRODUK:
        requests = requests.filter(produk=instance)
    elif target == Target.LAPORAN:
        requests = requests.filter(laporan=instance)
    return requests.order_by("-created_at", "-pk").first()


def submit_change(
    *,
    owner,
    usaha: Usaha,
    target: str,
    form: forms.ModelForm,
    instance: models.Model | None = None,
) -> ChangeRequest:
    """Store a valid owner form as a pending change request; the record itself is not touched.

    Only the fields that differ from the stored record are kept (all of them
    for a new product or report). A waiting request on the same record is
    replaced by this one; its photo carries over when no new one is sent.
    Raises ValidationError when nothing would change.
    """
    is_update = instance is not None and instance.pk is not None
    proposed = proposed_values(form)
    if is_update:
        # Compare with the stored record, not the form's instance, which
        # validation has already overwritten with the proposed values.
        stored = record_values(type(instance)._default_manager.get(pk=instance.pk), proposed)
        changes = {name: value for name, value in proposed.items() if stored.get(name) != value}
    else:
        changes = proposed
    photo = form.cleaned_data.get("photo")
    new_photo = photo if isinstance(photo, UploadedFile) else None
    if not changes and new_photo is None:
        raise ValidationError(_("Tidak ada yang berubah dibandingkan data yang tercatat."), code="no_change")
    with transaction.atomic():
        previous = pending_update(target, usaha, instance) if is_update else None
        request = ChangeRequest(
            usaha=usaha,
            target=target,
            action=ChangeRequest.Action.UPDATE if is_update else ChangeRequest.Action.CREATE,
            produk=instance if is_update and target == Target.PRODUK else None,
            laporan=instance if is_update and target == Target.LAPORAN else None,
            changes=changes,
            note=form.cleaned_data.get(NOTE_FIELD, ""),
            submitted_by=owner,
        )
        if new_photo is not None:
            request.photo.save(new_photo.name, new_photo, save=False)
        elif previous is not None and previous.photo:
            request.photo.name = previous.photo.name
            previous.photo.name = ""
        request.save()
        if previous is not None:
            previous.status = Status.WITHDRAWN
            previous.decided_at = timezone.now()
            previous.decided_by = owner
            previous.previous = snapshot(previous)
            previous.reason = _("Diganti oleh permintaan #%(id)s.") % {"id": request.pk}
            previous.save(update_fields=["status", "decided_at", "decided_by", "previous", "reason", "photo"])
            if previous.photo:  # replaced by a newer photo: the old one is not needed
                replaced = previous
                transaction.on_commit(lambda: _discard_photo(replaced))
    return request


def withdraw(request: ChangeRequest, owner) -> None:
    """The owner takes back a waiting request."""
    updated = ChangeRequest.objects.filter(pk=request.pk, status=Status.PENDING).update(
        status=Status.WITHDRAWN, decided_at=timezone.now(), decided_by=owner, previous=snapshot(request)
    )
    if not updated:
        raise DecisionError(_("Permintaan ini sudah diputuskan."))
    _discard_photo(request)


# ---------------------------------------------------------------------------
# Officer: review, approve, reject
# ---------------------------------------------------------------------------


class DecisionError(Exception):
    """A request cannot be decided (already decided, or no reason given)."""


@dataclass(frozen=True)
class FieldChange:
    """One row of the before → after table."""

    name: str
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Review:
    """A request prepared for the officer: the table of changes and, if any, why it cannot be applied."""

    request: ChangeRequest
    rows: list[FieldChange]
    form: forms.ModelForm | None
    errors: list[str] = field(default_factory=list)

    @property
    def can_approve(self) -> bool:
        return self.request.is_pending and not self.errors


def current_record(request: ChangeRequest) -> models.Model | None:
    """The record an update request changes, as stored now (None for a new one or if it is gone)."""
    if request.target == Target.USAHA:
        return Usaha.objects.filter(pk=request.usaha_id).first()
    if request.action == ChangeRequest.Action.CREATE:
        return None
    model = SPECS[request.target].model
    key = request.produk_id if request.target == Target.PRODUK else request.laporan_id
    return model._default_manager.filter(pk=key).first() if key else None


def snapshot(request: ChangeRequest) -> dict[str, Any]:
    """The values stored now for the fields a request changes, read fresh from the database."""
    record = current_record(request) if request.action == ChangeRequest.Action.UPDATE else None
    return record_values(record, request.changes) if record is not None else {}


def change_rows(request: ChangeRequest, record: models.Model | None = None) -> list[FieldChange]:
    """Each proposed field with the value before it and the value proposed.

    "Before" is what is stored now while the request waits, and what was
    stored when it was decided afterwards.
    """
    model = SPECS[request.target].model
    if not request.is_pending:
        stored = request.previous
    elif record is not None and request.action == ChangeRequest.Action.UPDATE:
        stored = record_values(record, request.changes)
    else:
        stored = snapshot(request)
    rows = []
    for name, proposed in request.changes.items():
        try:
            label = capfirst(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field removed since the request was made
            continue
        rows.append(
            FieldChange(
                name=name,
                label=label,
                before=display_value(model, name, stored.get(name)),
                after=display_value(model, name, proposed),
            )
        )
    return rows


def _form_data(form: forms.ModelForm) -> dict[str, Any]:
    """What an unbound form shows, as the data a bound one accepts: the record's values as they stand."""
    data: dict[str, Any] = {}
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.FileField):
            continue
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def _holding_upload(request: ChangeRequest) -> SimpleUploadedFile | None:
    """The proposed photo as an upload, so the officer form checks and stores it like any other."""
    if not request.photo:
        return None
    try:
        with request.photo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return None
    return SimpleUploadedFile(PurePosixPath(request.photo.name).name, content)


def _target_problem(request: ChangeRequest, record: models.Model | None) -> str:
    """Why the record can no longer take this request, or "" when it can."""
    usaha = request.usaha
    if usaha.archived_at is not None or usaha.merged_into_id is not None:
        return _("Usaha ini sudah diarsipkan atau digabung; permintaan tidak dapat diterapkan.")
    if request.action == ChangeRequest.Action.UPDATE and request.target != Target.USAHA:
        if record is None:
            return _("Data yang hendak diubah sudah tidak ada.")
        if getattr(record, "archived_at", None) is not None:
            return _("Data yang hendak diubah sudah diarsipkan.")
    return ""


def prepare(request: ChangeRequest) -> Review:
    """Bind the officer's form with the record's current values plus the proposal, and validate it.

    Nothing is saved. An error here (a price range that no longer holds, a
    year that now has a report) is shown to the officer and blocks approval.
    """
    record = current_record(request)
    rows = change_rows(request, record)
    if not request.is_pending:
        return Review(request, rows, None)
    problem = _target_problem(request, record)
    if problem:
        return Review(request, rows, None, [problem])
    spec = SPECS[request.target]
    kwargs: dict[str, Any] = {}
    if request.target != Target.USAHA:
        kwargs["usaha"] = request.usaha
    unbound = spec.form_class(instance=record, **kwargs)
    data = {**_form_data(unbound), **{k: ("" if v is None else v) for k, v in request.changes.items()}}
    if request.target == Target.USAHA:
        # The latest profile values came from the owner.
        data["source"] = Usaha.Source.MANDIRI
    if request.target == Target.PRODUK and request.action == ChangeRequest.Action.CREATE:
        # A new product takes the business's classification unless an officer sets another.
        data["kbli"] = data.get("kbli") or request.usaha.kbli_id or ""
        data["group"] = data.get("group") or request.usaha.group_id or ""
    files = {}
    upload = _holding_upload(request)
    if upload is not None:
        files["photo"] = upload
    elif request.photo:
        return Review(request, rows, None, [_("Foto yang diusulkan tidak ditemukan lagi.")])
    form = spec.form_class(data=data, files=files, instance=record, **kwargs)
    errors = [] if form.is_valid() else _error_lines(form)
    return Review(request, rows, form, errors)


def _error_lines(form: forms.ModelForm) -> list[str]:
    lines = []
    for name, messages in form.errors.items():
        label = capfirst(str(form.fields[name].label)) if name in form.fields else ""
        lines.extend(f"{label}: {message}" if label else str(message) for message in messages)
    return lines


#: django-simple-history keeps at most 100 characters of a change reason.
_REASON_LENGTH = 100


def history_reason(request: ChangeRequest, officer) -> str:
    reason = _("Disetujui dari permintaan #%(id)s oleh %(officer)s") % {"id": request.pk, "officer": officer}
    return reason[:_REASON_LENGTH]


def approve(request: ChangeRequest, officer) -> Review:
    """Apply a pending request through the officer form, or return the errors that prevent it.

    Nothing is written unless the form accepts the data. The status then
    changes with a conditional update, so two officers clicking at once
    apply the request only once.
    """
    with transaction.atomic():
        request.refresh_from_db()
        if not request.is_pending:
            raise DecisionError(_("Permintaan ini sudah diputuskan."))
        review = prepare(request)
        if review.errors or review.form is None:
            return review
        claimed = ChangeRequest.objects.filter(pk=request.pk, status=Status.PENDING).update(
            status=Status.APPROVED, decided_by=officer, decided_at=timezone.now(), previous=snapshot(request)
        )
        if not claimed:
            raise DecisionError(_("Permintaan ini sudah diputuskan."))
        request.refresh_from_db()
        _apply(review.form, request, officer)
        transaction.on_commit(lambda: _discard_photo(request))
    return review


def _apply(form: forms.ModelForm, request: ChangeRequest, officer) -> None:
    """Save the validated officer form with a history entry naming the request and the officer."""
    form.instance._change_reason = history_reason(request, officer)
    form.instance._history_user = officer
    saved = form.save()
    if request.target == Target.PRODUK:
        request.produk = saved
    elif request.target == Target.LAPORAN:
        request.laporan = saved
    request.save(update_fields=["produk", "laporan"])


def reject(request: ChangeRequest, officer, reason: str) -> None:
    """Refuse a pending request; the reason is required because the owner reads it."""
    reason = (reason or "").strip()
    if not reason:
        raise DecisionError(_("Tuliskan alasan penolakan; pelaku akan membacanya."))
    updated = ChangeRequest.objects.filter(pk=request.pk, status=Status.PENDING).update(
        status=Status.REJECTED,
        decided_by=officer,
        decided_at=timezone.now(),
        reason=reason,
        previous=snapshot(request),
    )
    if not updated:
        raise DecisionError(_("Permintaan ini sudah diputuskan."))
    _discard_photo(request)


def _discard_photo(request: ChangeRequest) -> None:
    """Remove a decided request's held photo: approved ones now live on the product."""
    name = ChangeRequest.objects.filter(pk=request.pk).values_list("photo", flat=True).first()
    if not name:
        return
    ChangeRequest.objects.filter(pk=request.pk).update(photo="")
    storage = ChangeRequest._meta.get_field("photo").storage
    try:
        storage.delete(name)
    except OSError:
        logger.warning("Foto permintaan #%s tidak dapat dihapus: %s", request.pk, name)


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------

CODE_DIGITS = 8
#: Wrong codes allowed from one address per window before entering codes is refused.
MAX_CODE_FAILURES = 10
CODE_FAILURE_WINDOW = 3600


class InviteError(Exception):
    """An invitation cannot be issued or redeemed; the message says why, for the user."""


@dataclass(frozen=True)
class IssuedInvite:
    """A fresh invitation with its secrets, which exist only here and in the message sent."""

    invite: OwnerInvite
    code: str
    token: str

    @property
    def path(self) -> str:
        return reverse("registry:invite_accept", args=[self.token])

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]} {self.code[4:]}"


@dataclass(frozen=True)
class Delivery:
    """How the invitation went out: by mail, or a WhatsApp link for the officer to send."""

    emailed: bool = False
    failed: bool = False
    whatsapp_url: str = ""


def _digest(kind: str, secret: str) -> str:
    # Keyed with SECRET_KEY: the stored hash is useless without the key, and
    # it is deterministic, so a code typed on /undangan/ can be looked up.
    return salted_hmac(f"simpul.registry.invite.{kind}", secret, algorithm="sha256").hexdigest()


def open_invites() -> QuerySet[OwnerInvite]:
    return OwnerInvite.objects.filter(
        used_at=None, revoked_at=None, expires_at__gt=timezone.now(), pelaku__account=None
    ).select_related("pelaku", "usaha")


def invitable_owners(usaha: Usaha) -> QuerySet[Pelaku]:
    """Owners of the business who have no account yet."""
    return usaha.owners.filter(account__isnull=True, archived_at=None).order_by("name")


def _new_code() -> str:
    """A code no open invitation uses, so a typed code finds exactly one invitation."""
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not open_invites().filter(code_hash=_digest("code", code)).exists():
            return code


def issue_invite(*, usaha: Usaha, pelaku: Pelaku, channel: str, sent_to: str, officer) -> IssuedInvite:
    """Create an invitation; any earlier open one for the same person stops working."""
    if pelaku.account_id is not None:
        raise InviteError(_("%(name)s sudah memiliki akun.") % {"name": pelaku.name})
    if not usaha.kepemilikan.filter(pelaku=pelaku).exists():
        raise InviteError(_("%(name)s bukan pemilik usaha ini.") % {"name": pelaku.name})
    now = timezone.now()
    with transaction.atomic():
        OwnerInvite.objects.filter(pelaku=pelaku, used_at=None, revoked_at=None).update(revoked_at=now)
        code = _new_code()
        token = secrets.token_urlsafe(32)
        invite = OwnerInvite.objects.create(
            pelaku=pelaku,
            usaha=usaha,
            channel=channel,
            sent_to=sent_to,
            token_hash=_digest("token", token),
            code_hash=_digest("code", code),
            created_by=officer,
            expires_at=now + timedelta(days=OwnerInvite.VALID_DAYS),
        )
    return IssuedInvite(invite, code, token)


def invite_message(issued: IssuedInvite, link: str) -> str:
    invite = issued.invite
    return _(
        "Halo %(name)s, %(office)s mengundang Anda mengelola data %(usaha)s di Simpul IKM. "
        "Buka %(link)s atau masukkan kode %(code)s di halaman undangan. "
        "Berlaku sampai %(until)s dan hanya sekali pakai; jangan berikan kode ini kepada orang lain."
    ) % {
        "name": invite.pelaku.name,
        "office": settings.SIMPUL_OFFICE_NAME,
        "usaha": invite.usaha.name,
        "link": link,
        "code": issued.code_display,
        "until": date_format(timezone.localtime(invite.expires_at), "j F Y"),
    }


def whatsapp_url(phone: str, text: str) -> str:
    """A wa.me link that opens WhatsApp with the message ready to send to `phone`."""
    return f"https://wa.me/{validators.digits(phone)}?text={quote(text)}"


def deliver_invite(issued: IssuedInvite, link: str) -> Delivery:
    """Send by mail, or prepare the WhatsApp message (there is no SMS gateway)."""
    text = invite_message(issued, link)
    invite = issued.invite
    if invite.channel != OwnerInvite.Channel.EMAIL:
        return Delivery(whatsapp_url=whatsapp_url(invite.sent_to, text))
    try:
        send_mail(_("Undangan Simpul IKM"), text, None, [invite.sent_to])
    except (OSError, smtplib.SMTPException):
        # The officer still holds the code and link and can pass them on.
        logger.exception("Undangan #%s tidak terkirim lewat surel", invite.pk)
        return Delivery(failed=True)
    return Delivery(emailed=True)


def find_by_token(token: str) -> OwnerInvite | None:
    return open_invites().filter(token_hash=_digest("token", token)).first()


def find_by_code(code: str) -> OwnerInvite | None:
    digits = validators.digits(code)
    if len(digits) != CODE_DIGITS:
        return None
    return open_invites().filter(code_hash=_digest("code", digits)).first()


def _failure_key(client: str) -> str:
    return f"simpul:undangan-gagal:{client}"


def code_attempts_exhausted(client: str) -> bool:
    """Whether this address has guessed wrong too often; 10⁸ codes and 10 tries an hour keep guessing futile."""
    return cache.get(_failure_key(client), 0) >= MAX_CODE_FAILURES


def record_code_failure(client: str) -> None:
    key = _failure_key(client)
    cache.add(key, 0, CODE_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CODE_FAILURE_WINDOW)


def redeem_invite(invite: OwnerInvite, account_form: forms.ModelForm):
    """Create the owner's account from a valid account form and use up the invitation.

    The invitation is claimed with a conditional update inside the
    transaction, so the same link opened twice creates one account only.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = OwnerInvite.objects.filter(
            pk=invite.pk, used_at=None, revoked_at=None, expires_at__gt=now
        ).update(used_at=now)
        if not claimed:
            raise InviteError(_("Undangan ini sudah dipakai atau tidak berlaku lagi."))
        pelaku = Pelaku.objects.select_for_update().get(pk=invite.pelaku_id)
        if pelaku.account_id is not None:
            raise InviteError(_("%(name)s sudah memiliki akun.") % {"name": pelaku.name})
        user = account_form.save(commit=False)
        user.role = Role.PELAKU
        user.first_name = pelaku.name[:150]
        user.email = invite.sent_to if invite.channel == OwnerInvite.Channel.EMAIL else pelaku.email
        user.phone = pelaku.phone
        user.save()
        pelaku.account = user
        pelaku._change_reason = _("Akun dibuat dari undangan #%(id)s") % {"id": invite.pk}
        pelaku._history_user = user
        pelaku.save(update_fields=["account", "updated_at"])
        OwnerInvite.objects.filter(pk=invite.pk).update(account=user)
    return user


def sample_photo(size: tuple[int, int] = (480, 320), kind: str = "PNG", colour: str = "#0b5563") -> bytes:
    """A plain generated picture: the demo's proposed photo, and the tests' uploads."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()
