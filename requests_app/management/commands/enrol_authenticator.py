"""Give a staff account an authenticator (TOTP) for the admin and print what to put into the app."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from requests_app.services.second_factor import authenticator_enrol


class Command(BaseCommand):
    help = "Enrol an authenticator app (TOTP) for USERNAME; prints the secret and the otpauth:// URI."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        enrolment = authenticator_enrol(user=user)
        self.stdout.write(
            f"Authenticator for {username}: add it to an app (Google Authenticator, 1Password…)"
        )
        self.stdout.write(f"  secret:  {enrolment.secret}")
        self.stdout.write(f"  or scan: {enrolment.provisioning_uri}")
        self.stdout.write("Any earlier authenticator of this account no longer works.")
