"""Error pages speak the person's language and point somewhere useful; they never show a debug page."""

import pytest
from django.test import override_settings
from django.urls import path

from tests.wording import said

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_friendly_404_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert said("We could not find this page") in text
    assert 'href="/"' in text


@override_settings(DEBUG=False)
def test_a_missing_page_follows_the_chosen_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "We could not find this page" in client.get("/no-such-page/").content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_page_says_saved_work_is_safe():
    from django.test import Client

    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert said("Something went wrong") in text
    assert "boom" not in text


def test_a_form_without_its_csrf_token_is_refused_with_an_explanation():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert said("This form has expired") in response.content.decode()
