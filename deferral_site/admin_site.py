"""The admin site: a second factor for everyone who can read cases, and no case-number shortcut."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.services.access import second_factor_required

ENROL_COMMAND = "manage.py enrol_authenticator"


class SecondFactorAuthenticationForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username and password, then, for accounts that can read cases, the code from the authenticator app."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _("That code is not right or has expired. Enter the code the app shows now."),
        "n_failed_attempts": _("Too many wrong codes. Wait %(time)s seconds and try again."),
        "verification_not_allowed": _("Codes cannot be checked right now. Try again in a minute."),
    }

    def _chosen_device(self, user):
        # One authenticator per account (enrolment replaces the old one), so there is nothing to choose.
        return TOTPDevice.objects.filter(user=user, confirmed=True).first()

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and second_factor_required(user):
            if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                raise forms.ValidationError(
                    _(
                        "Counselors confirm a code from an authenticator app to enter the review desk, "
                        "and this account has none yet. Ask an administrator to enrol one "
                        "(%(command)s %(username)s)."
                    ),
                    code="second_factor_not_enrolled",
                    params={"command": ENROL_COMMAND, "username": user.get_username()},
                )
            self.clean_otp(user)
        return cleaned


def _case_safe_shortcut(request, content_type_id, object_id):
    # Django's "view on site" redirect answers any staff account; only those who may view the object may
    # learn where it lives (the case's public id).
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404
    if model_admin.view_on_site is False:
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)


class ReviewDeskAdminSite(admin.AdminSite):
    login_form = SecondFactorAuthenticationForm
    login_template = "admin/login_second_factor.html"

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        return not second_factor_required(user) or user.is_verified()

    def get_urls(self):
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<path:content_type_id>/<path:object_id>/",
                    self.admin_view(_case_safe_shortcut),
                    name="view_on_site",
                )
        return urls
