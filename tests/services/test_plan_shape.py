"""How a schedule is told is decided once (`scripts.facts.plan_shape`); the spoken script and the written
letter only word it, so they never describe the same payments differently."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from requests_app.models import Lender
from requests_app.services.assessment import plan_assessment
from requests_app.services.formatting import money
from requests_app.services.scripts.facts import PlanShape, plan_shape
from tests.factories import CaseFactory, PaymentFactory


def case_paying(amounts):
    case = CaseFactory(lender=Lender.objects.get(slug="huabei"))
    start = case.due_date + dt.timedelta(days=30)
    for index, amount in enumerate(amounts):
        PaymentFactory(case=case, due_on=start + dt.timedelta(days=31 * index), amount=Decimal(amount))
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amounts", "kind", "monthly", "middle"),
    [
        (["900.00"], PlanShape.SINGLE, "900.00", None),
        (["500.00"] * 4, PlanShape.REGULAR, "500.00", None),
        (
            ["500.00", "500.00", "500.00", "120.00"],
            PlanShape.REGULAR_THEN_LAST,
            "500.00",
            ("500.00", "500.00"),
        ),
        (["300.00", "500.00", "600.00", "120.00"], PlanShape.VARIED, None, ("500.00", "600.00")),
        (["300.00", "120.00"], PlanShape.REGULAR_THEN_LAST, "300.00", None),
    ],
)
def test_the_shape_of_a_schedule_is_decided_once(amounts, kind, monthly, middle):
    with translation.override("en"):
        shape = plan_shape(plan_assessment(case_paying(amounts)))
        assert shape.kind == kind
        assert shape.count == len(amounts)
        assert shape.total == money(sum(Decimal(amount) for amount in amounts))
        assert shape.first_amount == money(Decimal(amounts[0]))
        assert shape.last_amount == money(Decimal(amounts[-1]))
        if monthly is not None:
            assert shape.monthly == money(Decimal(monthly))
        assert shape.middle == (None if middle is None else tuple(money(Decimal(a)) for a in middle))


@pytest.mark.django_db
def test_no_schedule_has_no_shape():
    assert plan_shape(plan_assessment(CaseFactory(lender=Lender.objects.get(slug="huabei")))) is None
