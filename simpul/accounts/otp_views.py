"""Screens of two-factor login: the admin's /akun/2fa/ page and the code step of the login.

The rules are in otp.py; the password step is accounts.views.LoginView,
which hands over to `login_code` when the account has two-factor on.
"""

from __future__ import annotations

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.accounts import otp
from simpul.accounts.models import User
from simpul.core import audit
from simpul.core.models import AuditEntry


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text=gettext_lazy("Dari aplikasi autentikator di ponsel Anda, atau salah satu kode cadangan."),
    )


def _refusal(result: otp.Check, left: int | None = None) -> str:
    if result.throttled:
        return _("Terlalu banyak kode salah. Tunggu sebentar lalu coba lagi.")
    if left is not None:
        return _("Kode salah atau sudah kedaluwarsa. Sisa percobaan: %(n)s.") % {"n": left}
    return _("Kode salah atau sudah kedaluwarsa.")


def two_factor(request: HttpRequest) -> HttpResponse:
    """/akun/2fa/: turn two-factor login on (QR code, then a code) or off (a code)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not otp.may_enable(request.user):
        raise PermissionDenied(_("Login dua langkah hanya untuk akun admin."))
    user = request.user
    enabled = otp.confirmed_device(user)
    form = CodeForm()
    if request.method == "POST":
        if request.POST.get("action") == "renew" and enabled is None:
            otp.renew_setup(user)
            messages.info(request, _("Kunci baru dibuat. Pindai kode QR yang baru."))
            return redirect("accounts:two_factor")
        form = CodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if enabled is None:
                device = otp.setup_device(user)
                result = otp.confirm(device, code)
                if result.ok:
                    # This session has just proved the code; mark it verified.
                    django_otp.login(request, device)
                    request.session[otp.SESSION_NEW_CODES] = otp.new_recovery_codes(user)
                    messages.success(
                        request, _("Login dua langkah aktif. Mulai login berikutnya, kode diminta.")
                    )
                    return redirect("accounts:two_factor")
            elif request.POST.get("action") == "codes":
                result = otp.check(enabled, code)
                if result.ok:
                    request.session[otp.SESSION_NEW_CODES] = otp.new_recovery_codes(user)
                    messages.success(
                        request, _("Kode cadangan baru dibuat; kode yang lama tidak berlaku lagi.")
                    )
                    return redirect("accounts:two_factor")
            else:
                result = otp.disable(user, code)
                if result.ok:
                    messages.success(request, _("Login dua langkah dimatikan."))
                    return redirect("accounts:two_factor")
            form.add_error("code", _refusal(result))
    if enabled is None:
        # Recovery codes are made when two-factor is turned on: none exist yet to mention.
        form.fields["code"].help_text = _("Dari aplikasi autentikator di ponsel Anda.")
    context: dict = {
        "enabled": enabled is not None,
        "form": form,
        # Shown once, right after they were made; a reload no longer shows them.
        "new_codes": request.session.pop(otp.SESSION_NEW_CODES, None),
        "codes_left": otp.recovery_codes_left(user),
    }
    if enabled is None:
        device = otp.setup_device(user)
        context.update({"qr": otp.qr_svg(otp.provisioning_uri(device)), "secret": otp.secret(device)})
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


def _finish_login(request: HttpRequest, user: User, device, pending: dict) -> HttpResponse:
    otp.clear(request)
    if device is not None:
        user.otp_device = device  # django-otp marks the session verified on login
    auth_login(request, user, backend=pending["backend"])
    return redirect(pending.get("next") or resolve_url("core:home"))


def login_code(request: HttpRequest) -> HttpResponse:
    """/akun/masuk/kode/: the second step, after a correct password."""
    pending = otp.pending(request)
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending else None
    if pending is None or user is None:
        otp.clear(request)
        messages.info(request, _("Masukkan nama pengguna dan kata sandi Anda lagi."))
        return redirect("accounts:login")
    device = otp.confirmed_device(user)
    if device is None:
        # Two-factor was turned off between the steps; the password was right.
        return _finish_login(request, user, None, pending)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result, used = otp.check_login(user, device, form.cleaned_data["code"])
        if result.ok:
            response = _finish_login(request, user, used, pending)
            if used is not device:
                # Logged in now, so the entry names the account that spent the code.
                audit.log(request, AuditEntry.Action.RECOVERY_CODE, user)
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode cadangan; sisa %(n)s. Bila ponsel hilang, matikan lalu "
                        "aktifkan lagi login dua langkah dengan ponsel baru."
                    )
                    % {"n": otp.recovery_codes_left(user)},
                )
            return response
        audit.log(request, AuditEntry.Action.LOGIN_FAILED, user, step="kode 2FA")
        left = None if result.throttled else otp.record_failure(request)
        if left == 0:
            messages.error(request, _("Terlalu banyak kode salah. Masukkan kata sandi Anda lagi."))
            return redirect("accounts:login")
        form.add_error("code", _refusal(result, left))
    return render(request, "accounts/otp_login.html", {"form": form}, status=400 if form.errors else 200)
