"""The geometry of the schedule chart, drawn as SVG by a template: one bar per calendar month (what the plan
asks in that month) against a line at the monthly offer.

Pure arithmetic on the assessment's month totals (services.assessment, decision 2): whether a month is
over the offer is the assessment's verdict, never recomputed here. No database, no rendering.
Coordinates are in the SVG's viewBox units.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from .assessment import MonthTotal
from .finances import has_monthly_offer

WIDTH = 360
HEIGHT = 212
PAD_LEFT = 8
PAD_RIGHT = 8
PAD_TOP = 26
PAD_BOTTOM = 34
MAX_GAP = 12
#: A date label ("12/31") is at most 5 characters of ~6.6 units each at the chart's font size, plus room.
LABEL_WIDTH = 40


@dataclass(frozen=True)
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    label_x: float
    date_label: str
    show_label: bool
    year_label: str
    amount: Decimal
    payments: int
    over_capacity: bool
    due_on: dt.date


@dataclass(frozen=True)
class ScheduleChart:
    """A bar per calendar month with payments, a line at the monthly offer (None when unknown or not
    positive)."""

    width: int
    height: int
    bars: tuple[ChartBar, ...]
    baseline_y: float
    label_y: float
    year_label_y: float
    capacity: Decimal | None
    capacity_y: float | None
    capacity_label_y: float | None
    left: float
    right: float
    any_over_capacity: bool


def _round(value: float) -> float:
    return round(value, 1)


def schedule_chart(*, months: tuple[MonthTotal, ...], offer: Decimal | None) -> ScheduleChart | None:
    """Bars scaled so the tallest month (or the offer line, if higher) nearly fills the chart; None without
    payments. A bar is labelled "month/day" of the month's first payment, spaced so labels never overlap
    (every n-th bar, and the last when it fits); a labelled bar whose year differs from the previous label's
    carries the year below it, and so does the first. Pass the assessment's `months` and `monthly_offer`."""
    if not months:
        return None
    shown_capacity = offer if has_monthly_offer(offer) else None
    top_value = max([m.total for m in months] + ([shown_capacity] if shown_capacity else []))
    plot_top, baseline = PAD_TOP, HEIGHT - PAD_BOTTOM
    plot_height = baseline - plot_top
    plot_width = WIDTH - PAD_LEFT - PAD_RIGHT
    count = len(months)
    slot = plot_width / count
    gap = min(MAX_GAP, slot * 0.25)
    every = max(1, math.ceil(LABEL_WIDTH / slot))
    shown = set(range(0, count, every))
    if (count - 1) - max(shown) >= every:
        shown.add(count - 1)
    bars = []
    last_year = None
    for index, month in enumerate(months):
        year_label = ""
        if index in shown and month.first_due_on.year != last_year:
            year_label, last_year = str(month.first_due_on.year), month.first_due_on.year
        height = float(month.total / top_value) * plot_height if top_value > 0 else 0.0
        x = PAD_LEFT + index * slot + gap / 2
        bars.append(
            ChartBar(
                x=_round(x),
                y=_round(baseline - height),
                width=_round(slot - gap),
                height=_round(height),
                label_x=_round(x + (slot - gap) / 2),
                date_label=f"{month.first_due_on.month}/{month.first_due_on.day}",
                show_label=index in shown,
                year_label=year_label,
                amount=month.total,
                payments=month.count,
                over_capacity=month.over_offer,
                due_on=month.first_due_on,
            )
        )
    capacity_y = None
    if shown_capacity is not None:
        capacity_y = _round(baseline - float(shown_capacity / top_value) * plot_height)
    return ScheduleChart(
        width=WIDTH,
        height=HEIGHT,
        bars=tuple(bars),
        baseline_y=baseline,
        label_y=baseline + 14,
        year_label_y=baseline + 28,
        capacity=shown_capacity,
        capacity_y=capacity_y,
        capacity_label_y=None if capacity_y is None else _round(max(capacity_y - 5, 11)),
        left=PAD_LEFT,
        right=WIDTH - PAD_RIGHT,
        any_over_capacity=any(bar.over_capacity for bar in bars),
    )
