from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


def _consent_label():
    link = format_html('<a href="{}">{}</a>', reverse("requests_app:privacy"), _("privacy notice"))
    text = _(
        "I agree that the personal data I enter is processed to prepare my request, as the %(link)s explains (PIPL)."
    )
    return mark_safe(conditional_escape(text) % {"link": link})  # noqa: S308 - the text is escaped, the link built safely


class SignupForm(UserCreationForm):
    """A username, an e-mail for password resets, a password twice, and the PIPL consent."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Only used to reset your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        required=True,
        error_messages={"required": _("Please agree to the processing of your data to create an account.")},
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _("Letters, digits and @/./+/-/_ only. No real name needed.")
        self.fields["consent"].label = _consent_label()
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
