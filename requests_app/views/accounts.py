from django.contrib.auth import login
from django.contrib.auth.views import PasswordResetView, RedirectURLMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from ..forms.accounts import SignupForm
from ..services.login_throttle import client_address
from ..services.rate_limits import (
    PASSWORD_RESET_PER_ADDRESS,
    PASSWORD_RESET_PER_EMAIL,
    SIGNUP_PER_ADDRESS,
    rate_limit_hit,
)


def too_many_requests(request):
    """429 with a page that says to wait, for the sign-up and password-reset limits."""
    return render(request, "registration/too_many_requests.html", status=429)


class SignupView(RedirectURLMixin, FormView):
    """Create an account (with the PIPL consent), log the person in and start their first request."""

    template_name = "registration/signup.html"
    form_class = SignupForm
    next_page = reverse_lazy("requests_app:case_create")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("requests_app:case_list")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Every submission can test whether a username is taken: a few per hour from one address.
        if rate_limit_hit(rate=SIGNUP_PER_ADDRESS, key=client_address(request)):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(self.get_success_url())


class PrivacyView(TemplateView):
    """What personal data the product keeps, why, for how long, and the person's rights under PIPL."""

    template_name = "requests_app/privacy.html"


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, with limits: per client address (a 429 page), and per e-mail address
    (beyond it the same "check your mailbox" answer, but no more mail), so nobody can flood a mailbox."""

    def post(self, request, *args, **kwargs):
        if rate_limit_hit(rate=PASSWORD_RESET_PER_ADDRESS, key=client_address(request)):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if rate_limit_hit(rate=PASSWORD_RESET_PER_EMAIL, key=email):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
