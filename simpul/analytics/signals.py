"""Rebuild the dashboard's summary tables after an import changed the registry.

Ingest announces finished runs with `simpul.ingest.signals.import_finished`;
analytics listens here, so ingest never imports analytics. The rebuild is a
background job, queued once the import's transaction commits.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction


def _after_import(sender, run, **kwargs) -> None:
    if run.dry_run or not (run.created or run.updated):
        return  # a rehearsal, or nothing changed: the figures stand
    from simpul.analytics import cube

    transaction.on_commit(lambda: cube.start(getattr(run, "created_by", None)))


if apps.is_installed("simpul.ingest"):
    from simpul.ingest.signals import import_finished

    import_finished.connect(_after_import, dispatch_uid="analytics-dashboard-refresh")
