"""Reads for exporting action plans as spreadsheets: one query for the actions, prefetches for the rest.

Every export starts from Action.objects.visible_to(user), so nobody exports an action they could not
open. The rows are laid out by actions.spreadsheets.writing, which also neutralises formulas.
"""

import datetime

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from agencies.models import Agency, Membership
from agencies.permissions import PANEL_ROLES, READER_ROLES

from .choices import Rag
from .models import Action, ActionPlan, Evidence, ProgressUpdate
from .spreadsheets.writing import ExportRow


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _evidence_text(action: Action) -> str:
    # A link exports as the link itself, so a re-imported sheet keeps it; a file by its title.
    parts = [item.link or f"{item.title} (file)" for item in action.evidence.all()]
    return "\n".join(parts)


def _export_queryset(user, today: datetime.date):
    return (
        Action.objects.visible_to(user)
        .with_rag(today)
        .select_related("plan__review", "plan__agency", "owner", "accountable_officer", "verified_by")
        .prefetch_related(
            "recommendations",
            Prefetch(
                "progress_updates", queryset=ProgressUpdate.objects.order_by("-written_on", "-created_at")
            ),
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")),
        )
        .order_by("plan__review__reference", "plan__agency__name", "number")
    )


def _row(action: Action) -> ExportRow:
    latest = next(iter(action.progress_updates.all()), None)
    numbers = sorted(recommendation.number for recommendation in action.recommendations.all())
    return ExportRow(
        recommendation_numbers=", ".join(str(number) for number in numbers),
        number=action.number,
        description=action.description,
        lead_agency=action.plan.agency.name,
        lead_officer=_person(action.owner),
        accountable_officer=_person(action.accountable_officer),
        target_date=action.target_date,
        revised_target_date=action.revised_target_date,
        revision_reason=action.revision_reason,
        status_label=action.get_status_display(),
        rag_label=Rag(action.rag).label if action.rag else "",
        latest_progress_on=latest.written_on if latest else None,
        latest_progress=latest.narrative if latest else "",
        evidence=_evidence_text(action),
        verified_by=_person(action.verified_by),
        verified_on=_local_date(action.verified_at),
    )


def plan_export_rows(user, plan: ActionPlan, today: datetime.date) -> list[ExportRow]:
    return [_row(action) for action in _export_queryset(user, today).filter(plan=plan)]


def agency_export_rows(user, agency: Agency, today: datetime.date) -> list[ExportRow]:
    """Every action of the agency, in every review, that the user can see."""
    return [_row(action) for action in _export_queryset(user, today).filter(plan__agency=agency)]


def agency_for_export(user, pk: int) -> Agency:
    """The agency, or 404 unless the user works for it or is panel staff or a reader of its partnership."""
    agencies = Agency.objects.select_related("partnership")
    if not (user.is_authenticated and user.is_active):
        agencies = agencies.none()
    elif not user.is_superuser:
        agencies = agencies.filter(
            Q(pk__in=Membership.objects.filter(user=user).values("agency_id"))
            | Q(
                partnership_id__in=Membership.objects.filter(
                    user=user, role__in=(*PANEL_ROLES, *READER_ROLES)
                ).values("partnership_id")
            )
        )
    return get_object_or_404(agencies, pk=pk)


def _name_part(text: str) -> str:
    return slugify(text).upper() or "AGENCY"


def plan_export_filename(plan: ActionPlan, today: datetime.date, extension: str) -> str:
    """'REF-A-CSC-action-plan-2026-11-23.xlsx': references and the agency's short name only."""
    agency = plan.agency.short_name or plan.agency.name
    return (
        f"{_name_part(plan.review.reference)}-{_name_part(agency)}-action-plan-{today:%Y-%m-%d}.{extension}"
    )


def agency_export_filename(agency: Agency, today: datetime.date, extension: str) -> str:
    return f"{_name_part(agency.short_name or agency.name)}-actions-{today:%Y-%m-%d}.{extension}"
