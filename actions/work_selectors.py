"""Reads for "Your agency's work": a person's actions, their agency's plans and the recommendations
addressed to their agency. Each starts from a "visible to this user" QuerySet, and each is one query
(two with its prefetch) however many rows it returns."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from agencies.models import PANEL_ROLES, READER_ROLES, Agency, Membership
from reviews.models import Recommendation

from .choices import DONE_STATUSES, OPEN, Status
from .models import Action, ActionPlan

# "Due in the next 30 days" on the work page.
SOON_DAYS = 30
PARTNERSHIP_WIDE_ROLES = (*PANEL_ROLES, *READER_ROLES)


def my_agency_ids(user) -> list[int]:
    return list(
        Membership.objects.filter(user=user, agency__isnull=False)
        .values_list("agency_id", flat=True)
        .distinct()
    )


def my_partnership_ids(user) -> list[int]:
    """Partnerships where the user holds a partnership-wide role (panel staff, board, scrutiny)."""
    return list(
        Membership.objects.filter(user=user, role__in=PARTNERSHIP_WIDE_ROLES)
        .values_list("partnership_id", flat=True)
        .distinct()
    )


def _open_due(today: datetime.date, *, before=None, until=None) -> Q:
    due = Q()
    if before is not None:
        due &= Q(due_on__lt=before)
    if until is not None:
        due &= Q(due_on__gte=today, due_on__lte=until)
    return OPEN & due


def work_actions(user, today: datetime.date, *, when: str = "open", statuses=(), partnership_wide=False):
    """The actions a person works on, due first: those they own; for people with a partnership-wide role
    and no agency (`partnership_wide`), every action of their partnership they may see.

    `when` is "soon" (open and due within SOON_DAYS), "overdue" (open and past due), "open" or "all".
    """
    actions = Action.objects.visible_to(user)
    if partnership_wide:
        actions = actions.filter(plan__review__partnership_id__in=my_partnership_ids(user))
    else:
        actions = actions.filter(owner=user)
    actions = actions.with_rag(today).due_first()
    if when == "soon":
        actions = actions.filter(_open_due(today, until=today + datetime.timedelta(days=SOON_DAYS)))
    elif when == "overdue":
        actions = actions.filter(_open_due(today, before=today))
    elif when == "open":
        actions = actions.filter(OPEN)
    if statuses:
        actions = actions.filter(status__in=statuses)
    return actions.select_related("plan__review", "plan__agency").prefetch_related("recommendations")


def work_plans(user, today: datetime.date, *, agency_ids=None, partnership_ids=None):
    """The plans of the person's agencies (or partnerships) in reviews still open, each with its actions
    counted by status and the number overdue. A closed review's plans are history, on its own page: a
    work list of ten years of plans would bury the current ones."""
    plans = ActionPlan.objects.visible_to(user).filter(review__closed_on__isnull=True)
    scope = Q(agency_id__in=agency_ids or []) | Q(review__partnership_id__in=partnership_ids or [])
    overdue = Q(actions__revised_target_date__lt=today) | Q(
        actions__revised_target_date__isnull=True, actions__target_date__lt=today
    )
    counts = {
        f"count_{status.value}": Count("actions", filter=Q(actions__status=status), distinct=True)
        for status in Status
    }
    return (
        plans.filter(scope)
        .select_related("review", "agency")
        .annotate(
            action_count=Count("actions", distinct=True),
            overdue_count=Count(
                "actions", filter=overdue & ~Q(actions__status__in=DONE_STATUSES), distinct=True
            ),
            **counts,
        )
        .order_by("review__reference", "agency__name")
    )


def status_counts(plan) -> list[tuple[str, str, int]]:
    """(status, label, count) for each status a plan has actions in, from work_plans' annotations."""
    rows = []
    for status in Status:
        count = getattr(plan, f"count_{status.value}", 0)
        if count:
            rows.append((status.value, status.label, count))
    return rows


def recommendations_to_my_agencies(user, agency_ids):
    """Recommendations addressed to the person's agencies in reviews still open, each saying whether one
    of those agencies has an action answering it (`has_action`)."""
    answered = Action.objects.filter(recommendations=OuterRef("pk"), plan__agency_id__in=agency_ids)
    return (
        Recommendation.objects.visible_to(user)
        .filter(review__closed_on__isnull=True)
        .filter(pk__in=Recommendation.objects.filter(agencies__in=agency_ids).values("pk"))
        .select_related("review")
        .annotate(has_action=Exists(answered))
        .prefetch_related("agencies")
        .order_by("review__reference", "number")
    )


def agencies_named(agency_ids) -> list:
    return list(Agency.objects.filter(pk__in=agency_ids).order_by("name"))
