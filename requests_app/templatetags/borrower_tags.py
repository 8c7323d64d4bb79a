"""Display filters for the borrower's pages; the formatting rules live in services.formatting."""

from django import template

from ..forms.wizard import STEP_LABELS
from ..services import formatting, lenders

register = template.Library()


@register.filter
def money(value):
    """¥1,234.50; empty for no value."""
    if value is None or value == "":
        return ""
    return formatting.money(value)


@register.filter
def long_date(value):
    """2026年12月10日 / 10 December 2026; empty for no value."""
    if not value:
        return ""
    return formatting.long_date(value)


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
