"""Timeliness and themes dashboards: figures counted over the reviews each person may see.

Both pages only read. Each table downloads as CSV (`?format=csv&table=<slug>`), the whole page as XLSX
(`?format=xlsx`), with the filters in use.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import AccessEvent, Partnership
from agencies.services import access_record
from config.form_renderer import GovukForm
from reviews.models import ReviewKind

from ..dashboards import themes as theme_figures
from ..dashboards import timeliness as timeliness_figures
from ..dashboards.cache import cached_figures
from ..dashboards.tables import BAR_HEIGHT, chart_bars, export_response

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
# The register's year: the year notified, or entered in the register while not notified yet.
FIRST_YEAR_HINT = "The year notified, or entered in the register if not notified yet. For example, 2022."
LAST_YEAR_HINT = "For example, 2024."


def _kind_field():
    return forms.ChoiceField(
        label="Kind of review",
        choices=[("", "Any kind"), *ReviewKind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of review from the list"},
    )


def _year_field(label: str, hint: str):
    return forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": f"Enter the {label.lower()} as 4 digits, like 2024",
            "min_value": f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}",
            "max_value": f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}",
        },
    )


class TimelinessFilterForm(GovukForm):
    kind = _kind_field()


class ThemesFilterForm(GovukForm):
    year_from = _year_field("First year", FIRST_YEAR_HINT)
    year_to = _year_field("Last year", LAST_YEAR_HINT)
    kind = _kind_field()

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from is not None and year_to is not None and year_to < year_from:
            self.add_error("year_to", "The last year must be the same as or after the first year")
        return cleaned

    def period(self) -> theme_figures.Period:
        return theme_figures.Period(
            year_from=self.cleaned_data["year_from"],
            year_to=self.cleaned_data["year_to"],
            kind=self.cleaned_data["kind"],
        )


def _download_base(request) -> str:
    """The page's URL with its filters, ready for `format=...` to be added."""
    query = request.GET.copy()
    for name in ("format", "table"):
        query.pop(name, None)
    return f"{request.path}?{query.urlencode()}&" if query else f"{request.path}?"


def _export(request, tables, *, title: str, filename_stem: str, reviews):
    """The download asked for, logged against each partnership whose reviews it counts; else None."""
    response = export_response(request, tables, title=title, filename_stem=filename_stem)
    if response is not None:
        # A dashboard counts a whole register, not one review: the partnership is the record exported.
        # Someone who sees no reviews exports nothing about anyone, so nothing is logged.
        for partnership in Partnership.objects.filter(pk__in=reviews.values("partnership_id")):
            access_record(user=request.user, event=AccessEvent.EXPORTED, obj=partnership)
    return response


@require_safe
@login_required
@never_cache
def timeliness_dashboard(request):
    form = TimelinessFilterForm(request.GET)
    context = {"form": form, "download_base": _download_base(request)}
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        table = timeliness_figures.timeliness_table(request.user, kind=kind)
        response = _export(
            request,
            [table],
            title="Timeliness of statutory deadlines",
            filename_stem="timeliness",
            reviews=timeliness_figures.reviews_counted(request.user, kind=kind),
        )
        if response is not None:
            return response
        bars = timeliness_figures.share_bars(table)
        context |= {"table": table, "bars": bars, "chart_height": len(bars) * BAR_HEIGHT}
    return render(request, "actions/analysis/timeliness.html", context)


@require_safe
@login_required
@never_cache
def themes_dashboard(request):
    form = ThemesFilterForm(request.GET)
    context = {"form": form, "download_base": _download_base(request)}
    if form.is_valid():
        period = form.period()
        theme_table, national_tables = cached_figures(
            "themes",
            request.user,
            (period,),
            lambda: (
                theme_figures.theme_table(request.user, period),
                theme_figures.national_analysis_tables(request.user, period),
            ),
        )
        response = _export(
            request,
            [theme_table, *national_tables],
            title="Themes and national analysis",
            filename_stem="themes-and-national-analysis",
            reviews=theme_figures.reviews_in(request.user, period),
        )
        if response is not None:
            return response
        theme_bars = chart_bars(theme_table)
        context |= {
            "theme_table": theme_table,
            "theme_bars": theme_bars,
            "theme_chart_height": len(theme_bars) * BAR_HEIGHT,
            "national_tables": national_tables,
        }
    return render(request, "actions/analysis/themes.html", context)


urlpatterns = [
    path("dashboard/timeliness/", timeliness_dashboard, name="timeliness"),
    path("dashboard/themes/", themes_dashboard, name="themes"),
]
