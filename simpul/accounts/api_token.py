"""The API token endpoint, which asks for the authenticator code when the account has two-factor on.

Without this, an admin who turned on two-factor login could still get a
token that opens the whole API with the password alone.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from simpul.accounts import otp


class ObtainTokenView(ObtainAuthToken):
    """POST username, password and, with two-factor on, `otp` (the 6-digit code)."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        device = otp.confirmed_device(user)
        if device is not None:
            code = str(request.data.get("otp", ""))
            if not code:
                return Response(
                    {
                        "otp": [
                            _(
                                "Akun ini memakai verifikasi dua langkah: kirim juga kode dari aplikasi autentikator."
                            )
                        ]
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
            if not otp.check(device, code).ok:
                return Response(
                    {"otp": [_("Kode verifikasi salah atau sudah dipakai.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
