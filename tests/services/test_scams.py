"""The scam-phrase check, in both languages: what it finds, what it ignores, and that the list is sound."""

import pytest

from requests_app.services import scams


@pytest.mark.parametrize(
    ("text", "phrase", "category"),
    [
        ("他们说停息挂账包过，只要先交服务费三千", "停息挂账包过", scams.GUARANTEE),
        ("有人说可以征信 洗白", "征信洗白", scams.GUARANTEE),
        ("客服说要先交服务费", "先交服务费", scams.FEE),
        ("对方说走内部渠道可以全免", "内部渠道", scams.FALSE_CLAIM),
        ("他们让我寄手机卡过去", "寄手机卡", scams.CARDS),
        ("做债务优化的公司联系了我", "债务优化", scams.GUARANTEE),
        ("They said I must pay an Up-Front Fee first", "up-front fee", scams.FEE),
        ("an agency offered CREDIT REPAIR in a week", "credit repair", scams.GUARANTEE),
        ("He told me to stop talking to your lender", "stop talking to your lender", scams.STOP_CONTACT),
        ("they can go through an internal channel", "internal channel", scams.FALSE_CLAIM),
    ],
)
def test_a_scam_phrase_is_found_in_either_language(text, phrase, category):
    found = scams.scam_matches(texts={"notes": text})
    assert (phrase, category) in {(match.phrase, match.category) for match in found}
    assert all(match.field == "notes" for match in found)


@pytest.mark.parametrize(
    "text",
    [
        "我上个月失业了，想申请延期还款三十天，之后每月还一千二。",
        "客服说可以分期，但要收手续费。",
        "I lost my job and would like to defer my repayment for 30 days.",
        "The agent offered installments with a fee.",
        "",
    ],
)
def test_ordinary_words_of_a_borrower_are_not_flagged(text):
    assert scams.scam_matches(texts={"hardship_narrative": text}) == ()


def test_matches_name_the_field_they_were_found_in():
    found = scams.scam_matches(texts={"offer_made": "只能按最低还款", "notes": "朋友推荐了征信修复公司"})
    assert [(m.field, m.phrase) for m in found] == [("notes", "征信修复")]
    assert set(scams.field_notices(texts={"notes": "征信修复"})) == {"notes"}


def test_the_phrase_list_has_both_languages_and_known_categories_only():
    phrases = scams.scam_phrases()
    assert {p.language for p in phrases} == {"zh-hans", "en"}
    assert {p.category for p in phrases} <= set(scams.CATEGORIES)
    for required in ("停息挂账包过", "征信洗白", "先交服务费", "债务优化", "内部渠道"):
        assert required in {p.text for p in phrases}


def test_the_warning_has_the_four_points_and_its_sources():
    warning = scams.scam_warning()
    assert len(warning.points) >= 4
    assert {source["code"] for source in warning.sources} == {"NFRA_2024", "FIVE_AGENCIES_2026"}
    assert all(source["url"].startswith("http") for source in warning.sources)
