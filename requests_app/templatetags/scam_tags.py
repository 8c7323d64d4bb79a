from django import template

from ..services.scams import ScamWarning, scam_warning

register = template.Library()


@register.simple_tag
def scam_warning_text() -> ScamWarning:
    """The sourced scam warning, for pages whose view does not pass it (sign-up)."""
    return scam_warning()
