"""URL patterns for an entity's generic views, named `<name>_<action>`."""

from __future__ import annotations

from django.urls import URLPattern, path


def entity_urls(
    prefix: str,
    name: str,
    *,
    list_view=None,
    detail_view=None,
    edit_view=None,
    archive_view=None,
    pk: str = "int:pk",
) -> list[URLPattern]:
    """URLs for `name` (e.g. "regions:region"): list at `prefix/`, add at `prefix/tambah/`, detail, edit and archive under the pk."""
    # `name` carries the app namespace for reverse(); the pattern names do not.
    short = name.rsplit(":", 1)[-1]
    patterns: list[URLPattern] = []
    if list_view:
        patterns.append(path(f"{prefix}/", list_view.as_view(url_base=name), name=f"{short}_list"))
    if edit_view:
        patterns.append(path(f"{prefix}/tambah/", edit_view.as_view(url_base=name), name=f"{short}_add"))
        patterns.append(
            path(f"{prefix}/<{pk}>/ubah/", edit_view.as_view(url_base=name), name=f"{short}_edit")
        )
    if archive_view:
        patterns.append(
            path(f"{prefix}/<{pk}>/arsip/", archive_view.as_view(url_base=name), name=f"{short}_archive")
        )
    if detail_view:
        patterns.append(path(f"{prefix}/<{pk}>/", detail_view.as_view(url_base=name), name=f"{short}_detail"))
    return patterns
