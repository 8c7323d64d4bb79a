"""Issue 10: the per-case income and expense figures now live in each owner's budget (moved by 0011)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("requests_app", "0011_budget_data_issue10"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='case',
            name='case_income_non_negative',
        ),
        migrations.RemoveConstraint(
            model_name='case',
            name='case_expenses_non_negative',
        ),
        migrations.RemoveConstraint(
            model_name='case',
            name='case_other_debt_non_negative',
        ),
        migrations.RemoveField(
            model_name='case',
            name='essential_expenses',
        ),
        migrations.RemoveField(
            model_name='case',
            name='income_sources',
        ),
        migrations.RemoveField(
            model_name='case',
            name='monthly_income',
        ),
        migrations.RemoveField(
            model_name='case',
            name='other_debt_payments',
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='essential_expenses',
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='monthly_income',
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='other_debt_payments',
        ),
    ]
