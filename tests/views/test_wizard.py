"""The new-case wizard through the client: drafts at every step, bad input kept with a message next to its
field, optimistic locking, "back" that keeps what was typed, "work it out", and the move to ready."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, Payment, PlanVersion
from requests_app.services.formatting import long_date
from tests.factories import CaseFactory, LenderFactory
from tests.wording import error_codes, said

pytestmark = pytest.mark.django_db
D = Decimal


def today():
    return timezone.localdate()


def iso(days):
    return (today() + dt.timedelta(days=days)).isoformat()


def step_url(case, step):
    return reverse("requests_app:case_step", args=[case.public_id, step])


def field_block(page: str, field: str) -> str:
    """The HTML of one crispy field, from its wrapper to the next field's wrapper."""
    start = page.index(f'id="div_id_{field}"')
    following = page.find('id="div_id_', start + 10)
    return page[start : following if following != -1 else len(page)]


def errors_near(page: str, field: str) -> str:
    block = field_block(page, field)
    return " ".join(
        re.findall(r'class="invalid-feedback[^"]*"[^>]*>\s*(?:<p[^>]*>)?\s*(?:<strong>)?([^<]+)', block)
    )


def payments_data(rows, *, initial=0):
    data = {
        "payments-TOTAL_FORMS": str(len(rows)),
        "payments-INITIAL_FORMS": str(initial),
        "payments-MIN_NUM_FORMS": "0",
        "payments-MAX_NUM_FORMS": "1000",
    }
    for index, (due_on, amount) in enumerate(rows):
        data[f"payments-{index}-due_on"] = due_on
        data[f"payments-{index}-amount"] = amount
    return data


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(reverse("requests_app:case_create"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_first_step_creates_the_draft_and_keeps_only_the_last_four_characters(logged_in, borrower):
    lender = LenderFactory()
    response = logged_in.post(
        reverse("requests_app:case_create"),
        {
            "lender": lender.pk,
            "amount_due": "3000",
            "due_date": iso(10),
            "account_hint": "6222 0210 0000 4321",
        },
    )
    case = Case.objects.get(owner=borrower)
    assert response.status_code == 302 and response["Location"] == step_url(case, "mode")
    assert case.account_hint == "4321" and case.amount_due == D("3000") and case.status == Case.Status.DRAFT


def test_the_account_field_says_that_only_the_last_four_are_kept(logged_in):
    page = logged_in.get(reverse("requests_app:case_create")).content.decode()
    assert said(
        "Helps the agent find your account. You can type the whole number: we keep only the last 4 "
        "characters and forget the rest."
    ) in field_block(page, "account_hint")


def test_opening_the_first_step_creates_nothing(logged_in, borrower):
    assert logged_in.get(reverse("requests_app:case_create")).status_code == 200
    assert not Case.objects.filter(owner=borrower).exists()


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "请填账单金额"),
        ("-100", "金额不能是负数"),
        ("三千", "请用数字填写金额"),
        ("3000abc", "请用数字填写金额"),
        ("100.999", "小数点后最多两位"),
        ("0", "必须大于 0"),
    ],
)
def test_a_bad_amount_on_the_first_step_is_kept_with_a_message_next_to_it(
    logged_in, borrower, typed, message
):
    lender = LenderFactory()
    response = logged_in.post(
        reverse("requests_app:case_create"), {"lender": lender.pk, "amount_due": typed, "due_date": iso(10)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in errors_near(page, "amount_due")
    field = re.search(r'<input[^>]*name="amount_due"[^>]*>', field_block(page, "amount_due")).group(0)
    if typed:
        assert f'value="{html.escape(typed)}"' in field
    else:
        assert "value=" not in field  # nothing was typed, nothing is made up
    assert f'value="{iso(10)}"' in field_block(page, "due_date")
    assert not Case.objects.filter(owner=borrower).exists()


@pytest.mark.parametrize("typed", ["", "2026-02-30", "tomorrow", "9999-12-31"])
def test_a_bad_due_date_gets_a_message_next_to_it(logged_in, typed):
    lender = LenderFactory()
    response = logged_in.post(
        reverse("requests_app:case_create"), {"lender": lender.pk, "amount_due": "100", "due_date": typed}
    )
    assert response.status_code == 200
    assert errors_near(response.content.decode(), "due_date")


def test_every_step_shows_the_case_version_and_the_progress(logged_in, case):
    for number, step in enumerate(["lender", "mode", "hardship", "finances", "schedule", "review"], start=1):
        page = logged_in.get(step_url(case, step)).content.decode()
        assert f'name="version" value="{case.version}"' in page
        assert said("Step %(number)s of %(count)s", number=number, count=6) in page


def test_an_unknown_step_is_404(logged_in, case):
    assert logged_in.get(step_url(case, "payday")).status_code == 404


def test_next_saves_the_step_and_goes_on(logged_in, case):
    response = logged_in.post(
        step_url(case, "finances"),
        {
            "version": "1",
            "offer_override": "600",
            "offer_override_reason": "先还清这笔小额欠款",
            "action": "next",
        },
    )
    assert response.status_code == 302 and response["Location"] == step_url(case, "schedule")
    case.refresh_from_db()
    assert case.offer_override == D("600") and case.version == 2 and case.wizard_step == "schedule"
    assert case.offer_override_reason == "先还清这笔小额欠款"


def test_back_saves_what_was_typed_then_goes_back(logged_in, case):
    response = logged_in.post(
        step_url(case, "finances"),
        {"version": "1", "offer_override": "777", "offer_override_reason": "先还小额", "action": "back"},
    )
    assert response["Location"] == step_url(case, "hardship")
    page = logged_in.get(step_url(case, "finances")).content.decode()
    assert 'value="777.00"' in field_block(page, "offer_override")


def test_save_and_finish_later_goes_to_my_cases_which_offers_continue_at_that_step(logged_in, case):
    response = logged_in.post(
        step_url(case, "hardship"),
        {
            "version": "1",
            "hardship_category": "illness",
            "hardship_since": iso(-20),
            "hardship_narrative": "住院了两个月。",
            "action": "save",
        },
    )
    assert response["Location"] == reverse("requests_app:case_list")
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    assert step_url(case, "hardship") in page


def test_a_step_chosen_in_the_progress_bar_is_reached_after_saving(logged_in, case):
    response = logged_in.post(
        step_url(case, "mode"), {"version": "1", "repayment_mode": "full", "action": "goto:schedule"}
    )
    assert response["Location"] == step_url(case, "schedule")


def test_a_stale_version_is_refused_keeping_the_input_and_offering_the_current_version(logged_in, case):
    Case.objects.filter(pk=case.pk).update(version=5)  # another tab saved in between
    response = logged_in.post(
        step_url(case, "finances"),
        {"version": "1", "offer_override": "888", "offer_override_reason": "理由", "action": "next"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert error_codes(response.context["form"]) == ["stale_version"]
    assert 'data-testid="form-errors"' in page
    assert 'value="888"' in field_block(page, "offer_override")
    assert 'name="version" value="5"' in page
    case.refresh_from_db()
    assert case.offer_override is None
    again = logged_in.post(
        step_url(case, "finances"),
        {"version": "5", "offer_override": "888", "offer_override_reason": "理由", "action": "next"},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.offer_override == D("888") and case.version == 6


def test_a_forged_version_is_refused_without_a_500(logged_in, case):
    response = logged_in.post(step_url(case, "finances"), {"version": "abc", "offer_override": "1"})
    assert response.status_code == 200


def test_the_installment_fields_are_hidden_for_full_repayment_and_shown_for_installments(logged_in, case):
    page = logged_in.get(step_url(case, "mode")).content.decode()
    assert re.search(r"data-installment-fields\s+hidden", page)
    case.repayment_mode = "installments"
    case.save()
    page = logged_in.get(step_url(case, "mode")).content.decode()
    assert not re.search(r"data-installment-fields\s+hidden", page)


def test_installments_without_their_fields_are_refused_field_by_field(logged_in, case):
    response = logged_in.post(
        step_url(case, "mode"),
        {
            "version": "1",
            "repayment_mode": "installments",
            "installments_total": "",
            "installments_remaining": "3",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert error_codes(form, "installments_total") == error_codes(form, "installment_amount") == ["required"]
    assert errors_near(page, "installments_total") and errors_near(page, "installment_amount")
    assert 'value="3"' in field_block(page, "installments_remaining")
    response = logged_in.post(
        step_url(case, "mode"),
        {
            "version": "1",
            "repayment_mode": "installments",
            "installments_total": "6",
            "installments_remaining": "x",
        },
    )
    page = response.content.decode()
    assert error_codes(response.context["form"], "installments_remaining") == ["invalid"]
    assert errors_near(page, "installments_remaining")
    assert 'value="x"' in field_block(page, "installments_remaining")


def test_hidden_installment_values_are_ignored_for_full_repayment(logged_in, borrower):
    case = CaseFactory(
        owner=borrower, repayment_mode="installments", installments_total=6, installments_remaining=2
    )
    case.installment_amount = D("500")
    case.save()
    response = logged_in.post(
        step_url(case, "mode"),
        {"version": "1", "repayment_mode": "full", "installments_total": "6", "installment_amount": "-5"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.installments_total is None and case.installment_amount is None


HARDSHIP = {
    "version": "1",
    "hardship_category": "job_loss",
    "hardship_since": "",
    "hardship_narrative": "失业了。",
}


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("hardship_since", iso(5), "这个日期还没到"),
        ("hardship_since", "", "请填一个大概的开始日期"),
        ("hardship_expected_end", iso(-5), "这个日期已经过了"),
        ("hardship_narrative", "", "请写几句话"),
        ("hardship_narrative", "字" * 10_000, "请控制在 2000 字以内（现在是 10000 字）"),
    ],
)
def test_bad_hardship_input_gets_a_message_next_to_its_field(logged_in, case, field, typed, message):
    data = {**HARDSHIP, "hardship_since": iso(-30), field: typed}
    response = logged_in.post(step_url(case, "hardship"), data)
    assert response.status_code == 200
    assert message in errors_near(response.content.decode(), field)
    case.refresh_from_db()
    assert case.version == 1


def test_a_long_story_is_kept_whole_in_the_form_after_the_refusal(logged_in, case):
    story = "我" * 10_000
    response = logged_in.post(
        step_url(case, "hardship"), {**HARDSHIP, "hardship_since": iso(-30), "hardship_narrative": story}
    )
    assert story in response.content.decode()


def test_html_in_the_story_is_saved_as_text_and_shown_escaped(logged_in, case):
    story = '<script>alert("x")</script><b>失业</b>'
    logged_in.post(
        step_url(case, "hardship"), {**HARDSHIP, "hardship_since": iso(-30), "hardship_narrative": story}
    )
    case.refresh_from_db()
    assert case.hardship_narrative == story
    page = logged_in.get(step_url(case, "hardship")).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("offer_override", "-1", "金额不能是负数"),
        ("offer_override", "two thousand", "请用数字填写金额"),
        ("offer_override", "1.001", "小数点后最多两位"),
        ("offer_override", "10000000.01", "超过 ¥10,000,000"),
        ("offer_override_reason", "", "请说明为什么"),
    ],
)
def test_a_bad_chosen_offer_gets_a_message_next_to_the_field_and_keeps_the_input(
    logged_in, case, field, typed, message
):
    data = {"version": "1", "offer_override": "500", "offer_override_reason": "先还小额"}
    data[field] = typed
    response = logged_in.post(step_url(case, "finances"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in errors_near(page, field)
    if typed:
        assert f'value="{typed}"' in field_block(page, field)


def test_the_finances_step_shows_the_monthly_capacity_from_the_service(logged_in, case):
    page = logged_in.get(step_url(case, "finances")).content.decode()
    assert "¥1,200.00" in page  # 4000 − 2500 − 300, the whole budget for the only lender
    assert 'data-testid="share-box"' in page
    assert 'name="monthly_income"' not in page  # the figures live in the budget now


def test_the_schedule_step_saves_rows_and_the_deferral(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "30", "action": "next"}
    data.update(payments_data([(iso(45), "1500"), (iso(75), "1545")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 302 and response["Location"] == step_url(case, "review")
    assert list(Payment.objects.filter(case=case).values_list("amount", flat=True)) == [D("1500"), D("1545")]
    assert PlanVersion.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    "row, field, message",
    [
        ((iso(-3), "100"), "due_on", "这个日期已经过了"),
        ((iso(40), "-100"), "amount", "金额不能是负数"),
        ((iso(40), "abc"), "amount", "请用数字填写金额"),
        ((iso(40), "1.005"), "amount", "小数点后最多两位"),
        (("", "100"), "due_on", "请填这笔还款的日期"),
        ((iso(40), "0"), "amount", "请填大于 0 的金额"),
    ],
)
def test_a_bad_schedule_row_is_marked_on_its_row_and_kept(logged_in, case, row, field, message):
    data = {"version": "1", "requested_deferral_days": "30", "action": "next"}
    data.update(payments_data([(iso(60), "500"), row]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 200
    page = response.content.decode()
    row_html = page[page.index('name="payments-1-due_on"') - 400 :]
    row_html = row_html[: row_html.index("payment-row-remove")]
    assert message in row_html
    if row[1]:
        assert f'value="{row[1]}"' in row_html
    assert not Payment.objects.filter(case=case).exists()


def test_two_rows_on_one_day_are_refused(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "30", "action": "next"}
    data.update(payments_data([(iso(60), "500"), (iso(60), "500")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert error_codes(response.context["form"]) == ["invalid_schedule"]
    rows = response.context["formset"].forms
    assert error_codes(rows[0], "due_on") == [] and error_codes(rows[1], "due_on") == ["date_repeated"]
    assert 'data-testid="form-errors"' in response.content.decode()


def test_removed_rows_are_not_saved(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "30", "action": "next", "payments-1-DELETE": "on"}
    data.update(payments_data([(iso(60), "500"), (iso(90), "500")]))
    logged_in.post(step_url(case, "schedule"), data)
    assert list(Payment.objects.filter(case=case).values_list("amount", flat=True)) == [D("500")]


def test_work_it_out_fills_a_schedule_that_adds_up(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "30", "action": "suggest"}
    data.update(payments_data([(iso(60), "10")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 302 and response["Location"].startswith(step_url(case, "schedule"))
    total = sum(Payment.objects.filter(case=case).values_list("amount", flat=True))
    assert total == D("3000.00")  # the amount due; the estimated overdue charges are not offered
    page = logged_in.get(step_url(case, "schedule")).content.decode()
    assert (
        said(
            "We filled in a schedule that repays everything within what you can pay each month. Check it, "
            "change it if you need to, then continue."
        )
        in page
    )


def test_work_it_out_with_nothing_left_each_month_says_why_and_keeps_the_rows(logged_in, borrower):
    case = CaseFactory(owner=borrower, monthly_income=D("1000"), essential_expenses=D("2000"))
    data = {"version": "1", "requested_deferral_days": "30", "action": "suggest"}
    data.update(payments_data([(iso(60), "123")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="123"' in page
    assert 'name="version" value="2"' in page  # the deferral was saved; saving again works
    assert not Payment.objects.filter(case=case).exists()


def test_add_a_row_without_javascript_gives_an_empty_row(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "30", "action": "add_row"}
    data.update(payments_data([(iso(60), "500")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    page = logged_in.get(response["Location"]).content.decode()
    assert 'name="payments-1-due_on"' in page


def test_the_review_lists_each_finding_with_a_link_to_its_step_and_field(logged_in, case):
    Payment.objects.create(case=case, due_on=today() + dt.timedelta(days=40), amount=D("100"))
    page = logged_in.get(step_url(case, "review")).content.decode()
    assert 'data-code="SCHEDULE_SHORT"' in page
    assert f'href="{step_url(case, "schedule")}#schedule-rows"' in page


def test_a_missing_field_finding_links_to_that_field(logged_in, borrower):
    case = CaseFactory(owner=borrower, monthly_income=None, essential_expenses=None)
    page = logged_in.get(step_url(case, "review")).content.decode()
    assert 'data-code="FINANCES_MISSING"' in page
    assert f'href="{step_url(case, "finances")}#div_id_offer_override"' in page


def test_finishing_with_errors_stays_a_draft_and_says_so(logged_in, case):
    response = logged_in.post(
        step_url(case, "review"), {"version": "1", "letter_language": "zh-hans", "action": "finish"}
    )
    assert response["Location"] == step_url(case, "review")
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT
    page = logged_in.get(response["Location"]).content.decode()
    assert (
        said("Your plan is saved, but it still has problems. Fix the ones marked “must fix” below.") in page
    )
    assert 'data-severity="error"' in page


def test_finishing_without_errors_makes_the_case_ready(logged_in, case):
    logged_in.post(
        step_url(case, "schedule"),
        {"version": "1", "requested_deferral_days": "30", "action": "suggest", **payments_data([])},
    )
    case.refresh_from_db()
    response = logged_in.post(
        step_url(case, "review"), {"version": str(case.version), "letter_language": "en", "action": "finish"}
    )
    assert response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.status == Case.Status.READY and case.letter_language == "en"


def test_editing_a_ready_case_into_errors_moves_it_back_to_draft_with_a_warning(logged_in, ready_case):
    response = logged_in.post(
        step_url(ready_case, "finances"),
        {
            "version": str(ready_case.version),
            "offer_override": "5000",  # more than the ¥1,200 the budget leaves
            "offer_override_reason": "想尽快还清",
            "action": "next",
        },
        follow=True,
    )
    ready_case.refresh_from_db()
    assert ready_case.status == Case.Status.DRAFT
    assert (
        said(
            "This change leaves your plan with problems, so the case is back to draft. Fix them on the last step."
        )
        in response.content.decode()
    )


def test_a_closed_case_cannot_be_edited(logged_in, borrower):
    case = CaseFactory(owner=borrower, status=Case.Status.CLOSED)
    response = logged_in.get(step_url(case, "lender"))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()


def test_a_case_closed_while_the_page_was_open_is_not_changed_by_its_save(logged_in, borrower, monkeypatch):
    from requests_app.views import wizard as views

    case = CaseFactory(owner=borrower)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    # The page was opened before a counselor closed the case: the save gets past the view's first check.
    monkeypatch.setattr(views, "case_accepts_changes", lambda case: True)
    data = {"version": "1", "requested_deferral_days": "30", "action": "next"}
    data.update(payments_data([(iso(45), "1500")]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    assert case.version == 1 and not Payment.objects.filter(case=case).exists()


def test_an_urgency_finding_has_no_fix_link_because_no_field_fixes_it(logged_in, borrower):
    case = CaseFactory(owner=borrower, due_date=today() + dt.timedelta(days=1))
    page = logged_in.get(step_url(case, "review")).content.decode()
    start = page.index('data-code="DUE_SOON"')
    finding = page[start : page.index("</li>", start)]
    assert "finding-link" not in finding


def test_work_it_out_with_the_deferral_left_empty_uses_the_lenders_longest_and_says_so(logged_in, case):
    data = {"version": "1", "requested_deferral_days": "", "action": "suggest"}
    data.update(payments_data([]))
    response = logged_in.post(step_url(case, "schedule"), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.requested_deferral_days == case.lender.max_deferral_days == 90
    assert Payment.objects.filter(case=case).exists()
    page = logged_in.get(step_url(case, "schedule")).content.decode()
    assert (
        said(
            "You left the deferral empty, so we planned with %(lender)s's longest known deferral: %(days)s days. "
            "Check it with your lender, or change it below.",
            lender=case.lender.name,
            days=90,
        )
        in page
    )


def test_payments_typed_out_of_order_are_sorted_with_a_notice_naming_the_stray_row(logged_in, case):
    rows = [(iso(60), "500"), (iso(120), "500"), (iso(90), "500")]
    data = {"version": "1", "requested_deferral_days": "30", "action": "save", **payments_data(rows)}
    logged_in.post(step_url(case, "schedule"), data)
    saved = list(Payment.objects.filter(case=case).order_by("due_on").values_list("due_on", flat=True))
    assert saved == sorted(saved) and len(saved) == 3
    page = logged_in.get(reverse("requests_app:case_list")).content.decode()
    moved = said(
        "row %(row)s (%(date)s)", row=3, date=long_date(dt.date.fromisoformat(iso(90)), language="zh-hans")
    )
    assert (
        said(
            "Your payments were not in date order, so we sorted them. Moved: %(rows)s. Check these dates, "
            "especially the year.",
            rows=moved,
        )
        in page
    )
