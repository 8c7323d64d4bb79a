"""factory_boy factories for the domain model. A `CaseFactory` case is complete but has no schedule."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.models import (
    Budget,
    Case,
    Commitment,
    ContactAttempt,
    Lender,
    LenderChannel,
    Payment,
    ReviewNote,
)
from requests_app.services.contacts import case_contact_summary_refresh
from requests_app.services.formatting import to_cents


def today():
    return timezone.localdate()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"borrower{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery-staple")


class LenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lender
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"lender-{n}")
    name_zh = factory.Sequence(lambda n: f"测试贷款{n}")
    name_en = factory.Sequence(lambda n: f"Test lender {n}")
    kind = Lender.Kind.CONSUMER_LOAN
    daily_overdue_rate = Decimal("0.000500")
    max_deferral_days = 90
    max_installment_months = 12
    overdue_rate_source = "test source"


class LenderChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LenderChannel

    lender = factory.SubFactory(LenderFactory)
    kind = LenderChannel.Kind.PHONE
    name_zh = "客服热线"
    name_en = "Hotline"
    contact = "95188"
    steps_zh = "拨打热线\n转人工"
    steps_en = "Call the hotline\nAsk for a person"
    source = "test source"


#: Not case fields since the household budget (issue 10): given to CaseFactory they make (or replace) the
#: owner's budget.
CASE_FINANCES = ("monthly_income", "income_sources", "essential_expenses", "other_debt_payments")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    owner = factory.SubFactory(UserFactory)
    lender = factory.SubFactory(LenderFactory)
    account_hint = "1234"
    amount_due = Decimal("3000.00")
    due_date = factory.LazyFunction(lambda: today() + dt.timedelta(days=10))
    repayment_mode = Case.RepaymentMode.FULL
    hardship_category = Case.HardshipCategory.JOB_LOSS
    hardship_since = factory.LazyFunction(lambda: today() - dt.timedelta(days=40))
    hardship_expected_end = factory.LazyFunction(lambda: today() + dt.timedelta(days=60))
    hardship_narrative = "公司裁员，我上个月失业了，正在找工作，下个月有一份新工作可以入职。"
    evidence = factory.LazyFunction(lambda: ["id_card", "termination_letter"])
    monthly_income = Decimal("4000.00")
    income_sources = "新工作工资"
    essential_expenses = Decimal("2500.00")
    other_debt_payments = Decimal("300.00")
    requested_deferral_days = 30
    letter_language = Case.Language.ZH_HANS

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        finances = {name: kwargs.pop(name) for name in CASE_FINANCES if name in kwargs}
        case = super()._create(model_class, *args, **kwargs)
        if finances:
            budget_for(case.owner, **finances)
        return case

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in CASE_FINANCES:
            kwargs.pop(name, None)
        return super()._build(model_class, *args, **kwargs)

    class Params:
        #: Shared with the counselors ("Ask a counselor"): only then do counselors see the case.
        shared = factory.Trait(shared_at=factory.LazyFunction(timezone.now))


class SharedCaseFactory(CaseFactory):
    """A case its owner shares with the counselors, as every case in the review queue is."""

    shared = True


def budget_for(
    owner,
    *,
    monthly_income: Decimal | None = None,
    essential_expenses: Decimal | None = None,
    other_debt_payments: Decimal | None = None,
    income_sources: str = "",
):
    """Make (or replace) `owner`'s budget for two people from the three totals a case used to hold: income
    as salary, essentials spread over food, housing, transport and other (below the national figures for
    the defaults), other debt payments as one payment made first. With income and expenses both None the
    owner has no budget."""
    Budget.objects.filter(owner=owner).delete()
    if monthly_income is None and essential_expenses is None:
        return None
    essentials = Decimal(essential_expenses or 0)
    food, housing, transport = (to_cents(essentials * Decimal(share)) for share in ("0.40", "0.32", "0.16"))
    budget = Budget.objects.create(
        owner=owner,
        household_size=2,
        income_salary=monthly_income or 0,
        spend_food=food,
        spend_housing=housing,
        spend_transport=transport,
        spend_other=essentials - food - housing - transport,
        income_notes=income_sources or "",
    )
    if other_debt_payments:
        Commitment.objects.create(
            budget=budget, kind=Commitment.Kind.OTHER_DEBT, monthly_payment=other_debt_payments
        )
    return budget


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    case = factory.SubFactory(CaseFactory)
    due_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=40))
    amount = Decimal("1000.00")


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt
        skip_postgeneration_save = True  # contacts are append-only: saved once

    case = factory.SubFactory(CaseFactory)
    channel = ContactAttempt.Channel.PHONE
    occurred_at = factory.LazyFunction(timezone.now)
    agent_id = "A1024"
    ticket_number = "T20261125001"
    outcome = ContactAttempt.Outcome.PENDING

    @factory.post_generation
    def case_summary(contact, create, extracted, **kwargs):
        # As services.contacts.contact_attempt_record does: the case keeps its latest contact's summary.
        if create:
            case_contact_summary_refresh(case_ids=[contact.case_id])
            contact.case.refresh_from_db(
                fields=["latest_contact_at", "latest_contact_outcome", "follow_up_at"]
            )


class ReviewNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewNote

    case = factory.SubFactory(CaseFactory)
    author = factory.SubFactory(UserFactory)
    body = "请补充失业证明。"


def counselor(username: str = "counselor"):
    """A staff member in the Reviewer group: may read every case."""
    from django.contrib.auth.models import Group

    from requests_app.services.review import REVIEWER_GROUP

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def admin_login(client, user):
    """Log `client` in as `user` the way the admin requires: password and, for counselors, the
    authenticator code (a confirmed TOTP device whose verification the session already holds)."""
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "test", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def attach_budget(
    case,
    *,
    monthly_income: Decimal | None = Decimal("4000.00"),
    essential_expenses: Decimal | None = Decimal("2500.00"),
    other_debt_payments: Decimal | None = Decimal("300.00"),
    others=(),
):
    """Give an unsaved `case` (and its unsaved fellow cases `others`) an in-memory household plan from the
    three totals a case used to hold; with income and expenses both None, no budget. Returns the case."""
    from requests_app.services.budget import household_plan_from

    budget = None
    commitments = []
    if monthly_income is not None or essential_expenses is not None:
        budget = Budget(income_salary=monthly_income or 0, spend_other=essential_expenses or 0)
        if other_debt_payments:
            commitments = [Commitment(kind=Commitment.Kind.OTHER_DEBT, monthly_payment=other_debt_payments)]
    plan = household_plan_from(
        budget=budget, cases=[case, *others], agreed_payments={}, commitments=commitments
    )
    for item in (case, *others):
        item._household_plan = plan
    return case
