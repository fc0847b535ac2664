"""Forms of the registry; invalid values get an Indonesian message next to the field."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core import uploads
from simpul.regions.forms import DesaField
from simpul.registry import validators
from simpul.registry.models import Gender, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha


class UsahaForm(forms.ModelForm):
    desa = DesaField()

    class Meta:
        model = Usaha
        fields = [
            "name",
            "legal_form",
            "nib",
            "npwp",
            "kbli",
            "kbli_other",
            "group",
            "address",
            "desa",
            "latitude",
            "longitude",
            "whatsapp",
            "phone",
            "email",
            "website",
            "marketplace",
            "year_founded",
            "status",
            "source",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "data-map": "lat"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "data-map": "lng"}),
            "marketplace": forms.Textarea(attrs={"rows": 2}),
            "kbli_other": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        manufacturing = Kbli.objects.exclude(level=1).order_by("code")
        self.fields["kbli"].queryset = manufacturing
        self.fields["kbli_other"].queryset = manufacturing
        self.fields["kbli_other"].required = False
        self.fields["group"].queryset = CommodityGroup.objects.active()
        self.fields["desa"].initial = self.instance.desa_id if self.instance.pk else None


class OwnerForm(forms.Form):
    """The owner entered together with a new business; an existing NIK links to that person."""

    prefix = "pemilik"

    owner_name = forms.CharField(label=_("Nama pemilik"), max_length=150, required=False)
    owner_nik = forms.CharField(label=_("NIK pemilik"), max_length=20, required=False)
    owner_gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—"), *Gender.choices], required=False
    )
    owner_birth_year = forms.IntegerField(
        label=_("Tahun lahir"), min_value=1920, max_value=2015, required=False
    )
    owner_phone = forms.CharField(label=_("Nomor HP pemilik"), max_length=30, required=False)

    def clean_owner_nik(self) -> str:
        value = validators.digits(self.cleaned_data["owner_nik"])
        if value:
            try:
                validators.validate_nik(value)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return value

    def clean_owner_phone(self) -> str:
        return validators.clean_phone(self.cleaned_data["owner_phone"])

    def clean(self):
        data = super().clean()
        if (data.get("owner_nik") or data.get("owner_phone")) and not data.get("owner_name"):
            existing = (
                Pelaku.objects.filter(nik=data.get("owner_nik")).first() if data.get("owner_nik") else None
            )
            if existing is None:
                self.add_error("owner_name", _("Isi nama pemilik."))
        return data

    def has_owner(self) -> bool:
        return bool(self.cleaned_data.get("owner_name") or self.cleaned_data.get("owner_nik"))

    def save_for(self, usaha: Usaha) -> Pelaku | None:
        """Link the owner to the business: the person with this NIK, or a new person."""
        if not self.has_owner():
            return None
        data = self.cleaned_data
        pelaku = Pelaku.objects.filter(nik=data["owner_nik"]).first() if data["owner_nik"] else None
        if pelaku is None:
            pelaku = Pelaku.objects.create(
                name=data["owner_name"],
                nik=data["owner_nik"],
                gender=data["owner_gender"],
                birth_year=data["owner_birth_year"],
                phone=data["owner_phone"],
            )
        usaha.kepemilikan.get_or_create(pelaku=pelaku)
        return pelaku


class PelakuForm(forms.ModelForm):
    class Meta:
        model = Pelaku
        fields = ["name", "nik", "gender", "birth_year", "phone", "email", "education"]


class ProdukForm(forms.ModelForm):
    class Meta:
        model = Produk
        fields = [
            "name",
            "description",
            "kbli",
            "group",
            "unit",
            "price_min",
            "price_max",
            "capacity_per_year",
            "in_catalog",
            "photo",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, usaha: Usaha | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if usaha is not None:
            self.instance.usaha = usaha
        self.fields["kbli"].queryset = Kbli.objects.exclude(level=1).order_by("code")
        self.fields["group"].queryset = CommodityGroup.objects.active()
        # Django's own image check runs first; it should speak with the same words as ours.
        self.fields["photo"].error_messages["invalid_image"] = uploads.IMAGE_TYPE_MESSAGE

    def clean_photo(self):
        """A new photo is stored as a clean re-encoded copy; a kept or cleared one passes as it is."""
        photo = self.cleaned_data.get("photo")
        return uploads.clean_image(photo) if isinstance(photo, UploadedFile) else photo


class LaporanForm(forms.ModelForm):
    class Meta:
        model = LaporanTahunan
        fields = [
            "year",
            "workforce_male",
            "workforce_female",
            "investment_machines",
            "investment_other",
            "investment_land_buildings",
            "installed_capacity",
            "production_value",
            "raw_material_value",
            "water_m3",
            "fuel",
            "electricity_kwh",
            "sales_local",
            "sales_other_kabupaten",
            "sales_other_province",
            "sales_export",
            "destinations",
            "export_countries",
        ]
        widgets = {"destinations": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, usaha: Usaha | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if usaha is not None:
            self.instance.usaha = usaha
        from simpul.regions.models import Region

        self.fields["destinations"].queryset = Region.objects.filter(level__in=[1, 2])
        self.fields["destinations"].required = False

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        others = LaporanTahunan.objects.filter(usaha_id=self.instance.usaha_id, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Laporan tahun %(year)s untuk usaha ini sudah ada; ubah laporan itu."),
                params={"year": year},
            )
        return year


class LegalitasForm(forms.ModelForm):
    class Meta:
        model = Legalitas
        fields = ["kind", "number", "issuer", "issued_on", "expires_on", "document", "products"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, usaha: Usaha | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if usaha is not None:
            self.instance.usaha = usaha
        self.fields["products"].queryset = Produk.objects.filter(usaha_id=self.instance.usaha_id)
        self.fields["products"].required = False

    def clean_document(self):
        """A new document must be a PDF, JPEG or PNG by its content; scans are re-encoded."""
        document = self.cleaned_data.get("document")
        return uploads.clean_document(document) if isinstance(document, UploadedFile) else document


def home_region() -> str:
    return settings.SIMPUL_HOME_REGION
