"""A plan a counselor sent back: the borrower's case page and "My cases" say what was asked, by "a counselor",
with links to the steps to fix; review notes stay internal; the number of queries does not grow."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, Payment
from requests_app.services.workflow import case_status_change
from tests.factories import CaseFactory, ContactAttemptFactory, PaymentFactory, ReviewNoteFactory, counselor
from tests.views.conftest import make_ready_case
from tests.wording import said

pytestmark = pytest.mark.django_db
Status = Case.Status
NOTE = "第一笔还款太早了，请改到下个月，并说明新工作何时入职。"


def send_back(case, *, note=NOTE, reviewer=None):
    case_status_change(
        case=case, to_status=Status.NEEDS_CHANGES, by=reviewer or counselor("li.counselor"), note=note
    )
    case.refresh_from_db()
    return case


def request_box(page: str) -> str:
    start = page.index('data-testid="counselor-request"')
    return page[start : page.index("</section>", start)]


def test_the_case_page_shows_the_counselors_note_as_from_a_counselor_never_by_name(logged_in, borrower):
    case = send_back(make_ready_case(owner=borrower))
    page = logged_in.get(case.get_absolute_url()).content.decode()
    box = request_box(page)
    assert NOTE in box
    assert 'data-testid="counselor-note-by"' in box and "li.counselor" not in page
    assert page.index('data-testid="counselor-request"') < page.index('id="plan-title"')  # prominent: on top


def test_the_case_page_links_to_the_steps_its_findings_point_to(logged_in, borrower):
    case = send_back(make_ready_case(owner=borrower))
    Payment.objects.filter(case=case).order_by("-due_on").first().delete()  # the schedule now falls short
    box = request_box(logged_in.get(case.get_absolute_url()).content.decode())
    assert reverse("requests_app:case_step", args=[case.public_id, "schedule"]) in box
    assert 'data-step="review"' not in box


def test_without_findings_the_link_goes_back_to_where_the_person_left_the_wizard(logged_in, borrower):
    case = make_ready_case(owner=borrower)
    Case.objects.filter(pk=case.pk).update(wizard_step="hardship")
    case = send_back(case, note="请补充一下困难的经过。")
    box = request_box(logged_in.get(case.get_absolute_url()).content.decode())
    assert reverse("requests_app:case_step", args=[case.public_id, "hardship"]) in box


def test_the_note_is_escaped_and_keeps_its_line_breaks(logged_in, borrower):
    case = send_back(make_ready_case(owner=borrower), note='<img src=x onerror="alert(1)">\n第二行')
    box = request_box(logged_in.get(case.get_absolute_url()).content.decode())
    assert "<img" not in box and "&lt;img src=x" in box
    assert "<br>第二行" in box


def test_review_notes_are_never_shown_to_the_borrower(logged_in, borrower):
    case = send_back(make_ready_case(owner=borrower), note="")
    ReviewNoteFactory(case=case, body="内部备注：不要告诉借款人")
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert "内部备注" not in page
    assert 'data-testid="counselor-request"' in page and 'data-testid="counselor-note"' not in page
    assert "内部备注" not in logged_in.get(reverse("requests_app:case_list")).content.decode()


def test_once_the_plan_is_ready_again_the_old_request_is_gone(logged_in, borrower):
    case = send_back(make_ready_case(owner=borrower))
    case_status_change(case=case, to_status=Status.READY, by=borrower)
    page = logged_in.get(case.get_absolute_url()).content.decode()
    assert NOTE not in page and 'data-testid="counselor-request"' not in page


def test_a_counselor_opening_the_case_sees_the_note_without_edit_links(client, borrower):
    case = send_back(make_ready_case(owner=borrower, shared=True))
    client.force_login(counselor("another.counselor"))
    box = request_box(client.get(case.get_absolute_url()).content.decode())
    assert NOTE in box and 'data-testid="counselor-request-step"' not in box


def test_my_cases_shows_what_the_counselor_asked_with_a_link_to_the_step(logged_in, borrower):
    case = make_ready_case(owner=borrower)
    Case.objects.filter(pk=case.pk).update(wizard_step="schedule")
    case = send_back(case)
    calm = make_ready_case(owner=borrower)
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert page.count('data-testid="counselor-request"') == 1
    assert NOTE in page and "li.counselor" not in page
    assert reverse("requests_app:case_step", args=[case.public_id, "schedule"]) in page
    assert said("Make the changes: %(step)s", step=said("Your plan")) in page
    assert str(calm.public_id) in page


def test_a_long_note_is_shortened_on_my_cases_but_whole_on_the_case_page(logged_in, borrower):
    long_note = "请" * 300 + "结尾"
    case = send_back(make_ready_case(owner=borrower), note=long_note)
    assert long_note not in logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert long_note in logged_in.get(case.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_my_cases_needs_the_same_few_queries_however_many_plans_were_sent_back(
    logged_in, borrower, count, django_assert_max_num_queries
):
    reviewer = counselor()
    for index in range(count):
        case = CaseFactory(owner=borrower, due_date=timezone.localdate() + dt.timedelta(days=index + 5))
        PaymentFactory(case=case)
        ContactAttemptFactory(case=case, next_follow_up=timezone.now() + dt.timedelta(days=1))
        case_status_change(case=case, to_status=Status.READY, by=borrower)
        send_back(case, note=f"第 {index} 号：请修改", reviewer=reviewer)
    with django_assert_max_num_queries(7 + 3):  # + the household plan (budget, payments made first, cases)
        page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert page.count('data-testid="counselor-note"') == count


@pytest.mark.parametrize("contacts", [1, 20])
def test_the_sent_back_case_page_needs_the_same_few_queries(
    logged_in, borrower, contacts, django_assert_max_num_queries
):
    case = make_ready_case(owner=borrower)
    for index in range(contacts):
        ContactAttemptFactory(case=case, occurred_at=timezone.now() - dt.timedelta(hours=index + 1))
    for _ in range(3):  # sent back, fixed, sent back again: several moves to read
        send_back(case)
        case_status_change(case=case, to_status=Status.READY, by=borrower)
    send_back(case, note="最后一次：请改第一笔的日期。")
    # + the household plan and its offer moves, + the letter downloads and the escalation steps, + the lender's channels
    with django_assert_max_num_queries(11 + 4 + 3):
        page = logged_in.get(case.get_absolute_url()).content.decode()
    assert "最后一次：请改第一笔的日期。" in request_box(page) and NOTE not in page
