"""Forms of programs, partners, constraints and associations; messages in Indonesian."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from simpul.accounts.models import User
from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.roles import Role
from simpul.programs import eligibility
from simpul.programs.models import Asosiasi, Kegiatan, Kendala, Mitra, Partisipasi, Program
from simpul.regions.models import Region
from simpul.registry.models import Legalitas, Usaha

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_MB = 5


class ProgramForm(forms.ModelForm):
    eligible_scales = forms.MultipleChoiceField(
        label=_("Syarat skala usaha"),
        choices=Usaha.Scale.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_sentra = forms.TypedMultipleChoiceField(
        label=_("Syarat sentra"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )

    class Meta:
        model = Program
        fields = [
            "name",
            "kind",
            "certificate_kind",
            "year",
            "funding",
            "budget",
            "organiser",
            "organiser_name",
            "mitra",
            "quota",
            "status",
            "description",
            "eligible_kbli",
            "eligible_groups",
            "eligible_scales",
            "eligible_kecamatan",
            "eligible_sentra",
            "no_repeat_years",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "eligible_kbli": forms.SelectMultiple(attrs={"size": 6}),
            "eligible_groups": forms.CheckboxSelectMultiple,
            "eligible_kecamatan": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["eligible_kbli"].queryset = Kbli.objects.filter(level=2).order_by("code")
        self.fields["eligible_groups"].queryset = CommodityGroup.objects.active()
        self.fields["eligible_kecamatan"].queryset = Region.objects.within(
            settings.SIMPUL_HOME_REGION
        ).kecamatan()
        self.fields["mitra"].queryset = Mitra.objects.active()
        for name in ("eligible_kbli", "eligible_groups", "eligible_kecamatan"):
            self.fields[name].help_text = _("Kosongkan bila tidak dibatasi.")
        if eligibility.sentra_available():
            from django.apps import apps

            sentra = apps.get_model("clusters", "Sentra").objects.active().order_by("name")
            self.fields["eligible_sentra"].choices = [(s.pk, s.name) for s in sentra]
            self.fields["eligible_sentra"].help_text = _("Kosongkan bila tidak dibatasi.")
        else:
            del self.fields["eligible_sentra"]


class KegiatanForm(forms.ModelForm):
    class Meta:
        model = Kegiatan
        fields = ["name", "start_date", "end_date", "place", "city", "country", "scope", "notes"]
        widgets = {"start_date": _DATE, "end_date": _DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, program: Program | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if program is not None:
            self.instance.program = program


class ProposeForm(forms.Form):
    """Businesses chosen from the eligible list, for one activity of the program."""

    kegiatan = forms.ModelChoiceField(label=_("Kegiatan"), queryset=Kegiatan.objects.none(), empty_label=None)
    usaha = forms.ModelMultipleChoiceField(
        label=_("Usaha"),
        queryset=Usaha.objects.none(),
        error_messages={"required": _("Centang minimal satu usaha.")},
    )

    def __init__(self, *args, kegiatan, usaha, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kegiatan"].queryset = kegiatan
        self.fields["usaha"].queryset = usaha


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Partisipasi.Status.choices)


#: Outcome fields that matter for each kind of program (the follow-up visit always does).
OUTCOME_FIELDS: dict[str, tuple[str, ...]] = {
    Program.Kind.SERTIFIKASI: (
        "certificate_kind",
        "certificate_number",
        "certificate_issuer",
        "certificate_issued_on",
        "certificate_expires_on",
    ),
    Program.Kind.BANTUAN_ALAT: ("equipment", "equipment_value"),
    Program.Kind.PAMERAN: ("sales_value", "leads"),
    Program.Kind.TEMU_BISNIS: ("sales_value", "leads"),
    Program.Kind.KURASI: ("sales_value", "leads"),
    Program.Kind.PERMODALAN: ("loan_amount", "loan_bank"),
}
_FOLLOWUP = ("followup_on", "followup_notes")


class OutcomeForm(forms.ModelForm):
    """The outcome of one participation; the fields shown follow the program's kind."""

    complete = forms.BooleanField(
        label=_("Tandai selesai"),
        required=False,
        help_text=_("Sertifikat yang diisi akan tercatat sebagai legalitas usaha."),
    )

    class Meta:
        model = Partisipasi
        fields = [
            "certificate_kind",
            "certificate_number",
            "certificate_issuer",
            "certificate_issued_on",
            "certificate_expires_on",
            "equipment",
            "equipment_value",
            "sales_value",
            "leads",
            "loan_amount",
            "loan_bank",
            "followup_on",
            "followup_notes",
        ]
        widgets = {
            "certificate_issued_on": _DATE,
            "certificate_expires_on": _DATE,
            "followup_on": _DATE,
            "followup_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        program = self.instance.program
        wanted = {*OUTCOME_FIELDS.get(program.kind, ()), *_FOLLOWUP}
        for name in list(self.fields):
            if name != "complete" and name not in wanted:
                del self.fields[name]
        if "certificate_kind" in self.fields and not self.instance.certificate_kind:
            self.initial["certificate_kind"] = program.certificate_kind
        if self.instance.status == Partisipasi.Status.SELESAI:
            del self.fields["complete"]

    def clean(self):
        data = super().clean()
        number = (data.get("certificate_number") or "").strip()
        if number and not data.get("certificate_kind"):
            self.add_error("certificate_kind", _("Pilih jenis sertifikat."))
        issued, expires = data.get("certificate_issued_on"), data.get("certificate_expires_on")
        if issued and expires and expires < issued:
            self.add_error("certificate_expires_on", _("Tanggal berlaku tidak boleh sebelum tanggal terbit."))
        if data.get("certificate_kind") == Legalitas.Kind.NIB:
            self.add_error("certificate_kind", _("NIB bukan sertifikat hasil program."))
        return data


class ImportForm(forms.Form):
    """An attendance sheet (XLSX/XLS/ODS/CSV) for one activity."""

    kegiatan = forms.ModelChoiceField(label=_("Kegiatan"), queryset=Kegiatan.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("Berkas daftar hadir"),
        help_text=_("Kolom yang dikenali: Nama usaha, NIB, Desa, Kecamatan, Hadir."),
    )

    def __init__(self, *args, kegiatan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kegiatan"].queryset = kegiatan

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": MAX_IMPORT_MB}
            )
        return upload


class KendalaForm(forms.ModelForm):
    """An officer or an owner records a constraint of a business within their reach."""

    accepts = ("user",)

    class Meta:
        model = Kendala
        fields = ["usaha", "kind", "severity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        reachable = Usaha.objects.restrict(user, "view") if user is not None else Usaha.objects.none()
        if action == "add":
            reachable = reachable.filter(archived_at=None)
        self.fields["usaha"].queryset = reachable.only("pk", "name").order_by("name")


class RouteForm(forms.Form):
    mitra = forms.ModelChoiceField(label=_("Teruskan ke mitra"), queryset=Mitra.objects.none())
    note = forms.CharField(
        label=_("Pesan untuk mitra"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mitra"].queryset = Mitra.objects.active()


class RespondForm(forms.Form):
    """A message in the thread, optionally changing the status."""

    body = forms.CharField(label=_("Tanggapan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Ubah status"), required=False)

    def __init__(self, *args, kendala: Kendala, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s, label) for s, label in Kendala.Status.choices if s != kendala.status]
        self.fields["status"].choices = [
            ("", _("— tetap %(status)s —") % {"status": kendala.get_status_display()})
        ] + choices

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("status"):
            raise forms.ValidationError(_("Tulis tanggapan atau pilih status baru."))
        return data


class MitraForm(forms.ModelForm):
    class Meta:
        model = Mitra
        fields = ["name", "kind", "services", "contact_person", "phone", "email", "address"]
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}


class AsosiasiForm(forms.ModelForm):
    class Meta:
        model = Asosiasi
        fields = ["name", "kind", "chairperson", "phone", "email", "address", "founded_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LinkUserForm(forms.Form):
    """Link an account of the given role that is not linked yet."""

    user = forms.ModelChoiceField(label=_("Akun"), queryset=User.objects.none())
    position = forms.CharField(label=_("Jabatan"), max_length=100, required=False)

    def __init__(self, *args, role: str, taken, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=role, is_active=True).exclude(pk__in=taken)
        if role != Role.ASOSIASI:
            del self.fields["position"]


class InviteForm(forms.Form):
    """A pengurus asks to add a business, identified by its NIB, as a member."""

    nib = forms.CharField(label=_("NIB usaha"), max_length=20)
    note = forms.CharField(label=_("Catatan untuk petugas"), max_length=300, required=False)

    def clean_nib(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["nib"] if ch.isdigit())
        if len(digits) != 13:
            raise forms.ValidationError(_("NIB terdiri dari 13 angka."))
        return digits


class MemberProposeForm(forms.Form):
    kegiatan = forms.ModelChoiceField(label=_("Kegiatan program"), queryset=Kegiatan.objects.none())
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, kegiatan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kegiatan"].queryset = kegiatan
        self.fields["kegiatan"].label_from_instance = lambda k: f"{k.program} — {k.name}"
