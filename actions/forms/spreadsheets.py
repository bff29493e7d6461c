"""The upload form of a spreadsheet import. It only parses; actions.imports checks the file and stores it."""

from django import forms
from django.conf import settings

from config.form_renderer import GovukForm
from reviews.forms.content import ServiceErrorsMixin

NO_DEFAULT_AGENCY = ("", "None: every row names its lead agency")


class ImportUploadForm(ServiceErrorsMixin, GovukForm):
    upload = forms.FileField(
        label="Upload a spreadsheet",
        help_text=(
            f"An Excel workbook (.xlsx) or a CSV file, smaller than "
            f"{settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={
            "required": "Select a spreadsheet to import",
            "empty": "The selected file is empty",
            "invalid": "Select a spreadsheet to import",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    agency = forms.ChoiceField(
        label="Agency for rows with a blank lead agency",
        help_text="Rows that name their lead agency join that agency's plan.",
        required=False,
        error_messages={"invalid_choice": "Choose an agency you may import actions for"},
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(agency.pk): agency for agency in agencies}
        if len(self.agencies) > 1:
            self.fields["agency"].choices = [
                NO_DEFAULT_AGENCY,
                *((pk, agency.name) for pk, agency in self.agencies.items()),
            ]
        else:
            del self.fields["agency"]

    service_fields = {"file": "upload"}

    def answers(self) -> dict:
        chosen = self.cleaned_data.get("agency")
        if "agency" in self.fields:
            agency = self.agencies.get(chosen) if chosen else None
        else:
            agency = next(iter(self.agencies.values()), None)
        return {"upload": self.cleaned_data["upload"], "agency": agency}
