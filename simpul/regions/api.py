from rest_framework import serializers

from simpul.core.api import ScopedReadOnlyViewSet
from simpul.regions.filters import RegionFilterSet
from simpul.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "postal_code"]


class RegionViewSet(ScopedReadOnlyViewSet):
    """Kemendagri regions; `within=35.23` lists a region and everything below it."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_value_regex = r"[0-9.]+"
