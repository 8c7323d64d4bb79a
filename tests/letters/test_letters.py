"""What each letter says (on the document, without rendering a PDF), the next-letter suggestion, and bad
input: no contacts, a refusal without a reason, very long notes, HTML, control and bidi-override characters."""

import datetime as dt

import pytest
from django.utils import timezone

from requests_app.models import EscalationStep, LetterDownload, LetterType
from requests_app.services import letters
from requests_app.services.escalation import escalation_clocks
from tests.factories import CaseFactory, ContactAttemptFactory
from tests.letters.conftest import fresh
from tests.wording import words

pytestmark = pytest.mark.django_db


def suggestion(case, today=None):
    case = fresh(case)
    today = today or timezone.localdate()
    return letters.suggest_next_letter(
        case=case,
        contacts=list(case.contacts.all()),
        downloads=list(case.letter_downloads.all()),
        clocks=escalation_clocks(steps=case.escalation_steps.all(), today=today),
        today=today,
    )


def test_the_reconsideration_cites_each_refusal_with_date_agent_and_ticket(refused_case):
    document = letters.letter_document(case=refused_case, letter_type="reconsideration", language="en")
    body = " ".join(document.paragraphs)
    assert "agent C3301, ticket T-0002" in body  # the latest refusal
    assert "agent A1024, ticket T-0001" in body  # the earlier one
    assert "No reason was given" in body  # the latest refusal had none
    assert [row.agent_id for row in document.timeline] == [
        "",
        "A1024",
        "C3301",
    ]  # oldest first, every contact
    assert [row.ticket_number for row in document.timeline][1:] == ["T-0001", "T-0002"]


def test_a_refusal_with_a_reason_quotes_it(refused_case):
    ContactAttemptFactory(case=refused_case, outcome="refused", offer_made="逾期超过90天不能协商")
    document = letters.letter_document(
        case=fresh(refused_case), letter_type="reconsideration", language="zh-hans"
    )
    assert words("The reason given was: “%(reason)s”", reason="逾期超过90天不能协商") in " ".join(
        document.paragraphs
    )


@pytest.mark.parametrize("letter_type", letters.WITH_TIMELINE)
def test_a_case_without_contacts_says_so_instead_of_an_empty_timeline(letter_type):
    case = fresh(CaseFactory())
    document = letters.letter_document(case=case, letter_type=letter_type, language="en")
    assert document.timeline == ()
    assert document.timeline_empty == "No contacts recorded yet."
    html = letters.render_letter_html(document=document)
    assert 'data-testid="letter-timeline-empty"' in html


def test_very_long_agent_notes_are_shortened_in_the_letter_and_it_says_so(refused_case):
    ContactAttemptFactory(case=refused_case, outcome="refused", offer_made="客服说不行。" * 160)
    document = letters.letter_document(case=fresh(refused_case), letter_type="complaint", language="zh-hans")
    said = document.timeline[-1].said
    assert len(said) < 300
    assert said.endswith(words("… (shortened; the full note is in my records)"))


def test_html_control_and_bidi_characters_print_as_harmless_text():
    case = CaseFactory(
        hardship_narrative="<script>alert(1)</script> 收入\u202e少了\u202c\x07很多",
        account_hint="12\u202e3",
    )
    ContactAttemptFactory(case=case, outcome="refused", agent_id="A\u202e1", offer_made="<b>不行</b>\x1b")
    for letter_type in letters.DOCUMENT_TYPES:
        document = letters.letter_document(case=fresh(case), letter_type=letter_type, language="zh-hans")
        text = document.as_text()
        assert "\u202e" not in text and "\x07" not in text and "\x1b" not in text
        html = letters.render_letter_html(document=document)
        assert "<script>" not in html and "<b>不行</b>" not in html
        assert "\u202e" not in html
    complaint = letters.render_letter_html(
        document=letters.letter_document(case=fresh(case), letter_type="complaint", language="zh-hans")
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in complaint
    assert "&lt;b&gt;不行&lt;/b&gt;" in complaint


def test_the_letters_state_only_what_the_borrower_entered():
    case = fresh(
        CaseFactory(
            hardship_narrative="", monthly_income=None, essential_expenses=None, other_debt_payments=None
        )
    )
    offer = letters.letter_document(case=case, letter_type="offer", language="en")
    assert offer.figures == ()  # no figures were entered, none are printed
    assert "¥" not in " ".join(offer.paragraphs)
    dispute = letters.letter_document(case=case, letter_type="credit_dispute", language="en")
    assert dispute.sections[0].blanks  # the disputed entry is for the borrower to fill in


def test_a_token_offer_when_nothing_is_left():
    case = fresh(
        CaseFactory(monthly_income="2000.00", essential_expenses="2500.00", other_debt_payments="0.00")
    )
    document = letters.letter_document(case=case, letter_type="offer", language="en")
    assert document.title == "Token payment offer"
    assert "token payment" in " ".join(document.paragraphs)


def test_the_regulator_text_states_the_unanswered_complaint(refused_case):
    sent = timezone.localdate() - dt.timedelta(days=31)
    EscalationStep.objects.create(
        case=refused_case, kind="complaint_sent", occurred_on=sent, reference="TS-7"
    )
    document = letters.letter_document(case=fresh(refused_case), letter_type="regulator", language="en")
    body = " ".join(document.paragraphs)
    assert "complaint number TS-7" in body
    assert "31 days later, I have had no answer" in body
    assert len(document.sections) == 1  # no review request without an answer


def test_the_regulator_text_asks_for_a_review_after_an_answer(refused_case):
    today = timezone.localdate()
    EscalationStep.objects.create(
        case=refused_case, kind="complaint_sent", occurred_on=today - dt.timedelta(days=20)
    )
    EscalationStep.objects.create(
        case=refused_case, kind="complaint_answered", occurred_on=today - dt.timedelta(days=5)
    )
    document = letters.letter_document(case=fresh(refused_case), letter_type="regulator", language="en")
    assert document.sections[1].heading.startswith("Request for review")


@pytest.mark.parametrize("letter_type", letters.DOCUMENT_TYPES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_letter_has_a_matching_phone_script(refused_case, letter_type, language):
    script = letters.letter_script(case=refused_case, letter_type=letter_type, language=language)
    assert script.language == language
    assert script.section("opening").lines and script.section("record").notes


def test_an_unknown_letter_type_is_refused_with_a_code(refused_case):
    with pytest.raises(letters.UnknownLetterType) as refused:
        letters.letter_document(case=refused_case, letter_type="ransom", language="en")
    assert refused.value.code == "unknown_letter_type"


# --- Which letter next ---------------------------------------------------------------------------------------


def test_refused_twice_suggests_reconsideration(refused_case):
    assert (suggestion(refused_case).letter_type, suggestion(refused_case).code) == (
        "reconsideration",
        "REFUSED",
    )


def test_refused_again_after_asking_to_reconsider_suggests_a_complaint(refused_case):
    letters.letter_download_record(
        case=refused_case, letter_type=LetterType.RECONSIDERATION, language="zh-hans", by=refused_case.owner
    )
    assert suggestion(refused_case).code == "RECONSIDERATION_SENT"
    ContactAttemptFactory(
        case=refused_case, outcome="refused", occurred_at=timezone.now() + dt.timedelta(minutes=1)
    )
    assert (suggestion(refused_case).letter_type, suggestion(refused_case).code) == (
        "complaint",
        "REFUSED_AFTER_RECONSIDERATION",
    )


def test_a_running_complaint_means_waiting_and_a_late_one_means_the_regulator(refused_case):
    today = timezone.localdate()
    EscalationStep.objects.create(
        case=refused_case, kind="complaint_sent", occurred_on=today - dt.timedelta(days=5)
    )
    waiting = suggestion(refused_case)
    assert (waiting.letter_type, waiting.code) == (None, "COMPLAINT_PENDING")
    late = suggestion(refused_case, today=today + dt.timedelta(days=26))
    assert (late.letter_type, late.code) == ("regulator", "COMPLAINT_UNANSWERED")


def test_without_a_plan_the_hold_action_letter_comes_first():
    case = CaseFactory()
    assert (suggestion(case).letter_type, suggestion(case).code) == ("hold_action", "NO_PLAN_YET")


def test_every_download_is_recorded_with_its_plan_version(refused_case):
    download = letters.letter_download_record(
        case=refused_case, letter_type="complaint", language="en", by=refused_case.owner
    )
    assert (download.letter_type, download.language, download.plan_version.number) == ("complaint", "en", 1)
    assert LetterDownload.objects.filter(case=refused_case).count() == 1
