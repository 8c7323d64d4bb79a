"""Logs carry no story, no amounts and no account numbers (PIPL): a whole borrower journey and a counselor's
visit, with every logger of the process at DEBUG, write none of what the person typed about their life and
money.

Decided for the log-in throttle (django-axes, verbose): its lines name the username, the address and the
browser of a failed or locked log-in — what is needed to see an attack on an account; usernames need no real
name here. Passwords never appear, neither in the logs nor in the stored attempt.

(Django logs SQL with its parameters only when DEBUG is on, which production refuses; see tests/site.)
"""

import datetime as dt
import logging
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from requests_app.models import Case, Lender
from requests_app.services.review import REVIEWER_GROUP
from tests.concurrency.posts import contact_post, step_post
from tests.factories import UserFactory, admin_login

pytestmark = pytest.mark.django_db

NARRATIVE = "叙述标记：我在纺织厂上班，工厂停工以后三个月没有工资，母亲住院，需要照顾。"
OTHER_TEXT = {
    "evidence_notes": "证明材料标记-社区证明",
    "income_notes": "收入来源标记-兼职外卖",
    "offer_override_reason": "自定金额理由标记-先还小额",
    "notes": "联系记录标记-客服说会回电",
    "offer_made": "对方提议标记-分期十二期",
    "promised": "我承诺标记-每月十五号还",
    "agent_id": "AGENT7Q3",
    "ticket_number": "TICKET9Z8Y",
}
AMOUNTS = {
    "amount_due": "31415.92",
    "income_salary": "27182.81",
    "spend_food": "16180.33",
    "offer": "2718.28",
}
ACCOUNT_TYPED = "6222 0000 77XQ ZW"  # the whole number as typed; only "XQZW" is kept
PASSWORD = "Pw-Log-Marker-8841"


def secrets() -> list[str]:
    values = [NARRATIVE, NARRATIVE[:12], *OTHER_TEXT.values(), "6222000077", "XQZW", PASSWORD]
    for amount in AMOUNTS.values():
        whole, cents = amount.split(".")
        values += [amount, f"{int(whole):,}.{cents}", whole]
    return values


@pytest.fixture
def every_log(caplog):
    """Every logger of the process at DEBUG, all captured (also those that do not propagate)."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)] + [logging.root]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    caplog.set_level(logging.DEBUG)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
        if caplog.handler in logger.handlers:
            logger.removeHandler(caplog.handler)


def logged_text(caplog) -> str:
    """What the log lines say, and every argument they were given."""
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        if record.exc_text:
            parts.append(record.exc_text)
    return "\n".join(parts)


def borrower_journey(client) -> Case:
    """Sign up, the whole wizard, ready, a contact, and every page of the case."""
    assert (
        client.post(
            reverse("signup"),
            {
                "username": "journey",
                "email": "journey@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "consent": "on",
            },
        ).status_code
        == 200
    )
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    lender = Lender.objects.filter(is_active=True).first()
    due = timezone.localdate() + dt.timedelta(days=12)
    response = client.post(
        reverse("requests_app:case_create"),
        {
            "lender": lender.pk,
            "account_hint": ACCOUNT_TYPED,
            "amount_due": AMOUNTS["amount_due"],
            "due_date": due.isoformat(),
            "action": "next",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(owner__username="journey")
    assert case.account_hint == "XQZW"

    def save(step, **typed):
        case.refresh_from_db()
        response = client.post(
            reverse("requests_app:case_step", args=[case.public_id, step]), step_post(case, step, **typed)
        )
        assert response.status_code == 302, response.context["form"].errors

    save("mode", repayment_mode="full")
    since = timezone.localdate() - dt.timedelta(days=90)
    save(
        "hardship",
        hardship_category="job_loss",
        hardship_since=since.isoformat(),
        hardship_expected_end="",
        hardship_narrative=NARRATIVE,
        evidence=["id_card", "termination_letter"],
        evidence_notes=OTHER_TEXT["evidence_notes"],
    )
    budget = client.post(
        reverse("requests_app:budget"),
        {
            "household_size": "3",
            "income_salary": AMOUNTS["income_salary"],
            "income_notes": OTHER_TEXT["income_notes"],
            "spend_food": AMOUNTS["spend_food"],
            "explain_food": "三口人，母亲住院期间要买营养品",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
        },
    )
    assert budget.status_code == 302, budget.context["form"].errors
    save(
        "finances",
        offer_override=AMOUNTS["offer"],
        offer_override_reason=OTHER_TEXT["offer_override_reason"],
    )
    save("schedule", requested_deferral_days="30", action="suggest")
    save("review", action="finish")
    contact = {k: OTHER_TEXT[k] for k in ("notes", "offer_made", "promised", "agent_id", "ticket_number")}
    url = reverse("requests_app:contact_create", args=[case.public_id])
    assert client.post(url, contact_post(**contact)).status_code == 302
    sharing = reverse("requests_app:case_sharing", args=[case.public_id])
    assert client.post(sharing, {"shared": "1"}).status_code == 302  # asks a counselor for help
    for name, args in [
        ("case_list", []),
        ("case_detail", [case.public_id]),
        ("case_script", [case.public_id, "phone"]),
        ("case_script", [case.public_id, "social"]),
        ("case_plan_preview", [case.public_id]),
        ("case_plan_pdf", [case.public_id]),
        ("case_calendar", [case.public_id]),
        ("account_export", []),
    ]:
        assert client.get(reverse(f"requests_app:{name}", args=args)).status_code == 200, name
    return case


def test_a_whole_journey_logs_no_story_amount_or_account(every_log):
    case = borrower_journey(Client())
    case.refresh_from_db()
    assert case.hardship_narrative == NARRATIVE  # the journey really stored what must not be logged

    counselor = UserFactory(username="counselor", is_staff=True)
    counselor.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    staff = admin_login(Client(), counselor)
    assert staff.get(reverse("admin:requests_app_case_change", args=[case.pk])).status_code == 200
    assert staff.get(reverse("admin:requests_app_case_changelist"), {"q": "journey"}).status_code == 200
    # Someone else trying the case: the 404 is logged with the path, nothing more.
    intruder = Client()
    intruder.force_login(UserFactory(username="intruder"))
    assert intruder.get(reverse("requests_app:case_detail", args=[case.public_id])).status_code == 404

    assert every_log.records, "nothing was captured: the check would be empty"
    text = logged_text(every_log)
    leaked = [secret for secret in secrets() if secret in text]
    assert leaked == []


@override_settings(AXES_ENABLED=True)
def test_failed_and_locked_log_ins_log_the_username_but_never_the_password(every_log):
    from axes.models import AccessAttempt

    UserFactory(username="lin", password="the-right-password-123")
    client = Client()
    for _ in range(6):
        client.post(reverse("login"), {"username": "lin", "password": PASSWORD})
    text = logged_text(every_log)
    assert "lin" in text  # the decision: usernames are logged, to see an attack on an account
    assert "Locking out" in text
    assert PASSWORD not in text
    assert all(PASSWORD not in (a.post_data + a.get_data) for a in AccessAttempt.objects.all())
