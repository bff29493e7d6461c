"""The question asked to record one of a review's statutory dates: which date, the day, and a reason.

The fields are named after the keyword arguments of `statutory_date_record`, so its errors land beside
the question they are about.
"""

from django import forms
from django.core.exceptions import ValidationError

from config.form_renderer import GovukForm

from .. import statutory_dates
from ..models import Review
from .register import GovukDateField


class StatutoryDateForm(GovukForm):
    field = forms.ChoiceField(
        label="Which date are you recording?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which date to record",
            "invalid_choice": "Choose which date to record",
        },
    )
    on = GovukDateField(label="Date", subject="Date", help_text="For example, 27 3 2024")
    reason = forms.CharField(
        label="Reason",
        required=False,
        help_text="Needed to change a date already recorded, and for a decision not to publish.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (name, self._choice_label(review, name)) for name in statutory_dates.recordable_fields(review)
        ]

    @staticmethod
    def _choice_label(review: Review, name: str) -> str:
        label = statutory_dates.date_label(name)
        recorded = getattr(review, name)
        return f"{label} (recorded: {recorded:%-d %B %Y})" if recorded else label

    @classmethod
    def initial_for(cls, review: Review, field: str | None) -> dict:
        """The date chosen by a "Change" link, with the day recorded for it."""
        if field not in statutory_dates.recordable_fields(review):
            return {}
        initial = {"field": field, "on": getattr(review, field)}
        if field == "not_published_on":
            initial["reason"] = review.not_published_reason
        return {name: value for name, value in initial.items() if value}

    def add_service_errors(self, error: ValidationError) -> None:
        """Each message of the service's ValidationError beside its question, or on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("field", "on", "reason")}
