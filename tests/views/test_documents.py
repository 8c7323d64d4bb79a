import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, Lender
from requests_app.services.access import case_sharing_set
from requests_app.services.versions import latest_plan_version, plan_version_record
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, counselor
from tests.wording import said

INJECTION = '<img src="http://127.0.0.1:9/x"> file:///etc/passwd <script>alert(1)</script>'


@pytest.fixture
def huabei(db):
    return Lender.objects.get(slug="huabei")


@pytest.fixture
def case(borrower, huabei):
    case = CaseFactory(owner=borrower, lender=huabei, hardship_narrative="公司裁员。" + INJECTION)
    start = case.due_date + dt.timedelta(days=30)
    for index in range(3):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal("1015.00"))
    plan_version_record(case=case)
    ContactAttemptFactory(case=case, plan_version=latest_plan_version(case))
    return case


@pytest.fixture
def owner_client(client, borrower):
    client.force_login(borrower)
    return client


def script_url(case, channel):
    return reverse("requests_app:case_script", kwargs={"public_id": case.public_id, "channel": channel})


def preview_url(case):
    return reverse("requests_app:case_plan_preview", kwargs={"public_id": case.public_id})


def pdf_url(case):
    return reverse("requests_app:case_plan_pdf", kwargs={"public_id": case.public_id})


# --- Scripts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["phone", "chat", "social"])
def test_the_owner_sees_each_channel_script_in_the_interface_language(
    owner_client, case, channel, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12 + 4):  # + the household plan and the reference figures
        response = owner_client.get(script_url(case, channel))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "花呗" in html
    assert 'id="section-prepare"' in html and 'id="section-record"' in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None  # no inline script
    assert " onclick=" not in html


def test_the_script_follows_the_interface_language_not_the_letter_language(owner_client, case):
    owner_client.cookies["django_language"] = "en"
    html = owner_client.get(script_url(case, "phone")).content.decode()

    assert case.letter_language == "zh-hans"
    assert "Hello, I am a Huabei customer; my account ends in 1234." in html
    assert (
        said("Hello, I am a %(lender)s customer; my account ends in %(hint)s.", lender="花呗", hint="1234")
        not in html
    )


def test_the_letter_language_is_an_explicit_choice_that_leaves_the_script_alone(owner_client, case):
    html = owner_client.get(script_url(case, "phone"), {"lang": "en"}).content.decode()

    assert (
        said("Hello, I am a %(lender)s customer; my account ends in %(hint)s.", lender="花呗", hint="1234")
        in html
    )  # the page stays in the interface language
    assert 'data-testid="letter-language"' in html
    letter = re.search(r'data-testid="letter-language">(.*?)</div>', html, re.S).group(1)
    assert f'href="{preview_url(case)}?lang=en" lang="en" hreflang="en" aria-current="true"' in letter
    assert f'href="{preview_url(case)}?lang=zh-hans"' in letter


def test_an_unknown_language_falls_back_to_the_letter_language(owner_client, case):
    response = owner_client.get(script_url(case, "phone"), {"lang": "fr"})

    assert (
        said("Hello, I am a %(lender)s customer; my account ends in %(hint)s.", lender="花呗", hint="1234")
        in response.content.decode()
    )


def test_chat_messages_have_copy_buttons_with_the_text_in_a_data_attribute(owner_client, case):
    response = owner_client.get(script_url(case, "chat"))

    html = response.content.decode()
    assert html.count("data-copy-text=") >= 8
    assert f'data-copied-label="{said("Copied")}"' in html
    assert "js/copy.js" in html


def test_the_phone_script_has_no_copy_buttons(owner_client, case):
    html = owner_client.get(script_url(case, "phone")).content.decode()

    assert "data-copy-text=" not in html
    assert "data-print" in html


def test_user_text_in_the_script_page_is_escaped(owner_client, case):
    html = owner_client.get(script_url(case, "chat")).content.decode()

    assert '<img src="http://127.0.0.1:9/x">' not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in html


def _contact_links(html):
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]*/contacts/new/[^"]*)"', html)]


def test_log_this_contact_and_the_log_bar_carry_only_codes_in_the_url(owner_client, case):
    html = owner_client.get(script_url(case, "phone")).content.decode()

    assert 'data-testid="log-bar"' in html and 'data-testid="log-contact"' in html
    links = _contact_links(html)
    outcomes = set()
    for link in links:
        parts = urlsplit(link)
        assert parts.path == reverse("requests_app:contact_create", kwargs={"public_id": case.public_id})
        query = parse_qs(parts.query)
        assert set(query) <= {"channel", "lang", "outcome"}, link  # no amounts, dates or words
        assert query["channel"] == ["phone"]
        outcomes.update(query.get("outcome", []))
        assert "¥" not in unquote(link) and "2026" not in link and "2027" not in link
    assert outcomes == {"no_answer", "call_back", "approved", "refused"}


def test_a_quick_outcome_opens_the_form_with_it_chosen(owner_client, case):
    url = reverse("requests_app:contact_create", kwargs={"public_id": case.public_id})
    html = owner_client.get(
        url, {"channel": "phone", "lang": "zh-hans", "outcome": "no_answer"}
    ).content.decode()

    assert re.search(r'value="no_answer"[^>]*checked', html)
    assert re.search(r'value="phone"[^>]*checked', html)


def test_a_counselor_reading_a_script_gets_no_log_bar(client, case):
    case_sharing_set(case=case, shared=True, by=case.owner)
    client.force_login(counselor())
    html = client.get(script_url(case, "phone")).content.decode()

    assert 'data-testid="log-bar"' not in html and 'data-testid="log-contact"' not in html


def test_the_phone_script_offers_the_hotline_as_a_tel_link(owner_client, case):
    html = owner_client.get(script_url(case, "phone")).content.decode()
    number = case.lender.channels.get(kind="phone").contact

    assert re.search(rf'href="tel:{number}" data-testid="call-hotline"', html)


def test_a_plan_with_errors_is_not_offered_as_ready(owner_client, case):
    case.payments.all().delete()  # nothing planned: the plan no longer covers the debt
    for url in (script_url(case, "phone"), preview_url(case)):
        html = owner_client.get(url).content.decode()
        assert 'data-testid="documents-not-ready"' in html, url


def test_a_chinese_story_in_an_english_letter_gets_a_notice_before_download(owner_client, case):
    Case.objects.filter(pk=case.pk).update(hardship_narrative="工厂停工，三个月没有工资，正在找新工作。")
    english = owner_client.get(preview_url(case), {"lang": "en"}).content.decode()
    chinese = owner_client.get(preview_url(case), {"lang": "zh-hans"}).content.decode()

    assert 'data-testid="narrative-language"' in english
    assert 'data-testid="narrative-language"' not in chinese


def test_an_unknown_channel_is_not_found(owner_client, case):
    assert owner_client.get(script_url(case, "fax")).status_code == 404


def test_another_persons_case_script_is_not_found(client, case, other_borrower):
    client.force_login(other_borrower)

    assert client.get(script_url(case, "phone")).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, case):
    response = client.get(script_url(case, "phone"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_counselor_may_read_any_script_of_a_shared_case(client, case):
    client.force_login(counselor())
    assert client.get(script_url(case, "social")).status_code == 404  # not shared yet

    case_sharing_set(case=case, shared=True, by=case.owner)

    assert client.get(script_url(case, "social")).status_code == 200


# --- Preview ------------------------------------------------------------------------------------------------


def test_the_plan_preview_shows_the_letter_and_plan_from_the_pdf_template(
    owner_client, case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10 + 4):  # + the household plan and the reference figures
        response = owner_client.get(preview_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    assert said("Dear %(lender)s customer service,", lender="花呗") in html
    assert said("Schedule") in html and "¥3,045.00" in html
    assert "css/pdf.css" in html
    assert f'href="{pdf_url(case)}?lang=zh-hans"' in html
    assert '<img src="http://127.0.0.1:9/x">' not in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in html


def test_the_preview_can_show_the_english_letter(owner_client, case):
    html = owner_client.get(preview_url(case), {"lang": "en"}).content.decode()

    assert "Dear Huabei customer service," in html
    assert "Repayment plan" in html


def test_another_persons_plan_preview_is_not_found(client, case, other_borrower):
    client.force_login(other_borrower)

    assert client.get(preview_url(case)).status_code == 404


# --- PDF download -------------------------------------------------------------------------------------------


def test_the_pdf_downloads_as_an_attachment_with_a_sensible_name(owner_client, case):
    response = owner_client.get(pdf_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    day = case.due_date.isoformat()
    assert disposition.startswith(f'attachment; filename="deferral-plan-huabei-{day}.pdf"')
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"{said('deferral-plan')}-花呗-{day}.pdf"
    assert disposition.isascii()
    assert "no-store" in response["Cache-Control"]


def test_the_english_pdf_has_an_ascii_file_name_only(owner_client, case):
    response = owner_client.get(pdf_url(case), {"lang": "en"})

    assert (
        response["Content-Disposition"] == f'attachment; filename="deferral-plan-huabei-{case.due_date}.pdf"'
    )


def test_the_pdf_of_a_case_that_does_not_exist_is_not_found(owner_client):
    url = reverse("requests_app:case_plan_pdf", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"})

    assert owner_client.get(url).status_code == 404


def test_the_pdf_follows_the_case_letter_language_by_default(owner_client, case):
    Case.objects.filter(pk=case.pk).update(letter_language="en")

    response = owner_client.get(pdf_url(case))

    assert "filename*" not in response["Content-Disposition"]


def test_the_log_link_opens_the_contact_form_filled_in_from_the_script(owner_client, case):
    html = owner_client.get(script_url(case, "chat")).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="log-contact"', html).group(1).replace("&amp;", "&")

    form_page = owner_client.get(link)

    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert initial["channel"] == "chat"
    assert "¥3,045.00" in initial["promised"]
    expected = f"{(timezone.localdate() + dt.timedelta(days=3)).isoformat()}T10:00"
    assert str(initial["next_follow_up"]) == expected
    assert expected in form_page.content.decode()


def test_the_preview_reads_the_plan_once_with_the_same_queries_whatever_the_payments_and_contacts(
    owner_client, borrower, huabei
):
    from tests.views.test_cases_pages import service_calls

    measured = []
    for payments, contacts in ((1, 1), (12, 10)):
        case = CaseFactory(owner=borrower, lender=huabei)
        start = case.due_date + dt.timedelta(days=case.requested_deferral_days)
        for month in range(payments):
            PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * month), amount=Decimal("250"))
        for index in range(contacts):
            ContactAttemptFactory(case=case, occurred_at=timezone.now() - dt.timedelta(hours=index + 1))
        queries, _calls, assessed = service_calls(owner_client, preview_url(case))
        measured.append((queries, assessed))
    assert measured[0] == measured[1]
    queries, assessed = measured[0]
    assert queries <= 9 + 4 and assessed == 1  # + the household plan and the reference figures
