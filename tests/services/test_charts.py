"""The schedule chart's geometry: a bar per calendar month, in proportion, the offer line, months over it
marked (as the assessment decides)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from requests_app.services.assessment import month_totals
from requests_app.services.charts import HEIGHT, WIDTH
from requests_app.services.charts import schedule_chart as chart_of_months
from requests_app.services.schedule import Schedule, ScheduledPayment

D = Decimal


def schedule(*amounts):
    start = dt.date(2027, 1, 10)
    return Schedule(
        payments=tuple(
            ScheduledPayment(due_on=start + dt.timedelta(days=31 * i), amount=D(a))
            for i, a in enumerate(amounts)
        )
    )


def schedule_chart(*, schedule, capacity):
    return chart_of_months(months=month_totals(schedule, offer=capacity), offer=capacity)


def test_no_chart_without_payments():
    assert schedule_chart(schedule=Schedule(payments=()), capacity=D("100")) is None


def test_bars_are_in_proportion_and_the_capacity_line_sits_at_its_height():
    chart = schedule_chart(schedule=schedule("500", "1000"), capacity=D("1000"))
    small, big = chart.bars
    assert abs(big.height - 2 * small.height) < 0.2
    assert chart.capacity_y == big.y
    assert not chart.any_over_capacity


def test_a_payment_above_capacity_is_marked_and_the_line_is_below_its_top():
    chart = schedule_chart(schedule=schedule("1500", "500"), capacity=D("1000"))
    assert chart.bars[0].over_capacity and not chart.bars[1].over_capacity
    assert chart.any_over_capacity
    assert chart.capacity_y > chart.bars[0].y


def test_no_line_when_the_capacity_is_unknown_or_not_positive():
    assert schedule_chart(schedule=schedule("5"), capacity=None).capacity_y is None
    assert schedule_chart(schedule=schedule("5"), capacity=D("-10")).capacity_y is None


@given(
    st.lists(st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2), min_size=1, max_size=120),
    st.one_of(st.none(), st.decimals(min_value=D("-1000"), max_value=D("1000000"), places=2)),
)
def test_every_bar_stays_inside_the_chart(amounts, capacity):
    chart = schedule_chart(schedule=schedule(*amounts), capacity=capacity)
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= WIDTH + 0.1
        assert 0 <= bar.y <= HEIGHT and bar.y + bar.height <= chart.baseline_y + 0.1
    labelled = [bar for bar in chart.bars if bar.show_label]
    assert 1 <= len(labelled) <= 13


def test_two_payments_in_one_month_make_one_bar_over_the_line_when_together_they_pass_it():
    two_in_january = Schedule(
        payments=(
            ScheduledPayment(due_on=dt.date(2027, 1, 5), amount=D("500")),
            ScheduledPayment(due_on=dt.date(2027, 1, 20), amount=D("500")),
        )
    )
    chart = schedule_chart(schedule=two_in_january, capacity=D("600"))
    (bar,) = chart.bars
    assert bar.amount == D("1000") and bar.payments == 2
    assert bar.over_capacity and chart.any_over_capacity
    assert bar.y < chart.capacity_y  # the bar's top is above the line
    assert bar.date_label == "1/5"
