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
def test_the_owner_sees_each_channel_script_in_the_letter_language(
    owner_client, case, channel, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12 + 4):  # + the household plan and the reference figures
        response = owner_client.get(script_url(case, channel))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "花呗" in html
    assert "联系之前" in html and "要记下来的" in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None  # no inline script
    assert " onclick=" not in html


def test_the_language_toggle_switches_the_script_to_english(owner_client, case):
    response = owner_client.get(script_url(case, "phone"), {"lang": "en"})

    html = response.content.decode()
    assert "Hello, I am a Huabei customer; my account ends in 1234." in html
    assert 'lang="en"' in html
    assert f'href="{script_url(case, "phone")}?lang=zh-hans"' in html


def test_an_unknown_language_falls_back_to_the_letter_language(owner_client, case):
    response = owner_client.get(script_url(case, "phone"), {"lang": "fr"})

    assert "您好，我是花呗用户，账号尾号1234。" in response.content.decode()


def test_chat_messages_have_copy_buttons_with_the_text_in_a_data_attribute(owner_client, case):
    response = owner_client.get(script_url(case, "chat"))

    html = response.content.decode()
    assert html.count("data-copy-text=") >= 8
    assert 'data-copied-label="已复制"' in html
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


def test_log_this_contact_links_to_the_contact_form_with_the_script_prefill(owner_client, case):
    html = owner_client.get(script_url(case, "phone")).content.decode()

    link = re.search(r'href="([^"]+)" data-testid="log-contact"', html).group(1).replace("&amp;", "&")
    parts = urlsplit(link)
    assert parts.path == reverse("requests_app:contact_create", kwargs={"public_id": case.public_id})
    query = parse_qs(parts.query)
    assert query == {"channel": ["phone"], "lang": [case.letter_language]}  # no figures in the URL
    form = owner_client.get(link).content.decode()
    assert "¥3,045.00" in form  # the promise, computed on the server
    assert 'name="next_follow_up"' in form


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
    assert "尊敬的花呗客服：" in html
    assert "还款计划表" in html and "¥3,045.00" in html
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
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"延期还款计划-花呗-{day}.pdf"
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
