"""The language of a case's letters, scripts and PDF (rule 12: decided here only), and which language
the borrower's own words are in, so a letter in another language can say so first."""

import re

from ..models import Case

#: The languages a letter, a script or the plan PDF can be written in.
LANGUAGES: tuple[str, ...] = tuple(Case.Language.values)


def resolve_language(case: Case, language: str | None) -> str:
    """The language to write `case`'s documents in: `language` (asked for, e.g. ?lang=) if it is one of
    the letter languages, else the case's letter language, else Chinese. Views, the PDF, the scripts, the
    letters, the reminders and the admin's links all ask this."""
    if language in LANGUAGES:
        return language
    return case.letter_language if case.letter_language in LANGUAGES else Case.Language.ZH_HANS


def letter_language_for(active_language: str | None) -> str:
    """The letter language a new case starts with: English for a person using the English pages, else
    Chinese."""
    return Case.Language.EN if (active_language or "").lower().startswith("en") else Case.Language.ZH_HANS


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def text_language(text: str) -> str | None:
    """ "zh-hans" when `text` is mostly Chinese, "en" when mostly Latin letters, None when it has neither.
    A Chinese character counts as two letters: about what one word is worth in each script."""
    cjk = len(_CJK.findall(text or ""))
    latin = len(_LATIN.findall(text or ""))
    if not cjk and not latin:
        return None
    return Case.Language.ZH_HANS if cjk * 2 >= latin else Case.Language.EN


def narrative_language_mismatch(*, case: Case, letter_language: str) -> str | None:
    """The language of the case's hardship narrative when it differs from `letter_language` (the letter
    quotes the narrative as written), else None."""
    written_in = text_language(case.hardship_narrative)
    if written_in is None or written_in == letter_language:
        return None
    return written_in
