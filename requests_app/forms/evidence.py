"""The upload of one proof: which checklist item it is, and the file (from the camera or from files)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Case

# What the phone offers in its picker: photos (HEIC straight from an iPhone) and PDFs. The server decides the
# type from the content whatever the picker allowed.
ACCEPT_FILES = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf,.pdf"
ACCEPT_PHOTOS = "image/jpeg,image/png,image/heic,image/heif,.heic,.heif"


class EvidenceUploadForm(forms.Form):
    """The item and the file; what the file is and whether it is kept is decided by services.evidence."""

    item = forms.ChoiceField(
        label=_("Which document is it?"),
        choices=[("", _("Choose the document")), *Case.Evidence.choices],
        error_messages={
            "required": _("Choose which document of the list this file is."),
            "invalid_choice": _("Choose which document of the list this file is."),
        },
    )
    file = forms.FileField(
        label=_("Choose a photo or PDF"),
        required=False,
        allow_empty_file=True,  # an empty file gets the service's own message
        widget=forms.FileInput(attrs={"accept": ACCEPT_FILES}),
    )
    photo = forms.FileField(
        label=_("Take a photo"),
        required=False,
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ACCEPT_PHOTOS, "capture": "environment"}),
    )

    def __init__(self, *args, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].max_length = None  # the name is checked (and never kept) by the service
        self.fields["photo"].max_length = None
        if case is not None and case.evidence:
            # The documents the borrower said they hold come first.
            held = [choice for choice in Case.Evidence.choices if choice[0] in case.evidence]
            rest = [choice for choice in Case.Evidence.choices if choice[0] not in case.evidence]
            self.fields["item"].choices = [("", _("Choose the document")), *held, *rest]

    def clean(self):
        cleaned = super().clean()
        chosen = [upload for upload in (cleaned.get("file"), cleaned.get("photo")) if upload is not None]
        if not chosen and not self.has_error("file"):
            self.add_error("file", _("Choose a photo or a PDF to upload."))
        elif len(chosen) > 1:
            self.add_error("file", _("Upload one file at a time."))
        cleaned["upload"] = chosen[0] if len(chosen) == 1 else None
        return cleaned
