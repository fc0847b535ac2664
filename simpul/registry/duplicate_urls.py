"""URLs of the duplicate review (inside the "registry" namespace)."""

from django.urls import path

from simpul.registry import duplicate_views

urlpatterns = [
    path("usaha/duplikat/", duplicate_views.duplicate_list, name="duplicate_list"),
    path(
        "usaha/duplikat/<int:first>-<int:second>/",
        duplicate_views.duplicate_merge,
        name="duplicate_merge",
    ),
    path(
        "usaha/duplikat/<int:first>-<int:second>/bukan/",
        duplicate_views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
]
