from django.core.management.base import BaseCommand

from requests_app.lender_profiles import load_lender_profiles
from requests_app.models import Lender, LenderChannel


class Command(BaseCommand):
    help = "Create the seed lender profiles that are missing. Profiles already present are left as they are."

    def handle(self, *args, **options):
        created = load_lender_profiles(lender_model=Lender, channel_model=LenderChannel)
        self.stdout.write(f"Lender profiles: {created} created, {Lender.objects.count()} in all.")
