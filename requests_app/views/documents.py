"""What the person takes to the lender: the call script of each channel, and the letter and plan (HTML
preview and PDF download). Owner or staff only; anyone else gets a 404."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.views import View
from django.views.generic import TemplateView

from ..models import Case, ContactAttempt, LetterType
from ..services import letters, pdf, scripts
from ..services.access import cases_for
from ..services.assessment import plan_assessment
from ..services.findings import Severity
from ..services.letter_language import letter_language_for, narrative_language_mismatch, resolve_language
from ..services.next_action import lender_hotline
from ..services.validation import validate
from .downloads import PdfDownload


def case_for_documents(request, public_id) -> Case:
    """The case, if the user may see it, with everything the scripts and the document read."""
    return get_object_or_404(pdf.plan_document_queryset(cases_for(request.user)), public_id=public_id)


def requested_language(request, case: Case) -> str:
    """`?lang=` when it names a letter language, else the case's letter language."""
    return resolve_language(case, request.GET.get("lang"))


def page_language() -> str:
    """The interface language as a letter language: pages follow it, whatever the letter's language."""
    return letter_language_for(translation.get_language())


#: The outcomes a person can log in one tap from the bar under a script (the rest are in the form).
QUICK_OUTCOMES = (
    ContactAttempt.Outcome.NO_ANSWER,
    ContactAttempt.Outcome.CALL_BACK,
    ContactAttempt.Outcome.APPROVED,
    ContactAttempt.Outcome.REFUSED,
)


def _plan_errors(case: Case, assessment=None) -> list:
    """The errors that make the plan not ready: scripts and letters say so instead of promising it."""
    return [f for f in validate(case, assessment=assessment) if f.severity == Severity.ERROR]


def _language_links(base_url: str, current: str) -> list[dict]:
    return [
        {"code": code, "name": name, "url": f"{base_url}?lang={code}", "current": code == current}
        for code, name in Case.Language.choices
    ]


class CaseScriptView(LoginRequiredMixin, TemplateView):
    """The script for one channel (phone, chat, social), in the case's letter language or `?lang=`."""

    template_name = "requests_app/scripts/script.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        channel = kwargs["channel"]
        if channel not in scripts.CHANNELS:
            raise Http404("Unknown channel")
        case = case_for_documents(self.request, kwargs["public_id"])
        # The script reads in the interface language; the letter's language is its own, explicit choice.
        language = page_language()
        letter_language = requested_language(self.request, case)
        script = scripts.build_script(case=case, channel=channel, language=language)
        labels = dict(ContactAttempt.Channel.choices)
        # Only codes in the link (no figures, dates or words of the person's): the form computes the rest.
        contact_url = reverse("requests_app:contact_create", kwargs={"public_id": case.public_id})
        contact_url += "?" + urlencode({"channel": channel, "lang": language})
        context.update(
            case=case,
            script=script,
            channel_links=[
                {
                    "code": code,
                    "label": labels[code],
                    "url": reverse(
                        "requests_app:case_script", kwargs={"public_id": case.public_id, "channel": code}
                    ),
                    "current": code == channel,
                }
                for code in scripts.CHANNELS
            ],
            letter_links=_language_links(
                reverse("requests_app:case_plan_preview", kwargs={"public_id": case.public_id}),
                letter_language,
            ),
            contact_url=contact_url,
            quick_outcomes=[
                {
                    "code": outcome.value,
                    "label": outcome.label,
                    "url": f"{contact_url}&{urlencode({'outcome': outcome.value})}",
                }
                for outcome in QUICK_OUTCOMES
            ],
            is_owner=case.owner_id == self.request.user.pk,
            plan_errors=_plan_errors(case),
            hotline=lender_hotline(case.lender) if channel == scripts.PHONE else None,
            copyable=channel in (scripts.CHAT, scripts.SOCIAL),
        )
        return context


class CasePlanPreviewView(LoginRequiredMixin, TemplateView):
    """The letter and plan as HTML: the PDF's own template, inside the site's page."""

    template_name = pdf.PREVIEW_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = case_for_documents(self.request, kwargs["public_id"])
        assessment = plan_assessment(case)
        document = pdf.plan_document(
            case=case, language=requested_language(self.request, case), assessment=assessment
        )
        context.update(pdf.plan_context(case=case, document=document))
        context["language_links"] = _language_links(self.request.path, document.language)
        context["narrative_language"] = narrative_language_mismatch(
            case=case, letter_language=document.language
        )
        context["plan_errors"] = _plan_errors(case, assessment)
        return context


class CasePlanPdfView(LoginRequiredMixin, View):
    """The letter and plan as a PDF download, rendered once per unchanged plan and language; each download
    is recorded in the case history (services.letters.letter_download_record)."""

    def get(self, request, public_id):
        # The case alone: a PDF stored for unchanged inputs is served without reading the rest.
        case = get_object_or_404(cases_for(request.user).select_related("lender"), public_id=public_id)
        language = requested_language(request, case)
        try:
            plan_pdf = pdf.plan_pdf_download(case=case, language=language)
        except Case.DoesNotExist:  # deleted while the letter was being made
            raise Http404("No such case") from None
        ascii_name, name = pdf.plan_pdf_filename(case=case, language=language)
        response = PdfDownload(
            plan_pdf.pdf,
            ascii_name=ascii_name,
            name=name,
            record=lambda: letters.letter_download_record(
                case=case,
                letter_type=LetterType.DEFERRAL,
                language=language,
                by=request.user,
                plan_version_id=plan_pdf.plan_version_id,
            ),
        )
        # Whether the PDF was ready (rendered ahead), waited for, or rendered now, and how long that took:
        # for the browser's network panel and `make loadtest`. It says nothing about the case.
        if plan_pdf.waited_ms is not None:  # for the worker's render of it, under way
            response["Server-Timing"] = f'pdf;desc="waited";dur={plan_pdf.waited_ms:.0f}'
        elif plan_pdf.render_ms is None:
            response["Server-Timing"] = 'pdf;desc="stored"'
        else:
            response["Server-Timing"] = f'pdf;desc="rendered";dur={plan_pdf.render_ms:.0f}'
        return response
