"""factory_boy factories for the domain model. A `CaseFactory` case is complete but has no schedule."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from requests_app.models import Case, ContactAttempt, Lender, LenderChannel, Payment, ReviewNote


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

    class Params:
        #: Shared with the counselors ("Ask a counselor"): only then do counselors see the case.
        shared = factory.Trait(shared_at=factory.LazyFunction(timezone.now))


class SharedCaseFactory(CaseFactory):
    """A case its owner shares with the counselors, as every case in the review queue is."""

    shared = True


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    case = factory.SubFactory(CaseFactory)
    due_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=40))
    amount = Decimal("1000.00")


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    case = factory.SubFactory(CaseFactory)
    channel = ContactAttempt.Channel.PHONE
    occurred_at = factory.LazyFunction(timezone.now)
    agent_id = "A1024"
    ticket_number = "T20261125001"
    outcome = ContactAttempt.Outcome.PENDING


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
