"""A PDF download is recorded once the file has been sent: the person never waits for the record's write."""

import logging

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import reverse

from requests_app.models import LetterDownload
from requests_app.views.downloads import PdfDownload

pytestmark = pytest.mark.django_db


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def wsgi_server():
    """Django's WSGI handler as a server calls it, keeping the test's database connection open (as the test
    client does: the handler would close it at the start and end of each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("name", ["case_plan_pdf", "letter_pdf"])
def test_the_file_is_sent_before_the_download_is_recorded(plan_case, name, wsgi_server):
    """As a WSGI server serves it: the whole body first, then close(), which records the download."""
    args = [plan_case.public_id] if name == "case_plan_pdf" else [plan_case.public_id, "complaint"]
    environ = RequestFactory().get(reverse(f"requests_app:{name}", args=args)).environ
    environ["HTTP_COOKIE"] = f"sessionid={session_cookie(plan_case.owner)}"
    statuses = []
    body = wsgi_server(environ, lambda status, headers: statuses.append(status))
    sent = b"".join(body)
    assert statuses == ["200 OK"] and sent.startswith(b"%PDF")
    assert not LetterDownload.objects.filter(case=plan_case).exists()
    body.close()
    recorded = LetterDownload.objects.get(case=plan_case)
    assert recorded.downloaded_by == plan_case.owner
    assert recorded.letter_type == ("deferral" if name == "case_plan_pdf" else "complaint")


def test_the_download_is_recorded_once_however_often_the_response_is_closed():
    calls = []
    response = PdfDownload(
        b"%PDF-1.7", ascii_name="plan.pdf", name="plan.pdf", record=lambda: calls.append(1)
    )
    assert calls == []
    response.close()
    response.close()
    assert calls == [1]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_record_that_fails_is_logged_after_the_file_was_sent(caplog):
    def fail():
        raise RuntimeError("database gone")

    response = PdfDownload(b"%PDF-1.7", ascii_name="plan.pdf", name="plan.pdf", record=fail)
    with caplog.at_level(logging.ERROR, logger="requests_app.views.downloads"):
        response.close()
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert caplog.records[0].exc_info[0] is RuntimeError
