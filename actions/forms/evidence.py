"""The form that attaches evidence to an action: a checked file or a link, for completion or impact.

The form only parses answers; actions.services.evidence_add checks the file by its content and saves.
Radios with conditional questions (GOV.UK "conditional reveal") are listed in `reveals`; the page
renders them with templates/actions/evidence/radios_with_reveals.html.
"""

from dataclasses import dataclass

from django import forms

from config.form_renderer import GovukForm
from reviews.forms.content import ServiceErrorsMixin
from reviews.forms.register import GovukDateField

from ..evidence_files import format_size
from ..models import Evidence, EvidencePurpose

ACCEPTED_FILES_HINT = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG, up to {size}"


class Source:
    """How the evidence is given: an uploaded file or a link to where it is kept."""

    FILE = "file"
    LINK = "link"
    CHOICES = [(FILE, "Upload a file"), (LINK, "Give a link")]


@dataclass(frozen=True)
class RevealedOption:
    option: object  # a BoundWidget of the radios
    revealed: list  # the bound fields shown when this option is chosen
    conditional_id: str


class RevealsMixin:
    """Radios whose options reveal further questions: {radios field: {option value: (field names)}}."""

    reveals: dict[str, dict[str, tuple[str, ...]]] = {}

    @property
    def revealed_options(self) -> dict[str, list[RevealedOption]]:
        return {
            name: [
                RevealedOption(
                    option,
                    [self[field] for field in options.get(str(option.data["value"]), ())],
                    f"conditional-{option.id_for_label}",
                )
                for option in self[name]
            ]
            for name, options in self.reveals.items()
        }

    def drop_hidden_answers(self, data: dict) -> None:
        """Forget the answers, and their errors, of questions that the chosen options keep hidden."""
        for name, options in self.reveals.items():
            chosen = str(data.get(name, ""))
            for value, fields in options.items():
                if str(value) != chosen:
                    for field in fields:
                        self._errors.pop(field, None)
                        data.pop(field, None)


class EvidenceForm(RevealsMixin, ServiceErrorsMixin, GovukForm):
    reveals = {
        "purpose": {EvidencePurpose.IMPACT: ("recheck_on",)},
        "source": {"file": ("upload",), "link": ("link",)},
    }

    purpose = forms.ChoiceField(
        label="What does the evidence show?",
        choices=EvidencePurpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether it is evidence of completion or of impact",
            "invalid_choice": "Choose whether it is evidence of completion or of impact",
        },
    )
    recheck_on = GovukDateField(
        label="Re-check the impact on",
        subject="Date to re-check the impact",
        required=False,
        help_text="When to look again at whether practice has changed. For example, 27 3 2027",
    )
    title = forms.CharField(
        label="Title",
        max_length=Evidence._meta.get_field("title").max_length,
        help_text="For example, Audit of neglect assessments, quarter 2",
        error_messages={
            "required": "Enter a title for the evidence",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        help_text="For evidence of impact: the audit, survey or outcome measure, and what it found.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.ChoiceField(
        label="How are you giving the evidence?",
        choices=Source.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to upload a file or give a link",
            "invalid_choice": "Choose whether to upload a file or give a link",
        },
    )
    upload = forms.FileField(
        label="File",
        required=False,
        widget=forms.FileInput,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )
    link = forms.URLField(
        label="Link",
        required=False,
        max_length=Evidence._meta.get_field("link").max_length,
        assume_scheme="https",
        help_text="Where the evidence is kept, for example https://intranet.example.org/audit-q2",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter a link in the right format, like https://intranet.example.org/audit-q2",
            "max_length": "The link must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, max_bytes: int, upload_too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.upload_too_big = upload_too_big
        self.fields["upload"].help_text = ACCEPTED_FILES_HINT.format(size=format_size(max_bytes))

    def clean(self):
        data = super().clean()
        self.drop_hidden_answers(data)
        impact = data.get("purpose") == EvidencePurpose.IMPACT
        if impact and not data.get("recheck_on") and "recheck_on" not in self.errors:
            self.add_error("recheck_on", "Enter the date to re-check the impact")
        source = data.get("source")
        if source == Source.FILE and not data.get("upload") and "upload" not in self.errors:
            # The file was dropped while it arrived because it passed the limit (see the view).
            self.add_error(
                "upload",
                f"The selected file must be smaller than {format_size(self.max_bytes)}"
                if self.upload_too_big
                else "Select a file",
            )
        if source == Source.LINK and not data.get("link") and "link" not in self.errors:
            self.add_error("link", "Enter a link to the evidence")
        return data

    def answers(self) -> dict:
        """The service's arguments. Only the chosen way of giving the evidence counts: what was typed in a
        question hidden by the other choice is ignored, as GOV.UK conditional questions are."""
        data = self.cleaned_data
        impact = data["purpose"] == EvidencePurpose.IMPACT
        by_file = data["source"] == Source.FILE
        return {
            "purpose": data["purpose"],
            "title": data["title"],
            "description": data["description"],
            "recheck_on": data.get("recheck_on") if impact else None,
            "upload": data.get("upload") if by_file else None,
            "link": "" if by_file else data.get("link", ""),
        }
