"""The contact log: record what happened on a call or chat (append-only; corrections are new entries)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms.contacts import ContactForm
from ..models import ContactAttempt
from ..services.access import cases_editable_by
from ..services.contacts import contact_attempt_record, contact_form_initial
from ..services.refusals import CaseClosed
from ..services.scams import CONTACT_FIELDS, contact_notices, field_notices
from ..services.scripts import contact_prefill
from .form_errors import apply_errors


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, public_id):
    """Log a contact on the person's own case; `?corrects=<id>` starts from an earlier entry to correct it."""
    case = get_object_or_404(cases_editable_by(request.user).select_related("lender"), public_id=public_id)
    corrects = None
    corrects_id = request.GET.get("corrects") or request.POST.get("corrects")
    if corrects_id:
        # Digits only (ASCII: "²" passes isdigit() but not int()), and short enough for a database id.
        if not (str(corrects_id).isascii() and str(corrects_id).isdigit()) or len(str(corrects_id)) > 18:
            corrects_id = None
        else:
            corrects = get_object_or_404(ContactAttempt, pk=corrects_id, case=case)
    if request.method == "POST":
        form = ContactForm(request.POST, case=case)
        if form.is_valid():
            try:
                contact = contact_attempt_record(case=case, by=request.user, **form.record_data())
            except ValidationError as error:
                apply_errors(form, error)
            except CaseClosed as closed:
                form.add_error(None, closed.message)
            else:
                if contact.next_follow_up:
                    messages.success(
                        request,
                        _("Contact saved. Your next follow-up is on the case page and in the calendar file."),
                    )
                else:
                    messages.success(request, _("Contact saved."))
                for notice in contact_notices([contact]).values():
                    messages.warning(request, notice)
                return redirect(case)
    else:
        initial = contact_form_initial(corrects=corrects)
        if corrects is None:
            # From a script page: the link says only which script; the figures are computed here.
            initial.update(
                contact_prefill(
                    case=case, channel=request.GET.get("channel"), language=request.GET.get("lang")
                )
            )
            # A quick-outcome button of the script page's log bar names only the outcome's code.
            if request.GET.get("outcome") in ContactAttempt.Outcome.values:
                initial["outcome"] = request.GET["outcome"]
        form = ContactForm(initial=initial, case=case)
    return render(
        request,
        "requests_app/contact_form.html",
        {
            "case": case,
            "form": form,
            "corrects": corrects,
            "scam_fields": field_notices(
                texts={
                    name: form.data.get(name, "") if form.is_bound else form.initial.get(name) or ""
                    for name in CONTACT_FIELDS
                }
            ),
        },
    )
