"""Start the worker's hourly reminder rounds (`make run` does; run it once after deploying)."""

from django.core.management.base import BaseCommand

from requests_app.services.reminders import reminders_rounds_start


class Command(BaseCommand):
    help = "Queue the hourly e-mail reminder round unless one is already waiting."

    def handle(self, *args, **options):
        if reminders_rounds_start():
            self.stdout.write("Reminder rounds queued: the worker sends due reminders every hour.")
        else:
            self.stdout.write("Reminder rounds already queued.")
