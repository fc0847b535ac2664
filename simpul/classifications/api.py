from rest_framework import serializers

from simpul.classifications.filters import CommodityGroupFilterSet, KbliFilterSet
from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet


class KbliSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kbli
        fields = ["code", "title", "level", "parent", "group"]


class CommodityGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommodityGroup
        fields = ["id", "slug", "name", "description", "order"]


class KbliViewSet(ScopedReadOnlyViewSet):
    queryset = Kbli.objects.all()
    # KBLI codes: the section letter ("C") or up to five digits.
    lookup_value_regex = r"[A-Z]|[0-9]{1,5}"
    serializer_class = KbliSerializer
    filterset_class = KbliFilterSet


class CommodityGroupViewSet(ScopedModelViewSet):
    queryset = CommodityGroup.objects.all()
    serializer_class = CommodityGroupSerializer
    filterset_class = CommodityGroupFilterSet
