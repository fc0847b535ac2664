"""Forms of the catalog (contact, demand) and of the officers' and owners' demand pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import Kbli
from simpul.market.filters import home_kecamatan
from simpul.market.models import Penawaran, Permintaan, Showcase
from simpul.registry import validators
from simpul.registry.models import Legalitas

DEMAND_CERTIFICATES = [
    (Legalitas.Kind.HALAL, _("Halal")),
    (Legalitas.Kind.PIRT, _("PIRT")),
    (Legalitas.Kind.BPOM, _("BPOM")),
    (Legalitas.Kind.SNI, _("SNI")),
    (Legalitas.Kind.TKDN, _("TKDN")),
]


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS) and robots fill in."""

    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Formulir tidak dapat dikirim."))
        return ""


def _clean_phone(value: str) -> str:
    return validators.clean_phone(value.strip()) if value and value.strip() else ""


class ContactForm(HoneypotMixin):
    """A buyer's message to a maker."""

    name = forms.CharField(label=_("Nama Anda"), max_length=150)
    email = forms.EmailField(label=_("Surel"), required=False)
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=20, required=False)
    body = forms.CharField(
        label=_("Pesan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Pesan diterima pemilik usaha dan petugas dinas."),
    )

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise ValidationError(_("Isi surel atau nomor telepon agar pembuat dapat membalas."))
        return data


class DemandForm(HoneypotMixin, forms.ModelForm):
    """The buyer's public form."""

    required_certificates = forms.MultipleChoiceField(
        choices=DEMAND_CERTIFICATES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sertifikat yang disyaratkan"),
    )
    agree = forms.BooleanField(
        label=_("Saya setuju kontak saya diteruskan kepada petugas dinas dan IKM calon pemasok."),
        help_text=_(
            "Nama instansi ditampilkan; nama, surel dan telepon Anda tidak pernah ditampilkan di situs."
        ),
    )

    class Meta:
        model = Permintaan
        fields = [
            "product",
            "specification",
            "quantity",
            "unit",
            "delivery_place",
            "delivery_kecamatan",
            "deadline",
            "required_certificates",
            "budget",
            "buyer_kind",
            "buyer_organisation",
            "buyer_name",
            "buyer_email",
            "buyer_phone",
        ]
        widgets = {
            "specification": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quantity": forms.NumberInput(attrs={"inputmode": "decimal", "min": "0"}),
            "budget": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        }
        help_texts = {
            "product": _("Misalnya: keripik singkong, batik tulis, genteng."),
            "delivery_kecamatan": _(
                "Bila tempat pengiriman di wilayah kami; membantu mencari pemasok terdekat."
            ),
            "budget": _("Opsional: perkiraan anggaran seluruhnya."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_kecamatan"].queryset = home_kecamatan()
        self.fields["delivery_kecamatan"].empty_label = _("Di luar wilayah / belum tahu")

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise ValidationError(_("Batas waktu tidak boleh sudah lewat."))
        return deadline

    def clean_buyer_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("buyer_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("buyer_email") and not data.get("buyer_phone") and "buyer_phone" not in self.errors:
            self.add_error(
                "buyer_phone", _("Isi surel atau nomor telepon agar petugas dan IKM dapat menghubungi Anda.")
            )
        return data


class VerifyForm(forms.Form):
    """What the officer may set while verifying: the KBLI and the delivery point, for better matching."""

    kbli = forms.ModelChoiceField(
        queryset=Kbli.objects.filter(level__in=[2, 5]).order_by("code"),
        required=False,
        label=_("KBLI produk"),
        empty_label=_("Tentukan otomatis"),
    )
    delivery_latitude = forms.DecimalField(
        label=_("Lintang tempat pengiriman"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-11,
        max_value=6,
    )
    delivery_longitude = forms.DecimalField(
        label=_("Bujur tempat pengiriman"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=95,
        max_value=141,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class OfferForm(forms.ModelForm):
    """An owner's offer; the product list is limited to the business the demand was sent to."""

    class Meta:
        model = Penawaran
        fields = ["produk", "price_per_unit", "quantity", "ready_by", "note"]
        widgets = {
            "ready_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "price_per_unit": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "quantity": forms.NumberInput(attrs={"inputmode": "decimal", "min": "0"}),
        }

    def __init__(self, *args: Any, products=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["produk"].queryset = (
            products if products is not None else self.fields["produk"].queryset.none()
        )
        self.fields["produk"].empty_label = _("Pilih produk")


class OutcomeForm(forms.Form):
    """Which offers became deals, for how much, and whether the goods arrived."""

    note = forms.CharField(label=_("Catatan hasil"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, offers=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = list(offers)
        for offer in self.offers:
            self.fields[f"deal_{offer.pk}"] = forms.BooleanField(required=False, label=str(offer.usaha))
            self.fields[f"value_{offer.pk}"] = forms.DecimalField(
                required=False,
                min_value=0,
                max_digits=18,
                decimal_places=0,
                label=_("Nilai transaksi (Rp)"),
                initial=offer.deal_value or (offer.price_per_unit * offer.quantity).quantize(Decimal(1)),
            )
            self.fields[f"delivered_{offer.pk}"] = forms.DateField(
                required=False, label=_("Diterima pada"), widget=forms.DateInput(attrs={"type": "date"})
            )

    def rows(self):
        """(offer, deal field, value field, delivered field) for the template."""
        return [
            (o, self[f"deal_{o.pk}"], self[f"value_{o.pk}"], self[f"delivered_{o.pk}"]) for o in self.offers
        ]

    def deals(self):
        from simpul.market.demand import Deal

        found = []
        for offer in self.offers:
            if self.cleaned_data.get(f"deal_{offer.pk}"):
                value = self.cleaned_data.get(f"value_{offer.pk}")
                if value is None:
                    value = (offer.price_per_unit * offer.quantity).quantize(Decimal(1))
                found.append(Deal(offer.pk, value, self.cleaned_data.get(f"delivered_{offer.pk}")))
        return found


class ShowcaseForm(forms.ModelForm):
    kegiatan = forms.TypedChoiceField(
        label=_("Kegiatan pameran (modul program)"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Showcase
        fields = ["name", "description", "place", "city", "starts_on", "ends_on", "is_public"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from simpul.market.showcase import exhibitions

        super().__init__(*args, **kwargs)
        events = exhibitions()
        if events is None:
            del self.fields["kegiatan"]
        else:
            self.fields["kegiatan"].choices = [("", _("Tidak terkait"))] + [
                (e.pk, str(e)) for e in events[:500]
            ]
            self.initial.setdefault("kegiatan", self.instance.kegiatan_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    def save(self, commit: bool = True) -> Showcase:
        if "kegiatan" in self.fields:
            self.instance.kegiatan_id = self.cleaned_data.get("kegiatan")
        return super().save(commit=commit)
