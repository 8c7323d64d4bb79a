"""Display filters for the borrower's pages; the formatting rules live in services.formatting.

`money`, `long_date` and `when` keep what they print on one line (a date or an amount broken across two
lines reads as two things); the `_text` variants give the bare text for attributes and SVG titles."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..services import formatting, lenders
from ..services.wizard import STEP_LABELS

register = template.Library()


def _unbroken(text: str):
    return format_html('<span class="nobr">{}</span>', text)


@register.filter
def installments_summary(case):
    """ "3 of 12 periods left, ¥250.00 each" (services.formatting), the amount kept on one line."""
    text = conditional_escape(formatting.installments_summary(case))
    if case.installment_amount is not None:
        amount = formatting.money(case.installment_amount)
        text = text.replace(conditional_escape(amount), _unbroken(amount), 1)
    return mark_safe(text)  # noqa: S308  (escaped above; the only markup is the one-line span)


@register.filter
def money_text(value):
    """¥1,234.50; empty for no value."""
    if value is None or value == "":
        return ""
    return formatting.money(value)


@register.filter
def money(value):
    """¥1,234.50 kept on one line; empty for no value."""
    text = money_text(value)
    return _unbroken(text) if text else ""


@register.filter
def long_date_text(value):
    """2026年12月10日 / 10 Dec 2026; empty for no value."""
    if not value:
        return ""
    return formatting.long_date(value)


@register.filter
def long_date(value):
    """2026年12月10日 / 10 Dec 2026 kept on one line; empty for no value."""
    text = long_date_text(value)
    return _unbroken(text) if text else ""


@register.filter
def when(value):
    """A moment in local time: 2026年12月3日 10:00 / 3 Dec 2026, 10:00, kept on one line."""
    if not value:
        return ""
    return _unbroken(formatting.date_time(value))


@register.filter
def plain_amount(value):
    """1234.50 (for data attributes read by scripts)."""
    if value is None:
        return ""
    return f"{formatting.to_cents(value):f}"


@register.filter
def step_label(step):
    """The wizard step's name as the progress bar shows it."""
    return STEP_LABELS.get(step, "")


@register.filter
def lookup(mapping, key):
    """`mapping[key]`, or "" when it is missing (e.g. the scam notice of one contact)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def any_checked(facts) -> bool:
    """Whether any lender fact reads as checked (services.lenders.facts_checked)."""
    return lenders.facts_checked(facts)
