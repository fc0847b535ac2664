from django import forms

from simpul.classifications.models import CommodityGroup


class CommodityGroupForm(forms.ModelForm):
    class Meta:
        model = CommodityGroup
        fields = ["name", "slug", "description", "order"]
