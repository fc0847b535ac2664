"""Which fields hold personal data (UU PDP 27/2022): the one place that says so.

Masking, audit logging of views and exports, the data-subject download and
docs/security.md all read this table. Models are named by label so core
stays below the apps that own them.
"""

from __future__ import annotations

from django.db import models

#: model label → fields holding personal data, with the kind of data.
PERSONAL_FIELDS: dict[str, dict[str, str]] = {
    "registry.Pelaku": {
        "nik": "NIK",
        "phone": "nomor telepon",
        "birth_year": "tahun lahir",
        "email": "surel",
    },
    "registry.Usaha": {
        "whatsapp": "nomor WhatsApp",
        "phone": "nomor telepon",
        "email": "surel",
        "npwp": "NPWP",
    },
    # Buyers who write to the office or to a maker from the public catalog.
    "market.Permintaan": {"buyer_name": "nama", "buyer_email": "surel", "buyer_phone": "nomor telepon"},
    "market.PesanKatalog": {"sender_name": "nama", "sender_email": "surel", "sender_phone": "nomor telepon"},
    "registry.LaporanTahunan": {
        "investment_machines": "keuangan usaha",
        "investment_other": "keuangan usaha",
        "investment_land_buildings": "keuangan usaha",
        "production_value": "keuangan usaha",
        "raw_material_value": "keuangan usaha",
        "sales_local": "keuangan usaha",
        "sales_other_kabupaten": "keuangan usaha",
        "sales_other_province": "keuangan usaha",
        "sales_export": "keuangan usaha",
    },
}


def personal_fields(model: type[models.Model] | models.Model) -> dict[str, str]:
    return PERSONAL_FIELDS.get(model._meta.label, {})


def has_personal_data(model: type[models.Model]) -> bool:
    return bool(personal_fields(model))


def mask_nik(nik: str) -> str:
    """3523********0001: enough to tell two people apart, not enough to use."""
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}" if nik and len(nik) == 16 else ("*" * len(nik) if nik else "")


def mask_phone(phone: str) -> str:
    return f"{phone[:6]}****{phone[-3:]}" if phone and len(phone) > 9 else phone
