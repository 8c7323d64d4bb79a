import re

import pytest
from django.urls import reverse

from tests.wording import said

pytestmark = pytest.mark.django_db


def test_home_is_in_chinese_by_default(client):
    response = client.get(reverse("requests_app:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()
    assert said("Deferral Desk") in response.content.decode()


def test_switching_to_english_keeps_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert response["Content-Language"] == "en"
    assert said("Deferral Desk", language="en") in response.content.decode()
    assert said("Deferral Desk") not in response.content.decode()


def test_admin_shows_its_login_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_every_script_style_and_link_of_the_page_is_same_origin(client):
    page = client.get("/").content.decode()
    urls = re.findall(r'(?:src|href|action)="([^"]*)"', page)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in urls
    foreign = [url for url in urls if url.startswith(("//", "http:", "https:", "data:", "javascript:"))]
    assert foreign == []


def test_the_language_switcher_names_each_language_in_itself(client):
    page = client.get("/").content.decode()
    # The wording is the point here: each language is named in itself, never translated.
    assert ">English</button>" in page
    assert ">简体中文</button>" in page  # wording kept: the endonym is the point
    assert "英语" not in page  # wording kept: "English" is not translated into Chinese


def test_chinese_stays_the_default_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"


def test_the_chosen_language_is_kept_for_later_visits(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")["Content-Language"] == "zh-hans"
