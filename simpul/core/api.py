"""API building blocks: the same role checks and scoping as the screens."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers, viewsets

from simpul.core import uploads
from simpul.core.permissions import RolePermission, action_for

__all__ = [
    "NUMERIC_ID",
    "CleanUploadsMixin",
    "NumericLookup",
    "RolePermission",
    "ScopedModelViewSet",
    "ScopedReadOnlyViewSet",
    "action_for",
]


#: A record id in an API path: digits that fit a 64-bit key. Anything else is not found by the URL
#: resolver, so no view ever turns "abc" or a 30-digit number into a database error.
NUMERIC_ID = r"[0-9]{1,18}"


class NumericLookup:
    """Mixin for viewsets whose records are reached by a numeric id."""

    lookup_value_regex = NUMERIC_ID


class ScopedModelViewSet(NumericLookup, viewsets.ModelViewSet):
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


class ScopedReadOnlyViewSet(NumericLookup, viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.queryset.all().restrict(self.request.user, "view")


def _as_api_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(list(exc.messages))


class CleanImageField(serializers.ImageField):
    """A photo sent to the API, checked and redrawn like the forms' uploads (no EXIF, no hidden data)."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            return uploads.clean_image(upload)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc


class CleanDocumentField(serializers.FileField):
    """A document sent to the API: PDF, JPEG or PNG by its bytes, as the forms accept."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            return uploads.clean_document(upload)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc


class CleanUploadsMixin:
    """Model serializers whose file and image fields go through core.uploads, as the forms' do."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.ImageField: CleanImageField,
        models.FileField: CleanDocumentField,
    }
