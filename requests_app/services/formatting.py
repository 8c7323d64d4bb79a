"""How money, dates, day and month counts and rates read in each language. `language=None` means the
active language (translation.get_language()); nothing here depends on the case's letter language."""

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

CENT = Decimal("0.01")

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _is_english(language: str | None) -> bool:
    language = (language or translation.get_language() or "zh-hans").lower()
    return language.startswith("en")


def to_cents(amount: Decimal) -> Decimal:
    """`amount` rounded half-up to the cent, as money is everywhere in Deferral Desk."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal, *, language: str | None = None) -> str:
    """CNY with the yuan sign, thousands separators and two decimals: "¥1,234.50", "-¥5.00"."""
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    return f"{sign}¥{abs(cents):,.2f}"


def long_date(d: dt.date, *, language: str | None = None) -> str:
    """A date, the one way it is written everywhere (pages, admin, letters): "2026年12月10日" in Chinese,
    "10 Dec 2026" in English."""
    if _is_english(language):
        return f"{d.day} {_ENGLISH_MONTHS[d.month - 1][:3]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def date_time(moment: dt.datetime, *, language: str | None = None) -> str:
    """A moment in local time: "2026年12月3日 10:00" / "3 Dec 2026, 10:00" (the admin's DATETIME_FORMAT
    in deferral_site/formats says the same)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    separator = ", " if _is_english(language) else " "
    return f"{long_date(local.date(), language=language)}{separator}{local:%H:%M}"


def month_year(d: dt.date, *, language: str | None = None) -> str:
    """A calendar month: "2027年1月" / "January 2027"."""
    if _is_english(language):
        return f"{_ENGLISH_MONTHS[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月"


def clause_separator(*, language: str | None = None) -> str:
    """What separates clauses in a list of changes: "；" in Chinese, "; " in English."""
    return "; " if _is_english(language) else "；"


def list_separator(*, language: str | None = None) -> str:
    """What separates the items of a short list: "、" in Chinese, ", " in English."""
    return ", " if _is_english(language) else "、"


def full_stop(*, language: str | None = None) -> str:
    """The end of a sentence: "。" in Chinese, "." in English."""
    return "." if _is_english(language) else "。"


#: What may end a sentence the person wrote, in either language.
FINAL_PUNCTUATION = "。！？!?.…」”\"')）"


def as_sentence(text: str, *, language: str | None = None) -> str:
    """`text` on one line, ending with a full stop unless it already ends with final punctuation."""
    text = " ".join((text or "").split())
    if text and text[-1] not in FINAL_PUNCTUATION:
        text += full_stop(language=language)
    return text


def join_sentences(sentences, *, language: str | None = None) -> str:
    """Sentences as one paragraph: Chinese sentences run on, English ones take a space."""
    return (" " if _is_english(language) else "").join(s for s in sentences if s)


def _in_language(language: str | None, render):
    if language is None:
        return render()
    with translation.override(language):
        return render()


def day_count(days: int, *, language: str | None = None) -> str:
    """ "30 天" / "30 days"."""
    return _in_language(language, lambda: ngettext("%(count)s day", "%(count)s days", days) % {"count": days})


def installments_summary(case) -> str:
    """The installment plan in one phrase, the one way the case page and the plan PDF say it:
    "3 of 12 periods left, ¥250.00 each" ("?" for a figure not given)."""
    return gettext("%(remaining)s of %(total)s periods left, %(amount)s each") % {
        "remaining": "?" if case.installments_remaining is None else case.installments_remaining,
        "total": case.installments_total,
        "amount": "?" if case.installment_amount is None else money(case.installment_amount),
    }


def month_count(months: int, *, language: str | None = None) -> str:
    """ "12 个月" / "12 months"."""
    return _in_language(
        language, lambda: ngettext("%(count)s month", "%(count)s months", months) % {"count": months}
    )


def percent(fraction: Decimal, *, language: str | None = None) -> str:
    """A rate given as a fraction, as a percentage without trailing zeros: 0.000500 → "0.05%"."""
    value = (Decimal(fraction) * 100).normalize()
    text = format(value, "f")
    return f"{text}%"


#: Unicode bidirectional controls: embeddings and overrides (U+202A–202E), isolates (U+2066–2069) and the
#: invisible direction marks (U+200E, U+200F, U+061C). Pasted into a borrower's text, an override reverses
#: the app's own sentences around it in a letter or script.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_TABLE = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
T = TypeVar("T")


def neutralise_bidi(text: str) -> str:
    """`text` without bidirectional control characters, so it cannot reorder what surrounds it."""
    return text.translate(_BIDI_TABLE) if text else text


def neutralise_bidi_in(value: T) -> T:
    """`value` with `neutralise_bidi` applied to every string in it: a str, or a frozen dataclass, tuple or
    list of them (nested). For the documents a person reads: letters, plans and scripts."""
    if isinstance(value, str):
        return neutralise_bidi(value)
    if type(value) in (tuple, list):
        return type(value)(neutralise_bidi_in(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: neutralise_bidi_in(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    return value
