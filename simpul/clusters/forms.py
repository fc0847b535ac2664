"""Forms of sentra, kawasan and OVOP; messages are in Indonesian and appear next to the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.query import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.clusters import ovop
from simpul.clusters.models import (
    FasilitasSentra,
    Kawasan,
    KawasanFoto,
    Keanggotaan,
    OvopAspect,
    OvopAssessment,
    OvopScore,
    OvopStarRule,
    Sentra,
    SentraFoto,
)
from simpul.regions.forms import DesaField
from simpul.regions.models import Region
from simpul.registry.models import Pelaku, Produk, Usaha

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_COORDINATES = {
    "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
    "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
}


def desa_groups(selected: list[str] | None = None) -> list[dict[str, Any]]:
    """Desa of the home region grouped by kecamatan (two queries), marking the selected ones."""
    chosen = set(selected or [])
    home = Region.objects.within(settings.SIMPUL_HOME_REGION)
    groups: dict[str, dict[str, Any]] = {
        code: {"code": code, "name": name, "desa": [], "selected": 0}
        for code, name in home.kecamatan().values_list("code", "name")
    }
    for code, name, parent in home.desa().values_list("code", "name", "parent_id"):
        group = groups.get(parent)
        if group is None:
            continue
        checked = code in chosen
        group["desa"].append({"code": code, "name": name, "checked": checked})
        group["selected"] += int(checked)
    return [g for g in groups.values() if g["desa"]]


class DesaChecklist(forms.CheckboxSelectMultiple):
    """Desa as checkboxes grouped by kecamatan (folded), the same list the map page uses."""

    template_name = "clusters/widgets/desa_checklist.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["groups"] = desa_groups([str(v) for v in value or []])
        return context

    def optgroups(self, name, value, attrs=None):
        # The template renders its own groups; skip building one option per desa twice.
        return []


class SentraForm(forms.ModelForm):
    desa = DesaField()

    class Meta:
        model = Sentra
        fields = [
            "name",
            "product_focus",
            "kbli",
            "group",
            "description",
            "desa",
            "address",
            "latitude",
            "longitude",
            "area_geojson",
            "status",
            "established_year",
            "coordinator",
            "coordinator_name",
            "coordinator_phone",
            "photo",
            "is_public",
        ]
        widgets = {
            **_COORDINATES,
            "description": forms.Textarea(attrs={"rows": 3}),
            "area_geojson": forms.Textarea(attrs={"rows": 3, "class": "font-monospace small"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kbli"].queryset = Kbli.objects.exclude(level=Kbli.Level.KATEGORI).order_by("code")
        self.fields["group"].queryset = CommodityGroup.objects.active()
        self.fields["desa"].initial = self.instance.desa_id if self.instance.pk else None
        # The coordinator is one of the members' owners; a new sentra has none yet.
        owners = Pelaku.objects.filter(kepemilikan__usaha__sentra_keanggotaan__sentra_id=self.instance.pk)
        self.fields["coordinator"].queryset = owners.distinct() if self.instance.pk else Pelaku.objects.none()
        self.fields["coordinator"].help_text = _(
            "Pilih pemilik usaha anggota, atau isi nama dan HP di bawah."
        )


class FasilitasForm(forms.ModelForm):
    class Meta:
        model = FasilitasSentra
        fields = ["kind", "name", "quantity", "source", "year", "condition"]

    def __init__(self, *args, sentra: Sentra | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if sentra is not None:
            self.instance.sentra = sentra


class SentraFotoForm(forms.ModelForm):
    class Meta:
        model = SentraFoto
        fields = ["image", "caption", "order"]

    def __init__(self, *args, sentra: Sentra | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if sentra is not None:
            self.instance.sentra = sentra


class KawasanFotoForm(forms.ModelForm):
    class Meta:
        model = KawasanFoto
        fields = ["image", "caption", "order"]

    def __init__(self, *args, kawasan: Kawasan | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kawasan is not None:
            self.instance.kawasan = kawasan


def member_candidates(sentra: Sentra, user, limit: int = 300) -> list[tuple[int, str]]:
    """Businesses the user sees that are not yet members: same desa and KBLI division first, then the kecamatan."""
    rank = Case(When(desa_id=sentra.desa_id, then=Value(0)), default=Value(2), output_field=IntegerField())
    if sentra.kbli_id:
        same_division = When(kbli__code__startswith=sentra.kbli_id[:2], then=Value(0))
        rank = rank + Case(same_division, default=Value(1), output_field=IntegerField())
    queryset = (
        Usaha.objects.restrict(user, "view")
        .filter(archived_at=None, kecamatan_id=sentra.kecamatan_id)
        .exclude(sentra_keanggotaan__sentra=sentra)
        .annotate(rank=rank)
        .order_by("rank", "name")
        .values_list("pk", "name", "desa__name", "kbli_id")[:limit]
    )
    return [(pk, f"{name} — {desa} ({kbli or '-'})") for pk, name, desa, kbli in queryset]


class MemberAddForm(forms.Form):
    """Add businesses to a sentra: any business the user sees; the list offers the nearest first."""

    usaha = forms.ModelMultipleChoiceField(
        queryset=Usaha.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Usaha")
    )

    def __init__(self, *args, sentra: Sentra, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sentra = sentra
        field = self.fields["usaha"]
        field.queryset = Usaha.objects.restrict(user, "view").filter(archived_at=None)
        field.widget.choices = member_candidates(sentra, user)

    def save(self) -> int:
        """Add the chosen businesses; returns how many were new members."""
        existing = set(self.sentra.keanggotaan.values_list("usaha_id", flat=True))
        new = [
            Keanggotaan(sentra=self.sentra, usaha=u)
            for u in self.cleaned_data["usaha"]
            if u.pk not in existing
        ]
        Keanggotaan.objects.bulk_create(new)
        return len(new)


class UsahaSentraForm(forms.Form):
    """From a business's page: the sentra (that the user may change) it joins."""

    sentra = forms.ModelChoiceField(
        queryset=Sentra.objects.none(), label=_("Sentra"), empty_label=_("— pilih sentra —")
    )

    def __init__(self, *args, usaha: Usaha, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.usaha = usaha
        self.fields["sentra"].queryset = sentra_choices_for(usaha, user)

    def save(self) -> Keanggotaan:
        membership, _created = Keanggotaan.objects.get_or_create(
            sentra=self.cleaned_data["sentra"], usaha=self.usaha
        )
        return membership


def sentra_choices_for(usaha: Usaha, user) -> QuerySet[Sentra]:
    """Sentra the user may change that the business has not joined: its own kecamatan first."""
    return (
        Sentra.objects.restrict(user, "change")
        .filter(archived_at=None)
        .exclude(keanggotaan__usaha=usaha)
        .annotate(
            near=Case(
                When(kecamatan_id=usaha.kecamatan_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("near", "name")
    )


class KawasanForm(forms.ModelForm):
    accepts = ("user",)

    desa = forms.ModelMultipleChoiceField(
        queryset=Region.objects.none(),
        widget=DesaChecklist,
        label=_("Desa/kelurahan yang dicakup"),
        error_messages={"required": _("Pilih paling sedikit satu desa/kelurahan.")},
    )

    class Meta:
        model = Kawasan
        fields = [
            "name",
            "theme",
            "description",
            "desa",
            "sentra",
            "products",
            "legal_kind",
            "legal_number",
            "legal_date",
            "legal_document",
            "partners",
            "attractions",
            "directions",
            "opening_hours",
            "visitor_contact",
            "latitude",
            "longitude",
            "photo",
            "is_public",
        ]
        widgets = {
            **_COORDINATES,
            "legal_date": _DATE,
            "sentra": forms.CheckboxSelectMultiple,
            "products": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "attractions": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = Region.objects.within(settings.SIMPUL_HOME_REGION).desa()
        self.fields["sentra"].queryset = (
            Sentra.objects.restrict(user, "view").filter(archived_at=None).select_related("desa")
            if user is not None
            else Sentra.objects.none()
        )
        self.fields["sentra"].required = False
        self.fields["products"].required = False
        if self.instance.pk:
            from simpul.clusters.rollup import kawasan_businesses

            self.fields["products"].queryset = (
                Produk.objects.filter(usaha__in=kawasan_businesses(self.instance), archived_at=None)
                .select_related("usaha")
                .order_by("usaha__name", "name")
            )
        else:
            # Products are chosen once the kawasan (and so its businesses) exists.
            del self.fields["products"]

    def clean_legal_number(self) -> str:
        number = self.cleaned_data["legal_number"].strip()
        if number and not self.data.get(self.add_prefix("legal_kind")):
            raise forms.ValidationError(_("Pilih jenis dasar hukum untuk nomor ini."))
        return number


class OvopForm(forms.ModelForm):
    """An OVOP assessment with one points field per aspect of the sheet in force."""

    class Meta:
        model = OvopAssessment
        fields = [
            "produk",
            "year",
            "rater_level",
            "rater_name",
            "rater_agency",
            "assessed_on",
            "notes",
            "is_public",
        ]
        widgets = {"assessed_on": _DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, usaha: Usaha | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if usaha is not None:
            self.instance.usaha = usaha
            self.instance.desa_id = self.instance.desa_id or usaha.desa_id
        self.fields["produk"].queryset = Produk.objects.filter(
            usaha_id=self.instance.usaha_id, archived_at=None
        )
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        given = {s.aspect_id: s.points for s in self.instance.scores.all()} if self.instance.pk else {}
        self.aspects = list(
            OvopAspect.objects.filter(Q(active=True, archived_at=None) | Q(pk__in=list(given)))
        )
        for aspect in self.aspects:
            self.fields[f"aspect_{aspect.pk}"] = forms.DecimalField(
                label=f"{aspect.name} (0–{aspect.max_points})",
                min_value=Decimal(0),
                max_value=Decimal(aspect.max_points),
                decimal_places=2,
                initial=given.get(aspect.pk),
                help_text=aspect.description,
            )

    def aspect_groups(self) -> list[tuple[str, list]]:
        """The aspect fields grouped as on the sheet (produksi, pengembangan produk, masyarakat)."""
        labels = dict(OvopAspect.Group.choices)
        groups: dict[str, list] = {}
        for aspect in self.aspects:
            groups.setdefault(aspect.group, []).append(self[f"aspect_{aspect.pk}"])
        return [(labels.get(group, group), fields) for group, fields in groups.items()]

    def other_fields(self) -> list:
        return [self[name] for name in self.Meta.fields]

    def score_lines(self) -> list[ovop.ScoreLine]:
        return [
            ovop.ScoreLine(
                points=self.cleaned_data.get(f"aspect_{a.pk}") or Decimal(0),
                max_points=a.max_points,
                weight=a.weight,
            )
            for a in self.aspects
        ]

    def clean(self):
        data = super().clean()
        if any(f"aspect_{a.pk}" in self.errors for a in self.aspects):
            return data
        percent = ovop.weighted_percent(self.score_lines())
        stars = ovop.stars_for(percent, OvopStarRule.table())
        level = data.get("rater_level")
        if level and not ovop.level_fits(level, stars):
            self.add_error(
                "rater_level",
                _(
                    "Nilai %(percent)s%% setara bintang %(stars)s, yang ditetapkan oleh tingkat %(level)s. "
                    "Kabupaten/kota menetapkan bintang 1–2, provinsi bintang 3, kementerian bintang 4–5."
                )
                % {
                    "percent": percent,
                    "stars": stars,
                    "level": OvopAssessment.Level(ovop.level_for(stars)).label,
                },
            )
        produk = data.get("produk")
        year = data.get("year")
        if produk and year:
            twins = OvopAssessment.objects.filter(produk=produk, year=year).exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error("year", _("Produk ini sudah dinilai untuk tahun tersebut."))
        return data

    def save(self, commit: bool = True) -> OvopAssessment:
        assessment = super().save(commit=True)
        for aspect in self.aspects:
            OvopScore.objects.update_or_create(
                assessment=assessment,
                aspect=aspect,
                defaults={
                    "points": self.cleaned_data[f"aspect_{aspect.pk}"],
                    "max_points": aspect.max_points,
                    "weight": aspect.weight,
                },
            )
        assessment.rate()
        return assessment


class OvopAspectForm(forms.ModelForm):
    class Meta:
        model = OvopAspect
        fields = ["group", "name", "description", "max_points", "weight", "active", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ThresholdForm(forms.Form):
    """Lowest percentage for 2–5 stars (1 star is anything below 2); must rise with the stars."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        table = OvopStarRule.table()
        for stars in range(2, 6):
            self.fields[f"stars_{stars}"] = forms.DecimalField(
                label=_("Bintang %(n)s mulai (%%)") % {"n": stars},
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=table.get(stars, ovop.DEFAULT_THRESHOLDS[stars]),
            )

    def clean(self):
        data = super().clean()
        values = [data.get(f"stars_{n}") for n in range(2, 6)]
        if None not in values and any(b <= a for a, b in zip(values, values[1:], strict=False)):
            raise forms.ValidationError(
                _("Ambang harus naik: bintang lebih banyak butuh nilai lebih tinggi.")
            )
        return data

    def save(self) -> None:
        OvopStarRule.objects.update_or_create(stars=1, defaults={"min_percent": Decimal(0)})
        for stars in range(2, 6):
            OvopStarRule.objects.update_or_create(
                stars=stars, defaults={"min_percent": self.cleaned_data[f"stars_{stars}"]}
            )
