"""REST API of the market.

Public, read-only, for anyone (no login): the catalog's products
(`/api/katalog/produk/`, the same filters and search as the page), public
businesses (`/api/katalog/usaha/`) and verified demands
(`/api/katalog/permintaan/`). They return only published fields — the
serializers name each field; nothing is `__all__`.

Scoped like the screens: demands for officers (`/api/permintaan/`, with the
ranking of candidates and the verify/forward steps) and offers
(`/api/penawaran/`, officers and the owners who made them).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from simpul.core.api import NumericLookup, ScopedModelViewSet
from simpul.core.roles import OFFICE_ROLES, role_of
from simpul.market import demand, matching, publication
from simpul.market.filters import CatalogFilterSet, PermintaanFilterSet
from simpul.market.models import CatalogEntry, Penawaran, Permintaan
from simpul.market.views.public import business_url, run_catalog_search
from simpul.registry.models import Usaha


def _absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


# ---------------------------------------------------------------------------
# Public catalog
# ---------------------------------------------------------------------------


class CatalogProductSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    url = serializers.SerializerMethodField()
    maker = serializers.SerializerMethodField()
    kecamatan = serializers.CharField(source="kecamatan_name")
    desa = serializers.CharField(source="desa_name")
    certificates = serializers.ListField(source="certificate_list", child=serializers.CharField())
    photo = serializers.SerializerMethodField()

    class Meta:
        model = CatalogEntry
        fields = [
            "id",
            "name",
            "url",
            "maker",
            "kecamatan",
            "desa",
            "kbli",
            "unit",
            "price_min",
            "price_max",
            "capacity_per_year",
            "certificates",
            "ovop_stars",
            "photo",
            "latitude",
            "longitude",
        ]

    def get_url(self, entry: CatalogEntry) -> str:
        return _absolute(self.context, entry.get_absolute_url())

    def get_maker(self, entry: CatalogEntry) -> dict[str, Any]:
        return {
            "id": entry.usaha_id,
            "name": entry.usaha_name,
            "url": _absolute(self.context, entry.get_usaha_url()),
        }

    def get_photo(self, entry: CatalogEntry) -> str:
        return _absolute(self.context, entry.photo_url) if entry.photo else ""


class PublicReadOnly(permissions.BasePermission):
    """Anyone may read; nobody writes."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


class CatalogProductViewSet(NumericLookup, viewsets.ReadOnlyModelViewSet):
    """Published products, with the catalog's filters and search (`q`, `urut`, `kelompok`, `kecamatan`…)."""

    queryset = CatalogEntry.objects.all()
    serializer_class = CatalogProductSerializer
    filterset_class = CatalogFilterSet
    filter_backends: list = []

    def get_queryset(self):
        return publication.public_catalog()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _filterset, found = run_catalog_search(request)
        page = self.paginate_queryset(found.results)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PublicBusinessSerializer(serializers.ModelSerializer):
    """A business as the public may see it (publication.PUBLIC_USAHA_FIELDS)."""

    url = serializers.SerializerMethodField()
    kecamatan = serializers.CharField(source="kecamatan.name")
    desa = serializers.CharField(source="desa.name")
    group = serializers.CharField(source="group.name", default="")
    legal_form = serializers.CharField(source="get_legal_form_display")

    class Meta:
        model = Usaha
        fields = [
            "id",
            "name",
            "url",
            "legal_form",
            "kbli",
            "group",
            "kecamatan",
            "desa",
            "latitude",
            "longitude",
            "whatsapp",
            "phone",
            "website",
            "year_founded",
        ]

    def get_url(self, usaha: Usaha) -> str:
        return _absolute(self.context, business_url(usaha))


class PublicBusinessViewSet(NumericLookup, viewsets.ReadOnlyModelViewSet):
    """Businesses with at least one published product (publication.public_businesses)."""

    queryset = Usaha.objects.none()
    serializer_class = PublicBusinessSerializer
    permission_classes = [PublicReadOnly]
    filter_backends: list = []

    def get_queryset(self):
        return (
            publication.public_businesses()
            .select_related("desa", "kecamatan", "group")
            .order_by("name", "pk")
        )


class PublicDemandSerializer(serializers.ModelSerializer):
    """A verified demand without the buyer's own contact."""

    url = serializers.SerializerMethodField()
    unit = serializers.CharField(source="get_unit_display")
    buyer_kind = serializers.CharField(source="get_buyer_kind_display")

    class Meta:
        model = Permintaan
        fields = [
            "id",
            "product",
            "specification",
            "quantity",
            "unit",
            "delivery_place",
            "deadline",
            "required_certificates",
            "buyer_kind",
            "buyer_organisation",
            "status",
            "url",
        ]

    def get_url(self, item: Permintaan) -> str:
        return _absolute(self.context, item.get_public_url())


class PublicDemandViewSet(NumericLookup, viewsets.ReadOnlyModelViewSet):
    queryset = Permintaan.objects.none()
    serializer_class = PublicDemandSerializer
    permission_classes = [PublicReadOnly]
    filter_backends: list = []

    def get_queryset(self):
        return publication.public_demands().filter(status="terbuka").order_by("-verified_at", "-pk")


# ---------------------------------------------------------------------------
# Demands and offers (scoped)
# ---------------------------------------------------------------------------


class NotAnonymous(permissions.BasePermission):
    """Scoped endpoints are for people who log in; the public has its own endpoints."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class PermintaanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Permintaan
        fields = [
            "id",
            "product",
            "specification",
            "quantity",
            "unit",
            "delivery_place",
            "delivery_kecamatan",
            "delivery_latitude",
            "delivery_longitude",
            "deadline",
            "required_certificates",
            "budget",
            "buyer_kind",
            "buyer_organisation",
            "buyer_name",
            "buyer_email",
            "buyer_phone",
            "kbli",
            "group",
            "status",
            "verified_at",
            "outcome",
            "closed_at",
            "created_at",
        ]
        read_only_fields = ["status", "verified_at", "outcome", "closed_at", "created_at"]

    def to_representation(self, instance: Permintaan) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not demand.may_see_buyer_contact(request.user, instance):
            for name in ("buyer_name", "buyer_email", "buyer_phone"):
                data[name] = None
        return data


class ForwardSerializer(serializers.Serializer):
    usaha = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class PermintaanViewSet(ScopedModelViewSet):
    """Demands as officers handle them; owners see those forwarded to their businesses."""

    queryset = Permintaan.objects.all()
    serializer_class = PermintaanSerializer
    filterset_class = PermintaanFilterSet
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_permissions(self):
        return [NotAnonymous(), *super().get_permissions()]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Officers record a demand received by phone; the token is returned once for the buyer.
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        posted = demand.post(Permintaan(**serializer.validated_data))
        data = self.get_serializer(posted.permintaan).data
        return Response({**data, "private_token": posted.token}, status=201)

    def _editable(self, pk: str | None) -> Permintaan:
        if role_of(self.request.user) not in OFFICE_ROLES:
            raise PermissionDenied()
        item = Permintaan.objects.restrict(self.request.user, "change").filter(pk=pk).first()
        if item is None:
            raise PermissionDenied()
        return item

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def verifikasi(self, request: Request, pk: str | None = None) -> Response:
        item = self._editable(pk)
        try:
            demand.verify(item, request.user)
        except demand.DemandError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response(self.get_serializer(item).data)

    @action(detail=True, methods=["get"])
    def kandidat(self, request: Request, pk: str | None = None) -> Response:
        """Candidate suppliers, best first, each score explained."""
        item = self._editable(pk)
        ranked = matching.candidates(item, request.user)
        return Response(
            [
                {
                    "usaha": c.usaha.pk,
                    "usaha_name": c.usaha.name,
                    "produk": c.produk.pk,
                    "produk_name": c.produk.name,
                    "score": c.score,
                    "reasons": c.explanation,
                }
                for c in ranked
            ]
        )

    @extend_schema(request=ForwardSerializer)
    @action(detail=True, methods=["post"])
    def teruskan(self, request: Request, pk: str | None = None) -> Response:
        item = self._editable(pk)
        body = ForwardSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            created = demand.forward(item, body.validated_data["usaha"], request.user)
        except demand.DemandError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        return Response({"forwarded": [row.usaha_id for row in created]})


class PenawaranSerializer(serializers.ModelSerializer):
    usaha_name = serializers.CharField(source="usaha.name", read_only=True)

    class Meta:
        model = Penawaran
        fields = [
            "id",
            "permintaan",
            "usaha",
            "usaha_name",
            "produk",
            "price_per_unit",
            "quantity",
            "ready_by",
            "note",
            "status",
            "deal_value",
            "delivered_on",
            "created_at",
        ]
        read_only_fields = fields


class PenawaranViewSet(
    NumericLookup, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Penawaran.objects.all()
    serializer_class = PenawaranSerializer

    def get_permissions(self):
        return [NotAnonymous(), *super().get_permissions()]

    def get_queryset(self):
        return Penawaran.objects.restrict(self.request.user, "view").select_related("usaha").order_by("-pk")
