"""The filters of the progress dashboard and of the records behind its figures, sent by GET."""

from django import forms
from django.utils import timezone

from actions.choices import Rag, Status
from actions.dashboards.progress import ALL_TIME, FLAGS, LAST_12_MONTHS, THIS_YEAR, YEAR, Figure, Filters
from agencies.models import Agency
from config.form_renderer import GovukForm
from reviews.models import Review, ReviewKind

FIRST_YEAR = 2000


class DashboardFilterForm(GovukForm):
    """Period, review kind and agency. The agencies offered are those whose plans the person may see."""

    period = forms.ChoiceField(
        label="Period",
        help_text="Actions due, completed or verified in the period.",
        choices=[
            (ALL_TIME, "All time"),
            (THIS_YEAR, "This year"),
            (LAST_12_MONTHS, "The last 12 months"),
            (YEAR, "A year"),
        ],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
        error_messages={"invalid_choice": "Choose a period"},
    )
    year = forms.IntegerField(
        label="Year",
        help_text="For example, 2025. Only used with “A year”.",
        required=False,
        min_value=FIRST_YEAR,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the year as a number, like 2025",
            "min_value": f"Enter a year from {FIRST_YEAR}",
        },
    )
    review_kind = forms.ChoiceField(
        label="Kind of review",
        choices=[("", "All kinds"), *ReviewKind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of review from the list"},
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Choose an agency from the list"},
    )

    def __init__(self, data=None, *, agencies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year + 10:
            raise forms.ValidationError("Enter a year no more than 10 years from now")
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == YEAR and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("year", "Enter the year to show")
        return cleaned

    def filters(self) -> Filters:
        """The filters to apply: everything, for all time, when the answers are not valid."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        period = data["period"] or ALL_TIME
        return Filters(
            period=period,
            year=data["year"] if period == YEAR else None,
            review_kind=data["review_kind"],
            agency_id=data["agency"].pk if data["agency"] else None,
        )


FLAG_WORDS = {
    "overdue": "Overdue",
    "long_overdue": "Long overdue",
    "verified_with_impact": "Verified, with evidence of impact",
    "verified_without_impact": "Verified, without evidence of impact",
    "completed_without_verification": "Completed, awaiting verification",
}
PERIOD_WORDS = {THIS_YEAR: "This year", LAST_12_MONTHS: "The last 12 months"}


def described(filter_form: DashboardFilterForm, figure_form: "FigureForm") -> list[tuple[str, str]]:
    """(what, which) for each filter of a valid pair of forms, to say what a list of actions is."""
    data = {**filter_form.cleaned_data, **figure_form.cleaned_data}
    words = []
    if data.get("period") == YEAR and data.get("year"):
        words.append(("Period", f"Due, completed or verified in {data['year']}"))
    elif data.get("period") in PERIOD_WORDS:
        words.append(("Period", f"Due, completed or verified: {PERIOD_WORDS[data['period']].lower()}"))
    if data.get("review_kind"):
        words.append(("Kind of review", ReviewKind(data["review_kind"]).label))
    if data.get("agency"):
        words.append(("Agency", str(data["agency"])))
    if data.get("review"):
        words.append(("Review", data["review"].reference))
    if data.get("status"):
        words.append(("Status", Status(data["status"]).label))
    if data.get("rag"):
        words.append(("RAG rating", Rag(data["rag"]).label))
    for flag in FLAGS:
        if data.get(flag):
            words.append(("Which", FLAG_WORDS[flag]))
    if data.get("verified_month"):
        words.append(("Verified in", data["verified_month"].strftime("%B %Y")))
    return words


class FigureForm(forms.Form):
    """Which records a figure stands for: read from the links the dashboard makes, never typed in."""

    review = forms.ModelChoiceField(queryset=Review.objects.none(), required=False)
    status = forms.ChoiceField(choices=[("", ""), *Status.choices], required=False)
    rag = forms.ChoiceField(choices=[("", ""), *Rag.choices], required=False)
    verified_month = forms.DateField(input_formats=["%Y-%m"], required=False)

    def __init__(self, data=None, *, reviews, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["review"].queryset = reviews
        for flag in FLAGS:
            self.fields[flag] = forms.BooleanField(required=False)

    def figure(self) -> Figure:
        """The figure's own filters (its agency is one of the dashboard's filters)."""
        data = self.cleaned_data
        return Figure(
            review_id=data["review"].pk if data["review"] else None,
            status=data["status"],
            rag=data["rag"],
            flags=tuple(flag for flag in FLAGS if data[flag]),
            verified_month=data["verified_month"],
        )
