"""API building blocks: the same role checks and scoping as the screens."""

from __future__ import annotations

from rest_framework import viewsets

from simpul.core.permissions import RolePermission, action_for

__all__ = ["RolePermission", "ScopedModelViewSet", "ScopedReadOnlyViewSet", "action_for"]


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose rows always come through restrict()."""

    filterset_class = None

    def get_queryset(self):
        qs = self.queryset.all().restrict(self.request.user, action_for(self.request))
        if hasattr(qs.model, "archived_at") and self.action == "list":
            qs = qs.filter(archived_at__isnull=True)
        return qs

    def perform_destroy(self, instance) -> None:
        # DELETE archives; records are never removed through the API.
        instance.archive()


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "view")
