"""Forms of the import journey: the upload, and the column mapping built from the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from simpul.ingest.fields import (
    FIELDS_BY_KEY,
    MONEY_UNITS,
    ColumnSpec,
    column_letter,
    field_choices,
    field_label,
)
from simpul.ingest.models import ImportJob, MappingTemplate
from simpul.ingest.sheet import SPREADSHEET_EXTENSIONS, TEXT_EXTENSIONS

ACCEPTED = sorted(SPREADSHEET_EXTENSIONS | TEXT_EXTENSIONS)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("Excel (.xlsx, .xls), LibreOffice (.ods) atau CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    kind = forms.ChoiceField(
        label=_("Jenis data"), choices=ImportJob.Kind.choices, initial=ImportJob.Kind.USAHA
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit_mb = settings.SIMPUL_MAX_UPLOAD_MB
        if upload.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(
                _(
                    "Berkas terlalu besar (%(size).1f MB); batasnya %(limit)d MB. Pecah berkas menjadi beberapa bagian."
                )
                % {"size": upload.size / (1024 * 1024), "limit": limit_mb}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong; tidak ada isi yang bisa dibaca."))
        ext = Path(upload.name or "").suffix.casefold()
        if ext not in ACCEPTED:
            raise forms.ValidationError(
                _("Jenis berkas '%(ext)s' tidak didukung; unggah berkas .xlsx, .xls, .ods atau .csv.")
                % {"ext": ext or "tanpa ekstensi"}
            )
        return upload


class MappingForm(forms.Form):
    """Sheet, header row, kind, year, and one field select (plus money unit) per column."""

    sheet = forms.ChoiceField(label=_("Lembar"), required=False)
    header_row = forms.IntegerField(
        label=_("Baris judul kolom"),
        min_value=0,
        required=False,
        help_text=_("Nomor baris seperti di Excel; 0 bila berkas tidak punya baris judul."),
    )
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ImportJob.Kind.choices)
    year = forms.IntegerField(
        label=_("Tahun data"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Untuk tenaga kerja, investasi dan produksi bila berkas tidak punya kolom tahun."),
    )
    template = forms.ModelChoiceField(
        label=_("Templat pemetaan"), queryset=MappingTemplate.objects.none(), required=False
    )
    template_name = forms.CharField(
        label=_("Simpan pemetaan sebagai templat"), max_length=100, required=False
    )

    def __init__(self, *args: Any, run: ImportJob, columns: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run = run
        self.columns = columns
        self.fields["sheet"].choices = [(name, name) for name in run.sheets or [run.sheet]]
        self.fields["template"].queryset = MappingTemplate.objects.all()
        mapping = run.column_mapping
        self.initial.setdefault("sheet", run.sheet)
        self.initial.setdefault("header_row", run.header_row + 1 if run.header_row is not None else 0)
        self.initial.setdefault("kind", run.kind)
        self.initial.setdefault("year", run.year)
        for col in columns:
            spec = mapping.get(col)
            letter = column_letter(col)
            self.fields[f"col_{col}"] = forms.ChoiceField(
                label=_("Kolom %(letter)s") % {"letter": letter}, choices=field_choices(), required=False
            )
            self.fields[f"mul_{col}"] = forms.TypedChoiceField(
                label=_("Satuan uang kolom %(letter)s") % {"letter": letter},
                choices=MONEY_UNITS,
                coerce=int,
                required=False,
            )
            self.initial.setdefault(f"col_{col}", spec.field if spec else "")
            self.initial.setdefault(f"mul_{col}", spec.multiplier if spec else 1)

    def column_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(col, self[f"col_{col}"], self[f"mul_{col}"]) for col in self.columns]

    def mapping(self) -> dict[int, ColumnSpec]:
        out = {}
        for col in self.columns:
            key = self.cleaned_data.get(f"col_{col}") or ""
            if key:
                multiplier = self.cleaned_data.get(f"mul_{col}") or 1
                is_money = FIELDS_BY_KEY[key].kind == "money"
                out[col] = ColumnSpec(key, multiplier if is_money else 1)
        return out

    def validate_mapping(self) -> bool:
        """Checks that only matter before a run: each field once, the columns a kind needs."""
        mapping = self.mapping()
        seen: dict[str, int] = {}
        for col, spec in sorted(mapping.items()):
            if spec.field in seen:
                self.add_error(
                    f"col_{col}",
                    _("%(field)s sudah dipilih untuk kolom %(other)s; satu isian hanya untuk satu kolom.")
                    % {"field": field_label(spec.field), "other": column_letter(seen[spec.field])},
                )
            seen.setdefault(spec.field, col)
        if "nama_usaha" not in seen:
            self.add_error(
                None, _("Pilih kolom yang berisi nama usaha; tanpa itu tidak ada yang bisa diimpor.")
            )
        kind = self.cleaned_data.get("kind")
        if kind in ("produk", "laporan") and "produk" not in seen:
            self.add_error(None, _("Impor per produk memerlukan kolom nama produk."))
        if kind == "laporan" and "tahun_data" not in seen and not self.cleaned_data.get("year"):
            self.add_error("year", _("Isi tahun data, atau petakan kolom tahun data."))
        return not self.errors
