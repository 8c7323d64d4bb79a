"""The Reviewer group: exactly what a counselor needs in the admin, nothing more.

The list is frozen here, as migrations are; `requests_app.services.review.REVIEWER_PERMISSIONS` is the
same list for code that re-creates the group (seed_demo), and a test keeps the two equal.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER = "Reviewer"
PERMISSIONS = [
    ("requests_app", "view_case"),
    ("requests_app", "change_case"),
    ("requests_app", "view_payment"),
    ("requests_app", "view_planversion"),
    ("requests_app", "view_contactattempt"),
    ("requests_app", "view_lender"),
    ("requests_app", "view_lenderchannel"),
    ("requests_app", "view_reviewnote"),
    ("requests_app", "add_reviewnote"),
    ("requests_app", "view_statuschange"),
]


def create_reviewer_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them now.
    app_config = apps.get_app_config("requests_app")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=REVIEWER)
    permissions = [
        Permission.objects.using(schema_editor.connection.alias).get(
            content_type__app_label=app_label, codename=codename
        )
        for app_label, codename in PERMISSIONS
    ]
    group.permissions.set(permissions)


def remove_reviewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(name=REVIEWER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0002_load_lender_profiles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewer_group, remove_reviewer_group)]
