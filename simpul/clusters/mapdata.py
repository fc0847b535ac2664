"""What the map page draws: businesses, sentra and kawasan the user may see, with no personal data.

Each builder starts from `restrict(user, "view")` and selects only the
columns a popup shows (name, place, classification, status, link): never an
owner, NIK, phone, WhatsApp, e-mail or street address. Each costs a fixed
number of queries whatever the number of rows.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.urls import reverse

from simpul.clusters.filters import KawasanFilterSet, MapFilterSet
from simpul.clusters.models import Kawasan, Keanggotaan, Sentra
from simpul.registry.models import Usaha

#: Smallest radius drawn around a kawasan, in metres (a single desa).
MIN_KAWASAN_RADIUS = 800
#: Largest radius: a business placed far from its desa must not draw a kawasan across the kabupaten.
MAX_KAWASAN_RADIUS = 10_000


def _filtered(queryset: QuerySet, params) -> QuerySet:
    filterset = MapFilterSet(params, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def _float(value) -> float | None:
    return float(value) if value is not None else None


def usaha_points(user, params) -> list[dict[str, Any]]:
    """Businesses with a point, within the user's scope and the map filters (one query)."""
    queryset = _filtered(
        Usaha.objects.restrict(user, "view").filter(
            archived_at=None, latitude__isnull=False, longitude__isnull=False
        ),
        params,
    )
    rows = queryset.order_by().values_list(
        "pk",
        "name",
        "latitude",
        "longitude",
        "desa_id",
        "desa__name",
        "kecamatan__name",
        "kbli_id",
        "group__name",
        "status",
    )
    return [
        {
            "id": pk,
            "name": name,
            "lat": float(lat),
            "lng": float(lng),
            "desa": desa,
            "desa_name": desa_name,
            "kecamatan": kecamatan,
            "kbli": kbli or "",
            "group": group or "",
            "status": status,
            "url": reverse("registry:usaha_detail", args=[pk]),
        }
        for pk, name, lat, lng, desa, desa_name, kecamatan, kbli, group, status in rows
    ]


def sentra_points(user, params) -> list[dict[str, Any]]:
    """Sentra within scope and filters; a sentra without a point sits at its members' mean (two queries)."""
    queryset = _filtered(Sentra.objects.restrict(user, "view").filter(archived_at=None), params).with_counts()
    rows = list(
        queryset.order_by().values(
            "pk",
            "name",
            "latitude",
            "longitude",
            "desa_id",
            "desa__name",
            "kecamatan__name",
            "kbli_id",
            "group__name",
            "product_focus",
            "status",
            "area_geojson",
            "n_active",
            "n_members",
        )
    )
    missing = [row["pk"] for row in rows if row["latitude"] is None or row["longitude"] is None]
    means = {}
    if missing:
        means = {
            row["sentra_id"]: (row["lat"], row["lng"])
            for row in Keanggotaan.objects.filter(
                sentra_id__in=missing, usaha__latitude__isnull=False, usaha__longitude__isnull=False
            )
            .values("sentra_id")
            .annotate(lat=Avg("usaha__latitude"), lng=Avg("usaha__longitude"))
        }
    points = []
    for row in rows:
        lat, lng = row["latitude"], row["longitude"]
        if lat is None or lng is None:
            lat, lng = means.get(row["pk"], (None, None))
        if lat is None:
            continue
        points.append(
            {
                "id": row["pk"],
                "name": row["name"],
                "lat": float(lat),
                "lng": float(lng),
                "desa": row["desa_id"],
                "desa_name": row["desa__name"],
                "kecamatan": row["kecamatan__name"],
                "kbli": row["kbli_id"] or "",
                "group": row["group__name"] or "",
                "product_focus": row["product_focus"],
                "status": row["status"],
                "members": row["n_members"],
                "active": row["n_active"],
                "rule_met": Sentra.meets_rule(row["n_active"]),
                "outline": _outline(row["area_geojson"]),
                "url": reverse("clusters:sentra_detail", args=[row["pk"]]),
            }
        )
    return points


def _outline(text: str) -> dict | None:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def kawasan_areas(user, params) -> list[dict[str, Any]]:
    """Kawasan within scope, each as a centre and radius over its desa (four queries).

    There are no desa boundaries in the database, so a kawasan is drawn as a
    circle: centred on its visiting point when set, otherwise on the mean of
    its desa's centres, where a desa's centre is the mean of the visible
    businesses located there.
    """
    filterset = KawasanFilterSet(
        {"kecamatan": params.get("kecamatan", "")},
        queryset=Kawasan.objects.restrict(user, "view").filter(archived_at=None),
    )
    queryset = filterset.qs if filterset.is_valid() else Kawasan.objects.none()
    rows = list(
        queryset.with_counts().order_by().values("pk", "name", "theme", "latitude", "longitude", "n_sentra")
    )
    ids = [row["pk"] for row in rows]
    desa_of: dict[int, list[str]] = defaultdict(list)
    for kawasan_id, code in Kawasan.desa.through.objects.filter(kawasan_id__in=ids).values_list(
        "kawasan_id", "region_id"
    ):
        desa_of[kawasan_id].append(code)
    all_codes = {code for codes in desa_of.values() for code in codes}
    centres = {
        row["desa_id"]: (float(row["lat"]), float(row["lng"]), row["n"])
        for row in Usaha.objects.restrict(user, "view")
        .filter(desa_id__in=all_codes, latitude__isnull=False, longitude__isnull=False, archived_at=None)
        .order_by()
        .values("desa_id")
        .annotate(lat=Avg("latitude"), lng=Avg("longitude"), n=Count("pk"))
    }
    areas = []
    for row in rows:
        codes = desa_of.get(row["pk"], [])
        points = [centres[c][:2] for c in codes if c in centres]
        centre = (_float(row["latitude"]), _float(row["longitude"]))
        if centre[0] is None or centre[1] is None:
            if not points:
                continue
            centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        radius = min(
            MAX_KAWASAN_RADIUS, max([MIN_KAWASAN_RADIUS] + [_metres(centre, p) + 500 for p in points])
        )
        areas.append(
            {
                "id": row["pk"],
                "name": row["name"],
                "theme": row["theme"],
                "lat": centre[0],
                "lng": centre[1],
                "radius": round(radius),
                "desa": sorted(codes),
                "sentra": row["n_sentra"],
                "url": reverse("clusters:kawasan_detail", args=[row["pk"]]),
            }
        )
    return areas


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the ground between two (lat, lng) points (equirectangular; fine at kabupaten scale)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dx = math.radians(b[1] - a[1]) * math.cos(mean_lat)
    dy = math.radians(b[0] - a[0])
    return 6_371_000 * math.hypot(dx, dy)
