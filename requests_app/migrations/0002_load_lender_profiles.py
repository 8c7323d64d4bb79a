from django.db import migrations


def load(apps, schema_editor):
    from requests_app.lender_profiles import load_lender_profiles

    load_lender_profiles(
        lender_model=apps.get_model("requests_app", "Lender"),
        channel_model=apps.get_model("requests_app", "LenderChannel"),
    )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
