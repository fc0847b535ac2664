"""Chart geometry for server-rendered SVG (no JavaScript chart library).

Each function turns plain numbers into shapes with coordinates; the
templates in templates/analytics/charts/ draw them as <svg>, and the PDF
report draws the same shapes with reportlab. Keeping the geometry here means
the screen and the paper show the same chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from simpul.analytics.formatting import number

Value = int | float | Decimal

#: Colours (Bootstrap's palette, readable in print and by most colour-blind readers).
PALETTE = ("#0b5563", "#e08e0b", "#6f42c1", "#198754", "#d63384", "#0d6efd", "#6c757d")


@dataclass(frozen=True)
class Bar:
    """A horizontal bar: its label, value text and rectangle."""

    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    colour: str = PALETTE[0]

    @property
    def text_x(self) -> float:
        return self.x + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + self.height * 0.75


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(
    items: Sequence[tuple[str, Value | None]],
    fmt: Callable[[Any], str] = number,
    width: int = 520,
    row_height: int = 22,
    label_width: int = 190,
) -> BarChart:
    """Horizontal bars, longest = full width; labels left, values at the bar's end."""
    fits = int(label_width / 6.2)  # characters of 11px text that fit left of the bars
    values = [float(v or 0) for _label, v in items]
    top = max(values, default=0) or 1
    room = width - label_width - 90  # leave space for the value text
    bars = [
        Bar(
            label=label if len(label) <= fits else label[: fits - 1] + "…",
            text=fmt(value),
            x=label_width,
            y=index * row_height + 3,
            width=max(room * float(value or 0) / top, 0 if not value else 1),
            height=row_height - 6,
        )
        for index, (label, value) in enumerate(items)
    ]
    return BarChart(
        width=width, height=max(len(bars) * row_height, row_height), label_width=label_width, bars=bars
    )


@dataclass(frozen=True)
class Column:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def text_y(self) -> float:
        return self.y - 4


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: float
    columns: list[Column]
    colour: str

    @property
    def label_y(self) -> float:
        return self.height - 5

    @property
    def empty(self) -> bool:
        return not self.columns


def column_chart(
    items: Sequence[tuple[str, Value | None]],
    fmt: Callable[[Any], str] = number,
    width: int = 360,
    height: int = 180,
    colour: str = PALETTE[0],
) -> ColumnChart:
    """Vertical columns (e.g. one per year), values written above them."""
    values = [float(v or 0) for _label, v in items]
    top = max(values, default=0) or 1
    plot = height - 40  # room above for values and below for labels
    step = width / max(len(items), 1)
    col_width = min(step * 0.6, 60)
    columns = []
    for index, (label, value) in enumerate(items):
        h = plot * float(value or 0) / top
        columns.append(
            Column(
                label=str(label),
                text=fmt(value),
                x=index * step + (step - col_width) / 2,
                y=height - 20 - h,
                width=col_width,
                height=h,
            )
        )
    return ColumnChart(width=width, height=height, baseline=height - 20, columns=columns, colour=colour)


@dataclass(frozen=True)
class Segment:
    label: str
    text: str
    share: float
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class StackedBar:
    width: int
    height: int
    segments: list[Segment]
    total: float

    @property
    def empty(self) -> bool:
        return self.total <= 0


def stacked_bar(
    items: Sequence[tuple[str, Value | None]],
    fmt: Callable[[Any], str] = number,
    width: int = 520,
    height: int = 28,
) -> StackedBar:
    """One bar split into shares (workers by gender, sales by market)."""
    total = sum(float(v or 0) for _label, v in items)
    segments = []
    x = 0.0
    for index, (label, value) in enumerate(items):
        share = float(value or 0) / total if total else 0.0
        segments.append(Segment(label, fmt(value), share, x, width * share, PALETTE[index % len(PALETTE)]))
        x += width * share
    return StackedBar(width=width, height=height, segments=segments, total=total)


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    count: int


@dataclass(frozen=True)
class MapLabel:
    x: float
    y: float
    text: str


@dataclass
class DotMap:
    width: int
    height: int
    dots: list[Dot] = field(default_factory=list)
    located: int = 0
    labels: list[MapLabel] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.dots

    @property
    def circles(self) -> str:
        """The dots as SVG markup, built in Python: a province has tens of thousands of cells,
        which a template loop renders in over a second and this in a few dozen milliseconds.
        Only numbers and an escaped word go in."""
        word = escape(gettext("usaha"))
        return mark_safe(  # noqa: S308  numbers and an escaped word only
            "".join(
                f'<circle cx="{d.cx:.1f}" cy="{d.cy:.1f}" r="{d.r:.2f}" class="chart-dot">'
                f"<title>{d.count} {word}</title></circle>"
                for d in self.dots
            )
        )


def dot_map(
    cells: Sequence[tuple[float, float, int]],
    labels: Sequence[tuple[float, float, str, int]] = (),
    width: int = 520,
    pad: int = 12,
) -> DotMap:
    """Grid cells (latitude, longitude, businesses) placed on an equirectangular plane.

    The height follows the data's extent so the region keeps its shape; the
    dot area grows with the number of businesses in the cell. `labels`
    (latitude, longitude, text, weight; e.g. kecamatan names at the centre of
    their businesses) give the reader bearings where no boundaries or basemap
    are available; the heaviest are placed first and a label that would
    overlap one already placed is left out.
    """
    if not cells:
        return DotMap(width=width, height=120)
    lats = [c[0] for c in cells]
    lngs = [c[1] for c in cells]
    lat_min, lat_max = min(lats), max(lats)
    lng_min, lng_max = min(lngs), max(lngs)
    # Degrees of longitude shrink with latitude; near the equator the factor is ~1.
    squeeze = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = max((lng_max - lng_min) * squeeze, 1e-6)
    span_y = max(lat_max - lat_min, 1e-6)
    inner = width - 2 * pad
    scale = inner / max(span_x, span_y * 0.8)
    height = int(min(max(span_y * scale + 2 * pad, 160), 520))
    top = max(c[2] for c in cells)
    dots = [
        Dot(
            cx=pad + (lng - lng_min) * squeeze * scale,
            cy=pad + (lat_max - lat) * scale,
            r=2 + 8 * math.sqrt(n / top),
            count=n,
        )
        for lat, lng, n in cells
    ]
    placed: list[MapLabel] = []
    for lat, lng, text, _weight in sorted(labels, key=lambda item: -item[3]):
        label = MapLabel(
            x=pad + (lng - lng_min) * squeeze * scale, y=pad + (lat_max - lat) * scale, text=text
        )
        if not any(_overlap(label, other) for other in placed):
            placed.append(label)
    return DotMap(width=width, height=height, dots=dots, located=sum(c[2] for c in cells), labels=placed)


def _overlap(a: MapLabel, b: MapLabel) -> bool:
    """Whether two centred 10px labels would overlap (about 6px per character)."""
    half_widths = 3.2 * (len(a.text) + len(b.text))
    return abs(a.x - b.x) < half_widths and abs(a.y - b.y) < 12


def shade_classes(values: Sequence[Value | None], steps: int = 5) -> list[int]:
    """Shade class 0..steps-1 of each value, by equal intervals up to the largest."""
    numbers = [float(v or 0) for v in values]
    top = max(numbers, default=0)
    if top <= 0:
        return [0 for _ in numbers]
    return [min(int(steps * n / top), steps - 1) if n > 0 else 0 for n in numbers]
