"""A sign-up waiting for its e-mail confirmation: the account is created only when the link is opened."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingSignup(models.Model):
    """What a person typed at sign-up, kept until they open the link mailed to them (or it expires).
    The link's token is kept only as its SHA-256 digest, the password only as Django's hash; the mail
    carries the token, never the hash."""

    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    username = models.CharField(_("username"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    password = models.CharField(max_length=128, editable=False)
    consented_at = models.DateTimeField(_("consent given at"))
    next_url = models.CharField(max_length=2000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("sign-up waiting for confirmation")
        verbose_name_plural = _("sign-ups waiting for confirmation")

    def __str__(self):
        return self.username
