"""The letters write, the scripts speak: the printed letters are formal written Chinese (书面语: 本人、贵司、特此、
恳请), the phone and chat scripts are spoken (我、您、能不能). The same facts, in sentences of their own."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from requests_app.models import Case, Lender, LetterType
from requests_app.services import letters, pdf, scripts
from requests_app.services.scripts.letter import waiver_request
from requests_app.services.scripts.sentences import waiver_sentences
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory

pytestmark = pytest.mark.django_db

#: Markers of the written register a formal Chinese letter uses.
WRITTEN = ("本人", "贵司", "特此申请", "恳请贵司", "静候")
#: Markers of the spoken register: first person 我 as a subject, "could you", "talk it over", softeners.
SPOKEN = ("我是", "我现在", "能不能", "帮我", "跟您", "商量", "一下", "所以我想")


@pytest.fixture
def case():
    today = timezone.localdate()
    case = CaseFactory(
        lender=Lender.objects.get(slug="huabei"),
        amount_due=Decimal("8650.00"),
        due_date=today + dt.timedelta(days=9),
        account_hint="3307",
        hardship_category=Case.HardshipCategory.JOB_LOSS,
        hardship_since=today - dt.timedelta(days=40),
        hardship_expected_end=today + dt.timedelta(days=75),
        hardship_narrative="公司九月底裁员，已经拿到录用通知。",
        evidence=["bank_statements"],
        requested_deferral_days=30,
        monthly_income=Decimal("4000.00"),
        essential_expenses=Decimal("2900.00"),
        other_debt_payments=Decimal("300.00"),
    )
    for month in range(3):
        PaymentFactory(case=case, due_on=today + dt.timedelta(days=40 + 30 * month), amount=Decimal("800.00"))
    ContactAttemptFactory(case=case, ticket_number="GD-1")
    return Case.objects.get(pk=case.pk)


def spoken_lines(case, channel, language="zh-hans"):
    script = scripts.build_script(case=case, channel=channel, language=language)
    return [line for section in script.sections for line in section.lines]


def test_the_chinese_letter_is_in_the_written_register(case):
    letter = scripts.letter_text(case=case, language="zh-hans")
    text = "".join([letter.salutation, *letter.paragraphs])
    for marker in WRITTEN:
        assert marker in text, marker
    for marker in SPOKEN:
        assert marker not in text, marker
    assert letter.paragraphs[0].startswith("本人系花呗用户（账户尾号3307）。")
    assert "现无力按期足额还款，特此申请延期还款" in letter.paragraphs[0]


def test_the_phone_script_stays_spoken(case):
    lines = "".join(spoken_lines(case, scripts.PHONE))
    assert "我" in lines and "您" in lines
    for marker in ("本人", "贵司", "特此", "恳请"):
        assert marker not in lines, marker


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("channel", [scripts.PHONE, scripts.CHAT])
def test_no_sentence_of_the_scripts_is_reused_in_the_letter(case, language, channel):
    paragraphs = scripts.letter_text(case=case, language=language).paragraphs
    for line in spoken_lines(case, channel, language):
        # The borrower's own story may be quoted in both; everything the product wrote differs.
        if line.strip() and case.hardship_narrative not in line:
            assert all(line not in paragraph for paragraph in paragraphs), line


def test_the_letter_asks_in_writing_to_waive_or_freeze_the_penalty_and_the_script_asks_aloud(case):
    letter = scripts.letter_text(case=case, language="zh-hans")
    with translation.override("zh-hans"):
        written, spoken = waiver_request(), waiver_sentences()
    assert written in letter.paragraphs[2] and "减免罚息" in written and "停止计收" in written
    assert not any(sentence in paragraph for sentence in spoken for paragraph in letter.paragraphs)
    request = scripts.build_script(case=case, channel=scripts.PHONE, language="zh-hans").section("request")
    assert all(sentence in request.lines for sentence in spoken)


def test_the_english_letter_is_formal_too(case):
    letter = scripts.letter_text(case=case, language="en")
    text = " ".join(letter.paragraphs)
    assert "I hereby apply for a deferral of repayment" in text and "I therefore request" in text
    assert "So I would like" not in text and "Could you" not in text


@pytest.mark.parametrize("letter_type", [t for t in LetterType.values if t != LetterType.DEFERRAL])
def test_the_six_other_letters_are_written_not_spoken(case, letter_type):
    document = letters.letter_document(case=case, letter_type=letter_type, language="zh-hans")
    body = "".join(document.paragraphs)
    assert "本人" in body
    for marker in SPOKEN:
        assert marker not in body, (letter_type, marker)


def test_every_letter_closes_with_the_formal_sign_off(case):
    html = pdf.render_plan_html(
        case=pdf.plan_document_queryset(Case.objects.all()).get(pk=case.pk), language="zh-hans"
    )
    assert "此致<br>敬礼！" in html
    document = letters.letter_document(case=case, letter_type=LetterType.OFFER, language="zh-hans")
    assert "此致<br>敬礼！" in letters.render_letter_html(document=document)
