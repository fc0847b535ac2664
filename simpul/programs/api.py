"""API of programs, activities, participations, constraints, partners and reach.

Scoped exactly like the screens: every queryset comes through restrict(),
and the actions that change something fetch their row through
restrict(user, "change") themselves, because DRF maps any POST to "add".
A partner's view of a case carries the business's name, place and contact,
never a NIK.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from simpul.core.api import ScopedModelViewSet
from simpul.core.roles import OFFICE_ROLES, Role, role_of
from simpul.core.scoping import can
from simpul.programs import cases, lifecycle, reach
from simpul.programs.filters import (
    KegiatanFilterSet,
    KendalaFilterSet,
    MitraFilterSet,
    PartisipasiFilterSet,
    ProgramFilterSet,
)
from simpul.programs.models import (
    CERTIFICATE_KINDS,
    Kegiatan,
    Kendala,
    Mitra,
    Partisipasi,
    Program,
    TanggapanKendala,
)
from simpul.programs.scope import pengurus_asosiasi, proposable
from simpul.registry.models import Legalitas, Usaha

# ---------------------------------------------------------------------------
# Serializers
# ---------------------------------------------------------------------------


def choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field whose schema is an inline enum.

    drf-spectacular names enum components after the field ("kind", "status");
    this app's kinds and statuses differ from other apps' fields of the same
    name, and an inline enum keeps the schema free of name collisions.
    """
    values = [value for value, _label in choices]
    if kwargs.get("allow_blank"):
        values.append("")
    field_class = extend_schema_field({"type": "string", "enum": values})(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, **kwargs)


class UsahaBriefSerializer(serializers.ModelSerializer):
    """What any role allowed to see a participation or a case may know of the business."""

    kecamatan = serializers.CharField(source="kecamatan.name", read_only=True)
    desa = serializers.CharField(source="desa.name", read_only=True)

    class Meta:
        model = Usaha
        fields = ["id", "name", "nib", "address", "desa", "kecamatan", "whatsapp", "phone"]
        read_only_fields = fields


class ProgramSerializer(serializers.ModelSerializer):
    kind = choice(Program.Kind.choices)
    certificate_kind = choice(CERTIFICATE_KINDS, required=False, allow_blank=True)
    funding = choice(Program.Funding.choices, required=False)
    organiser = choice(Program.Organiser.choices, required=False)
    status = choice(Program.Status.choices, required=False)

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "kind",
            "certificate_kind",
            "year",
            "funding",
            "budget",
            "organiser",
            "organiser_name",
            "mitra",
            "description",
            "quota",
            "status",
            "eligible_kbli",
            "eligible_groups",
            "eligible_scales",
            "eligible_kecamatan",
            "eligible_sentra",
            "no_repeat_years",
        ]

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", ""))
        certificate = attrs.get("certificate_kind", getattr(self.instance, "certificate_kind", ""))
        if kind == Program.Kind.SERTIFIKASI and not certificate:
            raise ValidationError({"certificate_kind": _("Pilih jenis sertifikat yang difasilitasi.")})
        if kind != Program.Kind.SERTIFIKASI:
            attrs["certificate_kind"] = ""  # as Program.clean(): only certification names a certificate
        scales = attrs.get("eligible_scales")
        if scales is not None and any(s not in Usaha.Scale.values for s in scales):
            raise ValidationError({"eligible_scales": _("Skala usaha tidak dikenal.")})
        return attrs


class KegiatanSerializer(serializers.ModelSerializer):
    scope = choice(Kegiatan.Scope.choices, required=False, allow_blank=True)

    class Meta:
        model = Kegiatan
        fields = [
            "id",
            "program",
            "name",
            "start_date",
            "end_date",
            "place",
            "city",
            "country",
            "scope",
            "notes",
        ]

    def validate_program(self, program: Program) -> Program:
        if (
            not Program.objects.restrict(self.context["request"].user, "change")
            .filter(pk=program.pk)
            .exists()
        ):
            raise ValidationError(_("Program tidak ditemukan."))
        return program


_OUTCOME_FIELDS = [
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


class PartisipasiSerializer(serializers.ModelSerializer):
    usaha_detail = UsahaBriefSerializer(source="usaha", read_only=True)
    status = choice(Partisipasi.Status.choices, read_only=True)
    certificate_kind = choice(Legalitas.Kind.choices, required=False, allow_blank=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Partisipasi
        fields = [
            "id",
            "program",
            "kegiatan",
            "usaha",
            "usaha_detail",
            "status",
            "note",
            "proposed_by",
            "via_asosiasi",
            "status_changed_at",
            "completed_at",
            "legalitas",
            *_OUTCOME_FIELDS,
            "warnings",
        ]
        read_only_fields = [
            "program",
            "status",
            "proposed_by",
            "via_asosiasi",
            "status_changed_at",
            "completed_at",
            "legalitas",
        ]

    def get_warnings(self, obj: Partisipasi) -> list[str]:
        return self.context.get("warnings", {}).get(obj.pk, [])


class KendalaSerializer(serializers.ModelSerializer):
    usaha_detail = UsahaBriefSerializer(source="usaha", read_only=True)
    kind = choice(Kendala.Kind.choices)
    severity = choice(Kendala.Severity.choices, required=False)
    status = choice(Kendala.Status.choices, read_only=True)
    mitra_name = serializers.CharField(source="mitra.name", read_only=True, default="")
    age_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Kendala
        fields = [
            "id",
            "usaha",
            "usaha_detail",
            "kind",
            "description",
            "severity",
            "status",
            "mitra",
            "mitra_name",
            "routed_at",
            "created_at",
            "closed_at",
            "age_days",
        ]
        read_only_fields = ["status", "mitra", "routed_at", "created_at", "closed_at"]

    def validate_usaha(self, usaha: Usaha) -> Usaha:
        if not Usaha.objects.restrict(self.context["request"].user, "view").filter(pk=usaha.pk).exists():
            raise ValidationError(_("Usaha tidak ditemukan di wilayah Anda."))
        return usaha


class KendalaPartnerSerializer(KendalaSerializer):
    """A partner changes only the status (through answering); everything else is read-only."""

    kind = choice(Kendala.Kind.choices, read_only=True)
    severity = choice(Kendala.Severity.choices, read_only=True)
    status = choice(Kendala.Status.choices, required=False)

    class Meta(KendalaSerializer.Meta):
        read_only_fields = [f for f in KendalaSerializer.Meta.fields if f != "status"]


class TanggapanSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True, default="")
    status_from = choice(Kendala.Status.choices, read_only=True, allow_blank=True)
    status_to = choice(Kendala.Status.choices, read_only=True, allow_blank=True)

    class Meta:
        model = TanggapanKendala
        fields = ["id", "author_name", "body", "status_from", "status_to", "created_at"]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(
        choices=Kendala.Status.choices, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs):
        if not attrs["body"].strip() and not attrs["status"]:
            raise ValidationError(_("Tulis tanggapan atau pilih status baru."))
        return attrs


class MitraSerializer(serializers.ModelSerializer):
    kind = choice(Mitra.Kind.choices)

    class Meta:
        model = Mitra
        fields = ["id", "name", "kind", "services", "contact_person", "phone", "email", "address"]


# ---------------------------------------------------------------------------
# Viewsets
# ---------------------------------------------------------------------------

#: Custom actions change rows although DRF calls every POST "add"; they check
#: the role and fetch the row through restrict(user, "change") themselves.
_CHECKED_INSIDE = [permissions.IsAuthenticated]


class ProgramViewSet(ScopedModelViewSet):
    queryset = Program.objects.prefetch_related("eligible_kbli", "eligible_groups", "eligible_kecamatan")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet


class KegiatanViewSet(ScopedModelViewSet):
    queryset = Kegiatan.objects.all()
    serializer_class = KegiatanSerializer
    filterset_class = KegiatanFilterSet


class PartisipasiViewSet(ScopedModelViewSet):
    """Proposing (officers, pengurus for their members), moving statuses and outcomes (officers)."""

    queryset = Partisipasi.objects.select_related("usaha__kecamatan", "usaha__desa")
    serializer_class = PartisipasiSerializer
    filterset_class = PartisipasiFilterSet

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        kegiatan = serializer.validated_data["kegiatan"]
        usaha = serializer.validated_data["usaha"]
        if not Kegiatan.objects.restrict(user, "view").filter(pk=kegiatan.pk).exists():
            raise ValidationError({"kegiatan": _("Kegiatan tidak ditemukan.")})
        if not proposable(user).filter(pk=usaha.pk).exists():
            raise ValidationError({"usaha": _("Usaha ini tidak dapat Anda usulkan.")})
        try:
            participation, warnings = lifecycle.propose(
                kegiatan,
                usaha,
                user,
                via_asosiasi=pengurus_asosiasi(user),
                note=serializer.validated_data.get("note", ""),
            )
        except lifecycle.ParticipationError as exc:
            raise ValidationError({"detail": str(exc)}) from exc
        output = self.get_serializer(
            participation, context={**self.get_serializer_context(), "warnings": {participation.pk: warnings}}
        )
        return Response(output.data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer) -> None:
        outcome_given = any(name in serializer.validated_data for name in _OUTCOME_FIELDS)
        if (
            "kegiatan" in serializer.validated_data
            and serializer.validated_data["kegiatan"].program_id != serializer.instance.program_id
        ):
            raise ValidationError({"kegiatan": _("Kegiatan harus dari program yang sama.")})
        if not outcome_given:
            serializer.save()
            return
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        try:
            lifecycle.save_outcome(instance, self.request.user)
        except lifecycle.ParticipationError as exc:
            raise ValidationError({"detail": str(exc)}) from exc

    @action(detail=True, methods=["post"], url_path="status", permission_classes=_CHECKED_INSIDE)
    def move(self, request: Request, pk=None) -> Response:
        """Move to another status: {"status": "terpilih" | "hadir" | "selesai" | "ditolak" | "diusulkan"}."""
        if not can(request.user, "change", Partisipasi):
            raise PermissionDenied(_("Anda tidak boleh mengubah status partisipasi."))
        participation = get_object_or_404(Partisipasi.objects.restrict(request.user, "change"), pk=pk)
        new_status = request.data.get("status", "")
        if new_status not in Partisipasi.Status.values:
            raise ValidationError({"status": _("Status tidak dikenal.")})
        try:
            warnings = lifecycle.move(participation, new_status, request.user)
        except lifecycle.ParticipationError as exc:
            raise ValidationError({"status": [str(exc)]}) from exc
        participation.refresh_from_db()
        context = {**self.get_serializer_context(), "warnings": {participation.pk: warnings}}
        return Response(self.get_serializer(participation, context=context).data)


class KendalaViewSet(ScopedModelViewSet):
    """Cases: officers and owners record; officers route; partners answer only their own."""

    queryset = Kendala.objects.select_related("usaha__kecamatan", "usaha__desa", "mitra")
    filterset_class = KendalaFilterSet

    def get_serializer_class(self):
        return KendalaPartnerSerializer if role_of(self.request.user) == Role.MITRA else KendalaSerializer

    def perform_create(self, serializer) -> None:
        serializer.save(reported_by=self.request.user)

    def perform_update(self, serializer) -> None:
        if role_of(self.request.user) == Role.MITRA:
            new_status = serializer.validated_data.get("status")
            if new_status:
                cases.answer(serializer.instance, self.request.user, "", new_status)
            return
        serializer.save()

    def _for_change(self, request: Request, pk) -> Kendala:
        if not can(request.user, "change", Kendala):
            raise PermissionDenied(_("Anda tidak boleh menanggapi kendala."))
        return get_object_or_404(Kendala.objects.restrict(request.user, "change"), pk=pk)

    @action(detail=True, methods=["get", "post"], url_path="tanggapan", permission_classes=_CHECKED_INSIDE)
    def responses(self, request: Request, pk=None) -> Response:
        """The thread (GET) or a new answer with an optional status change (POST)."""
        if request.method == "GET":
            kendala = self.get_object()
            rows = kendala.responses.select_related("author")
            return Response(TanggapanSerializer(rows, many=True).data)
        kendala = self._for_change(request, pk)
        answer = AnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        # Django's PermissionDenied raised inside becomes DRF's 403.
        created = cases.answer(
            kendala, request.user, answer.validated_data["body"], answer.validated_data["status"]
        )
        return Response(TanggapanSerializer(created).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="teruskan", permission_classes=_CHECKED_INSIDE)
    def route(self, request: Request, pk=None) -> Response:
        """An officer routes the case to a partner: {"mitra": id, "note": "..."}."""
        if role_of(request.user) not in (Role.ADMIN, Role.PETUGAS):
            raise PermissionDenied(_("Hanya petugas yang dapat meneruskan kendala."))
        kendala = self._for_change(request, pk)
        mitra = Mitra.objects.active().filter(pk=request.data.get("mitra") or 0).first()
        if mitra is None:
            raise ValidationError({"mitra": _("Pilih mitra tujuan.")})
        cases.route(kendala, mitra, request.user, str(request.data.get("note", "")))
        return Response(self.get_serializer(kendala).data)


class MitraViewSet(ScopedModelViewSet):
    queryset = Mitra.objects.all()
    serializer_class = MitraSerializer
    filterset_class = MitraFilterSet


class OfficePermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return role_of(request.user) in OFFICE_ROLES


class ReachRowSerializer(serializers.Serializer):
    """One row of reach figures (see reach.ReachRow.as_dict)."""

    key = serializers.CharField()
    label = serializers.CharField()
    programs = serializers.IntegerField()
    businesses = serializers.IntegerField()
    owners_male = serializers.IntegerField()
    owners_female = serializers.IntegerField()
    owners_unknown = serializers.IntegerField()
    workers_male = serializers.IntegerField()
    workers_female = serializers.IntegerField()
    workers = serializers.IntegerField()
    budget = serializers.IntegerField()
    cost_per_business = serializers.IntegerField(allow_null=True)
    certificates = serializers.IntegerField()
    equipment = serializers.IntegerField()
    equipment_value = serializers.IntegerField()
    sales_value = serializers.IntegerField()
    leads = serializers.IntegerField()
    loans = serializers.IntegerField()
    loan_amount = serializers.IntegerField()
    followups = serializers.IntegerField()


class ReachReportSerializer(serializers.Serializer):
    by = serializers.CharField()
    rows = ReachRowSerializer(many=True)
    total = ReachRowSerializer()


class ReachViewSet(viewsets.ViewSet):
    """Reach figures: ?by=program|kind|year|kecamatan&year=&kind=&kecamatan=."""

    permission_classes = [OfficePermission]

    @extend_schema(
        responses=ReachReportSerializer,
        parameters=[
            OpenApiParameter("by", str, enum=list(reach.GROUPINGS)),
            OpenApiParameter("year", int),
            OpenApiParameter("kind", str, enum=Program.Kind.values),
            OpenApiParameter("kecamatan", str, description="Kode kecamatan, mis. 35.23.01"),
        ],
    )
    def list(self, request: Request) -> Response:
        report = reach.report_for(request.user, request.query_params)
        return Response(
            {"by": report.by, "rows": [row.as_dict() for row in report.rows], "total": report.total.as_dict()}
        )
