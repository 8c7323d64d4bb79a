"""The name printed as the applicant on letters ("name on letters"): optional, typed by the borrower on the
"Your data" page, kept with the account (models.AccountProfile), exported and deleted with it. Letters never
fall back to the username: without a name they leave a line to sign by hand."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import AccountProfile
from ..models.accounts import LETTER_NAME_MAX_LENGTH
from .formatting import neutralise_bidi

__all__ = ["LETTER_NAME_MAX_LENGTH", "letter_name", "letter_name_clean", "letter_name_save"]


def letter_name_clean(value: str | None) -> str:
    """`value` as a name to print, spaces collapsed and trimmed. Raises ValidationError with code
    "bidi_controls" when it holds bidirectional controls (the form shows it back neutralised by
    formatting.neutralise_bidi, to check and save again), "control_characters" for other control or format
    characters (tab, line break, NUL, zero-width…) and "too_long" past LETTER_NAME_MAX_LENGTH."""
    value = value or ""
    text = neutralise_bidi(value)
    if text != value:
        raise ValidationError(
            _(
                "The name held invisible characters that change the direction of text; they have been "
                "removed. Check the name and save again."
            ),
            code="bidi_controls",
        )
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in text.replace(" ", "")):
        raise ValidationError(
            _(
                "Use letters and spaces only: the name may not hold tabs, line breaks or invisible characters."
            ),
            code="control_characters",
        )
    text = " ".join(text.split())
    if len(text) > LETTER_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Keep the name to %(limit)s characters (this one has %(count)s).")
            % {"limit": LETTER_NAME_MAX_LENGTH, "count": len(text)},
            code="too_long",
        )
    return text


def letter_name(user) -> str:
    """The name `user` chose for their letters, "" when none (never the username)."""
    if user is None or not getattr(user, "pk", None):
        return ""
    try:
        # One query, or none when the caller selected "owner__account_profile".
        return user.account_profile.letter_name
    except AccountProfile.DoesNotExist:
        return ""


def letter_name_save(*, user, name: str) -> str:
    """Keep `name` (cleaned by letter_name_clean) as `user`'s name on letters; "" clears it. Returns it."""
    name = letter_name_clean(name)
    AccountProfile.objects.update_or_create(user=user, defaults={"letter_name": name})
    return name
