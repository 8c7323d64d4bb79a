from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ..forms.privacy import AccountDeleteForm, LetterNameForm
from ..models import ReminderSubscription
from ..services.letter_name import letter_name, letter_name_save
from ..services.privacy import account_data_json, account_data_zip, account_delete
from ..services.reminders import reminder_subscription_set, reminder_unsubscribe


class AccountDataView(LoginRequiredMixin, FormView):
    """What we keep about you, the name on your letters (this page's form), the download and the delete
    buttons, and the e-mail reminders."""

    template_name = "requests_app/account/data.html"
    form_class = LetterNameForm

    def get_initial(self):
        return {"letter_name": letter_name(self.request.user)}

    def form_valid(self, form):
        name = letter_name_save(user=self.request.user, name=form.cleaned_data["letter_name"])
        if name:
            messages.success(self.request, _("Your letters will show your name as the applicant."))
        else:
            messages.success(
                self.request, _("Your letters will leave a line for your name, to sign by hand.")
            )
        return redirect(reverse("requests_app:account_data") + "#letter-name")

    def get_context_data(self, **kwargs):
        subscription = ReminderSubscription.objects.filter(user=self.request.user).first()
        return super().get_context_data(
            reminders_on=bool(subscription and subscription.active),
            has_email=bool(self.request.user.email),
            **kwargs,
        )


class ReminderSettingView(LoginRequiredMixin, View):
    """Turn e-mail reminders (payment dates, follow-ups) on or off."""

    def post(self, request):
        active = request.POST.get("reminders") == "on" and bool(request.user.email)
        reminder_subscription_set(user=request.user, active=active)
        if active:
            messages.success(
                request, _("We will e-mail you before each payment date and on each follow-up day.")
            )
        else:
            messages.success(request, _("E-mail reminders are off."))
        return redirect("requests_app:account_data")


class ReminderUnsubscribeView(TemplateView):
    """The unsubscribe link of a reminder mail: no log-in; a button (a POST) turns them off, so that a mail
    scanner opening the link changes nothing."""

    template_name = "requests_app/reminders/unsubscribe.html"

    def post(self, request, token):
        if not reminder_unsubscribe(token=token):
            raise Http404
        return self.render_to_response({"done": True})

    def get(self, request, token):
        if not ReminderSubscription.objects.filter(token=token).exists():
            raise Http404
        return self.render_to_response({"done": False})


class AccountExportView(LoginRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(
            account_data_json(user=request.user), content_type="application/json; charset=utf-8"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="deferral-desk-my-data-{stamp}.json"'
        response["Cache-Control"] = "no-store"
        return response


class AccountExportZipView(LoginRequiredMixin, View):
    """The JSON export and every uploaded document, in one zip."""

    def get(self, request):
        stamp = timezone.localdate().isoformat()
        response = FileResponse(
            account_data_zip(user=request.user),
            as_attachment=True,
            filename=f"deferral-desk-my-data-{stamp}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "no-store"
        return response


class AccountDeleteView(LoginRequiredMixin, FormView):
    template_name = "requests_app/account/delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        account_delete(user=user)
        messages.success(self.request, _("Your account and everything in it have been deleted."))
        return redirect("requests_app:home")
