"""Counselor → borrower → counselor: the counselor sends a shared plan back naming a step and a field,
the borrower sees it inside that step, fixes it and the checklist ticks, the counselor sees what was done
and the two plan versions side by side. Through the client (the admin's form and the borrower's pages)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from requests_app.models import Case, PlanVersion, StatusChange
from tests.admin.test_case_page import post_page
from tests.factories import admin_login, counselor
from tests.views.conftest import make_ready_case
from tests.wording import said

pytestmark = pytest.mark.django_db
NOTE = "困难开始的日期和解除劳动合同通知书对不上，请按通知书改。"


def items(html: str) -> dict[str, str]:
    """The checklist on a page: item key → "yes"/"no" (addressed)."""
    return dict(re.findall(r'data-item="([^"]+)" data-addressed="(yes|no)"', html))


def test_needs_changes_naming_a_step_and_a_field_goes_round_and_the_counselor_sees_both_versions(borrower):
    case = make_ready_case(owner=borrower, shared=True)
    staff, owner = Client(), Client()
    admin_login(staff, counselor("round-trip-counselor"))  # signed in with the second factor
    owner.force_login(borrower)

    # 1. The counselor sends it back, naming the finances step's income and the whole schedule step.
    response = post_page(
        staff,
        case,
        new_status="needs_changes",
        status_note=NOTE,
        requested_changes=["hardship.hardship_since", "schedule"],
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.NEEDS_CHANGES
    move = StatusChange.objects.get(case=case, to_status="needs_changes")
    assert [(i["step"], i["field"]) for i in move.requested_changes] == [
        ("hardship", "hardship_since"),
        ("schedule", ""),
    ]

    # 2. The borrower sees the note and the checklist on the case page, in My cases and inside the step.
    page = owner.get(case.get_absolute_url()).content.decode()
    assert NOTE in page and items(page) == {"hardship.hardship_since": "no", "schedule": "no"}
    assert items(owner.get(reverse("requests_app:case_list")).content.decode()) == items(page)
    step_url = reverse("requests_app:case_step", args=[case.public_id, "hardship"])
    step = owner.get(step_url).content.decode()
    assert 'data-testid="counselor-request-in-step"' in step and NOTE in step
    assert items(step) == {"hardship.hardship_since": "no"}  # only what was named in this step

    # 3. The borrower fixes the income: that item ticks itself, the schedule's does not.
    since = case.hardship_since - dt.timedelta(days=31)
    response = owner.post(
        step_url,
        {
            "version": str(case.version),
            "hardship_category": case.hardship_category,
            "hardship_since": since.isoformat(),
            "hardship_expected_end": case.hardship_expected_end.isoformat(),
            "hardship_narrative": case.hardship_narrative,
            "evidence": list(case.evidence),
            "evidence_notes": "",
            "action": "save",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.hardship_since == since
    assert items(owner.get(step_url).content.decode()) == {"hardship.hardship_since": "yes"}
    assert items(owner.get(case.get_absolute_url()).content.decode()) == {
        "hardship.hardship_since": "yes",
        "schedule": "no",
    }

    # 4. The borrower finishes again; the counselor sees which items were addressed and the versions side
    # by side.
    review = reverse("requests_app:case_step", args=[case.public_id, "review"])
    owner.post(review, {"version": str(case.version), "letter_language": "zh-hans", "action": "finish"})
    assert case.plan_versions.count() >= 2
    admin_page = staff.get(reverse("admin:requests_app_case_change", args=[case.pk])).content.decode()
    assert re.search(r'data-item="hardship.hardship_since" data-addressed="yes"', admin_page)
    assert re.search(r'data-item="schedule" data-addressed="no"', admin_page)
    compared = admin_page[admin_page.index('data-testid="versions-compared"') :]
    compared = compared[: compared.index("</table>")]
    latest, previous = PlanVersion.objects.filter(case=case).order_by("-number")[:2]
    for version in (previous, latest):  # the numbers as column heads, in the counselor's language
        assert f"<th>{said('Plan v%(number)s', number=version.number)}</th>" in compared
    assert 'class="review-changed"' in compared  # the date the hardship began, before and after
