"""The letters for each moment (preview in the browser, PDF download recorded in the case history) and the
escalation steps that start the deadlines. Reading: owner or staff; recording a step: the owner only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms.escalation import EscalationStepForm
from ..models import Case, EscalationStep, LetterType
from ..services import letters, pdf
from ..services.access import cases_editable_by, cases_for
from ..services.escalation import escalation_clocks, escalation_step_record, rule_sources
from ..services.letter_language import resolve_language
from ..services.scams import scam_warning
from .downloads import PdfDownload
from .form_errors import apply_errors


def _case_for_letters(request, public_id) -> Case:
    queryset = (
        cases_for(request.user)
        .select_related("lender", "owner", "owner__account_profile")
        .prefetch_related("lender__channels", "payments", "contacts", "plan_versions", "escalation_steps")
    )
    return get_object_or_404(queryset, public_id=public_id)


def _letter_type(value: str) -> str:
    if value not in letters.LETTER_TYPES:
        raise Http404("Unknown letter")
    return value


def _language_links(base_url: str, current: str) -> list[dict]:
    return [
        {"code": code, "name": name, "url": f"{base_url}?lang={code}", "current": code == current}
        for code, name in Case.Language.choices
    ]


@login_required
def letter_preview(request, public_id, letter_type):
    """A letter as it will print, with the scam warning, the matching phone script and the download."""
    letter_type = _letter_type(letter_type)
    case = _case_for_letters(request, public_id)
    language = resolve_language(case, request.GET.get("lang"))
    if letter_type == LetterType.DEFERRAL:
        return redirect(
            reverse("requests_app:case_plan_preview", args=[case.public_id]) + f"?lang={language}"
        )
    document = letters.letter_document(case=case, letter_type=letter_type, language=language)
    script = letters.letter_script(case=case, letter_type=letter_type, language=language)
    here = reverse("requests_app:letter_preview", args=[case.public_id, letter_type])
    context = {
        "case": case,
        "doc": document,
        "script": script,
        "scam": scam_warning(),
        "language_links": _language_links(here, language),
        "download_url": reverse("requests_app:letter_pdf", args=[case.public_id, letter_type])
        + f"?lang={language}",
        "is_owner": case.owner_id == request.user.pk,
        "escalation_url": reverse("requests_app:escalation_create", args=[case.public_id]),
    }
    response = render(request, letters.LETTER_PREVIEW_TEMPLATE, context)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_pdf(request, public_id, letter_type):
    """The letter as a PDF download; each download is recorded (letter, language, plan version, when)."""
    letter_type = _letter_type(letter_type)
    case = _case_for_letters(request, public_id)
    language = resolve_language(case, request.GET.get("lang"))
    if letter_type == LetterType.DEFERRAL:
        body = pdf.cached_plan_pdf(case=case, language=language)
        ascii_name, name = pdf.plan_pdf_filename(case=case, language=language)
    else:
        document = letters.letter_document(case=case, letter_type=letter_type, language=language)
        body = letters.render_letter_pdf(document=document)
        ascii_name, name = letters.letter_pdf_filename(case=case, letter_type=letter_type, language=language)
    return PdfDownload(
        body,
        ascii_name=ascii_name,
        name=name,
        record=lambda: letters.letter_download_record(
            case=case, letter_type=letter_type, language=language, by=request.user
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def escalation_create(request, public_id):
    """Record a step of a complaint or dispute on the person's own case (`?kind=` preselects it)."""
    case = get_object_or_404(
        cases_editable_by(request.user).select_related("lender").prefetch_related("escalation_steps"),
        public_id=public_id,
    )
    if request.method == "POST":
        form = EscalationStepForm(request.POST)
        if form.is_valid():
            try:
                step = escalation_step_record(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                clocks = escalation_clocks(steps=[*case.escalation_steps.all(), step])
                next_due = clocks.next_due
                if next_due is not None:
                    messages.success(
                        request,
                        _(
                            "Saved. Next date: %(date)s — %(title)s. It is on the case page and in the calendar file."
                        )
                        % {"date": next_due.due.isoformat(), "title": next_due.title},
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect(case)
    else:
        kind = request.GET.get("kind")
        initial = {"occurred_on": timezone.localdate()}
        if kind in EscalationStep.Kind.values:
            initial["kind"] = kind
        form = EscalationStepForm(initial=initial)
    return render(
        request,
        "requests_app/escalation_form.html",
        {"case": case, "form": form, "scam": scam_warning(), "sources": rule_sources()},
    )
