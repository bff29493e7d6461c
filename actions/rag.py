"""The RAG rating an action gets from its dates and status, in Python and as SQL.

Red: not achieved, or past its due date (the revised date when there is one) and not done.
Amber: its target date has slipped (revised), or it is due within RAG_AMBER_WITHIN_DAYS and not started.
Green: otherwise, and always once done (completed, verified or superseded).

Both forms below say the same thing; tests check them against each other over every case. An agency
may give another rating with a reason (Action.rag_override): that one wins.
"""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Coalesce, NullIf

from .choices import DONE_STATUSES, Rag, Status

DEFAULT_AMBER_WITHIN_DAYS = 30


def amber_within_days() -> int:
    return getattr(settings, "RAG_AMBER_WITHIN_DAYS", DEFAULT_AMBER_WITHIN_DAYS)


def computed_rag(*, status: str, due_on: datetime.date, revised: bool, today: datetime.date) -> Rag:
    if status in DONE_STATUSES:
        return Rag.GREEN
    if status == Status.NOT_ACHIEVED or due_on < today:
        return Rag.RED
    soon = today + datetime.timedelta(days=amber_within_days())
    if revised or (status == Status.NOT_STARTED and due_on <= soon):
        return Rag.AMBER
    return Rag.GREEN


def computed_rag_expression(today: datetime.date) -> Case:
    soon = today + datetime.timedelta(days=amber_within_days())
    overdue = Q(revised_target_date__lt=today) | Q(revised_target_date__isnull=True, target_date__lt=today)
    return Case(
        When(status__in=DONE_STATUSES, then=Value(Rag.GREEN.value)),
        When(Q(status=Status.NOT_ACHIEVED), then=Value(Rag.RED.value)),
        When(overdue, then=Value(Rag.RED.value)),
        When(revised_target_date__isnull=False, then=Value(Rag.AMBER.value)),
        When(status=Status.NOT_STARTED, target_date__lte=soon, then=Value(Rag.AMBER.value)),
        default=Value(Rag.GREEN.value),
        output_field=CharField(),
    )


def effective_rag_expression(today: datetime.date):
    """The override when given, else the computed rating."""
    return Coalesce(
        NullIf("rag_override", Value("")), computed_rag_expression(today), output_field=CharField()
    )


def effective_rag(action, today: datetime.date) -> Rag:
    if action.rag_override:
        return Rag(action.rag_override)
    return computed_rag(
        status=action.status,
        due_on=action.revised_target_date or action.target_date,
        revised=action.revised_target_date is not None,
        today=today,
    )
