"""Sign-up without revealing who has an account (security review F9).

Every sign-up form that passes the checks which depend only on what was typed gets the same answer,
"check your e-mail", and one mail to the address given, which says what happened:
- the name is free: a link that creates the account (valid for PENDING_SIGNUP_LIFETIME, once);
- the name is taken (the same name, ignoring case and width, as the form's normalisation): please sign up
  again with another name;
- the address already has an account: it exists, and here is the password-reset page.
Nothing is created before the link is opened; a name taken in between is said then. At most
SIGNUP_PER_EMAIL mails an hour go to one address (beyond that: the same answer, no mail).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import Enum

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import PendingSignup
from .rate_limits import SIGNUP_PER_EMAIL, rate_limit_hit

#: How long the confirmation link works.
PENDING_SIGNUP_LIFETIME = dt.timedelta(hours=24)
PENDING_SIGNUP_HOURS = int(PENDING_SIGNUP_LIFETIME.total_seconds() // 3600)


class SignupMail(Enum):
    """Which mail a sign-up sent (the visitor's answer is the same for all of them)."""

    CONFIRM = "confirm"
    NAME_TAKEN = "name_taken"
    HAS_ACCOUNT = "has_account"
    NONE = "none"  # the address had its share of mails this hour


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send(*, template: str, email: str, context: dict) -> None:
    subject = render_to_string(f"registration/signup_{template}_subject.txt", context).strip()
    body = render_to_string(f"registration/signup_{template}_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[email]).send()


def pending_signups_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the sign-ups whose link has expired; returns how many."""
    deleted, _by_model = PendingSignup.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def signup_request(*, username: str, email: str, password: str, next_url: str, site_url: str) -> SignupMail:
    """Handle a valid sign-up form (see the module docstring): mail the address what happened, create
    nothing but a pending sign-up. `site_url` (scheme and host) starts the links in the mail; `next_url`
    is where the person goes once the account exists. The password is hashed whatever happens, so the
    answer takes as long for a taken name as for a free one."""
    password_hash = make_password(password)
    pending_signups_purge()
    if rate_limit_hit(rate=SIGNUP_PER_EMAIL, key=email.strip().lower()):
        return SignupMail.NONE
    users = get_user_model().objects
    context = {"username": username, "signup_url": site_url + reverse("signup")}
    if users.filter(email__iexact=email).exists():
        context["reset_url"] = site_url + reverse("password_reset")
        _send(template="has_account", email=email, context=context)
        return SignupMail.HAS_ACCOUNT
    if users.filter(username__iexact=username).exists():
        _send(template="name_taken", email=email, context=context)
        return SignupMail.NAME_TAKEN
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    PendingSignup.objects.create(
        token_digest=_digest(token),
        username=username,
        email=email,
        password=password_hash,
        consented_at=now,
        next_url=next_url,
        expires_at=now + PENDING_SIGNUP_LIFETIME,
    )
    context["confirm_url"] = site_url + reverse("signup_confirm", args=[token])
    context["hours"] = PENDING_SIGNUP_HOURS
    _send(template="confirm", email=email, context=context)
    return SignupMail.CONFIRM


def pending_signup_find(*, token: str) -> PendingSignup | None:
    """The sign-up waiting for the link with `token`, or None when there is none or it has expired."""
    return PendingSignup.objects.filter(token_digest=_digest(token), expires_at__gt=timezone.now()).first()


@dataclass(frozen=True)
class SignupConfirmation:
    """What opening a confirmation link did: `user` is the new account (None when the link is unknown,
    used or expired, or when `name_taken`: someone took the name in between; the sign-up is then gone)."""

    user: object = None
    next_url: str = ""
    name_taken: bool = False


def signup_confirm(*, token: str) -> SignupConfirmation:
    """Create the account of the sign-up with `token`; its link works once (see SignupConfirmation)."""
    User = get_user_model()
    with transaction.atomic():
        pending = (
            PendingSignup.objects.select_for_update()
            .filter(token_digest=_digest(token), expires_at__gt=timezone.now())
            .first()
        )
        if pending is None:
            return SignupConfirmation()
        pending.delete()
        if User.objects.filter(username__iexact=pending.username).exists():
            return SignupConfirmation(name_taken=True)
        user = User(username=pending.username, email=pending.email, password=pending.password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same name, confirmed at the same moment by someone else
            return SignupConfirmation(name_taken=True)
    return SignupConfirmation(user=user, next_url=pending.next_url)
