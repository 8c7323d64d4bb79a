"""The language of the borrower's own words, against the letter's."""

from requests_app.models import Case
from requests_app.services.letter_language import narrative_language_mismatch, text_language


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
