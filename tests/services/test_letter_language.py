"""The language of the borrower's own words, against the letter's."""

from requests_app.models import Case
from requests_app.services.letter_language import (
    letter_language_for,
    narrative_language_mismatch,
    resolve_language,
    text_language,
)


def test_text_language_reads_the_script_the_words_are_in():
    assert text_language("公司裁员，我上个月失业了。") == "zh-hans"
    assert text_language("I lost my job last month and am looking for work.") == "en"
    assert text_language("我在 Shopee 工作，上个月被裁员了") == "zh-hans"
    assert text_language("  123 ") is None


def test_a_chinese_story_in_an_english_letter_is_flagged_and_not_in_a_chinese_one():
    case = Case(hardship_narrative="工厂停工，三个月没有工资。")
    assert narrative_language_mismatch(case=case, letter_language="en") == "zh-hans"
    assert narrative_language_mismatch(case=case, letter_language="zh-hans") is None
    assert narrative_language_mismatch(case=Case(hardship_narrative=""), letter_language="en") is None


# --- Rule 12: the language of a case's documents is decided in one place ---------------------------------


def test_every_document_reads_the_one_language_rule():
    from requests_app.services import letter_language, letters, pdf, scripts  # the three document kinds

    assert letters.resolve_language is letter_language.resolve_language
    assert scripts.resolve_language is letter_language.resolve_language
    assert pdf.resolve_language is letter_language.resolve_language


def test_the_language_asked_for_wins_else_the_cases_else_chinese():
    english = Case(letter_language="en")
    assert resolve_language(english, "zh-hans") == "zh-hans"
    assert resolve_language(english, "fr") == "en"
    assert resolve_language(english, None) == "en"
    assert resolve_language(Case(letter_language=""), None) == "zh-hans"


def test_a_new_case_writes_its_letter_in_the_language_of_the_pages():
    assert [letter_language_for(x) for x in ("en", "en-us", "zh-hans", "", None)] == [
        "en",
        "en",
        "zh-hans",
        "zh-hans",
        "zh-hans",
    ]
