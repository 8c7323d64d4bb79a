"""`render_plan <public_id> [--lang zh-hans|en] [-o FILE.pdf]`: write a case's letter and plan as a PDF."""

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from requests_app.models import Case
from requests_app.services import pdf
from requests_app.services.letter_language import resolve_language


class Command(BaseCommand):
    help = "Render a case's letter and repayment plan as a PDF (the same file the download gives)."

    def add_arguments(self, parser):
        parser.add_argument("public_id", help="The case's public id (as in its URL).")
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in Case.Language.choices],
            help="Language of the letter (default: the case's letter language).",
        )
        parser.add_argument(
            "-o",
            "--output",
            help="Where to write the PDF (default: the download's file name, in the current directory).",
        )

    def handle(self, *args, public_id, lang=None, output=None, **options):
        try:
            key = uuid.UUID(public_id)
        except ValueError as exc:
            raise CommandError(f"Not a case id: {public_id}") from exc
        case = (
            Case.objects.select_related("lender", "owner", "owner__account_profile")
            .prefetch_related(
                "lender__channels",
                "lender__programmes",
                "payments",
                "contacts",
                "plan_versions",
                "evidence_files",
            )
            .filter(public_id=key)
            .first()
        )
        if case is None:
            raise CommandError(f"No case with the id {public_id}.")
        language = resolve_language(case, lang)
        path = Path(output or pdf.plan_pdf_filename(case=case, language=language)[0])
        data = pdf.render_plan_pdf(case=case, language=language)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stdout.write(f"{path} ({len(data) // 1024} KB, {language})")
