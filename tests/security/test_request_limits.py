"""Request bodies have a size limit, and pages with personal data are never kept in a browser cache."""

import pytest
from django.urls import reverse

from requests_app.views import contacts
from tests.factories import PaymentFactory

pytestmark = pytest.mark.django_db


def multipart_body(size: int) -> tuple[bytes, str]:
    boundary = "----deferral-desk-test"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_large_anonymous_multipart_post_to_the_log_in_page_is_refused_unread(client):
    body, content_type = multipart_body(1024 * 1024)
    response = client.generic("POST", reverse("login"), body, content_type=content_type)
    assert response.status_code == 413


def test_a_signed_in_persons_oversized_post_is_refused(client, case, settings):
    settings.REQUEST_BODY_MAX_BYTES = 200_000
    client.force_login(case.owner)
    body, content_type = multipart_body(300_000)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    assert client.generic("POST", url, body, content_type=content_type).status_code == 413


def test_an_ordinary_log_in_still_works(client, borrower):
    borrower.set_password("a-right-password-123")
    borrower.save()
    response = client.post(reverse("login"), {"username": "borrower", "password": "a-right-password-123"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "page",
    ["case_detail", "case_plan_preview", "case_calendar", "contact_create", "wizard", "script"],
)
def test_pages_with_personal_data_are_never_stored_by_the_browser(client, case, page):
    PaymentFactory(case=case)
    client.force_login(case.owner)
    urls = {
        "case_detail": reverse("requests_app:case_detail", args=[case.public_id]),
        "case_plan_preview": reverse("requests_app:case_plan_preview", args=[case.public_id]),
        "case_calendar": reverse("requests_app:case_calendar", args=[case.public_id]),
        "contact_create": reverse("requests_app:contact_create", args=[case.public_id]),
        "wizard": reverse("requests_app:case_step", args=[case.public_id, "lender"]),
        "script": reverse("requests_app:case_script", args=[case.public_id, "phone"]),
    }
    response = client.get(urls[page])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_case_list_of_a_signed_in_person_is_not_stored_either(client, case):
    client.force_login(case.owner)
    response = client.get(reverse("requests_app:case_list"))
    assert "no-store" in response["Cache-Control"]


def test_public_pages_stay_cacheable(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_a_view_that_takes_uploads_may_allow_more(client, case, settings, monkeypatch):
    settings.REQUEST_BODY_MAX_BYTES = 200_000
    monkeypatch.setattr(contacts.contact_create, "request_body_max_bytes", 400_000, raising=False)
    client.force_login(case.owner)
    body, content_type = multipart_body(300_000)
    url = reverse("requests_app:contact_create", args=[case.public_id])
    assert client.generic("POST", url, body, content_type=content_type).status_code != 413
