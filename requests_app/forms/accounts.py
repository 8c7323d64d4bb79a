from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables


def _consent_label():
    link = format_html('<a href="{}">{}</a>', reverse("requests_app:privacy"), _("privacy notice"))
    text = _(
        "I agree that the personal data I enter is processed to prepare my request, as the %(link)s explains (PIPL)."
    )
    return mark_safe(conditional_escape(text) % {"link": link})  # noqa: S308 - the text is escaped, the link built safely


class SignupForm(forms.Form):
    """A username, an e-mail (the sign-up is confirmed there, and password resets go there), a password
    twice, and the PIPL consent. Only checks that depend on what was typed are made here: whether the
    name or the address already has an account is said by e-mail only (services.signup)."""

    username = UsernameField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "We send a link there to finish creating your account, and password resets if you need them."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        required=True,
        error_messages={"required": _("Please agree to the processing of your data to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _("Letters, digits and @/./+/-/_ only. No real name needed.")
        self.fields["consent"].label = _consent_label()

    @sensitive_variables("password1", "password2")
    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    SetPasswordMixin.error_messages["password_mismatch"], code="password_mismatch"
                ),
            )
        elif password2:
            # The rules (length, common, all digits, too close to the name or address) on an account that
            # is not looked up: they depend on what was typed only.
            user = get_user_model()(username=cleaned.get("username") or "", email=cleaned.get("email") or "")
            try:
                password_validation.validate_password(password2, user)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned
