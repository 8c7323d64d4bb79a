"""The review queue's actions: assign to me, mark reviewed, change status, export CSV, PDFs as a zip."""

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from django.contrib.admin.models import LogEntry
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from requests_app.models import Case, StatusChange
from requests_app.services.export import csv_headers, pdf_file_name
from tests.admin.conftest import case_with_records
from tests.background.conftest import run_worker
from tests.factories import SharedCaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:requests_app_case_changelist")


def act(client, action, cases, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in cases], **extra})


def exported(client, action, cases):
    """Run an export action as a counselor does: the action queues it and sends them to their exports,
    the worker builds it, and the exports page links the file. Returns the download's response."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = act(client, action, cases)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:requests_app_case_exports")
    run_worker()
    page = client.get(response["Location"]).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="export-download"', page).group(1)
    return client.get(link)


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_assign_to_me_assigns_exactly_the_selected_cases(reviewer_client, reviewer):
    chosen = [SharedCaseFactory(), SharedCaseFactory()]
    left = SharedCaseFactory()
    response = act(reviewer_client, "assign_to_me", chosen)
    assert response.status_code == 302
    assert set(Case.objects.filter(assigned_reviewer=reviewer)) == set(chosen)
    left.refresh_from_db()
    assert left.assigned_reviewer is None
    assert LogEntry.objects.filter(user=reviewer).count() == 2


def test_mark_reviewed_sets_the_time_and_logs_who_did_it(reviewer_client, reviewer):
    chosen, left = SharedCaseFactory(), SharedCaseFactory()
    act(reviewer_client, "mark_reviewed", [chosen])
    chosen.refresh_from_db()
    left.refresh_from_db()
    assert chosen.reviewed_at is not None
    assert left.reviewed_at is None
    assert chosen.history.latest().history_user == reviewer
    assert LogEntry.objects.get(user=reviewer).object_id == str(chosen.pk)


def test_the_status_action_asks_for_the_target_first(reviewer_client):
    case = SharedCaseFactory(status="ready")
    response = act(reviewer_client, "change_status", [case])
    assert response.status_code == 200
    assert "to_status" in response.context["form"].fields
    case.refresh_from_db()
    assert case.status == "ready"


def test_the_status_action_moves_legal_cases_and_names_the_refused_ones(reviewer_client, reviewer):
    ready, draft = SharedCaseFactory(status="ready"), SharedCaseFactory(status="draft")
    response = act(
        reviewer_client, "change_status", [ready, draft], apply="1", to_status="contacted", note="批量"
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == ("contacted", "draft")
    assert StatusChange.objects.get().changed_by == reviewer
    shown = " ".join(messages_of(response))
    assert draft.public_id.hex[:8] in shown
    assert ready.public_id.hex[:8] not in shown


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_the_csv_holds_exactly_the_selected_cases(reviewer_client):
    chosen = [case_with_records(), case_with_records()]
    left = case_with_records()
    response = exported(reviewer_client, "export_csv", chosen)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert len(header) == len(rows[0])
    assert {row[0] for row in rows} == {str(c.public_id) for c in chosen}
    assert str(left.public_id) not in {row[0] for row in rows}


@pytest.mark.parametrize(("language", "due"), [("zh-hans", "2026年12月10日"), ("en", "10 Dec 2026")])
def test_the_csv_is_in_the_counselors_interface_language_with_its_date_format(reviewer_client, language, due):
    case = case_with_records()
    Case.objects.filter(pk=case.pk).update(due_date=dt.date(2026, 12, 10))
    reviewer_client.cookies["django_language"] = language
    header, row = read_csv(exported(reviewer_client, "export_csv", [case]))
    with translation.override(language):
        assert header == csv_headers()
        assert dict(zip(header, row, strict=True))[translation.gettext("Due date")] == due


def test_the_csv_export_is_formula_safe(reviewer_client):
    case = case_with_records(contacts=0)
    from tests.factories import ContactAttemptFactory

    ContactAttemptFactory(case=case, agent_id='=HYPERLINK("http://x")', ticket_number="+1+1")
    _header, row = read_csv(exported(reviewer_client, "export_csv", [case]))
    assert '\'=HYPERLINK("http://x")' in row
    assert "'+1+1" in row
    assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_the_zip_holds_the_pdfs_of_exactly_the_selected_cases(reviewer_client):
    chosen = [case_with_records(), case_with_records(letter_language="en")]
    left = case_with_records()
    response = exported(reviewer_client, "download_pdfs", chosen)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(pdf_file_name(case) for case in chosen)
    assert not any(left.public_id.hex[:8] in name for name in archive.namelist())
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_too_many_cases_for_one_zip_are_refused_with_a_message(reviewer_client, monkeypatch):
    monkeypatch.setattr("requests_app.services.export_jobs.MAX_CASES_PER_PDF_ZIP", 1)
    response = act(reviewer_client, "download_pdfs", [SharedCaseFactory(), SharedCaseFactory()])
    assert response.status_code == 302
    assert messages_of(response)


def test_a_non_staff_person_cannot_run_an_export(client):
    case = SharedCaseFactory()
    client.force_login(case.owner)
    response = act(client, "export_csv", [case])
    assert response.status_code == 302
    assert "text/csv" not in response.get("Content-Type", "")
