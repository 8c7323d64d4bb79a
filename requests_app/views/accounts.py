from django.contrib.auth import login
from django.contrib.auth.views import RedirectURLMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from ..forms.accounts import SignupForm


class SignupView(RedirectURLMixin, FormView):
    """Create an account (with the PIPL consent), log the person in and start their first request."""

    template_name = "registration/signup.html"
    form_class = SignupForm
    next_page = reverse_lazy("requests_app:case_create")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("requests_app:case_list")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(self.get_success_url())


class PrivacyView(TemplateView):
    """What personal data the product keeps, why, for how long, and the person's rights under PIPL."""

    template_name = "requests_app/privacy.html"
