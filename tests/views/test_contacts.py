"""Logging a contact through the client: one entry per submit, corrections, bad input kept."""

import datetime as dt
import html
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, ContactAttempt
from requests_app.services.formatting import money
from tests.factories import ContactAttemptFactory
from tests.views.conftest import local_input
from tests.wording import said

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("requests_app:contact_create", args=[case.public_id])


def data(**overrides):
    values = {
        "idempotency_key": str(uuid.uuid4()),
        "channel": "phone",
        "occurred_at": local_input(timezone.now() - dt.timedelta(minutes=30)),
        "outcome": "call_back",
        "agent_id": "A1024",
        "ticket_number": "T-9",
        "call_recorded": "yes",
        "offer_made": "可以延期 30 天，需要补交材料",
        "promised": "三天内上传失业证明",
        "next_follow_up": local_input(timezone.now() + dt.timedelta(days=3)),
        "notes": "",
    }
    values.update(overrides)
    return values


def test_the_form_carries_a_fresh_idempotency_key_each_time(logged_in, ready_case):
    first = logged_in.get(url(ready_case)).content.decode()
    second = logged_in.get(url(ready_case)).content.decode()
    key = 'name="idempotency_key" value="'
    assert (
        first[first.index(key) : first.index(key) + 70] != second[second.index(key) : second.index(key) + 70]
    )


def test_a_contact_is_saved_and_the_case_becomes_contacted(logged_in, ready_case):
    response = logged_in.post(url(ready_case), data())
    assert response.status_code == 302 and response["Location"] == ready_case.get_absolute_url()
    contact = ContactAttempt.objects.get(case=ready_case)
    assert contact.agent_id == "A1024" and contact.call_recorded is True and contact.plan_version is not None
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.CONTACTED
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert "三天内上传失业证明" in page and 'data-testid="follow-up"' in page


def test_submitting_the_same_form_twice_makes_one_entry(logged_in, ready_case):
    values = data()
    assert logged_in.post(url(ready_case), values).status_code == 302
    assert logged_in.post(url(ready_case), values).status_code == 302
    assert ContactAttempt.objects.filter(case=ready_case).count() == 1


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("occurred_at", "", "请填联系的时间"),
        ("occurred_at", "not a time", "请填日期和时间"),
        ("occurred_at", local_input(timezone.now() + dt.timedelta(days=2)), "这个时间还没到"),
        ("next_follow_up", local_input(timezone.now() - dt.timedelta(days=2)), "这个时间已经过了"),
        ("outcome", "", "请选结果"),
        ("notes", "字" * 1500, "请控制在 1000 字以内"),
    ],
    # Fixed ids: the times above depend on when the module is collected, and every xdist worker must
    # collect the same test ids.
    ids=[
        "time-missing",
        "time-garbled",
        "time-in-future",
        "follow-up-in-past",
        "outcome-missing",
        "notes-too-long",
    ],
)
def test_bad_input_gets_a_message_next_to_its_field_and_keeps_the_rest(
    logged_in, ready_case, field, typed, message
):
    response = logged_in.post(url(ready_case), data(**{field: typed}))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(f'id="div_id_{field}"')
    block = page[start : page.find('id="div_id_', start + 10)]
    assert message in block
    assert "三天内上传失业证明" in page
    assert not ContactAttempt.objects.filter(case=ready_case).exists()


def test_a_refused_submit_keeps_its_key_so_the_fixed_submit_is_still_one_entry(logged_in, ready_case):
    values = data(outcome="")
    page = logged_in.post(url(ready_case), values).content.decode()
    assert values["idempotency_key"] in page


def test_html_in_notes_is_shown_as_text(logged_in, ready_case):
    logged_in.post(url(ready_case), data(notes="<script>x()</script>"))
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_a_correction_starts_from_the_old_entry_and_refers_to_it(logged_in, ready_case):
    old = ContactAttemptFactory(case=ready_case, agent_id="A-OLD", notes="记错了")
    page = logged_in.get(url(ready_case) + f"?corrects={old.pk}").content.decode()
    assert 'value="A-OLD"' in page and f'name="corrects" value="{old.pk}"' in page
    response = logged_in.post(
        url(ready_case) + f"?corrects={old.pk}", data(corrects=str(old.pk), agent_id="A-NEW")
    )
    assert response.status_code == 302
    correction = ContactAttempt.objects.get(case=ready_case, agent_id="A-NEW")
    assert correction.corrects == old
    assert ContactAttempt.objects.filter(pk=old.pk, agent_id="A-OLD").exists()
    timeline = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert said("Corrected by a later entry") in timeline and said("Corrects an earlier entry") in timeline
    assert timeline.count("contact-entry-corrected") == 1


def test_correcting_another_cases_entry_is_404(logged_in, ready_case):
    other = ContactAttemptFactory()
    assert logged_in.get(url(ready_case) + f"?corrects={other.pk}").status_code == 404
    assert logged_in.post(url(ready_case), data(corrects=str(other.pk))).status_code == 404


@pytest.mark.parametrize("corrects", ["9" * 40, "²", "٣"])
def test_an_entry_number_no_database_holds_is_never_a_500(logged_in, ready_case, corrects):
    # Found by the endpoint fuzz: forty nines overflowed the id lookup; "²" passed isdigit() but not int().
    assert logged_in.get(url(ready_case) + f"?corrects={corrects}").status_code in (200, 404)


def test_a_correction_id_too_long_for_a_number_is_ignored_not_a_500(logged_in, ready_case):
    response = logged_in.get(url(ready_case) + "?corrects=" + "9" * 5000)
    assert response.status_code == 200
    assert response.context["form"]["corrects"].value() is None


def test_a_script_link_prefills_from_the_case_and_ignores_figures_in_the_url(logged_in, ready_case):
    response = logged_in.get(
        url(ready_case)
        + "?channel=chat&promised=URL-PROMISE-7&next_follow_up=2030-01-02T10:00&outcome=call_back"
    )
    page = response.content.decode()
    assert re.search(r'name="channel" value="chat"[^>]*checked', page)
    assert re.search(r'name="outcome" value="call_back"[^>]*checked', page)
    # What to promise and when to follow up come from the case's own plan, not from the link.
    initial = response.context["form"].initial
    assert "URL-PROMISE-7" not in initial["promised"] and "¥" in initial["promised"]
    assert not str(initial["next_follow_up"]).startswith("2030")


def test_the_script_link_carries_no_figures_and_the_form_is_prefilled_on_the_server(logged_in, ready_case):
    total = money(sum(p.amount for p in ready_case.payments.all()))
    script_page = logged_in.get(reverse("requests_app:case_script", args=[ready_case.public_id, "phone"]))
    link = re.search(r'href="([^"]*)"[^>]*data-testid="log-contact"', script_page.content.decode()).group(1)
    query = parse_qs(urlsplit(html.unescape(link)).query)
    assert set(query) == {"channel", "lang"}, "nothing but the script's channel and language in the URL"
    page = logged_in.get(html.unescape(link)).content.decode()
    assert re.search(r'name="channel" value="phone"[^>]*checked', page)
    assert total in page  # the promise, computed from the plan on the server
    assert total not in link
    assert re.search(r'name="next_follow_up"[^>]*value="\d{4}-\d\d-\d\dT10:00"', page)


def test_figures_typed_into_the_query_string_are_ignored(logged_in, ready_case):
    page = logged_in.get(url(ready_case) + "?channel=chat&promised=按计划还款&agent_id=A9").content.decode()
    assert re.search(r'name="channel" value="chat"[^>]*checked', page)
    assert "按计划还款" not in page and 'value="A9"' not in page


def test_there_is_no_way_to_edit_or_delete_an_entry(logged_in, ready_case):
    contact = ContactAttemptFactory(case=ready_case)
    page = logged_in.get(ready_case.get_absolute_url()).content.decode()
    assert f"?corrects={contact.pk}" in page
    for path in (
        f"/cases/{ready_case.public_id}/contacts/{contact.pk}/",
        f"/cases/{ready_case.public_id}/contacts/{contact.pk}/delete/",
    ):
        assert logged_in.post(path).status_code == 404
