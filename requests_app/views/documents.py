"""What the person takes to the lender: the call script of each channel, and the letter and plan (HTML
preview and PDF download). Owner or staff only; anyone else gets a 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from ..models import Case, ContactAttempt, LetterType
from ..services import letters, pdf, scripts
from ..services.access import cases_for


def case_for_documents(request, public_id) -> Case:
    """The case, if the user may see it, with everything the scripts and the document read."""
    return get_object_or_404(pdf.plan_document_queryset(cases_for(request.user)), public_id=public_id)


def requested_language(request, case: Case) -> str:
    """`?lang=` when it names a letter language, else the case's letter language."""
    return pdf.resolve_language(case, request.GET.get("lang"))


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
        language = requested_language(self.request, case)
        script = scripts.build_script(case=case, channel=channel, language=language)
        labels = dict(ContactAttempt.Channel.choices)
        contact_url = reverse("requests_app:contact_create", kwargs={"public_id": case.public_id})
        if script.record_query:
            contact_url += "?" + script.record_query
        here = reverse("requests_app:case_script", kwargs={"public_id": case.public_id, "channel": channel})
        context.update(
            case=case,
            script=script,
            channel_links=[
                {
                    "code": code,
                    "label": labels[code],
                    "url": reverse(
                        "requests_app:case_script", kwargs={"public_id": case.public_id, "channel": code}
                    )
                    + f"?lang={language}",
                    "current": code == channel,
                }
                for code in scripts.CHANNELS
            ],
            language_links=_language_links(here, language),
            contact_url=contact_url,
            copyable=channel in (scripts.CHAT, scripts.SOCIAL),
        )
        return context


class CasePlanPreviewView(LoginRequiredMixin, TemplateView):
    """The letter and plan as HTML: the PDF's own template, inside the site's page."""

    template_name = pdf.PREVIEW_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = case_for_documents(self.request, kwargs["public_id"])
        document = pdf.plan_document(case=case, language=requested_language(self.request, case))
        context.update(pdf.plan_context(case=case, document=document))
        context["language_links"] = _language_links(self.request.path, document.language)
        return context


class CasePlanPdfView(LoginRequiredMixin, View):
    """The letter and plan as a PDF download, rendered once per unchanged plan and language; each download
    is recorded in the case history (services.letters.letter_download_record)."""

    def get(self, request, public_id):
        case = case_for_documents(request, public_id)
        language = requested_language(request, case)
        body = pdf.cached_plan_pdf(case=case, language=language)
        ascii_name, name = pdf.plan_pdf_filename(case=case, language=language)
        letters.letter_download_record(
            case=case, letter_type=LetterType.DEFERRAL, language=language, by=request.user
        )
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = pdf.content_disposition(ascii_name=ascii_name, name=name)
        response["Cache-Control"] = "private, no-store"
        return response
