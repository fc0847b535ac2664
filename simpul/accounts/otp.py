"""Two-factor login (TOTP) for admin accounts, on django-otp.

An admin turns it on at /akun/2fa/ by scanning a QR code into an
authenticator app (Google Authenticator, Aegis, FreeOTP…) and confirming
with a code. From then on the login is two steps: the password, then a
6-digit code. Between the steps the account is *not* logged in; the
session only holds which account passed the password (`begin_login`), for
a few minutes and a few wrong codes.

When it is turned on, the admin also receives `RECOVERY_CODES` one-time
recovery codes (django-otp's static device), shown once, to print or keep in
a password manager: each one replaces the 6-digit code for one login when the
phone is lost. New ones can be made at any time with a current code.

Wrong codes are slowed down twice over: django-otp's device throttle
doubles the wait after each failure (it is kept on the device, so it holds
across sessions and addresses), and one password step allows at most
`MAX_CODE_FAILURES` codes before the password is asked again (where
django-axes counts failures).
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import django_tables2 as tables
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from simpul.core.roles import Role, role_of

#: Session key of a login waiting for its code: {"user", "backend", "next", "since", "failures"}.
SESSION_PENDING = "simpul_2fa_pending"
#: Seconds between the password and the code before the password is asked again.
PENDING_SECONDS = 300
#: Wrong codes allowed after one correct password.
MAX_CODE_FAILURES = 5
#: Name of the device shown in the admin's authenticator app and on our page.
DEVICE_NAME = "Simpul IKM"
#: One-time recovery codes made when two-factor is turned on.
RECOVERY_CODES = 10
#: Name of the device that holds them.
RECOVERY_DEVICE_NAME = "Kode cadangan"
#: Session key under which fresh recovery codes wait to be shown, once.
SESSION_NEW_CODES = "simpul_2fa_new_codes"


def may_enable(user) -> bool:
    """Only admin accounts turn two-factor login on (issue 9: they hold the keys to everything)."""
    return role_of(user) == Role.ADMIN


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enabled(user) -> bool:
    return confirmed_device(user) is not None


def setup_device(user) -> TOTPDevice:
    """The unconfirmed device being set up; kept while the page is reloaded, so the QR code stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def renew_setup(user) -> TOTPDevice:
    """Throw away an unconfirmed secret (shown to someone else, say) and start with a new one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return setup_device(user)


def secret(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// address an authenticator app reads from the QR code, named after the office."""
    issuer = f"Simpul IKM {settings.SIMPUL_OFFICE_NAME}".replace(":", "")
    label = f"{issuer}:{device.user.get_username()}"
    params = urlencode(
        {
            "secret": b32encode(device.bin_key).decode().rstrip("="),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_svg(data: str) -> SafeString:
    """The QR code as inline SVG markup: drawn by the server, no script, no image request."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    markup = image.to_string(encoding="unicode")
    # The library's own output (paths only, built from our data), so it is safe to insert as is.
    return mark_safe(markup.replace("<svg ", '<svg role="img" aria-label="QR code" ', 1))  # noqa: S308


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


@dataclass(frozen=True)
class Check:
    """Outcome of a code: accepted, refused, or not even tried because of the throttle."""

    ok: bool
    throttled: bool = False


def check(device: TOTPDevice, code: str) -> Check:
    """Verify a code against a device, respecting django-otp's growing delay after failures.

    The device row is locked while it is checked, so two requests racing
    with the same code cannot both pass (the device remembers the last
    time step used) nor both escape the failure count.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if locked is None:
            return Check(False)
        allowed, _detail = locked.verify_is_allowed()
        if not allowed:
            return Check(False, throttled=True)
        digits = _clean(code)
        if len(digits) != locked.digits:
            locked.throttle_increment()
            return Check(False)
        return Check(bool(locked.verify_token(digits)))


def confirm(device: TOTPDevice, code: str) -> Check:
    """Turn two-factor on: the first correct code proves the app holds the key."""
    result = check(device, code)
    if result.ok:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One device per account: any other half-finished setup goes.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return result


def disable(user, code: str) -> Check:
    """Turn two-factor off; it takes a current code, so a borrowed session alone cannot do it."""
    device = confirmed_device(user)
    if device is None:
        return Check(False)
    result = check(device, code)
    if result.ok:
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    return result


# ---------------------------------------------------------------------------
# Recovery codes
# ---------------------------------------------------------------------------


def new_recovery_codes(user) -> list[str]:
    """Replace the account's recovery codes with `RECOVERY_CODES` fresh ones and return them.

    They are stored as django-otp keeps them (the code itself, like a
    password reset token, but usable once); the page shows them only once.
    """
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def use_recovery_code(user, code: str) -> Check:
    """Log in with a recovery code instead of the app's code; the code is spent."""
    token = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return Check(False)
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            return Check(False, throttled=True)
        return Check(bool(token) and bool(device.verify_token(token)))


def check_login(user, device: TOTPDevice, code: str) -> tuple[Check, object]:
    """The code step of a login: the app's 6-digit code, or else a recovery code. Returns (result, device)."""
    if not any(ch.isalpha() for ch in code or ""):
        return check(device, code), device
    result = use_recovery_code(user, code)
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return result, recovery if result.ok else device


# ---------------------------------------------------------------------------
# The login between its two steps
# ---------------------------------------------------------------------------


def begin_login(request: HttpRequest, user, next_url: str) -> None:
    """Remember that `user` passed the password; they are not logged in until the code is right."""
    request.session.cycle_key()
    request.session[SESSION_PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "next": next_url,
        "since": time.time(),
        "failures": 0,
    }


def pending(request: HttpRequest) -> dict | None:
    """The waiting login, or None when there is none or it has expired (then it is forgotten)."""
    data = request.session.get(SESSION_PENDING)
    if not data:
        return None
    if time.time() - data.get("since", 0) > PENDING_SECONDS or data.get("failures", 0) >= MAX_CODE_FAILURES:
        clear(request)
        return None
    return data


def record_failure(request: HttpRequest) -> int:
    """Count a wrong code; returns how many more may be tried (0: the password is asked again)."""
    data = request.session.get(SESSION_PENDING) or {}
    data["failures"] = data.get("failures", 0) + 1
    request.session[SESSION_PENDING] = data
    left = MAX_CODE_FAILURES - data["failures"]
    if left <= 0:
        clear(request)
    return max(left, 0)


def clear(request: HttpRequest) -> None:
    request.session.pop(SESSION_PENDING, None)


# ---------------------------------------------------------------------------
# The admin's user list
# ---------------------------------------------------------------------------


def with_two_factor(queryset: QuerySet) -> QuerySet:
    """Users annotated with `two_factor` (a confirmed device), in the list's single query."""
    return queryset.annotate(
        two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def two_factor_column() -> tables.BooleanColumn:
    return tables.BooleanColumn(accessor="two_factor", verbose_name=_("2FA"), orderable=True)
