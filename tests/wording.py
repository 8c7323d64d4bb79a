"""Tests assert codes, not translated wording (issue 14). Where a page or a document shows only words (a
notice, a help text, a sentence of a script), a test looks them up by their msgid, so a better translation
does not break it; the few tests whose point is the wording itself (a letter's register, a language named
in itself) compare the text and say why."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation
from django.utils.html import escape


def words(msgid: str, *, language: str = "zh-hans", **values) -> str:
    """The catalogue's text for `msgid` in `language`, placeholders filled from `values`."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % values if values else text


def words_plural(singular: str, plural: str, count: int, *, language: str = "zh-hans", **values) -> str:
    """As `words`, for an ngettext message (`count` chooses the form and fills %(count)s)."""
    with translation.override(language):
        text = translation.ngettext(singular, plural, count)
    return text % {"count": count, **values}


def said(msgid: str, *, language: str = "zh-hans", **values) -> str:
    """`words`, HTML-escaped as a template writes it: to find in a page."""
    return escape(words(msgid, language=language, **values))


def said_plural(singular: str, plural: str, count: int, *, language: str = "zh-hans", **values) -> str:
    """`words_plural`, HTML-escaped: to find in a page."""
    return escape(words_plural(singular, plural, count, language=language, **values))


def error_codes(form, field: str | None = None) -> list[str]:
    """The codes of `form`'s errors on `field` (None: the errors above the form)."""
    return [error.code for error in form.errors.as_data().get(field or NON_FIELD_ERRORS, [])]
