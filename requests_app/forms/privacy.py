from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.accounts import LETTER_NAME_MAX_LENGTH
from ..services.formatting import neutralise_bidi
from ..services.letter_name import letter_name_clean


class AccountDeleteForm(forms.Form):
    """Deleting an account cannot be undone, so the person confirms with their password."""

    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_(
            "I understand that my cases, plans, contact history and uploaded documents are deleted for good."
        )
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


class LetterNameForm(forms.Form):
    """The name printed as the applicant on letters (services.letter_name). Shown back with any
    bidirectional control removed, so a rejected value never echoes one."""

    letter_name = forms.CharField(
        label=_("Name on letters"),
        required=False,
        strip=False,
        help_text=_(
            "Printed as the applicant on every letter, for example 张三. Leave it empty and the letter "
            "leaves a line to sign by hand; your username is never printed."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": LETTER_NAME_MAX_LENGTH}),
    )

    def clean_letter_name(self):
        value = self.cleaned_data["letter_name"]
        try:
            return letter_name_clean(value)
        except forms.ValidationError:
            # Shown back without bidirectional controls, so the page never echoes one.
            data = self.data.copy()
            data[self.add_prefix("letter_name")] = neutralise_bidi(value)
            self.data = data
            raise
