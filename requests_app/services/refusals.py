"""Refusals: what a service says when it will not do what it was asked.

Each refusal carries a stable `code` (lower-case, like Django's ValidationError codes; findings use
upper-case codes for what they report) and a translated `message` that is safe to show. Views match on
the class or the code, tests assert the code; only a few tests check the wording.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The one wording for a text that is too long, with the person's own count (forms use it too).
TOO_LONG_MESSAGE = gettext_lazy("Keep it under %(limit_value)d characters (you wrote %(show_value)d).")


def field_refusal(message: str, code: str) -> ValidationError:
    """A refusal of one field's value: a translated message and a stable lower-case code."""
    return ValidationError(message, code=code)


def too_long(*, limit: int, length: int) -> ValidationError:
    """The refusal of a text of `length` characters where `limit` is the most (code "max_length", as
    Django's own)."""
    return field_refusal(TOO_LONG_MESSAGE % {"limit_value": limit, "show_value": length}, "max_length")


class Refusal(Exception):
    """Base of every service refusal: `code` is stable, `message` is translated and safe to show."""

    code: str = "refused"

    def __init__(self, message: str = ""):
        self.message = message
        super().__init__(message or self.code)


class StaleCase(Refusal):
    """The case changed since the person opened the form; `current_version` is the version now saved."""

    code = "stale_version"

    def __init__(self, *, case_id: int, expected_version: int | None, current_version: int | None = None):
        self.case_id, self.expected_version, self.current_version = case_id, expected_version, current_version
        super().__init__(
            _(
                "This case was changed somewhere else (another tab or device) after you opened this page. "
                "Nothing was saved: what you typed is still below. Check it and save again."
            )
        )


class CaseClosed(Refusal):
    """A closed case takes no more changes to its plan."""

    code = "case_closed"

    def __init__(self):
        super().__init__(_("This case is closed and can no longer be changed."))


class InvalidSchedule(Refusal):
    """Schedule rows the service refuses; `row_errors` maps the row index to {field: message} and
    `row_codes` the row index to {field: code}."""

    code = "invalid_schedule"

    def __init__(
        self, row_errors: dict[int, dict[str, str]], row_codes: dict[int, dict[str, str]] | None = None
    ):
        self.row_errors = row_errors
        self.row_codes = row_codes or {}
        super().__init__(_("Some payments cannot be saved: see the rows marked below."))
