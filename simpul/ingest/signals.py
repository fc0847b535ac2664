"""Signals other apps may listen to, so they react to imports without ingest knowing them."""

from django.dispatch import Signal

#: Sent when an import run has finished successfully, with `run` (the ImportJob).
#: Analytics listens to rebuild the dashboard's summary tables.
import_finished = Signal()
