"""Exporting action plans as spreadsheets, and importing a plan from one.

Anyone who reads a plan may export it (agency staff, panel staff, board members, scrutineers); every
export is logged. Agency leads import into their own agency's plans, panel staff into any agency's of
the partnership. An import belongs to the person who uploaded it: everyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agencies.models import AccessEvent, Agency
from agencies.services import access_record
from reviews.models import Recommendation
from reviews.selectors import review_for_reading

from .. import exports, imports
from ..forms.spreadsheets import ImportUploadForm
from ..models import ActionImport, ActionPlan, ImportState
from ..permissions import agencies_writable_by
from ..selectors import plan_for_reading
from ..spreadsheets.columns import REQUIRED_COLUMNS, Column
from ..spreadsheets.writing import write_csv, write_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PREVIEW_ROWS = 200
ERRORS_SHOWN = 500
COLUMN_GUIDANCE = {
    Column.RECOMMENDATION: "The number of the recommendation the action responds to, like 3, or 1, 2 and 4.",
    Column.ACTION_NUMBER: "The plan's number for the action, like 2.1. Leave blank to number it for you.",
    Column.ACTION: "What will be done.",
    Column.LEAD_AGENCY: "The agency whose plan the action joins. Blank means the agency you choose below.",
    Column.LEAD_OFFICER: "The name, username or email of someone in that agency who uses this system.",
    Column.TARGET_DATE: "When it will be done, day first, like 31/03/2027. A month alone means its last day.",
    Column.STATUS: "Not started, In progress, Complete, Not achieved or Superseded. Blank means Not started.",
    Column.RAG: "Red, Amber, Green or Blue (complete). Leave blank to have it worked out from the dates.",
    Column.PROGRESS: "The latest progress, saved as a progress update dated today.",
    Column.EVIDENCE: "A link to evidence. A completed action needs one.",
}


# --- Export --------------------------------------------------------------------------------------------


def _spreadsheet_response(request, rows, *, title: str, subtitle_lines: list[str], filename: str):
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    body = write_xlsx(rows, title=title, subtitle_lines=subtitle_lines) if fmt == "xlsx" else write_csv(rows)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


def _subtitle(today, count: int) -> list[str]:
    plural = "" if count == 1 else "s"
    return [f"Exported on {today:%d/%m/%Y}", f"{count:,} action{plural}", "Handle and store securely."]


@require_safe
@login_required
@never_cache
def plan_export(request, pk: int):
    plan = plan_for_reading(request.user, pk)
    today = timezone.localdate()
    rows = exports.plan_export_rows(request.user, plan, today)
    filename = exports.plan_export_filename(plan, today, "x").removesuffix(".x")
    response = _spreadsheet_response(
        request,
        rows,
        title=f"{plan.review.reference} action plan: {plan.agency.name}",
        subtitle_lines=_subtitle(today, len(rows)),
        filename=filename,
    )
    access_record(user=request.user, event=AccessEvent.EXPORTED, obj=plan)
    return response


@require_safe
@login_required
@never_cache
def agency_actions_export(request, pk: int):
    agency = exports.agency_for_export(request.user, pk)
    today = timezone.localdate()
    rows = exports.agency_export_rows(request.user, agency, today)
    filename = exports.agency_export_filename(agency, today, "x").removesuffix(".x")
    response = _spreadsheet_response(
        request,
        rows,
        title=f"Actions of {agency.name}",
        subtitle_lines=_subtitle(today, len(rows)),
        filename=filename,
    )
    access_record(user=request.user, event=AccessEvent.EXPORTED, obj=agency)
    return response


# --- Import: upload ------------------------------------------------------------------------------------


def _review_for_importing(user, pk: int):
    review = review_for_reading(user, pk)
    agencies = list(agencies_writable_by(user, review).order_by("name"))
    if not agencies:
        raise PermissionDenied("Only panel staff and agency leads may import action plans.")
    return review, agencies


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_import_start(request, pk: int):
    review, agencies = _review_for_importing(request.user, pk)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            try:
                action_import = imports.import_start(review=review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect("action_import", action_import.pk)
    else:
        form = ImportUploadForm(agencies=agencies)
    guidance = [
        {"label": column.label, "text": COLUMN_GUIDANCE[column], "required": column in REQUIRED_COLUMNS}
        for column in Column
    ]
    return render(
        request,
        "actions/spreadsheets/import_start.html",
        {"review": review, "form": form, "guidance": guidance, "agencies": agencies},
    )


@require_safe
@login_required
@never_cache
def action_import_template(request, pk: int):
    review, _ = _review_for_importing(request.user, pk)
    body = write_xlsx(
        [],
        title=f"Action plan for {review.reference}",
        subtitle_lines=[
            "One row per action, under the header row.",
            "Recommendation no., Action and Target date are needed.",
            "Columns to the right of Evidence are for exports and are not imported.",
        ],
    )
    response = HttpResponse(body, content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="action-plan-template.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


# --- Import: the import's own pages --------------------------------------------------------------------


def _own_import(user, pk: int) -> ActionImport:
    return get_object_or_404(
        ActionImport.objects.visible_to(user).select_related("review", "agency"), pk=pk, uploaded_by=user
    )


def _plan_url(plan: ActionPlan) -> str:
    return reverse("plan_detail", args=[plan.pk])


def _preview(action_import: ActionImport) -> list[dict]:
    rows = action_import.planned[:PREVIEW_ROWS]
    agency_ids = {row["agency_id"] for row in rows}
    user_ids = {row["owner_id"] for row in rows if row["owner_id"]}
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    numbers = dict(Recommendation.objects.filter(review=action_import.review).values_list("pk", "number"))
    people = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in=user_ids)
    }
    preview = []
    for row in rows:
        planned = imports.planned_from_json(row)
        preview.append(
            {
                "row": planned.row_number,
                "recommendations": ", ".join(str(numbers.get(pk, "?")) for pk in planned.recommendation_ids),
                "number": planned.number,
                "description": planned.description,
                "agency": agencies.get(planned.agency_id, ""),
                "owner": people.get(planned.owner_id, ""),
                "target_date": planned.target_date,
                "status": planned.status.label,
            }
        )
    return preview


def _progress_text(action_import: ActionImport) -> str:
    if action_import.state == ImportState.IMPORTING:
        return f"Importing {len(action_import.planned):,} actions"
    if action_import.total_rows is None:
        return "Reading the file"
    return f"Checked {action_import.rows_done:,} of {action_import.total_rows:,} rows"


@require_safe
@login_required
@never_cache
def action_import(request, pk: int):
    action_import = _own_import(request.user, pk)
    context = {
        "action_import": action_import,
        "review": action_import.review,
        "states": ImportState,
        "progress_text": _progress_text(action_import),
    }
    if action_import.state == ImportState.CHECKED and action_import.errors:
        context["errors"] = action_import.errors[:ERRORS_SHOWN]
        context["error_count"] = len(action_import.errors)
    elif action_import.state == ImportState.CHECKED:
        context["preview"] = _preview(action_import)
        context["planned_count"] = len(action_import.planned)
    elif action_import.state == ImportState.IMPORTED:
        agency_ids = {row["agency_id"] for row in action_import.planned}
        plans = ActionPlan.objects.filter(
            review=action_import.review, agency_id__in=agency_ids
        ).select_related("agency")
        context["plans"] = [{"plan": plan, "url": _plan_url(plan)} for plan in plans]
    return render(request, "actions/spreadsheets/import_detail.html", context)


@require_safe
@login_required
@never_cache
def action_import_progress(request, pk: int):
    action_import = _own_import(request.user, pk)
    return JsonResponse(
        {
            "state": action_import.state,
            "rows_done": action_import.rows_done,
            "total_rows": action_import.total_rows,
            "text": _progress_text(action_import),
        }
    )


@require_POST
@login_required
@never_cache
def action_import_confirm(request, pk: int):
    action_import = _own_import(request.user, pk)
    if action_import.state in (ImportState.IMPORTING, ImportState.IMPORTED):
        return redirect("action_import", action_import.pk)  # a second click of the button
    if not action_import.is_clean:
        raise Http404("Only a checked file without errors can be imported.")
    try:
        imports.import_confirm(action_import=action_import, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("action_import", action_import.pk)


@require_POST
@login_required
@never_cache
def action_import_cancel(request, pk: int):
    action_import = _own_import(request.user, pk)
    try:
        imports.import_cancel(action_import=action_import, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("action_import", action_import.pk)
    messages.success(request, "Import cancelled: nothing was saved")
    return redirect("review_detail", action_import.review_id)


urlpatterns = [
    path("plans/<int:pk>/export/", plan_export, name="plan_export"),
    path("agencies/<int:pk>/actions/export/", agency_actions_export, name="agency_actions_export"),
    path("reviews/<int:pk>/import/", action_import_start, name="action_import_start"),
    path("reviews/<int:pk>/import/template.xlsx", action_import_template, name="action_import_template"),
    path("imports/<int:pk>/", action_import, name="action_import"),
    path("imports/<int:pk>/progress/", action_import_progress, name="action_import_progress"),
    path("imports/<int:pk>/confirm/", action_import_confirm, name="action_import_confirm"),
    path("imports/<int:pk>/cancel/", action_import_cancel, name="action_import_cancel"),
]
