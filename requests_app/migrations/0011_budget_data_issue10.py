"""Issue 10: the National Bureau of Statistics' 2024 per-capita consumption figures as reference data, and
each owner's latest per-case income and expense figures moved into their (new) household budget. Earlier
plan versions keep the figures they were made with (they are snapshots)."""

from decimal import Decimal

from django.db import migrations

def seed_reference_figures(apps, schema_editor):
    from requests_app.reference_figures import load_reference_figures

    load_reference_figures(model=apps.get_model("requests_app", "ReferenceFigure"))


def move_case_figures(apps, schema_editor):
    Case = apps.get_model("requests_app", "Case")
    Budget = apps.get_model("requests_app", "Budget")
    Commitment = apps.get_model("requests_app", "Commitment")
    seen = set()
    cases = (
        Case.objects.exclude(monthly_income=None, essential_expenses=None, other_debt_payments=None)
        .order_by("owner_id", "-updated_at", "-pk")
        .values("owner_id", "monthly_income", "income_sources", "essential_expenses", "other_debt_payments")
    )
    for row in cases.iterator():
        if row["owner_id"] in seen or Budget.objects.filter(owner_id=row["owner_id"]).exists():
            continue
        seen.add(row["owner_id"])
        budget = Budget.objects.create(
            owner_id=row["owner_id"],
            income_other=row["monthly_income"] or Decimal("0"),
            income_notes=(row["income_sources"] or "")[:500],
            spend_other=row["essential_expenses"] or Decimal("0"),
            carried_over=True,
        )
        if row["other_debt_payments"]:
            Commitment.objects.create(
                budget=budget, kind="other_debt", monthly_payment=row["other_debt_payments"]
            )


def move_back(apps, schema_editor):
    Case = apps.get_model("requests_app", "Case")
    Budget = apps.get_model("requests_app", "Budget")
    fields = ["income_salary", "income_partner", "income_benefits", "income_irregular", "income_pension", "income_other"]
    spending = [
        "spend_housing",
        "spend_utilities",
        "spend_food",
        "spend_transport",
        "spend_children",
        "spend_medical",
        "spend_communications",
        "spend_other",
    ]
    for budget in Budget.objects.all():
        priority = sum((c.monthly_payment for c in budget.commitments.all()), Decimal("0"))
        Case.objects.filter(owner_id=budget.owner_id).update(
            monthly_income=sum((getattr(budget, name) for name in fields), Decimal("0")),
            essential_expenses=sum((getattr(budget, name) for name in spending), Decimal("0")),
            other_debt_payments=priority,
            income_sources=budget.income_notes,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0010_budget_issue10"),
    ]

    operations = [
        migrations.RunPython(seed_reference_figures, migrations.RunPython.noop),
        migrations.RunPython(move_case_figures, move_back),
    ]
