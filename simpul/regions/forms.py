"""Choosing a desa within the home region: first the kecamatan, then its desa."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region


class KecamatanDesaWidget(forms.Widget):
    """Two selects; choosing a kecamatan reloads the desa list through htmx."""

    template_name = "regions/widgets/kecamatan_desa.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        home = settings.SIMPUL_HOME_REGION
        selected_kec = value.rsplit(".", 1)[0] if value and value.count(".") == 3 else ""
        context["widget"].update(
            {
                "kecamatan": Region.objects.home().kecamatan().only("code", "name"),
                "selected_kecamatan": selected_kec,
                "desa": Region.objects.desa().filter(parent_id=selected_kec).only("code", "name")
                if selected_kec
                else [],
                "options_url": reverse("regions:desa_options"),
                "home": home,
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None


class DesaField(forms.ModelChoiceField):
    """A desa/kelurahan inside the home region, picked kecamatan first."""

    widget = KecamatanDesaWidget

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Region.objects.home().desa())
        kwargs.setdefault("label", _("Desa/kelurahan"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Pilih desa/kelurahan yang ada di wilayah kerja dinas.")},
        )
        super().__init__(**kwargs)
