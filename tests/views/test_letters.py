"""Letters, deadlines and the scam guard through the client: previews, recorded downloads, recording a
complaint step (and refusing a future date), and warnings that never block a save."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, EscalationStep, LetterDownload
from requests_app.services import letters
from tests.concurrency.posts import contact_post, step_post
from tests.factories import ContactAttemptFactory
from tests.views.conftest import make_ready_case
from tests.wording import said

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(borrower):
    case = make_ready_case(owner=borrower)
    for days, agent, ticket in ((6, "A1024", "T-0001"), (2, "C3301", "T-0002")):
        ContactAttemptFactory(
            case=case,
            outcome="refused",
            agent_id=agent,
            ticket_number=ticket,
            occurred_at=timezone.now() - dt.timedelta(days=days),
        )
    return case


def url(name, case, *args):
    return reverse(f"requests_app:{name}", args=[case.public_id, *args])


@pytest.mark.parametrize("letter_type", letters.DOCUMENT_TYPES)
def test_each_letter_can_be_previewed_with_the_scam_warning_and_its_script(logged_in, refused, letter_type):
    response = logged_in.get(url("letter_preview", refused, letter_type) + "?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="letter-preview"' in html
    assert 'data-testid="scam-warning"' in html
    assert 'data-testid="letter-script"' in html
    assert url("letter_pdf", refused, letter_type) + "?lang=en" in html
    assert response["Cache-Control"] == "private, no-store"


def test_the_deferral_request_is_the_plan_letter(logged_in, refused):
    response = logged_in.get(url("letter_preview", refused, "deferral") + "?lang=en")
    assert response.status_code == 302
    assert response["Location"] == url("case_plan_preview", refused) + "?lang=en"


def test_an_unknown_letter_is_a_404(logged_in, refused):
    assert logged_in.get(url("letter_preview", refused, "ransom")).status_code == 404
    assert logged_in.get(url("letter_pdf", refused, "ransom")).status_code == 404


def test_every_download_is_recorded_in_the_case_history(logged_in, refused):
    response = logged_in.get(url("letter_pdf", refused, "reconsideration") + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "reconsideration-" in response["Content-Disposition"]
    logged_in.get(url("case_plan_pdf", refused))
    downloads = list(LetterDownload.objects.filter(case=refused).order_by("id"))
    assert [(d.letter_type, d.language) for d in downloads] == [
        ("reconsideration", "en"),
        ("deferral", "zh-hans"),
    ]
    assert all(d.plan_version is not None and d.downloaded_by_id == refused.owner_id for d in downloads)

    page = logged_in.get(refused.get_absolute_url()).content.decode()
    assert 'data-testid="letter-history"' in page
    # Asked to reconsider, not refused since: the next step is a complaint if they refuse again.
    assert 'data-code="RECONSIDERATION_SENT"' in page


def test_the_case_page_suggests_reconsideration_after_two_refusals(logged_in, refused):
    page = logged_in.get(refused.get_absolute_url()).content.decode()
    assert 'data-testid="letter-suggestion" data-code="REFUSED" data-letter="reconsideration"' in page


def test_recording_a_complaint_starts_the_clocks_shown_on_the_case_page(logged_in, refused):
    sent = timezone.localdate() - dt.timedelta(days=3)
    response = logged_in.post(
        url("escalation_create", refused),
        {"kind": "complaint_sent", "occurred_on": sent.isoformat(), "reference": "TS-2026-9", "notes": ""},
    )
    assert response.status_code == 302
    step = EscalationStep.objects.get(case=refused)
    assert (step.kind, step.occurred_on, step.reference, step.recorded_by_id) == (
        "complaint_sent",
        sent,
        "TS-2026-9",
        refused.owner_id,
    )
    page = logged_in.get(refused.get_absolute_url()).content.decode()
    due = (sent + dt.timedelta(days=15)).isoformat()
    assert f'data-code="COMPLAINT_SIMPLE_ANSWER" data-state="upcoming" data-due="{due}"' in page
    assert 'data-testid="deadline-next" data-code="COMPLAINT_SIMPLE_ANSWER"' in page
    assert said("Check the current rules.") in page
    ics = logged_in.get(url("case_calendar", refused)).content.decode()
    assert f"DTSTART;VALUE=DATE:{due.replace('-', '')}" in ics


def test_a_complaint_date_in_the_future_gets_a_message_and_nothing_is_saved(logged_in, refused):
    future = timezone.localdate() + dt.timedelta(days=2)
    response = logged_in.post(
        url("escalation_create", refused),
        {
            "kind": "complaint_sent",
            "occurred_on": future.isoformat(),
            "reference": "<b>TS</b>",
            "notes": "x" * 50,
        },
    )
    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors
    html = response.content.decode()
    assert future.isoformat() in html and "&lt;b&gt;TS&lt;/b&gt;" in html  # what was typed is kept, escaped
    assert not EscalationStep.objects.exists()


def test_the_complaint_path_and_sign_up_show_the_scam_warning(client, logged_in, refused):
    assert 'data-testid="scam-warning"' in logged_in.get(url("escalation_create", refused)).content.decode()
    client.logout()
    assert 'data-testid="scam-warning"' in client.get(reverse("signup")).content.decode()


def test_a_scam_phrase_in_the_story_warns_beside_the_field_but_is_saved(logged_in, borrower):
    case = make_ready_case(owner=borrower)
    story = "有中介说可以征信洗白，停息挂账包过"
    response = logged_in.post(
        url("case_step", case, "hardship"), step_post(case, "hardship", hardship_narrative=story)
    )
    assert response.status_code == 302  # saved and moved on: the warning never blocks
    assert Case.objects.get(pk=case.pk).hardship_narrative == story
    page = logged_in.get(url("case_step", case, "hardship")).content.decode()
    assert 'data-testid="scam-field-warning" data-field="hardship_narrative"' in page


def test_a_scam_phrase_in_a_contact_note_warns_on_the_timeline_but_is_saved(logged_in, borrower):
    case = make_ready_case(owner=borrower)
    response = logged_in.post(
        url("contact_create", case),
        contact_post(notes="They said pay an up-front fee first", offer_made="对方说要先交服务费"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert ContactAttempt.objects.get(case=case).offer_made == "对方说要先交服务费"
    html = response.content.decode()
    assert html.count('data-testid="scam-field-warning"') >= 1
    assert "先交服务费" in html


def test_an_invalid_contact_form_keeps_the_text_and_warns_beside_the_field(logged_in, borrower):
    case = make_ready_case(owner=borrower)
    response = logged_in.post(url("contact_create", case), contact_post(channel="", notes="征信修复公司找我"))
    assert response.status_code == 200
    assert 'data-testid="scam-field-warning" data-field="notes"' in response.content.decode()
