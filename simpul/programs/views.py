"""Screens of programs, reach, constraints (kendala), partners (mitra) and associations.

Each list, detail and edit view declares what differs from core's generic
views; the few action views (propose, move a participation, route or answer a
case) are small functions over the same scoped querysets. Nothing here reads
a row that did not come through `restrict()`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from simpul.core.export import Column, xlsx_response
from simpul.core.ids import parse_id
from simpul.core.models import Job
from simpul.core.roles import OFFICE_ROLES, PERSONAL_DATA_ROLES, Role, role_of
from simpul.core.scoping import can
from simpul.core.views import ObjectArchiveView, ObjectDetailView, ObjectEditView, ObjectListView
from simpul.programs import cases, eligibility, imports, lifecycle, reach
from simpul.programs.filters import (
    AsosiasiFilterSet,
    KendalaFilterSet,
    MitraFilterSet,
    NeverReachedFilterSet,
    ProgramFilterSet,
    kecamatan_choices,
)
from simpul.programs.forms import (
    AsosiasiForm,
    ImportForm,
    InviteForm,
    KegiatanForm,
    KendalaForm,
    LinkUserForm,
    MemberProposeForm,
    MitraForm,
    OutcomeForm,
    ProgramForm,
    ProposeForm,
    RespondForm,
    RouteForm,
    StatusForm,
)
from simpul.programs.models import (
    AnggotaAsosiasi,
    Asosiasi,
    Kegiatan,
    Kendala,
    Mitra,
    MitraUser,
    Partisipasi,
    PengurusAsosiasi,
    PermohonanAnggota,
    Program,
)
from simpul.programs.scope import members_of, pengurus_asosiasi, proposable
from simpul.programs.tables import AsosiasiTable, KendalaTable, MemberTable, MitraTable, ProgramTable
from simpul.registry.models import Kepemilikan, Usaha
from simpul.registry.tables import UsahaTable

PER_PAGE = 100


def _require(request: HttpRequest, allowed: bool) -> None:
    """Refuse a request the role may not make (anonymous visitors are sent to log in by the caller)."""
    if not allowed:
        raise PermissionDenied(_("Anda tidak memiliki akses ke halaman ini."))


def _login_first(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("hal", None)
    return query.urlencode()


def _page(request: HttpRequest, items, per_page: int = PER_PAGE):
    return Paginator(items, per_page).get_page(request.GET.get("hal"))


# ---------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------

_REACHED = Q(partisipasi__status__in=Partisipasi.REACHED, partisipasi__archived_at=None)
_PROGRAM_LIST = Program.objects.annotate(
    n_participants=Count("partisipasi", filter=Q(partisipasi__archived_at=None), distinct=True),
    n_reached=Count("partisipasi__usaha", filter=_REACHED, distinct=True),
)


class ProgramListView(ObjectListView):
    queryset = _PROGRAM_LIST
    table_class = ProgramTable
    filterset_class = ProgramFilterSet
    export_name = "program"

    def get_export_columns(self) -> list[Column]:
        return [
            Column(_("Program"), lambda p: p.name),
            Column(_("Jenis"), lambda p: p.get_kind_display()),
            Column(_("Sertifikat"), lambda p: p.get_certificate_kind_display()),
            Column(_("Tahun"), lambda p: p.year),
            Column(_("Sumber dana"), lambda p: p.get_funding_display()),
            Column(_("Anggaran (Rp)"), lambda p: p.budget),
            Column(_("Penyelenggara"), lambda p: p.organiser_name or p.get_organiser_display()),
            Column(_("Kuota"), lambda p: p.quota),
            Column(_("Peserta"), lambda p: p.n_participants),
            Column(_("Terjangkau"), lambda p: p.n_reached),
            Column(_("Status"), lambda p: p.get_status_display()),
        ]


class ProgramDetailView(ObjectDetailView):
    """The program page: rules, activities, participants with their warnings, and its reach."""

    queryset = Program.objects.select_related("mitra")
    template_name = "programs/program_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        program: Program = self.object
        user = self.request.user
        participants = (
            Partisipasi.objects.restrict(user, "view")
            .filter(program=program, archived_at=None)
            .select_related("usaha__kecamatan", "usaha__desa", "kegiatan", "via_asosiasi")
            .order_by("usaha__name", "kegiatan__start_date")
        )
        status = self.request.GET.get("status", "")
        counts = dict(participants.order_by().values_list("status").annotate(n=Count("pk")))
        if status in Partisipasi.Status.values:
            participants = participants.filter(status=status)
        page = _page(self.request, participants)
        warnings = eligibility.double_aid(program, {p.usaha_id for p in page})
        can_manage = can(user, "change", Partisipasi)
        for participation in page:
            participation.actions = _actions(participation) if can_manage else []
            records = warnings.get(participation.usaha_id)
            participation.double_aid = eligibility.double_aid_message(records) if records else ""
        figures = reach.compute(
            Program.objects.filter(pk=program.pk), Partisipasi.objects.restrict(user, "view"), by="program"
        ).total
        context.update(
            {
                "kegiatan": program.kegiatan.filter(archived_at=None),
                "rules": eligibility.rule_summary(program),
                "unapplied": eligibility.unapplied_rules(program),
                "page": page,
                "query_string": _query_without_page(self.request),
                "status_counts": [
                    (value, label, counts.get(value, 0)) for value, label in Partisipasi.Status.choices
                ],
                "status_filter": status,
                "reach": figures,
                "can_propose": can(user, "add", Partisipasi) and program.status != Program.Status.SELESAI,
                "can_manage": can_manage,
                "can_edit_kegiatan": can(user, "add", Kegiatan),
                "can_export_participants": can(user, "export", Partisipasi),
                "is_pengurus": role_of(user) == Role.ASOSIASI,
                "link_registry": can(user, "view", Usaha) and role_of(user) != Role.PELAKU,
            }
        )
        return context


#: The buttons of a participant row: (from, to) → label. Completing goes through the outcome form.
_ACTION_LABELS = {
    (Partisipasi.Status.DIUSULKAN, Partisipasi.Status.TERPILIH): gettext_lazy("Pilih"),
    (Partisipasi.Status.DIUSULKAN, Partisipasi.Status.DITOLAK): gettext_lazy("Tolak"),
    (Partisipasi.Status.TERPILIH, Partisipasi.Status.HADIR): gettext_lazy("Hadir"),
    (Partisipasi.Status.TERPILIH, Partisipasi.Status.DITOLAK): gettext_lazy("Tolak"),
    (Partisipasi.Status.TERPILIH, Partisipasi.Status.DIUSULKAN): gettext_lazy("Batalkan pilihan"),
    (Partisipasi.Status.HADIR, Partisipasi.Status.TERPILIH): gettext_lazy("Batalkan hadir"),
    (Partisipasi.Status.DITOLAK, Partisipasi.Status.DIUSULKAN): gettext_lazy("Usulkan lagi"),
}


def _actions(participation: Partisipasi) -> list[tuple[str, str]]:
    return [
        (target, str(label))
        for (source, target), label in _ACTION_LABELS.items()
        if source == participation.status and participation.can_move_to(target)
    ]


class ProgramEditView(ObjectEditView):
    queryset = Program.objects.all()
    form_class = ProgramForm


class ProgramArchiveView(ObjectArchiveView):
    queryset = Program.objects.all()


class KegiatanEditView(ObjectEditView):
    """Add an activity under its program, or edit one; the program's scope applies."""

    queryset = Kegiatan.objects.select_related("program")
    form_class = KegiatanForm
    template_name = "programs/form_page.html"
    parent_queryset = Program.objects.all()
    parent_form_kwarg = "program"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        program = self.get_parent()
        context["title"] = _("Kegiatan program %(program)s") % {"program": program}
        context["cancel_url"] = program.get_absolute_url()
        return context


class ProposeView(View):
    """The eligible businesses of a program, to tick and propose for one of its activities."""

    template_name = "programs/propose.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (redirect := _login_first(request)) is not None:
            return redirect
        _require(request, can(request.user, "add", Partisipasi))
        self.program = get_object_or_404(Program.objects.restrict(request.user, "view"), pk=kwargs["pk"])
        if self.program.status == Program.Status.SELESAI:
            messages.error(request, _("Program ini sudah selesai; usulan tidak dapat ditambahkan."))
            return HttpResponseRedirect(self.program.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def _candidates(self) -> QuerySet[Usaha]:
        include_recent = self.request.GET.get("termasuk_penerima") == "1"
        qs = eligibility.eligible(self.program, proposable(self.request.user), include_recent=include_recent)
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = qs.filter(Q(name__icontains=query) | Q(nib=query))
        kecamatan = self.request.GET.get("kecamatan", "")
        if kecamatan:
            qs = qs.filter(kecamatan_id=kecamatan)
        return qs.select_related("kecamatan", "desa", "group").order_by("name")

    def _kegiatan(self) -> QuerySet[Kegiatan]:
        return self.program.kegiatan.filter(archived_at=None)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(ProposeForm(kegiatan=self._kegiatan(), usaha=Usaha.objects.none()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ProposeForm(request.POST, kegiatan=self._kegiatan(), usaha=proposable(request.user))
        if not form.is_valid():
            return self._render(form)
        asosiasi = pengurus_asosiasi(request.user)
        added, problems, warnings = 0, [], []
        for usaha in form.cleaned_data["usaha"]:
            try:
                _p, found = lifecycle.propose(
                    form.cleaned_data["kegiatan"], usaha, request.user, via_asosiasi=asosiasi
                )
            except lifecycle.ParticipationError as exc:
                problems.append(str(exc))
                continue
            added += 1
            warnings.extend(found)
        if added:
            messages.success(request, _("%(n)s usaha diusulkan.") % {"n": added})
        for text in dict.fromkeys(warnings):
            messages.warning(request, text)
        for text in problems:
            messages.error(request, text)
        return HttpResponseRedirect(self.program.get_absolute_url() + "#peserta")

    def _render(self, form: ProposeForm) -> HttpResponse:
        page = _page(self.request, self._candidates())
        warnings = eligibility.double_aid(self.program, {u.pk for u in page})
        for usaha in page:
            records = warnings.get(usaha.pk)
            usaha.double_aid = eligibility.double_aid_message(records) if records else ""
        context = {
            "program": self.program,
            "form": form,
            "page": page,
            "query_string": _query_without_page(self.request),
            "rules": eligibility.rule_summary(self.program),
            "unapplied": eligibility.unapplied_rules(self.program),
            "kecamatan_choices": kecamatan_choices(),
            "query": self.request.GET,
            "has_kegiatan": self._kegiatan().exists(),
            "is_pengurus": role_of(self.request.user) == Role.ASOSIASI,
        }
        return render(self.request, self.template_name, context)


def _participation_for_change(request: HttpRequest, pk: int) -> Partisipasi:
    _require(request, can(request.user, "change", Partisipasi))
    qs = Partisipasi.objects.restrict(request.user, "change").select_related("usaha", "program", "kegiatan")
    return get_object_or_404(qs, pk=pk)


@require_POST
def participation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer moves a participation: select, reject, mark attended, reopen."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    participation = _participation_for_change(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            for text in lifecycle.move(participation, form.cleaned_data["status"], request.user):
                messages.warning(request, text)
            messages.success(
                request,
                _("%(usaha)s: %(status)s.")
                % {"usaha": participation.usaha.name, "status": participation.get_status_display()},
            )
        except lifecycle.ParticipationError as exc:
            messages.error(request, str(exc))
    return HttpResponseRedirect(participation.get_absolute_url())


class OutcomeView(View):
    """Record what came of a participation; completing it records the certificate in the registry."""

    template_name = "programs/outcome.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (redirect := _login_first(request)) is not None:
            return redirect
        self.participation = _participation_for_change(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(OutcomeForm(instance=self.participation))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = OutcomeForm(request.POST, instance=self.participation)
        if not form.is_valid():
            return self._render(form)
        participation = form.save(commit=False)
        try:
            legal = lifecycle.save_outcome(
                participation, request.user, complete=form.cleaned_data.get("complete", False)
            )
        except lifecycle.ParticipationError as exc:
            form.add_error(None, str(exc))
            return self._render(form)
        messages.success(request, _("Hasil tersimpan."))
        if legal is not None:
            messages.info(request, _("Tercatat di legalitas usaha: %(legal)s.") % {"legal": legal})
        return HttpResponseRedirect(participation.get_absolute_url())

    def _render(self, form: OutcomeForm) -> HttpResponse:
        return render(
            request=self.request,
            template_name=self.template_name,
            context={"form": form, "object": self.participation},
        )


def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant list as XLSX: also the attendance sheet to print and import back."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    # The sheet names owners and their WhatsApp numbers: only roles that handle personal data.
    _require(
        request, can(request.user, "export", Partisipasi) and role_of(request.user) in PERSONAL_DATA_ROLES
    )
    program = get_object_or_404(Program.objects.restrict(request.user, "view"), pk=pk)
    participations = Partisipasi.objects.restrict(request.user, "export").filter(
        program=program, archived_at=None
    )
    kegiatan = parse_id(request.GET.get("kegiatan"))
    if kegiatan:
        participations = participations.filter(kegiatan_id=kegiatan)
    rows = list(imports.export_queryset(participations).order_by("kegiatan__start_date", "usaha__name"))
    return xlsx_response(rows, imports.export_columns(), f"peserta-program-{program.pk}")


class ImportView(View):
    """Upload an attendance sheet; the import runs as a job and its page shows the result."""

    template_name = "programs/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (redirect := _login_first(request)) is not None:
            return redirect
        _require(request, can(request.user, "change", Partisipasi))
        self.program = get_object_or_404(Program.objects.restrict(request.user, "change"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None, files=None) -> ImportForm:
        return ImportForm(data, files, kegiatan=self.program.kegiatan.filter(archived_at=None))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, self.template_name, {"program": self.program, "form": self._form()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"program": self.program, "form": form})
        job = imports.start_import(form.cleaned_data["kegiatan"], form.cleaned_data["file"], request.user)
        return HttpResponseRedirect(reverse("programs:import_status", args=[self.program.pk, job.pk]))


def import_status(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    """The progress, then the result, of an attendance import (polled by htmx while it runs)."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    program = get_object_or_404(Program.objects.restrict(request.user, "view"), pk=pk)
    jobs = Job.objects.filter(kind=imports.JOB_KIND)
    if role_of(request.user) != Role.ADMIN:
        jobs = jobs.filter(created_by=request.user)
    job_row = get_object_or_404(jobs, pk=job)
    context = {"program": program, "job": job_row, "result": job_row.result or {}}
    template = "programs/import_progress.html" if request.htmx else "programs/import_status.html"
    return render(request, template, context)


# ---------------------------------------------------------------------------
# Reach
# ---------------------------------------------------------------------------


class OfficeOnlyMixin:
    """Figures for the office: admin, petugas and pimpinan."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (redirect := _login_first(request)) is not None:
            return redirect
        _require(request, role_of(request.user) in OFFICE_ROLES)
        return super().dispatch(request, *args, **kwargs)


class ReachView(OfficeOnlyMixin, TemplateView):
    template_name = "programs/reach.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            report = reach.report_for(request.user, request.GET)
            return xlsx_response([*report.rows, report.total], _reach_columns(), f"jangkauan-{report.by}")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = reach.report_for(self.request.user, self.request.GET)
        query = self.request.GET.copy()
        query.pop("by", None)
        years = (
            Program.objects.restrict(self.request.user, "view")
            .order_by("-year")
            .values_list("year", flat=True)
        )
        context.update(
            {
                "report": report,
                "groupings": list(reach.GROUPINGS.items()),
                "kinds": Program.Kind.choices,
                "years": sorted(set(years), reverse=True),
                "kecamatan_choices": kecamatan_choices(),
                "params": self.request.GET,
                "query_without_by": query.urlencode(),
            }
        )
        return context


def _reach_columns() -> list[Column]:
    def get(name: str):
        return lambda row: row.as_dict()[name]

    return [
        Column(_("Kelompok"), get("label")),
        Column(_("Program"), get("programs")),
        Column(_("Usaha terjangkau"), get("businesses")),
        Column(_("Pemilik laki-laki"), get("owners_male")),
        Column(_("Pemilik perempuan"), get("owners_female")),
        Column(_("Tenaga kerja laki-laki"), get("workers_male")),
        Column(_("Tenaga kerja perempuan"), get("workers_female")),
        Column(_("Anggaran (Rp)"), get("budget")),
        Column(_("Biaya per usaha (Rp)"), get("cost_per_business")),
        Column(_("Sertifikat"), get("certificates")),
        Column(_("Penerima alat"), get("equipment")),
        Column(_("Nilai alat (Rp)"), get("equipment_value")),
        Column(_("Transaksi (Rp)"), get("sales_value")),
        Column(_("Kontak dagang"), get("leads")),
        Column(_("Pinjaman"), get("loans")),
        Column(_("Nilai pinjaman (Rp)"), get("loan_amount")),
        Column(_("Kunjungan lanjutan"), get("followups")),
    ]


class NeverReachedView(OfficeOnlyMixin, ObjectListView):
    """Active businesses that no program has reached: the first question of a Kepala Dinas."""

    queryset = Usaha.objects.select_related("kecamatan", "desa", "group")
    table_class = UsahaTable
    filterset_class = NeverReachedFilterSet
    template_name = "programs/never_reached.html"
    export_name = "usaha-belum-terjangkau"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound: the "never reached" condition lives in the filterset.
        kwargs["data"] = self.request.GET
        return kwargs


# ---------------------------------------------------------------------------
# Constraints (kendala)
# ---------------------------------------------------------------------------


class KendalaListView(ObjectListView):
    queryset = Kendala.objects.select_related("usaha__kecamatan", "mitra")
    table_class = KendalaTable
    filterset_class = KendalaFilterSet
    template_name = "programs/kendala_list.html"
    export_name = "kendala"

    def get_export_columns(self) -> list[Column]:
        return [
            Column("#", lambda k: k.pk),
            Column(_("Usaha"), lambda k: k.usaha.name),
            Column(_("Kecamatan"), lambda k: k.usaha.kecamatan.name),
            Column(_("Jenis"), lambda k: k.get_kind_display()),
            Column(_("Keparahan"), lambda k: k.get_severity_display()),
            Column(_("Uraian"), lambda k: k.description),
            Column(_("Mitra"), lambda k: k.mitra.name if k.mitra else ""),
            Column(_("Status"), lambda k: k.get_status_display()),
            Column(_("Dicatat"), lambda k: k.created_at),
            Column(_("Ditutup"), lambda k: k.closed_at),
            Column(_("Umur (hari)"), lambda k: k.age_days),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_summary"] = role_of(self.request.user) in OFFICE_ROLES
        return context


class KendalaDetailView(ObjectDetailView):
    """A case and its thread. A partner sees the business's name, place and contact, never a NIK."""

    queryset = Kendala.objects.select_related(
        "usaha__kecamatan", "usaha__desa", "mitra", "routed_by", "reported_by"
    )
    template_name = "programs/kendala_detail.html"
    #: A refused answer or routing, shown again as typed (see kendala_respond and kendala_route).
    respond_form: RespondForm | None = None
    route_form: RouteForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kendala: Kendala = self.object
        user = self.request.user
        role = role_of(user)
        may_answer = can(user, "change", Kendala) and (
            Kendala.objects.restrict(user, "change").filter(pk=kendala.pk).exists()
        )
        context.update(
            {
                "responses": kendala.responses.select_related("author"),
                "owners": [
                    k.pelaku.name
                    for k in Kepemilikan.objects.filter(usaha=kendala.usaha).select_related("pelaku")
                ],
                "route_form": (self.route_form or RouteForm(initial={"mitra": kendala.mitra_id}))
                if role in (Role.ADMIN, Role.PETUGAS)
                else None,
                "respond_form": (self.respond_form or RespondForm(kendala=kendala))
                if may_answer and cases.may_answer(user, kendala)
                else None,
                "link_registry": can(user, "view", Usaha) and role != Role.PELAKU,
            }
        )
        return context


class KendalaEditView(ObjectEditView):
    """Officers record and edit cases; an owner records a case of their own business."""

    queryset = Kendala.objects.all()
    form_class = KendalaForm
    template_name = "programs/form_page.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A partner's "change" right is for answering (status and thread), never for editing the case.
        if kwargs.get("pk") is not None and request.user.is_authenticated:
            _require(request, role_of(request.user) in (Role.ADMIN, Role.PETUGAS))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        usaha_id = parse_id(self.request.GET.get("usaha"))
        if usaha_id:
            initial["usaha"] = usaha_id
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = (
            _("Catat kendala") if self.object is None else _("Ubah kendala #%(pk)s") % {"pk": self.object.pk}
        )
        context["cancel_url"] = (
            self.object.get_absolute_url() if self.object else reverse("programs:kendala_list")
        )
        return context

    def form_valid(self, form):
        # Checked against the scope of the action itself: an owner may *add* a
        # case of their business without having the officers' "change" right.
        with transaction.atomic():
            if form.instance.pk is None:
                form.instance.reported_by = self.request.user
            self.object = form.save()
            in_scope = (
                Kendala.objects.restrict(self.request.user, self.get_action())
                .filter(pk=self.object.pk)
                .exists()
            )
            if not in_scope:
                transaction.set_rollback(True)
                form.add_error(
                    None, _("Data ini berada di luar wilayah tugas Anda, sehingga tidak disimpan.")
                )
                return self.form_invalid(form)
        messages.success(self.request, _("Data tersimpan."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class KendalaArchiveView(ObjectArchiveView):
    queryset = Kendala.objects.all()


def _kendala_for_change(request: HttpRequest, pk: int) -> Kendala:
    _require(request, can(request.user, "change", Kendala))
    return get_object_or_404(Kendala.objects.restrict(request.user, "change").select_related("mitra"), pk=pk)


@require_POST
def kendala_route(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer routes a case to a partner (or to another one)."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    _require(request, role_of(request.user) in (Role.ADMIN, Role.PETUGAS))
    kendala = _kendala_for_change(request, pk)
    form = RouteForm(request.POST)
    if not form.is_valid():
        return _detail_again(KendalaDetailView(route_form=form), request, pk)
    mitra = form.cleaned_data["mitra"]
    cases.route(kendala, mitra, request.user, form.cleaned_data["note"])
    messages.success(request, _("Kendala diteruskan ke %(mitra)s.") % {"mitra": mitra.name})
    return HttpResponseRedirect(kendala.get_absolute_url())


def _detail_again(view: ObjectDetailView, request: HttpRequest, pk: int) -> HttpResponse:
    """The record's page again, its refused form bound to what was typed and showing why.

    A redirect would lose the typing; the caller has already checked the user may change the record.
    """
    view.setup(request, pk=pk)
    return view.get(request, pk=pk)


@require_POST
def kendala_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner or an officer answers a case and may change its status."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    kendala = _kendala_for_change(request, pk)
    form = RespondForm(request.POST, kendala=kendala)
    if not form.is_valid():
        return _detail_again(KendalaDetailView(respond_form=form), request, pk)
    cases.answer(kendala, request.user, form.cleaned_data["body"], form.cleaned_data["status"])
    messages.success(request, _("Tanggapan tersimpan."))
    return HttpResponseRedirect(kendala.get_absolute_url())


#: Age buckets of open cases: (annotation name, label, from day, to day).
AGE_BUCKETS = [
    ("age_0_7", "0–7", 0, 7),
    ("age_8_30", "8–30", 8, 30),
    ("age_31_90", "31–90", 31, 90),
    ("age_91", "> 90", 91, None),
]


def _age_counts() -> dict[str, Count]:
    """One conditional COUNT per age bucket, so a grouping needs a single query."""
    now = timezone.now()
    counts = {}
    for name, _label, start, end in AGE_BUCKETS:
        condition = Q(created_at__lte=now - timedelta(days=start))
        if end is not None:
            condition &= Q(created_at__gt=now - timedelta(days=end + 1))
        counts[name] = Count("pk", filter=condition)
    return counts


class KendalaSummaryView(OfficeOnlyMixin, TemplateView):
    """Open cases by type, by partner and by age, each cell linking to the filtered list."""

    template_name = "programs/kendala_summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        open_cases = Kendala.objects.restrict(self.request.user, "view").filter(
            status__in=Kendala.OPEN_STATUSES, archived_at=None
        )
        buckets = _age_counts()
        kind_labels = dict(Kendala.Kind.choices)
        by_kind = (
            open_cases.order_by().values("kind").annotate(total=Count("pk"), **buckets).order_by("-total")
        )
        by_mitra = (
            open_cases.order_by()
            .values("mitra", "mitra__name")
            .annotate(total=Count("pk"), **buckets)
            .order_by("-total")
        )
        names = list(buckets)
        context.update(
            {
                "by_kind": [
                    {
                        "kind": r["kind"],
                        "label": kind_labels.get(r["kind"], r["kind"]),
                        "cells": [r[n] for n in names],
                        "total": r["total"],
                    }
                    for r in by_kind
                ],
                "by_mitra": [
                    {
                        "mitra": r["mitra"],
                        "name": r["mitra__name"],
                        "cells": [r[n] for n in names],
                        "total": r["total"],
                    }
                    for r in by_mitra
                ],
                "buckets": [label for _name, label, _s, _e in AGE_BUCKETS],
                "total": open_cases.count(),
            }
        )
        return context


# ---------------------------------------------------------------------------
# Partners (mitra)
# ---------------------------------------------------------------------------


class MitraListView(ObjectListView):
    queryset = Mitra.objects.annotate(
        n_open=Count(
            "kendala",
            filter=Q(kendala__status__in=Kendala.OPEN_STATUSES, kendala__archived_at=None),
            distinct=True,
        ),
        n_users=Count("memberships", distinct=True),
    )
    table_class = MitraTable
    filterset_class = MitraFilterSet
    export_name = "mitra"


class MitraDetailView(ObjectDetailView):
    queryset = Mitra.objects.all()
    template_name = "programs/mitra_detail.html"
    detail_fields = ["kind", "services", "contact_person", "phone", "email", "address"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mitra: Mitra = self.object
        user = self.request.user
        cases = Kendala.objects.restrict(user, "view").filter(mitra=mitra, archived_at=None)
        is_admin = role_of(user) == Role.ADMIN
        context.update(
            {
                "users": mitra.memberships.select_related("user"),
                "link_form": LinkUserForm(role=Role.MITRA, taken=MitraUser.objects.values("user"))
                if is_admin
                else None,
                "can_link": is_admin,
                "status_counts": cases.order_by().values_list("status").annotate(n=Count("pk")),
                "open_cases": cases.filter(status__in=Kendala.OPEN_STATUSES).select_related("usaha")[:20],
                "programs": mitra.programs.filter(archived_at=None)[:20],
            }
        )
        return context


class MitraEditView(ObjectEditView):
    queryset = Mitra.objects.all()
    form_class = MitraForm


class MitraArchiveView(ObjectArchiveView):
    queryset = Mitra.objects.all()


def _admin_only(request: HttpRequest) -> None:
    _require(request, role_of(request.user) == Role.ADMIN)


@require_POST
def mitra_link_user(request: HttpRequest, pk: int) -> HttpResponse:
    """The admin links an account with role mitra to this partner."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    _admin_only(request)
    mitra = get_object_or_404(Mitra.objects.restrict(request.user, "change"), pk=pk)
    form = LinkUserForm(request.POST, role=Role.MITRA, taken=MitraUser.objects.values("user"))
    if form.is_valid():
        MitraUser.objects.create(mitra=mitra, user=form.cleaned_data["user"])
        messages.success(request, _("Akun dihubungkan ke mitra."))
    else:
        messages.error(request, _("Pilih akun mitra yang belum terhubung."))
    return HttpResponseRedirect(mitra.get_absolute_url())


@require_POST
def mitra_unlink_user(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    if (redirect := _login_first(request)) is not None:
        return redirect
    _admin_only(request)
    mitra = get_object_or_404(Mitra.objects.restrict(request.user, "change"), pk=pk)
    mitra.memberships.filter(pk=link).delete()
    messages.success(request, _("Akun dilepas dari mitra."))
    return HttpResponseRedirect(mitra.get_absolute_url())


# ---------------------------------------------------------------------------
# Associations: the office's screens
# ---------------------------------------------------------------------------


class AsosiasiListView(ObjectListView):
    queryset = Asosiasi.objects.annotate(n_members=Count("anggota", distinct=True))
    table_class = AsosiasiTable
    filterset_class = AsosiasiFilterSet
    export_name = "asosiasi"


class AsosiasiDetailView(ObjectDetailView):
    """Members, pengurus and pending membership requests; officers add members by searching."""

    queryset = Asosiasi.objects.all()
    template_name = "programs/asosiasi_detail.html"
    detail_fields = ["kind", "chairperson", "phone", "email", "address", "founded_year", "description"]
    #: A refused link, shown again as typed (see asosiasi_link_user).
    link_form: LinkUserForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        asosiasi: Asosiasi = self.object
        user = self.request.user
        role = role_of(user)
        members = (
            AnggotaAsosiasi.objects.restrict(user, "view")
            .filter(asosiasi=asosiasi)
            .select_related("usaha__kecamatan", "usaha__desa")
        )
        is_editor = role in (Role.ADMIN, Role.PETUGAS)
        search = self.request.GET.get("cari", "").strip()
        found = []
        if is_editor and search:
            found = (
                Usaha.objects.restrict(user, "view")
                .filter(archived_at=None)
                .filter(Q(name__icontains=search) | Q(nib=search))
                .exclude(anggota_asosiasi__asosiasi=asosiasi)
                .select_related("kecamatan", "desa")
                .order_by("name")[:20]
            )
        context.update(
            {
                "members": _page(self.request, members),
                "pengurus": asosiasi.pengurus.select_related("user"),
                "requests": PermohonanAnggota.objects.restrict(user, "view")
                .filter(asosiasi=asosiasi, status=PermohonanAnggota.Status.MENUNGGU)
                .select_related("usaha__desa")
                if is_editor
                else [],
                "is_editor": is_editor,
                "search": search,
                "found": found,
                "link_form": (
                    self.link_form
                    or LinkUserForm(role=Role.ASOSIASI, taken=PengurusAsosiasi.objects.values("user"))
                )
                if role == Role.ADMIN
                else None,
                "link_registry": role in OFFICE_ROLES,
            }
        )
        return context


class AsosiasiEditView(ObjectEditView):
    queryset = Asosiasi.objects.all()
    form_class = AsosiasiForm


class AsosiasiArchiveView(ObjectArchiveView):
    queryset = Asosiasi.objects.all()


def _asosiasi_for_change(request: HttpRequest, pk: int) -> Asosiasi:
    _require(request, role_of(request.user) in (Role.ADMIN, Role.PETUGAS))
    return get_object_or_404(Asosiasi.objects.restrict(request.user, "change"), pk=pk)


@require_POST
def asosiasi_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    if (redirect := _login_first(request)) is not None:
        return redirect
    asosiasi = _asosiasi_for_change(request, pk)
    usaha = get_object_or_404(Usaha.objects.restrict(request.user, "view"), pk=request.POST.get("usaha", 0))
    _member, created = AnggotaAsosiasi.objects.get_or_create(
        asosiasi=asosiasi, usaha=usaha, defaults={"added_by": request.user}
    )
    if created:
        messages.success(request, _("%(usaha)s menjadi anggota.") % {"usaha": usaha.name})
    return HttpResponseRedirect(asosiasi.get_absolute_url())


@require_POST
def asosiasi_remove_member(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    if (redirect := _login_first(request)) is not None:
        return redirect
    asosiasi = _asosiasi_for_change(request, pk)
    row = get_object_or_404(
        AnggotaAsosiasi.objects.restrict(request.user, "change").filter(asosiasi=asosiasi), pk=member
    )
    row.delete()
    messages.success(request, _("Keanggotaan diakhiri."))
    return HttpResponseRedirect(asosiasi.get_absolute_url())


@require_POST
def asosiasi_link_user(request: HttpRequest, pk: int) -> HttpResponse:
    """The admin links an account with role asosiasi as pengurus."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    _admin_only(request)
    asosiasi = get_object_or_404(Asosiasi.objects.restrict(request.user, "change"), pk=pk)
    form = LinkUserForm(request.POST, role=Role.ASOSIASI, taken=PengurusAsosiasi.objects.values("user"))
    if form.is_valid():
        PengurusAsosiasi.objects.create(
            asosiasi=asosiasi, user=form.cleaned_data["user"], position=form.cleaned_data.get("position", "")
        )
        messages.success(request, _("Akun dihubungkan sebagai pengurus."))
        return HttpResponseRedirect(asosiasi.get_absolute_url())
    return _detail_again(AsosiasiDetailView(link_form=form), request, pk)


@require_POST
def asosiasi_unlink_user(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    if (redirect := _login_first(request)) is not None:
        return redirect
    _admin_only(request)
    asosiasi = get_object_or_404(Asosiasi.objects.restrict(request.user, "change"), pk=pk)
    asosiasi.pengurus.filter(pk=link).delete()
    messages.success(request, _("Akun dilepas dari asosiasi."))
    return HttpResponseRedirect(asosiasi.get_absolute_url())


@require_POST
def membership_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer accepts or refuses a pengurus's request to add a member."""
    if (redirect := _login_first(request)) is not None:
        return redirect
    _require(request, can(request.user, "change", PermohonanAnggota))
    row = get_object_or_404(
        PermohonanAnggota.objects.restrict(request.user, "change").select_related("asosiasi", "usaha"),
        pk=pk,
        status=PermohonanAnggota.Status.MENUNGGU,
    )
    accept = request.POST.get("decision") == "terima"
    with transaction.atomic():
        row.status = PermohonanAnggota.Status.DITERIMA if accept else PermohonanAnggota.Status.DITOLAK
        row.decided_by, row.decided_at = request.user, timezone.now()
        row.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            AnggotaAsosiasi.objects.get_or_create(
                asosiasi=row.asosiasi, usaha=row.usaha, defaults={"added_by": request.user}
            )
    messages.success(request, _("Permohonan diterima.") if accept else _("Permohonan ditolak."))
    return HttpResponseRedirect(row.asosiasi.get_absolute_url())


# ---------------------------------------------------------------------------
# Associations: the pengurus's own screens (members only)
# ---------------------------------------------------------------------------


class PengurusMixin:
    """Only pengurus asosiasi, and only their members."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (redirect := _login_first(request)) is not None:
            return redirect
        _require(request, role_of(request.user) == Role.ASOSIASI)
        self.asosiasi = pengurus_asosiasi(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_member(self, pk: int) -> Usaha:
        return get_object_or_404(
            members_of(self.request.user).select_related("kecamatan", "desa", "group", "kbli"), pk=pk
        )


class MemberListView(PengurusMixin, TemplateView):
    template_name = "programs/member_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        members = members_of(self.request.user).select_related("kecamatan", "desa", "group").order_by("name")
        query = self.request.GET.get("q", "").strip()
        if query:
            members = members.filter(Q(name__icontains=query) | Q(nib=query))
        table = MemberTable(members)
        table.paginate(page=self.request.GET.get("page", 1), per_page=50)
        context.update(
            {
                "asosiasi": self.asosiasi,
                "table": table,
                "query": query,
                "requests": PermohonanAnggota.objects.restrict(self.request.user, "view").select_related(
                    "usaha"
                )[:20],
            }
        )
        return context


class MemberDetailView(PengurusMixin, TemplateView):
    """A member's page for its pengurus: profile, products, figures, legality, programs. No NIK."""

    template_name = "programs/member_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        usaha = self.get_member(kwargs["pk"])
        context.update(
            {
                "usaha": usaha,
                "asosiasi": self.asosiasi,
                "owners": [k.pelaku.name for k in usaha.kepemilikan.select_related("pelaku")],
                "products": usaha.produk.filter(archived_at=None),
                "latest": usaha.laporan.filter(archived_at=None).order_by("-year").first(),
                "legal": usaha.legalitas.filter(archived_at=None),
                "participations": Partisipasi.objects.restrict(self.request.user, "view")
                .filter(usaha=usaha, archived_at=None)
                .select_related("program", "kegiatan"),
                "change_requests_available": change_requests_available(),
            }
        )
        return context


class MemberProposeView(PengurusMixin, View):
    """Propose a member for an open program it is eligible for."""

    template_name = "programs/member_propose.html"

    def _kegiatan(self, usaha: Usaha) -> QuerySet[Kegiatan]:
        open_kegiatan = (
            Kegiatan.objects.restrict(self.request.user, "view")
            .filter(archived_at=None)
            .exclude(partisipasi__usaha=usaha)
            .select_related("program")
        )
        # Few programs are open at a time; checking each one's rules is cheap.
        programs = {k.program for k in open_kegiatan}
        eligible_programs = [p.pk for p in programs if not eligibility.unmet_rules(p, usaha)]
        return open_kegiatan.filter(program__in=eligible_programs).order_by("program__name", "start_date")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        usaha = self.get_member(pk)
        return self._render(usaha, MemberProposeForm(kegiatan=self._kegiatan(usaha)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        usaha = self.get_member(pk)
        form = MemberProposeForm(request.POST, kegiatan=self._kegiatan(usaha))
        if not form.is_valid():
            return self._render(usaha, form)
        try:
            _p, warnings = lifecycle.propose(
                form.cleaned_data["kegiatan"],
                usaha,
                request.user,
                via_asosiasi=self.asosiasi,
                note=form.cleaned_data["note"],
            )
        except lifecycle.ParticipationError as exc:
            form.add_error(None, str(exc))
            return self._render(usaha, form)
        messages.success(request, _("%(usaha)s diusulkan. Petugas akan memutuskan.") % {"usaha": usaha.name})
        for text in warnings:
            messages.warning(request, text)
        return HttpResponseRedirect(reverse("programs:member_detail", args=[usaha.pk]))

    def _render(self, usaha: Usaha, form: MemberProposeForm) -> HttpResponse:
        return render(self.request, self.template_name, {"usaha": usaha, "form": form})


def change_requests_available() -> bool:
    """Whether the registry's change requests (built in registry/selfservice.py) exist here."""
    from django.db import connection

    try:
        from simpul.registry import selfservice  # noqa: F401
        from simpul.registry.models_selfservice import ChangeRequest
    except ImportError:
        return False
    return ChangeRequest._meta.db_table in connection.introspection.table_names()


class MemberChangeView(PengurusMixin, View):
    """A pengurus proposes a change to a member's profile or yearly report.

    It goes through the registry's own owner flow (selfservice.owner_form and
    submit_change): the same fields, the same validation, and the same review
    by an officer of the business's kecamatan; nothing changes until then.
    """

    template_name = "programs/member_change.html"

    def _target(self, usaha: Usaha):
        from simpul.registry.models_selfservice import ChangeRequest

        if self.kwargs.get("what") == "laporan":
            pk = self.kwargs.get("laporan")
            report = get_object_or_404(usaha.laporan.filter(archived_at=None), pk=pk) if pk else None
            return ChangeRequest.Target.LAPORAN, report
        return ChangeRequest.Target.USAHA, usaha

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not change_requests_available():
            messages.error(request, _("Usulan perubahan data belum tersedia; hubungi petugas dinas."))
            return HttpResponseRedirect(reverse("programs:member_list"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        from simpul.registry import selfservice

        usaha = self.get_member(pk)
        target, instance = self._target(usaha)
        return self._render(usaha, target, selfservice.owner_form(target, usaha, instance=instance))

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        from django.core.exceptions import ValidationError

        from simpul.registry import selfservice

        usaha = self.get_member(pk)
        target, instance = self._target(usaha)
        # The form validates a copy: the stored record must stay as it is.
        editable = type(instance)._default_manager.get(pk=instance.pk) if instance is not None else None
        form = selfservice.owner_form(
            target, usaha, instance=editable, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                selfservice.submit_change(
                    owner=request.user, usaha=usaha, target=target, form=form, instance=editable
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Usulan perubahan dikirim ke petugas untuk diperiksa."))
                return HttpResponseRedirect(reverse("programs:member_detail", args=[usaha.pk]))
        return self._render(usaha, target, form)

    def _render(self, usaha: Usaha, target: str, form) -> HttpResponse:
        return render(self.request, self.template_name, {"usaha": usaha, "form": form, "target": target})


class MemberInviteView(PengurusMixin, View):
    """A pengurus asks to add a business (by NIB) as a member; an officer decides."""

    template_name = "programs/member_invite.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": InviteForm(), "asosiasi": self.asosiasi})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = InviteForm(request.POST)
        if form.is_valid() and self.asosiasi is None:
            form.add_error(None, _("Akun Anda belum terhubung ke asosiasi; hubungi admin dinas."))
        if form.is_valid():
            usaha = Usaha.objects.filter(nib=form.cleaned_data["nib"], archived_at=None).first()
            if usaha is None:
                form.add_error(
                    "nib", _("Usaha dengan NIB ini belum ada di basis data; minta petugas mendatanya.")
                )
            elif AnggotaAsosiasi.objects.filter(asosiasi=self.asosiasi, usaha=usaha).exists():
                form.add_error("nib", _("Usaha ini sudah menjadi anggota."))
            elif PermohonanAnggota.objects.filter(
                asosiasi=self.asosiasi, usaha=usaha, status=PermohonanAnggota.Status.MENUNGGU
            ).exists():
                form.add_error("nib", _("Permohonan untuk usaha ini sedang menunggu persetujuan."))
            else:
                PermohonanAnggota.objects.create(
                    asosiasi=self.asosiasi,
                    usaha=usaha,
                    note=form.cleaned_data["note"],
                    requested_by=request.user,
                )
                messages.success(request, _("Permohonan anggota dikirim ke petugas."))
                return HttpResponseRedirect(reverse("programs:member_list"))
        return render(request, self.template_name, {"form": form, "asosiasi": self.asosiasi})
