"""The forms of a learning brief and of the record of its dissemination to agencies.

The forms only parse answers; reviews.briefs checks and saves them. `add_service_errors` puts the
messages a service raises beside the question they are about.
"""

from django import forms
from django.core.exceptions import ValidationError

from config.form_renderer import GovukForm

from ..models import BriefUse, Dissemination, LearningBrief
from .register import GovukDateField

DATE_HINT = "For example, 27 3 2025"
NOT_USED_YET = ("", "Not used yet")


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form: each message beside its question, or on top."""

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


def _text(label: str, *, hint: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class LearningBriefForm(ServiceErrorsMixin, GovukForm):
    why_it_matters = _text(
        "Why it matters",
        hint="Why practitioners should care about this learning, in a few sentences.",
    )
    reflective_questions = _text(
        "Reflective questions",
        hint="One question per line, for practitioners to discuss in teams and supervision.",
        rows=6,
    )
    partnership_response = _text(
        "The partnership's response",
        hint="What the safeguarding partners have done, or will do, in response to the learning.",
        rows=6,
    )
    issued_on = GovukDateField(
        label="Date the brief was issued to agencies",
        subject="Date the brief was issued",
        required=False,
        help_text=f"Leave blank while the brief is a draft. {DATE_HINT}",
    )

    @staticmethod
    def initial_from(brief: LearningBrief | None) -> dict:
        if brief is None:
            return {}
        return {
            "why_it_matters": brief.why_it_matters,
            "reflective_questions": brief.reflective_questions,
            "partnership_response": brief.partnership_response,
            "issued_on": brief.issued_on,
        }

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class DisseminationForm(ServiceErrorsMixin, GovukForm):
    """`agencies`: the agencies the person may record for (reviews.briefs.recordable_agencies). Any other
    agency sent is refused as an invalid choice."""

    agency = AgencyChoiceField(
        label="Which agency received the brief?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the agency that received the brief",
            "invalid_choice": "Select one of the agencies you may record for",
        },
    )
    received_on = GovukDateField(
        label="Date the agency received the brief",
        subject="Date the agency received the brief",
        help_text=DATE_HINT,
    )
    used_how = forms.ChoiceField(
        label="How did the agency use the brief?",
        choices=[NOT_USED_YET, *BriefUse.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select how the agency used the brief"},
    )
    used_on = GovukDateField(
        label="Date the agency used the brief",
        subject="Date the agency used the brief",
        required=False,
        help_text=f"Leave blank if it has not been used yet. {DATE_HINT}",
    )
    reached = forms.IntegerField(
        label="About how many practitioners did it reach? (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "invalid": "Number of practitioners reached must be a whole number, like 12",
            "min_value": "Number of practitioners reached must be 0 or more",
        },
    )
    notes = _text(
        "Notes (optional)",
        hint="For example, which teams took part. Do not include the names of children, families or staff.",
        rows=3,
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        # One agency to choose from: it is chosen already (an agency lead records for their own).
        if len(agencies) == 1 and not self.is_bound and not self.initial.get("agency"):
            self.initial["agency"] = agencies[0].pk

    @staticmethod
    def initial_from(record: Dissemination) -> dict:
        return {
            "agency": record.agency_id,
            "received_on": record.received_on,
            "used_how": record.used_how,
            "used_on": record.used_on,
            "reached": record.reached,
            "notes": record.notes,
        }

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
