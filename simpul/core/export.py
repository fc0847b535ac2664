"""Export of a queryset to XLSX or CSV, in the layout the importer reads back.

Text cells starting with =, +, -, @ (or a tab/carriage return) are prefixed
with an apostrophe so a spreadsheet never runs them as formulas; the
importer removes that apostrophe again, so the round trip is exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One exported column: its header and how to read the value from a row."""

    header: str
    value: Callable[[Any], Any]


def neutralise(value: Any) -> Any:
    """Make a text cell safe against formula injection; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: Any) -> Any:
    """Undo `neutralise` for a cell read back from an exported file."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return neutralise(str(value))


def rows(queryset: Iterable, columns: Sequence[Column]) -> Iterable[list]:
    for obj in queryset:
        yield [_cell(col.value(obj)) for col in columns]


def xlsx_response(queryset: Iterable, columns: Sequence[Column], filename: str) -> HttpResponse:
    """An XLSX file written in streaming mode (constant memory per row)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append([c.header for c in columns])
    for row in rows(queryset, columns):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(queryset: Iterable, columns: Sequence[Column], filename: str) -> StreamingHttpResponse:
    """A CSV file streamed row by row; UTF-8 with BOM so Excel reads it right."""
    writer = csv.writer(_Echo())

    def generate() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([c.header for c in columns])
        for row in rows(queryset, columns):
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


_LAYOUTS: dict[str, Callable[[], list[Column]]] = {}


def register_layout(model_label: str, columns: Callable[[], list[Column]]) -> None:
    """Let a feature app (the importer) define the export layout of a model it reads back.

    Lower layers never import the importer; it registers its layout here
    from its AppConfig.ready().
    """
    _LAYOUTS[model_label] = columns


def layout_for(model_label: str) -> list[Column] | None:
    factory = _LAYOUTS.get(model_label)
    return factory() if factory else None
