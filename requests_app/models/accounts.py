"""What a borrower keeps with their account beside the log-in itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The longest "name on letters": a name, not a paragraph (Chinese names are 2–4 characters, long
#: transliterated names rarely pass 40).
LETTER_NAME_MAX_LENGTH = 60


class AccountProfile(models.Model):
    """The borrower's own settings: `letter_name` is the applicant's name printed on every letter (optional;
    never the username). Deleted with the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_profile",
        verbose_name=_("user"),
    )
    letter_name = models.CharField(
        _("name on letters"),
        max_length=LETTER_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Printed as the applicant on letters. Empty: the letter leaves a line to sign by hand."),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("account profile")
        verbose_name_plural = _("account profiles")

    def __str__(self):
        return str(self.user)
