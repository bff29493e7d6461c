"""The progress dashboard and the records behind each of its figures.

Everyone signed in has both pages; each person's figures count only the actions they may see, so
someone with no role sees empty tables.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import AccessEvent, Agency, Membership, Partnership
from agencies.services import access_record
from reviews.models import Review

from ..dashboards import progress
from ..dashboards.cache import cached_figures
from ..dashboards.tables import BAR_HEIGHT, chart_bars, export_response
from ..forms.dashboards import DashboardFilterForm, FigureForm, described
from ..models import ActionPlan
from .work import due_words

ACTIONS_PER_PAGE = 50
TITLE = "Progress of action plans"
# The tables with a chart: {slug: (column charted, the chart's title)}. One column each, where it says
# something at a glance; the table beside it holds every figure.
CHARTS = {
    "status-by-agency": (-1, "Actions per agency"),
    "overdue-by-agency": (1, "Overdue actions per agency"),
    "verified-by-month": (1, "Actions verified per month"),
    "time-to-verified-closure": (2, "Average days to verification, per agency"),
}


def _today():
    """The day the figures are counted on (a function, so tests can choose it)."""
    return timezone.localdate()


def _agencies(user):
    """Agencies with an action plan the person may see: the only ones worth offering as a filter."""
    return Agency.objects.filter(pk__in=ActionPlan.objects.visible_to(user).values("agency_id")).order_by(
        "name"
    )


def _filter_form(request):
    return DashboardFilterForm(request.GET or None, agencies=_agencies(request.user))


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_safe
@login_required
@never_cache
def dashboard(request):
    today = _today()
    form = _filter_form(request)
    filters = form.filters()
    tables = cached_figures(
        "progress",
        request.user,
        (filters, today),
        lambda: progress.progress_tables(request.user, filters, today),
    )
    response = export_response(request, tables, title=TITLE, filename_stem="progress-dashboard")
    if response is not None:
        # Logged against each partnership whose figures the person reads in full.
        partnerships = Partnership.objects.filter(
            pk__in=Membership.objects.filter(user=request.user).values("partnership_id")
        )
        for partnership in partnerships:
            access_record(user=request.user, event=AccessEvent.EXPORTED, obj=partnership)
        return response
    query = _query_without(request, "format", "table", "page")
    sections = []
    for table in tables:
        column, chart_title = CHARTS.get(table.slug, (None, ""))
        bars = None
        if column is not None and table.rows:
            bars = chart_bars(table, value_column=column % len(table.headers))
        sections.append(
            {"table": table, "bars": bars, "chart_title": chart_title, "height": len(bars or []) * BAR_HEIGHT}
        )
    return render(
        request,
        "actions/dashboards/progress.html",
        {
            "form": form,
            "sections": sections,
            "download_base": f"?{query}&" if query else "?",
        },
    )


@require_safe
@login_required
@never_cache
def dashboard_actions(request):
    """The actions behind one figure of the dashboard: the dashboard's filters and the figure's own."""
    today = _today()
    user = request.user
    form = _filter_form(request)
    figure_form = FigureForm(request.GET or None, reviews=Review.objects.visible_to(user))
    # Both forms read the same query string: the dashboard's filters and the figure's own.
    valid = not request.GET or (form.is_valid() & figure_form.is_valid())
    page, description = None, []
    if valid:
        description = described(form, figure_form) if request.GET else []
        figure = figure_form.figure() if request.GET else progress.Figure()
        actions = progress.figure_actions(user, form.filters(), figure, today)
        page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
        for action in page:
            action.due_words = due_words(action, today)
    return render(
        request,
        "actions/dashboards/actions.html",
        {
            "form": form,
            "valid": valid,
            "description": description,
            "page": page,
            "page_query": _query_without(request, "page"),
            "dashboard_query": _query_without(request, "page", *FigureForm.base_fields, *progress.FLAGS),
        },
    )


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/actions/", dashboard_actions, name="dashboard_actions"),
]
