"""Administrators keep each lender fact's own checked date beside its source and confidence; the list flags
the facts never checked."""

import datetime as dt

import pytest
from django.urls import reverse

from requests_app.models import Lender

pytestmark = pytest.mark.django_db


def test_each_fact_has_its_own_date_field_and_the_list_flags_facts_never_checked(superuser_client):
    huabei = Lender.objects.get(slug="huabei")
    page = superuser_client.get(
        reverse("admin:requests_app_lender_change", args=[huabei.pk])
    ).content.decode()
    for fact in ("overdue_rate", "grace", "limits", "consequences"):
        assert f'name="{fact}_checked"' in page and f'name="{fact}_source"' in page
    assert 'name="last_verified"' not in page
    assert 'value="2025/10/06"' in page  # the overdue rate's source date
    listing = superuser_client.get(reverse("admin:requests_app_lender_changelist")).content.decode()
    row = listing[listing.index(f"/{huabei.pk}/change/") :]
    row = row[: row.index("</tr>")]
    assert "未核实" in row and "逾期后果" in row  # the generic consequences text has no dated source


def test_an_administrator_dates_a_fact(superuser_client):
    huabei = Lender.objects.get(slug="huabei")
    url = reverse("admin:requests_app_lender_change", args=[huabei.pk])
    response = superuser_client.get(url)
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "consequences_source": "help.alipay.com 2026-11-30",
            "consequences_confidence": "official",
            "consequences_checked": "2026-11-30",
        }
    )
    for formset in response.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        management = formset.formset.management_form
        data.update({f"{prefix}-{key}": value for key, value in management.initial.items()})
        for index, inline in enumerate(formset.formset.forms):
            for name, value in inline.initial.items():
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value
            data[f"{prefix}-{index}-id"] = inline.instance.pk
            data[f"{prefix}-{index}-lender"] = huabei.pk
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    huabei.refresh_from_db()
    assert huabei.consequences_checked == dt.date(2026, 11, 30)
