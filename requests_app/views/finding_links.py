"""Each finding with a link to the wizard step and field that fixes it (the case page and the review step)."""

from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Case
from ..services.wizard import STEP_LABELS, WIZARD_STEPS


def _field_anchor(field: str) -> str:
    return "schedule-rows" if field == "payments" else f"div_id_{field}"


def _field_label(field: str) -> str:
    if field == "payments":
        return _("Payments")
    try:
        return str(Case._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a finding may name something that is not a model field
        return ""


def finding_items(case: Case, findings) -> list[dict]:
    """Each finding with a link to the wizard step and field it concerns (for the owner). Findings of the
    review step (urgency, consistency with earlier contacts) are about the whole request: no field fixes them."""
    items = []
    for finding in findings:
        url, place = None, ""
        if finding.step in WIZARD_STEPS and finding.step != "review":
            url = reverse("requests_app:case_step", args=[case.public_id, finding.step])
            if finding.fields:
                url += "#" + _field_anchor(finding.fields[0])
            labels = [label for label in (_field_label(f) for f in finding.fields[:2]) if label]
            place = (
                f"{STEP_LABELS[finding.step]} · {_(', ').join(labels)}"
                if labels
                else str(STEP_LABELS[finding.step])
            )
        items.append({"finding": finding, "url": url, "place": place})
    return items
