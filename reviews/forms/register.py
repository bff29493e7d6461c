"""The questions asked when a serious incident notification is registered."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from config.form_renderer import GovukForm

from .. import registration
from ..models import Review, ReviewKind

DATE_PARTS = ("day", "month", "year")


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in one fieldset.

    Its parts are named <name>_day, <name>_month and <name>_year; their ids are <id>_0, <id>_1 and
    <id>_2, so the error summary's link to <id>_0 lands on the day.
    """

    template_name = "reviews/register/date_input.html"
    part_labels = {
        "day": ("Day", "govuk-input--width-2"),
        "month": ("Month", "govuk-input--width-2"),
        "year": ("Year", "govuk-input--width-4"),
    }

    def __init__(self, attrs=None):
        super().__init__(
            {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}, attrs
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = [str(part or "").strip() for part in value] if isinstance(value, list | tuple) else []
        # A date with only some parts typed in is wrong in the parts left out: GOV.UK highlights just those.
        partly_typed = any(typed) and not all(typed)
        for index, (part, subwidget) in enumerate(
            zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True)
        ):
            subwidget["label"], subwidget["width_class"] = self.part_labels[part]
            if partly_typed and typed[index]:
                subwidget["attrs"] = {k: v for k, v in subwidget["attrs"].items() if k != "aria-invalid"}
        return context


class GovukDateField(forms.Field):
    """A date typed in three boxes, with the GOV.UK error messages for each way it can be wrong."""

    widget = GovukDateInput

    def __init__(self, *, subject: str, **kwargs):
        # `subject` starts each message: "Date of the serious incident must be a real date".
        self.subject = subject
        kwargs.setdefault("error_messages", {}).setdefault("required", f"Enter the {subject.lower()}")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        parts = [str(part or "").strip() for part in (value or [])] + ["", "", ""]
        day, month, year = parts[:3]
        if not (day or month or year):
            return None
        missing = [name for name, part in zip(DATE_PARTS, (day, month, year), strict=True) if not part]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self.subject} must be a real date", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None


def _date_field(label: str, *, required: bool = True, hint: str = "For example, 27 3 2024") -> GovukDateField:
    return GovukDateField(label=label, subject=label, required=required, help_text=hint)


class NotificationForm(GovukForm):
    """The answers that register a review. The partnership question is asked only when there is a choice.

    Valid answers are also valid for the model: its constraints (a unique reference, dates in order)
    are checked here, each message shown beside the answer it is about.
    """

    partnership = forms.ModelChoiceField(
        queryset=None,
        label="Which partnership is the notification for?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the partnership", "invalid_choice": "Choose the partnership"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=Review._meta.get_field("reference").max_length,
        help_text="Your partnership's own reference, for example RR-2024-07. Each review needs its own.",
        error_messages={"required": "Enter a reference"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label="What kind of review is it?",
        choices=ReviewKind.choices,
        initial=ReviewKind.RAPID_REVIEW,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of review",
            "invalid_choice": "Choose the kind of review",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=Review._meta.get_field("title").max_length,
        help_text="A short title for the register, without identifying details.",
        error_messages={"required": "Enter a title"},
    )
    pseudonym = forms.CharField(
        label="Pseudonym of the child (optional)",
        required=False,
        max_length=Review._meta.get_field("pseudonym").max_length,
        help_text="For example, Child SB. Never a real name, and never the initials of a real name.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    incident_on = _date_field("Date of the serious incident")
    aware_on = _date_field("Date the local authority became aware")
    notified_on = _date_field(
        "Date notified to the national Panel (optional)",
        required=False,
        hint="Leave this blank if the notification has not been sent yet. For example, 27 3 2024",
    )
    background = forms.CharField(
        label="Background (optional)",
        required=False,
        help_text="Why the review is taking place. Do not include names, addresses or dates of birth.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, partnerships, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.partnerships = list(partnerships)
        if len(self.partnerships) == 1:
            # Nothing to choose: the one partnership is taken as the answer.
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships

    @property
    def asks_partnership(self) -> bool:
        return "partnership" in self.fields

    @property
    def kind_label(self) -> str:
        return ReviewKind(self.cleaned_data["kind"]).label

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        try:
            registration.review_build(**self.answers())
        except PermissionDenied:
            self.add_error(None, "You can no longer register reviews for this partnership.")
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned_data

    def answers(self) -> dict:
        """The keyword arguments of registration.review_register, from valid answers."""
        data = self.cleaned_data
        answers = {name: data[name] for name in self.fields if name != "partnership"}
        answers["partnership"] = data["partnership"] if self.asks_partnership else self.partnerships[0]
        answers["by"] = self.user
        return answers

    def session_answers(self) -> dict:
        """What is kept between the question page and the check page: ids, choices, dates, typed text."""
        answers = self.answers()
        kept = {name: value for name, value in answers.items() if name not in ("partnership", "by")}
        for name, value in kept.items():
            if isinstance(value, datetime.date):
                kept[name] = value.isoformat()
        kept["partnership"] = answers["partnership"].pk
        return kept

    @staticmethod
    def initial_from_session(kept: dict) -> dict:
        """The kept answers as initial values, to change an answer on the question page."""
        initial = dict(kept)
        for name, value in kept.items():
            if name.endswith("_on") and value:
                initial[name] = datetime.date.fromisoformat(value)
        return initial

    @staticmethod
    def data_from_session(kept: dict) -> dict:
        """The kept answers as the question page would post them, to check them again before saving."""
        data = {}
        for name, value in kept.items():
            if name.endswith("_on"):
                day, month, year = (
                    GovukDateInput().decompress(datetime.date.fromisoformat(value)) if value else ("", "", "")
                )
                data |= {f"{name}_day": day or "", f"{name}_month": month or "", f"{name}_year": year or ""}
            else:
                data[name] = value
        return data
