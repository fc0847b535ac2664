"""API of sentra, kawasan and OVOP: the same roles, scope and filters as the screens."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from simpul.clusters import ovop
from simpul.clusters.filters import KawasanFilterSet, OvopFilterSet, SentraFilterSet
from simpul.clusters.models import (
    Kawasan,
    Keanggotaan,
    OvopAspect,
    OvopAssessment,
    OvopScore,
    OvopStarRule,
    Sentra,
)
from simpul.core.api import ScopedModelViewSet
from simpul.regions.models import Region
from simpul.registry.models import Produk, Usaha


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are the rows the requesting user may see."""

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().restrict(request.user if request else None, "view")


def _home_desa():
    return Region.objects.home().desa()


class SentraSerializer(serializers.ModelSerializer):
    desa = serializers.PrimaryKeyRelatedField(queryset=_home_desa())
    members = ScopedRelatedField(many=True, queryset=Usaha.objects.filter(archived_at=None), required=False)
    member_count = serializers.SerializerMethodField()
    active_member_count = serializers.SerializerMethodField()
    rule_met = serializers.SerializerMethodField()

    class Meta:
        model = Sentra
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "kbli",
            "group",
            "product_focus",
            "desa",
            "kecamatan",
            "address",
            "latitude",
            "longitude",
            "area_geojson",
            "status",
            "established_year",
            "coordinator_name",
            "coordinator_phone",
            "is_public",
            "members",
            "member_count",
            "active_member_count",
            "rule_met",
            "archived_at",
        ]
        read_only_fields = ["slug", "kecamatan", "archived_at"]

    def get_member_count(self, obj: Sentra) -> int:
        return obj.n_members if hasattr(obj, "n_members") else obj.keanggotaan.count()

    def get_active_member_count(self, obj: Sentra) -> int:
        return obj.n_active if hasattr(obj, "n_active") else obj.active_member_count()

    def get_rule_met(self, obj: Sentra) -> bool:
        return Sentra.meets_rule(self.get_active_member_count(obj))

    @transaction.atomic
    def create(self, validated_data):
        members = validated_data.pop("members", None)
        sentra = Sentra.objects.create(**validated_data)
        if members is not None:
            _set_members(sentra, members)
        return sentra

    @transaction.atomic
    def update(self, instance, validated_data):
        members = validated_data.pop("members", None)
        sentra = super().update(instance, validated_data)
        if members is not None:
            _set_members(sentra, members)
        return sentra


def _set_members(sentra: Sentra, members: list[Usaha]) -> None:
    """Make the membership exactly `members`, keeping the join date of those who stay."""
    wanted = {u.pk for u in members}
    sentra.keanggotaan.exclude(usaha_id__in=wanted).delete()
    present = set(sentra.keanggotaan.values_list("usaha_id", flat=True))
    Keanggotaan.objects.bulk_create(Keanggotaan(sentra=sentra, usaha_id=pk) for pk in wanted - present)


class KawasanSerializer(serializers.ModelSerializer):
    desa = serializers.PrimaryKeyRelatedField(many=True, queryset=_home_desa())
    sentra = ScopedRelatedField(many=True, queryset=Sentra.objects.filter(archived_at=None), required=False)
    products = ScopedRelatedField(many=True, queryset=Produk.objects.filter(archived_at=None), required=False)
    partner_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Kawasan
        fields = [
            "id",
            "name",
            "slug",
            "theme",
            "description",
            "desa",
            "legal_kind",
            "legal_number",
            "legal_date",
            "legal_document",
            "sentra",
            "products",
            "partners",
            "partner_list",
            "attractions",
            "directions",
            "opening_hours",
            "visitor_contact",
            "latitude",
            "longitude",
            "is_public",
            "archived_at",
        ]
        read_only_fields = ["slug", "legal_document", "archived_at"]

    def validate_desa(self, value):
        if not value:
            raise serializers.ValidationError(_("Pilih paling sedikit satu desa/kelurahan."))
        return value


class OvopScoreSerializer(serializers.ModelSerializer):
    aspect = serializers.PrimaryKeyRelatedField(queryset=OvopAspect.objects.filter(archived_at=None))

    class Meta:
        model = OvopScore
        fields = ["aspect", "points", "max_points", "weight"]
        read_only_fields = ["max_points", "weight"]


class OvopAssessmentSerializer(serializers.ModelSerializer):
    """Scores are written as [{"aspect": id, "points": n}]; percent and stars are derived."""

    usaha = ScopedRelatedField(queryset=Usaha.objects.filter(archived_at=None))
    scores = OvopScoreSerializer(many=True)

    class Meta:
        model = OvopAssessment
        fields = [
            "id",
            "usaha",
            "produk",
            "desa",
            "kecamatan",
            "year",
            "percent",
            "stars",
            "rater_level",
            "rater_name",
            "rater_agency",
            "assessed_on",
            "notes",
            "is_public",
            "scores",
            "archived_at",
        ]
        read_only_fields = ["desa", "kecamatan", "percent", "stars", "archived_at"]

    def validate(self, data):
        usaha = data.get("usaha") or getattr(self.instance, "usaha", None)
        produk = data.get("produk") or getattr(self.instance, "produk", None)
        if usaha and produk and produk.usaha_id != usaha.pk:
            raise serializers.ValidationError({"produk": _("Produk ini bukan milik usaha yang dinilai.")})
        scores = data.get("scores")
        if scores is not None:
            for line in scores:
                if line["points"] > line["aspect"].max_points:
                    raise serializers.ValidationError(
                        {"scores": _("Nilai %(aspect)s melebihi maksimum.") % {"aspect": line["aspect"]}}
                    )
            lines = [ovop.ScoreLine(s["points"], s["aspect"].max_points, s["aspect"].weight) for s in scores]
            stars = ovop.stars_for(ovop.weighted_percent(lines), OvopStarRule.table())
            level = data.get("rater_level") or getattr(self.instance, "rater_level", "")
            if not ovop.level_fits(level, stars):
                raise serializers.ValidationError(
                    {"rater_level": _("Bintang %(n)s ditetapkan oleh tingkat lain.") % {"n": stars}}
                )
        return data

    @transaction.atomic
    def create(self, validated_data):
        scores = validated_data.pop("scores")
        assessment = OvopAssessment.objects.create(**validated_data)
        self._save_scores(assessment, scores)
        return assessment

    @transaction.atomic
    def update(self, instance, validated_data):
        scores = validated_data.pop("scores", None)
        assessment = super().update(instance, validated_data)
        if scores is not None:
            assessment.scores.all().delete()
            self._save_scores(assessment, scores)
        return assessment

    @staticmethod
    def _save_scores(assessment: OvopAssessment, scores: list[dict]) -> None:
        OvopScore.objects.bulk_create(
            OvopScore(
                assessment=assessment,
                aspect=line["aspect"],
                points=line["points"],
                max_points=line["aspect"].max_points,
                weight=line["aspect"].weight,
            )
            for line in scores
        )
        assessment.rate()


class OvopAspectSerializer(serializers.ModelSerializer):
    class Meta:
        model = OvopAspect
        fields = ["id", "group", "name", "description", "max_points", "weight", "active", "order"]


class _ScopedSaveMixin:
    """Refuse a write that would leave the row outside the user's scope, as the screens do."""

    def _check_scope(self, instance) -> None:
        from rest_framework.exceptions import PermissionDenied

        model = type(instance)
        if not model.objects.restrict(self.request.user, "change").filter(pk=instance.pk).exists():
            raise PermissionDenied(_("Data ini berada di luar wilayah tugas Anda, sehingga tidak disimpan."))

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            instance = serializer.save()
            self._check_scope(instance)

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            instance = serializer.save()
            self._check_scope(instance)


class SentraViewSet(_ScopedSaveMixin, ScopedModelViewSet):
    queryset = Sentra.objects.select_related("desa", "kecamatan").prefetch_related("members").with_counts()
    serializer_class = SentraSerializer
    filterset_class = SentraFilterSet


class KawasanViewSet(_ScopedSaveMixin, ScopedModelViewSet):
    queryset = Kawasan.objects.prefetch_related("desa", "sentra", "products")
    serializer_class = KawasanSerializer
    filterset_class = KawasanFilterSet


class OvopAssessmentViewSet(_ScopedSaveMixin, ScopedModelViewSet):
    queryset = OvopAssessment.objects.select_related("usaha", "produk").prefetch_related("scores__aspect")
    serializer_class = OvopAssessmentSerializer
    filterset_class = OvopFilterSet


class OvopAspectViewSet(ScopedModelViewSet):
    queryset = OvopAspect.objects.all()
    serializer_class = OvopAspectSerializer
