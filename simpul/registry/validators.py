"""Field checks with messages in Indonesian; identifiers are checked with lokal-id."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lokal import normalize_phone, parse_nik, parse_npwp

_DIGITS = re.compile(r"\D")


def digits(value: str) -> str:
    return _DIGITS.sub("", value or "")


def validate_nik(value: str) -> None:
    number = digits(value)
    if len(number) != 16:
        raise ValidationError(
            _("NIK harus 16 angka; yang diisi %(count)s angka.") % {"count": len(number)}, code="nik_length"
        )
    if not parse_nik(number).valid:
        raise ValidationError(
            _("NIK tidak sah: kode wilayah atau tanggal lahir di dalamnya tidak dikenal."), code="nik_invalid"
        )


def validate_nib(value: str) -> None:
    number = digits(value)
    if len(number) != 13 or number != value.strip():
        raise ValidationError(_("NIB harus tepat 13 angka tanpa tanda baca."), code="nib")


def validate_npwp(value: str) -> None:
    if not parse_npwp(value).valid:
        raise ValidationError(_("NPWP tidak sah: periksa 15 atau 16 angkanya."), code="npwp")


def clean_phone(value: str) -> str:
    """The phone number in E.164 (+62…), or a ValidationError explaining the problem."""
    if not value:
        return ""
    normalised = normalize_phone(value)
    if not normalised:
        raise ValidationError(
            _("Nomor telepon tidak dikenali. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890."),
            code="phone",
        )
    return normalised


def validate_phone(value: str) -> None:
    clean_phone(value)
