"""Two-factor login (TOTP) for admins: turning it on and off, the code step of the login, its throttle."""

from __future__ import annotations

import re
import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from simpul.accounts import otp
from simpul.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SETUP = "/akun/2fa/"
LOGIN = "/akun/masuk/"
CODE = "/akun/masuk/kode/"
PASSWORD = "uji-sandi-2026"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` periods of 30 s later).

    A code is accepted once: the next login in a test uses the next period's
    code, which the device's tolerance of one step accepts.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def no_device_throttle(settings):
    """Without django-otp's growing delay, so the per-login limit can be reached at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def enable_for(client, user) -> TOTPDevice:
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    used = code_for(device)
    assert client.post(SETUP, {"action": "enable", "code": used}).status_code == 302
    client.logout()
    device.refresh_from_db()
    device.used_code = used
    return device


# ---------------------------------------------------------------- turning it on and off


@pytest.mark.parametrize("who", ["petugas", "pimpinan", "asosiasi", "mitra", "pelaku"])
def test_only_admins_may_turn_it_on(client, roles, who):
    client.force_login(getattr(roles, who))
    assert client.get(SETUP).status_code == 403
    assert client.post(SETUP, {"action": "enable", "code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_admin_scans_the_qr_code_and_confirms_with_a_code(client, roles):
    client.force_login(roles.admin)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "<path" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
    device = TOTPDevice.objects.get(user=roles.admin)
    assert not device.confirmed
    assert otp.secret(device) in page
    assert otp.secret(device) in client.get(SETUP).content.decode()  # a reload keeps the same key

    refused = client.post(SETUP, {"action": "enable", "code": wrong(code_for(device))})
    assert refused.status_code == 400 and "Kode salah" in refused.content.decode()
    assert not otp.is_enabled(roles.admin)

    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(SETUP, {"action": "enable", "code": code_for(device)}).status_code == 302
    assert otp.is_enabled(roles.admin)
    assert DEVICE_ID_SESSION_KEY in client.session  # this session proved the code
    assert 'data-testid="two-factor-state">aktif' in client.get(SETUP).content.decode()


def test_the_provisioning_uri_names_the_office_and_the_account(roles, settings):
    settings.SIMPUL_OFFICE_NAME = "Disperindag Tuban"
    uri = otp.provisioning_uri(otp.setup_device(roles.admin))
    assert uri.startswith("otpauth://totp/Simpul%20IKM%20Disperindag%20Tuban%3At.admin?secret=")
    assert "digits=6" in uri and "period=30" in uri


def test_the_user_list_shows_who_has_it_on(client, roles):
    enable_for(client, roles.admin)
    client.force_login(roles.admin)
    response = client.get("/akun/pengguna/")
    assert "2FA" in response.content.decode()
    state = {row.record.username: row.record.two_factor for row in response.context["table"].rows}
    assert state["t.admin"] is True and state["t.petugas"] is False


def test_turning_it_off_takes_a_current_code(client, roles):
    device = enable_for(client, roles.admin)
    client.force_login(roles.admin)
    device.throttle_reset()
    assert client.post(SETUP, {"action": "disable", "code": wrong(code_for(device, 1))}).status_code == 400
    assert otp.is_enabled(roles.admin)
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(SETUP, {"action": "disable", "code": code_for(device, 1)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=roles.admin).exists()
    client.logout()
    assert client.post(LOGIN, {"username": "t.admin", "password": PASSWORD}).status_code == 302
    assert client.get("/akun/pengguna/").status_code == 200  # logged in with the password alone


# ---------------------------------------------------------------- the login


def test_the_login_asks_for_the_code_after_the_password(client, roles):
    device = enable_for(client, roles.admin)

    response = client.post(LOGIN, {"username": "t.admin", "password": PASSWORD, "next": "/akun/pengguna/"})
    assert response.status_code == 302 and response["Location"] == CODE
    assert "_auth_user_id" not in client.session  # not logged in between the steps
    assert client.get("/akun/pengguna/").status_code == 302

    refused = client.post(CODE, {"code": wrong(code_for(device, 1))})
    assert refused.status_code == 400 and "Kode salah" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    failure = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert failure.object_id == str(roles.admin.pk) and failure.detail == {"step": "kode 2FA"}

    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response.status_code == 302 and response["Location"] == "/akun/pengguna/"
    assert client.session["_auth_user_id"] == str(roles.admin.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/akun/pengguna/").status_code == 200


def test_a_used_code_cannot_be_replayed(client, roles):
    device = enable_for(client, roles.admin)
    client.post(LOGIN, {"username": "t.admin", "password": PASSWORD})
    assert client.post(CODE, {"code": device.used_code}).status_code == 400
    assert "_auth_user_id" not in client.session


def test_wrong_codes_send_the_user_back_to_the_password(client, roles, no_device_throttle):
    device = enable_for(client, roles.admin)
    client.post(LOGIN, {"username": "t.admin", "password": PASSWORD})
    bad = wrong(code_for(device, 1))
    for left in range(otp.MAX_CODE_FAILURES - 1, 0, -1):
        assert f"Sisa percobaan: {left}" in client.post(CODE, {"code": bad}).content.decode()
    response = client.post(CODE, {"code": bad})
    assert response.status_code == 302 and response["Location"] == LOGIN
    # Even the right code is useless now: the password must be given again.
    assert client.post(CODE, {"code": code_for(device, 1)})["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_device_slows_down_guessing_across_logins(client, roles):
    device = enable_for(client, roles.admin)
    client.post(LOGIN, {"username": "t.admin", "password": PASSWORD})
    client.post(CODE, {"code": wrong(code_for(device, 1))})
    # Right after a failure the device waits: even the right code is not tried.
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response.status_code == 400 and "Tunggu sebentar" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_the_code_step_expires(client, roles):
    device = enable_for(client, roles.admin)
    client.post(LOGIN, {"username": "t.admin", "password": PASSWORD})
    session = client.session
    session[otp.SESSION_PENDING]["since"] -= otp.PENDING_SECONDS + 1
    session.save()
    assert client.post(CODE, {"code": code_for(device, 1)})["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_code_step_without_a_password_goes_to_the_login(client, roles):
    assert client.get(CODE)["Location"] == LOGIN


def test_accounts_without_it_log_in_as_before(client, roles):
    response = client.post(LOGIN, {"username": "t.petugas", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] != CODE
    assert client.session["_auth_user_id"] == str(roles.petugas.pk)


def test_an_api_token_needs_the_code_when_two_factor_is_on(client, roles, no_device_throttle):
    device = enable_for(client, roles.admin)
    client.logout()
    credentials = {"username": roles.admin.username, "password": "uji-sandi-2026"}
    refused = client.post("/api/token/", credentials)
    assert refused.status_code == 400 and "otp" in refused.json()
    assert client.post("/api/token/", {**credentials, "otp": "000000"}).status_code == 400
    granted = client.post("/api/token/", {**credentials, "otp": code_for(device, steps_ahead=1)})
    assert granted.status_code == 200 and granted.json()["token"]


def test_an_api_token_for_an_account_without_two_factor_needs_only_the_password(client, roles):
    response = client.post("/api/token/", {"username": roles.petugas.username, "password": "uji-sandi-2026"})
    assert response.status_code == 200


# ---------------------------------------------------------------- recovery codes


def _codes_shown(client) -> list[str]:
    page = client.get(SETUP).content.decode()
    block = re.search(r'data-testid="recovery-codes">(.*?)</div>', page, re.S)
    assert block, "the recovery codes are shown right after two-factor is turned on"
    return re.findall(r'<li class="col">(\w+)</li>', block.group(1))


def test_turning_it_on_shows_recovery_codes_once(client, roles):
    client.force_login(roles.admin)
    assert "kode cadangan" not in client.get(SETUP).content.decode()  # none exist before it is on
    device = TOTPDevice.objects.get(user=roles.admin)
    assert client.post(SETUP, {"action": "enable", "code": code_for(device)}).status_code == 302
    codes = _codes_shown(client)
    assert len(codes) == otp.RECOVERY_CODES and len(set(codes)) == otp.RECOVERY_CODES
    assert 'data-testid="recovery-codes"' not in client.get(SETUP).content.decode()  # once only


def test_a_lost_phone_is_replaced_by_a_recovery_code_that_works_once(client, roles):
    enable_for(client, roles.admin)
    code = otp.new_recovery_codes(roles.admin)[0]
    client.logout()
    assert client.post(LOGIN, {"username": "t.admin", "password": PASSWORD}).status_code == 302
    response = client.post(CODE, {"code": code.upper()})
    assert response.status_code == 302 and not response["Location"].startswith(LOGIN)
    assert client.get("/akun/pengguna/").status_code == 200
    assert otp.recovery_codes_left(roles.admin) == otp.RECOVERY_CODES - 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECOVERY_CODE, username="t.admin").exists()

    client.logout()
    client.post(LOGIN, {"username": "t.admin", "password": PASSWORD})
    assert client.post(CODE, {"code": code}).status_code == 400  # spent


def test_new_recovery_codes_take_a_current_code_and_void_the_old_ones(client, roles):
    device = enable_for(client, roles.admin)
    old = otp.new_recovery_codes(roles.admin)
    client.force_login(roles.admin)
    device.throttle_reset()
    assert client.post(SETUP, {"action": "codes", "code": wrong(code_for(device, 1))}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(SETUP, {"action": "codes", "code": code_for(device, 1)}).status_code == 302
    new = _codes_shown(client)
    assert not set(old) & set(new)
    assert not otp.use_recovery_code(roles.admin, old[0]).ok
