"""A counselor's correction of the borrower's figures and schedule goes through the same service as the
borrower's own saves (`cases.case_admin_correct`): the same checks, the version claim, one plan version
that says a counselor made it and why. A refusal is shown on the page, what was typed kept."""

import datetime as dt

import pytest
from django.utils import timezone

from requests_app.models import Case, PlanVersion
from requests_app.services.versions import plan_version_record
from requests_app.services.wizard import COUNSELOR_CORRECTION
from tests.admin.conftest import case_with_records
from tests.admin.test_case_page import change_url, form_data, post_page

pytestmark = pytest.mark.django_db

WHY = "借款人电话里更正了金额"


def error_codes(errors):
    return [error.code for error in errors.as_data()] if errors else []


def test_a_figure_correction_makes_exactly_one_plan_version_by_the_counselor_with_the_reason(
    superuser_client,
):
    case = case_with_records(payments=2, contacts=0)
    first = plan_version_record(case=case)
    response = post_page(superuser_client, case, amount_due="2800.00", correction_note=WHY)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert str(case.amount_due) == "2800.00"
    assert case.version == 2  # the borrower's open wizard page is now stale
    versions = list(case.plan_versions.order_by("number"))
    assert [v.number for v in versions] == [first.number, first.number + 1]
    latest = versions[-1]
    assert (latest.origin, latest.reason, latest.note) == (
        PlanVersion.Origin.COUNSELOR,
        COUNSELOR_CORRECTION,
        WHY,
    )
    assert latest.created_by.username == "root"
    assert latest.data["amount_due"] == "2800.00"
    assert case.history.latest().history_change_reason == WHY


def test_a_schedule_correction_makes_exactly_one_plan_version(superuser_client):
    case = case_with_records(payments=2, contacts=0)
    first = plan_version_record(case=case)
    response = post_page(superuser_client, case, **{"payments-0-amount": "150.00", "correction_note": WHY})
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.version == 2
    assert case.plan_versions.count() == 2
    latest = case.plan_versions.order_by("-number").first()
    assert latest.number == first.number + 1
    assert latest.origin == PlanVersion.Origin.COUNSELOR
    assert [row["amount"] for row in latest.data["payments"]] == ["150.00", "100.00"]
    assert [str(p.amount) for p in case.payments.order_by("due_on")] == ["150.00", "100.00"]


def test_a_correction_without_a_reason_is_refused_next_to_the_reason_field(superuser_client):
    case = case_with_records()
    response = post_page(superuser_client, case, amount_due="2800.00")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert error_codes(form.errors["correction_note"]) == ["reason_required"]
    assert form["amount_due"].value() == "2800.00"  # what was typed is kept
    case.refresh_from_db()
    assert (str(case.amount_due), case.version, case.plan_versions.count()) == ("3000.00", 1, 0)


def test_a_stale_correction_is_refused_with_its_code_and_saving_again_then_works(superuser_client):
    case = case_with_records()
    page = superuser_client.get(change_url(case))
    Case.objects.filter(pk=case.pk).update(version=5, amount_due="2500.00")  # the borrower saved meanwhile
    data = {**form_data(page), "amount_due": "2800.00", "correction_note": WHY}
    response = superuser_client.post(change_url(case), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert error_codes(form.non_field_errors()) == ["stale_version"]
    assert form["amount_due"].value() == "2800.00"
    case.refresh_from_db()
    assert (str(case.amount_due), case.version, case.plan_versions.count()) == ("2500.00", 5, 0)
    # The page now carries the version saved meanwhile: saving what was typed again, knowingly, works.
    again = superuser_client.post(change_url(case), {**data, "seen_version": form["seen_version"].value()})
    assert again.status_code == 302
    case.refresh_from_db()
    assert (str(case.amount_due), case.version, case.plan_versions.count()) == ("2800.00", 6, 1)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("due_on", "2000-01-01", "date_passed"), ("amount", "0", "amount_not_positive")],
)
def test_an_invalid_schedule_is_refused_on_its_row_and_nothing_is_saved(superuser_client, field, value, code):
    case = case_with_records(payments=2, contacts=0)
    before = [(p.due_on, p.amount) for p in case.payments.order_by("due_on")]
    response = post_page(superuser_client, case, **{f"payments-1-{field}": value}, correction_note=WHY)
    assert response.status_code == 200
    schedule = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "payments"
    )
    assert [error_codes(form.errors.get(field)) for form in schedule.forms] == [[], [code]]
    assert schedule.forms[1][field].value() == value  # what was typed is kept
    assert error_codes(response.context["adminform"].form.non_field_errors()) == ["invalid_schedule"]
    case.refresh_from_db()
    assert [(p.due_on, p.amount) for p in case.payments.order_by("due_on")] == before
    assert (case.version, case.plan_versions.count()) == (1, 0)


def test_two_payments_on_one_day_are_refused_as_in_the_wizard(superuser_client):
    case = case_with_records(payments=2, contacts=0)
    first_day = case.payments.order_by("due_on").first().due_on
    response = post_page(
        superuser_client, case, **{"payments-1-due_on": first_day.isoformat()}, correction_note=WHY
    )
    assert response.status_code == 200
    schedule = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "payments"
    )
    assert error_codes(schedule.forms[1].errors["due_on"]) == ["date_repeated"]
    assert case.payments.filter(due_on=first_day).count() == 1


def test_an_invalid_figure_is_refused_with_the_wizards_code(superuser_client):
    case = case_with_records()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = post_page(superuser_client, case, hardship_since=tomorrow.isoformat(), correction_note=WHY)
    assert response.status_code == 200
    assert error_codes(response.context["adminform"].form.errors["hardship_since"]) == ["date_in_future"]
    case.refresh_from_db()
    assert case.hardship_since != tomorrow


def test_a_closed_case_takes_no_correction(superuser_client):
    case = case_with_records(status=Case.Status.CLOSED)
    response = post_page(superuser_client, case, amount_due="2800.00", correction_note=WHY)
    assert response.status_code == 200
    assert error_codes(response.context["adminform"].form.non_field_errors()) == ["case_closed"]
    case.refresh_from_db()
    assert str(case.amount_due) == "3000.00"


def test_a_ready_case_whose_correction_brings_errors_goes_back_to_draft(superuser_client):
    case = case_with_records(status=Case.Status.READY, payments=2, contacts=0)
    # Two payments for a quarter of the bill: the schedule no longer repays it, an error finding.
    response = post_page(
        superuser_client,
        case,
        **{"payments-0-amount": "1.00", "payments-1-amount": "1.00"},
        correction_note=WHY,
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT
    assert case.status_changes.latest("changed_at").changed_by.username == "root"


def test_a_status_move_and_a_correction_in_one_save_are_both_kept(superuser_client):
    case = case_with_records(status=Case.Status.READY, payments=2, contacts=0)
    response = post_page(
        superuser_client, case, new_status="contacted", amount_due="200.00", correction_note=WHY
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    case.refresh_from_db()
    assert (case.status, str(case.amount_due)) == (Case.Status.CONTACTED, "200.00")
