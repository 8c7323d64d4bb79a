"""The admin's second factor: a time-based one-time code (TOTP, RFC 6238) from an authenticator app."""

from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

#: The device's name in the admin (the app shows settings.OTP_TOTP_ISSUER beside the username).
DEVICE_NAME = "authenticator"


@dataclass(frozen=True)
class Enrolment:
    """What the person types or scans into the authenticator app: the base32 secret and the otpauth URI."""

    secret: str
    provisioning_uri: str


def authenticator_enrol(*, user) -> Enrolment:
    """Give `user` a new authenticator (replacing any earlier one) and return what to put into the app.

    The device is confirmed at once: enrolment is done by an administrator on the server, never through
    the web, so whoever runs it hands the secret over in person.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    secret = b32encode(device.bin_key).decode()
    return Enrolment(secret=secret, provisioning_uri=device.config_url)
