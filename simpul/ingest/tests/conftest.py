"""Helpers for the import tests: run the pipeline on a file the way the web and the CLI do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simpul.ingest import pipeline
from simpul.ingest.fields import ColumnSpec, fields_for
from simpul.ingest.pipeline import ImportOptions, Summary
from simpul.ingest.sheet import guess_layout, read_rows


def options_for_file(path: Path, kind: str = "usaha", **overrides: Any) -> ImportOptions:
    """Options from the detected layout and suggested mapping, as an officer accepting them gets."""
    rows = list(read_rows(path, max_rows=300))
    guess, mapping = guess_layout(rows, fields_for(kind))
    options = ImportOptions(
        kind=kind,
        mapping={col: ColumnSpec(m.field, m.multiplier) for col, m in mapping.items()},
        data_start=guess.data_start,
        headers=dict(guess.columns),
        filename=path.name,
        year=pipeline.year_from_title(guess.title) or pipeline.default_year(),
    )
    for key, value in overrides.items():
        setattr(options, key, value)
    return options


def run_file(path: Path, kind: str = "usaha", **overrides: Any) -> Summary:
    return pipeline.run_import(path, options_for_file(path, kind, **overrides))


def messages_of(summary: Summary, row: int) -> list[str]:
    return [issue.message for result in summary.flagged if result.row == row for issue in result.issues]
