"""The filters of the review register: kind, stage, year and theme.

The FilterSet is given the reviews a person may see and only ever narrows them. A review's year is the
year it was notified to the national Panel, or the year it was entered in the register while the
notification is still to be sent.
"""

import django_filters
from django import forms
from django.db.models.functions import Coalesce, ExtractYear

from config.form_renderer import GovukForm

from .models import Finding, ReviewKind, Stage, Theme


class RegisterFilterForm(GovukForm):
    """GOV.UK markup for the filter fields; the register page supplies the form element and button."""


def register_year(review_path: str = "") -> Coalesce:
    """The year the register files a review under: the year it was notified, or the year it was entered
    while the notification is still to be sent. `review_path` reaches the review from another model
    ("review__")."""
    return Coalesce(ExtractYear(f"{review_path}notified_on"), ExtractYear(f"{review_path}created_at"))


def with_register_year(reviews):
    """Annotate each review with `register_year`, the year the register files it under."""
    return reviews.annotate(register_year=register_year())


def _small_checkboxes():
    return forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"})


class ReviewRegisterFilter(django_filters.FilterSet):
    """Give it `with_register_year(reviews)` and the request (the theme filter asks whose findings)."""

    kind = django_filters.MultipleChoiceFilter(
        label="Kind of review",
        choices=ReviewKind.choices,
        widget=_small_checkboxes(),
        error_messages={"invalid_choice": "Choose kinds of review from the list"},
    )
    stage = django_filters.MultipleChoiceFilter(
        field_name="status",
        label="Stage",
        choices=Stage.choices,
        widget=_small_checkboxes(),
        error_messages={"invalid_choice": "Choose stages from the list"},
    )
    year = django_filters.ChoiceFilter(
        field_name="register_year",
        label="Year",
        help_text="The year notified, or entered in the register if not notified yet.",
        choices=[],
        empty_label="Any year",
        error_messages={"invalid_choice": "Choose a year from the list"},
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme of a finding",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        method="filter_theme",
        empty_label="Any theme",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )

    class Meta:
        form = RegisterFilterForm
        fields = ()  # all declared above

    def __init__(self, data=None, queryset=None, *, request, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # Offer only the years the person has reviews in; one query, however many reviews.
        years = self.queryset.order_by().values_list("register_year", flat=True).distinct()
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in sorted(years, reverse=True)]

    def filter_theme(self, queryset, name, theme):
        # Only findings the person may see count: a theme must not reveal a finding kept from them.
        findings = Finding.objects.visible_to(self.request.user).filter(themes=theme)
        return queryset.filter(pk__in=findings.values("review_id"))

    def selected(self, query_dict) -> list[dict]:
        """The filters in use, each value with the query that removes it (the page number is dropped)."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # cleaned_data then holds only the values that passed
        selected = []
        for name, value in self.form.cleaned_data.items():
            values = [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]
            if not values:
                continue
            field = self.form.fields[name]
            items = []
            for v in values:
                label, raw = _label_and_raw(field, v)
                remaining = query_dict.copy()
                remaining.pop("page", None)
                remaining.setlist(name, [kept for kept in remaining.getlist(name) if kept != raw])
                items.append({"label": label, "remove_query": remaining.urlencode()})
            selected.append({"heading": field.label, "items": items})
        return selected


def _label_and_raw(field, value) -> tuple[str, str]:
    """How a filter value reads on the page, and how it is spelt in the query string."""
    if isinstance(value, Theme):
        return value.name, value.slug
    labels = {str(key): label for key, label in field.choices}
    return str(labels.get(str(value), value)), str(value)
