"""Rule 11: the wizard's steps and their fields are defined once (`services.wizard.WIZARD`); the step
forms, the progress bar, the findings' steps, the admin's fieldsets (tests/admin/test_wizard_fieldsets.py)
and form and the demo data follow it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from requests_app.admin.forms import CaseAdminForm
from requests_app.forms.wizard import STEP_FORMS
from requests_app.services.findings import Step
from requests_app.services.wizard import WIZARD, WIZARD_FIELDS, WIZARD_STEPS


def test_each_step_form_holds_exactly_its_steps_fields_in_the_wizards_order():
    assert tuple(STEP_FORMS) == WIZARD_STEPS
    for step in WIZARD:
        assert tuple(name for name in STEP_FORMS[step.name].base_fields if name != "version") == step.fields


def test_the_steps_a_finding_names_are_the_wizards():
    assert tuple(Step) == WIZARD_STEPS


def test_the_admin_form_edits_the_wizards_fields():
    assert [name for name in CaseAdminForm._meta.fields if name in WIZARD_FIELDS] == list(WIZARD_FIELDS)


@pytest.mark.django_db
def test_the_progress_bar_is_the_wizards_steps(client, case):
    client.force_login(case.owner)
    with translation.override(settings.LANGUAGE_CODE):  # what a page without a language cookie speaks
        labels = [str(step.label) for step in WIZARD]
    for number, step in enumerate(WIZARD, start=1):
        page = client.get(
            reverse("requests_app:case_step", args=[case.public_id, step.name])
        ).content.decode()
        bar = re.search(r'<progress class="wizard-progress-bar[^"]*" value="(\d+)" max="(\d+)"', page)
        assert bar and bar.groups() == (str(number), str(len(WIZARD)))
        items = re.findall(r'class="wizard-step-number">\d+</span> ([^<]+)<', page)
        assert [item.strip() for item in items] == labels
