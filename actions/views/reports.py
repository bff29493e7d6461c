"""The yearly report pack for boards: a page per year, and the same report as a PDF or an XLSX workbook.

Whoever signs in reads the report of what they may see (actions.dashboards.yearly starts from
visible_to); a year outside the range any review could have answers 404. Downloads are recorded in the
access log against the report's partnership, like any export.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from agencies.models import AccessEvent
from agencies.services import access_record

from ..dashboards import yearly
from ..dashboards.tables import export_response


def _log_export(user, report: yearly.YearlyReport) -> None:
    for partnership in yearly.report_partnerships(user, report):
        access_record(user=user, event=AccessEvent.EXPORTED, obj=partnership)


@require_safe
@login_required
@never_cache
def yearly_reports(request):
    return render(request, "actions/reports/years.html", {"years": yearly.report_years(request.user)})


@require_safe
@login_required
@never_cache
def yearly_report(request, year: int):
    if not yearly.year_in_range(year):
        raise Http404("There is no yearly report for this year.")
    report = yearly.yearly_report(request.user, year)
    tables = report.tables()
    filename_stem = f"yearly-report-{year}"
    if request.GET.get("format") == "pdf":
        response = HttpResponse(yearly.yearly_report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename_stem}.pdf"'
        response["Cache-Control"] = "no-store, private"
    else:
        response = export_response(request, tables, title=report.title, filename_stem=filename_stem)
    if response is not None:
        _log_export(request.user, report)
        return response
    return render(
        request,
        "actions/reports/report.html",
        {
            "report": report,
            "summary": tables[0],
            "download_base": reverse("yearly_report", args=[year]) + "?",
        },
    )


urlpatterns = [
    path("reports/", yearly_reports, name="yearly_reports"),
    path("reports/<int:year>/", yearly_report, name="yearly_report"),
]
