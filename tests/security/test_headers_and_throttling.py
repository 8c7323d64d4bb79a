"""Login throttling, the Content-Security-Policy, and templates that keep to it."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.wording import said

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_a_policy_with_no_inline_script(client):
    directives = csp_directives(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize(
    "template", sorted(p.relative_to(ROOT) for p in (ROOT / "templates").rglob("*.html")), ids=str
)
def test_templates_have_no_inline_script_or_event_handler(template):
    text = (ROOT / template).read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> would be blocked by the CSP"
    assert not EVENT_HANDLER.search(text), "on…= handlers would be blocked by the CSP"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_username_with_a_clear_message(client):
    UserFactory(username="lin", password="the-right-password-123")
    for _ in range(4):
        assert login(client, "lin", "wrong").status_code == 200  # the form again, with its error
    locked = login(client, "lin", "wrong")
    assert locked.status_code == 429
    # Even the right password is refused while locked, and the page says how long to wait.
    again = login(client, "lin", "the-right-password-123")
    assert again.status_code == 429
    text = again.content.decode()
    assert (
        said(
            "To protect accounts, logging in is paused after too many wrong passwords for this username or "
            "from your network. Please wait %(minutes)s minutes and try again.",
            minutes=15,
        )
        in text
    )
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_lock_on_one_username_does_not_lock_another(client):
    UserFactory(username="lin", password="the-right-password-123")
    UserFactory(username="wang", password="another-right-password-456")
    for _ in range(5):
        login(client, "lin", "wrong")
    response = login(client, "wang", "another-right-password-456")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
