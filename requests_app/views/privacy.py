from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ..forms.privacy import AccountDeleteForm
from ..services.privacy import account_data_json, account_data_zip, account_delete


class AccountDataView(LoginRequiredMixin, TemplateView):
    """What we keep about you, with the download and the delete buttons."""

    template_name = "requests_app/account/data.html"


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
