"""DRF permission class kept apart from the viewsets: DRF imports it while it starts."""

from __future__ import annotations

from rest_framework import permissions

from simpul.core.scoping import can

_METHOD_ACTION = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "archive",
}


def action_for(request) -> str:
    return _METHOD_ACTION.get(request.method, "change")


class RolePermission(permissions.BasePermission):
    """Allows a request when the user's role may do the method's action on the model."""

    def has_permission(self, request, view) -> bool:
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return bool(request.user and request.user.is_authenticated)
        return can(request.user, action_for(request), queryset.model)
