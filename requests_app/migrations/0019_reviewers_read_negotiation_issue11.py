"""Counselors read the lender's answer on a shared case: the counter-offers and the payment records of the
agreed schedule (read-only inlines of the case page). 0003 holds the Reviewer group's first list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED_REVIEWER_PERMISSIONS = [
    ("requests_app", "view_counteroffer"),
    ("requests_app", "view_paymentrecord"),
]


def reviewers_read_negotiation(apps, schema_editor):
    app_config = apps.get_app_config("requests_app")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(schema_editor.connection.alias).filter(name="Reviewer").first()
    if group is None:
        return
    for app_label, codename in ADDED_REVIEWER_PERMISSIONS:
        group.permissions.add(
            Permission.objects.using(schema_editor.connection.alias).get(
                content_type__app_label=app_label, codename=codename
            )
        )


def reviewers_stop_reading_negotiation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(schema_editor.connection.alias).filter(name="Reviewer").first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.using(schema_editor.connection.alias).filter(
            content_type__app_label="requests_app",
            codename__in=[codename for _app, codename in ADDED_REVIEWER_PERMISSIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0018_letter_name_fact_dates_issue11"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(reviewers_read_negotiation, reviewers_stop_reading_negotiation)]
