"""Bad input at every wizard step, through the client: the page answers 200 (never 500), the translated message
sits next to the field it concerns, what was typed comes back in the field, and nothing is stored."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, Payment
from tests.factories import CaseFactory, LenderFactory, PaymentFactory
from tests.views.test_wizard import errors_near, field_block, payments_data, step_url
from tests.wording import error_codes

pytestmark = pytest.mark.django_db


def iso(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def stored(case):
    """Everything saved about the case: its row and its schedule."""
    row = Case.objects.filter(pk=case.pk).values().get()
    payments = list(Payment.objects.filter(case=case).values_list("due_on", "amount"))
    return row, payments


def assert_refused(response, *, case, before, field, message, typed):
    assert response.status_code == 200
    page = response.content.decode()
    assert message in errors_near(page, field), errors_near(page, field)
    assert any(message in error for error in response.context["form"].errors[field])
    if typed:
        assert html.escape(typed) in field_block(page, field)
    assert stored(case) == before


@pytest.fixture
def sent_case(borrower):
    """A complete case with one payment, so that "nothing stored" also covers the schedule."""
    case = CaseFactory(owner=borrower)
    PaymentFactory(case=case, due_on=timezone.localdate() + dt.timedelta(days=45))
    return case


# The mode step: installment figures.

INSTALLMENTS = {
    "version": "1",
    "repayment_mode": "installments",
    "installments_total": "12",
    "installments_remaining": "6",
    "installment_amount": "500",
}


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("installments_total", "twelve", "请填一个整数"),
        ("installments_total", "十二", "请填一个整数"),
        ("installments_total", "-3", "不能小于 1"),
        ("installments_total", "1.5", "请填一个整数"),
        ("installments_total", "99999", "不能大于 360"),
        ("installments_total", "1", "期数请填 2 到 360 之间"),
        ("installments_total", "", "分期还款需要填这一项"),
        ("installments_remaining", "abc", "请填一个整数"),
        ("installments_remaining", "-1", "不能小于 0"),
        ("installments_remaining", "0", "剩余期数至少是 1 期"),
        ("installments_remaining", "13", "剩余期数不能比总期数多"),
        ("installments_remaining", "", "分期还款需要填这一项"),
        ("installment_amount", "五百", "请用数字填写金额"),
        ("installment_amount", "500abc", "请用数字填写金额"),
        ("installment_amount", "-500", "金额不能是负数"),
        ("installment_amount", "500.125", "小数点后最多两位"),
        ("installment_amount", "0", "请填每期金额，必须大于 0"),
        ("installment_amount", "", "分期还款需要填这一项"),
    ],
)
def test_bad_installment_figures_are_refused_next_to_their_field(logged_in, sent_case, field, typed, message):
    before = stored(sent_case)
    response = logged_in.post(step_url(sent_case, "mode"), {**INSTALLMENTS, field: typed})
    assert_refused(response, case=sent_case, before=before, field=field, message=message, typed=typed)
    page = response.content.decode()
    assert "data-installment-fields hidden" not in page  # the fields stay open with the message
    for other in {"installments_total", "installments_remaining", "installment_amount"} - {field}:
        assert f'value="{INSTALLMENTS[other]}"' in field_block(page, other)  # the rest is kept too


# The finances step: free text.


def test_a_ten_thousand_character_offer_reason_is_refused_and_kept_whole(logged_in, sent_case):
    typed = "工资" * 5_000
    before = stored(sent_case)
    response = logged_in.post(
        step_url(sent_case, "finances"),
        {"version": "1", "offer_override": "500", "offer_override_reason": typed},
    )
    assert_refused(
        response,
        case=sent_case,
        before=before,
        field="offer_override_reason",
        message="请控制在 500 字以内（现在是 10000 字）",
        typed=typed,
    )
    assert 'value="500"' in field_block(response.content.decode(), "offer_override")


def test_html_over_the_limit_in_the_offer_reason_comes_back_escaped_and_is_not_stored(logged_in, sent_case):
    typed = '<script>alert("x")</script>' + "<b>兼职</b>" * 100
    before = stored(sent_case)
    response = logged_in.post(
        step_url(sent_case, "finances"),
        {"version": "1", "offer_override": "500", "offer_override_reason": typed},
    )
    assert_refused(
        response,
        case=sent_case,
        before=before,
        field="offer_override_reason",
        message="请控制在 500 字以内",
        typed=typed,
    )
    assert '<script>alert("x")' not in response.content.decode()


def test_html_in_the_offer_reason_is_plain_text_saved_as_typed_and_never_markup(logged_in, sent_case):
    typed = '<img src=x onerror="alert(1)">家里<b>支持</b>'
    response = logged_in.post(
        step_url(sent_case, "finances"),
        {"version": "1", "offer_override": "500", "offer_override_reason": typed},
    )
    assert response.status_code == 302
    sent_case.refresh_from_db()
    assert sent_case.offer_override_reason == typed
    for url in (step_url(sent_case, "finances"), step_url(sent_case, "review"), sent_case.get_absolute_url()):
        page = logged_in.get(url).content.decode()
        assert "<img src=x" not in page and "<b>支持</b>" not in page, url
    assert html.escape(typed) in logged_in.get(step_url(sent_case, "finances")).content.decode()


# The lender step: the account number.


@pytest.mark.parametrize(
    "typed, message",
    [
        ("<script>alert(1)</script>", "只能填字母、数字和空格"),
        ('1234"><img src=x onerror=alert(1)>', "只能填字母、数字和空格"),
        (" ".join(["6222 0210 0000 4321"] * 3), "请控制在 40 字以内（现在是 59 字）"),
    ],
)
def test_a_bad_account_number_is_refused_next_to_it_and_kept(logged_in, sent_case, typed, message):
    before = stored(sent_case)
    response = logged_in.post(
        step_url(sent_case, "lender"),
        {
            "version": "1",
            "lender": sent_case.lender_id,
            "amount_due": "3000",
            "due_date": iso(10),
            "account_hint": typed,
        },
    )
    assert_refused(
        response, case=sent_case, before=before, field="account_hint", message=message, typed=typed
    )
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "x" * 41])
def test_a_bad_account_number_on_a_new_request_creates_nothing(logged_in, borrower, typed):
    response = logged_in.post(
        reverse("requests_app:case_create"),
        {"lender": LenderFactory().pk, "amount_due": "3000", "due_date": iso(10), "account_hint": typed},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert errors_near(page, "account_hint") and html.escape(typed) in field_block(page, "account_hint")
    assert not Case.objects.filter(owner=borrower).exists()


@pytest.mark.parametrize(
    "typed",
    ["6222 0210 0000 4321", "138-0013-8000", "name@example.com", "尾号 4321", "+86 138 0013 8000"],
)
def test_the_ways_people_write_an_account_are_accepted(logged_in, sent_case, typed):
    response = logged_in.post(
        step_url(sent_case, "lender"),
        {
            "version": "1",
            "lender": sent_case.lender_id,
            "amount_due": "3000",
            "due_date": iso(10),
            "account_hint": typed,
        },
    )
    assert response.status_code == 302
    sent_case.refresh_from_db()
    assert len(sent_case.account_hint) == 4


def test_a_due_date_years_ago_is_refused_next_to_it(logged_in, sent_case):
    before = stored(sent_case)
    typed = (timezone.localdate() - dt.timedelta(days=10 * 366)).isoformat()
    response = logged_in.post(
        step_url(sent_case, "lender"),
        {"version": "1", "lender": sent_case.lender_id, "amount_due": "3000", "due_date": typed},
    )
    assert_refused(
        response, case=sent_case, before=before, field="due_date", message="请检查一下年份", typed=typed
    )


# The schedule step: the requested deferral and the payment dates.


@pytest.mark.parametrize(
    "typed, message",
    [
        ("thirty", "请填一个整数"),
        ("三十", "请填一个整数"),
        ("-30", "不能小于 0"),
        ("30.5", "请填一个整数"),
        ("1e3", "请填一个整数"),
        ("366", "不能大于 365"),
        ("99999999999999999999", "不能大于 365"),
        ("", "请填天数"),
    ],
)
def test_bad_deferral_days_are_refused_next_to_the_field_and_the_rows_are_kept(
    logged_in, sent_case, typed, message
):
    before = stored(sent_case)
    data = {"version": "1", "requested_deferral_days": typed, "action": "next"}
    data.update(payments_data([(iso(50), "1500"), (iso(80), "1545")]))
    response = logged_in.post(step_url(sent_case, "schedule"), data)
    assert_refused(
        response,
        case=sent_case,
        before=before,
        field="requested_deferral_days",
        message=message,
        typed=typed,
    )
    page = response.content.decode()
    assert 'value="1500"' in page and 'value="1545"' in page and f'value="{iso(80)}"' in page


def test_no_deferral_at_all_is_a_valid_answer(logged_in, sent_case):
    data = {"version": "1", "requested_deferral_days": "0", "action": "next"}
    data.update(payments_data([(iso(20), "3000")]))
    response = logged_in.post(step_url(sent_case, "schedule"), data)
    assert response.status_code == 302
    sent_case.refresh_from_db()
    assert sent_case.requested_deferral_days == 0


@pytest.mark.parametrize(
    "due_on, message",
    [
        (iso(-1), "这个日期已经过了"),
        (iso(-400), "这个日期已经过了"),
        ("2026-02-30", "请填一个日期"),
        ("下个月", "请填一个日期"),
        (iso(21 * 366), "这个日期太远了"),
    ],
)
def test_a_payment_date_in_the_past_or_malformed_is_refused_on_its_row(logged_in, sent_case, due_on, message):
    before = stored(sent_case)
    data = {"version": "1", "requested_deferral_days": "30", "action": "next"}
    data.update(payments_data([(iso(50), "1500"), (due_on, "1545")]))
    response = logged_in.post(step_url(sent_case, "schedule"), data)
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index('name="payments-1-due_on"') - 400 :]
    row = row[: row.index("payment-row-remove")]
    assert message in row
    assert html.escape(due_on) in row and 'value="1545"' in row
    assert 'value="30"' in field_block(page, "requested_deferral_days")
    assert stored(sent_case) == before


# The review step: the letter's language.


@pytest.mark.parametrize("typed", ["fr", "", '"><script>alert(1)</script>', "zh-hans" * 100])
def test_an_unknown_letter_language_is_refused_next_to_the_field(logged_in, sent_case, typed):
    before = stored(sent_case)
    response = logged_in.post(
        step_url(sent_case, "review"), {"version": "1", "letter_language": typed, "action": "finish"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert error_codes(response.context["form"], "letter_language") == [
        "invalid_choice" if typed else "required"
    ]
    assert errors_near(page, "letter_language")
    assert response.context["form"].errors["letter_language"]
    assert "<script>alert(1)" not in page
    assert stored(sent_case) == before
