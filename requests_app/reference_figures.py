"""National reference figures for the household budget, as data: the National Bureau of Statistics'
yearly per-capita consumption by line, with source, year and confidence. Loaded by migration 0011 and
kept true afterwards by administrators in the admin."""

import datetime as dt
from decimal import Decimal

RELEASE_2024 = (
    "国家统计局《2024年居民收入和消费支出情况》(2025-01-17), 全国居民人均消费支出 · "
    "NBS, 2024 household income and consumption release"
)
#: The copy of the release that was read (the figures of the first six lines are quoted there).
MIRROR_2024 = "http://xzhangyanghe.cn/display.php?id=16834"
CHECKED_ON = dt.date(2026, 12, 1)

#: (line, yuan per person per year, confidence). Medical and other together make up the rest of the
#: published total (¥28,227); how it splits between them was not confirmed in a stored source, so both
#: stay "unverified" until an administrator checks the release.
FIGURES_2024: tuple[tuple[str, str, str], ...] = (
    ("food", "8411", "reported"),
    ("clothing", "1521", "reported"),
    ("residence", "6263", "reported"),
    ("household", "1547", "reported"),
    ("transport", "3976", "reported"),
    ("education", "3189", "reported"),
    ("medical", "2547", "unverified"),
    ("other", "773", "unverified"),
)


def load_reference_figures(*, model) -> int:
    """Create or update the 2024 national figures in `model` (ReferenceFigure, or its historical model in
    a migration); returns how many lines were written."""
    for line, amount, confidence in FIGURES_2024:
        model.objects.update_or_create(
            line=line,
            defaults={
                "yearly_per_capita": Decimal(amount),
                "year": 2024,
                "scope": "全国居民 (national)",
                "source": RELEASE_2024,
                "source_url": MIRROR_2024,
                "confidence": confidence,
                "checked_on": CHECKED_ON,
            },
        )
    return len(FIGURES_2024)
