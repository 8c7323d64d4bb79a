"""A NUL byte in the path, the query string or a cookie is refused with 400 before anything reads it.

No browser sends one; a forged one used to reach the database, where PostgreSQL refuses NUL in text and
the page failed with a 500 (a session cookie ending in the quoted escape "\\000" did it on every page)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_session_cookie_with_a_nul_byte_is_a_400_not_a_500():
    client = Client(HTTP_COOKIE='sessionid="abcdefghij\\000klmnop"')
    for url in ("/", reverse("requests_app:case_list"), reverse("login")):
        assert client.get(url).status_code == 400


def test_any_cookie_with_a_nul_byte_is_refused():
    client = Client()
    client.cookies["django_language"] = "en\x00"
    assert client.get("/").status_code == 400


@pytest.mark.parametrize("query", [{"q": "a\x00b"}, {"status__exact": "\x00"}, {"\x00": "x"}])
def test_a_nul_byte_in_the_query_string_is_refused(client, query):
    reviewer = UserFactory(username="counselor", is_staff=True, is_superuser=True)
    client.force_login(reviewer)
    response = client.get(reverse("admin:requests_app_case_changelist"), query)
    assert response.status_code == 400


def test_a_nul_byte_in_the_path_is_refused(client, case):
    client.force_login(case.owner)
    assert client.get("/admin/auth/user/1%00/change/").status_code == 400
    assert client.get(f"/cases/{case.public_id}%00/").status_code == 400


def test_ordinary_requests_pass(client, case):
    client.force_login(case.owner)
    assert (
        client.get(reverse("requests_app:case_detail", args=[case.public_id]), {"q": "正常"}).status_code
        == 200
    )
    other = CaseFactory()
    assert client.get(reverse("requests_app:case_detail", args=[other.public_id])).status_code == 404


def test_the_refusal_is_logged_without_the_request_data(client, caplog):
    client.get("/", {"q": "secret-narrative\x00"})
    assert any("NUL byte" in record.getMessage() for record in caplog.records)
    assert "secret-narrative" not in caplog.text
