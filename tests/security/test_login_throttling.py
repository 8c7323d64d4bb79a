"""Log-in limits per address and per username, the client address behind a trusted proxy only, and a lock
that further tries do not extend (security review F2)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from requests_app.services.login_throttle import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RIGHT = "the-right-password-123"
PROXY = "10.0.0.7"


@pytest.fixture
def lin(db):
    return UserFactory(username="lin", password=RIGHT)


def log_in(client, username, password, *, address="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


# --- The client address ---------------------------------------------------------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_it_saw_is_used(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from(PROXY, "198.51.100.1")) == "198.51.100.1"
    # A client writing its own X-Forwarded-For gets it prefixed, never believed.
    assert client_address(request_from(PROXY, "6.6.6.6, 198.51.100.1")) == "198.51.100.1"
    # Two proxies of ours in a row.
    assert client_address(request_from(PROXY, "198.51.100.1, 10.1.2.3")) == "198.51.100.1"


def test_a_request_not_from_the_proxy_keeps_its_own_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"
    assert client_address(request_from(PROXY, "not-an-address")) == PROXY


# --- The limits -------------------------------------------------------------------------------------------


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_the_proxy_a_stranger_cannot_lock_out_the_counselor(client, lin):
    for n in range(6):
        log_in(client, "lin", "wrong", address=PROXY, forwarded=f"198.51.100.{n + 1}")
    # Each stranger's address counts separately: the person, from their own address, still gets in.
    assert log_in(client, "lin", RIGHT, address=PROXY, forwarded="203.0.113.50").status_code == 302


@override_settings(AXES_ENABLED=True)
def test_one_address_spraying_many_usernames_is_locked(client):
    limit = 20
    for n in range(limit - 1):
        assert log_in(client, f"user{n}", "wrong", address="198.51.100.9").status_code == 200
    assert log_in(client, "user-last", "wrong", address="198.51.100.9").status_code == 429
    # Another address is not affected.
    assert log_in(client, "user0", "wrong", address="198.51.100.10").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_many_addresses_guessing_one_username_are_locked_at_the_higher_limit(client, lin):
    attempts = 0
    for n in range(30):
        response = log_in(client, "lin", "wrong", address=f"198.51.{n}.1")
        attempts += 1
        if response.status_code == 429:
            break
    assert attempts == 30, "the per-username limit (30) stops distributed guessing, and only there"
    assert log_in(client, "lin", RIGHT, address="203.0.113.77").status_code == 429


@override_settings(AXES_ENABLED=True)
def test_tries_while_locked_do_not_extend_the_lock(client, lin):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            log_in(client, "lin", "wrong")
        assert log_in(client, "lin", RIGHT).status_code == 429
    # More tries ten minutes in, while locked: they are refused and not counted.
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        for _ in range(5):
            assert log_in(client, "lin", "wrong").status_code == 429
    # Fifteen minutes after the failure that set it, the lock is over.
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=5), tick=False):
        assert log_in(client, "lin", RIGHT).status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_right_password_forgets_only_this_addresss_failures(client, lin):
    for n in range(3):
        log_in(client, "lin", "wrong", address=f"198.51.100.{n + 1}")
    log_in(client, "lin", "wrong", address="203.0.113.5")
    assert log_in(client, "lin", RIGHT, address="203.0.113.5").status_code == 302
    assert AccessAttempt.objects.filter(username="lin").count() == 3
