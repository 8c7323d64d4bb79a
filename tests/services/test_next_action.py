"""The next step on a case, which the case page puts first."""

import datetime as dt

import pytest
from django.utils import timezone

from requests_app.models import Case, LenderChannel
from requests_app.services.assessment import plan_assessment
from requests_app.services.findings import Finding, Severity
from requests_app.services.next_action import NextStep, case_next_action, lender_hotline
from tests.factories import CaseFactory, ContactAttemptFactory, LenderChannelFactory, LenderFactory

pytestmark = pytest.mark.django_db
Status = Case.Status


def error():
    return Finding(
        code="SCHEDULE_SHORT",
        severity=Severity.ERROR,
        fields=("payments",),
        message="m",
        hint="h",
        step="schedule",
    )


def next_step(case, *, findings=(), contacts=(), unfinished=False):
    contacts = list(contacts)
    return case_next_action(
        case=case,
        assessment=plan_assessment(case, contacts=contacts, now=timezone.now()),
        findings=list(findings),
        contacts=contacts,
        unfinished=unfinished,
    )


def test_the_hotline_is_the_first_diallable_phone_number_as_a_tel_link():
    lender = LenderFactory()
    LenderChannelFactory(lender=lender, kind=LenderChannel.Kind.CHAT, contact="支付宝 App")
    LenderChannelFactory(lender=lender, kind=LenderChannel.Kind.PHONE, contact="955 88", sort_order=1)
    hotline = lender_hotline(lender)
    assert (hotline.number, hotline.uri) == ("955 88", "tel:95588")


def test_a_lender_without_a_diallable_number_has_no_hotline():
    lender = LenderFactory()
    LenderChannelFactory(lender=lender, kind=LenderChannel.Kind.PHONE, contact="see the app")
    assert lender_hotline(lender) is None
    assert lender_hotline(None) is None


def test_the_order_of_what_comes_first():
    case = CaseFactory(status=Status.READY, wizard_step="review")
    LenderChannelFactory(lender=case.lender, contact="95188")
    assert next_step(case).step == NextStep.CONTACT_LENDER
    assert next_step(case).hotline.uri == "tel:95188"
    assert next_step(case, findings=[error()]).step == NextStep.FIX_PLAN
    assert next_step(case, unfinished=True).step == NextStep.FINISH_PLAN
    contact = ContactAttemptFactory(case=case)
    assert next_step(case, contacts=[contact]).step == NextStep.RECORD_OUTCOME
    due = ContactAttemptFactory(case=case, next_follow_up=timezone.now() - dt.timedelta(hours=1))
    assert next_step(case, contacts=[contact, due]).step == NextStep.FOLLOW_UP
    case.status = Status.NEEDS_CHANGES
    assert next_step(case, findings=[error()]).step == NextStep.MAKE_CHANGES
    case.status = Status.APPROVED
    assert next_step(case).step == NextStep.SETTLED
