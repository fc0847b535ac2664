"""REST API of the analysis module: indicator tables and values, runs, featured products, dashboard.

Access is the models' `Access` (see models.py): admin, petugas and pimpinan
read everything; the same three may build or import tables and save runs;
only admin and pimpinan archive (DELETE) and designate featured products
(screens only). Pelaku, mitra, asosiasi and anonymous callers get 403/401.

Creating a run through the API computes it on the server exactly as the
screens do, so an API run is as reproducible as one made on a page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from simpul.analytics import dashboard, imports, indicators, runs
from simpul.analytics.methods import MethodError
from simpul.analytics.models import AnalysisRun, FeaturedProduct, IndicatorTable, IndicatorValue
from simpul.core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from simpul.core.scoping import can


class IndicatorTableSerializer(serializers.ModelSerializer):
    n_values = serializers.IntegerField(read_only=True)

    class Meta:
        model = IndicatorTable
        fields = [
            "id", "name", "source", "measure", "unit", "sector_kind", "region_level", "notes", "citation",
            "spec", "n_values", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_field(
    {"type": "string", "description": "Salah satu dari: " + ", ".join(indicators.REGISTRY_MEASURES)}
)
class RegistryMeasureField(serializers.ChoiceField):
    """The registry's measures, documented as plain text: an enum named "measure" would clash in the
    schema with the indicator table's own `measure` choices."""


class RegistrySpecSerializer(serializers.Serializer):
    measure = RegistryMeasureField(choices=list(indicators.REGISTRY_MEASURES))
    sector_by = serializers.ChoiceField(choices=list(indicators.SECTOR_KINDS), default="kbli")
    region_by = serializers.ChoiceField(choices=list(indicators.REGION_LEVELS), default="kecamatan")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=200)
    measure = serializers.ChoiceField(choices=IndicatorTable.Measure.choices)
    unit = serializers.CharField(max_length=50)
    sector_kind = serializers.ChoiceField(choices=IndicatorTable.SectorKind.choices, default="label")
    region_level = serializers.ChoiceField(choices=IndicatorTable.RegionLevel.choices, default=2)
    default_region = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    layout = serializers.ChoiceField(
        choices=[imports.LAYOUT_AUTO, imports.LAYOUT_WIDE, imports.LAYOUT_LONG], default=imports.LAYOUT_AUTO
    )
    citation = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["region", "region_label", "sector", "sector_label", "year", "value"]


class IndicatorTableViewSet(ScopedModelViewSet):
    """Indicator tables. POST builds one from the registry; POST impor/ reads a file; DELETE archives."""

    queryset = IndicatorTable.objects.all()
    serializer_class = IndicatorTableSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        # GROUP BY drops Meta.ordering; keep the newest first so pages are stable.
        return (
            super()
            .get_queryset()
            .filter(archived_at=None)
            .annotate(n_values=Count("values"))
            .order_by("-created_at")
        )

    @extend_schema(request=RegistrySpecSerializer, responses=IndicatorTableSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        spec_data = RegistrySpecSerializer(data=request.data)
        spec_data.is_valid(raise_exception=True)
        data = spec_data.validated_data
        spec = indicators.RegistrySpec(data["measure"], data["sector_by"], data["region_by"])
        table = indicators.build_registry_table(spec, request.user, data["name"])
        table.n_values = table.values.count()
        return Response(IndicatorTableSerializer(table).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImportSerializer, responses=IndicatorTableSerializer)
    @action(detail=False, methods=["post"], url_path="impor", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request: Request) -> Response:
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        outcome = imports.read_indicator_file(
            data["file"],
            filename=data["file"].name,
            layout=data["layout"],
            default_region=data["default_region"],
        )
        if not outcome.ok:
            return Response({"errors": outcome.errors}, status=status.HTTP_400_BAD_REQUEST)
        table = IndicatorTable.objects.create(
            name=data["name"],
            source=IndicatorTable.Source.IMPORT,
            measure=data["measure"],
            unit=data["unit"],
            sector_kind=data["sector_kind"],
            region_level=data["region_level"],
            citation=data["citation"],
            spec={
                "import": {"file": data["file"].name, "layout": outcome.layout, "warnings": outcome.warnings}
            },
            created_by=request.user,
        )
        indicators.save_values(
            table,
            (
                indicators.Cell(v.region, v.region, v.sector, v.sector_label, v.year, v.value)
                for v in outcome.values
            ),
        )
        table.n_values = len(outcome.values)
        body = IndicatorTableSerializer(table).data
        body["warnings"] = outcome.warnings
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=IndicatorValueSerializer(many=True),
        parameters=[
            OpenApiParameter("wilayah", OpenApiTypes.STR),
            OpenApiParameter("sektor", OpenApiTypes.STR),
            OpenApiParameter("tahun", OpenApiTypes.INT),
        ],
    )
    @action(detail=True, methods=["get"], url_path="nilai")
    def values(self, request: Request, pk: str | None = None) -> Response:
        table = self.get_object()
        values = table.values.order_by("region", "sector", "year")
        for param, field in (("wilayah", "region"), ("sektor", "sector"), ("tahun", "year")):
            if request.query_params.get(param):
                values = values.filter(**{field: request.query_params[param]})
        page = self.paginate_queryset(values)
        return self.get_paginated_response(IndicatorValueSerializer(page, many=True).data)


class SeriesRefSerializer(serializers.Serializer):
    table = serializers.IntegerField()
    region = serializers.CharField(max_length=100)


class RunCreateSerializer(serializers.Serializer):
    """A run to compute. Sector runs name tables; AHP and kajian runs carry their inputs."""

    method = serializers.ChoiceField(choices=AnalysisRun.Method.choices)
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    methods = serializers.ListField(
        child=serializers.ChoiceField(choices=list(runs.SECTOR_FORMULAS)), required=False
    )
    regional = SeriesRefSerializer(required=False)
    reference = SeriesRefSerializer(required=False)
    year_start = serializers.IntegerField(required=False, allow_null=True, default=None)
    year_end = serializers.IntegerField(required=False)
    parameters = serializers.DictField(required=False)
    inputs = serializers.DictField(required=False)


class AnalysisRunSerializer(serializers.ModelSerializer):
    formulas = serializers.ListField(source="formula_names", read_only=True)
    created_by = serializers.StringRelatedField()
    tables = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AnalysisRun
        fields = [
            "id", "method", "formulas", "title", "notes", "parameters", "inputs", "results", "tables",
            "created_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class AnalysisRunViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """Saved runs; POST computes and saves a run; GET reproduksi/ recomputes it; DELETE archives."""

    queryset = AnalysisRun.objects.select_related("created_by").prefetch_related("tables")
    serializer_class = AnalysisRunSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]

    def get_queryset(self):
        action_name = {"POST": "add", "DELETE": "archive"}.get(self.request.method, "view")
        return self.queryset.all().restrict(self.request.user, action_name).filter(archived_at=None)

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        action_name = {"POST": "add", "DELETE": "archive"}.get(request.method, "view")
        if not can(request.user, action_name, AnalysisRun):
            self.permission_denied(request)

    def perform_destroy(self, instance: AnalysisRun) -> None:
        instance.archive()

    @extend_schema(request=RunCreateSerializer, responses=AnalysisRunSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = RunCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            if data["method"] == AnalysisRun.Method.SECTOR:
                parameters, inputs, table_ids = self._sector(request, data)
            else:
                parameters, inputs, table_ids = data.get("parameters") or {}, data.get("inputs") or {}, set()
                parameters.setdefault("methods", _formulas(data["method"], parameters))
            results = runs.compute(data["method"], parameters, inputs)
        except MethodError as exc:
            raise exceptions.ValidationError({"detail": str(exc)}) from None
        except (KeyError, TypeError, ValueError) as exc:
            raise exceptions.ValidationError(
                {"detail": f"Data tidak lengkap atau salah bentuk: {exc}"}
            ) from None
        run = runs.save_run(
            data["method"], data["title"], parameters, inputs, results, request.user, data["notes"], table_ids
        )
        return Response(AnalysisRunSerializer(run).data, status=status.HTTP_201_CREATED)

    def _sector(self, request: Request, data: dict[str, Any]) -> tuple[dict, dict, set[int]]:
        if not all(k in data for k in ("regional", "reference", "year_end")):
            raise MethodError("Analisis sektor memerlukan regional, reference dan year_end.")
        parameters = runs.sector_parameters(
            data.get("methods") or ["lq"],
            runs.SeriesRef(data["regional"]["table"], data["regional"]["region"]),
            runs.SeriesRef(data["reference"]["table"], data["reference"]["region"]),
            data["year_end"],
            data.get("year_start"),
        )
        ids = {parameters["regional"]["table"], parameters["reference"]["table"]}
        visible = IndicatorTable.objects.restrict(request.user, "view").filter(archived_at=None, pk__in=ids)
        tables = {t.pk: t for t in visible}
        if set(tables) != ids:
            raise MethodError("Tabel indikator tidak ditemukan.")
        return parameters, runs.sector_inputs(parameters, tables), ids

    @action(detail=True, methods=["get"], url_path="reproduksi")
    def reproduce(self, request: Request, pk: str | None = None) -> Response:
        outcome = runs.reproduce(self.get_object())
        return Response(
            {
                "identical": outcome.identical,
                "data_changed": outcome.data_changed,
                "error": outcome.error,
                "differences": outcome.differences,
            }
        )


def _formulas(method: str, parameters: dict[str, Any]) -> list[str]:
    if method == AnalysisRun.Method.AHP:
        return ["ahp"]
    return (["ahp"] if parameters.get("weighting") == "ahp" else []) + [parameters.get("scoring", "")]


class FeaturedProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeaturedProduct
        fields = [
            "id",
            "name",
            "kbli",
            "group",
            "year",
            "run",
            "rank",
            "score",
            "reason",
            "legal_basis",
            "kawasan_id",
        ]


class FeaturedProductViewSet(ScopedReadOnlyViewSet):
    queryset = FeaturedProduct.objects.filter(archived_at=None)
    serializer_class = FeaturedProductSerializer


class AnalyticsReader(permissions.BasePermission):
    """Office roles only: the dashboard is aggregated, but still not for owners, partners or the public."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return can(request.user, "view", AnalysisRun)


class DashboardViewSet(viewsets.ViewSet):
    """Dashboard figures for ?tahun=&kecamatan=&kelompok= (the same numbers as /dasbor/)."""

    permission_classes = [AnalyticsReader]

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("tahun", OpenApiTypes.INT),
            OpenApiParameter("kecamatan", OpenApiTypes.STR),
            OpenApiParameter("kelompok", OpenApiTypes.STR),
        ],
    )
    def list(self, request: Request) -> Response:
        data = dashboard.build(request.user, dashboard.parse_filters(request.query_params))
        return Response(data.as_dict())
