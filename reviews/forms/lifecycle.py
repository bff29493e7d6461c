"""The questions asked when a review changes stage, its decision is recorded, a rapid review is converted
into an LCSPR, or a review closes. Each form's fields are named after the service's keyword arguments,
so the service's errors land beside the question they are about."""

from django import forms
from django.core.exceptions import ValidationError

from config.form_renderer import GovukForm

from .. import lifecycle
from ..models import Decision, Review, Stage
from .register import GovukDateField

# Posted by the check page's buttons, never answers.
NOT_ANSWERS = ("csrfmiddlewaretoken", "confirm", "change", "skips_asked")


def _date(label: str, *, required: bool = True, hint: str = "For example, 27 3 2024") -> GovukDateField:
    return GovukDateField(label=label, subject=label, required=required, help_text=hint)


def _text(label: str, *, required: bool = True, hint: str = "", message: str = "", rows: int = 5):
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message or f"Enter the {label.lower()}"},
    )


class LifecycleForm(GovukForm):
    def add_service_errors(self, error: ValidationError) -> None:
        """Each message of a lifecycle service's ValidationError beside its question, or on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}

    def posted_answers(self) -> list[tuple[str, str]]:
        """The answers as posted, for the check page to post again with its confirm button."""
        return [
            (name, value) for name, values in self.data.lists() if name not in NOT_ANSWERS for value in values
        ]


class StageChangeForm(LifecycleForm):
    """The stage the review moves to, when, and why.

    A move that skips stages of the review's kind is asked about twice: once the stage is chosen the page
    comes back with one question per skipped stage (`asking_skip_reasons`), as each needs its reason.
    """

    to_stage = forms.ChoiceField(
        label="Which stage does the review move to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the stage", "invalid_choice": "Choose the stage"},
    )
    on = _date("Date the review entered the stage")
    rationale = _text(
        "Rationale",
        required=False,
        hint="Needed when the review moves back to an earlier stage or skips a stage.",
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        current = lifecycle.stage_position(review.status)
        choices = []
        for stage in lifecycle.stage_choices(review):
            label = stage.label
            if lifecycle.stage_position(stage) < current:
                label += " (back)"
            elif lifecycle.stages_between(review.kind, review.status, stage):
                label += " (skips a stage)"
            choices.append((stage.value, label))
        self.fields["to_stage"].choices = choices
        next_stage = lifecycle.next_stage(review)
        if next_stage and next_stage != Stage.CLOSED:
            self.fields["to_stage"].initial = next_stage.value
        self.skipped = self._skipped()
        for stage in self.skipped:
            self.fields[f"skip_{stage}"] = _text(
                f"Why is {stage.label.lower()} skipped?",
                required=False,
                rows=3,
            )

    def _skipped(self) -> list[Stage]:
        chosen = self.data.get("to_stage") if self.is_bound else None
        allowed = dict(self.fields["to_stage"].choices)
        if chosen not in allowed:
            return []
        if lifecycle.stage_position(chosen) < lifecycle.stage_position(self.review.status):
            return []
        return lifecycle.stages_between(self.review.kind, self.review.status, chosen)

    @property
    def skips_key(self) -> str:
        return ",".join(self.skipped)

    @property
    def asking_skip_reasons(self) -> bool:
        """True when stages are skipped and their questions were not on the page that was posted."""
        return bool(self.skipped) and self.data.get("skips_asked") != self.skips_key

    def skip_fields(self):
        return [self[f"skip_{stage}"] for stage in self.skipped]

    def main_fields(self):
        return [self[name] for name in ("to_stage", "on", "rationale")]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "to_stage": data["to_stage"],
            "on": data["on"],
            "rationale": data["rationale"],
            "skip_reasons": {stage: data[f"skip_{stage}"] for stage in self.skipped},
        }


class DecisionForm(LifecycleForm):
    decision = forms.ChoiceField(
        label="What did the partnership decide?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision", "invalid_choice": "Choose the decision"},
    )
    on = _date("Date of the decision")
    rationale = _text(
        "Rationale for the decision",
        hint="Why the criteria for a local child safeguarding practice review are, or are not, met.",
        message="Give the rationale for the decision",
    )
    panel_informed_on = _date(
        "Date the national Panel was told of the decision (optional)",
        required=False,
        hint="Leave this blank if the Panel has not been told yet. For example, 27 3 2024",
    )

    @staticmethod
    def initial_from(review: Review) -> dict:
        return {
            "decision": review.decision or None,
            "on": review.decision_on,
            "rationale": review.decision_rationale,
            "panel_informed_on": review.panel_informed_on,
        }


class ConvertForm(LifecycleForm):
    reference = forms.CharField(
        label="Reference of the LCSPR",
        max_length=Review._meta.get_field("reference").max_length,
        help_text="Your partnership's own reference for the new review, for example LCSPR-2024-03.",
        error_messages={"required": "Enter a reference for the LCSPR"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    title = forms.CharField(
        label="Title of the LCSPR (optional)",
        required=False,
        max_length=Review._meta.get_field("title").max_length,
        help_text="Leave this blank to keep the rapid review's title.",
    )
    on = _date("Date the LCSPR was commissioned")
    rationale = _text(
        "Why does the rapid review become an LCSPR?",
        message="Explain why the rapid review becomes an LCSPR",
    )


class CloseForm(LifecycleForm):
    on = _date("Date the review closed")
    rationale = _text(
        "Closure rationale",
        hint="What the review achieved, and why nothing more needs to be done under it.",
        message="Give the closure rationale",
    )
