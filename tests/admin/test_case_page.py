"""The case page: fields grouped as in the wizard, findings, inlines, the status move and assignment."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from requests_app.models import Case, ReviewNote, StatusChange
from requests_app.services.formatting import money
from requests_app.services.validation import validate
from requests_app.services.versions import plan_version_record
from tests.admin.conftest import case_with_records
from tests.factories import ReviewNoteFactory, SharedCaseFactory, UserFactory
from tests.wording import said

pytestmark = pytest.mark.django_db


def change_url(case):
    return reverse("admin:requests_app_case_change", args=[case.pk])


def form_data(response):
    """The POST data the page's form would send as it is (fields and inline management forms)."""
    data = {}
    for form in [
        response.context["adminform"].form,
        *[f.formset for f in response.context["inline_admin_formsets"]],
    ]:
        if hasattr(form, "management_form"):
            for name, value in form.management_form.initial.items():
                data[f"{form.prefix}-{name}"] = value
            for sub in form.forms:
                for name in sub.fields:
                    value = sub[name].value()
                    if value is not None and not isinstance(value, list | tuple):
                        data[sub.add_prefix(name)] = value
            continue
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[name] = value
    return data


def post_page(client, case, **changes):
    page = client.get(change_url(case))
    data = {**form_data(page), **changes}
    return client.post(change_url(case), data)


def test_the_page_groups_the_fields_as_the_wizard_does_and_shows_the_findings(reviewer_client):
    case = case_with_records(payments=1, contacts=1)
    response = reviewer_client.get(change_url(case))
    with translation.override("en"):
        titles = [str(fieldset.name) for fieldset in response.context["adminform"]]
    assert titles == [
        "Review",
        "Lender and the bill",
        "Repayment mode",
        "Hardship and evidence",
        "The household: budget, debts and offers",
        "What is asked for",
        "Record",
    ]
    page = response.content.decode()
    for finding in validate(case):
        assert finding.code in page
    assert case.contacts.first().ticket_number in page
    assert ("review-findings" in page) == bool(validate(case))


def test_each_plan_version_is_summed_up_from_its_snapshot(reviewer_client):
    case = case_with_records(payments=3, contacts=0)
    plan_version_record(case=case)
    page = reviewer_client.get(change_url(case)).content.decode()
    assert (
        said(
            "%(amount)s due; %(count)s payments totalling %(total)s",
            amount=money(case.amount_due),
            count=3,
            total="¥300.00",
        )
        in page
    )


def test_a_reviewer_moves_the_status_and_the_move_is_recorded(reviewer_client, reviewer):
    case = case_with_records(status=Case.Status.READY)
    response = post_page(reviewer_client, case, new_status="contacted", status_note="已致电客服")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CONTACTED
    change = StatusChange.objects.get(case=case)
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        "ready",
        "contacted",
        reviewer,
        "已致电客服",
    )
    page = reviewer_client.get(change_url(case)).content.decode()
    assert "已致电客服" in page  # the status history inline


def test_only_the_allowed_moves_are_offered(reviewer_client):
    case = case_with_records(status=Case.Status.CONTACTED)
    form = reviewer_client.get(change_url(case)).context["adminform"].form
    offered = [value for value, _label in form.fields["new_status"].widget.choices if value]
    assert offered == ["needs_changes", "approved", "partly_approved", "refused", "closed"]


@pytest.mark.parametrize(
    ("from_status", "to_status"), [("draft", "approved"), ("closed", "ready"), ("ready", "refused")]
)
def test_an_illegal_jump_is_refused_with_a_message_not_an_error_page(reviewer_client, from_status, to_status):
    case = case_with_records(status=from_status)
    response = post_page(reviewer_client, case, new_status=to_status)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["new_status"]
    assert errors.as_data()[0].code == "illegal_transition"
    case.refresh_from_db()
    assert case.status == from_status
    assert not StatusChange.objects.filter(case=case).exists()


def test_a_reviewer_assigns_a_counselor_but_cannot_change_the_borrowers_figures(reviewer_client, reviewer):
    case = case_with_records()
    response = post_page(
        reviewer_client, case, assigned_reviewer=reviewer.pk, amount_due="1.00", hardship_narrative="x"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_reviewer == reviewer
    assert str(case.amount_due) == "3000.00"
    assert case.hardship_narrative.startswith("公司裁员")
    assert case.history.latest().history_user == reviewer
    form = reviewer_client.get(change_url(case)).context["adminform"].form
    assert set(form.fields) == {"new_status", "status_note", "requested_changes", "assigned_reviewer"}


def test_only_staff_can_be_assigned(reviewer_client):
    case = case_with_records()
    borrower = UserFactory(username="not-staff")
    response = post_page(reviewer_client, case, assigned_reviewer=borrower.pk)
    assert response.status_code == 200
    assert "assigned_reviewer" in response.context["adminform"].form.errors


def test_a_review_note_is_added_with_its_author_and_earlier_notes_stay_as_they_are(reviewer_client, reviewer):
    case = case_with_records()
    earlier = ReviewNoteFactory(case=case, body="第一次备注")
    response = post_page(reviewer_client, case, **{"review_notes-1-body": "请借款人上传收入证明"})
    assert response.status_code == 302
    added = ReviewNote.objects.get(body="请借款人上传收入证明")
    assert (added.case, added.author) == (case, reviewer)
    earlier.refresh_from_db()
    assert earlier.body == "第一次备注"


def test_a_superuser_edits_the_figures_and_the_case_version_moves_on(superuser_client):
    case = case_with_records()
    response = post_page(superuser_client, case, amount_due="2800.00")
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert str(case.amount_due) == "2800.00"
    assert case.version == 2


def test_a_superuser_correcting_the_schedule_makes_a_new_plan_version(superuser_client):
    case = case_with_records(payments=2, contacts=0)
    first = plan_version_record(case=case)
    response = post_page(superuser_client, case, **{"payments-0-amount": "150.00"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.version == 2  # the borrower's open wizard page is now stale
    latest = case.plan_versions.order_by("-number").first()
    assert latest.number == first.number + 1
    assert [row["amount"] for row in latest.data["payments"]] == ["150.00", "100.00"]


def test_assigning_a_reviewer_makes_no_plan_version(reviewer_client, reviewer):
    case = case_with_records(payments=2, contacts=0)
    response = post_page(reviewer_client, case, assigned_reviewer=reviewer.pk)
    assert response.status_code == 302
    assert not case.plan_versions.exists()
    case.refresh_from_db()
    assert case.version == 1


def test_a_superuser_cannot_save_over_a_newer_edit(superuser_client):
    case = case_with_records()
    page = superuser_client.get(change_url(case))
    Case.objects.filter(pk=case.pk).update(version=5, amount_due="2500.00")
    response = superuser_client.post(change_url(case), {**form_data(page), "amount_due": "2800.00"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["seen_version"]
    case.refresh_from_db()
    assert str(case.amount_due) == "2500.00"


def test_the_status_cannot_be_typed_in_even_by_a_superuser(superuser_client):
    case = case_with_records(status=Case.Status.DRAFT)
    post_page(superuser_client, case, status="approved")
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_the_history_page_shows_who_changed_what(reviewer_client, reviewer):
    case = case_with_records(status=Case.Status.READY)
    post_page(reviewer_client, case, new_status="contacted")
    page = reviewer_client.get(reverse("admin:requests_app_case_history", args=[case.pk])).content.decode()
    assert reviewer.username in page
    assert f"{Case.Status.READY.label} &rarr; {Case.Status.CONTACTED.label}" in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "superuser_client"])
def test_the_page_runs_the_same_number_of_queries_for_few_or_many_records(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    small = case_with_records(payments=1, contacts=1)
    large = case_with_records(payments=12, contacts=15)
    for _n in range(5):
        ReviewNoteFactory(case=large)
    for _n in range(20):
        SharedCaseFactory()
    assert count_queries(client, change_url(large)) == count_queries(client, change_url(small))


def test_actions_on_the_page_are_logged(reviewer_client):
    case = case_with_records(status=Case.Status.READY)
    post_page(reviewer_client, case, new_status="contacted")
    assert LogEntry.objects.filter(object_id=str(case.pk)).exists()


def test_the_page_links_to_the_pdf_and_the_three_scripts_and_they_open_for_a_counselor(reviewer_client):
    case = case_with_records()
    page = reviewer_client.get(change_url(case)).content.decode()
    pdf = reverse("requests_app:case_plan_pdf", kwargs={"public_id": case.public_id})
    scripts = [
        reverse("requests_app:case_script", kwargs={"public_id": case.public_id, "channel": channel})
        for channel in ("phone", "chat", "social")
    ]
    for url in (pdf, *scripts):
        assert f'href="{url}"' in page
        assert reviewer_client.get(url).status_code == 200
