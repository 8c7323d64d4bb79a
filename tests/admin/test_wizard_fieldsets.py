"""Rule 11: the case page of the review desk groups the case's fields as the wizard's steps
(`services.wizard.WIZARD`), each with exactly its step's fields."""

import pytest
from django.urls import reverse
from django.utils import translation

from requests_app.admin.cases import SHOWN_AFTER, SHOWN_AS, SHOWN_BEFORE
from requests_app.services.wizard import WIZARD
from tests.admin.conftest import case_with_records

pytestmark = pytest.mark.django_db


def _flat(lines):
    for line in lines:
        yield from line if isinstance(line, tuple) else (line,)


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "superuser_client"])
def test_the_admin_fieldsets_are_the_wizards_steps_with_their_fields(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    case = case_with_records(payments=1, contacts=0)
    response = client.get(reverse("admin:requests_app_case_change", args=[case.pk]))
    fieldsets = [(str(f.name), list(_flat(f.fields))) for f in response.context["adminform"]]
    with translation.override("en"):
        titles = [str(fieldset.name) for fieldset in response.context["adminform"]]
        assert titles == ["Review", *[str(step.desk_title) for step in WIZARD], "Record"]
    shown_as = {shown: name for name, shown in SHOWN_AS.items()}
    for step, (_title, fields) in zip(WIZARD, fieldsets[1:-1], strict=True):
        extras = {*SHOWN_BEFORE.get(step.name, ()), *SHOWN_AFTER.get(step.name, ())}
        own = [shown_as.get(name, name) for name in fields]
        assert tuple(name for name in own if name not in extras) == step.fields
