from django.core.management.base import BaseCommand

from requests_app.lender_profiles import load_lender_profiles, load_lender_programmes
from requests_app.models import Lender, LenderChannel, LenderProgramme


class Command(BaseCommand):
    help = "Create the seed lender profiles that are missing. Profiles and programmes already present are left as they are."

    def handle(self, *args, **options):
        created = load_lender_profiles(lender_model=Lender, channel_model=LenderChannel)
        self.stdout.write(f"Lender profiles: {created} created, {Lender.objects.count()} in all.")
        programmes = load_lender_programmes(lender_model=Lender, programme_model=LenderProgramme)
        self.stdout.write(
            f"Lender programmes: {programmes} created, {LenderProgramme.objects.count()} in all."
        )
