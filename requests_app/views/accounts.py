from django.contrib.auth import login
from django.contrib.auth.views import PasswordResetView, RedirectURLMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from ..forms.accounts import SignupForm
from ..services.login_throttle import client_address
from ..services.rate_limits import (
    PASSWORD_RESET_PER_ADDRESS,
    PASSWORD_RESET_PER_EMAIL,
    SIGNUP_PER_ADDRESS,
    rate_limit_hit,
)
from ..services.signup import PENDING_SIGNUP_HOURS, pending_signup_find, signup_confirm, signup_request


def too_many_requests(request):
    """429 with a page that says to wait, for the sign-up and password-reset limits."""
    return render(request, "registration/too_many_requests.html", status=429)


class SignupView(RedirectURLMixin, FormView):
    """Sign up (with the PIPL consent). A valid form always gets the same "check your e-mail" page,
    whether the name or the address already has an account: the mail says which (services.signup)."""

    template_name = "registration/signup.html"
    form_class = SignupForm
    next_page = reverse_lazy("requests_app:case_create")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("requests_app:case_list")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if rate_limit_hit(rate=SIGNUP_PER_ADDRESS, key=client_address(request)):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        signup_request(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            next_url=self.get_redirect_url(),
            site_url=self.request.build_absolute_uri("/").rstrip("/"),
        )
        return render(
            self.request,
            "registration/signup_sent.html",
            {"email": data["email"], "hours": PENDING_SIGNUP_HOURS},
        )


def _link_invalid(request, *, name_taken=False):
    """The confirmation link is used up or too old (410), or the name was taken meanwhile (409)."""
    context = {"name_taken": name_taken, "hours": PENDING_SIGNUP_HOURS}
    return render(
        request, "registration/signup_link_invalid.html", context, status=409 if name_taken else 410
    )


class SignupConfirmView(View):
    """The link mailed at sign-up: a page with one button that creates the account (a link that did it on
    opening would be used up by mail scanners that open links), then logs the person in and goes on to
    their first request. The token never leaves this page's URL and its form."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("requests_app:case_list")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        pending = pending_signup_find(token=token)
        if pending is None:
            return _link_invalid(request)
        return render(request, "registration/signup_confirm.html", {"username": pending.username})

    def post(self, request, token):
        confirmation = signup_confirm(token=token)
        if confirmation.name_taken:
            return _link_invalid(request, name_taken=True)
        if confirmation.user is None:
            return _link_invalid(request)
        login(request, confirmation.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(confirmation.next_url or reverse("requests_app:case_create"))


class PrivacyView(TemplateView):
    """What personal data the product keeps, why, for how long, and the person's rights under PIPL."""

    template_name = "requests_app/privacy.html"
    extra_context = {"hours": PENDING_SIGNUP_HOURS}


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
